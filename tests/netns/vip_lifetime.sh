#!/bin/bash
# vip_lifetime (a floatd extension).  With `vip_lifetime 3` the
# MASTER adds its VIP with valid/preferred lifetime 3 s and renews it in
# place with every advertisement:
#  1. on a healthy master, `ip monitor address` over RENEW_S seconds shows
#     renewals but no Deleted line for the VIP, and the VIP never lacks;
#  2. SIGKILL of every floatd process on the master: the kernel removes the
#     VIP from the dead master by itself within lifetime + 1 s, while lb2
#     takes over and holds it.
# Takes about RENEW_S + 15 s.  RENEW_S=15 by default: five lifetimes, so a
# renewal that stopped would show as a deletion several times over (RENEW_S=60
# was the first figure; set it for a longer soak).
. "$(dirname "$0")/lib.sh"

LIFETIME_S=3
RENEW_S=${RENEW_S:-15}

topo_setup lb1 lb2 cl
mk_conf "$(tmp lb1.conf)" lb1 150 "$(printf '\tvip_lifetime %s' "$LIFETIME_S")"
mk_conf "$(tmp lb2.conf)" lb2 100 "$(printf '\tvip_lifetime %s' "$LIFETIME_S")"
for r in lb1 lb2; do
	floatd_t -f "$(tmp "$r.conf")" >"$(tmp conf-t.out)" 2>&1 ||
		die "$r.conf rejected: $(cat "$(tmp conf-t.out)")"
done

# vip_lft ROLE: the VIP's valid_lft as ip prints it ("2sec", "forever").
vip_lft() {
	ip -n "$(ns "$1")" -4 addr show dev eth0 2>/dev/null |
		awk -v vip="$VIP" '$1 == "inet" && index($2, vip "/") == 1 { f = 1; next }
			f && /valid_lft/ { print $2; exit }'
}

start_node lb1 "$(tmp lb1.conf)"
start_node lb2 "$(tmp lb2.conf)"
wait_master lb1 10 || fail "lb1 never entered MASTER"
wait_backup lb2 10 || fail "lb2 never entered BACKUP"
wait_for 5 "VIP on lb1 only" vip_only_on lb1 || assert_vip_only_on lb1
lft=$(vip_lft lb1)
case $lft in
[0-3]sec) ;;
*) fail "VIP on lb1 has valid_lft '$lft', expected at most ${LIFETIME_S}sec" ;;
esac

# --- 1. renewals on a healthy master: no delete/add flap
mon=$(tmp monitor.txt)
ip -n "$(ns lb1)" monitor address >"$mon" 2>&1 &
MON_PID=$!
_PIDS+=("$MON_PID")
missing=0
end=$(( ${EPOCHREALTIME%.*} + RENEW_S ))
while [ "${EPOCHREALTIME%.*}" -lt "$end" ]; do
	vip_on lb1 || missing=$((missing + 1))
	sleep 0.2
done
kill "$MON_PID" 2>/dev/null
wait "$MON_PID" 2>/dev/null
renewals=$(grep -v '^Deleted' "$mon" | grep -c " $VIP/")
deletes=$(grep '^Deleted' "$mon" | grep -c " $VIP/")
say "healthy master over ${RENEW_S} s: $renewals address updates for the VIP, $deletes deletions, VIP missing in $missing samples"
[ "$deletes" = 0 ] || fail "RTM_DELADDR seen for the VIP on a healthy master: $(grep "^Deleted.* $VIP/" "$mon" | head -n 3)"
[ "$missing" = 0 ] || fail "VIP missing from lb1 in $missing samples"
[ "$renewals" -ge $((RENEW_S / 2)) ] || fail "only $renewals renewals in $RENEW_S s (expected one per advert)"
log_has lb2 "$MASTER_RE" && fail "lb2 became MASTER while lb1 was healthy"

# --- 2. SIGKILL: the kernel expires the VIP on the dead master
pids=""
for p in $(ip netns pids "$(ns lb1)"); do
	[ "$(cat "/proc/$p/comm" 2>/dev/null)" = floatd ] && pids="$pids $p"
done
[ -n "$pids" ] || die "no floatd process in lb1's namespace"
printf '%s ----- harness: kill -KILL%s\n' "$EPOCHREALTIME" "$pids" >>"$(node_log lb1)"
t0=$(now)
# shellcheck disable=SC2086
kill -KILL $pids
wait_for 5 "lb1 daemon dead" eval '! node_alive lb1' || fail "lb1 survived SIGKILL"
wait "${NODE_PID[lb1]}" 2>/dev/null   # reap quietly (no "Killed" line)
wait_for $((LIFETIME_S + 3)) "VIP gone from the dead lb1" eval '! vip_on lb1' ||
	fail "VIP still on the dead lb1 $(ms_between "$t0" "$(now)") ms after SIGKILL"
t_gone=$(now)
gone_ms=$(ms_between "$t0" "$t_gone")
wait_master lb2 8 "$t0" || fail "lb2 did not take over"
t_m=$(log_time lb2 "$MASTER_RE" "$t0")
wait_for 3 "VIP on lb2 only" vip_only_on lb2 || assert_vip_only_on lb2
say "SIGKILL -> VIP gone from the dead lb1 after $gone_ms ms (limit $(((LIFETIME_S + 1) * 1000)) ms), lb2 MASTER after $(ms_between "$t0" "$t_m") ms"
[ "$gone_ms" -le $(((LIFETIME_S + 1) * 1000)) ] || fail "VIP expired after $gone_ms ms > lifetime + 1 s"
sleep 2
assert_vip_only_on lb2
say "PASS ($UNDER_TEST)"
