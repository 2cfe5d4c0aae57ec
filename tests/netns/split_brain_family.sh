#!/bin/bash
# The body of split_brain.sh (FAMILY=4) and split_brain6.sh (FAMILY=6),
# sourced by them.  Both nodes use the client namespace (10.99.0.100 /
# fd99::100) as their track_reference (every 0.2 s, fall 3, rise 2),
# probed with ARP (IPv4) or Neighbor Solicitations (IPv6).
#
# 0 (IPv6). The probes are real ND: the client sees NSs to its
#    solicited-node group with hop limit 255 and a source link-layer address
#    option, and both nodes report the reference reachable with no FAULT at
#    startup.
# A. lb1 (the MASTER) is cut from everything (nftables netdev ingress+egress
#    drop on its eth0, in lb1's namespace): it hears neither lb2 nor the
#    reference, so it must go to FAULT (never MASTER) and drop the VIP while
#    lb2 takes over.  Heal: exactly one MASTER (lb1 again, preempt) and the
#    VIP on exactly one host, checked on both with `ip addr`.
# B (IPv4). Only VRRP (IP protocol 112) is dropped between lb1 and lb2, in
#    both directions (on input in both namespaces), while both reach the
#    reference: both become MASTER.  On heal each MASTER hears the other:
#    the dual master is logged once per episode and counted (exit
#    statistics), and one MASTER is left within one advert interval (+
#    slack) of the first advertisement on the wire.  A client whose ARP
#    entry followed lb2 during the split comes back to lb1: with
#    higher_prio_send_advert the yielding lb2 sends one advertisement, so
#    lb1 hears a lower priority whichever advert crossed first, and repeats
#    its gratuitous ARPs (garp_lower_prio_repeat).
# S (IPv6). lb1 starts already cut off, with a reference that stays
#    undecided for longer than Master_Down_Interval (interval 1, fall 5):
#    the unknown reference is no licence to take over, so lb1 waits, then
#    goes to FAULT and is never MASTER; healed, it preempts.
. "$(dirname "$0")/lib.sh"

need_nft
command -v tcpdump >/dev/null 2>&1 || skip "tcpdump not installed"
FAULT_RE='\(VI_1\) Entering FAULT STATE'

topo_setup lb1 lb2 cl

# What differs between the families: addresses, config, the VIP checks, the
# log lines of a lost / regained reference (not asserted for IPv4).
case "$FAMILY" in
4)
	ADVERT_MS=1000
	HEAL_SLACK_MS=300
	REF=$(host_ip cl)
	VIP_NAME=VIP VIP_ADDR=$VIP
	ref_lines=$(printf '\thigher_prio_send_advert\n\ttrack_reference {\n\t\t%s\n\t\tinterval 0.2\n\t\ttimeout 0.2\n\t\tfall 3\n\t\trise 2\n\t}' "$REF")
	mk_conf "$(tmp lb1.conf)" lb1 150 "$ref_lines"
	mk_conf "$(tmp lb2.conf)" lb2 100 "$ref_lines"
	CONFS="lb1 lb2"
	vip_alone() { vip_only_on "$1"; }
	vip_who() { vip_holders; }
	assert_vip_alone() { assert_vip_only_on "$1"; }
	LOST_RE="" AGAIN_RE=""
	;;
6)
	topo_add_v6 lb1 lb2 cl
	wait_ll lb1 lb2 cl
	REF6=$(host_ip6 cl)
	VIP_NAME=VIP6 VIP_ADDR=$VIP6
	ref_lines() {
		printf '\ttrack_reference {\n\t\t%s\n\t\tinterval %s\n\t\ttimeout %s\n\t\tfall %s\n\t\trise 2\n\t}' \
			"$REF6" "$1" "$1" "$2"
	}
	mk_conf6 "$(tmp lb1.conf)" lb1 150 "$(ref_lines 0.2 3)"
	mk_conf6 "$(tmp lb2.conf)" lb2 100 "$(ref_lines 0.2 3)"
	mk_conf6 "$(tmp lb1-slow.conf)" lb1 150 "$(ref_lines 1 5)"
	CONFS="lb1 lb2 lb1-slow"
	vip_alone() { vip6_only_on "$1"; }
	vip_who() { vip6_holders; }
	assert_vip_alone() { vip6_only_on "$1" || fail "VIP6 held by '$(vip6_holders)'${2:+ $2}"; }
	LOST_RE='no reference address answers NS'
	AGAIN_RE='track_reference: reference reachable again'
	;;
*)
	die "FAMILY must be 4 or 6, not '${FAMILY:-}'"
	;;
esac
for c in $CONFS; do
	floatd_t -f "$(tmp "$c.conf")" >"$(tmp conf-t.out)" 2>&1 ||
		die "$c.conf rejected: $(cat "$(tmp conf-t.out)")"
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
one_master_one_vip() { [ "$(masters)" = "$1" ] && vip_alone "$1"; }
nft_cut_all() {
	ip netns exec "$(ns lb1)" nft -f - <<-'EON' || die "nft (netdev cut) in lb1"
table netdev fd_cut {
	chain in { type filter hook ingress device "eth0" priority 0; policy drop; }
	chain out { type filter hook egress device "eth0" priority 0; policy drop; }
}
EON
}
nft_heal() { ip netns exec "$(ns lb1)" nft delete table netdev fd_cut || die "nft delete in lb1"; }

# ---------------------------------------------------------------- start
start_4() {
	start_node lb1 "$(tmp lb1.conf)"
	start_node lb2 "$(tmp lb2.conf)"
	wait_master lb1 10 || fail "lb1 never entered MASTER"
	wait_backup lb2 10 || fail "lb2 never entered BACKUP"
	wait_for 5 "VIP on lb1 only" vip_only_on lb1 || assert_vip_only_on lb1
	sleep 1
	log_has lb1 'track_reference: no reference' && fail "lb1 lost the reference while connected"
	log_has lb2 'track_reference: no reference' && fail "lb2 lost the reference while connected"
}

# 0: the probes are real ND
start_6() {
	cap=$(tmp ns.txt)
	ip netns exec "$(ns cl)" tcpdump -i eth0 -n -v -l -p 'icmp6 and ip6[40] == 135' \
		>"$cap" 2>"$(tmp tcpdump.err)" &
	TCPDUMP_PID=$!
	_PIDS+=("$TCPDUMP_PID")
	sleep 1
	start_node lb1 "$(tmp lb1.conf)"
	start_node lb2 "$(tmp lb2.conf)"
	wait_master lb1 10 || fail "lb1 never entered MASTER"
	wait_backup lb2 10 || fail "lb2 never entered BACKUP"
	wait_for 5 "VIP6 on lb1 only" vip6_only_on lb1 || fail "VIP6 held by '$(vip6_holders)'"
	sleep 1
	kill -INT "$TCPDUMP_PID"
	wait_for 5 "tcpdump exit" eval '! _pid_alive '"$TCPDUMP_PID" || die "tcpdump did not stop"
	for r in lb1 lb2; do
		log_has "$r" 'track_reference: reference reachable' ||
			fail "$r never saw a Neighbor Advertisement from the reference"
		log_has "$r" 'track_reference: no reference' && fail "$r lost the reference while connected"
		log_has "$r" "$FAULT_RE" && fail "$r entered FAULT at startup"
		mac=$(mac_of "$r")
		# tcpdump -v prints "hlim 255" and the option as "source link-address option ... MAC"
		grep -A1 "hlim 255,.*> ff02::1:ff00:100: .*neighbor solicitation.*who has $REF6\$" "$cap" |
			grep -q "source link-address option.*$mac" ||
			fail "no NS from $r ($mac) to ff02::1:ff00:100 with hop limit 255: $(head -n 8 "$cap")"
	done
	say "probes: $(grep -c 'neighbor solicitation' "$cap") NSs seen by the reference; both nodes reachable, no FAULT at startup"
}
"start_$FAMILY"

# ---------------------------------------------------------------- A: cut lb1
t0=$(now)
nft_cut_all
wait_for 5 "lb1 FAULT" _state_seen lb1 "$FAULT_RE" "$t0" || fail "isolated lb1 did not enter FAULT"
t_f=$(log_time lb1 "$FAULT_RE" "$t0")
wait_master lb2 8 "$t0" || fail "lb2 did not take over from the isolated lb1"
t_m=$(log_time lb2 "$MASTER_RE" "$t0")
wait_for 3 "$VIP_NAME on lb2 only" vip_alone lb2 || assert_vip_alone lb2
say "case A: cut -> lb1 FAULT after $(ms_between "$t0" "$t_f") ms, lb2 MASTER after $(ms_between "$t0" "$t_m") ms"
sleep 3     # stays so: the isolated node must not come back as MASTER
log_has lb1 "$MASTER_RE" "$t0" && fail "isolated lb1 entered MASTER"
[ "$(state lb1)" = FAULT ] || fail "isolated lb1 is $(state lb1), expected FAULT"
log_has lb1 'fault: .*reference' "$t0" || fail "lb1 did not log the FAULT reason"
[ -z "$LOST_RE" ] || log_has lb1 "$LOST_RE" "$t0" || fail "lb1 did not log the lost reference"
assert_vip_alone lb2 "while lb1 is cut"

t0=$(now)
nft_heal
wait_for 10 "exactly one MASTER (lb1) and the $VIP_NAME on lb1 only" one_master_one_vip lb1 ||
	fail "after heal: MASTER(s) '$(masters)', $VIP_NAME held by '$(vip_who)'"
sleep 2.5   # and it stays so (a late flap would show here)
[ "$(masters)" = lb1 ] || fail "after heal: MASTER(s) '$(masters)'"
for r in lb1 lb2; do
	ip -n "$(ns "$r")" "-$FAMILY" -o addr show dev eth0 >"$(tmp "addr-$r.txt")"
done
grep -q " $VIP_ADDR/" "$(tmp addr-lb1.txt)" || fail "$VIP_NAME missing on lb1: $(cat "$(tmp addr-lb1.txt)")"
grep -q " $VIP_ADDR/" "$(tmp addr-lb2.txt)" && fail "$VIP_NAME still on lb2: $(cat "$(tmp addr-lb2.txt)")"
[ -z "$AGAIN_RE" ] || log_has lb1 "$AGAIN_RE" "$t0" || fail "lb1 did not see the reference again"
say "case A: heal -> lb1 MASTER again after $(ms_between "$t0" "$(log_time lb1 "$MASTER_RE" "$t0")") ms; MASTER: $(masters), $VIP_NAME on: $(vip_who)"

# B: only VRRP cut between the two, both reach the reference
after_4() {
	cap=$(tmp vrrp.txt)
	ip netns exec "$(ns lb2)" tcpdump -i eth0 -n -tt -l -p proto 112 >"$cap" 2>"$(tmp tcpdump.err)" &
	TCPDUMP_PID=$!
	_PIDS+=("$TCPDUMP_PID")
	sleep 1
	t0=$(now)
	vrrp_cut lb1
	vrrp_cut lb2
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
	vrrp_heal lb1
	vrrp_heal lb2
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
}

# S: lb1 starts cut off
after_6() {
	stop_node lb1 TERM
	wait_exit lb1 10 || fail "lb1 did not exit"
	wait_master lb2 8 || fail "lb2 did not take over from the stopped lb1"
	nft_cut_all
	t0=$(now)
	start_node lb1 "$(tmp lb1-slow.conf)"
	wait_for 12 "lb1 FAULT" _state_seen lb1 "$FAULT_RE" "$t0" || fail "lb1 started cut off did not enter FAULT"
	t_f=$(log_time lb1 "$FAULT_RE" "$t0")
	log_has lb1 'track_reference has no verdict yet: waiting' "$t0" ||
		fail "lb1 did not wait for the reference's first verdict"
	sleep 2
	log_has lb1 "$MASTER_RE" "$t0" && fail "lb1 started cut off entered MASTER"
	[ "$(masters)" = lb2 ] || fail "with lb1 cut off, MASTER(s) '$(masters)'"
	vip6_on lb1 && fail "lb1 started cut off holds the VIP6"
	say "case S: started cut off -> waited, FAULT after $(ms_between "$t0" "$t_f") ms, never MASTER"
	t0=$(now)
	nft_heal
	wait_for 12 "exactly one MASTER (lb1) and the VIP6 on lb1 only" one_master_one_vip lb1 ||
		fail "after heal: MASTER(s) '$(masters)', VIP6 held by '$(vip6_holders)'"
	say "case S: heal -> lb1 MASTER after $(ms_between "$t0" "$(log_time lb1 "$MASTER_RE" "$t0")") ms"
}
"after_$FAMILY"

stop_node lb1 TERM
stop_node lb2 TERM
wait_exit lb1 10 || fail "lb1 did not exit"
wait_exit lb2 10 || fail "lb2 did not exit"
if [ "$FAMILY" = 4 ]; then
	# every logged episode is counted, and nothing else (case A's heal is an
	# episode too: lb1 preempts while lb2 is still MASTER)
	a1=$(grep -c 'dual master detected' "$(node_log lb1)")
	a2=$(grep -c 'dual master detected' "$(node_log lb2)")
	e1=$(sed -n 's/.*(VI_1) sent .*dual-master episodes \([0-9]*\).*/\1/p' "$(node_log lb1)" | tail -n 1)
	e2=$(sed -n 's/.*(VI_1) sent .*dual-master episodes \([0-9]*\).*/\1/p' "$(node_log lb2)" | tail -n 1)
	say "dual-master episodes counted over the run: lb1 ${e1:-?}, lb2 ${e2:-?} (logged: $a1, $a2)"
	[ "${e1:-x}" = "$a1" ] && [ "${e2:-x}" = "$a2" ] ||
		fail "episode counts (lb1 ${e1:-none}, lb2 ${e2:-none}) differ from the logged episodes ($a1, $a2)"
fi
say "PASS ($UNDER_TEST)"
