#!/bin/bash
# LVS checker scripts run like VRRP notify scripts: per-script `USER`,
# else the global script_user; enable_script_security refuses a script
# that would run as root from a path others can write (here: a directory
# anyone can write, without the sticky bit); every script is killed at its
# 30 s timeout.  Quorum scripts and each real server's scripts have queues
# of their own: neither waits behind the other.
#
# Sequence: alpha puts the real server down at start, so the quorum is lost
# and quorum_down (a hang, as `nobody`) runs; the first passing check brings
# the server UP and runs notify_up (as `nobody`, writes `id -u`) while the
# hang still runs; the hang is killed at 30 s.  Stopping the listener gives
# DOWN, whose notify_down (global script_user root, in the open directory)
# was refused when the child started and never runs.
. "$(dirname "$0")/lib.sh"

command -v socat >/dev/null 2>&1 || skip "socat not installed"
NOBODY_UID=$(id -u nobody 2>/dev/null) || skip "no user nobody"

RS=$SUBNET.100
topo_setup lb1 cl

tcp_pid=""
tcp_start() {
	ip netns exec "$(ns cl)" socat "TCP-LISTEN:9090,bind=$RS,reuseaddr,fork" \
		SYSTEM:true >/dev/null 2>&1 &
	tcp_pid=$!
	_PIDS+=("$tcp_pid")
}
listening() { ip netns exec "$(ns cl)" ss -ltn | grep -q "$RS:9090 "; }

# `nobody` must reach the scripts and write its results
chmod 755 "$_T"
OUT=$(tmp out)
mkdir -m 1777 "$OUT"
cat >"$(tmp hang.sh)" <<SH
#!/bin/sh
echo \$\$ >"$OUT/hang.pid"
id -u >"$OUT/hang.uid"
exec sleep 600
SH
cat >"$(tmp up.sh)" <<SH
#!/bin/sh
id -u >"$OUT/up.uid"
SH
OPEN=$(tmp open)
mkdir -m 0777 "$OPEN"
cat >"$OPEN/down.sh" <<SH
#!/bin/sh
id -u >"$OUT/down.uid"
SH
chmod 755 "$(tmp hang.sh)" "$(tmp up.sh)" "$OPEN/down.sh"

mk_conf "$(tmp lb1.conf)" lb1 150 "" "	enable_script_security"
cat >>"$(tmp lb1.conf)" <<CONF

virtual_server $VIP 80 {
	delay_loop 1
	lb_algo rr
	lb_kind NAT
	protocol TCP
	alpha
	quorum_down "$(tmp hang.sh)" nobody
	real_server $RS 9090 {
		weight 1
		notify_up "$(tmp up.sh)" nobody
		notify_down "$OPEN/down.sh"
		TCP_CHECK {
			connect_timeout 1
			retry 0
		}
	}
}
CONF
floatd_t -f "$(tmp lb1.conf)" >"$(tmp t.out)" 2>&1 || {
	cat "$(tmp t.out)"
	fail "floatd -t rejects the config"
}

tcp_start
wait_for 5 "real server listening" listening || die "listener did not start"
t0=$(now)
start_node lb1 "$(tmp lb1.conf)"
wait_for 5 "checker started" log_has lb1 'checker: started \(pid' || fail "checker did not start"

# enable_script_security: notify_down would run as root from a directory
# anyone can write
wait_for 5 "notify_down refused" log_has lb1 \
	"notify_down $OPEN/down.sh: refusing to run it as root: $OPEN is writable by others \(enable_script_security\)" ||
	fail "insecure root notify_down not refused"

# quorum_down hangs as nobody; the server comes UP behind it
wait_for 10 "quorum_down running" test -s "$OUT/hang.uid" || fail "quorum_down did not run"
[ "$(cat "$OUT/hang.uid")" = "$NOBODY_UID" ] ||
	fail "quorum_down ran as uid $(cat "$OUT/hang.uid"), want nobody ($NOBODY_UID)"
hang_pid=$(cat "$OUT/hang.pid")
# its start as the kernel recorded it (on the log stamps' clock), not when
# this shell saw the file: on a loaded machine that is a second late
t_hang=$(awk -v tck="$(getconf CLK_TCK)" -v e="$EPOCHREALTIME" 'NR == FNR { up = $1; next }
	{ printf "%.6f\n", e - (up - $22 / tck) }' /proc/uptime "/proc/$hang_pid/stat") ||
	fail "hung quorum_down (pid $hang_pid) gone before its start time was read"
wait_for 5 "real server UP" log_has lb1 "real server $RS:9090 UP" "$t0" || fail "server not UP"
# the real server's queue does not wait for the hung quorum script
wait_for 5 "notify_up ran" test -s "$OUT/up.uid" ||
	fail "notify_up did not run while quorum_down hangs (queued behind it?)"
[ "$(cat "$OUT/up.uid")" = "$NOBODY_UID" ] ||
	fail "notify_up ran as uid $(cat "$OUT/up.uid"), want nobody ($NOBODY_UID)"
say "notify_up ran as uid $(cat "$OUT/up.uid") while quorum_down hangs"
_pid_alive "$hang_pid" || fail "hung quorum_down died before its timeout"

# killed at 30 s (SIGTERM to its group), then notify_up runs as nobody
wait_for 36 "hung quorum_down killed" log_has lb1 \
	"script $(tmp hang.sh) timed out after [0-9]+ ms, killed" "$t0" ||
	fail "hung quorum_down not killed at its timeout"
t_kill=$(log_time lb1 "script $(tmp hang.sh) timed out after" "$t0")
ms=$(ms_between "$t_hang" "$t_kill")
# t_kill is when the harness read the log line: a little after the kill
[ "$ms" -ge 29500 ] && [ "$ms" -le 31500 ] || fail "hung script killed after $ms ms, want ~30000"
say "hung quorum_down killed ${ms} ms after it started"
wait_for 3 "hang gone" eval '! _pid_alive '"$hang_pid" || fail "hung script $hang_pid still alive"

# DOWN: the refused notify_down never runs
t1=$(now)
kill "$tcp_pid"
wait_for 5 "real server DOWN" log_has lb1 "real server $RS:9090 DOWN" "$t1" ||
	fail "stopped real server not reported down"
sleep 2
[ ! -e "$OUT/down.uid" ] || fail "refused notify_down ran (as uid $(cat "$OUT/down.uid"))"

stop_node lb1 TERM
wait_exit lb1 10 || fail "lb1 did not exit"
[ "$exit_rc" = 0 ] || fail "lb1 exited with $exit_rc"
say "PASS"
