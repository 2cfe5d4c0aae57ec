#!/bin/bash
# test-lock: vm (boots a run-in-vm VM: a TCG qemu keeps a CPU busy; at load 20 it missed its 120 s)
# The LVS checker end to end under a kernel with IPVS (run-in-vm): floatd
# with virtual_server blocks against socat real servers in a namespace.
# One VM boot runs every scenario, in order:
#   1. start: `ipvsadm -Ln` holds exactly the healthy real servers; an
#      adopted service is made exact; a foreign service is never touched;
#   2. a real server stops: removed (inhibit_on_failure: weight 0) within
#      delay_loop + connect_timeout x (retry+1); restarted: back;
#   3. all down: the sorry server is in and quorum_down ran; one back:
#      quorum_up ran and the sorry server is out;
#   4. SIGKILL of the checker child: restarted, and IPVS is not flushed or
#      changed meanwhile (ipvsadm polled throughout), nor after;
#   4b. SIGQUIT sent to the checker child: its clean stop (owned services
#      removed, adopted and foreign kept, exit 0), then restarted;
#   5. floatd stops: the services it created are gone, the adopted and the
#      foreign ones stay; omega ran notify_down and quorum_down.
#   6. the checker's reload (SIGHUP to a floatd running a new virtual
#      server), with traffic through the service: one real server unchanged, one removed, one
#      added (not answering at first), one weight 1 -> 4, the scheduler
#      rr -> wrr; ipvsadm is polled throughout: the unchanged one is in
#      every sample at its weight and its connection counter is kept, the
#      weight change is an edit (never absent), the service is edited, not
#      re-created; the removed one is gone; the new one appears only after
#      its listener starts and its check passes.
#   7. the VRRP process's IPVS settings (lvs_sync_daemon, lvs_timeouts,
#      lvs_flush, lvs_flush_onstop): tests/vm/lvs_sync.sh, in this boot.
# On the host: re-runs itself inside the VM, or exits 77 (skip) when
# run-in-vm/qemu is missing or FLOATD_SKIP_VM=1.
set -u
B=${TOP_BUILDDIR:-$(pwd)}
FLOATD=${FLOATD:-$B/floatd}
# the shared tools sit beside the project tree (../shared), in CI too
VM_RUNNER=${RUN_IN_VM_BIN:-$(readlink -f "${TOP_SRCDIR:-$(dirname "$0")/../..}")/../shared/vm/run-in-vm}

if [ "${RUN_IN_VM:-}" != 1 ]; then
	[ "${FLOATD_SKIP_VM:-0}" = 1 ] && { echo "FLOATD_SKIP_VM=1: skipped"; exit 77; }
	[ -x "$VM_RUNNER" ] || { echo "no run-in-vm: skipped"; exit 77; }
	for t in ipvsadm socat; do
		command -v $t >/dev/null || { echo "no $t: skipped"; exit 77; }
	done
	[ -x "$FLOATD" ] || { echo "$FLOATD not built"; exit 99; }
	work=$(mktemp -d "$B/vmtest.XXXXXX")
	cd "$work" || exit 99
	FLOATD=$(readlink -f "$FLOATD") "$VM_RUNNER" --timeout 400 -- \
		bash "$(readlink -f "$0")"
	rc=$?
	[ $rc != 0 ] && [ -f floatd.log ] && { echo "---- floatd.log"; cat floatd.log; }
	[ $rc != 0 ] && [ -f floatd6.log ] && { echo "---- floatd6.log"; cat floatd6.log; }
	cd / && rm -rf "$work"
	# 125: run-in-vm could not start a VM (no qemu, no kernel package)
	[ $rc = 125 ] && { echo "run-in-vm unavailable: skipped"; exit 77; }
	[ $rc = 124 ] && { echo "VM timed out"; exit 99; }
	exit $rc
fi

# ---- inside the VM (the current directory is shared with the host)
W=$(pwd)
LOG=$W/floatd.log
EV=$W/events
NS=rs
fpid=""
declare -A RS_PID=()

hpid=""
cleanup() {
	[ -n "$fpid" ] && kill -TERM "$fpid" 2>/dev/null
	[ -n "$hpid" ] && kill -TERM "$hpid" 2>/dev/null
	touch "$W/poll.stop"
	ip netns del cl 2>/dev/null
	for p in "${RS_PID[@]}"; do kill "$p" 2>/dev/null; done
	ip netns del $NS 2>/dev/null
}
trap cleanup EXIT
say() { echo "checker_ipvs: $*"; }
fail() { echo "FAIL: $*"; ipvsadm -Ln; [ -f "$EV" ] && { echo "events:"; cat "$EV"; }; exit 1; }
now_ms() { local t=${EPOCHREALTIME/./}; echo $((t / 1000)); }

# "ADDR:PORT/WEIGHT ..." of one TCP service, sorted; "-" if it does not exist
dests() {
	local out
	out=$(ipvsadm -Ln -t "$1" 2>/dev/null) || { echo -; return; }
	echo "$out" | awk '$1 == "->" && $2 != "RemoteAddress:Port" { print $2 "/" $4 }' |
		sort | tr '\n' ' ' | sed 's/ $//'
}
# wait_dests SVC EXPECTED SECONDS: polls; prints the elapsed ms
wait_dests() {
	local t0 cur
	t0=$(now_ms)
	while :; do
		cur=$(dests "$1")
		[ "$cur" = "$2" ] && { echo $(($(now_ms) - t0)); return 0; }
		[ $(($(now_ms) - t0)) -gt $(($3 * 1000)) ] && {
			echo "$1: have '$cur', want '$2'" >&2
			return 1
		}
		sleep 0.1
	done
}
wait_file_has() {   # FILE REGEX SECONDS
	local i
	for ((i = 0; i < $3 * 10; i++)); do
		grep -Eq "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}

rs_stop() { kill "${RS_PID[$1]}"; wait "${RS_PID[$1]}" 2>/dev/null; unset "RS_PID[$1]"; }
wait_for_listen() {
	local i
	for ((i = 0; i < 50; i++)); do
		ip netns exec $NS ss -ltn | grep -q " $1:$2 " && return 0
		sleep 0.1
	done
	return 1
}

modprobe ip_vs 2>/dev/null
ipvsadm -Ln >/dev/null || fail "no IPVS in this VM"
ip netns add $NS || fail "netns"
ip link add lvs0 type veth peer name eth0 netns $NS || fail "veth"
ip addr add 10.50.0.1/24 dev lvs0 && ip link set lvs0 up
ip -n $NS link set lo up
ip -n $NS link set eth0 up
for a in 2 3 4; do ip -n $NS addr add 10.50.0.$a/24 dev eth0; done

cat >"$W/ev.sh" <<EOF
#!/bin/sh
echo "\$1" >>"$EV"
EOF
chmod +x "$W/ev.sh"
: >"$EV"

# a foreign service (never touched) and one the config adopts
ipvsadm -A -t 10.9.9.9:80 -s rr && ipvsadm -a -t 10.9.9.9:80 -r 10.9.9.10:80 -m
ipvsadm -A -t 10.60.0.3:80 -s rr && ipvsadm -a -t 10.60.0.3:80 -r 10.50.0.77:80 -m

# delay_loop 1, connect_timeout 1, retry 0: down within 1 + 1 x 1 = 2 s
BOUND_MS=2000
SLACK_MS=1500   # TCG: polling and process start-up inside an emulated VM
cat >"$W/lvs.conf" <<EOF
virtual_server 10.60.0.1 80 {
	protocol TCP
	delay_loop 1
	lb_algo rr
	lb_kind NAT
	omega
	quorum 1
	sorry_server 10.50.0.9 80
	quorum_up "$W/ev.sh quorum_up"
	quorum_down "$W/ev.sh quorum_down"
	real_server 10.50.0.2 8003 {
		weight 2
		notify_down "$W/ev.sh down_8003"
		notify_up "$W/ev.sh up_8003"
		TCP_CHECK { connect_timeout 1
			retry 0 }
	}
	real_server 10.50.0.3 8004 {
		weight 3
		notify_down "$W/ev.sh down_8004"
		TCP_CHECK { connect_timeout 1
			retry 0 }
	}
}
virtual_server 10.60.0.2 80 {
	protocol TCP
	delay_loop 1
	lb_algo wrr
	inhibit_on_failure
	real_server 10.50.0.4 8005 {
		weight 4
		TCP_CHECK { connect_timeout 1
			retry 0 }
	}
}
virtual_server 10.60.0.3 80 {
	protocol TCP
	lb_algo rr
	real_server 10.50.0.5 9000 { weight 5 }
}
EOF
rc=0; "$FLOATD" -t -f "$W/lvs.conf" || rc=$?
[ $rc = 0 ] || [ $rc = 3 ] || fail "config rejected (floatd -t exit $rc)"

rs_start_at() {   # ADDR PORT: a socat listener in the namespace
	ip netns exec $NS socat "TCP-LISTEN:$2,bind=$1,reuseaddr,fork" SYSTEM:true \
		>/dev/null 2>&1 &
	RS_PID[$2]=$!
	wait_for_listen "$1" "$2" || fail "real server $1:$2 did not start"
}
rs_start_at 10.50.0.2 8003
rs_start_at 10.50.0.3 8004
rs_start_at 10.50.0.4 8005

# ---- 1. start
"$FLOATD" -f "$W/lvs.conf" -n -l -p "$W/floatd.pid" >"$LOG" 2>&1 &
fpid=$!
S1=10.60.0.1:80 S2=10.60.0.2:80 S3=10.60.0.3:80
wait_dests $S1 "10.50.0.2:8003/2 10.50.0.3:8004/3" 15 >/dev/null || fail "VS1 not created"
wait_dests $S2 "10.50.0.4:8005/4" 5 >/dev/null || fail "VS2 not created"
wait_dests $S3 "10.50.0.5:9000/5" 5 >/dev/null || fail "adopted VS3 not made exact"
[ "$(dests 10.9.9.9:80)" = "10.9.9.10:80/1" ] || fail "foreign service touched"
ipvsadm -Ln -t $S1 | grep -q "TCP  10.60.0.1:80 rr" || fail "VS1 scheduler"
grep -q "tcp 10.60.0.1 80" /run/floatd/ipvs-owned || fail "VS1 not recorded as owned"
grep -q "tcp 10.60.0.3 80" /run/floatd/ipvs-owned && fail "adopted VS3 recorded as owned"
say "1. start: exactly the healthy real servers"

# ---- 2. one real server down and back; inhibit_on_failure
rs_stop 8003
ms=$(wait_dests $S1 "10.50.0.3:8004/3" 6) || fail "stopped real server not removed"
say "2. removed after $ms ms (bound $BOUND_MS ms)"
[ "$ms" -le $((BOUND_MS + SLACK_MS)) ] || fail "removal took $ms ms"
rs_stop 8005
ms=$(wait_dests $S2 "10.50.0.4:8005/0" 6) || fail "inhibited real server not at weight 0"
[ "$ms" -le $((BOUND_MS + SLACK_MS)) ] || fail "inhibit took $ms ms"
say "2. inhibit_on_failure: weight 0 after $ms ms"
rs_start_at 10.50.0.2 8003
ms=$(wait_dests $S1 "10.50.0.2:8003/2 10.50.0.3:8004/3" 6) || fail "restarted real server not re-added"
say "2. re-added after $ms ms"
wait_file_has "$EV" '^down_8003$' 5 || fail "notify_down not run"
wait_file_has "$EV" '^up_8003$' 5 || fail "notify_up not run"

# ---- 3. all down: sorry server and quorum_down; one back: quorum_up
rs_stop 8003
rs_stop 8004
ms=$(wait_dests $S1 "10.50.0.9:80/1" 6) || fail "sorry server not in"
say "3. all down: sorry server in after $ms ms"
wait_file_has "$EV" '^quorum_down$' 5 || fail "quorum_down not run"
rs_start_at 10.50.0.3 8004
wait_dests $S1 "10.50.0.3:8004/3" 6 >/dev/null || fail "sorry server not replaced"
wait_file_has "$EV" '^quorum_up$' 5 || fail "quorum_up not run"
say "3. quorum back: sorry server out, quorum_up ran"

# ---- 4. SIGKILL of the checker child: IPVS is left alone
before=$(ipvsadm -Ln)
nops=$(grep -cE 'IPVS (add|edit|del)-' "$LOG")
old=$(sed -n 's/.*checker: started pid \([0-9]*\).*/\1/p' "$LOG" | tail -1)
[ -n "$old" ] || fail "no checker pid in the log"
kill -KILL "$old"
t0=$(now_ms)
polls=0
while :; do
	[ "$(ipvsadm -Ln)" = "$before" ] || fail "IPVS changed while the checker was down"
	polls=$((polls + 1))
	new=$(sed -n 's/.*checker: started pid \([0-9]*\).*/\1/p' "$LOG" | tail -1)
	[ "$new" != "$old" ] && grep -q "checker: started (pid $new" "$LOG" && break
	[ $(($(now_ms) - t0)) -gt 15000 ] && fail "checker not restarted"
	sleep 0.1
done
grep -q "checker: pid $old killed by signal 9" "$LOG" || fail "child death not logged"
# let the new child run a few check rounds: still nothing changes
t1=$(now_ms)
while [ $(($(now_ms) - t1)) -lt 3000 ]; do
	[ "$(ipvsadm -Ln)" = "$before" ] || fail "IPVS changed after the restart"
	polls=$((polls + 1))
	sleep 0.2
done
[ "$(grep -cE 'IPVS (add|edit|del)-' "$LOG")" = "$nops" ] || fail "the restarted child changed IPVS"
say "4. child $old killed, $new took over; IPVS unchanged over $polls polls"

# ---- 4b. a terminating signal sent to the child itself (SIGQUIT): its
# clean stop, never a death half-way: the owned services go, adopted and
# foreign stay, exit 0; the restarted child puts the owned ones back
s1_before=$(dests $S1)
s3_before=$(dests $S3)
kill -QUIT "$new"
for ((i = 0; i < 100; i++)); do grep -q "checker: pid $new exited with status 0" "$LOG" && break; sleep 0.1; done
grep -q "checker: pid $new exited with status 0" "$LOG" ||
	fail "child $new did not stop cleanly on SIGQUIT: $(grep "checker: pid $new" "$LOG")"
grep -q "checker: received Quit, stopping" "$LOG" || fail "child did not log its SIGQUIT stop"
# the supervisor waits at least 1 s before the restart: VS1 is gone now
[ "$(dests $S1)" = - ] || fail "SIGQUIT: owned VS1 still there after the child's clean stop: $(dests $S1)"
[ "$(dests $S3)" = "$s3_before" ] || fail "SIGQUIT: adopted VS3 changed"
[ "$(dests 10.9.9.9:80)" = "10.9.9.10:80/1" ] || fail "SIGQUIT: foreign service touched"
grep -qE "checker: stopped" "$LOG" || fail "SIGQUIT: the child's stop did not finish"
wait_dests $S1 "$s1_before" 20 >/dev/null || fail "the child restarted after SIGQUIT did not restore VS1"
say "4b. SIGQUIT to child $new: clean stop (exit 0), adopted/foreign untouched; restarted child restored VS1"

# ---- 5. clean stop: owned services removed, adopted and foreign kept; omega
: >"$EV"
kill -TERM "$fpid"
for ((i = 0; i < 100; i++)); do kill -0 "$fpid" 2>/dev/null || break; sleep 0.1; done
kill -0 "$fpid" 2>/dev/null && fail "floatd did not exit"
wait "$fpid"
rc=$?
fpid=""
[ $rc = 0 ] || fail "floatd exited with $rc"
[ "$(dests $S1)" = - ] || fail "owned VS1 left behind"
[ "$(dests $S2)" = - ] || fail "owned VS2 left behind"
[ "$(dests $S3)" = "10.50.0.5:9000/5" ] || fail "adopted VS3 removed or changed"
[ "$(dests 10.9.9.9:80)" = "10.9.9.10:80/1" ] || fail "foreign service touched"
grep -q "tcp 10.60.0" /run/floatd/ipvs-owned && fail "ownership file still lists removed services"
wait_file_has "$EV" '^down_8004$' 3 || fail "omega: notify_down not run on stop"
wait_file_has "$EV" '^quorum_down$' 3 || fail "omega: quorum_down not run on stop"
grep -E "Sanitizer|runtime error" "$LOG" && fail "sanitizer report in the log"
say "5. stop: owned services removed, adopted/foreign kept, omega scripts ran"

# ---- 6. the checker's reload with traffic through the service
HLOG=$W/floatd6.log
S4=10.60.0.4:80
# a client namespace routed through this host to the VIP; real servers
# answer through it (LVS-NAT)
sysctl -qw net.ipv4.ip_forward=1
ip netns add cl || fail "netns cl"
ip link add lvs1 type veth peer name eth0 netns cl || fail "veth cl"
ip addr add 10.70.0.1/24 dev lvs1 && ip link set lvs1 up
ip -n cl addr add 10.70.0.2/24 dev eth0 && ip -n cl link set eth0 up && ip -n cl link set lo up
ip -n cl route add default via 10.70.0.1
ip -n $NS route add default via 10.50.0.1 2>/dev/null
ip addr add 10.60.0.4/32 dev lo
for p in 8101 8102 8103; do rs_start_at 10.50.0.2 $p; done
vs4_conf() {   # vs4_conf SCHED "PORT:WEIGHT ..."
	{
		echo "virtual_server 10.60.0.4 80 {"
		echo "	protocol TCP"
		echo "	delay_loop 1"
		echo "	lb_algo $1"
		echo "	lb_kind NAT"
		for pw in $2; do
			echo "	real_server 10.50.0.2 ${pw%:*} {"
			echo "		weight ${pw#*:}"
			# generous: an emulated VM on a busy host must not make
			# the unchanged server flap (the poll below would fail)
			echo "		TCP_CHECK { connect_timeout 3"
			echo "			retry 2 }"
			echo "	}"
		done
		echo "}"
	} >"$W/vs4.conf"
}
vs4_conf rr "8101:1 8102:1 8103:1"
"$FLOATD" -f "$W/vs4.conf" -n -l -D -p "$W/floatd6.pid" --control-socket "$W/ctl6.sock" \
	>"$HLOG" 2>&1 &
hpid=$!
wait_dests $S4 "10.50.0.2:8101/1 10.50.0.2:8102/1 10.50.0.2:8103/1" 15 >/dev/null ||
	fail "6. VS4 not created"
connect_vip() {   # N connections through the VIP (3 tries each: a slow VM)
	local i t
	for ((i = 0; i < $1; i++)); do
		for t in 1 2 3; do
			ip netns exec cl timeout 10 bash -c 'exec 3<>/dev/tcp/10.60.0.4/80' 2>/dev/null &&
				break
			[ $t = 3 ] && fail "6. no connection through the VIP: $(ipvsadm -Ln --stats -t $S4)"
		done
	done
}
conns_of() {   # Conns counter of one destination of VS4
	ipvsadm -Ln --stats -t $S4 | awk -v d="$1" '$1 == "->" && $2 == d { print $3 }'
}
connect_vip 6
# the kernel folds its per-CPU counters into these stats every 2 s (the
# estimator), so a connection shows up to 2 s late (more under TCG): poll
end=$((SECONDS + 10))
while c8101=$(conns_of 10.50.0.2:8101); [ "${c8101:-0}" -lt 1 ] && [ $SECONDS -lt $end ]; do
	sleep 0.2
done
[ "${c8101:-0}" -ge 1 ] || fail "6. no connection reached 8101 in 10 s ($(ipvsadm -Ln --stats -t $S4))"
# sample ipvsadm until told to stop
rm -f "$W/poll.stop"
(
	while [ ! -e "$W/poll.stop" ]; do
		echo "@ $(now_ms)"
		ipvsadm -Ln -t $S4 2>&1 || echo "NO SERVICE"
		sleep 0.02
	done
) >"$W/poll.out" &
ppid_=$!
sleep 1
nops=$(grep -cE 'IPVS (add|edit|del)-' "$HLOG")
# the reload: 8101 kept, 8102 removed, 8103 weight 4, 8104 added (silent
# for now), scheduler wrr
vs4_conf wrr "8101:1 8104:1 8103:4"
t_reload=$(now_ms)
kill -HUP "$hpid"
wait_file_has "$HLOG" 'checker: reload \(generation 1\) applied: real servers \+1 -1 ~1' 10 ||
	fail "6. reload not applied"
wait_dests $S4 "10.50.0.2:8101/1 10.50.0.2:8103/4" 6 >/dev/null ||
	fail "6. after the reload"
t_applied=$(now_ms)
ipvsadm -Ln -t $S4 | grep -q "TCP  10.60.0.4:80 wrr" || fail "6. scheduler not edited to wrr"
# the new real server is not added while its check fails (3 rounds)
sleep 3
[ "$(dests $S4)" = "10.50.0.2:8101/1 10.50.0.2:8103/4" ] ||
	fail "6. 8104 added before its check passed: $(dests $S4)"
t_listen=$(now_ms)
rs_start_at 10.50.0.2 8104
ms=$(wait_dests $S4 "10.50.0.2:8101/1 10.50.0.2:8103/4 10.50.0.2:8104/1" 6) ||
	fail "6. 8104 not added after its check passed"
sleep 0.5
touch "$W/poll.stop"
wait $ppid_
# every sample: the service, 8101 at weight 1, 8103 at weight 1 or 4
bad=$(awk '
	/^@/ { if (n) chk(); n++; t = $2; svc = a = b = c4 = 0; next }
	/^TCP  10.60.0.4:80 / { svc = 1 }
	$1 == "->" && $2 == "10.50.0.2:8101" && $4 == 1 { a = 1 }
	$1 == "->" && $2 == "10.50.0.2:8103" && ($4 == 1 || $4 == 4) { b = 1 }
	$1 == "->" && $2 == "10.50.0.2:8104" { c4 = 1 }
	function chk() {
		if (!svc || !a || !b) { print "sample at " t ": svc " svc " 8101 " a " 8103 " b; bad++ }
		if (c4 && t < tl) { print "8104 at " t " before its listener (" tl ")"; bad++ }
	}
	END { if (n) chk(); print "samples " n; exit bad > 0 }
' tl="$t_listen" "$W/poll.out")
rcp=$?
samples=$(echo "$bad" | sed -n 's/^samples //p')
first=$(awk '/^@/ { print $2; exit }' "$W/poll.out")
[ $rcp = 0 ] || fail "6. ipvsadm samples: $bad"
[ "$first" -lt "$t_reload" ] || fail "6. polling started after the reload"
[ "$(grep -c '^@' "$W/poll.out")" -ge 10 ] || fail "6. too few ipvsadm samples"
after=$(conns_of 10.50.0.2:8101)
[ "${after:-0}" -ge "$c8101" ] || fail "6. 8101's counter reset ($c8101 -> $after): re-added"
grep -E 'IPVS (add|edit|del)-' "$HLOG" | tail -n +$((nops + 1)) >"$W/ops"
grep -q 'del-dest.*8101\|add-dest.*8101\|edit-dest.*8101' "$W/ops" && fail "6. 8101 touched: $(cat "$W/ops")"
grep -q 'del-service\|add-service' "$W/ops" && fail "6. service re-created: $(cat "$W/ops")"
grep -q 'edit-service' "$W/ops" || fail "6. no service edit: $(cat "$W/ops")"
grep -q 'edit-dest.*8103' "$W/ops" || fail "6. 8103 weight not an edit: $(cat "$W/ops")"
grep -q 'del-dest.*8102' "$W/ops" || fail "6. 8102 not deleted: $(cat "$W/ops")"
grep -q 'add-dest.*8104' "$W/ops" || fail "6. 8104 not added: $(cat "$W/ops")"
connect_vip 3
say "6. reload: applied in $((t_applied - t_reload)) ms (incl. polling); $samples ipvsadm samples, 8101 in all at weight 1, conns $c8101 -> $(conns_of 10.50.0.2:8101); 8104 added $ms ms after its listener; ops: $(awk '{ $1 = ""; print }' "$W/ops" | grep -o 'IPVS [a-z-]*' | sort | uniq -c | tr -s ' ' | tr '\n' ';')"
kill -TERM "$hpid"
for ((i = 0; i < 100; i++)); do kill -0 "$hpid" 2>/dev/null || break; sleep 0.1; done
kill -0 "$hpid" 2>/dev/null && fail "6. floatd did not exit"
hpid=""
[ "$(dests $S4)" = - ] || fail "6. owned VS4 left behind"
grep -E "Sanitizer|runtime error" "$HLOG" && fail "sanitizer report in the scenario 6 log"
# 7. in namespaces of its own (own IPVS tables), so nothing above matters
bash "$(dirname "$(readlink -f "$0")")/lvs_sync.sh" || fail "7. lvs_sync scenarios"
say PASS
