#!/bin/bash
# The MASTER is frozen (SIGSTOP) then thawed (SIGCONT): 3 × advert_int,
# as the issue asks, then 5 × and 10 × (where lb2 surely takes over), three
# times each.  After each SIGCONT exactly one MASTER holds the VIP (lb1,
# preempt: the thawed node must not yield to the lower priority nor keep a
# split brain).  VRRPv3, advert_int 0.2 s.
. "$(dirname "$0")/lib.sh"

ADV_MS=200
faults_start 0.2
runs=0 taken=0
for mult in 3 5 10 3 5 10 3 5 10; do
	t0=$(now)
	stop_node lb1 STOP
	ms_sleep $((mult * ADV_MS))
	stop_node lb1 CONT
	log_has lb2 "$MASTER_RE" "$t0" && taken=$((taken + 1))
	HOLD_S=0.6 settled 5 "SIGCONT after $mult x advert_int"
	[ "$(masters)" = lb1 ] || fail "after SIGCONT ($mult x): MASTER is $(masters), expected lb1"
	runs=$((runs + 1))
done
say "SIGSTOP/SIGCONT: $runs runs, lb2 took over during $taken of them"
[ "$taken" -ge 1 ] || fail "lb2 never took over from a frozen master"
faults_finish sigstop "$runs"
