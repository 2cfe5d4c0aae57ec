#!/bin/bash
# FAULT: the master's own interface goes down -> it logs
# "Entering FAULT STATE", drops the VIP and lb2 takes over; the interface
# comes back -> lb1 enters BACKUP, then (preempt, the default) MASTER again
# because it has the higher priority.  A second run with `nopreempt` on lb1:
# after the interface returns lb1 stays BACKUP and lb2 keeps the VIP.
. "$(dirname "$0")/lib.sh"

FAULT_RE='\(VI_1\) Entering FAULT STATE'

topo_setup lb1 lb2 cl

# run_case NOPREEMPT(0|1)
run_case() {
	local np=$1 extra="" t0 t_fault t_master t_up t_bk
	[ "$np" = 1 ] && extra=$'\tnopreempt'
	mk_conf "$(tmp lb1.conf)" lb1 150 "$extra"
	mk_conf "$(tmp lb2.conf)" lb2 100
	start_node lb1 "$(tmp lb1.conf)"
	start_node lb2 "$(tmp lb2.conf)"
	t0=$(now)
	wait_master lb1 10 "$t0" || fail "lb1 never entered MASTER"
	wait_backup lb2 10 "$t0" || fail "lb2 never entered BACKUP"
	wait_for 5 "VIP on lb1 only" vip_only_on lb1 || assert_vip_only_on lb1

	t0=$(now)
	link_down lb1
	wait_for 5 "lb1 FAULT" _state_seen lb1 "$FAULT_RE" "$t0" || fail "lb1 did not enter FAULT"
	t_fault=$(log_time lb1 "$FAULT_RE" "$t0")
	wait_master lb2 10 "$t0" || fail "lb2 did not take over from the faulted lb1"
	t_master=$(log_time lb2 "$MASTER_RE" "$t0")
	wait_for 5 "VIP on lb2 only" vip_only_on lb2 || assert_vip_only_on lb2
	log_has lb1 "$MASTER_RE" "$t_fault" && fail "lb1 entered MASTER while its link was down"
	say "nopreempt=$np: link down -> lb1 FAULT $(ms_between "$t0" "$t_fault") ms, lb2 MASTER $(ms_between "$t0" "$t_master") ms"

	t_up=$(now)
	link_up lb1
	wait_backup lb1 5 "$t_up" || fail "lb1 did not leave FAULT for BACKUP"
	t_bk=$(log_time lb1 "$BACKUP_RE" "$t_up")
	if [ "$np" = 0 ]; then
		wait_master lb1 10 "$t_up" || fail "lb1 (preempt) did not become MASTER again"
		t_master=$(log_time lb1 "$MASTER_RE" "$t_up")
		wait_backup lb2 5 "$t_up" || fail "lb2 did not yield to lb1"
		wait_for 5 "VIP on lb1 only" vip_only_on lb1 || assert_vip_only_on lb1
		say "nopreempt=0: link up -> lb1 BACKUP $(ms_between "$t_up" "$t_bk") ms, MASTER $(ms_between "$t_up" "$t_master") ms"
	else
		# a preempting lb1 would be MASTER after Master_Down_Interval
		# (3.4 s); wait well beyond it
		sleep 6
		log_has lb1 "$MASTER_RE" "$t_up" && fail "lb1 (nopreempt) took the VIP back"
		log_has lb2 "$BACKUP_RE" "$t_up" && fail "lb2 left MASTER although lb1 has nopreempt"
		assert_vip_only_on lb2
		say "nopreempt=1: link up -> lb1 BACKUP $(ms_between "$t_up" "$t_bk") ms and stays BACKUP"
	fi
	node_alive lb1 || fail "lb1 daemon died"
	node_alive lb2 || fail "lb2 daemon died"
	stop_node lb1 TERM
	stop_node lb2 TERM
	wait_exit lb1 10 || fail "lb1 did not exit"
	wait_exit lb2 10 || fail "lb2 did not exit"
}

run_case 0
run_case 1
say "PASS ($UNDER_TEST)"
