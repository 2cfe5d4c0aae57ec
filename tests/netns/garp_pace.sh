#!/bin/bash
# GARP / NA pacing: vrrp_garp_interval and vrrp_gna_interval
# space the messages of a burst on the interface (sent from a timer, the
# loop never waits); vrrp_min_garp leaves one message and no second burst.
# One node per case; tcpdump captures on lb1's own eth0: outgoing packets
# are stamped as they are sent, while a capture on the receiving side saw
# one NA delayed by a loaded host's receive path and the next one 28 ms
# behind it (a gap the sender never made).
. "$(dirname "$0")/lib.sh"

command -v tcpdump >/dev/null 2>&1 || skip "tcpdump not installed"
topo_setup lb1 lb2 cl
topo_add_v6 lb1 cl
wait_ll lb1 cl

# run CASE FILTER CONF: start lb1 alone, capture FILTER on its eth0 for
# 6 s after it becomes MASTER; the capture's timestamps go to CASE.t
run() {
	local cap
	cap=$(tmp "$1.cap")
	ip netns exec "$(ns lb1)" tcpdump -i eth0 -n -tt -l -p "$2" >"$cap" 2>/dev/null &
	local pid=$!
	_PIDS+=("$pid")
	sleep 1
	start_node lb1 "$3"
	wait_master lb1 10 || fail "$1: lb1 never entered MASTER"
	sleep 6
	stop_node lb1 TERM
	wait_exit lb1 10 || fail "$1: lb1 did not exit"
	kill -INT "$pid"
	wait_for 5 "tcpdump exit" eval '! _pid_alive '"$pid" || die "tcpdump did not stop"
	awk '$2 != "" { print $1 }' "$cap" >"$(tmp "$1.t")"
}
# gaps TIMES...: smallest gap between consecutive timestamps, in ms
min_gap() { awk 'NR > 1 { g = ($1 - p) * 1000; if (m == "" || g < m) m = g } { p = $1 } END { printf "%d\n", m }'; }

# IPv4: repeat 5, no second burst, 250 ms between GARPs
mk_conf "$(tmp a.conf)" lb1 150 "" "$(printf '\tvrrp_garp_master_delay 0\n\tvrrp_garp_interval 0.25')"
run garp "arp and src host $VIP" "$(tmp a.conf)"
n=$(wc -l <"$(tmp garp.t)")
g=$(min_gap <"$(tmp garp.t)")
say "vrrp_garp_interval 0.25: $n GARPs, smallest gap $g ms"
[ "$n" -ge 5 ] || fail "expected 5 GARPs for the VIP, saw $n"
[ "$g" -ge 240 ] || fail "GARPs $g ms apart, vrrp_garp_interval is 250 ms"
log_has lb1 'cannot send' && fail "send errors: $(grep 'cannot send' "$(node_log lb1)")"

# IPv6: 5 unsolicited NAs for the VIP, 300 ms apart
mk_conf6 "$(tmp b.conf)" lb1 150 "" "$(printf '\tvrrp_garp_master_delay 0\n\tvrrp_gna_interval 0.3')"
run gna "icmp6 and ip6[40] == 136 and src host $VIP6" "$(tmp b.conf)"
n=$(wc -l <"$(tmp gna.t)")
g=$(min_gap <"$(tmp gna.t)")
say "vrrp_gna_interval 0.3: $n NAs, smallest gap $g ms"
[ "$n" -ge 5 ] || fail "expected 5 unsolicited NAs for the VIP, saw $n"
[ "$g" -ge 290 ] || fail "NAs $g ms apart, vrrp_gna_interval is 300 ms"

# without a gap the burst leaves at once (the control for the two above)
mk_conf "$(tmp c.conf)" lb1 150 "" "$(printf '\tvrrp_garp_master_delay 0')"
run nogap "arp and src host $VIP" "$(tmp c.conf)"
n=$(wc -l <"$(tmp nogap.t)")
g=$(min_gap <"$(tmp nogap.t)")
say "no interval: $n GARPs, smallest gap $g ms"
[ "$n" -ge 5 ] && [ "$g" -lt 50 ] || fail "without vrrp_garp_interval expected a burst of 5, saw $n, gap $g ms"

# vrrp_min_garp: one GARP, no second burst after garp_master_delay (5 s)
mk_conf "$(tmp d.conf)" lb1 150 "" "$(printf '\tvrrp_min_garp')"
run min "arp and src host $VIP" "$(tmp d.conf)"
n=$(wc -l <"$(tmp min.t)")
say "vrrp_min_garp: $n GARP(s) in 6 s"
[ "$n" = 1 ] || fail "vrrp_min_garp: expected 1 GARP, saw $n"
say "PASS ($UNDER_TEST)"
