#!/bin/bash
# The checker as its own executable (floatd only):
#  A) floatd with a virtual_server starts floatd-checker (found beside floatd
#     in the build tree) as its child; the VRRP process maps no libcurl, the
#     checker does;
#  B) FLOATD_CHECKER names a program that cannot run: the supervisor logs
#     the exit (127) and retries, VRRP becomes MASTER regardless;
#  C) --checker-only: the same pid becomes floatd-checker, writes the pid
#     file and the init_file of a track_file its FILE_CHECK reads (as
#     keepalived's checker does; no VRRP process runs to write it), runs
#     the checks and exits 0 on SIGTERM.
. "$(dirname "$0")/lib.sh"

[ "$UNDER_TEST" = floatd ] || skip "floatd-only behaviour"

topo_setup lb1 cl
mk_conf "$(tmp lb1.conf)" lb1 150
add_tcp_check_vs "$(tmp lb1.conf)"

# children_exes PID: "pid exe" of PID's children (the harness's log stamper
# is one of them: the daemon inherited it from start_node's subshell)
children_exes() {
	local c
	for c in $(cat "/proc/$1/task/$1/children" 2>/dev/null); do
		echo "$c $(readlink "/proc/$c/exe")"
	done
}
checker_of() { children_exes "$1" | awk '$2 ~ /\/floatd-checker$/ { print $1; exit }'; }
has_checker() { [ -n "$(checker_of "${NODE_PID[lb1]}")" ]; }
maps_lib() { grep -q "$2" "/proc/$1/maps"; }

# --- A) the child is floatd-checker; only it maps libcurl
start_node lb1 "$(tmp lb1.conf)"
wait_master lb1 10 || fail "lb1 never entered MASTER"
wait_for 10 "floatd-checker child" has_checker ||
	fail "no floatd-checker child; children: $(children_exes "${NODE_PID[lb1]}" | tr '\n' ' ')"
child=$(checker_of "${NODE_PID[lb1]}")
exe=$(readlink "/proc/$child/exe")
wait_for 10 "checker reports the real server" log_has lb1 'real server .*9090 DOWN' ||
	fail "checker did not check the real server"
maps_lib "$child" libcurl || fail "floatd-checker has no libcurl mapped"
! maps_lib "${NODE_PID[lb1]}" libcurl || fail "the VRRP process maps libcurl"
! maps_lib "${NODE_PID[lb1]}" libcrypto || fail "the VRRP process maps libcrypto"
say "A: child $child runs $exe; libcurl only in the checker"
stop_node lb1 TERM
wait_exit lb1 10 || fail "lb1 did not exit"
[ "$exit_rc" = 0 ] || fail "lb1 exited $exit_rc"

# --- B) a checker that cannot run: logged, retried, VRRP unaffected
: >"$(node_log lb1)"
t0=$(now)
FLOATD_CHECKER=$(tmp no-such-checker) start_node lb1 "$(tmp lb1.conf)"
wait_master lb1 10 "$t0" || fail "lb1 never entered MASTER without a checker"
wait_for 10 "checker exit 127 logged" log_has lb1 'checker: pid [0-9]+ exited with status 127' ||
	fail "the failed checker start was not logged"
wait_for 5 "restart scheduled" log_has lb1 'checker: restarting in' || fail "no restart scheduled"
say "B: missing checker: exit 127 logged, restart scheduled, VRRP MASTER"
stop_node lb1 TERM
wait_exit lb1 10 || fail "lb1 did not exit"

# --- C) --checker-only: exec in place
: >"$(node_log lb1)"
pidf=$(tmp co.pid)
initf=$(tmp co-weight)
rm -f "$initf"
cp "$(tmp lb1.conf)" "$(tmp co.conf)"
cat >>"$(tmp co.conf)" <<EOF
track_file co_weight {
	file $initf
	init_file 7
}
virtual_server $VIP 81 {
	delay_loop 1
	lb_algo rr
	lb_kind NAT
	protocol TCP
	real_server $SUBNET.100 9091 {
		FILE_CHECK {
			track_file co_weight
		}
	}
}
EOF
ip netns exec "$(ns lb1)" "$FLOATD" --checker-only -n -l -f "$(tmp co.conf)" -p "$pidf" \
	> >(_stamp >>"$(node_log lb1)") 2>&1 &
co=$!
_PIDS+=("$co")
wait_for 10 "checker-only started" log_has lb1 'checker: started' || fail "--checker-only did not start the checker"
[ "$(cat "/proc/$co/comm")" = floatd-checker ] || fail "--checker-only runs $(cat "/proc/$co/comm"), want floatd-checker"
wait_for 5 "pid file" test -s "$pidf" || fail "no pid file"
[ "$(cat "$pidf")" = "$co" ] || fail "pid file says $(cat "$pidf"), want $co"
log_has lb1 'Entering MASTER' && fail "--checker-only ran VRRP"
[ "$(cat "$initf" 2>&1)" = 7 ] || fail "--checker-only: init_file not written: '$(cat "$initf" 2>&1)'"
kill -TERM "$co"
wait_for 10 "checker-only exit" eval '! _pid_alive '"$co" || fail "--checker-only did not stop"
rc=0
wait "$co" 2>/dev/null || rc=$?
[ "$rc" = 0 ] || fail "--checker-only exited $rc"
say "C: --checker-only: pid $co became floatd-checker, pid file and init_file written, exit 0"
say "PASS ($UNDER_TEST)"
