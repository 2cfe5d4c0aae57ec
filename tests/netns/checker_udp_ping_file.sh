#!/bin/bash
# UDP_CHECK, PING_CHECK and FILE_CHECK against real servers in namespaces
# (no IPVS here: the checker reports, floatctl shows, notify scripts run).
#   UDP 5300, require_reply "PONG": a python responder answers PONG (UP),
#       then NOPE (DOWN: bad reply), then PONG (UP), then nothing (DOWN:
#       no reply); it also records the payload it got (hex of "ping").
#   UDP 5301, no require_reply: nothing listens, the ICMP port
#       unreachable makes it DOWN; a silent listener makes it UP (keepalived:
#       silence is success).
#   PING 10.99.0.12 (the lb2 namespace, no daemon): UP while it answers,
#       DOWN when its link goes down, UP when it comes back.
#   IPv6: PING of lb2's fd99::12 (ICMPv6 echo) follows the same link;
#       a UDP_CHECK to a closed port of fd99::100 is DOWN by the ICMPv6
#       port unreachable.
#   FILE_CHECK weight 0 (5302): the value 0 is UP, 1 DOWN, 0 UP again
#       (written in place, then replaced by rename).
#   FILE_CHECK weight 2 (5303, real server weight 1): its file does not
#       exist, so the track_file's init_file 2 creates it at start
#       (effective weight 5, though no vrrp_instance tracks it); value 3 makes the
#       effective weight 7, -5 makes it 0 (still UP, as keepalived), the
#       file removed counts as 0.
# Every wait is bounded; states are read from `floatctl --json status`.
. "$(dirname "$0")/lib.sh"

[ -x "$PYTHON3" ] || skip "python3 not installed ($PYTHON3)"

RS=$SUBNET.100
PING_RS=$(host_ip lb2)
topo_setup lb1 lb2 cl
# IPv6 beside the IPv4 topology (nodad: usable at once)
V6_PING_RS=fd99::12
V6_RS=fd99::100
ip -n "$(ns lb1)" addr add fd99::11/64 dev eth0 nodad || die "IPv6 on lb1"
# lb2's link goes down and up below: keep its address (the default flushes it)
ip netns exec "$(ns lb2)" sysctl -qw net.ipv6.conf.eth0.keep_addr_on_down=1 ||
	die "keep_addr_on_down on lb2"
ip -n "$(ns lb2)" addr add "$V6_PING_RS/64" dev eth0 nodad || die "IPv6 on lb2"
ip -n "$(ns cl)" addr add "$V6_RS/64" dev eth0 nodad || die "IPv6 on cl"

# --- the UDP responder: answers each datagram as its mode file says
cat >"$(tmp udp_responder.py)" <<'EOF'
import socket, sys
addr, port, mode_file, log_file = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((addr, port))
while True:
    data, peer = s.recvfrom(65535)
    with open(log_file, "a") as f:
        f.write(data.hex() + "\n")
    try:
        mode = open(mode_file).read().strip()
    except OSError:
        mode = "PONG"
    if mode == "PONG":
        s.sendto(b"PONG", peer)
    elif mode == "NOPE":
        s.sendto(b"NOPE", peer)
EOF
udp_serve() {   # PORT MODEFILE LOG
	ip netns exec "$(ns cl)" "$PYTHON3" "$(tmp udp_responder.py)" "$RS" "$1" "$2" "$3" \
		>>"$(tmp udp.err)" 2>&1 &
	_PIDS+=("$!")
}
udp_listening() { ip netns exec "$(ns cl)" ss -Hlun "sport = :$1" | grep -q .; }
echo PONG >"$(tmp udp.mode)"
: >"$(tmp udp.log)"
udp_serve 5300 "$(tmp udp.mode)" "$(tmp udp.log)"
wait_for 5 "UDP responder on 5300" udp_listening 5300 || die "UDP responder did not start"

mkdir -p "$(tmp state)"
STATE_FILE=$(tmp state/app0)
WEIGHT_FILE=$(tmp state/app1)
echo 0 >"$STATE_FILE"
# app1 does not exist yet: its init_file (2) is written by floatd at start,
# though only a FILE_CHECK reads it (keepalived writes it whoever does)

cat >"$(tmp notify.sh)" <<EOF
#!/bin/sh
echo "\$1 \$2" >>"$(tmp notify.log)"
EOF
chmod +x "$(tmp notify.sh)"
: >"$(tmp notify.log)"

mk_conf "$(tmp lb1.conf)" lb1 150
cat >>"$(tmp lb1.conf)" <<EOF

track_file app0 {
	file $STATE_FILE
	weight 0
}
track_file app1 {
	file $WEIGHT_FILE
	init_file 2
}

virtual_server $VIP 5300 {
	delay_loop 1
	lb_algo rr
	protocol UDP
	real_server $RS 5300 {
		notify_up "$(tmp notify.sh) up 5300"
		notify_down "$(tmp notify.sh) down 5300"
		UDP_CHECK {
			payload 70696e67
			require_reply 504f4e47
			connect_timeout 0.5
			retry 0
		}
	}
	real_server $RS 5301 {
		notify_up "$(tmp notify.sh) up 5301"
		notify_down "$(tmp notify.sh) down 5301"
		UDP_CHECK {
			connect_timeout 0.5
			retry 0
		}
	}
	real_server $PING_RS 5300 {
		notify_up "$(tmp notify.sh) up ping"
		notify_down "$(tmp notify.sh) down ping"
		PING_CHECK {
			connect_timeout 0.5
			retry 1
			delay_before_retry 0.2
		}
	}
	real_server $RS 5302 {
		notify_up "$(tmp notify.sh) up 5302"
		notify_down "$(tmp notify.sh) down 5302"
		FILE_CHECK {
			track_file app0
		}
	}
	real_server $RS 5303 {
		FILE_CHECK {
			track_file app1
			weight 2
		}
	}
}
EOF
cat >>"$(tmp lb1.conf)" <<EOF

virtual_server fd99::50 5300 {
	delay_loop 1
	lb_algo rr
	protocol UDP
	real_server $V6_PING_RS 5300 {
		PING_CHECK {
			connect_timeout 0.5
			retry 1
			delay_before_retry 0.2
		}
	}
	real_server $V6_RS 5309 {
		UDP_CHECK {
			connect_timeout 0.5
			retry 0
		}
	}
}
EOF
floatd_t -f "$(tmp lb1.conf)" >"$(tmp t.out)" 2>&1 || {
	cat "$(tmp t.out)"
	fail "floatd -t rejects the configuration"
}
start_node lb1 "$(tmp lb1.conf)"
wait_master lb1 10 || fail "lb1 never entered MASTER"
wait_for 5 "checker started" log_has lb1 'checker: started \(pid' || fail "checker did not start"

# rs_view ADDR:PORT -> STATE/EFFECTIVE_WEIGHT, the parent's view of the child's reports
rs_view() {
	ctl lb1 --json status | "$PYTHON3" -c '
import json, sys
doc = json.load(sys.stdin)
for v in doc["checker"]["virtual_servers"]:
    for r in v["real_servers"]:
        if r["address"] == sys.argv[1]:
            print("%s/%s" % (r["state"], r["effective_weight"]))
' "$1" 2>/dev/null
}
# rs_is ADDR:PORT STATE[/WEIGHT]
rs_is() {
	local v
	v=$(rs_view "$1")
	case $2 in
	*/*) [ "$v" = "$2" ] ;;
	*) [ "${v%%/*}" = "$2" ] ;;
	esac
}
expect() {   # SECONDS ADDR:PORT STATE[/WEIGHT] WHAT
	wait_for "$1" "$4 ($2 $3)" rs_is "$2" "$3" ||
		fail "$4: $2 is '$(rs_view "$2")', want $3"
	say "$4: $2 $(rs_view "$2")"
}
notified() { grep -qx "$1" "$(tmp notify.log)"; }

# --- at start: all up but 5301 (nothing listens: ICMP port unreachable)
expect 5 "$RS:5300" up "UDP answered PONG"
expect 5 "$PING_RS:5300" up "PING of a live namespace"
expect 3 "$RS:5302" up/1 "FILE_CHECK weight 0 with 0"
expect 3 "$RS:5303" up/5 "FILE_CHECK weight 2 with 2 (init_file)"
[ "$(cat "$WEIGHT_FILE" 2>/dev/null)" = 2 ] || fail "init_file not written: '$(cat "$WEIGHT_FILE" 2>&1)'"
expect 5 "$RS:5301" down "UDP to a closed port"
expect 5 "[$V6_PING_RS]:5300" up "PING (ICMPv6) of a live namespace"
expect 5 "[$V6_RS]:5309" down "UDP to a closed IPv6 port"
log_has lb1 "real server .$V6_RS.:5309 DOWN: UDP_CHECK connection refused: ICMP port unreachable" ||
	fail "no 'ICMP port unreachable' DOWN line for [$V6_RS]:5309"
wait_for 5 "DOWN logged with the ICMP reason" log_has lb1 \
	"real server $RS:5301 DOWN: UDP_CHECK connection refused: ICMP port unreachable" ||
	fail "no 'ICMP port unreachable' DOWN line for 5301"
grep -qx 70696e67 "$(tmp udp.log)" ||
	fail "the responder never got the payload 'ping': $(head -3 "$(tmp udp.log)")"

# --- require_reply: a wrong reply, the right one, silence
echo NOPE >"$(tmp udp.mode)"
expect 5 "$RS:5300" down "UDP answered NOPE"
log_has lb1 "real server $RS:5300 DOWN: UDP_CHECK bad reply" || fail "5300 DOWN without 'bad reply'"
wait_for 5 "notify_down 5300" notified "down 5300" || fail "notify_down of 5300 did not run"
echo PONG >"$(tmp udp.mode)"
expect 5 "$RS:5300" up "UDP answered PONG again"
wait_for 5 "notify_up 5300" notified "up 5300" || fail "notify_up of 5300 did not run"
t1=$(now)
echo SILENT >"$(tmp udp.mode)"
expect 5 "$RS:5300" down "UDP silent (require_reply)"
log_has lb1 "real server $RS:5300 DOWN: UDP_CHECK timeout: no reply" "$t1" ||
	fail "5300 DOWN without 'timeout: no reply'"

# --- without require_reply a silent listener is enough
echo SILENT >"$(tmp udp.mode.5301)"
udp_serve 5301 "$(tmp udp.mode.5301)" "$(tmp udp.log.5301)"
wait_for 5 "UDP listener on 5301" udp_listening 5301 || die "listener on 5301 did not start"
expect 5 "$RS:5301" up "UDP to a silent listener"
wait_for 5 "notify_up 5301" notified "up 5301" || fail "notify_up of 5301 did not run"

# --- PING: the real server's link down, then up
t1=$(now)
link_down lb2
expect 5 "$PING_RS:5300" down "PING with the link down"
expect 5 "[$V6_PING_RS]:5300" down "PING (ICMPv6) with the link down"
wait_for 5 "notify_down ping" notified "down ping" || fail "notify_down of the pinged server did not run"
say "PING_CHECK DOWN $(ms_between "$t1" "$(log_time lb1 "real server $PING_RS:5300 DOWN" "$t1")") ms after the link went down"
t1=$(now)
link_up lb2
expect 5 "$PING_RS:5300" up "PING with the link back"
expect 5 "[$V6_PING_RS]:5300" up "PING (ICMPv6) with the link back"
say "PING_CHECK UP $(ms_between "$t1" "$(log_time lb1 "real server $PING_RS:5300 UP" "$t1")") ms after the link came back"

# --- FILE_CHECK weight 0: 1 = down, 0 = up (in place, then by rename)
t1=$(now)
echo 1 >"$STATE_FILE"
expect 3 "$RS:5302" down "FILE_CHECK with 1"
say "FILE_CHECK DOWN $(ms_between "$t1" "$(log_time lb1 "real server $RS:5302 DOWN" "$t1")") ms after the write"
wait_for 5 "notify_down 5302" notified "down 5302" || fail "notify_down of 5302 did not run"
echo 0 >"$(tmp state/app0.new)"
mv "$(tmp state/app0.new)" "$STATE_FILE"
expect 3 "$RS:5302" up/1 "FILE_CHECK with 0 (renamed in)"
wait_for 5 "notify_up 5302" notified "up 5302" || fail "notify_up of 5302 did not run"

# --- FILE_CHECK weight 2: the real server's weight follows the value
echo 3 >"$WEIGHT_FILE"
expect 3 "$RS:5303" up/7 "FILE_CHECK weight 2 with 3"
# (echo truncates first: a reader may see 0, weight 1, on the way)
log_has lb1 "real server $RS:5303 weight [0-9]+ -> 7 \(FILE_CHECK\)" || fail "no 'weight ... -> 7' line"
echo -5 >"$WEIGHT_FILE"
expect 3 "$RS:5303" up/0 "FILE_CHECK weight 2 with -5"
rm -f "$WEIGHT_FILE"
expect 3 "$RS:5303" up/1 "FILE_CHECK weight 2, file removed (0)"

# the others did not move meanwhile
rs_is "$RS:5301" up || fail "5301 changed: $(rs_view "$RS:5301")"
rs_is "$PING_RS:5300" up || fail "the pinged server changed: $(rs_view "$PING_RS:5300")"

stop_node lb1 TERM
wait_exit lb1 10 || fail "lb1 did not exit"
[ "$exit_rc" = 0 ] || fail "lb1 exited with $exit_rc"
say "PASS ($UNDER_TEST)"
