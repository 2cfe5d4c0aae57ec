#!/bin/bash
# test-lock: vm (boots a run-in-vm VM when run by itself)
# lvs_sync_daemon, lvs_timeouts, lvs_flush and lvs_flush_onstop under a
# kernel with IPVS.  Two floatd, each in its own network namespace (so each
# has its own IPVS table, sync daemons and timeouts), VRRP and the sync
# daemons on one veth link:
#   1. start: lvs_flush removed the service made before floatd started;
#      lvs_timeouts shows in `ipvsadm -L --timeout`; `ipvsadm -L --daemon`
#      shows a master sync daemon (id 7, port 8850) on the MASTER and a
#      backup one on the BACKUP;
#   2. the sync daemons do sync: a connection made through the MASTER's
#      service is in the BACKUP's connection table;
#   3. failover (floatctl release on the MASTER): the daemons swap roles;
#   4. a reload of the new MASTER with `id 8`: its daemon restarts with
#      the new id, in its role;
#   5. stop (SIGTERM) of the BACKUP: its daemon is gone, its timeouts are
#      the kernel's again and lvs_flush_onstop flushed a service made while
#      it ran; exit status 0;
#   6. a reload of the MASTER naming a missing interface: the kernel's
#      "No such device" is logged, no daemon runs, VRRP stays MASTER; the
#      interface appears: the daemon starts; its stop restores the
#      timeouts, exit 0.
# tests/vm/checker_ipvs.sh runs this in its own VM boot (one boot for all
# the IPVS tests); by itself it boots one too, or exits 77 (skip) when
# run-in-vm/qemu is missing or FLOATD_SKIP_VM=1.
set -u
SELF=$(readlink -f "$0")
B=${TOP_BUILDDIR:-$(pwd)}
FLOATD=${FLOATD:-$B/floatd}
VM_RUNNER=${RUN_IN_VM_BIN:-$(readlink -f "${TOP_SRCDIR:-$(dirname "$0")/../..}")/../shared/vm/run-in-vm}

if [ "${RUN_IN_VM:-}" != 1 ]; then
	[ "${FLOATD_SKIP_VM:-0}" = 1 ] && { echo "FLOATD_SKIP_VM=1: skipped"; exit 77; }
	[ -x "$VM_RUNNER" ] || { echo "no run-in-vm: skipped"; exit 77; }
	command -v ipvsadm >/dev/null || { echo "no ipvsadm: skipped"; exit 77; }
	[ -x "$FLOATD" ] || { echo "$FLOATD not built"; exit 99; }
	work=$(mktemp -d "$B/vmtest.XXXXXX")
	cd "$work" || exit 99
	FLOATD=$(readlink -f "$FLOATD") "$VM_RUNNER" --timeout 300 -- bash "$SELF"
	rc=$?
	cd / && rm -rf "$work"
	[ $rc = 125 ] && { echo "run-in-vm unavailable: skipped"; exit 77; }
	[ $rc = 124 ] && { echo "VM timed out"; exit 99; }
	exit $rc
fi

# ---- inside the VM (the current directory is shared with the host)
W=$(pwd)/lvs_sync
mkdir -p "$W"
# sockets cannot live on the 9p share: control sockets, PID files, state in /run
S=$(mktemp -d /run/lvs_sync.XXXXXX) || exit 99
FLOATCTL=${FLOATCTL:-${FLOATD%/*}/floatctl}
A=lvsA BNS=lvsB
declare -A PID=()
cleanup() {
	local r
	for r in "${!PID[@]}"; do kill -TERM "${PID[$r]}" 2>/dev/null; done
	sleep 0.5
	for r in "${!PID[@]}"; do kill -KILL "${PID[$r]}" 2>/dev/null; done
	ip netns del $A 2>/dev/null
	ip netns del $BNS 2>/dev/null
	ip netns del lvsR 2>/dev/null
	rm -rf "$S"
}
trap cleanup EXIT
say() { echo "lvs_sync: $*"; }
fail() {
	local n
	echo "FAIL: $*"
	for n in $A $BNS; do
		echo "-- $n"; ip netns exec $n ipvsadm -Ln; ip netns exec $n ipvsadm -L --daemon
		ip netns exec $n ipvsadm -L --timeout
		echo "-- $n log"; cat "$W/$n.log"
	done
	exit 1
}
now_ms() { local t=${EPOCHREALTIME/./}; echo $((t / 1000)); }
# wait_until SECONDS DESC CMD...: poll every 100 ms; prints the elapsed ms
wait_until() {
	local s=$1 desc=$2 t0
	shift 2
	t0=$(now_ms)
	until "$@"; do
		[ $(($(now_ms) - t0)) -gt $((s * 1000)) ] && { echo "timed out: $desc" >&2; return 1; }
		sleep 0.1
	done
	echo $(($(now_ms) - t0))
}
in_ns() { local n=$1; shift; ip netns exec "$n" "$@"; }
daemons() { in_ns "$1" ipvsadm -L --daemon 2>/dev/null | sed 's/ *$//' | sort | tr '\n' ';'; }
# has_daemons NS WANT: WANT is the sorted `ipvsadm -L --daemon` lines, ';'-joined
has_daemons() { [ "$(daemons "$1")" = "$2" ]; }
timeouts() { in_ns "$1" ipvsadm -L --timeout | sed -n 's/^Timeout (tcp tcpfin udp): //p'; }
log_has() { grep -Eq "$2" "$W/$1.log"; }

modprobe ip_vs 2>/dev/null
ipvsadm -Ln >/dev/null || fail "no IPVS in this VM"
ip netns add $A && ip netns add $BNS || fail "netns"
ip link add eth0 netns $A type veth peer name eth0 netns $BNS || fail "veth"
in_ns $A ip addr add 10.70.0.1/24 dev eth0
in_ns $BNS ip addr add 10.70.0.2/24 dev eth0
for n in $A $BNS; do in_ns $n ip link set lo up; in_ns $n ip link set eth0 up; done

conf() { # FILE ROUTER_ID PRIORITY SYNC_ID
	cat >"$1" <<EOF
global_defs {
	router_id $2
	lvs_sync_daemon eth0 VI_1 id $4 port 8850
	lvs_timeouts tcp 1000 tcpfin 100 udp 200
	lvs_flush
	lvs_flush_onstop
}
vrrp_instance VI_1 {
	state BACKUP
	interface eth0
	virtual_router_id 61
	priority $3
	advert_int 1
	virtual_ipaddress {
		10.70.0.50/24
	}
}
EOF
}
start() { # NS CONF
	# not through in_ns: $! must be floatd (ip netns exec execs it)
	ip netns exec "$1" "$FLOATD" -f "$2" -n -l -D -p "$S/$1.pid" --control-socket "$S/$1.sock" \
		--state-dir "$S/$1-state" --dump-dir "$S" --restart-state "$S/$1.restart" \
		>>"$W/$1.log" 2>&1 &
	PID[$1]=$!
}
ctl() { local n=$1; shift; "$FLOATCTL" --socket "$S/$n.sock" "$@"; }

conf "$W/a.conf" lvsA 150 7
conf "$W/b.conf" lvsB 100 7
"$FLOATD" -t -f "$W/a.conf" || fail "floatd -t refuses the configuration"
orig=$(timeouts $A)
[ -n "$orig" ] || fail "no timeouts from ipvsadm"
# made before floatd starts: lvs_flush must remove it
in_ns $A ipvsadm -A -t 10.70.0.99:81 -s rr || fail "ipvsadm -A"

# ---- 1. start
t0=$(now_ms)
start $A "$W/a.conf"
start $BNS "$W/b.conf"
MASTER7="master sync daemon (mcast=eth0, syncid=7, maxlen=1472, group=224.0.0.81, port=8850, ttl=1);"
BACKUP7="backup sync daemon (mcast=eth0, syncid=7, maxlen=1472, group=224.0.0.81, port=8850, ttl=1);"
ms=$(wait_until 20 "A: master daemon" has_daemons $A "$MASTER7") || fail "1. A's daemon: '$(daemons $A)'"
wait_until 10 "B: backup daemon" has_daemons $BNS "$BACKUP7" >/dev/null ||
	fail "1. B's daemon: '$(daemons $BNS)'"
log_has $A 'VI_1\) Entering MASTER' || fail "1. A is not the MASTER"
[ -z "$(in_ns $A ipvsadm -Ln -t 10.70.0.99:81 2>/dev/null)" ] || fail "1. lvs_flush left the service"
[ "$(timeouts $A)" = "1000 100 200" ] || fail "1. A's timeouts: '$(timeouts $A)'"
[ "$(timeouts $BNS)" = "1000 100 200" ] || fail "1. B's timeouts: '$(timeouts $BNS)'"
say "1. start: master daemon on A $ms ms after start, backup on B; flushed; timeouts $orig -> $(timeouts $A)"

# ---- 2. connections synchronised: a service with a real server in a third
# namespace behind A; a connection through it shows up in B's table
ip netns add lvsR || fail "netns lvsR"
ip link add rs0 netns $A type veth peer name eth0 netns lvsR || fail "veth lvsR"
in_ns $A ip addr add 10.71.0.1/24 dev rs0
in_ns $A ip link set rs0 up
in_ns lvsR ip addr add 10.71.0.2/24 dev eth0
in_ns lvsR ip link set lo up
in_ns lvsR ip link set eth0 up
in_ns lvsR ip route add default via 10.71.0.1
in_ns $A sysctl -qw net.ipv4.ip_forward=1
in_ns lvsR /usr/bin/python3 -m http.server --bind 10.71.0.2 8080 >/dev/null 2>&1 &
PID[rs]=$!
# on A only: B's own IPVS would take B's connections to the VIP (the
# backup daemon creates synchronised entries without the service)
in_ns $A ipvsadm -A -t 10.70.0.50:80 -s rr &&
	in_ns $A ipvsadm -a -t 10.70.0.50:80 -r 10.71.0.2:8080 -m || fail "2. service on A"
wait_until 30 "real server listening" sh -c "ip netns exec lvsR ss -Hltn | grep -q ':8080'" >/dev/null ||
	fail "2. the real server never listened"
# the client: the BACKUP's namespace reaching the VIP on A
synced() { in_ns $BNS ipvsadm -Lnc | grep -q '10.71.0.2:8080'; }
for i in 1 2 3; do
	in_ns $BNS /usr/bin/python3 -c '
import socket, sys
s = socket.create_connection(("10.70.0.50", 80), timeout=5)
s.sendall(b"GET / HTTP/1.0\r\n\r\n")
s.recv(64)
' 2>/dev/null && break
	sleep 1
done
ms=$(wait_until 10 "B has the connection" synced) ||
	fail "2. no synchronised connection on B; A has: $(in_ns $A ipvsadm -Lnc)"
say "2. a connection through A's service was in B's table $ms ms later"

# ---- 3. failover: release A; the daemons swap
out=$(ctl $A release VI_1 2>&1) || fail "3. floatctl release: $out"
t0=$(now_ms)
wait_until 15 "A: backup daemon" has_daemons $A "$BACKUP7" >/dev/null || fail "3. A's daemon: '$(daemons $A)'"
wait_until 5 "B: master daemon" has_daemons $BNS "$MASTER7" >/dev/null || fail "3. B's daemon: '$(daemons $BNS)'"
say "3. failover: A backup, B master within $(($(now_ms) - t0)) ms of the release"

# ---- 4. reload of B with another sync id: restarted in its role
sed -i 's/ id 7 / id 8 /' "$W/b.conf"
out=$(ctl $BNS reload 2>&1) || fail "4. floatctl reload: $out"
MASTER8=${MASTER7/syncid=7/syncid=8}
wait_until 5 "B: master daemon id 8" has_daemons $BNS "$MASTER8" >/dev/null ||
	fail "4. B's daemon after the reload: '$(daemons $BNS)'"
log_has $BNS 'lvs_sync_daemon changed' || fail "4. no restart logged"
say "4. reload: B's daemon restarted as master with id 8"

# ---- 5. stop A (now BACKUP): daemon gone, timeouts back, IPVS flushed
in_ns $A ipvsadm -A -t 10.70.0.98:82 -s rr || fail "5. ipvsadm -A"
kill -TERM "${PID[$A]}"
for ((i = 0; i < 100; i++)); do kill -0 "${PID[$A]}" 2>/dev/null || break; sleep 0.1; done
kill -0 "${PID[$A]}" 2>/dev/null && fail "5. A did not exit"
wait "${PID[$A]}"
rc=$?
unset "PID[$A]"
[ $rc = 0 ] || fail "5. A exited with $rc"
[ -z "$(daemons $A)" ] || fail "5. A's daemon left: '$(daemons $A)'"
[ "$(timeouts $A)" = "$orig" ] || fail "5. A's timeouts not restored: '$(timeouts $A)', want '$orig'"
[ -z "$(in_ns $A ipvsadm -Ln | grep -E '^(TCP|UDP)')" ] || fail "5. lvs_flush_onstop left: $(in_ns $A ipvsadm -Ln)"
has_daemons $BNS "$MASTER8" || fail "5. B's daemon changed when A stopped: '$(daemons $BNS)'"
say "5. stop: A's daemon gone, timeouts $orig again, IPVS flushed, exit 0"

# ---- 6. a missing interface: the kernel's ENODEV logged, VRRP unaffected
sed -i 's/lvs_sync_daemon eth0 /lvs_sync_daemon nosuch0 /' "$W/b.conf"
out=$(ctl $BNS reload 2>&1) || fail "6. floatctl reload: $out"
wait_until 5 "B logs ENODEV" log_has $BNS 'starting the sync daemon \(master, nosuch0, id 8\) failed: No such device' >/dev/null ||
	fail "6. no 'No such device' for the missing interface"
[ -z "$(daemons $BNS)" ] || fail "6. B still runs a daemon: '$(daemons $BNS)'"
sleep 2
after=$(sed -n '/nosuch0/,$p' "$W/$BNS.log" | grep -c 'VI_1) Entering')
[ "$after" = 0 ] || fail "6. B changed state after the reload ($after transitions)"
# the interface appears (with an address: a master daemon binds to it): started again
in_ns $BNS ip link add nosuch0 type dummy || fail "6. dummy"
in_ns $BNS ip addr add 10.72.0.1/24 dev nosuch0
in_ns $BNS ip link set nosuch0 up
on_nosuch0() { daemons $BNS | grep -q '^master sync daemon (mcast=nosuch0, syncid=8,'; }
ms=$(wait_until 5 "B: master daemon on nosuch0" on_nosuch0) ||
	fail "6. no daemon once nosuch0 is up: '$(daemons $BNS)'"
kill -TERM "${PID[$BNS]}"
for ((i = 0; i < 100; i++)); do kill -0 "${PID[$BNS]}" 2>/dev/null || break; sleep 0.1; done
wait "${PID[$BNS]}"
rc=$?
unset "PID[$BNS]"
[ $rc = 0 ] || fail "6. B exited with $rc"
[ "$(timeouts $BNS)" = "$orig" ] || fail "6. B's timeouts not restored: '$(timeouts $BNS)'"
grep -E "Sanitizer|runtime error" "$W/$A.log" "$W/$BNS.log" && fail "sanitizer report"
say "6. missing interface: 'No such device' logged, no daemon, B stayed MASTER 2 s on; started $ms ms after the interface came up; exit 0"
say PASS
