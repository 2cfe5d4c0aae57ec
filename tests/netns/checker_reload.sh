#!/bin/bash
# The checker child's reload, on this kernel (no IPVS): floatd (MASTER of
# VI_1) includes a virtual_server with real servers in the `cl` namespace;
# the included file is changed and floatd reloaded (SIGHUP, then floatctl
# reload): the new sealed snapshot goes to the running checker child over
# the socketpair (SCM_RIGHTS) and is applied by difference.
#   9201 unchanged and up, 9205 unchanged and down (nothing listens): their
#        check state is kept: no notify_up/notify_down runs, no UP/DOWN
#        line, checks go on without a pause;
#   9202 removed: its notify_down runs (it was up; keepalived does so) and
#        it is no longer checked;
#   9203 weight 1 -> 3: logged as a change, state kept, no script;
#   9204 added: starts down ("joins when its check passes"), then UP and
#        its notify_up runs;
#   9206 unchanged, an HTTP_GET whose server answers after 2 s: the second
#        reload (floatctl reload of an identical file: +0 -0 ~0) is sent
#        while one of its checks is in flight, reading the configuration
#        being replaced; it completes against it (kept until it ends; a
#        sanitizer build catches a use after free) and 9206 stays up;
#   the child answers generation 1 with +1 -1 ~1; floatd logs it and
#   `floatctl status --json` counts it, with the new real servers' states;
#   the same checker process throughout, VI_1 stays MASTER;
#   a SIGKILLed child restarts on the new snapshot (9204, not 9202).
. "$(dirname "$0")/lib.sh"

command -v socat >/dev/null 2>&1 || skip "socat not installed"
command -v python3 >/dev/null 2>&1 || skip "python3 not installed"

RS=$SUBNET.100
topo_setup lb1 cl

listen() {
	local port=$1
	: >"$(tmp "conn.$port")"
	ip netns exec "$(ns cl)" socat "TCP-LISTEN:$port,bind=$RS,reuseaddr,fork" \
		"SYSTEM:echo c >>$(tmp "conn.$port")" >/dev/null 2>&1 &
	_PIDS+=("$!")
}
conns() { wc -l <"$(tmp "conn.$1")"; }
listening() { ip netns exec "$(ns cl)" ss -Hltn "sport = :$1" | grep -q LISTEN; }
for p in 9201 9202 9203 9204; do listen $p; done
# a slow HTTP server: the accept is counted, the answer comes 2 s later
: >"$(tmp conn.9206)"
printf '#!/bin/sh\necho c >>"%s"\nsleep 2\nprintf "HTTP/1.0 200 OK\\r\\n\\r\\nok\\n"\n' \
	"$(tmp conn.9206)" >"$(tmp slow.sh)"
chmod +x "$(tmp slow.sh)"
ip netns exec "$(ns cl)" socat "TCP-LISTEN:9206,bind=$RS,reuseaddr,fork" "EXEC:$(tmp slow.sh)" \
	>/dev/null 2>&1 &
_PIDS+=("$!")
wait_for 5 "listeners" eval 'listening 9201 && listening 9202 && listening 9203 && listening 9204 &&
	listening 9206' || die "listeners did not start"

EV=$(tmp events)
: >"$EV"
printf '#!/bin/sh\necho "$1" >>"%s"\n' "$EV" >"$(tmp ev.sh)"
chmod +x "$(tmp ev.sh)"

rs() {   # rs PORT WEIGHT
	printf '\treal_server %s %s {\n\t\tweight %s\n' "$RS" "$1" "$2"
	printf '\t\tnotify_up "%s up_%s"\n\t\tnotify_down "%s down_%s"\n' \
		"$(tmp ev.sh)" "$1" "$(tmp ev.sh)" "$1"
	printf '\t\tTCP_CHECK {\n\t\t\tconnect_timeout 1\n\t\t\tretry 0\n\t\t}\n\t}\n'
}
conf() {   # conf "PORT:WEIGHT ..."
	local pw
	{
		echo "virtual_server $VIP 80 {"
		echo "	protocol TCP"
		echo "	delay_loop 1"
		echo "	lb_algo rr"
		echo "	lb_kind NAT"
		for pw in $1; do rs "${pw%:*}" "${pw#*:}"; done
		printf '\treal_server %s 9206 {\n\t\tHTTP_GET {\n\t\t\turl { path /slow }\n' "$RS"
		printf '\t\t\tconnect_timeout 6\n\t\t\tretry 0\n\t\t}\n\t}\n'
		echo "}"
	} >"$(tmp lvs.conf)"
}
conf "9201:1 9202:1 9203:1 9205:1"
mk_conf "$(tmp lb1.conf)" lb1 150
echo "include $(tmp lvs.conf)" >>"$(tmp lb1.conf)"
"$FLOATD" -t -f "$(tmp lb1.conf)" >/dev/null 2>&1 || die "config rejected"

LOG=$(node_log lb1)
start_node lb1 "$(tmp lb1.conf)"
HPID=${NODE_PID[lb1]}
wait_master lb1 10 || fail "lb1 never entered MASTER"
# the checker as floatctl status --json shows it: "KEY=VALUE ..." of the
# checker object, then ADDR=STATE per real server
ck_status() {
	ctl lb1 --json status | /usr/bin/python3 -c '
import json, sys
c = json.load(sys.stdin)["checker"]
print(" ".join("%s=%s" % (k, c[k]) for k in ("running", "generation", "reloads_applied", "reloads_failed")),
      " ".join("%s=%s" % (r["address"].split(":")[1], r["state"]) for r in c["virtual_servers"][0]["real_servers"]))'
}
wait_for 5 "checker started" log_has lb1 'checker: started \(pid [0-9]+, 5 real server' ||
	fail "checker did not start with 5 real servers"
wait_for 8 "9205 down" eval 'grep -qx down_9205 "$EV"' || fail "9205 never went down"
wait_for 5 "checks of 9201" eval '[ "$(conns 9201)" -ge 2 ]' || fail "no checks reach 9201"
before_ev=$(sort "$EV" | tr '\n' ' ')
[ "$before_ev" = "down_9205 " ] || fail "events before the reload: '$before_ev'"
child=$(pgrep -P "$HPID" -f -- '--checker-child') || fail "no checker child"

# ---- reload: 9201, 9205 unchanged; 9202 removed; 9203 weight 3; 9204 added
conf "9201:1 9204:1 9203:3 9205:1"
c0=$(conns 9201)
t1=$(now)
kill -HUP "$HPID"
wait_for 10 "generation 1 applied" log_has lb1 \
	'checker: generation 1 applied: virtual servers \+0 -0 ~0, real servers \+1 -1 ~1' "$t1" ||
	fail "the child did not apply generation 1"
wait_for 5 "parent heard it" log_has lb1 \
	'checker: reload \(generation 1\) applied: real servers \+1 -1 ~1' "$t1" ||
	fail "the parent did not log the reload result"
log_has lb1 "real server $RS:9204 added \\(reload\\): joins when its check passes" "$t1" ||
	fail "9204 was not added down (checked first)"
log_has lb1 "real server $RS:9203 weight 1 -> 3 \\(reload\\)" "$t1" ||
	fail "9203 weight change not logged"
log_has lb1 "real server $RS:9202 removed \\(reload\\): notify_down" "$t1" ||
	fail "9202 removal not logged"
wait_for 5 "9204 UP" log_has lb1 "real server $RS:9204 UP" "$t1" || fail "9204 never came up"
wait_for 5 "notify_up of 9204" eval 'grep -qx up_9204 "$EV"' || fail "9204 notify_up did not run"
wait_for 5 "notify_down of 9202" eval 'grep -qx down_9202 "$EV"' ||
	fail "9202 notify_down did not run"
# the unchanged ones: let three check rounds (delay_loop 1) pass
sleep 3
after_ev=$(sort "$EV" | tr '\n' ' ')
[ "$after_ev" = "down_9202 down_9205 up_9204 " ] ||
	fail "scripts after the reload: '$after_ev' (want only down_9202 and up_9204 added)"
for p in 9201 9203 9205; do
	log_has lb1 "real server $RS:$p (UP|DOWN)" "$t1" && fail "$p changed state on reload"
done
n=$(($(conns 9201) - c0))
[ "$n" -ge 3 ] || fail "checks of 9201 paused ($n in 3 s)"
say "9201 checked $n times since the reload (the last 3 s of it with nothing else to wait for)"
[ "$(pgrep -P "$HPID" -f -- '--checker-child')" = "$child" ] || fail "the checker child was restarted"
c2=$(conns 9202)
sleep 1.5
[ "$(conns 9202)" = "$c2" ] || fail "the removed 9202 is still checked"
want="running=True generation=1 reloads_applied=1 reloads_failed=0 9201=up 9204=up 9203=up 9205=down 9206=up"
wait_for 3 "status after the reload" eval '[ "$(ck_status)" = "$want" ]' ||
	fail "floatctl status after the reload: '$(ck_status)', want '$want'"
say "status: $(ck_status)"
log_has lb1 "$BACKUP_RE" "$t1" && fail "VI_1 left MASTER on the reload"
log_has lb1 'stale' "$t1" && say "note: $(grep -c stale "$LOG") stale line(s)"

# ---- the same file again, while a check of 9206 is in flight: nothing to do
c6=$(conns 9206)
wait_for 6 "a 9206 check in flight" eval '[ "$(conns 9206)" -gt $c6 ]' || fail "9206 not checked"
t3=$(now)
out=$(ctl lb1 reload 2>&1) || fail "floatctl reload failed: $out"
say "floatctl reload: $(echo "$out" | head -1)"
wait_for 5 "generation 2" log_has lb1 \
	'checker: generation 2 applied: virtual servers \+0 -0 ~0, real servers \+0 -0 ~0' "$t3" ||
	fail "identical reload was not a no-op"
c6=$(conns 9206)
wait_for 8 "the next 9206 check" eval '[ "$(conns 9206)" -gt $c6 ]' ||
	fail "9206 not checked after the reload"
log_has lb1 "real server $RS:9206 (UP|DOWN)" 0 && fail "9206 changed state"
if log_has lb1 "real server $RS:9206 HTTP_GET in flight: the replaced configuration is kept" "$t3"; then
	say "the second reload found a 9206 check in flight (the held configuration path ran)"
else
	say "the second reload did not find the 9206 check in flight (a loaded host)"
fi
_pid_alive "$child" || fail "the child died"


# ---- a restarted child runs the new snapshot
t4=$(now)
kill -KILL "$child"
wait_for 8 "restart" log_has lb1 'checker: started \(pid [0-9]+, 5 real server' "$t4" ||
	fail "restarted child does not run the reloaded configuration"
c4=$(conns 9204)
wait_for 5 "restarted child checks 9204" eval '[ "$(conns 9204)" -gt $c4 ]' ||
	fail "9204 not checked after the restart"
c2=$(conns 9202)
sleep 1.5
[ "$(conns 9202)" = "$c2" ] || fail "the restarted child checks the removed 9202"

t5=$(now)
stop_node lb1 TERM
wait_exit lb1 10 || fail "lb1 did not exit"
[ "$exit_rc" = 0 ] || fail "lb1 exited with $exit_rc"
say "PASS ($UNDER_TEST)"
