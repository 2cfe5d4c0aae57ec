#!/bin/bash
# track_process through the kernel's process events connector.  The
# connector answers only sockets of the initial network namespace, so this
# floatd runs in the host namespace, on a link of its own: fd$$h, a veth
# whose peer is moved into the test's namespace fd$$-sink at once, so the
# adverts reach nothing else (this kernel has no dummy driver).  It gets a
# private pid file, control socket, state and dump directories; the trap
# removes the link.  Three instances on that link:
#   VI_1 tracks `wproc` (weight 20): 100 -> 120 while fdpPID runs;
#   VI_2 tracks `fproc` (weight 0, the same process): FAULT while it is gone;
#   VI_3 tracks `qproc` (weight 0, quorum 2, process fdqPID): FAULT unless
#        two run.
# The processes are copies of sleep under unique names.  Checks the state,
# priority and fault reason with `floatctl status --json`, the transition
# reasons with `floatctl history --json`, and reports the reaction time
# (signal sent -> floatd's log line).  A second floatd, started inside a
# network namespace, must say that the connector is out of its reach and
# keep the weight-0 instance in FAULT.
. "$(dirname "$0")/lib.sh"

HOST_IF="${PFX}h"
# an address of its own on the dummy link: 198.18.X.1/24 (benchmarking range)
NET="198.18.$(($$ % 250)).0"
ADDR="${NET%.0}.1"
HVIP="${NET%.0}.50"
trap '_rc=$?; ip link del "$HOST_IF" 2>/dev/null; (exit $_rc); _cleanup' EXIT

_ns_add "$(ns sink)"
ip link add "$HOST_IF" type veth peer name "${PFX}s" netns "$(ns sink)" ||
	die "cannot create veth $HOST_IF"
ip -n "$(ns sink)" link set "${PFX}s" up || die "peer up"
ip addr add "$ADDR/24" dev "$HOST_IF" || die "address on $HOST_IF"
ip link set "$HOST_IF" up || die "link up $HOST_IF"

# unique process names (comm keeps 15 characters)
P1="fdp$$"
P2="fdq$$"
cp "$(command -v sleep)" "$(tmp "$P1")" || die "cp sleep"
cp "$(command -v sleep)" "$(tmp "$P2")" || die "cp sleep"
start_proc() { "$(tmp "$1")" 600 & _PIDS+=("$!"); LAST_PROC=$!; }

conf=$(tmp host.conf)
cat >"$conf" <<EOF
global_defs {
	router_id host
	script_user root
}
vrrp_track_process wproc {
	process $P1
	weight 20
}
vrrp_track_process fproc {
	process $P1
}
vrrp_track_process qproc {
	process $P2
	quorum 2
}
EOF
for i in 1 2 3; do
	track=(x wproc fproc qproc)
	cat >>"$conf" <<EOF
vrrp_instance VI_$i {
	state BACKUP
	interface $HOST_IF
	virtual_router_id $((60 + i))
	priority 100
	advert_int 1
	track_process {
		${track[$i]}
	}
	virtual_ipaddress {
		${NET%.0}.$((49 + i))/24
	}
}
EOF
done
"$FLOATD" -t -f "$conf" >"$(tmp conf-t.out)" 2>&1 || die "config rejected: $(cat "$(tmp conf-t.out)")"

mkdir -p "$(tmp host-state)" "$(tmp host-dump)"
log=$(node_log host)
start_proc "$P1"; proc1=$LAST_PROC
"$FLOATD" -f "$conf" -n -l -D -p "$(tmp host-floatd.pid)" --control-socket "$(ctl_socket host)" \
	--state-dir "$(tmp host-state)" --dump-dir "$(tmp host-dump)" > >(_stamp >>"$log") 2>&1 &
NODE_PID[host]=$!
NODE_IMPL[host]=floatd
_PIDS+=("$!")

# field INSTANCE KEY: one value of `floatctl status --json` (of CTL_ROLE)
CTL_ROLE=host
field() {
	ctl "$CTL_ROLE" --json status 2>/dev/null | python3 -c '
import json, sys
d = json.load(sys.stdin)
for i in d["instances"]:
    if i["name"] == sys.argv[1]:
        v = i.get(sys.argv[2])
        print("" if v is None else v)
' "$1" "$2"
}
is() { [ "$(field "$1" "$2")" = "$3" ]; }
# reason INSTANCE TO: the reason of the latest transition into TO
reason() {
	ctl host --json history "$1" 2>/dev/null | python3 -c '
import json, sys
d = json.load(sys.stdin)
for e in d["transitions"]:
    if e.get("to") == sys.argv[1]:
        print(e.get("reason", "")); break
' "$2"
}

wait_for 10 "control socket" eval "ctl host status >/dev/null 2>&1" || fail "floatd never answered: $(tail -5 "$log")"
wait_for 5 "VI_1 at 120" is VI_1 effective_priority 120 || fail "VI_1 is not at 120 with $P1 running ($(field VI_1 effective_priority))"
wait_for 8 "VI_2 out of FAULT" eval '! is VI_2 state FAULT' || fail "VI_2 in FAULT although $P1 runs"
wait_for 5 "VI_3 in FAULT" is VI_3 state FAULT || fail "VI_3 not in FAULT with no $P2 running ($(field VI_3 state))"
log_has host "track_process wproc: 1 process, quorum 1\\.\\." || fail "start-up count of wproc not logged"

# --- kill the tracked process: VI_1 120 -> 100, VI_2 FAULT
t0=$(now)
kill -TERM "$proc1"
wait "$proc1" 2>/dev/null
wait_for 5 "VI_2 FAULT" is VI_2 state FAULT || fail "VI_2 did not enter FAULT when $P1 exited"
wait_for 5 "VI_1 at 100" is VI_1 effective_priority 100 || fail "VI_1 not back to 100 ($(field VI_1 effective_priority))"
fr=$(field VI_2 fault_reason)
case $fr in *"track_process fproc lost quorum"*) ;; *) fail "VI_2 fault reason: '$fr'" ;; esac
r=$(reason VI_2 FAULT)
case $r in *fproc*) ;; *) fail "VI_2 history reason for FAULT: '$r'" ;; esac
t_lost=$(log_time host "track_process fproc: quorum lost" "$t0") || fail "no 'quorum lost' log line"
t_fault=$(log_time host "\\(VI_2\\) Entering FAULT STATE" "$t0") || fail "no FAULT log line"
say "exit -> quorum lost after $(ms_between "$t0" "$t_lost") ms, VI_2 FAULT after $(ms_between "$t0" "$t_fault") ms (signal sent to log line)"

# --- start it again: back
t0=$(now)
start_proc "$P1"; proc1=$LAST_PROC
wait_for 5 "VI_2 out of FAULT" eval '! is VI_2 state FAULT' || fail "VI_2 stayed in FAULT after $P1 started"
wait_for 5 "VI_1 at 120" is VI_1 effective_priority 120 || fail "VI_1 not back to 120"
t_gain=$(log_time host "track_process fproc: quorum gained" "$t0") || fail "no 'quorum gained' log line"
say "exec -> quorum gained after $(ms_between "$t0" "$t_gain") ms (fork+exec to log line)"

# --- quorum 2: one is not enough, two are, one exit loses it
start_proc "$P2"; q1=$LAST_PROC
sleep 0.5   # nothing to wait for: VI_3 must stay in FAULT with one process
is VI_3 state FAULT || fail "VI_3 left FAULT with one $P2 (quorum 2)"
t0=$(now)
start_proc "$P2"; q2=$LAST_PROC
wait_for 5 "VI_3 out of FAULT" eval '! is VI_3 state FAULT' || fail "VI_3 stayed in FAULT with two $P2"
say "second process -> quorum gained after $(ms_between "$t0" "$(log_time host 'track_process qproc: quorum gained' "$t0")") ms"
kill -TERM "$q1"; wait "$q1" 2>/dev/null
wait_for 5 "VI_3 FAULT" is VI_3 state FAULT || fail "VI_3 did not enter FAULT with one $P2 left"
kill -TERM "$q2"; wait "$q2" 2>/dev/null
node_alive host || fail "floatd died"

# --- reload, same configuration: every tracker keeps its count and verdict
out=$(ctl host reload 2>&1) || fail "reload failed: $out"
case $out in *"3 unchanged"*) ;; *) fail "unchanged reload: $out" ;; esac
# the reload evaluated the trackers before it answered
is VI_1 effective_priority 120 || fail "VI_1 lost wproc's weight at a reload ($(field VI_1 effective_priority))"
is VI_3 state FAULT || fail "VI_3 left FAULT at a reload with no $P2 running ($(field VI_3 state))"
! is VI_2 state FAULT || fail "VI_2 entered FAULT at a reload although $P1 runs"
say "unchanged reload: VI_1 still 120, VI_2 up, VI_3 still FAULT ($out)"

# --- reload, qproc quorum 2 -> 1 with one $P2 running: counted anew
start_proc "$P2"; q1=$LAST_PROC
sleep 0.5   # nothing to wait for: VI_3 must stay in FAULT with one process
is VI_3 state FAULT || fail "VI_3 left FAULT with one $P2 (quorum 2)"
t0=$(now)
sed -i 's/^\tquorum 2$/\tquorum 1/' "$conf"
grep -q "quorum 1" "$conf" || die "conf edit"
out=$(ctl host reload 2>&1) || fail "reload failed: $out"
case $out in *"1 updated"*) ;; *) fail "reload changing qproc: $out" ;; esac
wait_for 5 "VI_3 out of FAULT" eval '! is VI_3 state FAULT' ||
	fail "VI_3 stayed in FAULT after qproc's quorum became 1 with one $P2 running"
log_has host "track_process qproc: 1 process, quorum 1\\.\\." "$t0" || fail "qproc's new count not logged"
is VI_1 effective_priority 120 || fail "VI_1 lost wproc's weight at the second reload"
# the kept trackers still follow the connector
t0=$(now)
kill -TERM "$proc1"; wait "$proc1" 2>/dev/null
wait_for 5 "VI_2 FAULT after reloads" is VI_2 state FAULT || fail "VI_2 did not enter FAULT when $P1 exited after the reloads"
wait_for 5 "VI_1 at 100 after reloads" is VI_1 effective_priority 100 || fail "VI_1 not back to 100 after the reloads"
start_proc "$P1"; proc1=$LAST_PROC
wait_for 5 "VI_2 out of FAULT after reloads" eval '! is VI_2 state FAULT' || fail "VI_2 stayed in FAULT after $P1 restarted"
say "changed qproc counted anew ($out); kept trackers follow exit/exec after the reloads"
kill -TERM "$q1"; wait "$q1" 2>/dev/null

# --- inside a network namespace the connector is out of reach: said, and
# the weight-0 tracker stays down (keepalived's behaviour)
topo_setup lb1 lb2
sed -e "s/interface $HOST_IF/interface eth0/" -e "s/${NET%.0}\\./10.99.0./" "$conf" >"$(tmp ns.conf)"
start_node lb1 "$(tmp ns.conf)"
wait_for 10 "lb1 warning" log_has lb1 "process events connector answers only the initial network namespace" ||
	fail "floatd in a namespace did not say the connector is out of reach"
wait_for 10 "lb1 VI_2 FAULT" log_has lb1 "\\(VI_2\\) Entering FAULT STATE" || fail "lb1 VI_2 not in FAULT"
node_alive lb1 || fail "lb1 died"

# --- net_namespace: started in the initial namespace, floatd opens the
# connector socket there and then enters lb2; its trackers work in lb2
INNER=$(ns lb2)
sed -e "s/interface $HOST_IF/interface eth0/" -e "s/virtual_router_id 6/virtual_router_id 7/" -e "s/${NET%.0}\\./10.98.0./" "$conf" >"$(tmp nsd.conf)"
echo "net_namespace $INNER" >>"$(tmp nsd.conf)"
"$FLOATD" -t -f "$(tmp nsd.conf)" >"$(tmp nsd-t.out)" 2>&1 || die "nsd.conf rejected: $(cat "$(tmp nsd-t.out)")"
mkdir -p "$(tmp nsd-state)" "$(tmp nsd-dump)"
"$FLOATD" -f "$(tmp nsd.conf)" -n -l -D -p "$(tmp nsd-floatd.pid)" --control-socket "$(ctl_socket nsd)" \
	--state-dir "$(tmp nsd-state)" --dump-dir "$(tmp nsd-dump)" > >(_stamp >>"$(node_log nsd)") 2>&1 &
NODE_PID[nsd]=$!
NODE_IMPL[nsd]=floatd
_PIDS+=("$!")
CTL_ROLE=nsd
wait_for 10 "nsd control socket" eval "ctl nsd status >/dev/null 2>&1" || fail "nsd never answered: $(tail -5 "$(node_log nsd)")"
log_has nsd "running in network namespace $INNER" || fail "nsd did not enter $INNER"
wait_for 5 "nsd VI_1 at 120" is VI_1 effective_priority 120 ||
	fail "nsd: VI_1 not at 120 with $P1 running ($(field VI_1 effective_priority)): $(grep track_process "$(node_log nsd)" | tail -3)"
wait_for 8 "nsd VI_2 out of FAULT" eval '! is VI_2 state FAULT' || fail "nsd: VI_2 in FAULT although $P1 runs"
log_has nsd "connector answers only" && fail "nsd: the connector refused floatd under net_namespace"
t0=$(now)
kill -TERM "$proc1"; wait "$proc1" 2>/dev/null
wait_for 5 "nsd VI_2 FAULT" is VI_2 state FAULT || fail "nsd: VI_2 did not enter FAULT when $P1 exited"
say "net_namespace $INNER: exit seen after $(ms_between "$t0" "$(log_time nsd 'track_process fproc: quorum lost' "$t0")") ms"
# a reload keeps the socket: the tracker still follows the connector
out=$(ctl nsd reload 2>&1) || fail "nsd reload failed: $out"
is VI_2 state FAULT || fail "nsd: VI_2 left FAULT at a reload with $P1 gone"
t0=$(now)
start_proc "$P1"; proc1=$LAST_PROC
wait_for 5 "nsd VI_2 out of FAULT after reload" eval '! is VI_2 state FAULT' ||
	fail "nsd: VI_2 stayed in FAULT after $P1 started (after a reload)"
say "net_namespace $INNER after a reload: exec seen after $(ms_between "$t0" "$(log_time nsd 'track_process fproc: quorum gained' "$t0")") ms"
node_alive nsd || fail "nsd died"
say "PASS ($UNDER_TEST)"
