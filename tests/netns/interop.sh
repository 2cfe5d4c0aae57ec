#!/bin/bash
# Interop with keepalived on the wire, VRRPv2 and VRRPv3, same VRID:
#  A) floatd lb1 (150) MASTER, keepalived lb2 (100) BACKUP; SIGTERM floatd
#     -> keepalived takes over within Skew_Time (it honoured our priority 0).
#  B) keepalived lb1 (150) MASTER, floatd lb2 (100) BACKUP; SIGTERM
#     keepalived -> floatd takes over likewise.
# While the roles are stable for longer than Master_Down_Interval, the
# backup must never become MASTER (it accepts the other's adverts), and
# neither log may complain about the other's packets.
. "$(dirname "$0")/lib.sh"
need_keepalived

MDI_MS=3609
KA_COMPLAINTS='checksum|invalid|ttl|mismatch|wrong'
FD_COMPLAINTS='dropped'

topo_setup lb1 lb2 cl

# scenario VERSION MASTER_IMPL BACKUP_IMPL
scenario() {
	local v=$1 mi=$2 bi=$3 tag t0 t_start t_master r impl re ms
	tag="v$v $mi->$bi"
	t_start=$(now)
	mk_conf "$(tmp "lb1-v$v.conf")" lb1 150 "" "	vrrp_version $v"
	mk_conf "$(tmp "lb2-v$v.conf")" lb2 100 "" "	vrrp_version $v"
	t0=$(now)
	# lb2 starts once lb1 is MASTER: started together, the two down timers
	# race (keepalived reaches BACKUP some 200 ms later than floatd), and a
	# lb2 that wins would look like one ignoring lb1's adverts
	start_node lb1 "$(tmp "lb1-v$v.conf")" "$mi"
	wait_master lb1 10 "$t0" || fail "[$tag] lb1 ($mi) never entered MASTER"
	start_node lb2 "$(tmp "lb2-v$v.conf")" "$bi"
	wait_backup lb2 10 "$t0" || fail "[$tag] lb2 ($bi) never entered BACKUP"
	wait_for 5 "VIP on lb1 only" vip_only_on lb1 || assert_vip_only_on lb1
	sleep 4     # > Master_Down_Interval: lb2 must keep accepting lb1's adverts
	log_has lb2 "$MASTER_RE" "$t0" && fail "[$tag] lb2 ($bi) became MASTER: it ignores lb1's ($mi) adverts"
	assert_vip_only_on lb1
	wait_for 5 "client reaches VIP" reachable "$VIP" || fail "[$tag] client cannot reach $VIP"

	t0=$(now)
	stop_node lb1 TERM
	wait_master lb2 10 "$t0" || fail "[$tag] lb2 ($bi) did not take over"
	t_master=$(log_time lb2 "$MASTER_RE" "$t0")
	ms=$(ms_between "$t0" "$t_master")
	wait_exit lb1 10 || fail "[$tag] lb1 ($mi) did not exit on SIGTERM"
	wait_for 5 "VIP on lb2 only" vip_only_on lb2 || assert_vip_only_on lb2
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
for v in 2 3; do
	scenario "$v" "$FD" keepalived
	scenario "$v" keepalived "$FD"
done
say "PASS (floatd side: $FD)"
