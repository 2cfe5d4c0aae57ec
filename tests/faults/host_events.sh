#!/bin/bash
# Host events on the MASTER, repeated under the fault harness (the single
# events have their own tests in tests/netns: signals.sh, addr_storm.sh,
# iface_recreate.sh); here they come in series while the client probes,
# and the scenario ends with the usual checks (one holder, no crash, no
# leftover).  VRRPv3, advert_int 0.1 s.
#   signals   10 rounds of SIGHUP, SIGUSR1, SIGUSR2 to lb1, 50 ms apart:
#             lb1 keeps running and never changes state (keepalived's
#             reload/dump signals; floatd keeps its config on HUP);
#   storm     5 bursts of 1000 address changes (500 /32 added, then
#             deleted, one `ip -batch` each) on lb1's eth0: no transition;
#   recreate  lb1's eth0 deleted and re-created with the same name, 5
#             times: lb2 takes over, and lb1 is MASTER again within 5 s of
#             the new interface (followed by name, not index).
# FAULTS_PHASES (default "signals storm recreate") picks phases.
. "$(dirname "$0")/lib.sh"

PHASES=${FAULTS_PHASES:-signals storm recreate}
faults_start 0.1
sw=$(ns sw)
h1=$(ns lb1)
lb1_moves() {
	awk -v s="$1" '($1 + 0) >= s && /\(VI_1\) Entering [A-Z]+ STATE/' "$(node_log lb1)" | wc -l
}
runs=0

for phase in $PHASES; do
	t0=$(now)
	case $phase in
	signals)
		for i in $(seq 10); do
			for sig in HUP USR1 USR2; do
				stop_node lb1 "$sig"
				sleep 0.05
				node_alive lb1 || fail "lb1 died on SIG$sig (round $i)"
			done
			runs=$((runs + 1))
		done
		sleep 0.5
		;;
	storm)
		for i in $(seq 5); do
			b=$(tmp storm.batch)
			: >"$b"
			for k in $(seq 500); do echo "addr add 10.98.$((k / 250)).$((k % 250 + 1))/32 dev eth0" >>"$b"; done
			for k in $(seq 500); do echo "addr del 10.98.$((k / 250)).$((k % 250 + 1))/32 dev eth0" >>"$b"; done
			ip -n "$h1" -batch "$b" || die "ip -batch storm"
			runs=$((runs + 1))
		done
		sleep 0.5
		;;
	recreate)
		for i in $(seq 5); do
			t1=$(now)
			ip -n "$sw" link del p-lb1 || die "delete lb1's veth"
			wait_master lb2 5 "$t1" || fail "lb2 did not take over when lb1's eth0 went ($i)"
			t2=$(now)
			ip -n "$sw" link add p-lb1 type veth peer name eth0 netns "$h1" || die "veth for lb1"
			ip -n "$sw" link set p-lb1 master br0 up || die "port p-lb1"
			ip -n "$h1" addr add "$(host_ip lb1)/24" dev eth0 || die "addr lb1"
			ip -n "$h1" link set eth0 up || die "eth0 up in lb1"
			wait_master lb1 5 "$t2" || fail "lb1 not MASTER again within 5 s of its re-created eth0 ($i)"
			HOLD_S=0.3 settled 5 "re-created eth0 $i"
			say "recreate $i: lb1 MASTER $(ms_between "$t2" "$(log_time lb1 "$MASTER_RE" "$t2")") ms after the new eth0"
			runs=$((runs + 1))
		done
		continue
		;;
	*) die "unknown phase $phase" ;;
	esac
	m=$(lb1_moves "$t0")
	say "$phase: lb1 state changes: $m"
	[ "$m" = 0 ] || fail "$phase: lb1 changed state $m time(s)"
	settled 5 "after $phase"
done
faults_finish host_events "$runs"
