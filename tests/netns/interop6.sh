#!/bin/bash
# Interop with keepalived on the wire over IPv6 (VRRPv3, multicast and
# unicast_peer): the test is tests/netns/interop_family.sh.
FAMILY=6
. "$(dirname "$0")/interop_family.sh"
