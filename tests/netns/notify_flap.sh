#!/bin/bash
# A flapping link must not queue minutes of notify scripts.  The master's
# eth0 goes down and up 50 times in a burst; its generic notify script
# (checked by enable_script_security) takes 1 s and records every call with
# its state.  Each instance runs one script at a time and keeps only the
# latest state waiting, so the number of runs stays a handful, the last run
# is for the state the instance ends in, and the master's adverts go on.
. "$(dirname "$0")/lib.sh"

command -v tcpdump >/dev/null 2>&1 || skip "tcpdump not installed"
FLAPS=50
# A script takes 1 s, so while the link flaps for F s at most F + 1 runs
# start (one at a time) plus the one left waiting, then the settling
# transitions (BACKUP, MASTER): F + 4, and never fewer than 6 allowed.
# Without coalescing it would be one run per transition (~100).
MIN_BOUND=6
ADVERT_GAP_MS=1500  # advert_int 1

topo_setup lb1 lb2
rec=$(tmp notify.sh)
runs=$(tmp runs.log)
cat >"$rec" <<'EOS'
#!/bin/sh
# notify.sh LOG INSTANCE VI_1 STATE PRIORITY: one line when it starts, one
# when it ends, a second apart.
printf 'start %s\n' "$4" >>"$1"
sleep 1
printf 'end %s\n' "$4" >>"$1"
EOS
chmod 755 "$rec"
: >"$runs"
mk_conf "$(tmp lb1.conf)" lb1 150 "$(printf '\tnotify "%s %s"' "$rec" "$runs")" \
	"$(printf '\tenable_script_security')"
mk_conf "$(tmp lb2.conf)" lb2 100
start_node lb1 "$(tmp lb1.conf)"
start_node lb2 "$(tmp lb2.conf)"
wait_master lb1 10 || fail "lb1 never entered MASTER"
wait_backup lb2 10 || fail "lb2 never entered BACKUP"
last_end() { awk '$1 == "end" { s = $2 } END { print s }' "$runs"; }
n_starts() { grep -c '^start' "$runs"; }
settled() { [ "$(last_end)" = "$1" ] && [ "$(n_starts)" = "$(grep -c '^end' "$runs")" ]; }
wait_for 10 "lb1's MASTER notify ran" settled MASTER ||
	fail "notify for MASTER did not run: $(paste -sd, "$runs")"
before=$(n_starts)
log_has lb1 'refusing|script disabled' && fail "the notify script was refused"

advert_capture lb2
wait_for 5 "tcpdump sees adverts" grep -q 'VRRP' "$ADV_CAP" || die "tcpdump captured nothing"

t0=$(now)
# one ip process for all of them, so the burst is quick even on a busy host
for i in $(seq "$FLAPS"); do
	printf 'link set eth0 down\nlink set eth0 up\n'
done | ip -n "$(ns lb1)" -batch - || die "ip -batch (link flaps)"
t_flap=$(now)
# lb1 (priority 150) ends MASTER again; its last script must be MASTER's.
wait_master lb1 15 "$t_flap" || fail "lb1 not MASTER after the flapping"
wait_for 30 "the last notify run is MASTER's and none runs" settled MASTER ||
	fail "last notify: '$(last_end)'; runs: $(paste -sd, "$runs")"
t_settled=$(now)
transitions=$(awk -v s="$t0" '($1 + 0) >= s && /\(VI_1\) Entering [A-Z]+ STATE/' "$(node_log lb1)" | wc -l)
# Nothing more may come: the queue is empty once the last run ended.
sleep 3
advert_capture_stop
flap_runs=$(($(n_starts) - before))
last_state=$(awk '/\(VI_1\) Entering [A-Z]+ STATE/ { s = $0 } END { print s }' "$(node_log lb1)" |
	sed -E 's/.*Entering ([A-Z]+) STATE.*/\1/')
read -r n_adv max_gap _ < <(advert_gaps "$(host_ip lb1)" "$t_settled")
gap="$max_gap $n_adv"
max_runs=$(awk -v a="$t0" -v b="$t_flap" -v m="$MIN_BOUND" 'BEGIN { n = int(b - a + 0.999) + 4; print (n > m ? n : m) }')
say "$FLAPS flaps in $(ms_between "$t0" "$t_flap") ms: lb1 made $transitions transitions, ran the notify script $flap_runs times (bound $max_runs: $(sed -n "$((before * 2 + 1)),\$p" "$runs" | awk '$1 == "start" { print $2 }' | paste -sd, -)), settled $(ms_between "$t_flap" "$t_settled") ms after the flapping; then ${gap#* } adverts from lb1, largest gap ${gap% *} ms"

[ "$transitions" -ge 10 ] || fail "only $transitions transitions: the flapping did not reach lb1"
[ "$flap_runs" -le "$max_runs" ] || fail "$flap_runs notify runs for $transitions transitions (> $max_runs)"
[ "$flap_runs" -ge 1 ] || fail "no notify run at all during the flapping"
[ "$(last_end)" = MASTER ] || fail "last notify run: $(last_end), lb1 is MASTER"
[ "$last_state" = MASTER ] || fail "lb1 ends in $last_state"
[ "$(tail -n 1 "$runs")" = "end MASTER" ] || fail "a script ran after the settled state: $(tail -n 2 "$runs" | paste -sd, -)"
node_alive lb1 || fail "lb1 died"
log_has lb2 "$MASTER_RE" "$t_settled" && fail "lb2 became MASTER after lb1 settled"
[ "${gap#* }" -ge 2 ] || fail "lb1 sent ${gap#* } adverts in the 3 s after settling"
[ "${gap% *}" -le "$ADVERT_GAP_MS" ] || fail "largest gap between lb1's adverts ${gap% *} ms > $ADVERT_GAP_MS"
assert_vip_only_on lb1
say "PASS ($UNDER_TEST)"
