#!/bin/bash
# virtual_routes / virtual_rules: installed with the VIPs on MASTER and
# removed on leaving, in keepalived's syntax.  Each route and rule must be
# present on the master only, follow failover both ways, and be gone from
# both hosts once the daemons stop.  The route with `src VIP` proves the
# routes are added after the VIPs (the kernel refuses a non-local src).
. "$(dirname "$0")/lib.sh"

LB_ROLES=(lb1 lb2)
topo_setup lb1 lb2 cl

extra="	virtual_routes {
		10.77.0.0/24 via $(host_ip cl)
		blackhole 10.78.0.0/24
		src $VIP to 10.79.0.0/24 dev eth0
		10.80.0.0/24 via $(host_ip cl) table 100 metric 7
	}
	virtual_rules {
		from $VIP table 100 priority 1000
		to 10.81.0.0/24 table main priority 1001
	}"
mk_conf "$(tmp lb1.conf)" lb1 150 "$extra"
mk_conf "$(tmp lb2.conf)" lb2 100 "$extra"
floatd_t -f "$(tmp lb1.conf)" >"$(tmp t.out)" 2>&1 || fail "-t rejected the config: $(cat "$(tmp t.out)")"

# One line per object we expect, as iproute2 prints it (normalised spaces).
objs() {   # ROLE
	local n
	n=$(ns "$1")
	{
		ip -n "$n" -4 route show 10.77.0.0/24
		ip -n "$n" -4 route show 10.78.0.0/24
		ip -n "$n" -4 route show 10.79.0.0/24
		ip -n "$n" -4 route show table 100 10.80.0.0/24
		ip -n "$n" -4 rule show pref 1000
		ip -n "$n" -4 rule show pref 1001
	} 2>/dev/null | tr '\t' ' ' | tr -s ' ' | sed 's/ $//'
}
EXPECT="10.77.0.0/24 via $(host_ip cl) dev eth0 proto static
blackhole 10.78.0.0/24 proto static
10.79.0.0/24 dev eth0 proto static scope link src $VIP
10.80.0.0/24 via $(host_ip cl) dev eth0 proto static metric 7
1000: from $VIP lookup 100
1001: from all to 10.81.0.0/24 lookup main"

has_all() { [ "$(objs "$1")" = "$EXPECT" ]; }
has_none() { [ -z "$(objs "$1")" ]; }
check_master() {   # MASTER BACKUP
	wait_for 5 "routes and rules on $1" has_all "$1" ||
		fail "$1 (MASTER) has:"$'\n'"$(objs "$1")"$'\n'"expected:"$'\n'"$EXPECT"
	has_none "$2" || fail "$2 (BACKUP) has:"$'\n'"$(objs "$2")"
	# the kernel uses them: a lookup from the VIP goes through rule 1000 / table 100
	ip -n "$(ns "$1")" -4 route get 10.80.0.9 from "$VIP" 2>/dev/null | grep -q "via $(host_ip cl)" ||
		fail "$1: route get 10.80.0.9 from $VIP: $(ip -n "$(ns "$1")" -4 route get 10.80.0.9 from "$VIP" 2>&1)"
}

t0=$(now)
start_node lb1 "$(tmp lb1.conf)"
start_node lb2 "$(tmp lb2.conf)"
wait_master lb1 10 "$t0" || fail "lb1 never MASTER"
wait_backup lb2 10 "$t0" || fail "lb2 never BACKUP"
wait_for 5 "VIP on lb1 only" vip_only_on lb1 || assert_vip_only_on lb1
check_master lb1 lb2
say "lb1 MASTER: 4 routes (via, blackhole, src VIP, table 100 metric 7) and 2 rules on lb1, none on lb2"

t1=$(now)
stop_node lb1 TERM
wait_exit lb1 10 || fail "lb1 did not exit"
wait_master lb2 10 "$t1" || fail "lb2 did not take over"
check_master lb2 lb1
say "SIGTERM lb1: all 6 on lb2, none left on lb1"

t2=$(now)
start_node lb1 "$(tmp lb1.conf)"
wait_master lb1 10 "$t2" || fail "lb1 did not preempt"
wait_backup lb2 10 "$t2" || fail "lb2 did not go BACKUP"
check_master lb1 lb2
say "lb1 back (preempt): all 6 on lb1, removed from lb2"

# Link down on the master: FAULT removes them, lb2 installs them.
t3=$(now)
link_down lb1
wait_master lb2 10 "$t3" || fail "lb2 did not take over after lb1's link went down"
wait_for 5 "lb1 cleared" has_none lb1 || fail "lb1 (FAULT) still has:"$'\n'"$(objs lb1)"
wait_for 5 "routes and rules on lb2" has_all lb2 || fail "lb2 has:"$'\n'"$(objs lb2)"
link_up lb1
wait_master lb1 15 "$t3" || fail "lb1 did not come back after link up"
check_master lb1 lb2
say "lb1 link down: cleared on lb1, installed on lb2; link up: back on lb1 only"

stop_node lb1 TERM
stop_node lb2 TERM
wait_exit lb1 10 || fail "lb1 did not exit"
wait_exit lb2 10 || fail "lb2 did not exit"
has_none lb1 || fail "lb1 after stop:"$'\n'"$(objs lb1)"
has_none lb2 || fail "lb2 after stop:"$'\n'"$(objs lb2)"
say "after stop: none on lb1 or lb2"
for r in lb1 lb2; do
	! log_has "$r" 'cannot (add|remove) virtual_(routes|rules)' ||
		fail "$r logged a route/rule failure: $(grep -E 'cannot (add|remove) virtual_' "$(node_log "$r")")"
done
say "no 'cannot add/remove virtual_routes/rules' in either log"
say "PASS ($UNDER_TEST)"
