#!/bin/bash
# Fast handover (floatd extension, on by default): lb1 (150) tracks a
# script (weight -60, interval 1, fall 2) that a flag file fails; lb1 then
# advertises 90 < lb2's 100.  A floatd BACKUP settled for a
# Master_Down_Interval takes over Skew_Time (609 ms) after the first
# lower-priority advert instead of a whole Master_Down_Interval (3609 ms),
# and the master yields to its higher priority as RFC 5798 says -- so it
# works with keepalived on the other side in both roles:
#   A) floatd -> floatd: lb2 logs the fast handover, VIP moves once;
#   B) keepalived master -> floatd backup: keepalived yields to floatd;
#   C) floatd master -> keepalived backup: keepalived takes over with its
#      RFC timing and floatd yields (nothing floatd does breaks it);
#   D) `fast_handover off` on lb2: RFC timing, "master down timer expired".
# Takeover times (flag -> lb2 MASTER) are reported, not asserted: the
# reason logged and the VIP on exactly one host are the oracles.
. "$(dirname "$0")/lib.sh"
need_keepalived
[ "$UNDER_TEST" = floatd ] || skip "floatd-only feature"

topo_setup lb1 lb2 cl
chk=$(tmp chk.sh)
printf '#!/bin/sh\n# chk.sh FLAG: fails while FLAG exists\ntest ! -e "$1"\n' >"$chk"
chmod 755 "$chk"
flag=$(tmp flag)

# keepalived needs the vrrp_script block before the instance that tracks it
lb1_conf() {
	cat >"$(tmp lb1.conf)" <<EOC
vrrp_script chk_w {
	script "$chk $flag"
	interval 1
	weight -60
	fall 2
	rise 2
}

EOC
	mk_conf "$(tmp lb1-inst.conf)" lb1 150 "$(printf '\ttrack_script {\n\t\tchk_w\n\t}')"
	cat "$(tmp lb1-inst.conf)" >>"$(tmp lb1.conf)"
}

stop_both() {
	local r
	for r in lb1 lb2; do
		[ -n "${NODE_PID[$r]:-}" ] && node_alive "$r" && stop_node "$r" TERM
		wait_exit "$r" 10 || fail "$r did not exit"
	done
	: >"$(node_log lb1)"; : >"$(node_log lb2)"
}

# scenario TAG IMPL1 IMPL2 [LB2_EXTRA]: prints the takeover time in ms
scenario() {
	local tag=$1 i1=$2 i2=$3 t0 t_m ms
	rm -f "$flag"
	lb1_conf
	mk_conf "$(tmp lb2.conf)" lb2 100 "${4:-}"
	start_node lb1 "$(tmp lb1.conf)" "$i1"
	start_node lb2 "$(tmp lb2.conf)" "$i2"
	wait_master lb1 10 || fail "[$tag] lb1 never entered MASTER"
	wait_backup lb2 10 || fail "[$tag] lb2 never entered BACKUP"
	wait_for 5 "VIP on lb1" vip_only_on lb1 || assert_vip_only_on lb1
	# settle longer than lb2's Master_Down_Interval (the hysteresis)
	sleep 4.5
	t0=$(now)
	: >"$flag"
	wait_master lb2 12 "$t0" || fail "[$tag] lb2 did not take over"
	t_m=$(log_time lb2 "$MASTER_RE" "$t0")
	wait_backup lb1 5 "$t0" || fail "[$tag] lb1 did not yield"
	wait_for 5 "VIP on lb2 only" vip_only_on lb2 || assert_vip_only_on lb2
	ms=$(ms_between "$t0" "$t_m")
	say "[$tag] $i1 master -> $i2 backup: lb2 MASTER $ms ms after the script started failing"
	LAST_MS=$ms
}

scenario A floatd floatd
log_has lb2 '\(VI_1\) Entering MASTER STATE \(fast handover' ||
	fail "[A] lb2 took over without the fast handover: $(grep 'Entering MASTER' "$(node_log lb2)")"
A_MS=$LAST_MS
stop_both

scenario B keepalived floatd
log_has lb2 '\(VI_1\) Entering MASTER STATE \(fast handover' ||
	fail "[B] floatd did not fast-handover from keepalived: $(grep 'Entering MASTER' "$(node_log lb2)")"
B_MS=$LAST_MS
stop_both

scenario C floatd keepalived
C_MS=$LAST_MS
stop_both

scenario D floatd floatd "$(printf '\tfast_handover off')"
log_has lb2 '\(VI_1\) Entering MASTER STATE \(master down timer expired' ||
	fail "[D] fast_handover off: $(grep 'Entering MASTER' "$(node_log lb2)")"
D_MS=$LAST_MS
stop_both
say "takeover after the script fails (fall 2 x interval 1 + the rest): floatd->floatd fast $A_MS ms, keepalived->floatd fast $B_MS ms, floatd->keepalived (RFC) $C_MS ms, fast_handover off $D_MS ms"
say "PASS ($UNDER_TEST)"
