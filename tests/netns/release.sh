#!/bin/bash
# test-lock: quiet (asserts a client gap under 1 s)
# Planned switchover with floatctl release / resume (make-before-break):
#   1. lb1 (150) MASTER, lb2 (100) BACKUP; a client pings the VIP every 2 ms.
#   2. floatctl release VI_1 on lb1: lb2 takes over, lb1 stays BACKUP with
#      its priority held at 1 (status: released) and does not preempt back;
#      the VIP is on lb2 only.
#   3. floatctl resume VI_1: lb1 preempts and is MASTER again.
#   The client's longest gap over the whole drill is reported and must stay
#   under one advert interval (1 s); history on lb1 names floatctl.
#   4. floatctl maintenance on: lb1 hands over, and after a restart of lb1
#      it comes back released (the flag file survives) and never preempts;
#      maintenance off: lb1 is MASTER again.
#   5. With no other router (lb2 stopped), a release finds no taker: lb1
#      stays MASTER and its VIP never leaves (no RTM_DELADDR seen).
#   Errors: an unknown instance exits 1; neither a name nor --all exits 1.
. "$(dirname "$0")/lib.sh"
[ "$UNDER_TEST" = floatd ] || skip "floatd-only feature"
[ -x "$PYTHON3" ] || skip "python3 not installed ($PYTHON3)"
GAP_MAX_MS=1000

topo_setup lb1 lb2 cl
mk_conf "$(tmp lb1.conf)" lb1 150
mk_conf "$(tmp lb2.conf)" lb2 100
start_node lb1 "$(tmp lb1.conf)"
start_node lb2 "$(tmp lb2.conf)"
wait_master lb1 10 || fail "lb1 never entered MASTER"
wait_backup lb2 10 || fail "lb2 never entered BACKUP"

# status field NAME: one field of VI_1 from floatctl --json status
field() {
	ctl "$1" --json status VI_1 2>/dev/null |
		/usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["instances"][0][sys.argv[1]])' "$2" 2>/dev/null
}
state_is() { [ "$(field "$1" state)" = "$2" ]; }

rc=0; err=$(ctl lb1 release NO_SUCH 2>&1) || rc=$?
[ $rc = 1 ] || fail "release of an unknown instance: exit $rc: $err"
rc=0; err=$(ctl lb1 release 2>&1) || rc=$?
[ $rc = 1 ] || fail "release without a name: exit $rc: $err"

probe_start 40 2
wait_for 5 "client reaches the VIP" reachable "$VIP" || fail "VIP unreachable before the drill"
sleep 1
t0=$(now)
out=$(ctl lb1 release VI_1) || fail "floatctl release failed: $out"
[ "$out" = "1 instance(s) changed" ] || fail "release answer: $out"
wait_for 10 "lb2 MASTER" state_is lb2 MASTER || fail "lb2 did not take over"
t_taken=$(now)
wait_for 5 "lb1 BACKUP" state_is lb1 BACKUP || fail "lb1 not BACKUP after release"
say "released: lb2 MASTER after $(ms_between "$t0" "$t_taken") ms"
[ "$(field lb1 effective_priority)" = 1 ] || fail "lb1 priority $(field lb1 effective_priority), want 1"
[ "$(field lb1 released)" = True ] || fail "lb1 status does not say released"
wait_for 3 "VIP only on lb2" vip_only_on lb2 || fail "VIP held by '$(vip_holders)' after release"
# released means it stays BACKUP: no preemption for longer than Master_Down
sleep 5
state_is lb1 BACKUP || fail "released lb1 left BACKUP: $(field lb1 state)"
state_is lb2 MASTER || fail "lb2 lost MASTER while lb1 was released"
hist=$(ctl lb1 history -n 3)
printf '%s\n' "$hist" | grep -q 'MASTER -> LEAVING: released by floatctl' || fail "history: $hist"
printf '%s\n' "$hist" | grep -q 'LEAVING -> BACKUP: released: new master heard' || fail "history: $hist"

t1=$(now)
out=$(ctl lb1 resume VI_1) || fail "floatctl resume failed: $out"
wait_for 10 "lb1 MASTER again" state_is lb1 MASTER || fail "lb1 did not preempt after resume"
say "resumed: lb1 MASTER after $(ms_between "$t1" "$(now)") ms"
[ "$(field lb1 effective_priority)" = 150 ] || fail "lb1 priority after resume: $(field lb1 effective_priority)"
wait_for 3 "VIP only on lb1" vip_only_on lb1 || fail "VIP held by '$(vip_holders)' after resume"
sleep 1
probe_stop
say "client: sent $probe_sent, received $probe_received, longest gap $probe_longest_gap_ms ms at +$probe_gap_start_ms ms (first reply +$probe_first_reply_ms ms; release at +$(ms_between "$probe_start_epoch" "$t0") ms, resume at +$(ms_between "$probe_start_epoch" "$t1") ms) (limit $GAP_MAX_MS ms)"
[ "$probe_longest_gap_ms" -lt "$GAP_MAX_MS" ] || fail "client gap $probe_longest_gap_ms ms"

# --- maintenance mode survives a restart
out=$(ctl lb1 maintenance on) || fail "maintenance on: $out"
wait_for 10 "lb2 MASTER" state_is lb2 MASTER || fail "lb2 did not take over for maintenance"
[ -f "$(tmp lb1-state)/maintenance" ] || fail "no maintenance flag file"
stop_node lb1 TERM
wait_exit lb1 10 || fail "lb1 did not stop"
start_node lb1 "$(tmp lb1.conf)"
wait_for 10 "lb1 BACKUP after restart" state_is lb1 BACKUP || fail "lb1 not BACKUP after restart"
ctl lb1 status | grep -q '^maintenance mode: on' || fail "status does not show maintenance: $(ctl lb1 status)"
[ "$(field lb1 effective_priority)" = 1 ] || fail "restarted lb1 priority $(field lb1 effective_priority), want 1"
sleep 5
state_is lb1 BACKUP || fail "lb1 preempted while in maintenance"
state_is lb2 MASTER || fail "lb2 lost MASTER during maintenance"
vip_only_on lb2 || fail "VIP held by '$(vip_holders)' during maintenance"
ctl lb1 maintenance off >/dev/null || fail "maintenance off failed"
[ -e "$(tmp lb1-state)/maintenance" ] && fail "maintenance flag file left after off"
wait_for 10 "lb1 MASTER after maintenance" state_is lb1 MASTER || fail "lb1 did not preempt after maintenance off"
say "maintenance on survived a restart of lb1 (released, priority 1, no preemption); off: lb1 MASTER again"

# --- no taker: the VIP stays
stop_node lb2 TERM
wait_exit lb2 10 || fail "lb2 did not stop"
ip -n "$(ns lb1)" monitor address >"$(tmp mon.txt)" 2>&1 &
MON_PID=$!
_PIDS+=("$MON_PID")
sleep 0.3
t2=$(now)
ctl lb1 release VI_1 >/dev/null || fail "release (no taker) failed"
wait_for 8 "back to MASTER" eval 'ctl lb1 history -n 1 | grep -q "LEAVING -> MASTER: release: no other router took over"' ||
	fail "release without a taker: $(ctl lb1 history -n 3)"
say "no taker: MASTER again after $(ms_between "$t2" "$(now)") ms"
kill "$MON_PID" 2>/dev/null
grep -q "Deleted.*$VIP" "$(tmp mon.txt)" && fail "the VIP was deleted during a release without a taker"
vip_only_on lb1 || fail "VIP held by '$(vip_holders)'"
say "PASS ($UNDER_TEST)"
