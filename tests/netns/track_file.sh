#!/bin/bash
# track_file: lb1 (150) follows vrrp_track_file tf (weight 2,
# init_file 0).  Writing -15 moves lb1 to 150 - 30 = 120 (logged, still
# above lb2's 100: no failover); replacing the file by rename with -30 moves
# it to 90 and lb2 takes over; writing 0 restores 150 and lb1 preempts.
. "$(dirname "$0")/lib.sh"

MDI_LB2_MS=3609
SLACK_MS=700

topo_setup lb1 lb2 cl

tf=$(tmp prio.val)
mk_conf "$(tmp lb1.conf)" lb1 150 "$(printf '\ttrack_file {\n\t\ttf\n\t}')"
cat >>"$(tmp lb1.conf)" <<EOC

vrrp_track_file tf {
	file "$tf"
	weight 2
	init_file 0
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
[ "$(cat "$tf" 2>/dev/null)" = 0 ] || fail "init_file did not create $tf with 0"

# prio_seen ROLE FROM TO SINCE
prio_seen() { log_has "$1" "\\(VI_1\\) effective priority $2 -> $3" "$4"; }

# --- -15 x 2: 120, no failover
t0=$(now)
printf '%s\n' -15 >"$tf"
wait_for 2 "lb1 priority 120" prio_seen lb1 150 120 "$t0" || fail "writing -15 did not move lb1 to 120"
say "value -15 -> priority 120 after $(ms_between "$t0" "$(log_time lb1 'effective priority 150 -> 120' "$t0")") ms"
sleep 4.5   # longer than lb2's Master_Down_Interval: lb2 must not take over
log_has lb2 "$MASTER_RE" "$t0" && fail "lb2 took over although lb1 (120) is above it"
assert_vip_only_on lb1

# --- -30 x 2 (file replaced by rename): 90, lb2 takes over
t0=$(now)
printf '%s\n' -30 >"$tf.new"
mv "$tf.new" "$tf"
wait_for 2 "lb1 priority 90" prio_seen lb1 120 90 "$t0" || fail "renaming in -30 did not move lb1 to 90"
wait_master lb2 $(((MDI_LB2_MS + SLACK_MS) / 1000 + 2)) "$t0" || fail "lb2 did not take over from lb1 at 90"
ms=$(ms_between "$t0" "$(log_time lb2 "$MASTER_RE" "$t0")")
say "value -30 -> priority 90 after $(ms_between "$t0" "$(log_time lb1 'effective priority 120 -> 90' "$t0")") ms, lb2 MASTER after $ms ms"
[ "$ms" -le $((MDI_LB2_MS + SLACK_MS)) ] || fail "failover took $ms ms > $((MDI_LB2_MS + SLACK_MS)) ms"
wait_backup lb1 5 "$t0" || fail "lb1 did not yield"
wait_for 5 "VIP on lb2 only" vip_only_on lb2 || assert_vip_only_on lb2

# --- 0: back to 150, lb1 preempts
t0=$(now)
printf '0\n' >"$tf"
wait_for 2 "lb1 priority 150" prio_seen lb1 90 150 "$t0" || fail "writing 0 did not restore 150"
wait_master lb1 6 "$t0" || fail "lb1 did not preempt at 150"
wait_for 5 "VIP on lb1 only" vip_only_on lb1 || assert_vip_only_on lb1
say "value 0 -> lb1 MASTER again after $(ms_between "$t0" "$(log_time lb1 "$MASTER_RE" "$t0")") ms"
node_alive lb1 || fail "lb1 daemon died"
node_alive lb2 || fail "lb2 daemon died"
say "PASS ($UNDER_TEST)"
