#!/bin/bash
# The body of interop.sh (FAMILY=4) and interop6.sh (FAMILY=6), sourced by
# them: interop with keepalived on the wire, same VRID, both directions:
#  A) floatd lb1 (150) MASTER, keepalived lb2 (100) BACKUP; SIGTERM floatd
#     -> keepalived takes over within Skew_Time (it honoured our priority 0).
#  B) keepalived lb1 (150) MASTER, floatd lb2 (100) BACKUP; SIGTERM
#     keepalived -> floatd takes over likewise.
# IPv4 runs both for VRRPv2 and VRRPv3; IPv6 (VRRPv3 to ff02::12 from
# link-local addresses) for multicast and for an IPv6 unicast_peer, and also
# checks that the client's neighbour entry follows the new master.
# While the roles are stable for longer than Master_Down_Interval, the
# backup must never become MASTER (it accepts the other's adverts), and
# neither log may complain about the other's packets.
. "$(dirname "$0")/lib.sh"
need_keepalived

MDI_MS=3609
KA_COMPLAINTS='checksum|invalid|ttl|mismatch|wrong'
FD_COMPLAINTS='dropped'

topo_setup lb1 lb2 cl

# What differs between the families: the variants run, the config, how the
# VIP and the client are checked.
#   mk_variant_conf FILE ROLE PRIO VARIANT   vip_alone ROLE
#   assert_vip_alone ROLE TAG   client_reaches TAG   client_follows ROLE TAG
case "$FAMILY" in
4)
	VARIANTS="2 3"
	variant_tag() { printf 'v%s' "$1"; }
	mk_variant_conf() { mk_conf "$1" "$2" "$3" "" "	vrrp_version $4"; }
	vip_alone() { vip_only_on "$1"; }
	assert_vip_alone() { assert_vip_only_on "$1"; }
	client_reaches() {
		wait_for 5 "client reaches VIP" reachable "$VIP" || fail "[$1] client cannot reach $VIP"
	}
	client_follows() { :; }
	;;
6)
	topo_add_v6 lb1 lb2 cl
	wait_ll lb1 lb2 cl
	VARIANTS="mcast unicast"
	variant_tag() { printf 'IPv6 %s' "$1"; }
	# unicast_lines ROLE PEER: IPv6 unicast block for ROLE talking to PEER
	unicast_lines() {
		printf '\tunicast_src_ip %s\n\tunicast_peer {\n\t\t%s\n\t}\n' "$(host_ip6 "$1")" "$(host_ip6 "$2")"
	}
	mk_variant_conf() {
		local x=""
		[ "$4" = unicast ] && x=$(unicast_lines "$2" "$([ "$2" = lb1 ] && echo lb2 || echo lb1)")
		mk_conf6 "$1" "$2" "$3" "$x"
	}
	vip_alone() { vip6_only_on "$1"; }
	assert_vip_alone() { vip6_only_on "$1" || fail "[$2] VIP6 held by '$(vip6_holders)'"; }
	client_reaches() {
		ip netns exec "$(ns cl)" ping -6 -c 1 -W 2 "$VIP6" >/dev/null || fail "[$1] client cannot reach $VIP6"
	}
	client_follows() {
		wait_for 5 "client neighbour entry -> $1" neigh6_is cl "$VIP6" "$(mac_of "$1")" ||
			fail "[$2] client's neighbour entry did not follow $1 (${NODE_IMPL[$1]})"
	}
	;;
*)
	die "FAMILY must be 4 or 6, not '${FAMILY:-}'"
	;;
esac

# scenario VARIANT MASTER_IMPL BACKUP_IMPL
scenario() {
	local var=$1 mi=$2 bi=$3 tag t0 t_start t_master r impl re ms
	tag="$(variant_tag "$var") $mi->$bi"
	t_start=$(now)
	mk_variant_conf "$(tmp "lb1-$var.conf")" lb1 150 "$var"
	mk_variant_conf "$(tmp "lb2-$var.conf")" lb2 100 "$var"
	t0=$(now)
	# lb2 starts once lb1 is MASTER: started together, the two down timers
	# race (keepalived reaches BACKUP some 200 ms later than floatd), and a
	# lb2 that wins would look like one ignoring lb1's adverts
	start_node lb1 "$(tmp "lb1-$var.conf")" "$mi"
	wait_master lb1 10 "$t0" || fail "[$tag] lb1 ($mi) never entered MASTER"
	start_node lb2 "$(tmp "lb2-$var.conf")" "$bi"
	wait_backup lb2 10 "$t0" || fail "[$tag] lb2 ($bi) never entered BACKUP"
	wait_for 5 "VIP on lb1 only" vip_alone lb1 || assert_vip_alone lb1 "$tag"
	sleep 4     # > Master_Down_Interval: lb2 must keep accepting lb1's adverts
	log_has lb2 "$MASTER_RE" "$t0" && fail "[$tag] lb2 ($bi) became MASTER: it ignores lb1's ($mi) adverts"
	assert_vip_alone lb1 "$tag"
	client_reaches "$tag"

	t0=$(now)
	stop_node lb1 TERM
	wait_master lb2 10 "$t0" || fail "[$tag] lb2 ($bi) did not take over"
	t_master=$(log_time lb2 "$MASTER_RE" "$t0")
	ms=$(ms_between "$t0" "$t_master")
	wait_exit lb1 10 || fail "[$tag] lb1 ($mi) did not exit on SIGTERM"
	wait_for 5 "VIP on lb2 only" vip_alone lb2 || assert_vip_alone lb2 "$tag"
	client_follows lb2 "$tag"
	say "[$tag] takeover after SIGTERM: $ms ms"
	[ "$ms" -lt "$MDI_MS" ] ||
		fail "[$tag] takeover $ms ms >= Master_Down_Interval: lb2 ($bi) ignored the priority-0 advert"
	stop_node lb2 TERM
	wait_exit lb2 10 || fail "[$tag] lb2 ($bi) did not exit"

	for r in lb1 lb2; do
		impl=${NODE_IMPL[$r]}
		re=$KA_COMPLAINTS
		[ "$impl" = floatd ] && re=$FD_COMPLAINTS
		# floatd's exit statistics end in "dropped: none" when all is well.
		if grep -v -e '----- harness' -e 'dropped: none$' "$(node_log "$r")" |
			awk -v s="$t_start" '($1 + 0) >= s + 0' |
			grep -i -E "$re" >"$(tmp complaints.txt)"; then
			fail "[$tag] $r ($impl) log complains about the peer: $(head -n 3 "$(tmp complaints.txt)")"
		fi
	done
}

FD=floatd
[ "$UNDER_TEST" = keepalived ] && FD=keepalived
for var in $VARIANTS; do
	scenario "$var" "$FD" keepalived
	scenario "$var" keepalived "$FD"
done
say "PASS (floatd side: $FD)"
