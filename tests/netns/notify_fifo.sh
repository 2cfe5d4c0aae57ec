#!/bin/bash
# Notify FIFO with its reader started by the daemon: lb1 (150) has
# vrrp_notify_fifo, vrrp_notify_fifo_script (a recorder that appends every
# line it reads, after one "ARG <path>" line) and notify_priority_changes,
# and follows a vrrp_track_file (weight 1); lb2 runs at 100.
#   start         BACKUP 150, MASTER 150
#   file -10      MASTER_PRIORITY 140
#   file -60      MASTER_PRIORITY 90, then lb2 preempts: BACKUP 90
#   file 0        BACKUP_PRIORITY 150, then lb1 preempts: MASTER 150
# The same scenario runs with keepalived as lb1, and both recordings must be
# these lines exactly, in this order (keepalived's line format).  Also: the
# script gets the FIFO's path, the FIFO floatd created is removed at exit.
# Then the checker's lines: lvs_notify_fifo with its script, RS and VS
# DOWN/UP lines as a TCP_CHECK real server stops and starts.
. "$(dirname "$0")/lib.sh"

topo_setup lb1 lb2 cl

rec=$(tmp rec.sh)
cat >"$rec" <<'EOS'
#!/bin/bash
# rec.sh OUT FIFO: "ARG FIFO", then every line read from FIFO, as it comes
out=$1
printf 'ARG %s\n' "$2" >>"$out"
while IFS= read -r line; do
	printf '%s\n' "$line" >>"$out"
done <"$2"
EOS
chmod 755 "$rec"

EXPECTED='INSTANCE "VI_1" BACKUP 150
INSTANCE "VI_1" MASTER 150
INSTANCE "VI_1" MASTER_PRIORITY 140
INSTANCE "VI_1" MASTER_PRIORITY 90
INSTANCE "VI_1" BACKUP 90
INSTANCE "VI_1" BACKUP_PRIORITY 150
INSTANCE "VI_1" MASTER 150'

mk_conf "$(tmp lb2.conf)" lb2 100

# setval FILE V: replace the file at once (rename), so no reader ever sees
# it empty between truncate and write
setval() { printf '%s\n' "$2" >"$1.new" && mv "$1.new" "$1"; }

# scenario IMPL: lb1 under IMPL, lb2 floatd; leaves the recording in
# rec-IMPL.out and stops lb1 (lb2 keeps running for the next round).
scenario() {
	local impl=$1 out fifo tf t0
	out=$(tmp "rec-$impl.out")
	fifo=$(tmp "lb1-$impl.fifo")
	tf=$(tmp "prio-$impl.val")
	: >"$out"
	printf '0\n' >"$tf"
	mk_conf "$(tmp "lb1-$impl.inst")" lb1 150 \
		"$(printf '\tnotify_priority_changes\n\ttrack_file {\n\t\ttf\n\t}')" \
		"$(printf '\tvrrp_notify_fifo %s\n\tvrrp_notify_fifo_script "%s %s"\n' "$fifo" "$rec" "$out")"
	# keepalived reads in order: the tracked file's block comes first
	cat - "$(tmp "lb1-$impl.inst")" >"$(tmp "lb1-$impl.conf")" <<EOC
vrrp_track_file tf {
	file "$tf"
	weight 1
}
EOC
	[ "$impl" = floatd ] && { "$FLOATD" -t -f "$(tmp "lb1-$impl.conf")" >"$(tmp conf-t.out)" 2>&1 ||
		die "lb1.conf rejected: $(cat "$(tmp conf-t.out)")"; }
	t0=$(now)
	start_node lb1 "$(tmp "lb1-$impl.conf")" "$impl"
	wait_master lb1 10 "$t0" || fail "$impl: lb1 never entered MASTER"
	wait_for 5 "$impl: start lines" grep -q 'MASTER 150' "$out" || fail "$impl: no MASTER line: $(cat "$out")"
	[ "$impl" = floatd ] && { [ -p "$fifo" ] || fail "floatd did not create the FIFO $fifo"; }
	setval "$tf" -10
	wait_for 5 "$impl: 140" grep -q 'MASTER_PRIORITY 140' "$out" || fail "$impl: no priority line for 140: $(cat "$out")"
	t0=$(now)
	setval "$tf" -60
	wait_for 10 "$impl: BACKUP 90" grep -q 'BACKUP 90' "$out" || fail "$impl: lb1 did not yield at 90: $(cat "$out")"
	setval "$tf" 0
	wait_for 10 "$impl: MASTER again" eval "[ \"\$(grep -c 'MASTER 150\$' '$out')\" = 2 ]" ||
		fail "$impl: lb1 did not preempt back: $(cat "$out")"
	sleep 0.3   # nothing more may come: checked below
	stop_node lb1 TERM
	wait_exit lb1 15 || fail "$impl: lb1 did not exit"
	[ "$impl" = floatd ] && { [ -e "$fifo" ] && fail "floatd left its FIFO $fifo behind"; }
	return 0
}

start_node lb2 "$(tmp lb2.conf)"
wait_backup lb2 10 || fail "lb2 never entered BACKUP"

check() {
	local impl=$1 out got
	out=$(tmp "rec-$impl.out")
	[ "$(head -n 1 "$out")" = "ARG $(tmp "lb1-$impl.fifo")" ] ||
		fail "$impl: the script's argument was '$(head -n 1 "$out")', not the FIFO"
	# keepalived may write the STOP line before the script is terminated;
	# MASTER_RX_LOWER_PRI comes when lb2's advert crosses lb1's takeover
	# (timing): counted, not compared
	got=$(sed -e 1d -e '/ STOP /d' -e '/ MASTER_RX_LOWER_PRI /d' "$out")
	[ "$got" = "$EXPECTED" ] || fail "$impl recorded:
$got
expected:
$EXPECTED"
	say "$impl: $(($(wc -l <"$out") - 1)) lines in order ($(grep -c MASTER_RX_LOWER_PRI "$out") MASTER_RX_LOWER_PRI, $(grep -c ' STOP ' "$out") STOP)"
}

scenario floatd
check floatd
if [ -x "$KEEPALIVED" ]; then
	scenario keepalived
	check keepalived
else
	fail "keepalived ($KEEPALIVED) is needed to compare the line format"
fi
node_alive lb2 || fail "lb2 died"

# --- the checker's lines: lvs_notify_fifo and its script, started by the
# checker child; a TCP_CHECK real server in `cl` stops and starts again.
# (floatd only: keepalived's checker needs IPVS, which this kernel lacks.)
RS=$SUBNET.100
tcp_start() {
	ip netns exec "$(ns cl)" socat "TCP-LISTEN:9090,bind=$RS,reuseaddr,fork" SYSTEM:true \
		>/dev/null 2>&1 &
	tcp_pid=$!
	_PIDS+=("$tcp_pid")
}
listening() { ip netns exec "$(ns cl)" ss -ltn | grep -q "$RS:9090 "; }
tcp_start
wait_for 5 "real server listening" listening || die "socat did not start"
out=$(tmp rec-lvs.out)
fifo=$(tmp lvs.fifo)
: >"$out"
mk_conf "$(tmp lb1-lvs.conf)" lb1 150 "" \
	"$(printf '\tlvs_notify_fifo %s\n\tlvs_notify_fifo_script "%s %s"\n' "$fifo" "$rec" "$out")"
cat >>"$(tmp lb1-lvs.conf)" <<EOC
virtual_server $VIP 80 {
	delay_loop 1
	lb_algo rr
	lb_kind NAT
	protocol TCP
	real_server $RS 9090 {
		weight 1
		TCP_CHECK {
			connect_timeout 1
			retry 0
		}
	}
}
EOC
t0=$(now)
start_node lb1 "$(tmp lb1-lvs.conf)"
wait_for 10 "checker script" grep -q '^ARG ' "$out" || fail "lvs_notify_fifo_script not started: $(cat "$out")"
[ "$(head -n 1 "$out")" = "ARG $fifo" ] || fail "lvs script argument: $(head -n 1 "$out")"
sleep 1.5   # two check rounds with the server up: no line (no change)
kill "$tcp_pid"; wait "$tcp_pid" 2>/dev/null
wait_for 10 "RS DOWN line" grep -q "^RS \\[$RS\\]:tcp:9090 \\[$VIP\\]:tcp:80 DOWN\$" "$out" ||
	fail "no RS DOWN line: $(cat "$out")"
wait_for 5 "VS DOWN line" grep -q "^VS \\[$VIP\\]:tcp:80 DOWN\$" "$out" || fail "no VS DOWN line: $(cat "$out")"
tcp_start
wait_for 10 "RS UP line" grep -q "^RS \\[$RS\\]:tcp:9090 \\[$VIP\\]:tcp:80 UP\$" "$out" ||
	fail "no RS UP line: $(cat "$out")"
wait_for 5 "VS UP line" grep -q "^VS \\[$VIP\\]:tcp:80 UP\$" "$out" || fail "no VS UP line: $(cat "$out")"
got=$(sed 1d "$out")
want="RS [$RS]:tcp:9090 [$VIP]:tcp:80 DOWN
VS [$VIP]:tcp:80 DOWN
RS [$RS]:tcp:9090 [$VIP]:tcp:80 UP
VS [$VIP]:tcp:80 UP"
[ "$got" = "$want" ] || fail "checker lines:
$got
expected:
$want"
say "checker: RS/VS DOWN and UP lines in order"

# --- a reload that moves lvs_notify_fifo: the checker child lets the old
# FIFO go (removed, its script stopped) and opens the new one with its script
fifo2=$(tmp lvs2.fifo)
out2=$(tmp rec-lvs2.out)
: >"$out2"
sed -i -e "s|lvs_notify_fifo $fifo\$|lvs_notify_fifo $fifo2|" -e "s|$rec $out\"|$rec $out2\"|" \
	"$(tmp lb1-lvs.conf)"
grep -q "lvs_notify_fifo $fifo2" "$(tmp lb1-lvs.conf)" || die "conf edit"
r=$(ctl lb1 reload 2>&1) || fail "reload: $r"
wait_for 10 "new checker script" grep -q '^ARG ' "$out2" ||
	fail "the new lvs_notify_fifo_script did not start after the reload: $(tail -5 "$(node_log lb1)")"
[ "$(head -n 1 "$out2")" = "ARG $fifo2" ] || fail "new lvs script argument: $(head -n 1 "$out2")"
wait_for 5 "old FIFO removed" eval '[ ! -e "$fifo" ]' || fail "the old lvs_notify_fifo $fifo is still there"
kill "$tcp_pid"; wait "$tcp_pid" 2>/dev/null
wait_for 10 "RS DOWN line in the new FIFO" grep -q "^RS \\[$RS\\]:tcp:9090 \\[$VIP\\]:tcp:80 DOWN\$" "$out2" ||
	fail "no RS DOWN line in the new FIFO after the reload: $(cat "$out2")"
[ "$(grep -c DOWN "$out")" = 2 ] || fail "the old FIFO's script got lines after the reload: $(cat "$out")"
say "reload: lvs_notify_fifo moved to $fifo2 (old one removed, new script started, lines there)"
stop_node lb1 TERM
wait_exit lb1 15 || fail "lb1 did not exit"
[ -e "$fifo2" ] && fail "the checker left its FIFO $fifo2 behind"
say "PASS ($UNDER_TEST)"
