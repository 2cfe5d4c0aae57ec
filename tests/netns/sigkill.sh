#!/bin/bash
# SIGKILL: the master daemon dies without a word; lb2 must take over after
# Master_Down_Interval.  The dead daemon's VIP stays on lb1 (nobody is left
# to remove it); a restarted daemon must remove that stale VIP at start-up
# and, with a lower priority, settle as BACKUP, leaving the VIP on lb2 only.
. "$(dirname "$0")/lib.sh"

topo_setup lb1 lb2 cl
mk_conf "$(tmp lb1.conf)" lb1 150
mk_conf "$(tmp lb1-low.conf)" lb1 50
mk_conf "$(tmp lb2.conf)" lb2 100
start_node lb1 "$(tmp lb1.conf)"
start_node lb2 "$(tmp lb2.conf)"
wait_master lb1 10 || fail "lb1 never entered MASTER"
wait_for 5 "VIP on lb1 only" vip_only_on lb1 || assert_vip_only_on lb1
wait_backup lb2 10 || fail "lb2 never entered BACKUP"

t0=$(now)
stop_node lb1 KILL
wait_for 5 "lb1 daemon gone" eval '! node_alive lb1' || fail "lb1 survived SIGKILL"
wait_master lb2 10 "$t0" || fail "lb2 did not take over after lb1 was killed"
t_master=$(log_time lb2 "$MASTER_RE" "$t0")
wait_for 5 "VIP on lb2" vip_on lb2 || fail "VIP not on lb2 after takeover"
say "SIGKILL -> lb2 MASTER: $(ms_between "$t0" "$t_master") ms; stale VIP on lb1: $(vip_on lb1 && echo yes || echo no)"
wait_for 5 "client reaches VIP" reachable "$VIP" || fail "client cannot reach $VIP after takeover"

# Restart lb1 below lb2: it must clean up its stale VIP and stay BACKUP.
t1=$(now)
start_node lb1 "$(tmp lb1-low.conf)"
wait_backup lb1 10 "$t1" || fail "restarted lb1 did not enter BACKUP"
wait_for 5 "stale VIP removed from lb1" eval '! vip_on lb1' ||
	fail "restarted lb1 kept the stale VIP $VIP"
sleep 2
log_has lb1 "$MASTER_RE" "$t1" && fail "restarted lb1 (priority 50) became MASTER"
assert_vip_only_on lb2
node_alive lb1 || fail "restarted lb1 daemon died"
say "PASS ($UNDER_TEST)"
