#!/bin/bash
# test-lock: exclusive (an ARP flood; asserts advert gaps)
# An ARP flood on the segment must not delay the MASTER's adverts.  lb1
# (priority 150, 1 s adverts) tracks the client as its track_reference, so
# its ARP packet socket is open (with its BPF filter) during the flood; lb3
# floods the bridge with broadcast ARP requests from random senders, as
# fast as its packet socket takes them, for FLOOD_S seconds (tests/netns/
# rawsend.c); then again with ARP replies from the reference's address
# (they pass the filter, so the read budget is what protects the loop).
# lb2 captures lb1's adverts (tcpdump -tt): the largest gap between two of
# them during each flood must stay below 1.5 x advert_int, and lb1 must
# stay MASTER.  Reports the gap, the flood rate and lb1's CPU time during
# each flood.
. "$(dirname "$0")/lib.sh"

command -v tcpdump >/dev/null 2>&1 || skip "tcpdump not installed"
ADVERT_MS=1000
GAP_MAX_MS=$((ADVERT_MS * 3 / 2))
FLOOD_S=10
REF=$(host_ip cl)

find_rawsend
topo_setup lb1 lb2 cl lb3
ref_lines=$(printf '\ttrack_reference {\n\t\t%s\n\t\tinterval 1\n\t\ttimeout 1\n\t\tfall 3\n\t}' "$REF")
mk_conf "$(tmp lb1.conf)" lb1 150 "$ref_lines"
mk_conf "$(tmp lb2.conf)" lb2 100
floatd_t -f "$(tmp lb1.conf)" >"$(tmp conf-t.out)" 2>&1 ||
	die "lb1.conf rejected: $(cat "$(tmp conf-t.out)")"

cap=$(tmp adverts.txt)
ip netns exec "$(ns lb2)" tcpdump -i eth0 -n -tt -l -p proto 112 >"$cap" 2>"$(tmp tcpdump.err)" &
TCPDUMP_PID=$!
_PIDS+=("$TCPDUMP_PID")

start_node lb1 "$(tmp lb1.conf)"
start_node lb2 "$(tmp lb2.conf)"
wait_master lb1 10 || fail "lb1 never entered MASTER"
wait_backup lb2 10 || fail "lb2 never entered BACKUP"
wait_for 5 "lb1 reaches its reference" log_has lb1 'track_reference: reference reachable' ||
	fail "lb1's track_reference never got an answer"
# lb1's ARP socket is open: a packet socket in lb1's namespace
ip netns exec "$(ns lb1)" cat /proc/net/packet | awk 'NR > 1 { n++ } END { exit !n }' ||
	fail "no packet socket open in lb1's namespace"

# cpu_ms PID: user + system CPU time of a process, in ms
cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '{ print int(($14 + $15) * 1000 / hz) }' "/proc/$1/stat"; }
lb1_pid=$(cat "$(tmp lb1-floatd.pid)") || die "no pid file for lb1"
lb1_ip=$(host_ip lb1)

# flood LABEL [SENDER]: FLOOD_S seconds of ARP from lb3 (requests, or
# replies from SENDER), then check lb1's adverts over that time
flood() {
	local label=$1 out cpu0 cpu1 t_flood t_end sent secs rate count max_gap at
	out=$(tmp "flood-$label.out")
	cpu0=$(cpu_ms "$lb1_pid")
	t_flood=$(now)
	ip netns exec "$(ns lb3)" "$RAWSEND" arp-flood eth0 "$FLOOD_S" ${2:+"$2"} >"$out" 2>&1 ||
		fail "$label: the flood did not run: $(cat "$out")"
	t_end=$(now)
	cpu1=$(cpu_ms "$lb1_pid")
	sleep 1.5     # one more advert after the flood closes the last gap
	node_alive lb1 || fail "$label: lb1 died during the flood"
	log_has lb2 "$MASTER_RE" && fail "$label: lb2 became MASTER during the flood"
	read -r sent secs rate < <(sed -n 's/^sent=\([0-9]*\) seconds=\([0-9.]*\) rate=\([0-9]*\)$/\1 \2 \3/p' "$out")
	[ -n "${rate:-}" ] || die "no summary from rawsend: $(cat "$out")"
	# gaps between lb1's adverts from the last one before the flood to
	# the first one after it
	read -r count max_gap at < <(awk -v s="$t_flood" -v e="$t_end" -v src="$lb1_ip" '
		$2 == "IP" && $3 == src {
			t = $1 + 0
			if (t < s) { prev = $1; next }
			if (prev != "") { g = (t - prev) * 1000; if (g > max) { max = g; at = prev } }
			prev = $1
			if (t <= e) n++
			else exit
		}
		END { printf "%d %d %s\n", n, max + 0.5, at }' "$cap")
	say "$label: $sent frames in $secs s ($rate frames/s); lb1 sent $count adverts during it," \
		"largest gap $max_gap ms (limit $GAP_MAX_MS ms); lb1 used $((cpu1 - cpu0)) ms of CPU"
	[ "$count" -ge $((FLOOD_S - 1)) ] ||
		fail "$label: only $count advertisements captured during the ${FLOOD_S} s flood"
	[ "$max_gap" -lt "$GAP_MAX_MS" ] ||
		fail "$label: advertisement gap $max_gap ms (after $at) >= $GAP_MAX_MS ms"
}

# requests from random senders: the BPF filter keeps them in the kernel
flood "ARP request flood"
# replies "spoofed" from the reference: they pass the filter, so lb1 reads
# them, a bounded number per loop iteration
flood "ARP reply flood from the reference" "$REF"
kill -INT "$TCPDUMP_PID"
wait_for 5 "tcpdump exit" eval '! _pid_alive '"$TCPDUMP_PID" || die "tcpdump did not stop"
say "PASS ($UNDER_TEST)"
