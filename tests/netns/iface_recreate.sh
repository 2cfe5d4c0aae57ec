#!/bin/bash
# Interfaces are followed by name: deleted and re-created (networkd or
# NetworkManager restart, netplan apply, a VLAN or bond rebuilt) they are
# picked up again without restarting floatd, like keepalived does.
#  A. the MASTER's own interface (its veth, re-plugged into the switch with
#     the same name and address): FAULT while it is gone (lb2 takes over),
#     then MASTER again by preemption within Master_Down_Interval + 2 s of
#     the link coming back, and its adverts reach lb2 again (lb2 returns to
#     BACKUP); the VIP ends on lb1 only;
#  D. the same interface is the track_reference interface: its ARP probes
#     work again on the new link (reference reachable again, no FAULT one
#     Master_Down_Interval after lb1 is MASTER);
#  B. a track_interface (weight 0, a veth inside lb1) deleted: FAULT, lb2 MASTER; re-created:
#     lb1 MASTER again within the same bound;
#  C. use_vmac: the VMAC deleted by someone else while MASTER is re-created
#     with the VIP on it, without any state change on either node; the VMAC's
#     base interface deleted and re-created: lb1 MASTER again with a new VMAC
#     holding the VIP, no macvlan left on lb2;
#  F. A again for an IPv6 (VRRPv3) instance, whose adverts leave from the
#     new link's link-local address;
#  E. an interface missing at start-up: floatd starts, that instance is in
#     FAULT (logged) while another instance on eth0 becomes MASTER; once the
#     interface is created the instance becomes MASTER on it.
# test-lock: quiet (asserts MASTER again within Master_Down_Interval + 2 s of a link's return: 5680 ms against 5414 in the sanitizer build at load 16)
. "$(dirname "$0")/lib.sh"

REF=$(host_ip cl)
VMAC=vrrp.51
# lb1: priority 150, skew (256 - 150) / 256 s: Master_Down_Interval 3414 ms
BOUND_MS=$((3414 + 2000))

topo_setup lb1 lb2 cl
# eth1: a veth pair inside lb1 (both ends up: carrier)
make_eth1() {
	ip -n "$(ns lb1)" link add eth1 type veth peer name eth1p || die "veth eth1"
	ip -n "$(ns lb1)" link set eth1p up || die "eth1p up"
	ip -n "$(ns lb1)" link set eth1 up || die "eth1 up"
}
make_eth1

ref_lines=$(printf '\ttrack_interface {\n\t\teth1\n\t}\n\ttrack_reference {\n\t\t%s\n\t\tinterval 0.2\n\t\ttimeout 0.2\n\t\tfall 3\n\t\trise 2\n\t}' "$REF")
mk_conf "$(tmp lb1.conf)" lb1 150 "$ref_lines"
mk_conf "$(tmp lb2.conf)" lb2 100
floatd_t -f "$(tmp lb1.conf)" >"$(tmp conf-t.out)" 2>&1 || die "lb1.conf: $(cat "$(tmp conf-t.out)")"

# the veth eth0 of ROLE, deleted (its switch port goes with it) / made again
del_eth0() { ip -n "$(ns "$1")" link del eth0 || die "del eth0 on $1"; }
make_eth0() {
	ip -n "$(ns sw)" link add "p-$1" type veth peer name eth0 netns "$(ns "$1")" || die "veth for $1"
	ip -n "$(ns sw)" link set "p-$1" master br0 up || die "port p-$1"
	ip -n "$(ns "$1")" addr add "$(host_ip "$1")/24" dev eth0 || die "addr on $1"
	ip -n "$(ns "$1")" link set eth0 up || die "eth0 up on $1"
}
# within_bound ROLE WHAT T0 [BOUND]: ROLE logged MASTER after T0, within
# BOUND ms (default BOUND_MS)
within_bound() {
	local t ms b=${4:-$BOUND_MS}
	t=$(log_time "$1" "$MASTER_RE" "$3") || fail "$1: no MASTER after $2"
	ms=$(ms_between "$3" "$t")
	say "$2: $1 MASTER again $ms ms after the link came back (bound $b)"
	[ "$ms" -le "$b" ] || fail "$2: $1 took $ms ms to be MASTER again (bound $b)"
}
fault_seen() { wait_for 5 "$1 FAULT" _state_seen "$1" '\(VI_1\) Entering FAULT STATE' "$2"; }

start_node lb1 "$(tmp lb1.conf)"
start_node lb2 "$(tmp lb2.conf)"
wait_master lb1 10 || fail "lb1 never entered MASTER"
wait_backup lb2 10 || fail "lb2 never entered BACKUP"
wait_for 5 "VIP on lb1 only" vip_only_on lb1 || assert_vip_only_on lb1

# ------------------------------------------------------------ A and D
t0=$(now)
del_eth0 lb1
fault_seen lb1 "$t0" || fail "A: lb1 not in FAULT after its interface was deleted"
wait_master lb2 10 "$t0" || fail "A: lb2 did not take over"
sleep 1   # a few failed reference rounds on the old (gone) link
t_up=$(now)
make_eth0 lb1
wait_master lb1 $((BOUND_MS / 1000 + 3)) "$t_up" || fail "A: lb1 did not come back after its interface was re-created"
# track_reference lost the reference while the link was gone, so lb1 stays
# in FAULT until it hears lb2 (up to one advert interval) before its
# Master_Down_Interval starts: the bound is one interval longer
within_bound lb1 "A (own interface)" "$t_up" $((BOUND_MS + 1000))
wait_backup lb2 5 "$t_up" || fail "A: lb2 did not hear lb1 again (still MASTER)"
wait_for 5 "VIP on lb1 only" vip_only_on lb1 || assert_vip_only_on lb1
log_has lb1 'interface eth0 appeared' "$t_up" || fail "A: lb1 did not log the new link"
# D: the reference probes run on the new link
t_m=$(now)
wait_for 5 "lb1 reference reachable again" log_has lb1 'track_reference: reference reachable' "$t_up" ||
	fail "D: track_reference never answered on the re-created interface"
sleep 4   # one Master_Down_Interval as MASTER: an isolated master would go FAULT
log_has lb1 '\(VI_1\) Entering FAULT STATE' "$t_m" && fail "D: lb1 went to FAULT after coming back"
assert_vip_only_on lb1

# ------------------------------------------------------------ B
t0=$(now)
ip -n "$(ns lb1)" link del eth1 || die "del eth1"
fault_seen lb1 "$t0" || fail "B: lb1 not in FAULT after its track_interface was deleted"
wait_master lb2 10 "$t0" || fail "B: lb2 did not take over"
t_up=$(now)
make_eth1
wait_master lb1 $((BOUND_MS / 1000 + 3)) "$t_up" || fail "B: lb1 did not come back after eth1 was re-created"
within_bound lb1 "B (track_interface)" "$t_up"
wait_backup lb2 5 "$t_up" || fail "B: lb2 did not return to BACKUP"
wait_for 5 "VIP on lb1 only" vip_only_on lb1 || assert_vip_only_on lb1

# ------------------------------------------------------------ C (use_vmac)
stop_node lb1 TERM
stop_node lb2 TERM
wait_exit lb1 10 || fail "lb1 did not stop"
wait_exit lb2 10 || fail "lb2 did not stop"
mk_conf "$(tmp lb1v.conf)" lb1 150 "	use_vmac"
mk_conf "$(tmp lb2v.conf)" lb2 100 "	use_vmac"
t0=$(now)
start_node lb1 "$(tmp lb1v.conf)"
start_node lb2 "$(tmp lb2v.conf)"
vmac_holds_vip() { [ "$(vip_holders)" = "$1" ] && [ "$(vip_dev "$1")" = "$VMAC" ] && link_is_up "$1" "$VMAC"; }
wait_master lb1 10 "$t0" || fail "C: lb1 never entered MASTER"
wait_for 5 "VMAC with the VIP on lb1" vmac_holds_vip lb1 || fail "C: no VMAC with the VIP on lb1"

old_idx=$(link_ifindex lb1 "$VMAC")
t0=$(now)
ip -n "$(ns lb1)" link del "$VMAC" || die "del $VMAC"
vmac_again() { vmac_holds_vip lb1 && [ "$(link_ifindex lb1 "$VMAC")" != "$old_idx" ]; }
wait_for 3 "VMAC re-created on lb1 with the VIP" vmac_again || fail "C: the deleted VMAC was not re-created"
t1=$(log_time lb1 'VMAC re-created while MASTER' "$t0") || fail "C: re-creation not logged"
tg=$(log_time lb1 'VMAC vrrp.51 disappeared' "$t0") || fail "C: the deletion was not noticed"
say "C: VMAC deleted by someone else, re-created with the VIP $(ms_between "$tg" "$t1") ms after" \
	"the deletion event ($(ms_between "$t0" "$t1") ms after \`ip link del\` started)"
sleep 4   # nobody moves: lb2 would be MASTER after its Master_Down_Interval
log_has lb1 'Entering [A-Z]+ STATE' "$t0" && fail "C: lb1 changed state when its VMAC was deleted"
log_has lb2 'Entering [A-Z]+ STATE' "$t0" && fail "C: lb2 changed state when lb1's VMAC was deleted"
vmac_holds_vip lb1 || fail "C: the VMAC or the VIP is gone again"

t0=$(now)
del_eth0 lb1
fault_seen lb1 "$t0" || fail "C: lb1 not in FAULT after the VMAC's base was deleted"
wait_master lb2 10 "$t0" || fail "C: lb2 did not take over"
t_up=$(now)
make_eth0 lb1
wait_master lb1 $((BOUND_MS / 1000 + 3)) "$t_up" || fail "C: lb1 did not come back after its base was re-created"
within_bound lb1 "C (VMAC base)" "$t_up"
wait_backup lb2 5 "$t_up" || fail "C: lb2 did not return to BACKUP"
no_macvlan_lb2() { [ -z "$(macvlans lb2)" ]; }
wait_for 5 "VMAC with the VIP on lb1 only" vmac_holds_vip lb1 || fail "C: no VMAC with the VIP on lb1 after the base came back"
wait_for 5 "no macvlan on lb2" no_macvlan_lb2 || fail "C: lb2 kept its VMAC"

# ------------------------------------------------------------ F (IPv6)
stop_node lb1 TERM
stop_node lb2 TERM
wait_exit lb1 10 || fail "lb1 did not stop"
wait_exit lb2 10 || fail "lb2 did not stop"
LB_ROLES=(lb1 lb2)
topo_add_v6 lb1 lb2
wait_ll lb1 lb2
mk_conf6 "$(tmp lb1six.conf)" lb1 150
mk_conf6 "$(tmp lb2six.conf)" lb2 100
t0=$(now)
start_node lb1 "$(tmp lb1six.conf)"
start_node lb2 "$(tmp lb2six.conf)"
wait_master lb1 10 "$t0" || fail "F: lb1 never entered MASTER (IPv6)"
wait_backup lb2 10 "$t0" || fail "F: lb2 never entered BACKUP (IPv6)"
wait_for 5 "IPv6 VIP on lb1 only" vip6_only_on lb1 || fail "F: IPv6 VIP not on lb1 only"
t0=$(now)
del_eth0 lb1
fault_seen lb1 "$t0" || fail "F: lb1 not in FAULT after its interface was deleted (IPv6)"
wait_master lb2 10 "$t0" || fail "F: lb2 did not take over (IPv6)"
# no DAD on the new link, so its link-local address is usable at once and
# the bound is the same as for IPv4
ip netns exec "$(ns lb1)" sysctl -qw net.ipv6.conf.default.accept_dad=0 || die "accept_dad"
t_up=$(now)
make_eth0 lb1
ip -n "$(ns lb1)" -6 addr add "$(host_ip6 lb1)/64" dev eth0 nodad || die "IPv6 addr on lb1"
wait_master lb1 $((BOUND_MS / 1000 + 3)) "$t_up" || fail "F: lb1 did not come back (IPv6)"
within_bound lb1 "F (IPv6, own interface)" "$t_up"
wait_backup lb2 5 "$t_up" || fail "F: lb2 did not hear lb1 again (IPv6)"
wait_for 5 "IPv6 VIP on lb1 only" vip6_only_on lb1 || fail "F: IPv6 VIP not on lb1 only at the end"

# ------------------------------------------------------------ E (missing at start)
stop_node lb1 TERM
stop_node lb2 TERM
wait_exit lb1 10 || fail "lb1 did not stop"
wait_exit lb2 10 || fail "lb2 did not stop"
VIP2=10.99.2.50
mk_conf "$(tmp lb1e.conf)" lb1 150
cat >>"$(tmp lb1e.conf)" <<EOF

vrrp_instance VI_2 {
	state BACKUP
	interface eth2
	virtual_router_id 52
	priority 150
	advert_int 1
	virtual_ipaddress {
		$VIP2/24
	}
}
EOF
t0=$(now)
start_node lb1 "$(tmp lb1e.conf)"
wait_master lb1 10 "$t0" || fail "E: VI_1 (eth0) never became MASTER beside the missing eth2"
wait_for 5 "VI_2 FAULT" _state_seen lb1 '\(VI_2\) Entering FAULT STATE' "$t0" ||
	fail "E: VI_2 not in FAULT while eth2 does not exist"
log_has lb1 'interface eth2 does not exist' "$t0" || fail "E: the missing interface was not logged"
n=$(awk -v s="$t0" '($1 + 0) >= (s + 0) && /eth2 does not exist/' "$(node_log lb1)" | wc -l)
[ "$n" -le 2 ] || fail "E: the missing interface was logged $n times"
node_alive lb1 || fail "E: floatd exited"
t_up=$(now)
ip -n "$(ns lb1)" link add eth2 type veth peer name eth2p || die "veth eth2"
ip -n "$(ns lb1)" addr add 10.99.2.1/24 dev eth2 || die "addr eth2"
ip -n "$(ns lb1)" link set eth2p up || die "eth2p up"
ip -n "$(ns lb1)" link set eth2 up || die "eth2 up"
wait_for $((BOUND_MS / 1000 + 3)) "VI_2 MASTER" _state_seen lb1 '\(VI_2\) Entering MASTER STATE' "$t_up" ||
	fail "E: VI_2 did not start on the interface that appeared"
t=$(log_time lb1 '\(VI_2\) Entering MASTER STATE' "$t_up")
say "E: VI_2 MASTER $(ms_between "$t_up" "$t") ms after eth2 appeared"
vip2_on() { ip -n "$(ns lb1)" -4 -o addr show dev eth2 2>/dev/null | grep -q " inet $VIP2/"; }
wait_for 3 "VIP2 on eth2" vip2_on || fail "E: VI_2's VIP not on eth2"
log_has lb1 '\(VI_1\) Entering (FAULT|BACKUP) STATE' "$(log_time lb1 "$MASTER_RE" "$t0")" &&
	fail "E: VI_1 moved when eth2 appeared"
say "PASS ($UNDER_TEST)"
