#!/bin/bash
# SIGKILL of the MASTER and restart, 20 times.  lb2 takes over after
# Master_Down_Interval; the killed lb1 leaves its VIP on eth0; the
# restarted lb1 (priority 150, preempt) must remove it or take it over,
# and once it has settled exactly one host holds the VIP (never two).
# With use_vmac the killed master also leaves its macvlan (VMAC) up with
# the VIP: after each restart the VMAC exists on lb1 only (lb2 deleted its
# own when it yielded).  VRRPv3, advert_int 0.1 s.
. "$(dirname "$0")/lib.sh"

RUNS=${FAULTS_RUNS:-20}
faults_start 0.1 "$(printf '\tuse_vmac')"
max_settle=0 max_take=0
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
	wait_for 2 "VMAC on lb1 only" eval '[ "$(macvlans lb1)" = vrrp.51 ] && [ -z "$(macvlans lb2)" ]' ||
		fail "restart $i: macvlans on lb1 '$(macvlans lb1)', on lb2 '$(macvlans lb2)'"
	# from the restart to lb2's yield, by the daemons' own log stamps
	t_bk=$(log_time lb2 "$BACKUP_RE" "$t1") || fail "restart $i: lb2 never logged BACKUP"
	ms=$(ms_between "$t1" "$t_bk")
	[ "$ms" -gt "$max_settle" ] && max_settle=$ms
	ms=$(ms_between "$t0" "$(log_time lb2 "$MASTER_RE" "$t0")")
	[ "$ms" -gt "$max_take" ] && max_take=$ms
done
say "SIGKILL + restart: $RUNS runs, slowest takeover by lb2: $max_take ms, slowest restart -> lb2 BACKUP: $max_settle ms, seed $FAULTS_SEED"
faults_finish sigkill "$RUNS"
