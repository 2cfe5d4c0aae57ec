#!/bin/bash
# The MASTER's link flaps 100 times at random intervals: each flap takes
# lb1's eth0 down for 20-400 ms, either administratively (ip link set
# down in lb1) or by carrier loss (its switch port goes down), then waits
# 20-400 ms before the next.  lb1 must go to FAULT and give the VIP up on
# every long enough outage, and in the end one MASTER (lb1, preempt) holds
# the VIP alone.  use_vmac: each MASTER entry creates the macvlan and
# each exit deletes it, so the flaps also churn VMACs (none may be left).
# VRRPv3, advert_int 0.1 s.
. "$(dirname "$0")/lib.sh"

RUNS=${FAULTS_RUNS:-100}
ADV=0.1
faults_start $ADV "$(printf '\tuse_vmac')"
sw=$(ns sw)
admin=0 carrier=0
for i in $(seq "$RUNS"); do
	if [ $((RANDOM % 2)) = 0 ]; then
		link_down lb1
		ms_sleep "$(rand_ms 20 400)"
		link_up lb1
		admin=$((admin + 1))
	else
		ip -n "$sw" link set p-lb1 down || die "switch port down"
		ms_sleep "$(rand_ms 20 400)"
		ip -n "$sw" link set p-lb1 up || die "switch port up"
		carrier=$((carrier + 1))
	fi
	ms_sleep "$(rand_ms 20 400)"
	node_alive lb1 || fail "lb1 died during flap $i"
	node_alive lb2 || fail "lb2 died during flap $i"
done
nfault=$(awk -v s="$FAULTS_T0" '($1 + 0) >= s && /\(VI_1\) Entering FAULT STATE/' "$(node_log lb1)" | wc -l)
say "flaps: $RUNS ($admin admin down, $carrier carrier loss), lb1 FAULT entries: $nfault, seed $FAULTS_SEED"
[ "$nfault" -ge 1 ] || fail "lb1 never entered FAULT over $RUNS flaps"
faults_finish link_flap "$RUNS"
