#!/bin/bash
# Partition then heal, 20 times: nftables drops VRRP (IP protocol 112) on
# input in both hosts, so each stops hearing the other; both become MASTER
# (a split brain is the expected outcome of a partition).  After each heal
# one MASTER must hold the VIP alone within a bound, checked with `ip addr`
# on both hosts.  VRRPv3, advert_int 0.1 s.
. "$(dirname "$0")/lib.sh"

RUNS=${FAULTS_RUNS:-20}
ADV=0.1
cut() {
	ip netns exec "$(ns "$1")" nft -f - <<'EON' || die "nft cut in $1"
table inet fd_part {
	chain in { type filter hook input priority 0; ip protocol 112 drop; }
}
EON
}
heal() { ip netns exec "$(ns "$1")" nft delete table inet fd_part || die "nft heal in $1"; }

faults_start $ADV
split=0 max_heal_ms=0
for i in $(seq "$RUNS"); do
	t0=$(now)
	cut lb1
	cut lb2
	# lb2 takes over after Master_Down_Interval (≈ 0.34 s)
	if wait_for 5 "lb2 MASTER during partition $i" _state_seen lb2 "$MASTER_RE" "$t0"; then
		split=$((split + 1))
	else
		fail "partition $i: lb2 never became MASTER"
	fi
	ms_sleep "$(rand_ms 100 600)"
	t1=$(now)
	heal lb1
	heal lb2
	HOLD_S=0.3 settled 5 "heal $i"
	[ "$(masters)" = lb1 ] || fail "heal $i: MASTER is $(masters), expected lb1 (preempt)"
	# from the heal to lb2's yield, by the daemons' own log stamps
	t_bk=$(log_time lb2 "$BACKUP_RE" "$t1") || fail "heal $i: lb2 never logged BACKUP"
	ms=$(ms_between "$t1" "$t_bk")
	[ "$ms" -gt "$max_heal_ms" ] && max_heal_ms=$ms
done
say "partitions: $RUNS, split brains seen: $split, slowest heal -> lb2 BACKUP: $max_heal_ms ms, seed $FAULTS_SEED"
faults_finish partition "$RUNS"
