#!/bin/bash
# IPv6 (VRRPv3, RFC 5798): two hosts elect over ff02::12 from their
# link-local addresses; the client's neighbour cache entry for the VIP must
# follow the master by unsolicited Neighbor Advertisements alone (no flush,
# no traffic from the client) after master link-down, SIGKILL and SIGTERM.
. "$(dirname "$0")/lib.sh"

topo_setup lb1 lb2 cl
topo_add_v6 lb1 lb2 cl
wait_ll lb1 lb2 cl
mk_conf6 "$(tmp lb1.conf)" lb1 150
mk_conf6 "$(tmp lb2.conf)" lb2 100
mac1=$(mac_of lb1)
mac2=$(mac_of lb2)

start_node lb1 "$(tmp lb1.conf)"
start_node lb2 "$(tmp lb2.conf)"
wait_master lb1 10 || fail "lb1 never entered MASTER"
wait_backup lb2 10 || fail "lb2 never entered BACKUP"
wait_for 5 "IPv6 VIP on lb1 only" vip6_only_on lb1 || fail "VIP6 held by '$(vip6_holders)'"
# the client learns the VIP once (ND), then stays silent
ip netns exec "$(ns cl)" ping -6 -c 1 -W 2 "$VIP6" >/dev/null || fail "client cannot reach $VIP6"
neigh6_is cl "$VIP6" "$mac1" || fail "client neighbour entry is '$(neigh6_mac cl "$VIP6")', not lb1 $mac1"

# follow CASE ROLE MAC SINCE: the client's entry must become MAC by NA alone
follow() {
	wait_master "$2" 10 "$4" || fail "$1: $2 did not become MASTER"
	wait_for 5 "$1: client neighbour entry -> $2" neigh6_is cl "$VIP6" "$3" ||
		fail "$1: client neighbour entry for $VIP6 is '$(neigh6_mac cl "$VIP6")', expected $2 $3"
	say "$1: client neighbour entry follows $2 ($3) after $(ms_between "$4" "$(now)") ms"
}

# 1. link down on the master
t0=$(now)
link_down lb1
follow "link-down" lb2 "$mac2" "$t0"
vip6_only_on lb2 || fail "link-down: VIP6 held by '$(vip6_holders)'"
t0=$(now)
link_up lb1
wait_ll lb1
follow "link-up (preempt)" lb1 "$mac1" "$t0"

# 2. SIGKILL of the master
t0=$(now)
stop_node lb1 KILL
follow "SIGKILL" lb2 "$mac2" "$t0"
t0=$(now)
start_node lb1 "$(tmp lb1.conf)"
follow "restart (preempt)" lb1 "$mac1" "$t0"

# 3. SIGTERM of the master (priority 0 advert, make-before-break)
t0=$(now)
stop_node lb1 TERM
follow "SIGTERM" lb2 "$mac2" "$t0"
wait_exit lb1 10 || fail "lb1 did not exit after SIGTERM"
[ "$exit_rc" = 0 ] || fail "lb1 exited with $exit_rc"
wait_for 5 "VIP6 on lb2 only" vip6_only_on lb2 || fail "after SIGTERM VIP6 held by '$(vip6_holders)'"
log_has lb2 'dropped advertisement' && say "note: lb2 dropped some adverts: $(grep -c dropped "$(node_log lb2)")"
say "PASS ($UNDER_TEST)"
