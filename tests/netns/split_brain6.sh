#!/bin/bash
# Split brain over IPv6 (case A of split_brain.sh for VRRPv3):
# both nodes use the client namespace (fd99::100) as their
# track_reference, probed with Neighbor Solicitations (every 0.2 s, fall 3,
# rise 2).
#
# 0. The probes are real ND: the client sees NSs to its solicited-node group
#    with hop limit 255 and a source link-layer address option, and both
#    nodes report the reference reachable with no FAULT at startup.
# A. lb1 (the MASTER) is cut from everything (nftables netdev ingress+egress
#    drop on its eth0): it hears neither lb2 nor the reference, so it goes
#    to FAULT (never MASTER) and drops the VIP while lb2 takes over.  Heal:
#    exactly one MASTER (lb1, preempt) and the VIP on exactly one host.
# S. lb1 starts already cut off, with a reference that stays undecided for
#    longer than Master_Down_Interval (interval 1, fall 5): the unknown
#    reference is no licence to take over, so lb1 waits, then goes to FAULT
#    and is never MASTER; healed, it preempts.
. "$(dirname "$0")/lib.sh"

need_nft
command -v tcpdump >/dev/null 2>&1 || skip "tcpdump not installed"
FAULT_RE='\(VI_1\) Entering FAULT STATE'
REF6=$(host_ip6 cl)

topo_setup lb1 lb2 cl
topo_add_v6 lb1 lb2 cl
wait_ll lb1 lb2 cl
ref_lines() {
	printf '\ttrack_reference {\n\t\t%s\n\t\tinterval %s\n\t\ttimeout %s\n\t\tfall %s\n\t\trise 2\n\t}' \
		"$REF6" "$1" "$1" "$2"
}
mk_conf6 "$(tmp lb1.conf)" lb1 150 "$(ref_lines 0.2 3)"
mk_conf6 "$(tmp lb2.conf)" lb2 100 "$(ref_lines 0.2 3)"
mk_conf6 "$(tmp lb1-slow.conf)" lb1 150 "$(ref_lines 1 5)"
for c in lb1 lb2 lb1-slow; do
	"$FLOATD" -t -f "$(tmp "$c.conf")" >"$(tmp conf-t.out)" 2>&1 ||
		die "$c.conf rejected: $(cat "$(tmp conf-t.out)")"
done

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
one_master_one_vip() { [ "$(masters)" = "$1" ] && vip6_only_on "$1"; }
nft_cut_all() {
	ip netns exec "$(ns lb1)" nft -f - <<'EON' || die "nft (netdev cut) in lb1"
table netdev fd_cut {
	chain in { type filter hook ingress device "eth0" priority 0; policy drop; }
	chain out { type filter hook egress device "eth0" priority 0; policy drop; }
}
EON
}
nft_heal() { ip netns exec "$(ns lb1)" nft delete table netdev fd_cut || die "nft delete in lb1"; }

# ---------------------------------------------------------------- 0: probes
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

# ---------------------------------------------------------------- A: cut lb1
t0=$(now)
nft_cut_all
wait_for 5 "lb1 FAULT" _state_seen lb1 "$FAULT_RE" "$t0" || fail "isolated lb1 did not enter FAULT"
t_f=$(log_time lb1 "$FAULT_RE" "$t0")
wait_master lb2 8 "$t0" || fail "lb2 did not take over from the isolated lb1"
t_m=$(log_time lb2 "$MASTER_RE" "$t0")
wait_for 3 "VIP6 on lb2 only" vip6_only_on lb2 || fail "VIP6 held by '$(vip6_holders)'"
say "case A: cut -> lb1 FAULT after $(ms_between "$t0" "$t_f") ms, lb2 MASTER after $(ms_between "$t0" "$t_m") ms"
sleep 3
log_has lb1 "$MASTER_RE" "$t0" && fail "isolated lb1 entered MASTER"
[ "$(state lb1)" = FAULT ] || fail "isolated lb1 is $(state lb1), expected FAULT"
log_has lb1 'fault: .*reference' "$t0" || fail "lb1 did not log the FAULT reason"
log_has lb1 'no reference address answers NS' "$t0" || fail "lb1 did not log the lost reference"
vip6_only_on lb2 || fail "VIP6 held by '$(vip6_holders)' while lb1 is cut"

t0=$(now)
nft_heal
wait_for 10 "exactly one MASTER (lb1) and the VIP6 on lb1 only" one_master_one_vip lb1 ||
	fail "after heal: MASTER(s) '$(masters)', VIP6 held by '$(vip6_holders)'"
sleep 2.5
[ "$(masters)" = lb1 ] || fail "after heal: MASTER(s) '$(masters)'"
for r in lb1 lb2; do
	ip -n "$(ns "$r")" -6 -o addr show dev eth0 >"$(tmp "addr-$r.txt")"
done
grep -q " $VIP6/" "$(tmp addr-lb1.txt)" || fail "VIP6 missing on lb1: $(cat "$(tmp addr-lb1.txt)")"
grep -q " $VIP6/" "$(tmp addr-lb2.txt)" && fail "VIP6 still on lb2: $(cat "$(tmp addr-lb2.txt)")"
log_has lb1 'track_reference: reference reachable again' "$t0" || fail "lb1 did not see the reference again"
say "case A: heal -> lb1 MASTER again after $(ms_between "$t0" "$(log_time lb1 "$MASTER_RE" "$t0")") ms; MASTER: $(masters), VIP6 on: $(vip6_holders)"

# ---------------------------------------------------------------- S: start cut off
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
stop_node lb1 TERM
stop_node lb2 TERM
wait_exit lb1 10 || fail "lb1 did not exit"
wait_exit lb2 10 || fail "lb2 did not exit"
say "PASS ($UNDER_TEST)"
