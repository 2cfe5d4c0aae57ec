#!/bin/bash
# Reload that never flaps (floatctl reload / SIGHUP), two floatd hosts:
#   lb1 (150) MASTER and lb2 (100) BACKUP for VI_1 (VIP 10.99.0.50, excluded
#   VIPs .51/.52) and VI_2 (10.99.0.60); `floatctl status --json` is the
#   oracle for states and priorities, `ip monitor address` for RTM_DELADDR.
#   a. unchanged config reloaded on the MASTER: no "Deleted" line, no new
#      history entry, lb1's largest advert gap (seen on lb2) < 1.5 intervals.
#   b. an excluded VIP added (.53) and one removed (.52): .53 appears, .52
#      goes, the other VIPs see no RTM_DELADDR.
#   c. priority 150 -> 90 on lb1: status shows it, lb2 (100, preempt) takes
#      over; back to 150: lb1 preempts again.
#   d. a config with an error: floatctl reload exits 1 and prints file:line;
#      status is unchanged; SIGHUP with it is refused too (daemon alive).
#   e. VI_2 removed and VI_3 added on lb1: VI_2 leaves make-before-break
#      (lb2 holds .60 before lb1 deletes it), VI_3 starts and becomes MASTER.
#   f. a failing vrrp_script (weight -60, fall 2, interval 2) holds lb1 at
#      90 below lb2; reloads (unchanged, then weight -70) keep it failed:
#      no priority back to 150, no transition, lb2 stays MASTER.
. "$(dirname "$0")/lib.sh"
[ "$UNDER_TEST" = floatd ] || skip "floatd-only feature"
[ -x "$PYTHON3" ] || skip "python3 not installed ($PYTHON3)"
command -v tcpdump >/dev/null 2>&1 || skip "tcpdump not installed"

# conf FILE ROUTER_ID PRIO EXCLUDED_VIPS [VI_1_EXTRA] [TAIL]: VI_1 (+ VI_2 unless TAIL says)
conf() {
	local tail
	if [ $# -ge 6 ]; then
		tail=$6
	else
		tail="vrrp_instance VI_2 {
	state BACKUP
	interface eth0
	virtual_router_id 52
	priority $3
	advert_int 1
	virtual_ipaddress {
		$SUBNET.60/24
	}
}"
	fi
	cat >"$1" <<EOF
global_defs {
	router_id $2
	script_user root
}
vrrp_script chk_fail {
	script "/bin/false"
	interval 2
	fall 2
	rise 2
	weight -60
}
vrrp_instance VI_1 {
	state BACKUP
	interface eth0
	virtual_router_id 51
	priority $3
	advert_int 1
${5:-}
	virtual_ipaddress {
		$VIP/24
	}
	virtual_ipaddress_excluded {
$(for v in $4; do printf '\t\t%s/24\n' "$v"; done)
	}
}
$tail
EOF
}

# field ROLE INSTANCE NAME: one field from floatctl --json status
field() {
	ctl "$1" --json status "$2" 2>/dev/null |
		"$PYTHON3" -c 'import json,sys; print(json.load(sys.stdin)["instances"][0][sys.argv[1]])' "$3" 2>/dev/null
}
state_is() { [ "$(field "$1" "$2" state)" = "$3" ]; }
# history_len ROLE INSTANCE: transitions kept for it
history_len() {
	ctl "$1" --json history "$2" -n 256 |
		"$PYTHON3" -c 'import json,sys; print(len(json.load(sys.stdin)["transitions"]))'
}
instances_of() {
	ctl "$1" --json status | "$PYTHON3" -c 'import json,sys; print(" ".join(i["name"] for i in json.load(sys.stdin)["instances"]))'
}
has_addr() { ip -n "$(ns "$1")" -4 -o addr show dev eth0 | grep -q " inet $2/"; }
MON_PID=""
monitor_start() {   # monitor_start ROLE FILE: ip -ts monitor address in ROLE's namespace
	ip -n "$(ns "$1")" -ts monitor address >"$2" 2>&1 &
	MON_PID=$!
	_PIDS+=("$MON_PID")
	sleep 0.3
}
monitor_stop() { kill "$MON_PID" 2>/dev/null; wait "$MON_PID" 2>/dev/null; MON_PID=""; }
reload() {   # reload ROLE: floatctl reload, must succeed
	local out
	out=$(ctl "$1" reload 2>&1) || fail "floatctl reload on $1 failed: $out"
	say "$1: $out"
}

topo_setup lb1 lb2 cl
C1=$(tmp lb1.conf) C2=$(tmp lb2.conf)
conf "$C1" lb1 150 "$SUBNET.51 $SUBNET.52"
conf "$C2" lb2 100 "$SUBNET.51 $SUBNET.52"
start_node lb1 "$C1"
start_node lb2 "$C2"
wait_for 15 "lb1 MASTER for both" eval 'state_is lb1 VI_1 MASTER && state_is lb1 VI_2 MASTER' ||
	fail "lb1 not MASTER: $(ctl lb1 status)"
wait_for 5 "lb2 BACKUP" eval 'state_is lb2 VI_1 BACKUP && state_is lb2 VI_2 BACKUP' ||
	fail "lb2 not BACKUP: $(ctl lb2 status)"

# --- a. unchanged
h0=$(history_len lb1 VI_1)
advert_capture lb2
monitor_start lb1 "$(tmp mon-a.txt)"
sleep 2.2
t0=$(now)
reload lb1
sleep 3.2
t1=$(now)
monitor_stop
advert_capture_stop
# VI_1's adverts only (VI_2's interleave with them)
grep 'vrid 51,' "$ADV_CAP" >"$ADV_CAP.vi1"
ADV_CAP=$ADV_CAP.vi1
read -r n gap at < <(advert_gaps "$(host_ip lb1)" "$(awk -v t="$t0" 'BEGIN { printf "%.6f", t - 2 }')" "$t1")
say "a. VI_1 adverts from lb1 from 2 s before the reload to 3 s after: $n, largest gap $gap ms (limit 1500)"
[ "$n" -ge 4 ] || fail "too few adverts captured ($n)"
[ "$(grep -c "vrid 51," "$ADV_CAP")" -ge "$n" ] || die "capture filter"
[ "$gap" -lt 1500 ] || fail "advert gap $gap ms across an unchanged reload"
grep -q Deleted "$(tmp mon-a.txt)" && fail "RTM_DELADDR during an unchanged reload: $(grep Deleted "$(tmp mon-a.txt)")"
[ "$(history_len lb1 VI_1)" = "$h0" ] || fail "a transition during an unchanged reload: $(ctl lb1 history)"
state_is lb1 VI_1 MASTER || fail "lb1 left MASTER"
log_has lb1 'reload \(floatctl\): reloaded: 2 unchanged, 0 updated' || fail "no reload summary in lb1's log"
ctl lb1 --json status | "$PYTHON3" -c 'import json,sys; r=json.load(sys.stdin)["reload"]; assert r["ok"] == 1 and r["last"]["result"] == "ok", r' ||
	fail "status does not count the reload"

# --- b. excluded VIPs: .52 removed, .53 added
monitor_start lb1 "$(tmp mon-b.txt)"
conf "$C1" lb1 150 "$SUBNET.51 $SUBNET.53"
reload lb1
wait_for 3 ".53 on lb1" has_addr lb1 "$SUBNET.53" || fail ".53 not added"
wait_for 3 ".52 gone from lb1" eval '! has_addr lb1 '"$SUBNET.52" || fail ".52 not removed"
sleep 0.5
monitor_stop
deleted=$(grep Deleted "$(tmp mon-b.txt)" | grep -o 'inet [0-9.]*' | sort -u | tr '\n' ' ')
[ "$deleted" = "inet $SUBNET.52 " ] || fail "RTM_DELADDR for other VIPs than .52: '$deleted'"
has_addr lb1 "$VIP" && has_addr lb1 "$SUBNET.51" || fail "kept VIPs missing"
[ "$(history_len lb1 VI_1)" = "$h0" ] || fail "a transition while changing VIPs: $(ctl lb1 history)"
say "b. .53 added, .52 removed, no other RTM_DELADDR"

# --- c. priority change in place
conf "$C1" lb1 90 "$SUBNET.51 $SUBNET.53"
reload lb1
[ "$(field lb1 VI_1 base_priority)" = 90 ] || fail "base priority not 90: $(field lb1 VI_1 base_priority)"
wait_for 8 "lb2 MASTER (preempt)" state_is lb2 VI_1 MASTER || fail "lb2 did not take over after lb1 went to 90"
wait_for 3 "lb1 BACKUP" state_is lb1 VI_1 BACKUP || fail "lb1 not BACKUP at 90"
conf "$C1" lb1 150 "$SUBNET.51 $SUBNET.53"
reload lb1
wait_for 8 "lb1 MASTER again" state_is lb1 VI_1 MASTER || fail "lb1 did not preempt at 150"
[ "$(field lb1 VI_1 effective_priority)" = 150 ] || fail "lb1 effective priority $(field lb1 VI_1 effective_priority)"
say "c. priority 150 -> 90 handed over, -> 150 took back"

# --- d. a config with an error keeps the old one
cp "$C1" "$(tmp lb1.good)"
sed -i 's/virtual_router_id 52/virtual_router_id 999/' "$C1"
line=$(grep -n 'virtual_router_id 999' "$C1" | cut -d: -f1)
before=$(ctl lb1 --json status | "$PYTHON3" -c 'import json,sys; print([(i["name"], i["state"], i["effective_priority"], i["vips"]) for i in json.load(sys.stdin)["instances"]])')
rc=0; out=$(ctl lb1 reload 2>&1) || rc=$?
[ "$rc" = 1 ] || fail "floatctl reload of a bad config: exit $rc: $out"
printf '%s\n' "$out" | grep -q "lb1.conf:$line: error" || fail "no file:line in: $out"
say "d. refused: $(printf '%s\n' "$out" | head -3 | tr '\n' '|')"
after=$(ctl lb1 --json status | "$PYTHON3" -c 'import json,sys; print([(i["name"], i["state"], i["effective_priority"], i["vips"]) for i in json.load(sys.stdin)["instances"]])')
[ "$before" = "$after" ] || fail "status changed by a refused reload: $before -> $after"
stop_node lb1 HUP
wait_for 3 "SIGHUP refused" log_has lb1 'reload \(SIGHUP\) refused' || fail "SIGHUP with a bad config not refused"
node_alive lb1 || fail "lb1 died on a bad SIGHUP"
ctl lb1 --json metrics | "$PYTHON3" -c '
import json,sys
t = json.load(sys.stdin)["text"]
assert "floatd_reloads_total{result=\"failed\"} 2" in t, t
assert "floatd_last_reload_success 0" in t
assert "floatd_last_reload_timestamp_seconds" in t' || fail "metrics do not count the refused reloads"
cp "$(tmp lb1.good)" "$C1"
stop_node lb1 HUP
wait_for 3 "SIGHUP applied" log_has lb1 'reload \(SIGHUP\): reloaded' || fail "SIGHUP with the good config not applied"
state_is lb1 VI_1 MASTER || fail "lb1 not MASTER after the SIGHUP reload"

# --- e. VI_2 removed (make-before-break), VI_3 added
monitor_start lb2 "$(tmp mon-e2.txt)"
MON2=$MON_PID
monitor_start lb1 "$(tmp mon-e1.txt)"
conf "$C1" lb1 150 "$SUBNET.51 $SUBNET.53" "" "vrrp_instance VI_3 {
	interface eth0
	virtual_router_id 53
	priority 150
	advert_int 1
	virtual_ipaddress {
		$SUBNET.70/24
	}
}"
reload lb1
wait_for 5 "lb2 MASTER for VI_2" state_is lb2 VI_2 MASTER || fail "lb2 did not take VI_2 over"
wait_for 5 ".60 only on lb2" eval 'has_addr lb2 '"$SUBNET.60"' && ! has_addr lb1 '"$SUBNET.60" ||
	fail ".60 not moved to lb2"
wait_for 8 "VI_3 MASTER on lb1" state_is lb1 VI_3 MASTER || fail "VI_3 did not start: $(ctl lb1 status)"
has_addr lb1 "$SUBNET.70" || fail ".70 not on lb1"
[ "$(instances_of lb1)" = "VI_1 VI_3" ] || fail "lb1 instances: $(instances_of lb1)"
monitor_stop
MON_PID=$MON2; monitor_stop
ts() { grep "$1.*inet $2/" "$3" | head -1 | sed 's/^\[\([^]]*\)\].*/\1/'; }
added2=$(ts '' "$SUBNET.60" "$(tmp mon-e2.txt)")
deleted1=$(ts Deleted "$SUBNET.60" "$(tmp mon-e1.txt)")
[ -n "$added2" ] && [ -n "$deleted1" ] || fail "monitor lines missing: lb2 add '$added2', lb1 delete '$deleted1'"
a=$(date -d "$added2" +%s.%N) d=$(date -d "$deleted1" +%s.%N)
# make-before-break as in a stop: the priority-0 advert first, the VIP kept
# until the new master is heard (RFC 5798's order there: its advert, then
# its VIPs, so the kernel-level hand-over is a few ms either way)
log_has lb1 '\(VI_2\) Entering STOP STATE \(new master heard\)' ||
	fail "removed VI_2 did not wait for the new master"
say "e. .60 added on lb2 at $added2, deleted on lb1 at $deleted1 (lb1 deleted $(ms_between "$a" "$d") ms after lb2 added)"
awk -v a="$a" -v d="$d" 'BEGIN { g = a - d; exit !(g < 0.1) }' ||
	fail ".60 on neither host for more than 100 ms"
grep Deleted "$(tmp mon-e1.txt)" | grep -v "$SUBNET.60/" && fail "other VIPs deleted on lb1"
state_is lb1 VI_1 MASTER || fail "VI_1 moved during e"

# --- f. a failing vrrp_script across reloads
conf "$C1" lb1 150 "$SUBNET.51 $SUBNET.53" "	track_script {
		chk_fail
	}" ""
reload lb1
wait_for 12 "lb1 at 90" eval '[ "$(field lb1 VI_1 effective_priority)" = 90 ]' ||
	fail "the failing script did not lower lb1: $(field lb1 VI_1 effective_priority)"
wait_for 8 "lb2 MASTER" state_is lb2 VI_1 MASTER || fail "lb2 did not take over from the failed lb1"
h1=$(history_len lb1 VI_1)
t2=$(now)
reload lb1
sed -i 's/weight -60/weight -70/' "$C1"
reload lb1
[ "$(field lb1 VI_1 effective_priority)" = 80 ] || fail "weight -70 not applied: $(field lb1 VI_1 effective_priority)"
sleep 5
log_has lb1 'effective priority [0-9]+ -> 150' "$t2" && fail "the script's failure was forgotten by the reload (priority back to 150)"
[ "$(history_len lb1 VI_1)" = "$h1" ] || fail "lb1 VI_1 transitions during the reloads: $(ctl lb1 history VI_1 -n 3)"
state_is lb2 VI_1 MASTER || fail "lb2 lost MASTER"
say "f. failing script kept across reloads: lb1 stays BACKUP at $(field lb1 VI_1 effective_priority)"
say "PASS ($UNDER_TEST)"
