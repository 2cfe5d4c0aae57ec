#!/bin/bash
# Split brain.  Both nodes use the client namespace (10.99.0.100)
# as their track_reference (ARP every 0.2 s, fall 3, rise 2).
#
# Case A: lb1 (the MASTER) is cut from everything (nftables netdev
# ingress+egress drop on its eth0, in lb1's namespace): it hears neither
# lb2 nor the reference, so it must go to FAULT (never MASTER) and drop the
# VIP while lb2 takes over.  Heal: exactly one MASTER (lb1 again, preempt)
# and the VIP on exactly one host, checked on both with `ip addr`.
#
# Case B: only VRRP (IP protocol 112) is dropped between lb1 and lb2, in
# both directions (on input in both namespaces), while both reach the
# reference: both become MASTER.  On
# heal each MASTER hears the other: the dual master is logged once per
# episode and counted (exit statistics), and one MASTER is left within one
# advert interval (+ slack) of the first advertisement on the wire.  A
# client whose ARP entry followed lb2 during the split comes back to lb1:
# with higher_prio_send_advert the yielding lb2 sends one advertisement, so
# lb1 hears a lower priority whichever advert crossed first, and repeats
# its gratuitous ARPs (garp_lower_prio_repeat).
. "$(dirname "$0")/lib.sh"

need_nft
command -v tcpdump >/dev/null 2>&1 || skip "tcpdump not installed"
ADVERT_MS=1000
HEAL_SLACK_MS=300
FAULT_RE='\(VI_1\) Entering FAULT STATE'
REF=$(host_ip cl)

topo_setup lb1 lb2 cl
ref_lines=$(printf '\thigher_prio_send_advert\n\ttrack_reference {\n\t\t%s\n\t\tinterval 0.2\n\t\ttimeout 0.2\n\t\tfall 3\n\t\trise 2\n\t}' "$REF")
mk_conf "$(tmp lb1.conf)" lb1 150 "$ref_lines"
mk_conf "$(tmp lb2.conf)" lb2 100 "$ref_lines"
for r in lb1 lb2; do
	"$FLOATD" -t -f "$(tmp "$r.conf")" >"$(tmp conf-t.out)" 2>&1 ||
		die "$r.conf rejected: $(cat "$(tmp conf-t.out)")"
done

# state ROLE: the last state the node entered.
state() {
	awk 'match($0, /\(VI_1\) (Entering [A-Z]+ STATE|Leaving MASTER)/) {
		s = substr($0, RSTART + 7, RLENGTH - 7) }
	END { split(s, w, " "); print w[2] }' "$(node_log "$1")"
}
masters() {
	local r out=""
	for r in lb1 lb2; do [ "$(state "$r")" = MASTER ] && out="$out $r"; done
	printf '%s\n' "${out# }"
}
one_master_one_vip() { [ "$(masters)" = "$1" ] && vip_only_on "$1"; }

start_node lb1 "$(tmp lb1.conf)"
start_node lb2 "$(tmp lb2.conf)"
wait_master lb1 10 || fail "lb1 never entered MASTER"
wait_backup lb2 10 || fail "lb2 never entered BACKUP"
wait_for 5 "VIP on lb1 only" vip_only_on lb1 || assert_vip_only_on lb1
sleep 1
log_has lb1 'track_reference: no reference' && fail "lb1 lost the reference while connected"
log_has lb2 'track_reference: no reference' && fail "lb2 lost the reference while connected"

# ---------------------------------------------------------------- case A
nft_cut_all() {
	ip netns exec "$(ns lb1)" nft -f - <<'EON' || die "nft (netdev cut) in lb1"
table netdev fd_cut {
	chain in { type filter hook ingress device "eth0" priority 0; policy drop; }
	chain out { type filter hook egress device "eth0" priority 0; policy drop; }
}
EON
}
t0=$(now)
nft_cut_all
wait_for 5 "lb1 FAULT" _state_seen lb1 "$FAULT_RE" "$t0" || fail "isolated lb1 did not enter FAULT"
t_f=$(log_time lb1 "$FAULT_RE" "$t0")
wait_master lb2 8 "$t0" || fail "lb2 did not take over from the isolated lb1"
t_m=$(log_time lb2 "$MASTER_RE" "$t0")
wait_for 3 "VIP on lb2 only" vip_only_on lb2 || assert_vip_only_on lb2
say "case A: cut -> lb1 FAULT after $(ms_between "$t0" "$t_f") ms, lb2 MASTER after $(ms_between "$t0" "$t_m") ms"
sleep 3     # stays so: the isolated node must not come back as MASTER
log_has lb1 "$MASTER_RE" "$t0" && fail "isolated lb1 entered MASTER"
[ "$(state lb1)" = FAULT ] || fail "isolated lb1 is $(state lb1), expected FAULT"
log_has lb1 'fault: .*reference' "$t0" || fail "lb1 did not log the FAULT reason"
assert_vip_only_on lb2

t0=$(now)
ip netns exec "$(ns lb1)" nft delete table netdev fd_cut || die "nft delete in lb1"
wait_for 10 "exactly one MASTER (lb1) and the VIP on lb1 only" one_master_one_vip lb1 ||
	fail "after heal: MASTER(s) '$(masters)', VIP held by '$(vip_holders)'"
sleep 2.5   # and it stays so (a late flap would show here)
[ "$(masters)" = lb1 ] || fail "after heal: MASTER(s) '$(masters)'"
for r in lb1 lb2; do
	ip -n "$(ns "$r")" -4 -o addr show dev eth0 >"$(tmp "addr-$r.txt")"
done
grep -q " $VIP/" "$(tmp addr-lb1.txt)" || fail "VIP missing on lb1: $(cat "$(tmp addr-lb1.txt)")"
grep -q " $VIP/" "$(tmp addr-lb2.txt)" && fail "VIP still on lb2: $(cat "$(tmp addr-lb2.txt)")"
say "case A: heal -> lb1 MASTER again after $(ms_between "$t0" "$(log_time lb1 "$MASTER_RE" "$t0")") ms; MASTER: $(masters), VIP on: $(vip_holders)"

# ---------------------------------------------------------------- case B
cap=$(tmp vrrp.txt)
ip netns exec "$(ns lb2)" tcpdump -i eth0 -n -tt -l -p proto 112 >"$cap" 2>"$(tmp tcpdump.err)" &
TCPDUMP_PID=$!
_PIDS+=("$TCPDUMP_PID")
sleep 1
nft_cut_vrrp() {
	ip netns exec "$(ns "$1")" nft -f - <<'EON' || die "nft (VRRP cut) in $1"
table inet fd_vrrpcut {
	chain in { type filter hook input priority 0; ip protocol 112 drop; }
}
EON
}
t0=$(now)
nft_cut_vrrp lb1
nft_cut_vrrp lb2
wait_master lb2 8 "$t0" || fail "lb2 did not become MASTER with the VRRP path cut"
wait_for 3 "VIP on both" vip_only_on "lb1 lb2" || fail "VIP held by '$(vip_holders)', expected both"
say "case B: VRRP cut -> lb2 MASTER after $(ms_between "$t0" "$(log_time lb2 "$MASTER_RE" "$t0")") ms; MASTER(s): $(masters)"
sleep 1.5
[ "$(masters)" = "lb1 lb2" ] || fail "with the VRRP path cut, MASTER(s) '$(masters)', expected both"
log_has lb1 "$FAULT_RE" "$t0" && fail "lb1 went to FAULT although it reaches the reference"
log_has lb2 "$FAULT_RE" "$t0" && fail "lb2 went to FAULT although it reaches the reference"
# the client follows lb2 (as it would after lb2's gratuitous ARP)
ip -n "$(ns cl)" neigh replace "$VIP" lladdr "$(mac_of lb2)" dev eth0 nud stale ||
	die "neigh replace on the client"

# Heal just after lb2 advertised, so lb1's advertisement crosses first:
# lb2 yields at once, and only its higher_prio_send_advert tells lb1 to
# win the client back.  (Both sides drop on input only, so the capture on
# lb2's eth0 sees both senders during the cut.)
lb2_ip=$(host_ip lb2)
n_lb2() { awk -v src="$lb2_ip" '$2 == "IP" && $3 == src' "$cap" | wc -l; }
n0=$(n_lb2)
wait_for 3 "an advert from lb2" eval '[ "$(n_lb2)" -gt '"$n0"' ]' || fail "lb2 does not advertise during the cut"
t_heal=$(now)
ip netns exec "$(ns lb1)" nft delete table inet fd_vrrpcut || die "nft delete in lb1"
ip netns exec "$(ns lb2)" nft delete table inet fd_vrrpcut || die "nft delete in lb2"
wait_for 5 "exactly one MASTER (lb1) and the VIP on lb1 only" one_master_one_vip lb1 ||
	fail "after heal: MASTER(s) '$(masters)', VIP held by '$(vip_holders)'"
t_bk=$(log_time lb2 "$BACKUP_RE" "$t_heal") || fail "lb2 never logged BACKUP after the heal"
cl_vip_mac() { ip -n "$(ns cl)" -4 neigh show "$VIP" dev eth0 | awk '{ for (i = 1; i < NF; i++) if ($i == "lladdr") print $(i + 1) }'; }
cl_follows_lb1() { [ "$(cl_vip_mac)" = "$(mac_of lb1)" ]; }
wait_for 2 "client's ARP entry for the VIP back on lb1" cl_follows_lb1 ||
	fail "client still sends the VIP's traffic to $(cl_vip_mac) (lb1 is $(mac_of lb1), lb2 $(mac_of lb2)): no GARP after the heal"
t_arp=$(now)
sleep 2.5
[ "$(masters)" = lb1 ] || fail "after heal: MASTER(s) '$(masters)'"
assert_vip_only_on lb1
kill -INT "$TCPDUMP_PID"
wait_for 5 "tcpdump exit" eval '! _pid_alive '"$TCPDUMP_PID" || die "tcpdump did not stop"
t_first=$(awk -v s="$t_heal" '$2 == "IP" && ($1 + 0) >= s { print $1; exit }' "$cap")
first_from=$(awk -v s="$t_heal" '$2 == "IP" && ($1 + 0) >= s { print $3; exit }' "$cap")
[ -n "$t_first" ] || fail "no advertisement captured after the heal"
resolve_ms=$(ms_between "$t_first" "$t_bk")
say "case B: heal -> first advert on the wire (from $first_from) +$(ms_between "$t_heal" "$t_first") ms, one MASTER (lb2 BACKUP) $resolve_ms ms after it, client ARP back on lb1 by +$(ms_between "$t_heal" "$t_arp") ms"
[ "$resolve_ms" -le $((ADVERT_MS + HEAL_SLACK_MS)) ] ||
	fail "dual master resolved $resolve_ms ms after the first advertisement (> $((ADVERT_MS + HEAL_SLACK_MS)) ms)"

# dual master: logged once per episode (on each side at most once), counted
d1=$(awk -v s="$t_heal" '($1 + 0) >= s && /dual master detected/' "$(node_log lb1)" | wc -l)
d2=$(awk -v s="$t_heal" '($1 + 0) >= s && /dual master detected/' "$(node_log lb2)" | wc -l)
say "case B: 'dual master detected' lines: lb1 $d1, lb2 $d2"
[ $((d1 + d2)) -ge 1 ] || fail "no 'dual master detected' logged"
[ "$d1" -le 1 ] && [ "$d2" -le 1 ] || fail "dual master logged more than once per episode (lb1 $d1, lb2 $d2)"
stop_node lb1 TERM
stop_node lb2 TERM
wait_exit lb1 10 || fail "lb1 did not exit"
wait_exit lb2 10 || fail "lb2 did not exit"
# every logged episode is counted, and nothing else (case A's heal is an
# episode too: lb1 preempts while lb2 is still MASTER)
a1=$(grep -c 'dual master detected' "$(node_log lb1)")
a2=$(grep -c 'dual master detected' "$(node_log lb2)")
e1=$(sed -n 's/.*(VI_1) sent .*dual-master episodes \([0-9]*\).*/\1/p' "$(node_log lb1)" | tail -n 1)
e2=$(sed -n 's/.*(VI_1) sent .*dual-master episodes \([0-9]*\).*/\1/p' "$(node_log lb2)" | tail -n 1)
say "dual-master episodes counted over the run: lb1 ${e1:-?}, lb2 ${e2:-?} (logged: $a1, $a2)"
[ "${e1:-x}" = "$a1" ] && [ "${e2:-x}" = "$a2" ] ||
	fail "episode counts (lb1 ${e1:-none}, lb2 ${e2:-none}) differ from the logged episodes ($a1, $a2)"
say "PASS ($UNDER_TEST)"
