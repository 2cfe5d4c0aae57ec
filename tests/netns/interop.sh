#!/bin/bash
# Interop with keepalived on the wire over IPv4, VRRPv2 and VRRPv3: the
# test is tests/netns/interop_family.sh.
FAMILY=4
. "$(dirname "$0")/interop_family.sh"
