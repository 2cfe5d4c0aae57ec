#!/bin/bash
# Signals: no signal kills floatd with its kernel state left behind.
# lb1 (priority 150) and lb2 (100) run an instance with a VIP, use_vmac,
# virtual_routes and no_accept (table inet floatd), so a MASTER holds every
# kind of kernel object floatd makes: VIP on the VMAC, the macvlan, routes,
# the nftables table with the VIP in its block set, changed base sysctls.
#  - SIGUSR1 / SIGUSR2 on the MASTER: it stays alive and MASTER (no
#    transition on either host) and writes keepalived.data / keepalived.stats
#    in /tmp (its own /tmp: lb1 runs in a private mount namespace with a
#    tmpfs there, so the host's /tmp is never touched) with the instance
#    name, MASTER, the VIP and counters; a symlink planted at
#    /tmp/keepalived.data and one at the temporary name floatd uses first
#    are not followed (their targets keep their bytes), the dump replaces
#    the symlink with a regular 0644 file; --dump-dir moves the files;
#  - SIGHUP: a reload of the unchanged file (VMAC, routes, no_accept
#    included): alive, no transition;
#  - every terminating signal class (QUIT ALRM VTALRM PROF IO PWR XCPU XFSZ
#    STKFLT and real-time RTMIN, RTMIN+5, RTMAX): a clean stop like SIGTERM
#    (exit 0, lb2 takes over), after which lb1's namespace holds no VIP, no
#    macvlan, no virtual route, no inet floatd table, its base sysctls as
#    before the start and no PID file; lb1 is restarted between cases;
#  - the checker child (lb1 with a virtual_server): HUP, USR1 and USR2 sent
#    to it directly are ignored; SIGQUIT is its clean stop (exit 0), the
#    supervisor restarts it, and VRRP does not move;
#  - SIGKILL: nothing can clean up; the restart (as BACKUP) removes the VIP,
#    the VMAC and the routes, empties the block set and puts the base
#    sysctls back (saved in /run/floatd when the VMAC was made).
. "$(dirname "$0")/lib.sh"
need_nft

VMAC=vrrp.51
LB_ROLES=(lb1 lb2)
topo_setup lb1 lb2 cl

extra="	use_vmac
	no_accept
	virtual_routes {
		10.77.0.0/24 via $(host_ip cl)
		blackhole 10.78.0.0/24
	}"
mk_conf "$(tmp lb1.conf)" lb1 150 "$extra"
mk_conf "$(tmp lb1-low.conf)" lb1 50 "$extra"
mk_conf "$(tmp lb2.conf)" lb2 100 "$extra"
floatd_t -f "$(tmp lb1.conf)" >"$(tmp t.out)" 2>&1 || fail "-t rejected the config: $(cat "$(tmp t.out)")"

# start_lb1 CONF [FLOATD_ARGS...]: lb1 in its own mount namespace whose /tmp
# is a private tmpfs (the test's files are reached through the working
# directory, which the mount does not hide); the test sees that /tmp as
# /proc/PID/root/tmp.  Every exec keeps the pid, so NODE_PID is floatd's.
start_lb1() {
	local conf=$1 log
	shift
	log=$(node_log lb1)
	printf '%s ----- harness: start lb1 (floatd, private /tmp) %s\n' "$EPOCHREALTIME" "$conf" >>"$log"
	rm -f "$(tmp lb1-floatd.pid)"
	ip netns exec "$(ns lb1)" unshare -m --propagation private sh -c \
		'cd "$1" && mount -t tmpfs -o mode=1777 floatd-test /tmp && shift && exec "$@"' \
		sh "$_T" "$FLOATD" -f "${conf##*/}" -n -l -D -p lb1-floatd.pid \
		--control-socket lb1-ctl.sock --state-dir lb1-state "$@" \
		> >(_stamp >>"$log") 2>&1 &
	NODE_PID[lb1]=$!
	NODE_IMPL[lb1]=floatd
	_PIDS+=("$!")
}
lb1_tmp() { printf '/proc/%s/root/tmp\n' "${NODE_PID[lb1]}"; }

# What floatd changes in a namespace, one line per object; empty = nothing.
base_sysctls() {
	printf '%s %s %s\n' "$(sysctl_of "$1" net/ipv4/conf/eth0/arp_ignore)" \
		"$(sysctl_of "$1" net/ipv4/conf/eth0/arp_filter)" "$(sysctl_of "$1" net/ipv4/conf/eth0/arp_announce)"
}
routes_of() {
	{
		ip -n "$(ns "$1")" -4 route show 10.77.0.0/24
		ip -n "$(ns "$1")" -4 route show 10.78.0.0/24
	} 2>/dev/null
}
leftovers() {   # ROLE BASE_SYSCTLS
	vip_on "$1" && echo "VIP $VIP on $(vip_dev "$1")"
	macvlans "$1" | sed 's/^/macvlan /'
	routes_of "$1" | sed 's/^/route /'
	has_floatd_table "$1" && echo "nftables table inet floatd"
	[ "$(base_sysctls "$1")" = "$2" ] || echo "eth0 arp_ignore/arp_filter/arp_announce $(base_sysctls "$1"), before start $2"
	[ -e "$(tmp "$1-floatd.pid")" ] && echo "pid file $(tmp "$1-floatd.pid")"
	return 0
}
# holds_all ROLE: the MASTER's full set: VIP on the VMAC, both routes,
# the VIP in the block set, the VMAC's base sysctls.
holds_all() {
	[ "$(vip_dev "$1")" = "$VMAC" ] && [ "$(routes_of "$1" | wc -l)" = 2 ] &&
		[ "$(nft_set_elems "$1" floatd_block4)" = "$VIP" ] && [ "$(base_sysctls "$1")" = "1 1 2" ]
}
show() {   # ROLE
	say "  $1: VIP dev '$(vip_dev "$1")' macvlans '$(macvlans "$1" | tr '\n' ' ')' routes $(routes_of "$1" | wc -l) block4 '$(nft_set_elems "$1" floatd_block4)' sysctls '$(base_sysctls "$1")'"
}
# transitions ROLE SINCE: "Entering ... STATE" / "Leaving MASTER" lines since SINCE.
transitions() {
	awk -v since="$2" '($1 + 0) >= (since + 0) && /(Entering [A-Z]+ STATE|Leaving MASTER)/' "$(node_log "$1")"
}

before1=$(base_sysctls lb1)
before2=$(base_sysctls lb2)

t0=$(now)
start_lb1 "$(tmp lb1.conf)"
start_node lb2 "$(tmp lb2.conf)"
wait_master lb1 10 "$t0" || fail "lb1 never MASTER"
wait_backup lb2 10 "$t0" || fail "lb2 never BACKUP"
wait_for 5 "lb1 holds VIP, VMAC, routes, block set" holds_all lb1 || { show lb1; fail "lb1 MASTER without its objects"; }
wait_for 5 "VIP on lb1 only" vip_only_on lb1 || assert_vip_only_on lb1
say "lb1 MASTER with VIP on $VMAC, 2 routes, block4={$VIP}, eth0 sysctls $(base_sysctls lb1) (before: $before1)"

# --- SIGUSR1 / SIGUSR2 / SIGHUP: requests, never a stop -----------------------------
T=$(lb1_tmp)
[ -d "$T" ] || die "lb1's /tmp not reachable at $T"
[ -z "$(ls -A "$T")" ] || die "lb1's private /tmp is not empty: $(ls -A "$T")"
printf 'precious\n' >"$T/victim"
printf 'precious too\n' >"$T/victim2"
ln -s /tmp/victim "$T/keepalived.data" || die "symlink"
# atomic_file_write's first temporary name (pid, serial 0)
ln -s /tmp/victim2 "$T/keepalived.data.tmp.${NODE_PID[lb1]}.0" || die "symlink"

t1=$(now)
stop_node lb1 USR1
data_ready() { [ -f "$T/keepalived.data" ] && [ ! -L "$T/keepalived.data" ]; }
wait_for 5 "keepalived.data written" data_ready || fail "no regular file $T/keepalived.data: $(ls -la "$T")"
data=$(cat "$T/keepalived.data")
for want in ' VRRP Instance = VI_1' '   State = MASTER' '   Interface = eth0' \
	'   Virtual Router ID = 51' '   Priority = 150' '   Effective priority = 150' \
	"   Master router = $(host_ip lb1)" '   Use VMAC = vrrp.51' '   Accept = disabled' \
	"     $VIP/24 dev $VMAC" '   Virtual Routes (2)'; do
	grep -qxF -- "$want" <<<"$data" || fail "keepalived.data lacks '$want':"$'\n'"$data"
done
grep -qE '^   Adverts sent = [1-9][0-9]*$' <<<"$data" || fail "keepalived.data: no adverts sent:"$'\n'"$data"
grep -qE '^   Last transition = [0-9]+\.[0-9]{6} \(' <<<"$data" || fail "keepalived.data: no last transition:"$'\n'"$data"
[ "$(stat -c %a "$T/keepalived.data")" = 644 ] || fail "keepalived.data mode $(stat -c %a "$T/keepalived.data"), expected 644"
[ "$(cat "$T/victim")" = precious ] || fail "the symlink at keepalived.data was followed: victim holds '$(head -c 200 "$T/victim")'"
[ "$(cat "$T/victim2")" = "precious too" ] || fail "the symlink at the temporary name was followed"
[ -L "$T/keepalived.data.tmp.${NODE_PID[lb1]}.0" ] || fail "the planted temporary-name symlink was replaced"
[ -z "$(find "$T" -name 'keepalived.data.tmp.*' ! -type l)" ] || fail "a temporary file stayed: $(ls -la "$T")"
printf '%s\n' "$data" | sed 's/^/    | /'
say "SIGUSR1: keepalived.data (0644) with VI_1 MASTER, VIP, VMAC, routes, counters; planted symlinks at the target and the temporary name not followed"

stop_node lb1 USR2
stats_ready() { [ -f "$T/keepalived.stats" ]; }
wait_for 5 "keepalived.stats written" stats_ready || fail "no $T/keepalived.stats: $(ls -la "$T")"
stats=$(cat "$T/keepalived.stats")
for want in 'VRRP Instance: VI_1' '  Advertisements:' '  Became master: 1' '  Released master: 0' \
	'  Packet Errors:' '    TTL: 0' '  Priority Zero:' '    Received: 0' 'Interface: eth0 IPv4'; do
	grep -qxF -- "$want" <<<"$stats" || fail "keepalived.stats lacks '$want':"$'\n'"$stats"
done
grep -qE '^    Sent: [1-9][0-9]*$' <<<"$stats" || fail "keepalived.stats: no adverts sent:"$'\n'"$stats"
printf '%s\n' "$stats" | sed 's/^/    | /'
say "SIGUSR2: keepalived.stats with VI_1 counters (became master 1, adverts sent > 0)"

stop_node lb1 HUP
wait_for 5 "lb1 logs the SIGHUP" log_has lb1 'reload \(SIGHUP\): reloaded: 1 unchanged' "$t1" ||
	fail "no reload on SIGHUP from lb1"
# an observation window of two advert intervals after the last request
sleep 2
node_alive lb1 || fail "lb1 died after USR1/USR2/HUP"
[ -z "$(transitions lb1 "$t1")$(transitions lb2 "$t1")" ] ||
	fail "transitions after USR1/USR2/HUP:"$'\n'"$(transitions lb1 "$t1")"$'\n'"$(transitions lb2 "$t1")"
holds_all lb1 && vip_only_on lb1 || { show lb1; show lb2; fail "lb1 lost something after USR1/USR2/HUP"; }
say "SIGHUP: unchanged reload; after USR1, USR2, HUP lb1 is alive and MASTER, no transition on either host"

# --- --dump-dir ------------------------------------------------------------------------
mkdir -p "$(tmp dumps)"
t2=$(now)
stop_node lb1 TERM
wait_exit lb1 10 || fail "lb1 did not exit on SIGTERM"
wait_master lb2 10 "$t2" || fail "lb2 did not take over after SIGTERM"
start_lb1 "$(tmp lb1.conf)" --dump-dir dumps
wait_master lb1 15 "$t2" || fail "lb1 did not come back (--dump-dir)"
stop_node lb1 USR1
wait_for 5 "dumps/keepalived.data" test -f "$(tmp dumps/keepalived.data)" || fail "--dump-dir: no $(tmp dumps/keepalived.data)"
grep -qxF '   State = MASTER' "$(tmp dumps/keepalived.data)" || fail "--dump-dir: $(cat "$(tmp dumps/keepalived.data)")"
[ ! -e "$(lb1_tmp)/keepalived.data" ] || fail "--dump-dir: a dump was still written to /tmp"
say "--dump-dir: keepalived.data written there, nothing in /tmp"

# --- terminating signals: the same clean stop as SIGTERM -----------------------------
SIGS="QUIT ALRM VTALRM PROF IO PWR XCPU XFSZ STKFLT RTMIN RTMIN+5 RTMAX"
for sig in $SIGS; do
	wait_for 5 "lb1 holds everything before SIG$sig" holds_all lb1 || { show lb1; fail "lb1 not complete before SIG$sig"; }
	t=$(now)
	stop_node lb1 "$sig"
	wait_exit lb1 10 || fail "lb1 did not stop on SIG$sig"
	[ "$exit_rc" = 0 ] || fail "lb1 exited $exit_rc on SIG$sig, expected 0 (clean stop)"
	log_has lb1 'received .*, stopping' "$t" || fail "lb1 did not log the stop on SIG$sig"
	wait_master lb2 10 "$t" || fail "lb2 did not take over after SIG$sig"
	left=$(leftovers lb1 "$before1")
	[ -z "$left" ] || fail "SIG$sig left on lb1:"$'\n'"$left"
	wait_for 5 "VIP on lb2 only" vip_only_on lb2 || assert_vip_only_on lb2
	say "SIG$sig: clean stop (exit 0, lb2 MASTER after $(ms_between "$t" "$(log_time lb2 "$MASTER_RE" "$t")") ms), nothing left on lb1"
	t=$(now)
	start_lb1 "$(tmp lb1.conf)"
	wait_master lb1 15 "$t" || fail "lb1 did not come back after SIG$sig"
	wait_backup lb2 10 "$t" || fail "lb2 did not go back to BACKUP after SIG$sig"
done

# --- the checker child: signals sent to it directly -------------------------------
# (lb1 started the ordinary way here: no dump is written in this part)
cp "$(tmp lb1.conf)" "$(tmp lb1-lvs.conf)"
cat >>"$(tmp lb1-lvs.conf)" <<EOF

virtual_server $VIP 80 {
	delay_loop 1
	lb_algo rr
	lb_kind NAT
	protocol TCP
	real_server $(host_ip cl) 9 {
		TCP_CHECK {
			connect_timeout 1
			retry 0
		}
	}
}
EOF
child_pid() {   # the last "checker: started pid N" of lb1 since $1
	awk -v since="$1" '($1 + 0) >= (since + 0) && match($0, /checker: started pid [0-9]+/) {
		p = substr($0, RSTART + 21, RLENGTH - 21) } END { print p }' "$(node_log lb1)"
}
t=$(now)
stop_node lb1 TERM
wait_exit lb1 10 || fail "lb1 did not exit on SIGTERM"
wait_master lb2 10 "$t" || fail "lb2 did not take over"
start_node lb1 "$(tmp lb1-lvs.conf)"
wait_master lb1 15 "$t" || fail "lb1 (with a virtual_server) did not come back"
wait_for 5 "checker child started" log_has lb1 'checker: started pid' "$t" || fail "no checker child"
child=$(child_pid "$t")
[ -n "$child" ] && _pid_alive "$child" || fail "checker child pid '$child' not running"
t=$(now)
for sig in HUP USR1 USR2; do kill "-$sig" "$child" || die "kill -$sig $child"; done
wait_for 5 "child ignores SIGUSR2" log_has lb1 'checker: User defined signal 2 ignored' "$t" ||
	fail "the checker child did not log SIGUSR2 as ignored"
_pid_alive "$child" || fail "the checker child died of HUP/USR1/USR2"
kill -QUIT "$child" || die "kill -QUIT $child"
wait_for 5 "child stops on SIGQUIT" log_has lb1 "checker: pid $child exited with status 0" "$t" ||
	fail "the checker child did not stop cleanly (exit 0) on SIGQUIT: $(grep "checker: pid $child" "$(node_log lb1)")"
log_has lb1 'checker: received Quit, stopping' "$t" || fail "the checker child did not log its stop"
wait_for 5 "child restarted" eval '[ -n "$(child_pid "$t")" ]' || fail "the checker child was not restarted"
node_alive lb1 && [ -z "$(transitions lb1 "$t")$(transitions lb2 "$t")" ] ||
	fail "lb1 moved after signals to its checker child"
say "checker child: HUP/USR1/USR2 ignored; SIGQUIT = clean stop (exit 0), restarted as pid $(child_pid "$t"); lb1 stays MASTER"

# --- SIGKILL: start-up cleanup --------------------------------------------------------
wait_for 5 "lb1 holds everything before SIGKILL" holds_all lb1 || { show lb1; fail "lb1 not complete before SIGKILL"; }
t=$(now)
stop_node lb1 KILL
wait_exit lb1 5 || fail "lb1 survived SIGKILL"
wait_master lb2 10 "$t" || fail "lb2 did not take over after SIGKILL"
vip_on lb1 && [ -n "$(macvlans lb1)" ] || { show lb1; fail "SIGKILL: expected the VIP and VMAC left on lb1"; }
say "SIGKILL: VIP and $VMAC left on lb1 (nobody to remove them)"
t=$(now)
start_lb1 "$(tmp lb1-low.conf)"
wait_backup lb1 10 "$t" || fail "lb1 (priority 50) did not start as BACKUP"
clean_backup() {
	! vip_on lb1 && [ -z "$(macvlans lb1)" ] && [ -z "$(nft_set_elems lb1 floatd_block4)" ] &&
		[ -z "$(routes_of lb1)" ] && [ "$(base_sysctls lb1)" = "$before1" ]
}
wait_for 5 "lb1 BACKUP cleaned up" clean_backup || { show lb1; fail "the restart after SIGKILL did not clean up"; }
vip_only_on lb2 || assert_vip_only_on lb2
log_has lb1 'removed 2 virtual route\(s\)/rule\(s\) left by an earlier run' "$t" ||
	fail "lb1 did not log the leftover routes it removed"
log_has lb1 'eth0: restored arp_ignore=0 arp_filter=0 arp_announce=0 changed by an earlier run' "$t" ||
	fail "lb1 did not log the sysctls it restored"
say "SIGKILL then restart as BACKUP: VIP, $VMAC, block4 entry, both routes removed and eth0 sysctls back to '$before1'; VIP on lb2 only"

t=$(now)
stop_node lb1 TERM
stop_node lb2 TERM
wait_exit lb1 10 || fail "lb1 did not exit"
wait_exit lb2 10 || fail "lb2 did not exit"
for r in lb1 lb2; do
	if [ "$r" = lb1 ]; then left=$(leftovers lb1 "$before1"); else left=$(leftovers lb2 "$before2"); fi
	[ -z "$left" ] || fail "after the final stop, $r still has:"$'\n'"$left"
done
say "after the final stop: nothing left on lb1 or lb2"
say "PASS ($UNDER_TEST)"
