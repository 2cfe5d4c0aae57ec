#!/bin/bash
# test-lock: exclusive (floods the control socket and asserts advert gaps under 1.5 s)
# The control socket and floatctl against a running two-host setup:
#   - the socket is mode 0660, group control_group (nogroup) or root;
#   - floatctl version (text and --json) answers with the daemon's pid;
#   - status --json (state, master, VIPs, last transition) on both hosts,
#     history (newest first, reasons), metrics parsed by prometheus_client;
#     after a SIGTERM handover the new master's status and history say why;
#   - exit status 1 for an error answer (unknown command), 2 with the socket
#     path named when no daemon listens there;
#   - garbage, a 200 KiB request, a truncated request and a client that
#     stalls mid-request each get an error answer (the stalled one after the
#     server's 5 s timeout) while other clients are served at once;
#   - 100 clients at once: every one gets an answer (ok, or "busy" past the
#     server's limit), the daemon lives, and the MASTER's adverts seen by
#     the peer keep their 1 s interval (largest gap < 1.5 s).
. "$(dirname "$0")/lib.sh"
[ "$UNDER_TEST" = floatd ] || skip "floatd-only feature"
command -v tcpdump >/dev/null 2>&1 || skip "tcpdump not installed"
[ -x "$PYTHON3" ] || skip "python3 not installed ($PYTHON3)"
FLOATCTL=${FLOATCTL:-${FLOATD%/*}/floatctl}
[ -x "$FLOATCTL" ] || die "floatctl not built ($FLOATCTL)"
ABUSE="/usr/bin/python3 $(dirname "$0")/ctl_abuse.py"
# Debian's python3 (python3-prometheus-client), not one first on PATH
CHECK="/usr/bin/python3 $(dirname "$0")/ctl_check.py"
GAP_MAX_MS=1500

topo_setup lb1 lb2
mk_conf "$(tmp lb1.conf)" lb1 150 "" "$(printf '\tcontrol_group nogroup')"
mk_conf "$(tmp lb2.conf)" lb2 100
advert_capture lb2
start_node lb1 "$(tmp lb1.conf)"
start_node lb2 "$(tmp lb2.conf)"
wait_master lb1 10 || fail "lb1 never entered MASTER"
wait_backup lb2 10 || fail "lb2 never entered BACKUP"

# --- the socket: 0660, group from control_group (lb1) or root's (lb2)
perm=$(stat -c '%a %U %G' "$(ctl_socket lb1)")
[ "$perm" = "660 root nogroup" ] || fail "lb1 control socket is '$perm', want '660 root nogroup'"
perm2=$(stat -c '%a %U %G' "$(ctl_socket lb2)")
[ "$perm2" = "660 root root" ] || fail "lb2 control socket is '$perm2', want '660 root root'"
say "control sockets: lb1 $perm (control_group), lb2 $perm2"

# --- well-behaved requests
out=$(ctl lb1 version) || fail "floatctl version exited $?: $out"
say "floatctl version: $out"
case $out in "floatd "*", pid ${NODE_PID[lb1]}, up "*) ;; *) fail "unexpected version line: $out" ;; esac
json=$(ctl lb1 --json version) || fail "floatctl --json version failed"
pid=$(printf '%s' "$json" | "$PYTHON3" -c 'import json,sys; print(json.load(sys.stdin)["pid"])') ||
	fail "--json output is not JSON: $json"
[ "$pid" = "${NODE_PID[lb1]}" ] || fail "--json pid $pid, daemon pid ${NODE_PID[lb1]}"

lb1_ip=$(host_ip lb1)
out=$(ctl lb1 --json status | $CHECK status-json VI_1 MASTER "$lb1_ip" "$VIP/24") || fail "lb1 status: $out"
say "lb1 status: $out"
out=$(ctl lb2 status --json | $CHECK status-json VI_1 BACKUP "$lb1_ip" "$VIP/24") || fail "lb2 status: $out"
say "lb2 status: $out"
out=$(ctl lb2 status VI_1) || fail "floatctl status VI_1 failed"
printf '%s\n' "$out" | grep -q "^VI_1: BACKUP on eth0" || fail "status text: $out"
rc=0; err=$(ctl lb2 status NO_SUCH 2>&1) || rc=$?
[ $rc = 1 ] && [ "$err" = "floatctl: no such VRRP instance" ] || fail "unknown instance: exit $rc: $err"
out=$(ctl lb1 --json history | $CHECK history-json VI_1 BACKUP MASTER "master down timer expired") ||
	fail "lb1 history: $out"
say "lb1 history: $out"
out=$(ctl lb1 metrics | $CHECK metrics VI_1 MASTER) || fail "lb1 metrics: $out"
say "lb1 metrics: $out"

# dump = floatd -t -v of the running file; check = floatd -t, parsed by floatctl
ctl lb1 dump >"$(tmp dump.ctl)" || fail "floatctl dump failed"
"$FLOATD" -t -v -f "$(tmp lb1.conf)" >"$(tmp dump.t)" 2>/dev/null || fail "floatd -t -v failed"
cmp -s "$(tmp dump.ctl)" "$(tmp dump.t)" || fail "floatctl dump differs from floatd -t -v: $(diff "$(tmp dump.t)" "$(tmp dump.ctl)" | head -5)"
out=$(ctl lb1 check) || fail "floatctl check of the running file: exit $?: $out"
[ "$out" = "$(tmp lb1.conf): configuration OK (0 warning(s))" ] || fail "check: $out"
sed 's/virtual_router_id 51/virtual_router_id 300/' "$(tmp lb1.conf)" >"$(tmp bad.conf)"
rc=0; err=$(ctl lb1 check -f "$(tmp bad.conf)" 2>&1) || rc=$?
[ $rc = 1 ] || fail "check of a bad file: exit $rc: $err"
printf '%s\n' "$err" | grep -q "^$(tmp bad.conf):[0-9]*: error: .*virtual_router_id" || fail "check does not name file:line: $err"
sed 's/state BACKUP/state SLAVE/' "$(tmp lb1.conf)" >"$(tmp warn.conf)"
rc=0; out=$(ctl lb1 check -f "$(tmp warn.conf)" 2>&1) || rc=$?
[ $rc = 3 ] || fail "check of a warnings-only file: exit $rc (want 3, as floatd -t): $out"
printf '%s\n' "$out" | grep -q "^$(tmp warn.conf):[0-9]*: warning: .*SLAVE" || fail "check does not name the warning: $out"
say "dump matches floatd -t -v; check: OK file exit 0, bad file exit 1 with file:line, warnings only exit 3"

rc=0; err=$(ctl lb1 no-such-command 2>&1) || rc=$?
[ $rc = 1 ] || fail "unknown command: exit $rc (want 1): $err"
case $err in *"unknown command 'no-such-command'"*) ;; *) fail "unknown command message: $err" ;; esac
rc=0; err=$("$FLOATCTL" --socket "$(tmp nobody.sock)" version 2>&1) || rc=$?
[ $rc = 2 ] || fail "no daemon: exit $rc (want 2): $err"
case $err in *"$(tmp nobody.sock)"*) ;; *) fail "no daemon: the message does not name the socket: $err" ;; esac
rc=0; err=$(FLOATD_SOCKET=$(tmp nobody.sock) "$FLOATCTL" version 2>&1) || rc=$?
[ $rc = 2 ] || fail "\$FLOATD_SOCKET not used: exit $rc: $err"
say "exit status 1 for an error answer, 2 (naming the socket) when unreachable"

# --- misbehaving clients
t_watch=$(now)
sock=$(ctl_socket lb1)
ans=$($ABUSE "$sock" garbage) || die "abuse client failed"
[ "$ans" = "error: request is not a JSON object" ] || fail "garbage: $ans"
ans=$($ABUSE "$sock" huge) || die "abuse client failed"
[ "$ans" = "error: request too large (limit 64 KiB)" ] || fail "200 KiB request: $ans"
ans=$($ABUSE "$sock" truncated) || die "abuse client failed"
[ "$ans" = "error: request is not a JSON object" ] || fail "truncated request: $ans"
$ABUSE "$sock" slow >"$(tmp slow.out)" &
SLOW_PID=$!
_PIDS+=("$SLOW_PID")
# while that client stalls, others are served at once
t0=$(now)
ctl lb1 version >/dev/null || fail "floatctl failed while a client stalls"
ms=$(ms_between "$t0" "$(now)")
say "a request while another client stalls: answered in $ms ms"
# the stalled client holds its slot for 5 s: well under that proves no wait
[ "$ms" -lt 3000 ] || fail "a stalled client delayed another by $ms ms"
wait_for 10 "the stalled client's answer" eval '! _pid_alive '"$SLOW_PID" || fail "stalled client never answered"
slow=$(cat "$(tmp slow.out)")
say "stalled client: $slow"
case $slow in "error: timeout: no complete request within 5 s after "*) ;; *) fail "stalled client: $slow" ;; esac

$ABUSE "$sock" many 100 >"$(tmp many.out)" || die "abuse client failed"
say "100 clients at once: $(tr '\n' ';' <"$(tmp many.out)")"
grep -q ' none$\| not-json$' "$(tmp many.out)" && fail "a client got no answer: $(cat "$(tmp many.out)")"
awk '{ n += $1 } END { exit n == 100 ? 0 : 1 }' "$(tmp many.out)" || fail "not 100 answers"
grep -q '^[0-9]* ok$' "$(tmp many.out)" || fail "no client was served"
grep -v ' ok$' "$(tmp many.out)" | grep -qv 'error: busy' && fail "unexpected answer: $(cat "$(tmp many.out)")"
ctl lb1 version >/dev/null || fail "floatctl fails after the flood of clients"

# --- the MASTER kept advertising
sleep 2   # at least two more adverts after the last client
advert_capture_stop
node_alive lb1 || fail "lb1 died"
log_has lb2 "$MASTER_RE" && fail "lb2 became MASTER"
read -r count max_gap _ < <(advert_gaps "$lb1_ip" "$t_watch")
say "adverts from lb1 during the abuse: $count, largest gap $max_gap ms (limit $GAP_MAX_MS ms)"
[ "$count" -ge 5 ] || fail "only $count adverts captured"
[ "$max_gap" -lt "$GAP_MAX_MS" ] || fail "advert gap $max_gap ms"

# --- a handover: the new master's status and history say why; the socket
# goes with the daemon
stop_node lb1 TERM
wait_exit lb1 10 || fail "lb1 did not exit"
[ -e "$sock" ] && fail "control socket $sock left behind after exit"
wait_master lb2 10 || fail "lb2 did not take over"
lb2_ip=$(host_ip lb2)
out=$(ctl lb2 --json status | $CHECK status-json VI_1 MASTER "$lb2_ip" "$VIP/24") || fail "lb2 status: $out"
say "lb2 after the handover: $out"
out=$(ctl lb2 --json history -n 5 | $CHECK history-json VI_1 BACKUP MASTER "priority 0 received from $lb1_ip") ||
	fail "lb2 history: $out"
say "lb2 history: $out"
ctl lb2 history | grep -q "VI_1 BACKUP -> MASTER: priority 0 received from $lb1_ip" ||
	fail "history text: $(ctl lb2 history)"
say "PASS ($UNDER_TEST)"
