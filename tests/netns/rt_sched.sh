#!/bin/bash
# vrrp_rt_priority / vrrp_rlimit_rttime: floatd runs SCHED_RR at the given
# priority with RLIMIT_RTTIME soft = half, hard = the limit (keepalived's
# split); its notify script (a child) runs with normal scheduling
# (SCHED_RESET_ON_FORK).
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
say "PASS ($UNDER_TEST)"
