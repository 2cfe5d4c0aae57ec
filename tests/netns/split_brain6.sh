#!/bin/bash
# test-lock: quiet (asserts the dual master resolved within an advert interval + 300 ms)
# Split brain over IPv6 (track_reference by Neighbor Solicitation): real ND
# probes, a MASTER cut from everything goes to FAULT, a node started cut off
# waits and is never MASTER.  The test is tests/netns/split_brain_family.sh.
FAMILY=6
. "$(dirname "$0")/split_brain_family.sh"
