#!/bin/bash
# Link down: the master's eth0 goes down while the client probes the VIP;
# lb2 must become MASTER, the VIP must end up on lb2 only, and the client
# must get replies again without anyone flushing its ARP cache (lb2's
# gratuitous ARPs have to fix it).
. "$(dirname "$0")/lib.sh"

topo_setup lb1 lb2 cl
mk_conf "$(tmp lb1.conf)" lb1 150
mk_conf "$(tmp lb2.conf)" lb2 100
start_node lb1 "$(tmp lb1.conf)"
start_node lb2 "$(tmp lb2.conf)"
wait_master lb1 10 || fail "lb1 never entered MASTER"
wait_for 5 "VIP on lb1 only" vip_only_on lb1 || assert_vip_only_on lb1
wait_for 5 "client reaches VIP" reachable "$VIP" || fail "client cannot reach $VIP"

probe_start 30
sleep 1     # replies from lb1 first: the client's ARP entry points at lb1
t0=$(now)
link_down lb1
wait_master lb2 10 "$t0" || fail "lb2 did not become MASTER after lb1's link went down"
t_master=$(log_time lb2 "$MASTER_RE" "$t0")
wait_for 5 "VIP on lb2 only" vip_only_on lb2 || assert_vip_only_on lb2
# Replies must come back (from lb2) after the takeover.
t_check=$(now)
sleep 2
probe_stop
last_epoch=$(awk -v s="$probe_start_epoch" -v l="$probe_last_reply_ms" 'BEGIN { printf "%.6f", s + l / 1000 }')
say "link down -> lb2 MASTER: $(ms_between "$t0" "$t_master") ms; probe: sent=$probe_sent received=$probe_received longest_gap_ms=$probe_longest_gap_ms"
[ "$probe_last_reply_ms" -ge 0 ] || fail "client never got a reply"
awk -v a="$last_epoch" -v b="$t_check" 'BEGIN { exit !(a > b + 1) }' ||
	fail "client got no reply in the last 2 s after takeover (last reply at +${probe_last_reply_ms} ms)"
assert_vip_only_on lb2
say "PASS ($UNDER_TEST)"
