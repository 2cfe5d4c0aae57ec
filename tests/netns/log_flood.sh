#!/bin/bash
# test-lock: quiet (floods the log and asserts advert gaps under 1.5 s)
# Logging never blocks the loop: floatd logs to a syslog socket that nobody
# reads (FLOATD_SYSLOG_SOCKET; the kernel queues only a few datagrams) while
# a checker with 300 refused real servers logs some 600 lines (child: DOWN,
# parent with -D: one line per report).  The MASTER's adverts, captured on
# the peer, must keep their 1 s interval (largest gap < 1.5 s), the checker
# child must not be restarted (its heartbeat went on), and once the socket
# is read again "N log lines dropped" is logged without waiting for another line.
. "$(dirname "$0")/lib.sh"

command -v tcpdump >/dev/null 2>&1 || skip "tcpdump not installed"
[ -x "$PYTHON3" ] || skip "python3 not installed ($PYTHON3)"
N_RS=300
WINDOW_S=8

topo_setup lb1 cl
RS=$(host_ip cl)
SOCK=$(tmp syslog.sock)
GO=$(tmp syslog.go)
OUT=$(tmp syslog.out)

# the syslog socket: bound at once, read only after $GO exists
"$PYTHON3" - "$SOCK" "$GO" "$OUT" <<'EOP' &
import os, socket, sys, time
path, go, out = sys.argv[1:4]
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(path)
while not os.path.exists(go):
    time.sleep(0.05)
with open(out, "ab", buffering=0) as f:
    while True:
        f.write(s.recv(65536) + b"\n")
EOP
_PIDS+=("$!")
wait_for 5 "syslog socket" test -S "$SOCK" || die "syslog reader did not bind"

mk_conf "$(tmp lb1.conf)" lb1 150
{
	echo "virtual_server $VIP 80 {"
	echo "	protocol TCP"
	echo "	delay_loop 1"
	echo "	lb_kind NAT"
	for ((p = 20000; p < 20000 + N_RS; p++)); do
		echo "	real_server $RS $p { TCP_CHECK { connect_timeout 1 retry 0 } }"
	done
	echo "}"
} >>"$(tmp lb1.conf)"

advert_capture cl

# syslog mode (no -l): stderr only carries what comes before the log is set up
ip netns exec "$(ns lb1)" env FLOATD_SYSLOG_SOCKET="$SOCK" "$FLOATD" -f "$(tmp lb1.conf)" \
	-n -D -p "$(tmp lb1-floatd.pid)" --control-socket "$(ctl_socket lb1)" \
	--state-dir "$(tmp lb1-state)" --dump-dir "$_T" >"$(node_log lb1)" 2>&1 &
NODE_PID[lb1]=$!
NODE_IMPL[lb1]=floatd
_PIDS+=("$!")
parent=${NODE_PID[lb1]}
wait_for 10 "lb1 holds the VIP" vip_on lb1 || fail "lb1 never took the VIP"
wait_for 5 "checker child" pgrep -P "$parent" -f -- --checker-child || fail "no checker child"
child=$(pgrep -P "$parent" -f -- --checker-child)
t0=$(now)
sleep "$WINDOW_S"   # the measurement window: adverts are captured meanwhile
t1=$(now)
node_alive lb1 || fail "floatd died"
[ "$(pgrep -P "$parent" -f -- --checker-child)" = "$child" ] ||
	fail "the checker child was restarted (blocked on logging?)"

read -r n_adv max_ms _ < <(advert_gaps "$(host_ip lb1)" "$t0" "$t1")
say "adverts in ${WINDOW_S}s window: $n_adv, largest gap $max_ms ms"
[ "$n_adv" -ge $((WINDOW_S - 1)) ] || fail "only $n_adv adverts in ${WINDOW_S}s"
[ "$max_ms" -lt 1500 ] || fail "advert gap $max_ms ms (>= 1.5 s) while the log was full"

# read the socket again: the count goes out by itself once there is room
touch "$GO"
wait_for 5 "dropped count logged" grep -q 'log lines dropped' "$OUT" ||
	fail "no 'log lines dropped' line"
stop_node lb1 TERM
wait_exit lb1 15 || fail "lb1 did not exit"
[ "$exit_rc" = 0 ] || fail "lb1 exited with $exit_rc"
wait_for 5 "stop line" grep -q 'received Terminated, stopping' "$OUT" ||
	fail "stop line not delivered"
dropped=$(grep -o '[0-9]* log lines dropped' "$OUT" | head -1 | awk '{ print $1 }')
say "syslog: $dropped lines dropped; $(wc -l <"$OUT") read after the reader woke"
[ "$dropped" -ge $((N_RS / 2)) ] || fail "only $dropped lines dropped (flood did not happen?)"
grep -qE '^<[0-9]+>[A-Z][a-z]{2} [ 0-9][0-9] [0-9:]{8} floatd\['"$parent"'\]: ' "$OUT" ||
	fail "no RFC 3164 line from floatd[$parent]"
say "PASS ($UNDER_TEST)"
