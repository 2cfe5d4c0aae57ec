#!/bin/bash
# systemd readiness protocol (floatd only), with a datagram listener on
# $NOTIFY_SOCKET standing in for the service manager: lb1 gets a path
# socket, lb2 an abstract one ("@name", in lb2's namespace).
#  - a config that fails to load sends nothing (READY=1 means loaded);
#  - READY=1 is the first message, then STATUS= follows the instances:
#    VI_1 (lb1 150, lb2 100) and VI_2 (lb1 50, lb2 100) give both
#    "1 MASTER, 1 BACKUP";
#  - SIGHUP: RELOADING=1 with MONOTONIC_USEC=, then READY=1 (the reload
#    applied); with an error in the file: the pair again, and a STATUS=
#    line saying the reload was refused; the repaired file reloaded: the
#    STATUS summary again;
#  - failover: SIGTERM on lb1 sends STOPPING=1 and lb2's STATUS becomes
#    "2 MASTER";
#  - NOTIFY_SOCKET is not passed on to notify scripts.
. "$(dirname "$0")/lib.sh"

[ "$UNDER_TEST" = floatd ] || skip "floatd-only behaviour"

LISTEN=$(tmp listen.py)
cat >"$LISTEN" <<'EOF'
import socket, sys, time
addr = sys.argv[1]
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind("\0" + addr[1:] if addr.startswith("@") else addr)
out = open(sys.argv[2], "a", buffering=1)
out.write("%.6f LISTENING\n" % time.time())
while True:
    d = s.recv(4096).decode(errors="replace")
    out.write("%.6f %s\n" % (time.time(), d.replace("\n", " ")))
EOF

# listen ROLE ADDR: a listener in ROLE's namespace writing tmp/ROLE.notify
listen() {
	local out
	out=$(tmp "$1.notify")
	ip netns exec "$(ns "$1")" "$PYTHON3" "$LISTEN" "$2" "$out" 2>>"$(tmp "$1-listen.err")" &
	_PIDS+=("$!")
	wait_for 5 "$1 notify listener" grep -qs LISTENING "$out" ||
		die "listener for $1 did not start: $(cat "$(tmp "$1-listen.err")")"
}
# got ROLE REGEX: a datagram matching REGEX arrived (line = one datagram)
got() { grep -v LISTENING "$(tmp "$1.notify")" | cut -d' ' -f2- | grep -Eq "$2"; }
# line_no ROLE REGEX: number of the first datagram matching REGEX
line_no() { grep -v LISTENING "$(tmp "$1.notify")" | cut -d' ' -f2- | grep -En "$2" | head -n 1 | cut -d: -f1; }

topo_setup lb1 lb2 cl
SOCK1=$(tmp notify1.sock)
SOCK2="@fd$$-notify"
listen lb1 "$SOCK1"
listen lb2 "$SOCK2"

# --- a config that does not load: exit 1 and not a word to the manager
printf 'vrrp_instance VI_1 {\n\tvirtual_router_id 300\n}\n' >"$(tmp bad.conf)"
rc=0
NOTIFY_SOCKET=$SOCK1 ip netns exec "$(ns lb1)" "$FLOATD" -n -l -f "$(tmp bad.conf)" \
	-p "$(tmp bad.pid)" >"$(tmp bad.out)" 2>&1 || rc=$?
[ "$rc" = 1 ] || fail "bad config: exit $rc, want 1"
sleep 0.2   # a datagram, had one been sent, is in the listener's file by now
got lb1 . && fail "a config that failed to load sent: $(cat "$(tmp lb1.notify)")"
say "bad config: exit 1, nothing sent"

NOTIFY_ENV=$(tmp script-env.out)
printf '#!/bin/sh\nenv >%s\n' "$NOTIFY_ENV" >"$(tmp notify-env.sh)"
chmod 755 "$(tmp notify-env.sh)"
mk_conf "$(tmp lb1.conf)" lb1 150 "	notify $(tmp notify-env.sh)"
mk_conf "$(tmp lb2.conf)" lb2 100
# second_instance FILE PRIORITY: VI_2, VRID 52, VIP .51
second_instance() {
	printf 'vrrp_instance VI_2 {\n\tstate BACKUP\n\tinterface eth0\n\tvirtual_router_id 52\n\tpriority %s\n\tadvert_int 1\n\tvirtual_ipaddress {\n\t\t%s.51/24\n\t}\n}\n' \
		"$2" "$SUBNET" >>"$1"
}
second_instance "$(tmp lb1.conf)" 50
second_instance "$(tmp lb2.conf)" 100
NOTIFY_SOCKET=$SOCK1 start_node lb1 "$(tmp lb1.conf)"
wait_for 10 "READY=1 from lb1" got lb1 '^READY=1$' || fail "lb1 sent no READY=1"
NOTIFY_SOCKET=$SOCK2 start_node lb2 "$(tmp lb2.conf)"
wait_for 10 "READY=1 from lb2 (abstract socket)" got lb2 '^READY=1$' || fail "lb2 sent no READY=1"
[ "$(line_no lb1 .)" = "$(line_no lb1 '^READY=1$')" ] || fail "lb1's first message is not READY=1"
log_has lb1 'starting with .*\(2 instance' || fail "lb1 did not log its loaded config"
wait_for 10 "lb1 STATUS=1 MASTER, 1 BACKUP" got lb1 '^STATUS=1 MASTER, 1 BACKUP$' ||
	fail "lb1 STATUS never said 1 MASTER, 1 BACKUP"
wait_for 10 "lb2 STATUS=1 MASTER, 1 BACKUP" got lb2 '^STATUS=1 MASTER, 1 BACKUP$' ||
	fail "lb2 STATUS never said 1 MASTER, 1 BACKUP"
got lb2 '^STATUS=2 MASTER$' && fail "lb2 claimed both instances while lb1 was up"
say "READY=1 first, then STATUS: '1 MASTER, 1 BACKUP' on both"

wait_for 10 "notify script ran on lb1" test -s "$NOTIFY_ENV" || fail "lb1's notify script did not run"
grep -q '^NOTIFY_SOCKET=' "$NOTIFY_ENV" && fail "notify script inherited NOTIFY_SOCKET"
say "notify script environment has no NOTIFY_SOCKET"

# --- reload: the RELOADING/READY pair
n0=$(grep -vc LISTENING "$(tmp lb2.notify)")
kill -HUP "${NODE_PID[lb2]}" || die "kill -HUP lb2"
wait_for 5 "lb2 RELOADING=1" got lb2 '^RELOADING=1 MONOTONIC_USEC=[0-9]+$' ||
	fail "lb2 sent no RELOADING=1 with MONOTONIC_USEC"
wait_for 5 "lb2 READY=1 after RELOADING=1" eval \
	'[ "$(grep -v LISTENING "$(tmp lb2.notify)" | tail -n +$((n0 + 1)) | cut -d" " -f2- | grep -E "^(RELOADING|READY)=1" | cut -c1-7 | tr "\n" " ")" = "RELOADI READY=1 " ]' ||
	fail "after SIGHUP want RELOADING=1 then READY=1, got: $(tail -n +$((n0 + 2)) "$(tmp lb2.notify)")"
node_alive lb2 || fail "lb2 died on SIGHUP"
log_has lb2 'reload \(SIGHUP\): reloaded: 2 unchanged' || fail "lb2 did not reload on SIGHUP"
say "SIGHUP: RELOADING=1 + MONOTONIC_USEC, then READY=1"
cp "$(tmp lb2.conf)" "$(tmp lb2.good)"
# a VRID keepalived refuses (an invalid priority is only a warning there)
sed -i 's/virtual_router_id \([0-9]*\)/virtual_router_id 3\1/' "$(tmp lb2.conf)"
n0=$(grep -vc LISTENING "$(tmp lb2.notify)")
kill -HUP "${NODE_PID[lb2]}" || die "kill -HUP lb2"
wait_for 5 "lb2 STATUS=reload refused" got lb2 '^STATUS=reload refused, previous configuration running: .*lb2.conf: 2 error' ||
	fail "lb2 sent no STATUS about the refused reload: $(tail -n +$((n0 + 1)) "$(tmp lb2.notify)")"
wait_for 5 "lb2 READY=1 after the refused reload" eval \
	'[ "$(grep -v LISTENING "$(tmp lb2.notify)" | tail -n +$((n0 + 1)) | cut -d" " -f2- | grep -E "^(RELOADING|READY)=1" | cut -c1-7 | tr "\n" " ")" = "RELOADI READY=1 " ]' ||
	fail "after a refused SIGHUP want RELOADING=1 then READY=1, got: $(tail -n +$((n0 + 1)) "$(tmp lb2.notify)")"
cp "$(tmp lb2.good)" "$(tmp lb2.conf)"
say "refused reload: RELOADING=1, STATUS=reload refused ..., READY=1"
# the repaired file reloads with no state change: STATUS is the summary again
n0=$(grep -vc LISTENING "$(tmp lb2.notify)")
kill -HUP "${NODE_PID[lb2]}" || die "kill -HUP lb2"
wait_for 5 "lb2 STATUS=1 MASTER, 1 BACKUP after the repair" eval \
	'grep -v LISTENING "$(tmp lb2.notify)" | tail -n +$((n0 + 1)) | cut -d" " -f2- | grep -q "^STATUS=1 MASTER, 1 BACKUP$"' ||
	fail "an applied reload left STATUS at: $(tail -n +$((n0 + 1)) "$(tmp lb2.notify)")"
say "applied reload after a refused one: STATUS back to '1 MASTER, 1 BACKUP'"

# --- failover: STOPPING=1 from lb1, lb2's STATUS follows the takeover
t0=$(now)
stop_node lb1 TERM
wait_for 5 "lb1 STOPPING=1" got lb1 '^STOPPING=1$' || fail "lb1 sent no STOPPING=1"
wait_master lb2 10 "$t0" || fail "lb2 did not take over"
wait_for 5 "lb2 STATUS=2 MASTER" got lb2 '^STATUS=2 MASTER$' || fail "lb2 STATUS did not follow the takeover"
wait_exit lb1 10 || fail "lb1 did not exit"
[ "$exit_rc" = 0 ] || fail "lb1 exited $exit_rc"
stop_node lb2 TERM
wait_for 5 "lb2 STOPPING=1" got lb2 '^STOPPING=1$' || fail "lb2 sent no STOPPING=1"
wait_exit lb2 10 || fail "lb2 did not exit"
say "SIGTERM: STOPPING=1; lb2 STATUS '2 MASTER' after the failover"
say "lb1 sent: $(grep -v LISTENING "$(tmp lb1.notify)" | cut -d' ' -f2- | tr '\n' '|')"
say "lb2 sent: $(grep -v LISTENING "$(tmp lb2.notify)" | cut -d' ' -f2- | tr '\n' '|')"
say "PASS ($UNDER_TEST)"
