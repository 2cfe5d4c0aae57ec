#!/bin/bash
# LVS checker without IPVS (this host's kernel has none): floatd with
# virtual_server blocks must say once that IPVS is unavailable, still run
# TCP_CHECK / HTTP_GET / MISC_CHECK against real servers in the `cl`
# namespace and report their transitions (HTTP_GET also with two urls and
# MD5 digests, on easy handles the checker reuses between fetches), restart its checker child after a
# SIGKILL, and keep doing VRRP (election and failover) throughout.
. "$(dirname "$0")/lib.sh"

[ -x "$PYTHON3" ] || skip "python3 not installed ($PYTHON3)"
command -v socat >/dev/null 2>&1 || skip "socat not installed"

RS=$SUBNET.100
topo_setup lb1 lb2 cl

# real servers: an HTTP server and a TCP listener in the `cl` namespace
http_pid=""
tcp_pid=""
http_start() {
	mkdir -p "$(tmp www)" && echo "hello floatd" >"$(tmp www)/index.html"
	[ -e "$(tmp www)/b.html" ] || echo "second page" >"$(tmp www)/b.html"
	(cd "$(tmp www)" && exec ip netns exec "$(ns cl)" "$PYTHON3" -m http.server 8080 \
		--bind "$RS" >"$(tmp http.log)" 2>&1) &
	http_pid=$!
	_PIDS+=("$http_pid")
}
tcp_start() {
	ip netns exec "$(ns cl)" socat "TCP-LISTEN:9090,bind=$RS,reuseaddr,fork" \
		SYSTEM:true >/dev/null 2>&1 &
	tcp_pid=$!
	_PIDS+=("$tcp_pid")
}
listening() { ip netns exec "$(ns cl)" ss -ltn | grep -q "$RS:$1 "; }

http_start
tcp_start
wait_for 5 "real servers listening" eval 'listening 8080 && listening 9090' ||
	die "real servers did not start"

# misc script: up while the flag file exists, weight 7 (exit 9) via misc_dynamic
MISC_FLAG=$(tmp misc.up)
cat >"$(tmp misc.sh)" <<EOF
#!/bin/sh
[ -e "$MISC_FLAG" ] && exit 9
exit 1
EOF
chmod +x "$(tmp misc.sh)"
touch "$MISC_FLAG"

lvs_conf() {
	cat >>"$1" <<EOF

virtual_server $VIP 80 {
	delay_loop 1
	lb_algo rr
	lb_kind NAT
	protocol TCP
	real_server $RS 8080 {
		weight 1
		HTTP_GET {
			url {
				path /index.html
				status_code 200
			}
			connect_timeout 1
			retry 1
			delay_before_retry 1
		}
	}
	real_server $RS 8082 {
		weight 4
		HTTP_GET {
			url {
				path /index.html
				digest $(printf 'hello floatd\n' | md5sum | cut -c1-32)
			}
			url {
				path /b.html
				digest $(printf 'second page\n' | md5sum | cut -c1-32)
				status_code 200
			}
			connect_port 8080
			connect_timeout 1
			retry 0
		}
	}
	real_server $RS 9090 {
		weight 2
		TCP_CHECK {
			connect_timeout 1
			retry 0
		}
	}
	real_server $RS 9999 {
		weight 3
		MISC_CHECK {
			misc_path "$(tmp misc.sh)"
			misc_timeout 2
			misc_dynamic
			retry 0
		}
	}
}
EOF
}
mk_conf "$(tmp lb1.conf)" lb1 150
lvs_conf "$(tmp lb1.conf)"
mk_conf "$(tmp lb2.conf)" lb2 100
lvs_conf "$(tmp lb2.conf)"

floatd_t -f "$(tmp lb1.conf)" >"$(tmp t.out)" 2>&1 || {
	cat "$(tmp t.out)"
	fail "floatd -t rejects the LVS config"
}

t0=$(now)
start_node lb1 "$(tmp lb1.conf)"
start_node lb2 "$(tmp lb2.conf)"
wait_master lb1 10 || fail "lb1 never entered MASTER"
wait_backup lb2 10 || fail "lb2 never entered BACKUP"
wait_for 5 "IPVS unavailable logged" log_has lb1 'IPVS not available' ||
	fail "no 'IPVS not available' line"
n=$(grep -c 'IPVS not available' "$(node_log lb1)")
[ "$n" = 1 ] || fail "'IPVS not available' logged $n times (want once)"
wait_for 5 "checker started" log_has lb1 'checker: started \(pid' || fail "checker did not start"

RS_RE() { printf 'real server %s:%s' "$RS" "$1"; }

# checks run: stopping each real server is reported DOWN, restarting it UP
t1=$(now)
kill "$tcp_pid"
wait_for 5 "TCP real server DOWN" log_has lb1 "$(RS_RE 9090) DOWN" "$t1" ||
	fail "stopped TCP real server not reported down"
t2=$(now)
tcp_start
wait_for 5 "TCP real server UP" log_has lb1 "$(RS_RE 9090) UP" "$t2" ||
	fail "restarted TCP real server not reported up"
say "TCP_CHECK down after $(ms_between "$t1" "$(log_time lb1 "$(RS_RE 9090) DOWN" "$t1")") ms"

t1=$(now)
kill "$http_pid"
# retry 1, delay_before_retry 1: down within delay_loop + 2 x (timeout + retry delay)
wait_for 8 "HTTP real server DOWN" log_has lb1 "$(RS_RE 8080) DOWN" "$t1" ||
	fail "stopped HTTP real server not reported down"
t2=$(now)
http_start
wait_for 6 "HTTP real server UP" log_has lb1 "$(RS_RE 8080) UP" "$t2" ||
	fail "restarted HTTP real server not reported up"
say "HTTP_GET down after $(ms_between "$t1" "$(log_time lb1 "$(RS_RE 8080) DOWN" "$t1")") ms"
wait_for 5 "two-url real server UP" log_has lb1 "$(RS_RE 8082) UP" "$t2" ||
	fail "two-url HTTP_GET real server not up again after the restart"

# the second url's body changes: its digest no longer matches (DOWN), back (UP)
t1=$(now)
echo "second page, changed" >"$(tmp www)/b.html"
wait_for 5 "digest mismatch DOWN" log_has lb1 "$(RS_RE 8082) DOWN" "$t1" ||
	fail "second url's digest mismatch not reported down"
t2=$(now)
echo "second page" >"$(tmp www)/b.html"
wait_for 5 "digest match UP" log_has lb1 "$(RS_RE 8082) UP" "$t2" ||
	fail "second url's digest match not reported up"

# MISC_CHECK with misc_dynamic: exit 9 -> weight 7; exit 1 -> down
wait_for 5 "misc weight 7" log_has lb1 "$(RS_RE 9999) weight 3 -> 7" ||
	fail "misc_dynamic weight not applied"
t1=$(now)
rm -f "$MISC_FLAG"
wait_for 5 "MISC real server DOWN" log_has lb1 "$(RS_RE 9999) DOWN" "$t1" ||
	fail "failing MISC_CHECK not reported down"
# floatctl status --json: the VRRP process's view of the checker (its
# configuration with the states the child reported), field by field
CHECK="/usr/bin/python3 $(dirname "$0")/ctl_check.py"
RSS_WANT="$RS:8080=up/1 $RS:8082=up/4 $RS:9090=up/2 $RS:9999=down/7"
wait_for 3 "status shows 9999 down" eval \
	'ctl lb1 --json status | $CHECK checker-json "$VIP:80" "$RSS_WANT" 7 true >/dev/null 2>&1' || {
	ctl lb1 --json status | $CHECK checker-json "$VIP:80" "$RSS_WANT" 7 true
	fail "floatctl status: checker view with 9999 down"
}
touch "$MISC_FLAG"
wait_for 5 "MISC real server UP" log_has lb1 "$(RS_RE 9999) UP \(weight 7\)" "$t1" ||
	fail "MISC_CHECK recovery not reported"
RSS_WANT="$RS:8080=up/1 $RS:8082=up/4 $RS:9090=up/2 $RS:9999=up/7"
wait_for 3 "status shows 9999 up" eval \
	'ctl lb1 --json status | $CHECK checker-json "$VIP:80" "$RSS_WANT" 14 true >/dev/null 2>&1' || {
	ctl lb1 --json status | $CHECK checker-json "$VIP:80" "$RSS_WANT" 14 true
	fail "floatctl status: checker view with all up"
}
say "status: $(ctl lb1 --json status | $CHECK checker-json "$VIP:80" "$RSS_WANT" 14 true)"
out=$(ctl lb1 metrics | $CHECK checker-metrics "$VIP:80" "$RS:8080=1 $RS:8082=1 $RS:9090=1 $RS:9999=1" 0) ||
	fail "floatctl metrics: $out"
say "metrics: $out"
ctl lb1 status | grep -q "^  VS $VIP:80 TCP rr: quorum 1 up (live weight 14)" ||
	fail "floatctl status table: $(ctl lb1 status | grep -A4 checker:)"
ctl lb1 status | grep -Eq "^    $RS:9999 +up +weight 3 \(effective 7\)" ||
	fail "floatctl status table: $(ctl lb1 status | grep -A4 checker:)"

# SIGKILL of the checker child: the parent logs it and starts a new one
old=$(awk 'match($0, /checker: started pid [0-9]+/) { p = substr($0, RSTART + 21, RLENGTH - 21) } END { print p }' "$(node_log lb1)")
[ -n "$old" ] || fail "no checker pid in the log"
t1=$(now)
kill -KILL "$old"
wait_for 5 "child death logged" log_has lb1 "checker: pid $old killed by signal 9" "$t1" ||
	fail "child SIGKILL not logged"
wait_for 5 "child restarted" log_has lb1 'checker: started pid' "$t1" || fail "child not restarted"
new=$(awk 'match($0, /checker: started pid [0-9]+/) { p = substr($0, RSTART + 21, RLENGTH - 21) } END { print p }' "$(node_log lb1)")
[ "$new" != "$old" ] || fail "checker pid did not change"
_pid_alive "$new" || fail "restarted checker $new is not running"
wait_for 5 "checks resume" log_has lb1 'checker: started \(pid' "$t1" || fail "new child did not start checking"

# VRRP unaffected: lb1 leaves (SIGTERM), lb2 takes over; lb1's checker goes too
t1=$(now)
stop_node lb1 TERM
wait_master lb2 10 "$t1" || fail "lb2 did not take over"
wait_exit lb1 10 || fail "lb1 did not exit"
[ "$exit_rc" = 0 ] || fail "lb1 exited with $exit_rc"
log_has lb1 "checker: pid $new stopped" "$t1" || fail "lb1 did not stop its checker"
_pid_alive "$new" && fail "checker $new outlived floatd"
say "PASS ($UNDER_TEST)"
