#!/bin/bash
# test-lock: quiet (asserts advert gaps under 1.5 intervals while scripts hang and get killed)
# A tracked script that hangs forever: chk_hang runs
# "sleep 1000" with timeout 2 (interval 1, fall 1, weight -20).  Each run
# must be killed at its timeout (its process gone from lb1's namespace) and
# count as a failure (lb1's priority 150 -> 130, still above lb2's 100, so
# lb1 stays MASTER).  Meanwhile lb1's advertisements, captured on lb2 with
# tcpdump, must keep their interval: the largest gap stays below
# 1.5 x advert_int.
. "$(dirname "$0")/lib.sh"

command -v tcpdump >/dev/null 2>&1 || skip "tcpdump not installed"
ADVERT_MS=1000
GAP_MAX_MS=$((ADVERT_MS * 3 / 2))
TIMEOUT_MS=2000
WATCH_S=12

topo_setup lb1 lb2 cl

hang=$(tmp hang.sh)
printf '#!/bin/sh\n# never returns\nsleep 1000\n' >"$hang"
chmod 755 "$hang"

mk_conf "$(tmp lb1.conf)" lb1 150 "$(printf '\ttrack_script {\n\t\tchk_hang\n\t}')"
cat >>"$(tmp lb1.conf)" <<EOC

vrrp_script chk_hang {
	script "$hang"
	interval 1
	timeout $((TIMEOUT_MS / 1000))
	weight -20
	fall 1
	rise 1
}
EOC
mk_conf "$(tmp lb2.conf)" lb2 100
floatd_t -f "$(tmp lb1.conf)" >"$(tmp conf-t.out)" 2>&1 ||
	die "lb1.conf rejected: $(cat "$(tmp conf-t.out)")"

# hang_pids: pids of the script's "sleep 1000" inside lb1's namespace.
hang_pids() {
	local p
	for p in $(ip netns pids "$(ns lb1)" 2>/dev/null); do
		tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null | grep -qx 'sleep 1000 ' && echo "$p"
	done
}
first_hang=""
_hang_seen() { first_hang=$(hang_pids | head -n 1); [ -n "$first_hang" ]; }

advert_capture lb2

start_node lb1 "$(tmp lb1.conf)"
start_node lb2 "$(tmp lb2.conf)"
wait_master lb1 10 || fail "lb1 never entered MASTER"
wait_backup lb2 10 || fail "lb2 never entered BACKUP"

# --- a run is killed at its timeout.  The first run started with the
# daemon, before we could look; time the next one from its start.
wait_for 5 "a hanging chk_hang run" _hang_seen || fail "chk_hang never started"
old=$first_hang
# a zombie counts as gone (its parent sh died with it; reaping is init's)
wait_for 5 "pid $old gone" eval '! _pid_alive '"$old" ||
	fail "hanging script (pid $old) still alive 5 s after it was seen"
_new_hang() { _hang_seen && [ "$first_hang" != "$old" ]; }
wait_for 3 "the next chk_hang run" _new_hang || fail "chk_hang did not run again"
# its start as the kernel recorded it (ticks since boot), not when this
# shell's /proc scan found it: on a loaded machine that scan is late
tck=$(getconf CLK_TCK)
t_seen=$(awk -v t="$tck" '{ printf "%.3f", $22 / t }' "/proc/$first_hang/stat" 2>/dev/null) ||
	fail "pid $first_hang gone before its start time was read"
wait_for 5 "pid $first_hang gone" eval '! _pid_alive '"$first_hang" ||
	fail "hanging script (pid $first_hang) still alive 5 s after it started"
t_gone=$(awk '{ print $1 }' /proc/uptime)
life_ms=$(ms_between "$t_seen" "$t_gone")
say "hanging run pid $first_hang lived $life_ms ms (timeout $TIMEOUT_MS ms)"
# SIGTERM at the timeout ends sleep; slack for polling every 50 ms
[ "$life_ms" -le $((TIMEOUT_MS + 400)) ] || fail "the run outlived its timeout: $life_ms ms"
[ "$life_ms" -ge $((TIMEOUT_MS - 400)) ] || fail "the run was killed before its timeout: $life_ms ms"
wait_for 2 "timeout logged" log_has lb1 'vrrp_script chk_hang timed out' ||
	fail "lb1 did not log the timeout"
wait_for 2 "failure counted" log_has lb1 'effective priority 150 -> 130' ||
	fail "the timed-out run did not count as a failure (no 'effective priority 150 -> 130')"

# --- adverts keep their interval while runs hang and get killed
t_watch=$(now)
sleep "$WATCH_S"
n=$(hang_pids | wc -l)
[ "$n" -le 1 ] || fail "$n chk_hang runs at once (at most one per script)"
timeouts=$(awk -v s="$t_watch" '($1 + 0) >= s && /vrrp_script chk_hang timed out/' "$(node_log lb1)" | wc -l)
[ "$timeouts" -ge 2 ] || fail "only $timeouts timeouts in ${WATCH_S} s"
advert_capture_stop
log_has lb2 "$MASTER_RE" && fail "lb2 became MASTER"
node_alive lb1 || fail "lb1 daemon died"

lb1_ip=$(host_ip lb1)
read -r count max_gap at < <(advert_gaps "$lb1_ip" "$t_watch")
grep -q "prio 130" "$ADV_CAP" || fail "no advertisement with priority 130 captured"
say "adverts from lb1 over ${WATCH_S} s: $count, $timeouts script timeouts, largest gap $max_gap ms (limit $GAP_MAX_MS ms)"
[ "$count" -ge $((WATCH_S - 1)) ] || fail "only $count advertisements captured in $WATCH_S s"
[ "$max_gap" -lt "$GAP_MAX_MS" ] || fail "advertisement gap $max_gap ms (after $at) >= $GAP_MAX_MS ms"
say "PASS ($UNDER_TEST)"
