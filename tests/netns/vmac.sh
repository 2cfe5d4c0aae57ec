#!/bin/bash
# use_vmac (RFC 5798 §7.3): the VIP lives on a macvlan vrrp.51 with MAC
# 00:00:5e:00:01:33 (VRID 51).  floatd creates it at instance start on
# every node and keeps it down except while MASTER, so `ip -d link` lists
# it on both hosts but it is UP and holds the VIP on the master only.
#  - the client's ARP entry for the VIP is the virtual MAC and stays the
#    same across failover (SIGTERM, then SIGKILL) without any flush, and
#    the client's TCP connection reaches the new master's service;
#  - the switch learns the virtual MAC on the master's port (adverts and
#    GARP leave from the VMAC);
#  - sysctls: VMAC arp_ignore=1 accept_local=1 rp_filter=0 and IPv6
#    addr_gen_mode=1; base eth0 arp_ignore=1 arp_filter=1 arp_announce=2,
#    put back to their earlier values when the daemon stops;
#  - a macvlan of that name with another MAC is replaced at start; the
#    VMAC a SIGKILLed run left (up, holding the VIP) is reused on restart;
#  - no macvlan remains after both daemons stop.
. "$(dirname "$0")/lib.sh"
need_socat

VMAC=vrrp.51
VMAC_MAC=00:00:5e:00:01:33
LB_ROLES=(lb1 lb2)
topo_setup lb1 lb2 cl
svc_start lb1
svc_start lb2

# Non-default base values on lb2, to see them come back (not just zeroed).
ip netns exec "$(ns lb2)" sysctl -qw net.ipv4.conf.eth0.arp_ignore=2 net.ipv4.conf.eth0.arp_announce=1 ||
	die "sysctl on lb2"
# A leftover of that name with another MAC: floatd must replace it.
ip -n "$(ns lb2)" link add "$VMAC" link eth0 type macvlan mode private || die "macvlan on lb2"
ip -n "$(ns lb2)" link set "$VMAC" address 02:00:00:00:00:01 || die "mac on lb2"

base_sysctls() {   # ROLE -> "arp_ignore arp_filter arp_announce" of eth0
	printf '%s %s %s\n' "$(sysctl_of "$1" net/ipv4/conf/eth0/arp_ignore)" \
		"$(sysctl_of "$1" net/ipv4/conf/eth0/arp_filter)" "$(sysctl_of "$1" net/ipv4/conf/eth0/arp_announce)"
}
vmac_sysctls() {
	printf '%s %s %s %s\n' "$(sysctl_of "$1" "net/ipv4/conf/$VMAC/arp_ignore")" \
		"$(sysctl_of "$1" "net/ipv4/conf/$VMAC/accept_local")" \
		"$(sysctl_of "$1" "net/ipv4/conf/$VMAC/rp_filter")" \
		"$(sysctl_of "$1" "net/ipv6/conf/$VMAC/addr_gen_mode")"
}
before1=$(base_sysctls lb1)
before2=$(base_sysctls lb2)
[ "$before2" = "2 0 1" ] || die "lb2 base sysctls before start: $before2"

# master_is ROLE: ROLE's VMAC is up with the VIP, the other's is down
# without it; both exist with the virtual MAC.
master_is() {
	local m=$1 b=$2
	[ "$(vip_holders)" = "$m" ] && [ "$(vip_dev "$m")" = "$VMAC" ] &&
		link_is_up "$m" "$VMAC" && ! link_is_up "$b" "$VMAC" &&
		[ "$(link_mac "$m" "$VMAC")" = "$VMAC_MAC" ] && [ "$(link_mac "$b" "$VMAC")" = "$VMAC_MAC" ]
}
show_links() {
	local r
	for r in lb1 lb2; do
		say "  $r: $(ip -n "$(ns "$r")" -br link show dev "$VMAC" 2>&1 | tr -s ' ') VIP on '$(vip_dev "$r")'"
	done
}
fdb_port() {   # the switch port the virtual MAC was learnt on
	ip netns exec "$(ns sw)" bridge fdb show br br0 2>/dev/null |
		awk -v m="$VMAC_MAC" '$1 == m && !/permanent/ { print $3; exit }'
}
cl_mac() { neigh4_mac cl "$VIP"; }

mk_conf "$(tmp lb1.conf)" lb1 150 "	use_vmac"
mk_conf "$(tmp lb2.conf)" lb2 100 "	use_vmac $VMAC"
t0=$(now)
start_node lb1 "$(tmp lb1.conf)"
start_node lb2 "$(tmp lb2.conf)"
wait_master lb1 10 "$t0" || fail "lb1 never MASTER"
wait_backup lb2 10 "$t0" || fail "lb2 never BACKUP"
wait_for 5 "lb1's VMAC up with the VIP, lb2's down" master_is lb1 lb2 || { show_links; fail "VMAC state wrong with lb1 MASTER"; }
log_has lb2 "replacing macvlan $VMAC" "$t0" || fail "lb2 did not say it replaced the leftover macvlan"
for r in lb1 lb2; do
	[ "$(macvlans "$r")" = "$VMAC" ] || fail "$r: macvlans '$(macvlans "$r" | tr '\n' ' ')', expected $VMAC"
	ip -n "$(ns "$r")" -d link show dev "$VMAC" | grep -q 'macvlan mode private' ||
		fail "$r: $VMAC is not a private-mode macvlan: $(ip -n "$(ns "$r")" -d link show dev "$VMAC")"
	[ "$(vmac_sysctls "$r")" = "1 1 0 1" ] || fail "$r: VMAC arp_ignore/accept_local/rp_filter/addr_gen_mode = $(vmac_sysctls "$r")"
	[ "$(base_sysctls "$r")" = "1 1 2" ] || fail "$r: eth0 arp_ignore/arp_filter/arp_announce = $(base_sysctls "$r")"
done
show_links
say "macvlan $VMAC ($VMAC_MAC, private) on both; UP with the VIP on lb1 only; sysctls VMAC 1/1/0/1, eth0 1/1/2 on both"

wait_for 5 "VIP answers lb1" tcp_is "$VIP" lb1 || fail "VIP answered '$(tcp_get "$VIP")', expected lb1"
[ "$(cl_mac)" = "$VMAC_MAC" ] || fail "client's ARP entry for the VIP is '$(cl_mac)', expected $VMAC_MAC"
sleep 1.2   # an advert from the VMAC
[ "$(fdb_port)" = p-lb1 ] || fail "switch learnt $VMAC_MAC on '$(fdb_port)', expected p-lb1"
say "client: VIP:$SVC_PORT answers lb1, ARP entry $VIP -> $(cl_mac); switch has $VMAC_MAC on p-lb1"

# Failover by SIGTERM: no flush on the client.
t1=$(now)
stop_node lb1 TERM
wait_exit lb1 10 || fail "lb1 did not exit"
wait_master lb2 10 "$t1" || fail "lb2 did not take over"
[ -z "$(macvlans lb1)" ] || fail "lb1 left macvlans after SIGTERM: $(macvlans lb1)"
[ "$(base_sysctls lb1)" = "$before1" ] || fail "lb1 eth0 sysctls not restored: $(base_sysctls lb1), were $before1"
wait_for 5 "VIP answers lb2" tcp_is "$VIP" lb2 || fail "after failover the VIP answered '$(tcp_get "$VIP")'"
[ "$(cl_mac)" = "$VMAC_MAC" ] || fail "after failover client's entry is '$(cl_mac)', expected $VMAC_MAC"
link_is_up lb2 "$VMAC" && [ "$(vip_dev lb2)" = "$VMAC" ] || { show_links; fail "lb2's VMAC not up with the VIP"; }
wait_for 3 "switch learns the VMAC on p-lb2" eval '[ "$(fdb_port)" = p-lb2 ]' || fail "switch has $VMAC_MAC on '$(fdb_port)'"
say "SIGTERM lb1: lb1 has no macvlan, eth0 sysctls back to '$before1'; VIP answers lb2; client entry still $(cl_mac); switch moved $VMAC_MAC to p-lb2"

# lb1 back: preempts; lb2's VMAC goes down.
t2=$(now)
start_node lb1 "$(tmp lb1.conf)"
wait_master lb1 10 "$t2" || fail "lb1 did not preempt"
wait_backup lb2 10 "$t2" || fail "lb2 did not go BACKUP"
wait_for 5 "lb1 master on its VMAC" master_is lb1 lb2 || { show_links; fail "VMAC state wrong after lb1 came back"; }
wait_for 5 "VIP answers lb1" tcp_is "$VIP" lb1 || fail "VIP answered '$(tcp_get "$VIP")' after preemption"
[ "$(cl_mac)" = "$VMAC_MAC" ] || fail "client's entry is '$(cl_mac)' after preemption"
idx=$(link_ifindex lb1 "$VMAC")

# SIGKILL of the master: its VMAC stays (up, with the VIP); lb2 takes over;
# the restarted lb1 reuses the leftover and takes it down until MASTER.
stop_node lb1 KILL
wait_exit lb1 5 || fail "lb1 survived SIGKILL"
t3=$(now)
wait_master lb2 10 "$t3" || fail "lb2 did not take over after SIGKILL"
[ "$(macvlans lb1)" = "$VMAC" ] || fail "SIGKILL: expected the leftover $VMAC on lb1, have '$(macvlans lb1)'"
wait_for 5 "VIP answers lb2" tcp_is "$VIP" lb2 || fail "after SIGKILL the VIP answered '$(tcp_get "$VIP")'"
[ "$(cl_mac)" = "$VMAC_MAC" ] || fail "after SIGKILL client's entry is '$(cl_mac)'"
say "SIGKILL lb1: leftover $VMAC stays on lb1 ($(link_is_up lb1 "$VMAC" && echo up || echo down), VIP on '$(vip_dev lb1)'); VIP answers lb2; client entry $(cl_mac)"
mk_conf "$(tmp lb1low.conf)" lb1 50 "	use_vmac"
t4=$(now)
start_node lb1 "$(tmp lb1low.conf)"
wait_backup lb1 10 "$t4" || fail "restarted lb1 never BACKUP"
log_has lb1 "reusing VMAC $VMAC" "$t4" || fail "restarted lb1 did not reuse the leftover VMAC"
[ "$(link_ifindex lb1 "$VMAC")" = "$idx" ] || fail "VMAC ifindex changed: $(link_ifindex lb1 "$VMAC") (was $idx)"
wait_for 5 "lb2 master, lb1's reused VMAC down without VIP" master_is lb2 lb1 || { show_links; fail "state after restart"; }
[ "$(macvlans lb1)" = "$VMAC" ] || fail "lb1 has macvlans '$(macvlans lb1 | tr '\n' ' ')'"
tcp_is "$VIP" lb2 || fail "VIP answered '$(tcp_get "$VIP")' with lb1 restarted as BACKUP"
say "restart lb1 (BACKUP): leftover $VMAC reused (ifindex $idx), taken down, VIP removed from it; VIP answers lb2"

stop_node lb1 TERM
stop_node lb2 TERM
wait_exit lb1 10 || fail "lb1 did not exit"
wait_exit lb2 10 || fail "lb2 did not exit"
for r in lb1 lb2; do
	[ -z "$(macvlans "$r")" ] || fail "$r: macvlan left after stop: $(macvlans "$r")"
done
[ "$(base_sysctls lb2)" = "$before2" ] || fail "lb2 eth0 sysctls not restored: $(base_sysctls lb2), were $before2"
say "after stop: no macvlan on lb1/lb2; lb2 eth0 arp_ignore/arp_filter/arp_announce back to '$before2'"
say "PASS ($UNDER_TEST)"
