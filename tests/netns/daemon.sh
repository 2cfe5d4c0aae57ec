#!/bin/bash
# Daemon hygiene (floatd only): `-t` exit codes and file:line messages, the
# pid-file lock refusing a second daemon, and a VIP deleted by someone else
# (an admin, a network manager) while MASTER being re-added at once.
. "$(dirname "$0")/lib.sh"

[ "$UNDER_TEST" = floatd ] || skip "floatd-only behaviour"

# --- -t: good config exits 0, bad config exits 1 naming file:line, a
# warnings-only config exits 3
mk_conf "$(tmp good.conf)" lb1 150
"$FLOATD" -t -f "$(tmp good.conf)" >"$(tmp t-good.out)" 2>&1 || fail "-t rejected a good config: $(cat "$(tmp t-good.out)")"
printf 'vrrp_instance VI_1 {\n\tinterface eth0\n\tvirtual_router_id 300\n\tbogus_keyword 1\n}\n' >"$(tmp bad.conf)"
rc=0
"$FLOATD" -t -f "$(tmp bad.conf)" >"$(tmp t-bad.out)" 2>&1 || rc=$?
[ "$rc" = 1 ] || fail "-t on a bad config exited $rc, want 1"
grep -q "bad.conf:3: error: .*300" "$(tmp t-bad.out)" || fail "no file:line error for the bad VRID: $(cat "$(tmp t-bad.out)")"
grep -q "bad.conf:4: error: .*bogus_keyword" "$(tmp t-bad.out)" || fail "no file:line error for the unknown keyword: $(cat "$(tmp t-bad.out)")"
# a config keepalived runs with a warning: floatd would start, -t says 3
mk_conf "$(tmp warn.conf)" lb1 150 "	state SLAVE"
rc=0
"$FLOATD" -t -f "$(tmp warn.conf)" >"$(tmp t-warn.out)" 2>&1 || rc=$?
[ "$rc" = 3 ] || fail "-t on a warnings-only config exited $rc, want 3: $(cat "$(tmp t-warn.out)")"
grep -q "warn.conf:[0-9]*: warning: " "$(tmp t-warn.out)" || fail "no file:line warning: $(cat "$(tmp t-warn.out)")"
! grep -q ": error: " "$(tmp t-warn.out)" || fail "warnings-only config reported an error: $(cat "$(tmp t-warn.out)")"
say "-t: good config rc=0, bad config rc=1 with every error as file:line, warnings only rc=3"

# --- one daemon per pid file
topo_setup lb1 lb2 cl
mk_conf "$(tmp lb1.conf)" lb1 150
start_node lb1 "$(tmp lb1.conf)"
wait_master lb1 10 || fail "lb1 never entered MASTER"
rc=0
ip netns exec "$(ns lb1)" "$FLOATD" -f "$(tmp lb1.conf)" -n -l -p "$(tmp lb1-floatd.pid)" \
	>"$(tmp second.out)" 2>&1 || rc=$?
[ "$rc" = 1 ] || fail "a second daemon on the same pid file exited $rc, want 1"
grep -q "already running (pid ${NODE_PID[lb1]}" "$(tmp second.out)" ||
	grep -q "already running (pid [0-9]" "$(tmp second.out)" ||
	fail "second daemon did not name the running one: $(cat "$(tmp second.out)")"
node_alive lb1 || fail "the first daemon died"
say "pid file: second daemon refused: $(head -1 "$(tmp second.out)")"

# --- a VIP deleted behind our back comes back
wait_for 5 "VIP on lb1" vip_on lb1 || fail "VIP not on lb1"
t0=$(now)
ip -n "$(ns lb1)" addr del "$VIP/24" dev eth0 || die "cannot delete the VIP"
wait_for 3 "VIP re-added on lb1" vip_on lb1 || fail "deleted VIP was not re-added"
t1=$(now)
log_has lb1 "VIP $VIP was deleted by someone else" || fail "re-add not logged"
say "VIP deleted by hand re-added after $(ms_between "$t0" "$t1") ms"

stop_node lb1 TERM
wait_exit lb1 10 || fail "lb1 did not exit after SIGTERM"
[ "$exit_rc" = 0 ] || fail "lb1 exited $exit_rc"
[ ! -e "$(tmp lb1-floatd.pid)" ] || fail "pid file left behind after a clean stop"
say "PASS ($UNDER_TEST)"
