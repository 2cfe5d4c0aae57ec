#!/bin/bash
# The checker child runs the configuration the parent loaded, not the file
# on disk: floatd starts with a virtual_server (in an included file) whose
# only real server is cl:9101; the file is then changed to name cl:9102 and
# cl:9103 instead, and the checker child is SIGKILLed.  The restarted child
# must still connect to 9101 only, as the VRRP side (which never re-reads)
# does.  Connections are counted by the listeners themselves.  A config
# warning is printed once (by the parent), not again by each child.
. "$(dirname "$0")/lib.sh"

command -v socat >/dev/null 2>&1 || skip "socat not installed"

RS=$SUBNET.100
topo_setup lb1 cl

listen() {
	local port=$1
	: >"$(tmp "conn.$port")"
	ip netns exec "$(ns cl)" socat "TCP-LISTEN:$port,bind=$RS,reuseaddr,fork" \
		"SYSTEM:echo c >>$(tmp "conn.$port")" >/dev/null 2>&1 &
	_PIDS+=("$!")
}
conns() { wc -l <"$(tmp "conn.$1")"; }
listening() { ip netns exec "$(ns cl)" ss -Hltn "sport = :$1" | grep -q LISTEN; }
for p in 9101 9102 9103; do listen $p; done
wait_for 5 "listeners" eval 'listening 9101 && listening 9102 && listening 9103' ||
	die "listeners did not start"

vs_conf() {   # vs_conf PORT...: the included virtual_server file
	{
		echo "virtual_server $VIP 80 {"
		echo "	protocol TCP"
		echo "	delay_loop 1"
		echo "	lb_kind NAT surplus"   # a warning: printed once, by the parent
		for p in "$@"; do
			echo "	real_server $RS $p { TCP_CHECK { connect_timeout 1 } }"
		done
		echo "}"
	} >"$(tmp vs.conf)"
}
vs_conf 9101
mk_conf "$(tmp lb1.conf)" lb1 150
echo "include $(tmp vs.conf)" >>"$(tmp lb1.conf)"

start_node lb1 "$(tmp lb1.conf)"
wait_master lb1 10 || fail "lb1 never entered MASTER"
wait_for 5 "checker started" log_has lb1 'checker: started \(pid [0-9]+, 1 real server' ||
	fail "checker did not start with 1 real server"
wait_for 5 "checks of 9101" eval '[ "$(conns 9101)" -ge 2 ]' || fail "no checks reach 9101"

# change the configuration on disk: other real servers, another delay
vs_conf 9102 9103
"$FLOATD" -t -v -f "$(tmp lb1.conf)" 2>&1 | grep -q "real_server $RS:9102" ||
	die "the changed file does not name 9102 (the test could not fail)"

parent=${NODE_PID[lb1]}
old=$(pgrep -P "$parent" -f -- '--checker-child') || fail "no checker child of $parent"
t1=$(now)
kill -KILL "$old"
wait_for 5 "child death logged" log_has lb1 "checker: pid $old killed by signal 9" "$t1" ||
	fail "child SIGKILL not logged"
wait_for 5 "child restarted" log_has lb1 'checker: started \(pid' "$t1" ||
	fail "child not restarted"
new=$(pgrep -P "$parent" -f -- '--checker-child') || fail "no restarted checker child"
[ "$new" != "$old" ] || fail "checker pid did not change"
log_has lb1 "checker: started \\(pid $new, 1 real server" "$t1" ||
	fail "restarted checker does not run the original single real server"

c0=$(conns 9101)
wait_for 8 "restarted child checks 9101" eval '[ "$(conns 9101)" -ge $((c0 + 3)) ]' ||
	fail "restarted checker does not check 9101"
[ "$(conns 9102)" = 0 ] || fail "restarted checker connected to 9102 ($(conns 9102) times)"
[ "$(conns 9103)" = 0 ] || fail "restarted checker connected to 9103 ($(conns 9103) times)"
say "after restart: 9101 $(($(conns 9101) - c0)) checks, 9102 $(conns 9102), 9103 $(conns 9103)"

n=$(grep -c "vs.conf:4: warning: lb_kind tunnel options are not supported" "$(node_log lb1)")
[ "$n" = 1 ] || fail "config warning printed $n times (want once: children stay quiet)"

# the parent keeps the sealed memfd for the next restart
ls -l "/proc/$parent/fd/" 2>/dev/null | grep -q 'memfd:floatd-conf-snapshot' ||
	fail "floatd holds no configuration memfd"

t1=$(now)
stop_node lb1 TERM
wait_exit lb1 10 || fail "lb1 did not exit"
[ "$exit_rc" = 0 ] || fail "lb1 exited with $exit_rc"
_pid_alive "$new" && fail "checker $new outlived floatd"
say "PASS ($UNDER_TEST)"
