# The steps the checker tests that watch real servers through floatctl
# status --json and notify_up/notify_down share (checker_dns.sh,
# checker_smtp.sh).  Sourced after lib.sh; the daemon is lb1, the real
# servers are at $RS, and RS_VS names the virtual server ("ADDR:PORT").

# notify_log_setup: $EV (empty) and $(tmp note.sh), a notify script that
# appends its first argument to $EV as a line.
notify_log_setup() {
	EV=$(tmp events)
	: >"$EV"
	printf '#!/bin/sh\necho "$1" >>"%s"\n' "$EV" >"$(tmp note.sh)"
	chmod +x "$(tmp note.sh)"
}
events_now() { tr '\n' ' ' <"$EV"; }
events_are() { [ "$(events_now)" = "$1" ]; }
# wait_events DESCRIPTION WANT: within 5 s the notify lines so far are
# WANT ("up down "), else fail
wait_events() {
	wait_for 5 "$1" events_are "$2" || fail "events '$(events_now)', want '${2% }'"
}

# conf_accepted CONF WHAT: floatd -t accepts CONF (its output in
# $(tmp t.out)), else print what it said and fail
conf_accepted() {
	floatd_t -f "$1" >"$(tmp t.out)" 2>&1 || {
		cat "$(tmp t.out)"
		fail "floatd -t rejects $2"
	}
}

# rs_states [VS]: "PORT=STATE ..." of the virtual server (default
# $RS_VS), from floatctl status --json
rs_states() {
	ctl lb1 --json status 2>/dev/null | "$PYTHON3" -c '
import json, sys
doc = json.load(sys.stdin)
for v in (doc.get("checker") or {}).get("virtual_servers", []):
    if v["name"] == sys.argv[1]:
        print(" ".join("%s=%s" % (r["address"].rsplit(":", 1)[1], r["state"])
                       for r in v["real_servers"]))
' "${1:-$RS_VS}" 2>/dev/null
}
states_are() { [ "$(rs_states)" = "$1" ]; }
# wait_states TIMEOUT_S WANT: within TIMEOUT_S rs_states says WANT, else fail
wait_states() {
	wait_for "$1" "$2" states_are "$2" || fail "status: $(rs_states), want $2"
}
RS_RE() { printf 'real server %s:%s' "$RS" "$1"; }
