#!/bin/bash
# test-lock: exclusive (an rtnetlink storm of thousands of events per second)
# Address storm: while lb1 is MASTER, other addresses are added to and
# deleted from its eth0 as fast as `ip -batch` goes (what a container
# runtime or a DHCP client does on a busy host) for STORM_S seconds, and
# eth0's MTU is flipped between 1400 and 1500 in between (a link event
# storm on the instance's own interface, carrier never lost).
# In the middle of the storm lb1's daemon is stopped (SIGSTOP) until about
# 6000 events are queued for it (at most 3 s), so that its event socket
# overruns and it has to re-read everything (RESYNC) when it continues;
# adverts are every 2 s so that pause alone cannot make lb2 take over
# (lb2's Master_Down_Interval is 7.2 s).
# Nothing about lb1's own address or link state changes, so:
#  - neither node makes any state transition (no "Entering ... STATE", no
#    "fault" line after the storm starts), lb2 never becomes MASTER;
#  - the VIP never leaves lb1: an `ip monitor address` in lb1's namespace
#    sees no deletion of it, and it is on lb1 only at the end;
#  - lb1 keeps advertising: lb2's log shows no master-down.
# It prints the event rates reached (events seen by the monitor per second)
# so runs can be compared.
. "$(dirname "$0")/lib.sh"

STORM_S=${STORM_S:-8}
N=250            # addresses per batch

topo_setup lb1 lb2
mk_conf "$(tmp lb1.conf)" lb1 150
mk_conf "$(tmp lb2.conf)" lb2 100
sed -i 's/advert_int 1$/advert_int 2/' "$(tmp lb1.conf)" "$(tmp lb2.conf)"
grep -q 'advert_int 2' "$(tmp lb1.conf)" || die "advert_int not set"
start_node lb1 "$(tmp lb1.conf)"
start_node lb2 "$(tmp lb2.conf)"
wait_master lb1 15 || fail "lb1 never entered MASTER"
wait_backup lb2 15 || fail "lb2 never entered BACKUP"
wait_for 5 "VIP on lb1 only" vip_only_on lb1 || assert_vip_only_on lb1

# One batch adds N /32 addresses of 10.99.128.0/17 (not the hosts' subnet,
# so no traffic can go to them), the next deletes them again.
add=$(tmp add.batch)
del=$(tmp del.batch)
for i in $(seq 1 $N); do
	a="10.99.$((128 + i / 250)).$((i % 250 + 1))/32"
	echo "addr add $a dev eth0" >>"$add"
	echo "addr del $a dev eth0" >>"$del"
done

mtu=$(tmp mtu.batch)
for i in $(seq 1 25); do
	echo "link set eth0 mtu 1400" >>"$mtu"
	echo "link set eth0 mtu 1500" >>"$mtu"
done

mon=$(tmp monitor.out)
ip -n "$(ns lb1)" monitor address link >"$mon" 2>&1 &
MON_PID=$!
_PIDS+=("$MON_PID")
sleep 0.3   # the monitor is subscribed before the first change

# CPU time (utime + stime, clock ticks) of lb1's daemon
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/${NODE_PID[lb1]}/stat"; }
cpu0=$(cpu_ticks)
t0=$(now)
end=$(awk -v n="$t0" -v s="$STORM_S" 'BEGIN { printf "%.6f", n + s }')
storm() {
	local b=0
	while awk -v n="$EPOCHREALTIME" -v e="$end" 'BEGIN { exit !(n < e) }'; do
		ip -n "$(ns lb1)" -batch "$add" >/dev/null 2>&1 || exit 1
		ip -n "$(ns lb1)" -batch "$mtu" >/dev/null 2>&1 || exit 1
		ip -n "$(ns lb1)" -batch "$del" >/dev/null 2>&1 || exit 1
		b=$((b + 2))
	done
	echo "$b" >"$(tmp batches)"
}
storm &
STORM_PID=$!
_PIDS+=("$STORM_PID")

# the pause, so that events are lost: from 2 s into the storm
sleep 2
n0=$(wc -l <"$mon")
printf '%s ----- harness: kill -STOP lb1\n' "$EPOCHREALTIME" >>"$(node_log lb1)"
kill -STOP "${NODE_PID[lb1]}" || die "SIGSTOP lb1"
t_stop=$(now)
queued() { [ $(($(wc -l <"$mon") - n0)) -ge 6000 ]; }
wait_for 3 "6000 events queued while lb1 is stopped" queued || :
kill -CONT "${NODE_PID[lb1]}" || die "SIGCONT lb1"
t_cont=$(now)
printf '%s ----- harness: kill -CONT lb1\n' "$EPOCHREALTIME" >>"$(node_log lb1)"
n_stopped=$(($(wc -l <"$mon") - n0))

wait "$STORM_PID" || die "the storm generator failed (ip -batch)"
t1=$(now)
batches=$(cat "$(tmp batches)")
cpu_ms=$(( ($(cpu_ticks) - cpu0) * 1000 / $(getconf CLK_TCK) ))
# lb1 must still be MASTER a Master_Down_Interval (lb2's: 7.2 s) after the
# storm: a FAULT or a lost advert would show by then.
sleep 8
kill "$MON_PID" 2>/dev/null

ms=$(ms_between "$t0" "$t1")
events=$(grep -c 'inet 10\.99\.1[2-9][0-9]\.' "$mon")
rate=$(awk -v e="$events" -v m="$ms" 'BEGIN { printf "%d", e * 1000 / m }')
links=$(grep -c -E '^[0-9]+: eth0.* mtu 1[45]00 ' "$mon")
lrate=$(awk -v e="$links" -v m="$ms" 'BEGIN { printf "%d", e * 1000 / m }')
vip_deleted=$(grep -c "^Deleted .* inet $VIP/" "$mon")
trans1=$(awk -v s="$t0" '($1 + 0) >= (s + 0) && /Entering .* STATE|\) fault|Leaving MASTER/' "$(node_log lb1)" | wc -l)
overruns=$(awk -v s="$t0" '($1 + 0) >= (s + 0) && /rtnetlink events were lost/' "$(node_log lb1)" | wc -l)
faults1=$(awk -v s="$t0" '($1 + 0) >= (s + 0) && /Entering FAULT STATE/' "$(node_log lb1)" | wc -l)
trans2=$(awk -v s="$t0" '($1 + 0) >= (s + 0) && /Entering .* STATE|\) fault|Leaving MASTER/' "$(node_log lb2)" | wc -l)
say "storm: $batches batches of $N in $ms ms, $events address events ($rate/s), $links link" \
	"events on eth0 ($lrate/s); state/fault lines after the storm began: lb1 $trans1" \
	"($faults1 FAULT entries), lb2 $trans2; VIP deletions: $vip_deleted; lb1 daemon CPU" \
	"during the storm: $cpu_ms ms"
say "pause: lb1 stopped for $(ms_between "$t_stop" "$t_cont") ms while $n_stopped events were" \
	"queued; event-socket overruns (RESYNC) it reported: $overruns"
[ "$events" -ge $((N * 4)) ] || die "the storm did not happen ($events events)"
[ "$links" -ge 50 ] || die "the link storm did not happen ($links events)"
[ "$trans1" = 0 ] || fail "lb1 changed state during the storm: $(awk -v s="$t0" '($1 + 0) >= (s + 0) && /Entering .* STATE|\) fault/' "$(node_log lb1)" | head -3)"
[ "$trans2" = 0 ] || fail "lb2 changed state during the storm"
[ "$vip_deleted" = 0 ] || fail "the VIP was deleted from lb1 $vip_deleted time(s) during the storm"
node_alive lb1 || fail "lb1 died"
node_alive lb2 || fail "lb2 died"
assert_vip_only_on lb1
say "PASS ($UNDER_TEST)"
