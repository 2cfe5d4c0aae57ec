#!/bin/bash
# dont_track_primary (keepalived): lb1 (150) ignores its own link going
# down.  With eth0 down, lb1 must not enter FAULT (status stays MASTER,
# no FAULT line) while lb2 (100, which no longer hears it) takes over; with
# the link back, lb1's adverts win and lb2 returns to BACKUP.
. "$(dirname "$0")/lib.sh"

topo_setup lb1 lb2 cl
mk_conf "$(tmp lb1.conf)" lb1 150 "$(printf '\tdont_track_primary')"
mk_conf "$(tmp lb2.conf)" lb2 100
"$FLOATD" -t -f "$(tmp lb1.conf)" >"$(tmp conf-t.out)" 2>&1 ||
	die "lb1.conf rejected: $(cat "$(tmp conf-t.out)")"
start_node lb1 "$(tmp lb1.conf)"
start_node lb2 "$(tmp lb2.conf)"
wait_master lb1 10 || fail "lb1 never entered MASTER"
wait_backup lb2 10 || fail "lb2 never entered BACKUP"

state() { ctl "$1" --json status 2>/dev/null | python3 -c '
import json, sys
print(json.load(sys.stdin)["instances"][0]["state"])'; }

t0=$(now)
link_down lb1
wait_master lb2 8 "$t0" || fail "lb2 did not take over while lb1's link is down"
log_has lb1 '\(VI_1\) Entering FAULT STATE' "$t0" && fail "lb1 entered FAULT despite dont_track_primary"
[ "$(state lb1)" = MASTER ] || fail "lb1 state $(state lb1), expected MASTER (link down ignored)"
t0=$(now)
link_up lb1
wait_backup lb2 8 "$t0" || fail "lb2 did not yield to lb1 after the link came back"
log_has lb1 '\(VI_1\) Entering FAULT STATE' && fail "lb1 entered FAULT"
node_alive lb1 || fail "lb1 died"
say "PASS ($UNDER_TEST)"
