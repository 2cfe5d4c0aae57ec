#!/bin/bash
# test-lock: quiet (asserts the dual master resolved within an advert interval + 300 ms)
# Split brain over IPv4 (track_reference by ARP): a MASTER cut from
# everything goes to FAULT; a VRRP-only cut makes two MASTERs that heal to
# one and win the client back.  The test is tests/netns/split_brain_family.sh.
FAMILY=4
. "$(dirname "$0")/split_brain_family.sh"
