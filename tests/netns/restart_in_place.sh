#!/bin/bash
# test-lock: quiet (the restart must beat the peer's Master_Down_Interval)
# Restart in place (package upgrades): `floatctl prepare-restart`, then
# SIGTERM, makes the MASTER exit without a priority-0 advert and keep its
# VIP; the next floatd (same config) adopts it and is MASTER at once.
# While the client probes the VIP every 2 ms:
#   - lb2 never becomes MASTER (its log and its floatctl history);
#   - no RTM_DELADDR for the VIP on lb1 (ip monitor), the VIP never leaves;
#   - the old daemon exits 0, the new one logs the adoption;
#   - reported: the client's largest gap, lost probes, lb1's silence on the
#     wire (largest advert gap seen by lb2) and the restart time.
# Then the stale case: the same stop, but the next floatd starts after lb2
# has taken over (the file is older than Master_Down_Interval): a normal
# start (the leftover VIP removed, BACKUP, then preemption), as without the
# file.  lb1 also has a static_ipaddress: not tied to any state, it stays
# through both restarts in place (no RTM_DELADDR in phase 1, present after
# each), and only a plain stop at the end removes it.
# restart_in_place_vmac.sh runs it with use_vmac (RIP_VMAC=1): the
# VIP lives on the VMAC, which must stay across the restart too.
. "$(dirname "$0")/lib.sh"

MDI_MS=3609     # lb2: 3 * advert_int + (256 - 100) / 256 s
RIP_VMAC=${RIP_VMAC:-0}
extra=""
[ "$RIP_VMAC" = 1 ] && extra=$'\tuse_vmac'

topo_setup lb1 lb2 cl
mk_conf "$(tmp lb1.conf)" lb1 150 "$extra"
mk_conf "$(tmp lb2.conf)" lb2 100 "$extra"
SADDR=192.0.2.77
cat >>"$(tmp lb1.conf)" <<EOF
static_ipaddress {
	$SADDR/24 dev eth0
}
EOF
static_on() { ip -n "$(ns lb1)" -4 -o addr show dev eth0 | grep -q " inet $SADDR/24 "; }
start_node lb1 "$(tmp lb1.conf)"
start_node lb2 "$(tmp lb2.conf)"
wait_master lb1 10 || fail "lb1 never entered MASTER"
wait_backup lb2 10 || fail "lb2 never entered BACKUP"
wait_for 5 "VIP on lb1 only" vip_only_on lb1 || assert_vip_only_on lb1
wait_for 5 "client reaches VIP" reachable "$VIP" || fail "client cannot reach $VIP"
wait_for 5 "static address on lb1" static_on || fail "static_ipaddress $SADDR not on lb1"

mon=$(tmp monitor.txt)
ip -n "$(ns lb1)" monitor address >"$mon" 2>&1 &
mon_pid=$!
_PIDS+=("$mon_pid")
advert_capture lb2
probe_start 60 2
sleep 1   # the client's ARP entry points at lb1 before the restart

# --- 1. restart in place ---------------------------------------------------------
out=$(ctl lb1 prepare-restart) || fail "floatctl prepare-restart failed: $out"
say "floatctl prepare-restart: $out"
grep -q ' 1 MASTER instance' <<<"$out" || fail "prepare-restart did not count lb1's MASTER: $out"
t_stop=$(now)
stop_node lb1 TERM
wait_exit lb1 5 || fail "lb1 did not exit within 5 s of SIGTERM"
t_exit=$(now)
vip_kept=0
vip_on lb1 && vip_kept=1
static_kept=0
static_on && static_kept=1
kept_dev=$(vip_dev lb1)
# as systemd would: the new daemon at once (the checks of the old one after)
t_start=$(now)
start_node lb1 "$(tmp lb1.conf)"
[ "$exit_rc" = 0 ] || fail "lb1 exited $exit_rc on the in-place stop"
log_has lb1 'stopped in place' "$t_stop" || fail "lb1 did not log the in-place stop"
! log_has lb1 'Leaving MASTER STATE' "$t_stop" || fail "lb1 sent priority 0 (make-before-break stop)"
[ "$vip_kept" = 1 ] || fail "the VIP left lb1 with the old daemon"
[ "$static_kept" = 1 ] || fail "the static address left lb1 with the old daemon"
[ "$RIP_VMAC" = 0 ] || [ "$kept_dev" = vrrp.51 ] ||
	fail "between the daemons the VIP was on '$kept_dev', not the VMAC vrrp.51"
wait_master lb1 5 "$t_start" || fail "the new lb1 did not become MASTER"
t_master=$(log_time lb1 "$MASTER_RE" "$t_start")
log_has lb1 'restart in place: adopting MASTER' "$t_start" || fail "the new lb1 did not adopt"
log_has lb1 "$MASTER_RE.*restart in place" "$t_start" || fail "lb1's MASTER entry has another reason"
if [ "$RIP_VMAC" = 1 ]; then
	wait_for 5 "the new lb1 reuses the VMAC" log_has lb1 'reusing VMAC vrrp.51' "$t_start" ||
		fail "the new lb1 did not reuse the VMAC"
fi
sleep 1   # two more adverts from the new lb1, the client's replies after it
probe_stop
advert_capture_stop
kill "$mon_pid" 2>/dev/null

# from 1.5 s before the stop: the old daemon's last advert starts the silence
read -r n_adv silence_ms at <<<"$(advert_gaps "$(host_ip lb1)" "$(awk -v t="$t_stop" 'BEGIN { printf "%.6f", t - 1.5 }')")"
say "restart: old lb1 exit $(ms_between "$t_stop" "$t_exit") ms after SIGTERM, new lb1 MASTER $(ms_between "$t_start" "$t_master") ms after its start, $(ms_between "$t_stop" "$t_master") ms after SIGTERM"
say "lb1's adverts seen by lb2 from 1.5 s before the stop: $n_adv, largest gap (lb1 silent) $silence_ms ms (lb2's Master_Down_Interval $MDI_MS ms)"
say "client (2 ms probe): sent=$probe_sent received=$probe_received lost=$((probe_sent - probe_received)) largest gap $probe_longest_gap_ms ms"

! log_has lb2 "$MASTER_RE" || fail "lb2 became MASTER during the restart in place"
hist=$(ctl lb2 history) || fail "floatctl history on lb2 failed"
! grep -q 'MASTER' <<<"$hist" || fail "lb2's history shows MASTER: $hist"
! grep -q "^Deleted.* $VIP/" "$mon" || fail "RTM_DELADDR for the VIP on lb1: $(grep "^Deleted.* $VIP/" "$mon")"
! grep -q "^Deleted.* $SADDR/" "$mon" || fail "RTM_DELADDR for the static address on lb1: $(grep "^Deleted.* $SADDR/" "$mon")"
static_on || fail "static address $SADDR gone after the restart in place"
log_has lb1 'left for the next floatd' "$t_stop" || fail "the old lb1 did not log leaving the statics"
assert_vip_only_on lb1
[ "$RIP_VMAC" = 0 ] || [ "$(vip_dev lb1)" = vrrp.51 ] || fail "the VIP is on '$(vip_dev lb1)', not the VMAC"
[ "$silence_ms" -lt "$MDI_MS" ] || fail "lb1 silent $silence_ms ms >= Master_Down_Interval"
[ -n "$(ls "$_T"/lb1-restart-state* 2>/dev/null)" ] && fail "the restart state file stayed: $(ls "$_T"/lb1-restart-state*)"

# --- 2. stale state: a normal start ----------------------------------------------
ctl lb1 prepare-restart >/dev/null || fail "floatctl prepare-restart failed (2)"
t_stop=$(now)
stop_node lb1 TERM
wait_exit lb1 5 || fail "lb1 did not exit (2)"
[ -e "$(tmp lb1-restart-state)" ] || fail "no restart state written (2)"
wait_master lb2 10 "$t_stop" || fail "lb2 did not take over from the silent lb1"
t_start=$(now)
start_node lb1 "$(tmp lb1.conf)"
wait_for 10 "lb1 refuses the stale state" log_has lb1 'the peer may have taken over' "$t_start" ||
	fail "lb1 did not refuse the stale state"
wait_backup lb1 10 "$t_start" || fail "lb1 did not start as BACKUP"
! log_has lb1 'adopting MASTER' "$t_start" || fail "lb1 adopted a stale state"
wait_master lb1 10 "$t_start" || fail "lb1 did not preempt lb2"
wait_for 5 "VIP on lb1 only" vip_only_on lb1 || assert_vip_only_on lb1
static_on || fail "static address $SADDR gone after the second restart in place"
say "stale state (lb2 took over $(ms_between "$t_stop" "$(log_time lb2 "$MASTER_RE" "$t_stop")") ms after the stop): normal start, BACKUP then MASTER by preemption"

# --- 3. a plain stop removes the static address (keepalived's semantics) ---------
stop_node lb1 TERM
wait_exit lb1 10 || fail "lb1 did not exit (3)"
! static_on || fail "a plain stop left static address $SADDR on lb1"
say "plain stop: static address removed"
say PASS
