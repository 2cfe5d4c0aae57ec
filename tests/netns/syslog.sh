#!/bin/bash
# Syslog facility and idents (floatd only).  Each case runs floatd (with a
# virtual_server, so floatd-checker runs too) in its own mount and network
# namespaces (unshare -m -n) where a directory holding only null is bound over
# /dev and a datagram listener owns /dev/log, then reads the facility off each
# message's <PRI>:
#   default          -> daemon (3), idents floatd and floatd-checker
#   -S 3             -> local3 (19) in both processes
#   log_facility local5 in global_defs -> local5 (21)
#   log_facility local5 and -S 1       -> local1 (17): the option wins
. "$(dirname "$0")/lib.sh"

[ "$UNDER_TEST" = floatd ] || skip "floatd-only behaviour"

LISTEN=$(tmp listen.py)
cat >"$LISTEN" <<'EOF'
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind("/dev/log")
out = open(sys.argv[1], "a", buffering=1)
out.write("LISTENING\n")
while True:
    out.write(s.recv(4096).decode(errors="replace").rstrip("\n") + "\n")
EOF

# The part that runs inside the private namespaces: $1 = case name, rest =
# floatd's arguments.  Ends floatd with SIGTERM once both processes logged.
INNER=$(tmp inner.sh)
cat >"$INNER" <<'EOF'
set -u
out=$T/$1.syslog; shift
mkdir -p "$T/dev-$$" && touch "$T/dev-$$/null" && mount --bind /dev/null "$T/dev-$$/null" &&
	mount --bind "$T/dev-$$" /dev || exit 99
ip link set lo up
"$PYTHON3" "$LISTEN" "$out" 2>>"$T/listen.err" &
lp=$!
for i in $(seq 100); do grep -qs LISTENING "$out" && break; sleep 0.05; done
"$FLOATD" -n -p "$T/floatd-$$.pid" --control-socket "$T/ctl-$$.sock" --state-dir "$T/state-$$" "$@" &
fp=$!
for i in $(seq 200); do
	grep -q 'floatd-checker\[[0-9]*\]: checker: started' "$out" && grep -q 'floatd\[[0-9]*\]: .*starting' "$out" && break
	sleep 0.05
done
kill -TERM "$fp"; wait "$fp"
kill "$lp"; wait "$lp" 2>/dev/null
exit 0
EOF

mk_lvs_conf() {
	cat >"$1" <<EOF
global_defs {
	router_id syslog
$2
}
virtual_server 127.0.0.1 80 {
	delay_loop 1
	lb_algo rr
	lb_kind NAT
	protocol TCP
	real_server 127.0.0.1 9 {
		TCP_CHECK {
			connect_timeout 1
		}
	}
}
EOF
}
mk_lvs_conf "$(tmp plain.conf)" ""
mk_lvs_conf "$(tmp local5.conf)" "	log_facility local5"

# run_case NAME WANT_FACILITY FLOATD_ARGS...
run_case() {
	local name=$1 want=$2 out bad ident
	shift 2
	out=$(tmp "$name.syslog")
	T=$_T LISTEN=$LISTEN FLOATD=$FLOATD PYTHON3=$PYTHON3 timeout 30 unshare -m -n --propagation private \
		bash "$INNER" "$name" "$@" || fail "[$name] the namespace run failed"
	for ident in floatd floatd-checker; do
		grep -q "^<[0-9]*>.* $ident\[[0-9]*\]: " "$out" ||
			fail "[$name] nothing logged with ident $ident: $(head -n 5 "$out")"
	done
	# every message's facility = PRI >> 3
	bad=$(grep -v LISTENING "$out" | sed -n 's/^<\([0-9]*\)>.*/\1/p' |
		awk -v w="$want" 'int($1 / 8) != w { n++ } END { print n + 0 }')
	[ "$bad" = 0 ] || fail "[$name] $bad message(s) not in facility $want: $(grep -v LISTENING "$out" | head -n 3)"
	say "[$name] $(grep -vc LISTENING "$out") messages, all facility $want, idents floatd and floatd-checker"
}

run_case default 3 -f "$(tmp plain.conf)"
run_case option 19 -S 3 -f "$(tmp plain.conf)"
run_case config 21 -f "$(tmp local5.conf)"
run_case option-wins 17 -S local1 -f "$(tmp local5.conf)"
say "PASS ($UNDER_TEST)"
