#!/bin/bash
# vrrp_rt_priority / vrrp_rlimit_rttime: floatd runs SCHED_RR at the given
# priority with RLIMIT_RTTIME soft = half, hard = the limit (keepalived's
# split); its notify script (a child) runs with normal scheduling
# (SCHED_RESET_ON_FORK).
# Then max_auto_priority 2 with min_auto_priority_delay 0.2 s and no
# vrrp_rt_priority: floatd starts with normal scheduling, floatctl status
# reports the setting; a late loop (the process stopped with SIGSTOP for
# 1.5 s, longer than the 1 s advert timer plus the delay) raises it to
# SCHED_RR 1, a second one to 2, a third stays at 2 (the maximum); the
# RLIMIT_RTTIME comes with the first raise.
. "$(dirname "$0")/lib.sh"

topo_setup lb1 cl
rec=$(tmp sched.out)
cat >"$(tmp sched.sh)" <<EOS
#!/bin/sh
chrt -p \$\$ >"$rec" 2>&1
EOS
chmod 755 "$(tmp sched.sh)"
mk_conf "$(tmp lb1.conf)" lb1 150 "$(printf '\tnotify_master %s' "$(tmp sched.sh)")" \
	"$(printf '\tvrrp_rt_priority 10\n\tvrrp_rlimit_rttime 50000')"
"$FLOATD" -t -f "$(tmp lb1.conf)" >"$(tmp conf-t.out)" 2>&1 ||
	die "lb1.conf rejected: $(cat "$(tmp conf-t.out)")"
start_node lb1 "$(tmp lb1.conf)"
wait_master lb1 10 || fail "lb1 never entered MASTER"
pid=${NODE_PID[lb1]}
pol=$(chrt -p "$pid") || fail "chrt -p $pid"
case $pol in *SCHED_RR*) ;; *) fail "floatd policy: $pol" ;; esac
case $pol in *"priority: 10"*) ;; *) fail "floatd priority: $pol" ;; esac
lim=$(awk '/^Max realtime timeout/ { print $4, $5 }' "/proc/$pid/limits") || fail "/proc/$pid/limits"
[ "$(echo $lim)" = "25000 50000" ] || fail "RLIMIT_RTTIME soft/hard: '$lim', expected 25000 50000"
wait_for 5 "notify script ran" test -s "$rec" || fail "notify_master did not run"
grep -q SCHED_OTHER "$rec" || fail "the notify script inherited real-time scheduling: $(cat "$rec")"
say "floatd: $(echo $pol | tr '\n' ' '); RLIMIT_RTTIME $lim; script: $(tr '\n' ' ' <"$rec")"
node_alive lb1 || fail "lb1 died"

# --- max_auto_priority: raised when the loop runs late
stop_node lb1 TERM
wait_exit lb1 10 || fail "lb1 did not stop"
mk_conf "$(tmp auto.conf)" lb1 150 "" \
	"$(printf '\tmax_auto_priority 2\n\tmin_auto_priority_delay 200000\n\tvrrp_rlimit_rttime 50000')"
"$FLOATD" -t -v -f "$(tmp auto.conf)" >"$(tmp auto-t.out)" 2>&1 ||
	die "auto.conf rejected: $(cat "$(tmp auto-t.out)")"
grep -q "max_auto_priority 2" "$(tmp auto-t.out)" || fail "floatd -t -v does not show max_auto_priority"
grep -q "min_auto_priority_delay 200000" "$(tmp auto-t.out)" || fail "floatd -t -v does not show min_auto_priority_delay"
t0=$(now)
start_node lb1 "$(tmp auto.conf)"
wait_master lb1 10 "$t0" || fail "lb1 (auto) never entered MASTER"
pid=${NODE_PID[lb1]}
pol=$(chrt -p "$pid") || fail "chrt -p $pid"
case $pol in *SCHED_OTHER*) ;; *) fail "max_auto_priority alone must start with normal scheduling: $pol" ;; esac
st=$(ctl lb1 status) || fail "floatctl status"
grep -q "^scheduling: SCHED_OTHER; max_auto_priority 2 (late by more than 200000 us: 0 time" <<<"$st" ||
	fail "floatctl status does not report max_auto_priority: $(grep -i sched <<<"$st")"
# late_loop N: stop floatd 1.5 s (its 1 s advert timer falls due meanwhile)
late_loop() {
	kill -STOP "$pid" || die "SIGSTOP"
	sleep 1.5   # the stop itself is the test's input: the loop must wake late
	kill -CONT "$pid" || die "SIGCONT"
}
rr_at() { chrt -p "$pid" 2>/dev/null | grep -q "policy: SCHED_RR" && chrt -p "$pid" | grep -q "priority: $1\$"; }
late_loop
wait_for 5 "SCHED_RR 1 after a late loop" rr_at 1 || fail "not SCHED_RR 1 after a late loop: $(chrt -p "$pid")"
lim=$(awk '/^Max realtime timeout/ { print $4, $5 }' "/proc/$pid/limits")
[ "$(echo $lim)" = "25000 50000" ] || fail "RLIMIT_RTTIME with the raise: '$lim', expected 25000 50000"
late_loop
wait_for 5 "SCHED_RR 2 after a second late loop" rr_at 2 || fail "not SCHED_RR 2 after a second late loop: $(chrt -p "$pid")"
late_loop
wait_for 5 "third late loop seen" log_has lb1 "already at max_auto_priority 2" "$t0" ||
	fail "the third late loop was not reported"
rr_at 2 || fail "went past max_auto_priority 2: $(chrt -p "$pid")"
st=$(ctl lb1 status) || fail "floatctl status"
line=$(grep "^scheduling:" <<<"$st")
case $line in *"SCHED_RR priority 2; max_auto_priority 2"*) ;;
	*) fail "floatctl status after three late loops: $line" ;; esac
# one stop is one late wake-up (or more, if a timer was re-armed late);
# exactly two raises
ctl lb1 --json status | python3 -c '
import json, sys
s = json.load(sys.stdin)["scheduling"]
assert s["auto_raises"] == 2, s
assert s["late_wakeups"] >= 3, s
assert s["worst_late_us"] >= 200000, s
' || fail "floatctl status --json scheduling: $(ctl lb1 --json status | python3 -c 'import json,sys; print(json.load(sys.stdin)["scheduling"])')"
say "max_auto_priority: $line"
wait_master lb1 10 "$t0" || fail "lb1 not MASTER after the stops"
node_alive lb1 || fail "lb1 died"
say "PASS ($UNDER_TEST)"
