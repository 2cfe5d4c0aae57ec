#!/bin/bash
# vrrp_delay_after_boot: no election before the system has been up that
# long.  lb1 is configured with the current uptime + 4 s: it logs the wait
# and enters MASTER no earlier than 4 s after its start (state MASTER
# alone: otherwise within about 1.6 s).  Also log_unknown_vrids: lb2 runs
# VRID 52 on the same LAN; lb1 (VRID 51) logs its adverts as unknown.
. "$(dirname "$0")/lib.sh"
[ "$UNDER_TEST" = floatd ] || skip "keepalived 2.2.7 has no vrrp_delay_after_boot"

topo_setup lb1 lb2
mk_conf "$(tmp lb2.conf)" lb2 100
sed -i 's/virtual_router_id 51/virtual_router_id 52/; s/\.50\/24/.60\/24/' "$(tmp lb2.conf)"
start_node lb2 "$(tmp lb2.conf)"
wait_master lb2 10 || fail "lb2 never entered MASTER"
# the system's uptime + 4 s, written just before lb1 starts
up=$(awk '{ printf "%.3f", $1 + 4 }' /proc/uptime)
mk_conf "$(tmp lb1.conf)" lb1 150 "	state MASTER" "$(printf '\tvrrp_delay_after_boot %s\n\tlog_unknown_vrids' "$up")"
t0=$(now)
start_node lb1 "$(tmp lb1.conf)"
wait_for 5 "lb1 logs the wait" log_has lb1 'vrrp_delay_after_boot: up [0-9]+ ms, no election for [0-9]+ ms' ||
	fail "lb1 did not log the boot delay"
wait_master lb1 15 "$t0" || fail "lb1 never entered MASTER"
t_m=$(log_time lb1 "$MASTER_RE" "$t0")
waited=$(ms_between "$t0" "$t_m")
[ "$waited" -ge 3800 ] || fail "lb1 became MASTER $waited ms after its start, before the boot delay (4 s)"
say "vrrp_delay_after_boot: lb1 MASTER $waited ms after its start"
wait_for 5 "lb1 logs VRID 52 as unknown" log_has lb1 'unknown VRID 52 received on eth0; ignored' ||
	fail "log_unknown_vrids: no line for lb2's VRID 52"
say "log_unknown_vrids: $(grep -c 'unknown VRID 52' "$(node_log lb1)") line(s) for lb2's VRID 52"
say "PASS ($UNDER_TEST)"
