#!/bin/bash
# track_script: lb1 (150) tracks chk_w (weight -60, interval 1,
# fall 2, rise 2) whose result a flag file controls.  Creating the flag
# drops lb1 to 90 < lb2's 100: lb2 must be MASTER within
# fall x interval + Master_Down_Interval (+ one interval for the script's
# phase and 0.5 s slack).  Removing it: lb1 is back to 150 after rise runs
# and preempts.  A weight-0 script (chk_0) that fails puts lb1 in FAULT; it
# recovers to BACKUP and then MASTER when the script succeeds again.
. "$(dirname "$0")/lib.sh"

INTERVAL_MS=1000 FALL=2 RISE=2
MDI_LB2_MS=3609     # 3 s + (256 - 100) / 256 s: lb2's Master_Down_Interval
MDI_LB1_MS=3414     # 3 s + (256 - 150) / 256 s
SLACK_MS=500
FAULT_RE='\(VI_1\) Entering FAULT STATE'

topo_setup lb1 lb2 cl

chk=$(tmp chk.sh)
printf '#!/bin/sh\n# chk.sh FLAG: fails while FLAG exists\ntest ! -e "$1"\n' >"$chk"
chmod 755 "$chk"
flag_w=$(tmp flag_w) flag_0=$(tmp flag_0)

mk_conf "$(tmp lb1.conf)" lb1 150 "$(printf '\ttrack_script {\n\t\tchk_w\n\t\tchk_0\n\t}')"
cat >>"$(tmp lb1.conf)" <<EOC

vrrp_script chk_w {
	script "$chk $flag_w"
	interval 1
	weight -60
	fall $FALL
	rise $RISE
}

vrrp_script chk_0 {
	script "$chk $flag_0"
	interval 1
	weight 0
	fall 1
	rise 1
}
EOC
mk_conf "$(tmp lb2.conf)" lb2 100
floatd_t -f "$(tmp lb1.conf)" >"$(tmp conf-t.out)" 2>&1 ||
	die "lb1.conf rejected: $(cat "$(tmp conf-t.out)")"

start_node lb1 "$(tmp lb1.conf)"
start_node lb2 "$(tmp lb2.conf)"
wait_master lb1 10 || fail "lb1 never entered MASTER"
wait_backup lb2 10 || fail "lb2 never entered BACKUP"
wait_for 5 "VIP on lb1 only" vip_only_on lb1 || assert_vip_only_on lb1
sleep 1.5

# --- weighted script fails: priority 150 -> 90, lb2 takes over
t0=$(now)
: >"$flag_w"
limit=$((FALL * INTERVAL_MS + INTERVAL_MS + MDI_LB2_MS + SLACK_MS))
wait_master lb2 $(((limit + 999) / 1000 + 2)) "$t0" || fail "lb2 did not take over after chk_w failed"
t_m=$(log_time lb2 "$MASTER_RE" "$t0")
t_p=$(log_time lb1 'effective priority 150 -> 90' "$t0") ||
	fail "lb1 did not log 'effective priority 150 -> 90'"
fail_ms=$(ms_between "$t0" "$t_m")
say "chk_w failing -> lb1 priority 90 after $(ms_between "$t0" "$t_p") ms, lb2 MASTER after $fail_ms ms (limit $limit ms)"
[ "$fail_ms" -le "$limit" ] || fail "failover took $fail_ms ms > $limit ms"
wait_backup lb1 5 "$t0" || fail "lb1 did not yield to lb2"
wait_for 5 "VIP on lb2 only" vip_only_on lb2 || assert_vip_only_on lb2

# --- the script succeeds again: back to 150 after rise runs, lb1 preempts
t0=$(now)
rm -f "$flag_w"
limit=$((RISE * INTERVAL_MS + INTERVAL_MS + MDI_LB1_MS + SLACK_MS))
wait_master lb1 $(((limit + 999) / 1000 + 2)) "$t0" || fail "lb1 did not preempt after chk_w recovered"
t_m=$(log_time lb1 "$MASTER_RE" "$t0")
t_p=$(log_time lb1 'effective priority 90 -> 150' "$t0") ||
	fail "lb1 did not log 'effective priority 90 -> 150'"
rec_ms=$(ms_between "$t0" "$t_m")
say "chk_w OK again -> lb1 priority 150 after $(ms_between "$t0" "$t_p") ms, MASTER after $rec_ms ms (limit $limit ms)"
[ "$rec_ms" -le "$limit" ] || fail "recovery took $rec_ms ms > $limit ms"
wait_backup lb2 5 "$t0" || fail "lb2 did not yield back"
wait_for 5 "VIP on lb1 only" vip_only_on lb1 || assert_vip_only_on lb1

# --- weight-0 script fails: FAULT, lb2 takes over; then recovery
t0=$(now)
: >"$flag_0"
wait_for 4 "lb1 FAULT" _state_seen lb1 "$FAULT_RE" "$t0" || fail "lb1 did not enter FAULT when chk_0 failed"
t_f=$(log_time lb1 "$FAULT_RE" "$t0")
log_has lb1 'fault: track_script chk_0 failed' "$t0" || fail "lb1 did not log the FAULT reason"
wait_master lb2 6 "$t0" || fail "lb2 did not take over from the faulted lb1"
wait_for 5 "VIP on lb2 only" vip_only_on lb2 || assert_vip_only_on lb2
say "chk_0 failing -> lb1 FAULT after $(ms_between "$t0" "$t_f") ms"
t0=$(now)
rm -f "$flag_0"
wait_backup lb1 4 "$t0" || fail "lb1 did not leave FAULT for BACKUP"
wait_master lb1 8 "$t0" || fail "lb1 did not preempt after leaving FAULT"
wait_for 5 "VIP on lb1 only" vip_only_on lb1 || assert_vip_only_on lb1
say "chk_0 OK again -> lb1 MASTER after $(ms_between "$t0" "$(log_time lb1 "$MASTER_RE" "$t0")") ms"
node_alive lb1 || fail "lb1 daemon died"
node_alive lb2 || fail "lb2 daemon died"
say "PASS ($UNDER_TEST)"
