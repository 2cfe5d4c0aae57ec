#!/bin/bash
# Unicast peers: the switch drops every multicast frame (nftables rule in the
# switch namespace), so VRRP works only through unicast_peer.
#  A) floatd lb1 (150) and lb2 (100) peer with each other: lb1 MASTER, lb2
#     BACKUP; lb3 (priority 200, not in their unicast_peer lists) sends its
#     adverts to both and must not disturb them (its adverts are dropped and
#     counted as not_peer); SIGKILL of lb1 -> lb2 takes over.
#  B) interop with keepalived in unicast mode, both directions (SIGTERM of
#     the master -> the other takes over within Skew_Time).
. "$(dirname "$0")/lib.sh"
command -v nft >/dev/null 2>&1 || skip "nft not installed"

MDI_MS=3609
LB_ROLES=(lb1 lb2)
topo_setup lb1 lb2 lb3 cl
sw=$(ns sw)
# bridge-family filter: pkttype multicast (not broadcast: ARP must work)
ip netns exec "$sw" nft -f - <<'EON' || die "nft rule in the switch"
table bridge floatd_test {
	chain mcast_drop {
		type filter hook forward priority 0; policy accept;
		meta pkttype multicast counter drop
	}
}
EON

# uconf FILE ROUTER_ID PRIORITY PEER_ROLE...
uconf() {
	local f=$1 rid=$2 prio=$3 r lines
	shift 3
	lines=$(printf '\tunicast_src_ip %s\n\tunicast_peer {\n' "$(host_ip "$rid")")
	for r in "$@"; do lines="$lines"$'\n'$(printf '\t\t%s' "$(host_ip "$r")"); done
	lines="$lines"$'\n\t}'
	mk_conf "$f" "$rid" "$prio" "$lines"
}

# --- A) floatd pair plus an intruder
uconf "$(tmp lb1.conf)" lb1 150 lb2
uconf "$(tmp lb2.conf)" lb2 100 lb1
uconf "$(tmp lb3.conf)" lb3 200 lb1 lb2
t0=$(now)
start_node lb1 "$(tmp lb1.conf)"
start_node lb2 "$(tmp lb2.conf)"
wait_master lb1 10 "$t0" || fail "lb1 never entered MASTER"
wait_backup lb2 10 "$t0" || fail "lb2 never entered BACKUP"
wait_for 5 "VIP on lb1 only" vip_only_on lb1 || assert_vip_only_on lb1
sleep 4     # > Master_Down_Interval with multicast dropped: unicast carries the adverts
log_has lb2 "$MASTER_RE" "$t0" && fail "lb2 became MASTER: it does not hear lb1 over unicast"
drops=$(ip netns exec "$sw" nft list table bridge floatd_test | awk '/counter/ { for (i = 1; i < NF; i++) if ($i == "packets") print $(i + 1) }')
say "switch dropped $drops multicast frames so far"

t3=$(now)
start_node lb3 "$(tmp lb3.conf)"
wait_master lb3 10 "$t3" || fail "intruder lb3 did not start (it hears nobody, so it must be MASTER)"
sleep 3
for r in lb1 lb2; do
	wait_for 5 "$r counts lb3's adverts as not_peer" log_has "$r" "from $(host_ip lb3): not_peer" "$t3" ||
		fail "$r did not drop lb3's adverts as not_peer"
done
log_has lb1 "$BACKUP_RE" "$t3" && fail "lb1 was disturbed by lb3 (left MASTER)"
log_has lb2 "$MASTER_RE" "$t0" && fail "lb2 was disturbed by lb3"
vip_on lb1 || fail "lb1 lost the VIP while lb3 was sending"
stop_node lb3 TERM
wait_exit lb3 10 || fail "lb3 did not exit"

t0=$(now)
stop_node lb1 KILL
wait_master lb2 10 "$t0" || fail "lb2 did not take over after SIGKILL of lb1"
say "[floatd pair] SIGKILL lb1 -> lb2 MASTER after $(ms_between "$t0" "$(log_time lb2 "$MASTER_RE" "$t0")") ms"
wait_for 5 "VIP on lb2" vip_on lb2 || fail "VIP not on lb2"
stop_node lb2 TERM
wait_exit lb2 10 || fail "lb2 did not exit"
ip -n "$(ns lb1)" addr del "$VIP/24" dev eth0 2>/dev/null   # left by the SIGKILL

# --- B) interop with keepalived over unicast only
interop() {
	local mi=$1 bi=$2 tag="unicast $1->$2" t0 ms
	t0=$(now)
	# lb2 starts once lb1 is MASTER (see interop.sh: the down timers race)
	start_node lb1 "$(tmp lb1.conf)" "$mi"
	wait_master lb1 10 "$t0" || fail "[$tag] lb1 ($mi) never entered MASTER"
	start_node lb2 "$(tmp lb2.conf)" "$bi"
	wait_backup lb2 10 "$t0" || fail "[$tag] lb2 ($bi) never entered BACKUP"
	sleep 4
	log_has lb2 "$MASTER_RE" "$t0" && fail "[$tag] lb2 ($bi) became MASTER: it ignores lb1's ($mi) adverts"
	t0=$(now)
	stop_node lb1 TERM
	wait_master lb2 10 "$t0" || fail "[$tag] lb2 ($bi) did not take over"
	ms=$(ms_between "$t0" "$(log_time lb2 "$MASTER_RE" "$t0")")
	say "[$tag] takeover after SIGTERM: $ms ms"
	[ "$ms" -lt "$MDI_MS" ] || fail "[$tag] lb2 ($bi) ignored the priority-0 advert"
	wait_exit lb1 10 || fail "[$tag] lb1 did not exit"
	stop_node lb2 TERM
	wait_exit lb2 10 || fail "[$tag] lb2 did not exit"
}
if [ -x "$KEEPALIVED" ] && [ "$UNDER_TEST" = floatd ]; then
	interop floatd keepalived
	interop keepalived floatd
else
	say "keepalived interop part skipped (no keepalived or not testing floatd)"
fi
say "PASS ($UNDER_TEST)"
