#!/bin/bash
# Preemption: a returning higher-priority node takes the VIP back by default
# (RFC 5798 Preempt_Mode true); with `nopreempt` on both nodes (both state
# BACKUP) it must stay BACKUP and leave the VIP where it is.
. "$(dirname "$0")/lib.sh"

topo_setup lb1 lb2 cl

# drill PREEMPT(yes|no): lb1 master, lb1 leaves, lb2 takes over, lb1 returns.
drill() {
	local extra="" t0 t1
	[ "$1" = no ] && extra="	nopreempt"
	mk_conf "$(tmp "lb1-$1.conf")" lb1 150 "$extra"
	mk_conf "$(tmp "lb2-$1.conf")" lb2 100 "$extra"
	t0=$(now)
	start_node lb1 "$(tmp "lb1-$1.conf")"
	start_node lb2 "$(tmp "lb2-$1.conf")"
	wait_master lb1 10 "$t0" || fail "[preempt=$1] lb1 never entered MASTER"
	wait_backup lb2 10 "$t0" || fail "[preempt=$1] lb2 never entered BACKUP"
	wait_for 5 "VIP on lb1 only" vip_only_on lb1 || assert_vip_only_on lb1

	t0=$(now)
	stop_node lb1 TERM
	wait_exit lb1 10 || fail "[preempt=$1] lb1 did not exit on SIGTERM"
	wait_master lb2 10 "$t0" || fail "[preempt=$1] lb2 did not take over"
	wait_for 5 "VIP on lb2 only" vip_only_on lb2 || assert_vip_only_on lb2

	t1=$(now)
	start_node lb1 "$(tmp "lb1-$1.conf")"
	if [ "$1" = yes ]; then
		wait_master lb1 10 "$t1" || fail "[preempt=yes] returning lb1 did not preempt"
		wait_backup lb2 10 "$t1" || fail "[preempt=yes] lb2 did not step down to BACKUP"
		wait_for 5 "VIP on lb1 only" vip_only_on lb1 || assert_vip_only_on lb1
		say "preempt=yes: lb1 back to MASTER after $(ms_between "$t1" "$(log_time lb1 "$MASTER_RE" "$t1")") ms"
	else
		wait_backup lb1 10 "$t1" || fail "[preempt=no] returning lb1 did not enter BACKUP"
		# Longer than lb1's Master_Down_Interval (3.41 s): it hears lb2 the whole time.
		sleep 5
		log_has lb1 "$MASTER_RE" "$t1" && fail "[preempt=no] returning lb1 preempted despite nopreempt"
		log_has lb2 "$BACKUP_RE" "$t1" && fail "[preempt=no] lb2 gave up MASTER"
		assert_vip_only_on lb2
		say "preempt=no: lb1 stayed BACKUP, VIP stayed on lb2"
	fi
	stop_node lb1 TERM
	stop_node lb2 TERM
	wait_exit lb1 10 || fail "lb1 did not exit"
	wait_exit lb2 10 || fail "lb2 did not exit"
}

drill yes
drill no
say "PASS ($UNDER_TEST)"
