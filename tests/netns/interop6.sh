#!/bin/bash
# Interop with keepalived over IPv6 (VRRPv3 to ff02::12 from link-local
# addresses, and IPv6 unicast_peer), both directions:
#  floatd lb1 (150) MASTER + keepalived lb2 (100) BACKUP, then swapped.
# The backup must accept the master's adverts for longer than
# Master_Down_Interval, take over within Skew_Time of the master's SIGTERM
# (priority 0 honoured), and neither log may complain about the peer.
. "$(dirname "$0")/lib.sh"
need_keepalived

MDI_MS=3609
KA_COMPLAINTS='checksum|invalid|ttl|mismatch|wrong'
FD_COMPLAINTS='dropped'

topo_setup lb1 lb2 cl
topo_add_v6 lb1 lb2 cl
wait_ll lb1 lb2 cl

# unicast_lines ROLE PEER: IPv6 unicast block for ROLE talking to PEER
unicast_lines() {
	printf '\tunicast_src_ip %s\n\tunicast_peer {\n\t\t%s\n\t}\n' "$(host_ip6 "$1")" "$(host_ip6 "$2")"
}

# scenario MODE MASTER_IMPL BACKUP_IMPL   (MODE: mcast | unicast)
scenario() {
	local mode=$1 mi=$2 bi=$3 tag t0 t_start t_master r impl re ms x1="" x2=""
	tag="IPv6 $mode $mi->$bi"
	t_start=$(now)
	if [ "$mode" = unicast ]; then
		x1=$(unicast_lines lb1 lb2)
		x2=$(unicast_lines lb2 lb1)
	fi
	mk_conf6 "$(tmp "lb1-$mode.conf")" lb1 150 "$x1"
	mk_conf6 "$(tmp "lb2-$mode.conf")" lb2 100 "$x2"
	t0=$(now)
	# lb2 starts once lb1 is MASTER (see interop.sh: the down timers race)
	start_node lb1 "$(tmp "lb1-$mode.conf")" "$mi"
	wait_master lb1 10 "$t0" || fail "[$tag] lb1 ($mi) never entered MASTER"
	start_node lb2 "$(tmp "lb2-$mode.conf")" "$bi"
	wait_backup lb2 10 "$t0" || fail "[$tag] lb2 ($bi) never entered BACKUP"
	wait_for 5 "VIP6 on lb1 only" vip6_only_on lb1 || fail "[$tag] VIP6 held by '$(vip6_holders)'"
	sleep 4     # > Master_Down_Interval: lb2 must keep accepting lb1's adverts
	log_has lb2 "$MASTER_RE" "$t0" && fail "[$tag] lb2 ($bi) became MASTER: it ignores lb1's ($mi) adverts"
	vip6_only_on lb1 || fail "[$tag] VIP6 held by '$(vip6_holders)'"
	ip netns exec "$(ns cl)" ping -6 -c 1 -W 2 "$VIP6" >/dev/null || fail "[$tag] client cannot reach $VIP6"

	t0=$(now)
	stop_node lb1 TERM
	wait_master lb2 10 "$t0" || fail "[$tag] lb2 ($bi) did not take over"
	t_master=$(log_time lb2 "$MASTER_RE" "$t0")
	ms=$(ms_between "$t0" "$t_master")
	wait_exit lb1 10 || fail "[$tag] lb1 ($mi) did not exit on SIGTERM"
	wait_for 5 "VIP6 on lb2 only" vip6_only_on lb2 || fail "[$tag] VIP6 held by '$(vip6_holders)'"
	wait_for 5 "client neighbour entry -> lb2" neigh6_is cl "$VIP6" "$(mac_of lb2)" ||
		fail "[$tag] client's neighbour entry did not follow lb2 ($bi)"
	say "[$tag] takeover after SIGTERM: $ms ms"
	[ "$ms" -lt "$MDI_MS" ] ||
		fail "[$tag] takeover $ms ms >= Master_Down_Interval: lb2 ($bi) ignored the priority-0 advert"
	stop_node lb2 TERM
	wait_exit lb2 10 || fail "[$tag] lb2 ($bi) did not exit"

	for r in lb1 lb2; do
		impl=${NODE_IMPL[$r]}
		re=$KA_COMPLAINTS
		[ "$impl" = floatd ] && re=$FD_COMPLAINTS
		if grep -v -e '----- harness' -e 'dropped: none$' "$(node_log "$r")" |
			awk -v s="$t_start" '($1 + 0) >= s + 0' |
			grep -i -E "$re" >"$(tmp complaints.txt)"; then
			fail "[$tag] $r ($impl) log complains about the peer: $(head -n 3 "$(tmp complaints.txt)")"
		fi
	done
}

FD=floatd
[ "$UNDER_TEST" = keepalived ] && FD=keepalived
for mode in mcast unicast; do
	scenario "$mode" "$FD" keepalived
	scenario "$mode" keepalived "$FD"
done
say "PASS (floatd side: $FD)"
