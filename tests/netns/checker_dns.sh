#!/bin/bash
# DNS_CHECK against a real DNS server: Debian's dnsmasq in the `cl`
# namespace (its own config only: no resolv.conf, no hosts file, records
# given on the command line, bound to the real server's address only).
# floatd's checker (no IPVS here) must report, in floatctl status --json
# and through notify_up/notify_down:
#   :5353  type A for a name dnsmasq holds     -> up (alpha: only a reply makes it up)
#   :5354  type TXT for a name it holds        -> up
#   :5355  type A for a name it refuses        -> down, "rcode 5 (REFUSED)"
#   :5356  a UDP port that swallows the query  -> down, "no reply in 1000 ms"
#   [fd99::100]:5353  type AAAA over IPv6        -> up
# then dnsmasq stopped: 5353/5354 down (notify_down ran); started again:
# up again (notify_up ran again); then a reload that swaps the names of
# 5353 and 5355 changes those two checkers only: 5353 down, 5355 up.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_checker.sh"

DNSMASQ=/usr/sbin/dnsmasq
[ -x "$DNSMASQ" ] || skip "dnsmasq not installed (dnsmasq-base, scripts/lib/deps.sh)"
[ -x "$PYTHON3" ] || skip "python3 not installed ($PYTHON3)"
need_socat

RS=$SUBNET.100
RS_VS=$VIP:53
topo_setup lb1 cl
topo_add_v6 lb1 cl
RS6=$(host_ip6 cl)

dns_pid=""
dns_start() {
	ip netns exec "$(ns cl)" "$DNSMASQ" --keep-in-foreground --conf-file=/dev/null \
		--no-resolv --no-hosts --bind-interfaces --listen-address="$RS,$RS6" --port=5353 \
		--pid-file= --log-facility=- --log-queries \
		--host-record=www.floatd.test,10.99.0.200,fd99::200 --txt-record=txt.floatd.test,floatd \
		>>"$(tmp dnsmasq.log)" 2>&1 &
	dns_pid=$!
	_PIDS+=("$dns_pid")
}
udp_bound() { ip netns exec "$(ns cl)" ss -Hlun "sport = :$1" 2>/dev/null | grep -q "$RS:$1"; }
udp6_bound() { ip netns exec "$(ns cl)" ss -Hlun "sport = :$1" 2>/dev/null | grep -q "\[$RS6\]:$1"; }

dns_start
# a UDP port that takes every datagram and never answers
ip netns exec "$(ns cl)" socat -u "UDP-RECV:5356,bind=$RS" /dev/null >/dev/null 2>&1 &
_PIDS+=("$!")
wait_for 10 "dnsmasq and the silent port bound" eval \
	'udp_bound 5353 && udp6_bound 5353 && udp_bound 5356' ||
	die "real servers did not start"

notify_log_setup

# write_conf NAME_5353 NAME_5355
write_conf() {
mk_conf "$(tmp lb1.conf)" lb1 150
cat >>"$(tmp lb1.conf)" <<EOF

virtual_server $VIP 53 {
	delay_loop 1
	lb_algo rr
	lb_kind NAT
	protocol UDP
	real_server $RS 5353 {
		alpha
		notify_up "$(tmp note.sh) up"
		notify_down "$(tmp note.sh) down"
		DNS_CHECK {
			type A
			name $1
			connect_timeout 1
			retry 0
		}
	}
	real_server $RS 5354 {
		alpha
		DNS_CHECK {
			connect_port 5353
			type txt
			name txt.floatd.test.
			connect_timeout 1
			retry 0
		}
	}
	real_server $RS 5355 {
		DNS_CHECK {
			connect_port 5353
			type A
			name $2
			connect_timeout 1
			retry 0
		}
	}
	real_server $RS 5356 {
		DNS_CHECK {
			connect_timeout 1
			retry 0
		}
	}
}

virtual_server $VIP6 53 {
	delay_loop 1
	lb_algo rr
	lb_kind NAT
	protocol UDP
	real_server $RS6 5353 {
		alpha
		DNS_CHECK {
			type AAAA
			name www.floatd.test
			connect_timeout 1
			retry 0
		}
	}
}
EOF
}
write_conf www.floatd.test www.elsewhere.test
conf_accepted "$(tmp lb1.conf)" "the DNS_CHECK config"

v6_is() { [ "$(rs_states "[$VIP6]:53")" = "5353=$1" ]; }

t0=$(now)
start_node lb1 "$(tmp lb1.conf)"
wait_master lb1 10 || fail "lb1 never entered MASTER"
WANT="5353=up 5354=up 5355=down 5356=down"
wait_states 10 "$WANT"
say "status: $(rs_states) ($(ms_between "$t0" "$(now)") ms after start)"
wait_for 5 "IPv6 real server up" v6_is up || fail "IPv6: $(rs_states "[$VIP6]:53"), want 5353=up"
grep -q "query\[AAAA\] www.floatd.test from $(host_ip6 lb1)" "$(tmp dnsmasq.log)" ||
	fail "dnsmasq logged no AAAA query from $(host_ip6 lb1)"
log_has lb1 "$(RS_RE 5355) DOWN: DNS_CHECK bad reply status: reply rcode 5 \\(REFUSED\\)" ||
	fail "refused name: no 'rcode 5 (REFUSED)' DOWN line"
log_has lb1 "$(RS_RE 5356) DOWN: DNS_CHECK timeout: no reply in 1000 ms" ||
	fail "silent port: no 'no reply in 1000 ms' DOWN line"
wait_events "notify_up of 5353" "up "
grep -q 'query\[A\] www.floatd.test from' "$(tmp dnsmasq.log)" ||
	fail "dnsmasq logged no A query for www.floatd.test"
grep -q 'query\[TXT\] txt.floatd.test from' "$(tmp dnsmasq.log)" ||
	fail "dnsmasq logged no TXT query for txt.floatd.test"

# dnsmasq stopped: both of its checks fail (ICMP port unreachable; the
# kernel rate-limits those per peer, so a timeout is the other answer)
t1=$(now)
kill "$dns_pid"
WANT="5353=down 5354=down 5355=down 5356=down"
wait_states 6 "$WANT"
say "dnsmasq stopped: all down after $(ms_between "$t1" "$(now)") ms"
wait_for 5 "IPv6 real server down" v6_is down || fail "IPv6: $(rs_states "[$VIP6]:53"), want 5353=down"
wait_events "notify_down of 5353" "up down "
DOWN_RE="DOWN: DNS_CHECK (connection refused: port unreachable|timeout: no reply in 1000 ms)"
log_has lb1 "$(RS_RE 5353) $DOWN_RE" "$t1" || fail "no DOWN line for 5353"
say "5353: $(awk -v re="$(RS_RE 5353) DOWN: " -v t="$t1" '$1 >= t && $0 ~ re { sub(/.*DOWN: /, ""); print; exit }' "$(node_log lb1)")"

# started again: up again
t2=$(now)
dns_start
wait_for 10 "dnsmasq bound again" eval 'udp_bound 5353 && udp6_bound 5353' ||
	die "dnsmasq did not restart"
t2l=$(now)
WANT="5353=up 5354=up 5355=down 5356=down"
wait_states 6 "$WANT"
say "dnsmasq restarted: bound after $(ms_between "$t2" "$t2l") ms, up $(ms_between "$t2l" "$(now)") ms later"
wait_events "notify_up again" "up down up "
log_has lb1 "$(RS_RE 5354) UP" "$t2" || fail "no UP line for 5354"
wait_for 5 "IPv6 real server up again" v6_is up || fail "IPv6: $(rs_states "[$VIP6]:53"), want 5353=up"

# reload (floatctl reload) with the two names swapped: two checkers
# change, 5353 asks the refused name (down), 5355 the held one (up)
t3=$(now)
write_conf www.elsewhere.test www.floatd.test
ctl lb1 reload >"$(tmp reload.out)" 2>&1 || fail "floatctl reload: $(cat "$(tmp reload.out)")"
wait_for 10 "generation 1 applied" log_has lb1 \
	'checker: generation 1 applied: virtual servers \+0 -0 ~0, real servers \+0 -0 ~2' "$t3" ||
	fail "the child did not apply generation 1 with two changed real servers"
WANT="5353=down 5354=up 5355=up 5356=down"
wait_states 6 "$WANT"
say "reloaded: $(rs_states) after $(ms_between "$t3" "$(now)") ms"
wait_events "notify_down after the reload" "up down up down "
log_has lb1 "$(RS_RE 5353) DOWN: DNS_CHECK bad reply status: reply rcode 5 \\(REFUSED\\)" "$t3" ||
	fail "5353 after the reload: no REFUSED DOWN line"

stop_clean lb1
say "PASS ($UNDER_TEST)"
