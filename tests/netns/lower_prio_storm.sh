#!/bin/bash
# test-lock: quiet (a 100 adverts/s storm; counts adverts and GARPs)
# Lower-priority adverts at a high rate must not make the MASTER answer at
# the same rate (RFC 9568 answer: advert + GARP round, at most one per
# Advertisement_Interval).  lb1 (priority 150, VRRPv3, 1 s) is MASTER; lb2
# (priority 100, VRRPv3, advert_int 0.01) has VRRP cut on its input
# (nftables), so it never hears lb1, becomes MASTER too and sends 100
# lower-priority adverts per second to lb1.  Captured on lb2's eth0
# (tcpdump sees frames before the input hook) over WATCH_S seconds:
#  - lb1's adverts: at most 2 per interval (the regular one plus one
#    answer) + 1, and at least one answer (more than the regular ones);
#  - lb1's gratuitous ARPs: at most one burst (garp_lower_prio_repeat 2)
#    per interval + 1 burst.
# Then lb1 restarts with lower_prio_no_advert: its adverts fall back to the
# regular rate (no answers), while its GARP rounds still answer.
. "$(dirname "$0")/lib.sh"

need_nft
command -v tcpdump >/dev/null 2>&1 || skip "tcpdump not installed"
WATCH_S=5
REPEAT=2

topo_setup lb1 lb2 cl
mk_conf "$(tmp lb1.conf)" lb1 150 "$(printf '\tversion 3\n\tgarp_lower_prio_repeat %s\n\tgarp_master_refresh 0' $REPEAT)"
mk_conf "$(tmp lb1-noadv.conf)" lb1 150 "$(printf '\tversion 3\n\tgarp_lower_prio_repeat %s\n\tgarp_master_refresh 0\n\tlower_prio_no_advert' $REPEAT)"
mk_conf "$(tmp lb2.conf)" lb2 100 "$(printf '\tversion 3\n\tadvert_int 0.01')"
for c in lb1 lb1-noadv lb2; do
	floatd_t -f "$(tmp "$c.conf")" >"$(tmp conf-t.out)" 2>&1 ||
		die "$c.conf rejected: $(cat "$(tmp conf-t.out)")"
done
lb1_mac=$(mac_of lb1)
lb1_ip=$(host_ip lb1)
lb2_ip=$(host_ip lb2)

cap=$(tmp frames.txt)
ip netns exec "$(ns lb2)" tcpdump -i eth0 -n -e -tt -l -p 'proto 112 or arp' >"$cap" 2>"$(tmp tcpdump.err)" &
TCPDUMP_PID=$!
_PIDS+=("$TCPDUMP_PID")

start_node lb1 "$(tmp lb1.conf)"
wait_master lb1 10 || fail "lb1 never entered MASTER"
t_master=$(now)
vrrp_cut lb2
start_node lb2 "$(tmp lb2.conf)"
wait_master lb2 10 || fail "lb2 (cut from lb1's adverts) never entered MASTER"

# count FROM TO: lb1's adverts, lb1's ARP frames and lb2's adverts in the
# capture between two wall-clock times
count() {
	awk -v s="$1" -v e="$2" -v mac="$lb1_mac" -v a="$lb1_ip" -v b="$lb2_ip" '
		($1 + 0) < s || ($1 + 0) > e { next }
		$2 == mac && / > 224\.0\.0\.18: VRRP/ { adv++ }
		$2 == mac && /ethertype ARP/ { arp++ }
		/ > 224\.0\.0\.18: VRRP/ && index($0, " " b " > ") { low++ }
		END { printf "%d %d %d\n", adv, arp, low }' "$cap"
}

# watch LABEL: sets adv arp low over WATCH_S seconds, starting now
watch() {
	local t0 t1
	t0=$(now)
	sleep "$WATCH_S"
	t1=$(now)
	sleep 0.3     # tcpdump -l writes each line as it comes
	read -r adv arp low < <(count "$t0" "$t1")
	say "$1: over ${WATCH_S} s lb2 sent $low lower-priority adverts," \
		"lb1 sent $adv adverts and $arp ARP frames"
	[ "$low" -ge $((WATCH_S * 50)) ] || fail "$1: lb2 sent only $low adverts (expected ~100/s)"
	node_alive lb1 || fail "$1: lb1 died"
}

sleep 1
watch "answers"
[ "$adv" -le $((2 * WATCH_S + 1)) ] ||
	fail "lb1 sent $adv adverts in ${WATCH_S} s: more than one answer per interval"
[ "$adv" -gt $((WATCH_S + 1)) ] ||
	fail "lb1 sent only $adv adverts in ${WATCH_S} s: lower priorities were not answered"
[ "$arp" -le $((REPEAT * (WATCH_S + 1))) ] ||
	fail "lb1 sent $arp ARP frames in ${WATCH_S} s: more than one GARP burst per interval"
[ "$arp" -ge "$REPEAT" ] || fail "lb1 sent no GARP answer in ${WATCH_S} s"
log_has lb1 "$BACKUP_RE" "$t_master" && fail "lb1 left MASTER"

# --- lower_prio_no_advert: GARP answers only
stop_node lb1 TERM
wait_exit lb1 10 || fail "lb1 did not stop"
start_node lb1 "$(tmp lb1-noadv.conf)"
t_restart=$(now)
wait_for 10 "lb1 MASTER again" _state_seen lb1 "$MASTER_RE" "$t_restart" || fail "lb1 (lower_prio_no_advert) never became MASTER"
sleep 1
watch "lower_prio_no_advert"
[ "$adv" -le $((WATCH_S + 1)) ] ||
	fail "lb1 sent $adv adverts in ${WATCH_S} s with lower_prio_no_advert (regular ones only expected)"
[ "$adv" -ge $((WATCH_S - 1)) ] || fail "lb1 sent only $adv adverts in ${WATCH_S} s"
[ "$arp" -le $((REPEAT * (WATCH_S + 1))) ] ||
	fail "lb1 sent $arp ARP frames in ${WATCH_S} s: more than one GARP burst per interval"
[ "$arp" -ge "$REPEAT" ] || fail "lb1 sent no GARP answer in ${WATCH_S} s with lower_prio_no_advert"
kill -INT "$TCPDUMP_PID"
say "PASS ($UNDER_TEST)"
