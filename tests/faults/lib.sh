# Fault-injection scenarios: two floatd hosts (lb1 priority 150, lb2 100)
# and a client probing the VIP every 10 ms, on tests/netns/lib.sh's
# topology.  A scenario injects its fault N times, then faults_finish:
#   - the VIP is on exactly one host (`ip addr` on both) and one MASTER;
#   - both daemons stop on SIGTERM with status 0, no sanitizer report in
#     any log;
#   - nothing is left over: no VIP, macvlan, nftables table (floatd's
#     `inet floatd` or a scenario's own) or pid file, and the namespaces
#     are gone once deleted;
#   - one "figures:" line (runs, transitions, longest client gap,
#     leftovers, failures) for docs/faults.md.
# Sourced by tests/faults/*.sh.
. "$(dirname "$0")/../netns/lib.sh"

need_nft

# faults_conf FILE ROUTER_ID PRIORITY ADVERT_INT [EXTRA_INSTANCE_LINES]:
# VRRPv3 below 1 s (VRRPv2 cannot express it), v2 at whole seconds.
faults_conf() {
	local ver=3
	case $4 in *.*) ;; *) ver=2 ;; esac
	mk_conf "$1" "$2" "$3" "$(printf '\tversion %s\n%s' "$ver" "${5:-}")"
	sed -i "s/^\tadvert_int 1$/\tadvert_int $4/" "$1"
	floatd_t -f "$1" >"$(tmp conf-t.out)" 2>&1 || die "$1 rejected: $(cat "$(tmp conf-t.out)")"
}

# faults_start ADVERT_INT [EXTRA_INSTANCE_LINES]: topology, both daemons,
# lb1 MASTER with the VIP, the client probe running.
faults_start() {
	topo_setup lb1 lb2 cl
	faults_conf "$(tmp lb1.conf)" lb1 150 "$1" "${2:-}"
	faults_conf "$(tmp lb2.conf)" lb2 100 "$1" "${2:-}"
	start_node lb1 "$(tmp lb1.conf)"
	start_node lb2 "$(tmp lb2.conf)"
	wait_master lb1 10 || fail "lb1 never entered MASTER"
	wait_backup lb2 10 || fail "lb2 never entered BACKUP"
	wait_for 5 "VIP on lb1 only" vip_only_on lb1 || assert_vip_only_on lb1
	FAULTS_T0=$(now)
	probe_start 600 10
}

# state ROLE: the last state the node logged.
state() {
	awk 'match($0, /\(VI_1\) Entering [A-Z]+ STATE/) { s = substr($0, RSTART + 16, RLENGTH - 22) }
	END { print s }' "$(node_log "$1")"
}
masters() {
	local r out=""
	for r in lb1 lb2; do node_alive "$r" && [ "$(state "$r")" = MASTER ] && out="$out $r"; done
	printf '%s\n' "${out# }"
}
# one_holder: exactly one MASTER, and the VIP on it only.
one_holder() {
	local m
	m=$(masters)
	case $m in *" "* | "") return 1 ;; esac
	vip_only_on "$m"
}
# settled TIMEOUT WHAT: wait for one_holder, then check it still holds
# after HOLD_S (a late flap would show); fails the test otherwise.
settled() {
	wait_for "$1" "one MASTER holding the VIP ($2)" one_holder ||
		fail "$2: MASTER(s) '$(masters)', VIP held by '$(vip_holders)'"
	sleep "${HOLD_S:-0.5}"
	one_holder || fail "$2: not stable: MASTER(s) '$(masters)', VIP held by '$(vip_holders)'"
}

# transitions [SINCE]: state entries logged by both nodes since SINCE.
transitions() {
	cat "$(node_log lb1)" "$(node_log lb2)" |
		awk -v s="${1:-$FAULTS_T0}" '($1 + 0) >= s && /\(VI_1\) Entering [A-Z]+ STATE/' | wc -l
}

# faults_finish SCENARIO RUNS: the end-of-scenario checks and figures.
faults_finish() {
	local name=$1 runs=$2 r n ntrans left=0 what
	settled 10 "end of $name"
	ntrans=$(transitions)
	probe_stop
	for r in lb1 lb2; do
		node_alive "$r" || fail "$r daemon is not running at the end of $name"
		stop_node "$r" TERM
	done
	for r in lb1 lb2; do
		wait_exit "$r" 15 || fail "$r did not exit on SIGTERM"
		[ "$exit_rc" = 0 ] || fail "$r exited $exit_rc on SIGTERM"
	done
	if grep -l -E 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$_T"/*.log; then
		fail "sanitizer report in a daemon log"
	fi
	# leftovers in the host namespaces, then the namespaces themselves
	for r in lb1 lb2; do
		what=""
		vip_on "$r" && what="$what VIP"
		[ -n "$(macvlans "$r")" ] && what="$what macvlan:$(macvlans "$r" | tr '\n' ,)"
		# no table at all: the scenarios delete their own
		[ -n "$(nft_tables "$r")" ] && what="$what nft:$(nft_tables "$r" | tr ' \n' '_,')"
		[ -e "$(tmp "$r-floatd.pid")" ] && what="$what pidfile"
		if [ -n "$what" ]; then
			say "leftover on $r:$what"
			left=$((left + 1))
		fi
	done
	kill -INT "$PROBE_PID" 2>/dev/null
	for n in "${_NSLIST[@]}"; do ip netns del "$n" || die "ip netns del $n"; done
	n=$(ip netns list | grep -c "^$PFX-")
	[ "$n" = 0 ] || { say "leftover namespaces: $n"; left=$((left + n)); }
	_NSLIST=()
	say "figures: scenario=$name runs=$runs transitions=$ntrans longest_gap_ms=$probe_longest_gap_ms sent=$probe_sent received=$probe_received leftovers=$left"
	[ "$left" = 0 ] || fail "$left leftover(s) after $name"
	say "PASS"
}

# rand_ms LO HI: a random integer in [LO, HI] (bash's RANDOM, seeded per
# test and printed, so a failing sequence can be replayed).
FAULTS_SEED=${FAULTS_SEED:-$$}
RANDOM=$FAULTS_SEED
rand_ms() { echo $(($1 + RANDOM % ($2 - $1 + 1))); }
ms_sleep() { sleep "$(awk -v m="$1" 'BEGIN { printf "%.3f", m / 1000 }')"; }
