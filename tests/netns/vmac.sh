#!/bin/bash
# use_vmac (RFC 5798 §7.3): the VIP lives on a macvlan vrrp.51 with MAC
# 00:00:5e:00:01:33 (VRID 51) that exists on the MASTER only: floatd
# creates it when the instance enters MASTER and deletes it when it leaves.
#  - `ip -d link` shows the private-mode macvlan with the virtual MAC, up and
#    holding the VIP, on the master and no macvlan on the backup; this
#    follows SIGTERM failover, preemption and SIGKILL failover;
#  - the client's ARP entry for the VIP is the virtual MAC and stays the
#    same across every failover without any flush, and the client's TCP
#    connection reaches the new master's service; the switch learns the
#    virtual MAC on the master's port (adverts and GARP leave from the VMAC);
#  - make-before-break: a SIGTERMed master deletes its VMAC only once the
#    new master is heard;
#  - sysctls: VMAC arp_ignore=1 accept_local=1 rp_filter=0 and IPv6
#    addr_gen_mode=1; base eth0 arp_ignore=1 arp_filter=1 arp_announce=2
#    while the VMAC exists, the earlier values back when it goes;
#  - leftovers: a macvlan of that name (another MAC) is removed by a node
#    starting as BACKUP; the VMAC a SIGKILLed master left (up, with the VIP)
#    is removed, VIP included, when that node restarts as BACKUP, and reused
#    when it restarts as the address owner (priority 255, straight MASTER);
#  - the daemon's fd count is the same before and after a MASTER cycle
#    (sockets on the VMAC are closed with it);
#  - no macvlan remains after both daemons stop.
# It also prints the time the VMAC creation adds to a takeover: from the
# new master's "Entering MASTER STATE" line to the VIP in `ip monitor`.
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
# A leftover of that name with another MAC: lb2 starts as BACKUP and removes it.
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

# is_vmac ROLE: ROLE has exactly our macvlan, private mode, virtual MAC, up,
# holding the VIP.
is_vmac() {
	[ "$(macvlans "$1")" = "$VMAC" ] &&
		ip -n "$(ns "$1")" -d link show dev "$VMAC" 2>/dev/null | grep -q 'macvlan mode private' &&
		[ "$(link_mac "$1" "$VMAC")" = "$VMAC_MAC" ] && link_is_up "$1" "$VMAC" &&
		[ "$(vip_dev "$1")" = "$VMAC" ]
}
# master_only M B: the VMAC (with the VIP) on M, no macvlan and no VIP on B.
master_only() {
	[ "$(vip_holders)" = "$1" ] && is_vmac "$1" && [ -z "$(macvlans "$2")" ]
}
show_links() {
	local r
	for r in lb1 lb2; do
		say "  $r: macvlans '$(macvlans "$r" | tr '\n' ' ')' $(ip -n "$(ns "$r")" -br link show dev "$VMAC" 2>&1 | tr -s ' ') VIP on '$(vip_dev "$r")'"
	done
}
fdb_port() {   # the switch port the virtual MAC was learnt on
	ip netns exec "$(ns sw)" bridge fdb show br br0 2>/dev/null |
		awk -v m="$VMAC_MAC" '$1 == m && !/permanent/ { print $3; exit }'
}
cl_mac() { neigh4_mac cl "$VIP"; }
nfds() { ls "/proc/${NODE_PID[$1]}/fd" 2>/dev/null | wc -l; }

# VIP appearance on ROLE, stamped: `ip monitor address` from now on.
mon_start() {
	MON_FILE=$(tmp "mon-$1-$2.txt")
	ip -n "$(ns "$1")" monitor address > >(_stamp >"$MON_FILE") 2>&1 &
	MON_PID=$!
	_PIDS+=("$MON_PID")
	sleep 0.2
}
mon_stop() { kill "$MON_PID" 2>/dev/null; wait "$MON_PID" 2>/dev/null; }
TAKEOVER_MS=()
# takeover_ms ROLE SINCE: "Entering MASTER STATE" -> VMAC logged up -> VIP added.
takeover_ms() {
	local tm tv ta
	tm=$(log_time "$1" "$MASTER_RE" "$2") || return 1
	tv=$(log_time "$1" "VMAC $VMAC .* up on" "$2") || return 1
	ta=$(awk -v re="inet $VIP/.* $VMAC" '!/Deleted/ && $0 ~ re { print $1; exit }' "$MON_FILE")
	[ -n "$ta" ] || return 1
	TAKEOVER_MS+=("$(ms_between "$tm" "$ta")")
	say "  $1 takeover: MASTER line -> VMAC up $(ms_between "$tm" "$tv") ms, -> VIP on $VMAC $(ms_between "$tm" "$ta") ms"
}

mk_conf "$(tmp lb1.conf)" lb1 150 "	use_vmac"
mk_conf "$(tmp lb2.conf)" lb2 100 "	use_vmac $VMAC"
t0=$(now)
mon_start lb1 0
start_node lb1 "$(tmp lb1.conf)"
start_node lb2 "$(tmp lb2.conf)"
wait_master lb1 10 "$t0" || fail "lb1 never MASTER"
wait_backup lb2 10 "$t0" || fail "lb2 never BACKUP"
wait_for 5 "VMAC with the VIP on lb1 only" master_only lb1 lb2 || { show_links; fail "VMAC not on lb1 only"; }
mon_stop
takeover_ms lb1 "$t0" || fail "no VMAC/VIP timestamps for lb1's takeover"
log_has lb2 "removed macvlan $VMAC left over" "$t0" || fail "lb2 did not say it removed the leftover macvlan"
[ "$(vmac_sysctls lb1)" = "1 1 0 1" ] || fail "lb1: VMAC arp_ignore/accept_local/rp_filter/addr_gen_mode = $(vmac_sysctls lb1)"
[ "$(base_sysctls lb1)" = "1 1 2" ] || fail "lb1 (master): eth0 arp_ignore/arp_filter/arp_announce = $(base_sysctls lb1)"
[ "$(base_sysctls lb2)" = "$before2" ] || fail "lb2 (backup, no VMAC): eth0 sysctls $(base_sysctls lb2), expected untouched $before2"
show_links
say "macvlan $VMAC ($VMAC_MAC, private, up, VIP) on lb1 only; lb2's leftover (other MAC) removed at start; sysctls VMAC 1/1/0/1, eth0 1/1/2 on lb1, lb2 eth0 untouched"
fds2=$(nfds lb2)

wait_for 5 "VIP answers lb1" tcp_is "$VIP" lb1 || fail "VIP answered '$(tcp_get "$VIP")', expected lb1"
[ "$(cl_mac)" = "$VMAC_MAC" ] || fail "client's ARP entry for the VIP is '$(cl_mac)', expected $VMAC_MAC"
sleep 1.2   # an advert from the VMAC
[ "$(fdb_port)" = p-lb1 ] || fail "switch learnt $VMAC_MAC on '$(fdb_port)', expected p-lb1"
say "client: VIP:$SVC_PORT answers lb1, ARP entry $VIP -> $(cl_mac); switch has $VMAC_MAC on p-lb1"

# Failover by SIGTERM: no flush on the client; lb1 keeps its VMAC until lb2
# is heard as master (make-before-break), then deletes it.
t1=$(now)
mon_start lb2 1
stop_node lb1 TERM
wait_exit lb1 10 || fail "lb1 did not exit"
wait_master lb2 10 "$t1" || fail "lb2 did not take over"
wait_for 5 "VMAC with the VIP on lb2 only" master_only lb2 lb1 || { show_links; fail "VMAC not on lb2 only after SIGTERM"; }
mon_stop
takeover_ms lb2 "$t1" || fail "no VMAC/VIP timestamps for lb2's takeover"
tgone=$(log_time lb1 "VMAC $VMAC removed" "$t1") || fail "lb1 did not log its VMAC removal"
tm2=$(log_time lb2 "$MASTER_RE" "$t1")
awk -v a="$tgone" -v b="$tm2" 'BEGIN { exit !(a >= b) }' ||
	fail "lb1 removed its VMAC $(ms_between "$tgone" "$tm2") ms before lb2 became MASTER (not make-before-break)"
[ "$(base_sysctls lb1)" = "$before1" ] || fail "lb1 eth0 sysctls not restored: $(base_sysctls lb1), were $before1"
[ "$(base_sysctls lb2)" = "1 1 2" ] || fail "lb2 (master): eth0 sysctls $(base_sysctls lb2)"
[ "$(vmac_sysctls lb2)" = "1 1 0 1" ] || fail "lb2: VMAC sysctls $(vmac_sysctls lb2)"
wait_for 5 "VIP answers lb2" tcp_is "$VIP" lb2 || fail "after failover the VIP answered '$(tcp_get "$VIP")'"
[ "$(cl_mac)" = "$VMAC_MAC" ] || fail "after failover client's entry is '$(cl_mac)', expected $VMAC_MAC"
wait_for 3 "switch learns the VMAC on p-lb2" eval '[ "$(fdb_port)" = p-lb2 ]' || fail "switch has $VMAC_MAC on '$(fdb_port)'"
say "SIGTERM lb1: lb1 deleted $VMAC $(ms_between "$tm2" "$tgone") ms after lb2 became MASTER, eth0 sysctls back to '$before1'; $VMAC on lb2 only; VIP answers lb2; client entry still $(cl_mac); switch moved $VMAC_MAC to p-lb2"

# lb1 back: preempts; lb2 deletes its VMAC and puts its eth0 sysctls back.
t2=$(now)
start_node lb1 "$(tmp lb1.conf)"
wait_master lb1 10 "$t2" || fail "lb1 did not preempt"
wait_backup lb2 10 "$t2" || fail "lb2 did not go BACKUP"
wait_for 5 "VMAC on lb1 only" master_only lb1 lb2 || { show_links; fail "VMAC not on lb1 only after preemption"; }
[ "$(base_sysctls lb2)" = "$before2" ] || fail "lb2 eth0 sysctls not restored on BACKUP: $(base_sysctls lb2), were $before2"
wait_for 5 "VIP answers lb1" tcp_is "$VIP" lb1 || fail "VIP answered '$(tcp_get "$VIP")' after preemption"
[ "$(cl_mac)" = "$VMAC_MAC" ] || fail "client's entry is '$(cl_mac)' after preemption"
[ "$(nfds lb2)" = "$fds2" ] || fail "lb2 has $(nfds lb2) fds after a MASTER cycle, had $fds2 (VMAC sockets leaked?)"
say "lb1 preempts: $VMAC on lb1 only, lb2 eth0 sysctls back to '$before2', lb2 fds $fds2 before and after its MASTER cycle; client entry $(cl_mac)"

# SIGKILL of the master: its VMAC stays (up, with the VIP); lb2 takes over
# with its own; the restarted lb1 (BACKUP) removes the leftover and its VIP.
stop_node lb1 KILL
wait_exit lb1 5 || fail "lb1 survived SIGKILL"
t3=$(now)
wait_master lb2 10 "$t3" || fail "lb2 did not take over after SIGKILL"
is_vmac lb2 || { show_links; fail "lb2 has no VMAC with the VIP after SIGKILL of lb1"; }
is_vmac lb1 || { show_links; fail "SIGKILL: expected the leftover $VMAC (up, VIP) on lb1"; }
wait_for 5 "VIP answers lb2" tcp_is "$VIP" lb2 || fail "after SIGKILL the VIP answered '$(tcp_get "$VIP")'"
[ "$(cl_mac)" = "$VMAC_MAC" ] || fail "after SIGKILL client's entry is '$(cl_mac)'"
say "SIGKILL lb1: leftover $VMAC stays on lb1 (up, VIP on '$(vip_dev lb1)'); lb2 created its own; VIP answers lb2; client entry $(cl_mac)"
mk_conf "$(tmp lb1low.conf)" lb1 50 "	use_vmac"
t4=$(now)
start_node lb1 "$(tmp lb1low.conf)"
wait_backup lb1 10 "$t4" || fail "restarted lb1 never BACKUP"
log_has lb1 "removed VIP $VIP left over" "$t4" || fail "restarted lb1 did not remove the leftover VIP"
log_has lb1 "removed macvlan $VMAC left over" "$t4" || fail "restarted lb1 did not remove the leftover VMAC"
wait_for 5 "VMAC on lb2 only" master_only lb2 lb1 || { show_links; fail "leftover not gone after lb1 restarted as BACKUP"; }
tcp_is "$VIP" lb2 || fail "VIP answered '$(tcp_get "$VIP")' with lb1 restarted as BACKUP"
[ "$(cl_mac)" = "$VMAC_MAC" ] || fail "client's entry is '$(cl_mac)' with lb1 restarted"
say "restart lb1 as BACKUP: leftover VIP and $VMAC removed; $VMAC on lb2 only; VIP answers lb2"

# The address owner (priority 255) goes straight to MASTER: a leftover
# with the right MAC is reused there.
stop_node lb2 KILL
wait_exit lb2 5 || fail "lb2 survived SIGKILL"
t5=$(now)
wait_master lb1 10 "$t5" || fail "lb1 did not take over after SIGKILL of lb2"
idx=$(link_ifindex lb2 "$VMAC")
[ -n "$idx" ] || fail "no leftover $VMAC on lb2 after SIGKILL"
mk_conf "$(tmp lb2own.conf)" lb2 255 "	use_vmac $VMAC"
t6=$(now)
start_node lb2 "$(tmp lb2own.conf)"
wait_master lb2 10 "$t6" || fail "owner lb2 never MASTER"
log_has lb2 "reusing VMAC $VMAC" "$t6" || fail "owner lb2 did not reuse the leftover VMAC"
[ "$(link_ifindex lb2 "$VMAC")" = "$idx" ] || fail "VMAC ifindex changed: $(link_ifindex lb2 "$VMAC") (was $idx)"
wait_for 5 "VMAC on lb2 only" master_only lb2 lb1 || { show_links; fail "VMAC not on owner lb2 only"; }
wait_for 5 "VIP answers lb2" tcp_is "$VIP" lb2 || fail "VIP answered '$(tcp_get "$VIP")' with owner lb2"
[ "$(cl_mac)" = "$VMAC_MAC" ] || fail "client's entry is '$(cl_mac)' with owner lb2"
say "SIGKILL lb2, restart as owner (255): leftover $VMAC reused (ifindex $idx); lb1 deleted its VMAC; VIP answers lb2"

stop_node lb1 TERM
stop_node lb2 TERM
wait_exit lb1 10 || fail "lb1 did not exit"
wait_exit lb2 10 || fail "lb2 did not exit"
for r in lb1 lb2; do
	[ -z "$(macvlans "$r")" ] || fail "$r: macvlan left after stop: $(macvlans "$r")"
done
say "after stop: no macvlan on lb1/lb2"
say "takeover: 'Entering MASTER STATE' -> VIP on $VMAC: ${TAKEOVER_MS[*]} ms"
say "PASS ($UNDER_TEST)"
