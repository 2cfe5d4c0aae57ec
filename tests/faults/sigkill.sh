#!/bin/bash
# SIGKILL of the MASTER and restart, 20 times.  lb2 takes over after
# Master_Down_Interval; the killed lb1 leaves its VIP on eth0; the
# restarted lb1 (priority 150, preempt) must remove it or take it over,
# and once it has settled exactly one host holds the VIP (never two).
# VRRPv3, advert_int 0.1 s.
. "$(dirname "$0")/lib.sh"

RUNS=${FAULTS_RUNS:-20}
faults_start 0.1
max_settle=0
for i in $(seq "$RUNS"); do
	t0=$(now)
	stop_node lb1 KILL
	wait_exit lb1 5 || fail "lb1 survived SIGKILL ($i)"
	[ "$exit_rc" = 137 ] || fail "lb1 exit status $exit_rc after SIGKILL, expected 137"
	wait_master lb2 5 "$t0" || fail "lb2 did not take over after SIGKILL $i"
	ms_sleep "$(rand_ms 0 300)"
	t1=$(now)
	start_node lb1 "$(tmp lb1.conf)"
	wait_master lb1 5 "$t1" || fail "restarted lb1 never became MASTER ($i)"
	HOLD_S=0.3 settled 5 "restart $i"
	[ "$(masters)" = lb1 ] || fail "restart $i: MASTER is $(masters), expected lb1"
	ms=$(ms_between "$t1" "$(now)")
	[ "$ms" -gt "$max_settle" ] && max_settle=$ms
done
say "SIGKILL + restart: $RUNS runs, slowest restart to one holder (incl. 0.3 s hold): $max_settle ms, seed $FAULTS_SEED"
faults_finish sigkill "$RUNS"
