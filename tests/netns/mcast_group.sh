#!/bin/bash
# vrrp_mcast_group4: a cluster on its own multicast group, beside another
# cluster that uses the RFC's group with the same VRID and VIP list.
#   a. lb1 (150) and lb2 (100) on 224.0.0.100; lb3 (200) alone on
#      224.0.0.18: lb1 stays MASTER (lb3's adverts, although they reach
#      its socket, are another group's), lb2 BACKUP; lb1's adverts go to
#      224.0.0.100 (captured).
#   b. lb1 stops (SIGTERM): lb2 takes over on the group.
#   c. interop, both ways: keepalived 2.2.7 as lb1 on the same group; lb2
#      (floatd) follows it as BACKUP, takes over when it stops, and yields
#      again when it comes back (preemption: keepalived hears floatd).
#   d. IPv6: vrrp_mcast_group6 ff02::100, adverts captured, failover.
. "$(dirname "$0")/lib.sh"
[ "$UNDER_TEST" = floatd ] || skip "floatd's side (interop part runs keepalived itself)"
command -v tcpdump >/dev/null 2>&1 || skip "tcpdump not installed"

topo_setup lb1 lb2 lb3 cl
# advert_dsts CASE COUNT FILTER: DSTS = the destinations ("ADDR: ", sorted,
# one each) of the first COUNT packets lb1's eth0 sees matching FILTER
advert_dsts() {
	local pcap
	pcap=$(tmp "$1.pcap")
	ip netns exec "$(ns lb1)" tcpdump -i eth0 -n -p -U -c "$2" -w "$pcap" "$3" \
		2>"$(tmp "$1.tcpdump.err")" &
	TCPDUMP_PID=$!
	_PIDS+=("$TCPDUMP_PID")
	wait_for 10 "$1: $2 adverts captured" eval '! _pid_alive '"$TCPDUMP_PID" ||
		fail "$1: tcpdump saw fewer than $2 adverts: $(cat "$(tmp "$1.tcpdump.err")")"
	DSTS=$(tcpdump -n -r "$pcap" 2>/dev/null | awk '{ print $5 }' | sort -u | tr '\n' ' ')
}
# conf FILE ROUTER_ID PRIO [GLOBAL_LINE]
conf() {
	mk_conf "$1" "$2" "$3" "" "${4:-}"
}
conf "$(tmp lb1.conf)" lb1 150 "	vrrp_mcast_group4 224.0.0.100"
conf "$(tmp lb2.conf)" lb2 100 "	vrrp_mcast_group4 224.0.0.100"
conf "$(tmp lb3.conf)" lb3 200

# --- a
start_node lb3 "$(tmp lb3.conf)"
wait_master lb3 10 || fail "lb3 never entered MASTER"
start_node lb1 "$(tmp lb1.conf)"
start_node lb2 "$(tmp lb2.conf)"
wait_master lb1 10 || fail "a: lb1 never entered MASTER (lb3's adverts taken as its group's?)"
wait_backup lb2 10 || fail "a: lb2 never entered BACKUP"
t_a=$(now)
advert_dsts a 3 "ip proto 112 and src $(host_ip lb1)"
[ "$DSTS" = "224.0.0.100: " ] || fail "a: lb1's adverts went to '$DSTS', not 224.0.0.100"
# an observation window: three of lb3's adverts (advert_int 1) reach lb1
sleep 3
log_has lb1 'Entering BACKUP' "$t_a" && fail "a: lb1 yielded to lb3 of the other group"
log_has lb2 'Entering MASTER' && fail "a: lb2 became MASTER"
say "a: lb1 MASTER and lb2 BACKUP on 224.0.0.100 beside lb3 (200, same VRID, 224.0.0.18)"

# --- b
t0=$(now)
stop_node lb1 TERM
wait_master lb2 10 "$t0" || fail "b: lb2 did not take over on the group"
wait_exit lb1 10 || fail "b: lb1 did not exit"
say "b: lb1 stopped, lb2 MASTER after $(ms_between "$t0" "$(now)") ms"
stop_node lb2 TERM
wait_exit lb2 10 || fail "lb2 did not exit"

# --- c: keepalived as lb1, on the same group
t0=$(now)
start_node lb1 "$(tmp lb1.conf)" keepalived
wait_master lb1 10 "$t0" || fail "c: keepalived lb1 never entered MASTER"
t0=$(now)
start_node lb2 "$(tmp lb2.conf)"
wait_backup lb2 10 "$t0" || fail "c: lb2 never entered BACKUP under keepalived"
sleep 3   # observation window: lb2 keeps following keepalived's adverts
log_has lb2 'Entering MASTER' "$t0" && fail "c: lb2 became MASTER beside keepalived"
t0=$(now)
stop_node lb1 TERM
wait_master lb2 10 "$t0" || fail "c: lb2 did not take over from keepalived"
wait_exit lb1 15 || fail "c: keepalived lb1 did not exit"
t0=$(now)
start_node lb1 "$(tmp lb1.conf)" keepalived
wait_master lb1 15 "$t0" || fail "c: keepalived lb1 did not preempt (does it hear floatd on 224.0.0.100?)"
wait_backup lb2 10 "$t0" || fail "c: lb2 did not yield to keepalived"
say "c: keepalived and floatd on 224.0.0.100: failover both ways"
stop_node lb1 TERM; wait_exit lb1 15 || fail "c: keepalived lb1 did not exit"
stop_node lb2 TERM; wait_exit lb2 10 || fail "c: lb2 did not exit"
stop_node lb3 TERM; wait_exit lb3 10 || fail "lb3 did not exit"

# --- d: IPv6, vrrp_mcast_group6 ff02::100
topo_add_v6 lb1 lb2
wait_ll lb1 lb2
mk_conf6 "$(tmp lb1-6.conf)" lb1 150 "" "	vrrp_mcast_group6 ff02::100"
mk_conf6 "$(tmp lb2-6.conf)" lb2 100 "" "	vrrp_mcast_group6 ff02::100"
t0=$(now)
start_node lb1 "$(tmp lb1-6.conf)"
start_node lb2 "$(tmp lb2-6.conf)"
wait_master lb1 10 "$t0" || fail "d: lb1 never entered MASTER (IPv6)"
wait_backup lb2 10 "$t0" || fail "d: lb2 never entered BACKUP (IPv6)"
advert_dsts d 2 "ip6 proto 112"
[ "$DSTS" = "ff02::100: " ] || fail "d: IPv6 adverts went to '$DSTS', not ff02::100"
t0=$(now)
stop_node lb1 TERM
wait_master lb2 10 "$t0" || fail "d: lb2 did not take over on ff02::100"
say "d: IPv6 on ff02::100: elected, adverts to the group, failover"
say "PASS ($UNDER_TEST)"
