#!/bin/bash
# test-lock: quiet (the restart must beat the peer's Master_Down_Interval)
# Restart in place with use_vmac: the VMAC vrrp.51 and the VIP on it stay
# between the two daemons, the new one reuses it (tests/netns/restart_in_place.sh).
RIP_VMAC=1
. "$(dirname "$0")/restart_in_place.sh"
