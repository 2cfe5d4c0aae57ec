#!/bin/bash
# vrrp_priority / checker_priority (nice), vrrp_no_swap / checker_no_swap
# (mlockall) and vrrp_cpu_affinity / checker_cpu_affinity, as keepalived:
# the VRRP process runs at nice -5 on CPU 0 with its memory locked, the
# checker child at nice 7 on the last CPU with its memory locked, under
# SCHED_RR 5 (checker_rt_priority) with RLIMIT_RTTIME 30000 us
# (checker_rlimit_rttime: soft half), and a notify script at nice 0 (a
# raised priority does not pass to scripts).
. "$(dirname "$0")/lib.sh"
[ "$UNDER_TEST" = floatd ] || skip "floatd's processes (keepalived's differ)"

topo_setup lb1
rec=$(tmp nice.out)
cat >"$(tmp nice.sh)" <<EOS
#!/bin/sh
awk '{ print \$19 }' /proc/\$\$/stat >"$rec"
EOS
chmod 755 "$(tmp nice.sh)"
last_cpu=$(($(nproc --all) - 1))
mk_conf "$(tmp lb1.conf)" lb1 150 "	notify_master $(tmp nice.sh)" \
	"$(printf '\tvrrp_priority -5\n\tvrrp_no_swap\n\tchecker_priority 7\n\tchecker_no_swap')
	vrrp_cpu_affinity 0
	checker_cpu_affinity $last_cpu
	checker_rt_priority 5
	checker_rlimit_rttime 30000"
add_tcp_check_vs "$(tmp lb1.conf)"
start_node lb1 "$(tmp lb1.conf)"
wait_master lb1 10 || fail "lb1 never entered MASTER"
pid=${NODE_PID[lb1]}

nice_of() { awk '{ print $19 }' "/proc/$1/stat"; }
# AddressSanitizer turns mlockall() into a no-op that returns 0 (its
# interceptor): in a sanitizer build only the log line can be checked
asan=0
grep -q libasan "/proc/$pid/maps" && asan=1
locked_ok() {   # PID WHO
	if [ "$asan" = 1 ]; then
		log_has lb1 "$2_no_swap: memory locked"
	else
		[ "$(locked_kb "$1")" -gt 0 ]
	fi
}
cpus_of() { awk '/^Cpus_allowed_list:/ { print $2 }' "/proc/$1/status"; }
locked_kb() { awk '/^VmLck:/ { print $2 }' "/proc/$1/status"; }
checker_pid() {
	local c
	for c in $(cat "/proc/$pid/task/$pid/children" 2>/dev/null); do
		case $(readlink "/proc/$c/exe") in */floatd-checker) echo "$c"; return 0 ;; esac
	done
	return 1
}
[ "$(nice_of "$pid")" = -5 ] || fail "VRRP process nice $(nice_of "$pid"), expected -5"
locked_ok "$pid" vrrp || fail "VRRP process has no locked memory (VmLck $(locked_kb "$pid") kB)"
[ "$(cpus_of "$pid")" = 0 ] || fail "VRRP process may run on CPUs $(cpus_of "$pid"), expected 0"
wait_for 10 "the checker child" checker_pid || fail "no floatd-checker child"
cpid=$(checker_pid)
wait_for 5 "checker nice 7" eval '[ "$(nice_of '"$cpid"')" = 7 ]' ||
	fail "checker nice $(nice_of "$cpid"), expected 7"
locked_ok "$cpid" checker || fail "checker has no locked memory (VmLck $(locked_kb "$cpid") kB)"
[ "$(cpus_of "$cpid")" = "$last_cpu" ] || fail "checker may run on CPUs $(cpus_of "$cpid"), expected $last_cpu"
pol=$(chrt -p "$cpid") || fail "chrt -p $cpid"
case $pol in *SCHED_RR*"priority: 5"*) ;; *) fail "checker scheduling: $pol" ;; esac
lim=$(awk '/^Max realtime timeout/ { print $4, $5 }' "/proc/$cpid/limits")
[ "$(echo $lim)" = "15000 30000" ] || fail "checker RLIMIT_RTTIME soft/hard: '$lim', expected 15000 30000"
wait_for 5 "notify script ran" test -s "$rec" || fail "notify_master did not run"
[ "$(cat "$rec")" = 0 ] || fail "the notify script ran at nice $(cat "$rec"), expected 0"
say "VRRP nice -5, CPU 0, VmLck $(locked_kb "$pid") kB; checker nice 7, CPU $last_cpu, VmLck $(locked_kb "$cpid") kB, SCHED_RR 5, RLIMIT_RTTIME $lim; script nice 0"
[ "$asan" = 1 ] && say "sanitizer build: mlockall is ASan's no-op, the 'memory locked' log lines were checked instead of VmLck"
say "PASS ($UNDER_TEST)"
