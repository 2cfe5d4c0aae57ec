#!/bin/bash
# lvs_sync_daemon, lvs_timeouts, lvs_flush and lvs_flush_onstop on a kernel
# without IPVS (this machine's; the VM test tests/vm/lvs_sync.sh has IPVS):
# each floatd says "IPVS not available" exactly once, at start, and VRRP
# is not affected: lb1 becomes MASTER, fails over to lb2 when stopped
# (lb2's sync daemon would change role then), a reload with changed IPVS
# settings (which looks the family up again) adds no second line, and both
# exit 0.
. "$(dirname "$0")/lib.sh"

[ -e /proc/net/ip_vs ] && say "note: this kernel has IPVS; the 'not available' checks need one without"

LVS="	lvs_sync_daemon eth0 VI_1 id 5 port 8850
	lvs_timeouts tcp 900 udp 60
	lvs_flush
	lvs_flush_onstop"
topo_setup lb1 lb2 cl
mk_conf "$(tmp lb1.conf)" lb1 150 "" "$LVS"
mk_conf "$(tmp lb2.conf)" lb2 100 "" "$LVS"
floatd_t -f "$(tmp lb1.conf)" || fail "floatd -t refuses the IPVS settings"

unavailable() { # ROLE -> how many "IPVS not available" lines
	grep -c 'IPVS not available' "$(node_log "$1")" 2>/dev/null
}
once() { [ "$(unavailable "$1")" = 1 ]; }

start_node lb1 "$(tmp lb1.conf)"
wait_master lb1 10 || fail "lb1 never entered MASTER"
start_node lb2 "$(tmp lb2.conf)"
wait_backup lb2 10 || fail "lb2 never entered BACKUP"
wait_for 5 "lb1 logs IPVS not available" once lb1 || fail "lb1: $(unavailable lb1) 'IPVS not available' line(s), want 1"
wait_for 5 "lb2 logs IPVS not available" once lb2 || fail "lb2: $(unavailable lb2) 'IPVS not available' line(s), want 1"
wait_for 5 "VIP on lb1 only" vip_only_on lb1 || assert_vip_only_on lb1

# a reload with other IPVS settings: the lookup runs again, quietly
sed -i 's/id 5 port 8850/id 6 port 8851/' "$(tmp lb2.conf)"
out=$(ctl lb2 reload 2>&1) || fail "floatctl reload on lb2: $out"

t0=$(now)
stop_node lb1 TERM
wait_master lb2 10 "$t0" || fail "lb2 did not take over when lb1 stopped"
wait_for 5 "VIP on lb2 only" vip_only_on lb2 || assert_vip_only_on lb2
wait_exit lb1 10 || fail "lb1 did not exit"
[ "$exit_rc" = 0 ] || fail "lb1 exited with $exit_rc"
stop_node lb2 TERM
wait_exit lb2 10 || fail "lb2 did not exit"
[ "$exit_rc" = 0 ] || fail "lb2 exited with $exit_rc"
once lb1 || fail "lb1: $(unavailable lb1) 'IPVS not available' lines, want 1"
once lb2 || fail "lb2: $(unavailable lb2) 'IPVS not available' lines after a failover and a reload, want 1"
log_has lb2 'IPVS sync daemon' && fail "lb2 logged sync daemon work without IPVS: $(grep 'IPVS sync daemon' "$(node_log lb2)")"
say "PASS ($UNDER_TEST): 'IPVS not available' once per daemon; VRRP elected, reloaded and failed over; exit 0"
