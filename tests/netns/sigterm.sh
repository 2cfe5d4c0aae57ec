#!/bin/bash
# test-lock: quiet (asserts a client gap under 500 ms)
# SIGTERM: the master sends a priority-0 advert (RFC 5798 6.4.3), so lb2
# must take over after Skew_Time (~0.61 s for priority 100), well before
# Master_Down_Interval (3.61 s).  floatd keeps its VIPs until it hears the
# new master (make-before-break), so the client's longest gap must stay
# under 500 ms; for keepalived the gap is only reported (baseline).
. "$(dirname "$0")/lib.sh"

MDI_MS=3609     # 3 * advert_int + (256 - 100) / 256 s
GAP_MAX_MS=500

topo_setup lb1 lb2 cl
mk_conf "$(tmp lb1.conf)" lb1 150
mk_conf "$(tmp lb2.conf)" lb2 100
start_node lb1 "$(tmp lb1.conf)"
start_node lb2 "$(tmp lb2.conf)"
wait_master lb1 10 || fail "lb1 never entered MASTER"
wait_for 5 "VIP on lb1 only" vip_only_on lb1 || assert_vip_only_on lb1
wait_backup lb2 10 || fail "lb2 never entered BACKUP"
wait_for 5 "client reaches VIP" reachable "$VIP" || fail "client cannot reach $VIP"

probe_start 30
sleep 1.5   # the client's ARP entry points at lb1 before the event
t0=$(now)
stop_node lb1 TERM
wait_master lb2 10 "$t0" || fail "lb2 did not take over after SIGTERM on lb1"
t_master=$(log_time lb2 "$MASTER_RE" "$t0")
takeover_ms=$(ms_between "$t0" "$t_master")
wait_exit lb1 10 || fail "lb1 did not exit within 10 s of SIGTERM"
t_exit=$(now)
wait_for 5 "VIP on lb2 only" vip_only_on lb2 || assert_vip_only_on lb2
sleep 1.5
probe_stop

say "impl=$UNDER_TEST takeover_ms=$takeover_ms (SIGTERM -> lb2 Entering MASTER) lb1_exit_ms=$(ms_between "$t0" "$t_exit") lb1_rc=$exit_rc"
say "impl=$UNDER_TEST probe: sent=$probe_sent received=$probe_received longest_gap_ms=$probe_longest_gap_ms"
[ "$takeover_ms" -lt "$MDI_MS" ] ||
	fail "takeover took $takeover_ms ms >= Master_Down_Interval $MDI_MS ms: priority-0 advert not honoured"
[ "$probe_last_reply_ms" -ge 0 ] || fail "client never got a reply"
last_epoch=$(awk -v s="$probe_start_epoch" -v l="$probe_last_reply_ms" 'BEGIN { printf "%.6f", s + l / 1000 }')
awk -v a="$last_epoch" -v b="$t_master" 'BEGIN { exit !(a > b) }' ||
	fail "client got no reply after the takeover"
if [ "${NODE_IMPL[lb1]}" = floatd ]; then
	[ "$exit_rc" = 0 ] || fail "floatd exited $exit_rc on SIGTERM, expected 0"
	[ "$probe_longest_gap_ms" -lt "$GAP_MAX_MS" ] ||
		fail "client outage $probe_longest_gap_ms ms >= $GAP_MAX_MS ms (make-before-break)"
fi
say "PASS ($UNDER_TEST)"
