# Shared helpers for the network-namespace integration tests.
# Sourced by tests/netns/*.sh (bash).  Exit codes follow automake:
#   0 pass, 1 assertion failed, 77 skipped (not root, no netns), 99 harness error.
#
# Topology (all inside namespaces created here, never the root namespace):
#   fd$$-sw   switch namespace holding bridge br0
#   fd$$-lb1  eth0 10.99.0.11/24      fd$$-lb2  eth0 10.99.0.12/24
#   fd$$-cl   eth0 10.99.0.100/24     VIP 10.99.0.50
# Each host's eth0 is one end of a veth pair whose other end (p-ROLE) is a
# port of br0.  Names are created inside the namespaces, so nothing can
# collide with the host's interfaces.
#
# Daemons: start_node ROLE CONF [IMPL] with IMPL floatd | keepalived.
# The default IMPL is $UNDER_TEST: floatd, or keepalived when
# FLOATD_UNDER_TEST=keepalived (to prove the harness before floatd exists).
# Every daemon line is stamped with the wall clock (EPOCHREALTIME) as it is
# read, so both implementations' logs share one time base with the tests.

set -u

SUBNET=10.99.0
VIP=$SUBNET.50
PFX="fd$$"
KEEPALIVED=${KEEPALIVED:-/usr/sbin/keepalived}
# Debian's python3 (scripts/lib/deps.sh installs it and its modules), not
# whatever PATH finds first: a pyenv shim there costs seconds per start on
# a loaded machine, longer than the harness waits for a listener.
PYTHON3=${PYTHON3:-/usr/bin/python3}
UNDER_TEST=${FLOATD_UNDER_TEST:-floatd}
TEST_NAME=$(basename "$0" .sh)

_NSLIST=()      # namespaces created, in order
_PIDS=()        # daemon pids started (any role)
_T=""           # temp dir

say()  { printf '%s: %s\n' "$TEST_NAME" "$*"; }
skip() { say "SKIP: $*"; exit 77; }
die()  { say "HARNESS ERROR: $*"; exit 99; }
fail() { say "FAIL: $*"; exit 1; }

# --- preconditions -----------------------------------------------------------

[ "$(id -u)" = 0 ] || skip "needs root (network namespaces)"
command -v ip >/dev/null 2>&1 || skip "iproute2 not installed"
if ! ip netns add "$PFX-probe" 2>/dev/null; then
	skip "ip netns unusable here"
fi
ip netns del "$PFX-probe" 2>/dev/null

case $UNDER_TEST in
floatd)
	if [ -z "${FLOATD:-}" ]; then
		skip "FLOATD not set (run via make check, or FLOATD_UNDER_TEST=keepalived)"
	fi
	[ -x "$FLOATD" ] || die "FLOATD=$FLOATD is not an executable"
	;;
keepalived) ;;
*) die "FLOATD_UNDER_TEST must be floatd or keepalived, not '$UNDER_TEST'" ;;
esac

need_keepalived() {
	[ -x "$KEEPALIVED" ] || skip "keepalived not installed ($KEEPALIVED)"
}
[ "$UNDER_TEST" = keepalived ] && need_keepalived

_T=$(mktemp -d "${TMPDIR:-/tmp}/floatd-netns.XXXXXX") || die "mktemp failed"

# --- teardown ------------------------------------------------------------------

dump_logs() {
	local f
	for f in "$_T"/*.log; do
		[ -e "$f" ] || continue
		printf '===== %s =====\n' "${f##*/}"
		cat "$f"
	done
}

_pid_alive() {
	local st
	st=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) || return 1
	[ -n "$st" ] && [ "$st" != Z ]
}

# Kill our daemons, then anything still inside our namespaces (notify
# scripts, keepalived children), SIGTERM first, SIGKILL after 3 s.
_kill_all() {
	local p i ns live
	for p in "${_PIDS[@]+"${_PIDS[@]}"}"; do kill -TERM "$p" 2>/dev/null; done
	for ns in "${_NSLIST[@]+"${_NSLIST[@]}"}"; do
		ip netns pids "$ns" 2>/dev/null | xargs -r kill -TERM 2>/dev/null
	done
	for i in $(seq 60); do
		live=0
		for p in "${_PIDS[@]+"${_PIDS[@]}"}"; do _pid_alive "$p" && live=1; done
		for ns in "${_NSLIST[@]+"${_NSLIST[@]}"}"; do
			[ -n "$(ip netns pids "$ns" 2>/dev/null)" ] && live=1
		done
		[ $live = 0 ] && return 0
		sleep 0.05
	done
	for p in "${_PIDS[@]+"${_PIDS[@]}"}"; do kill -KILL "$p" 2>/dev/null; done
	for ns in "${_NSLIST[@]+"${_NSLIST[@]}"}"; do
		ip netns pids "$ns" 2>/dev/null | xargs -r kill -KILL 2>/dev/null
	done
	sleep 0.1
}

_cleanup() {
	local rc=$?
	trap - EXIT INT TERM HUP
	_kill_all
	# A sanitizer build reports at exit, i.e. during the teardown above;
	# such a report fails an otherwise passing test.
	if [ $rc = 0 ] && [ -n "$_T" ]; then
		sleep 0.2   # let the log stampers drain
		if grep -l -E 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$_T"/*.log 2>/dev/null; then
			say "FAIL: sanitizer report in a daemon log"
			rc=1
		fi
	fi
	local ns
	for ns in "${_NSLIST[@]+"${_NSLIST[@]}"}"; do
		ip netns del "$ns" 2>/dev/null
	done
	if [ $rc != 0 ] && [ $rc != 77 ] && [ -n "$_T" ]; then
		say "exit $rc; logs follow (kept in $_T)"
		dump_logs
	elif [ -n "$_T" ] && [ -z "${KEEP_TMP:-}" ]; then
		rm -rf "$_T"
	fi
	exit $rc
}
trap _cleanup EXIT
trap 'exit 99' INT TERM HUP

# --- time and waits ------------------------------------------------------------

now() { printf '%s\n' "$EPOCHREALTIME"; }
# ms_between T0 T1 -> integer milliseconds (T1 - T0)
ms_between() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%d\n", (b - a) * 1000 + 0.5 }'; }

# wait_for TIMEOUT_S DESCRIPTION CMD...: poll CMD every 50 ms until it
# succeeds; returns 1 (and says what it waited for) on timeout, or at once
# when CMD returns WAIT_ABORT (it knows success can no longer come).
WAIT_ABORT=3
wait_for() {
	local timeout=$1 desc=$2; shift 2
	local deadline rc
	deadline=$(awk -v n="$EPOCHREALTIME" -v t="$timeout" 'BEGIN { printf "%.6f", n + t }')
	while :; do
		rc=0
		"$@" || rc=$?
		[ $rc = 0 ] && return 0
		if [ $rc = "$WAIT_ABORT" ]; then
			say "gave up waiting for: $desc"
			return 1
		fi
		if awk -v n="$EPOCHREALTIME" -v d="$deadline" 'BEGIN { exit !(n > d) }'; then
			say "timed out after ${timeout}s waiting for: $desc"
			return 1
		fi
		sleep 0.05
	done
}

# --- topology --------------------------------------------------------------------

ns() { printf '%s-%s\n' "$PFX" "$1"; }

host_ip() {
	case $1 in
	lb1) echo "$SUBNET.11" ;;
	lb2) echo "$SUBNET.12" ;;
	lb3) echo "$SUBNET.13" ;;
	cl) echo "$SUBNET.100" ;;
	*) die "no address for role $1" ;;
	esac
}

_ns_add() {
	ip netns add "$1" || die "ip netns add $1"
	_NSLIST+=("$1")
	ip -n "$1" link set lo up || die "lo up in $1"
}

# topo_setup ROLE...: switch plus one host namespace per role.
topo_setup() {
	local sw role h
	sw=$(ns sw)
	_ns_add "$sw"
	ip -n "$sw" link add br0 type bridge stp_state 0 forward_delay 0 ||
		die "bridge in $sw"
	ip -n "$sw" link set br0 up || die "br0 up"
	for role in "$@"; do
		h=$(ns "$role")
		_ns_add "$h"
		ip -n "$sw" link add "p-$role" type veth peer name eth0 netns "$h" ||
			die "veth for $role"
		ip -n "$sw" link set "p-$role" master br0 up || die "port p-$role"
		ip -n "$h" addr add "$(host_ip "$role")/24" dev eth0 || die "addr $role"
		ip -n "$h" link set eth0 up || die "eth0 up in $h"
	done
}

link_down() { ip -n "$(ns "$1")" link set "${2:-eth0}" down || die "link down $1"; }
link_up()   { ip -n "$(ns "$1")" link set "${2:-eth0}" up || die "link up $1"; }

# --- VIP checks ------------------------------------------------------------------

vip_on() {
	ip -n "$(ns "$1")" -4 -o addr show 2>/dev/null | grep -q " inet $VIP/"
}

# Roles that hold the VIP, space separated.
vip_holders() {
	local r out=""
	for r in "${LB_ROLES[@]}"; do vip_on "$r" && out="$out $r"; done
	printf '%s\n' "${out# }"
}

vip_only_on() { [ "$(vip_holders)" = "$1" ]; }

assert_vip_only_on() {
	local h
	h=$(vip_holders)
	[ "$h" = "$1" ] || fail "VIP $VIP expected only on $1, held by: '${h:-nobody}'"
}

LB_ROLES=(lb1 lb2)

# --- configs -----------------------------------------------------------------------

# mk_conf FILE ROUTER_ID PRIORITY [EXTRA_INSTANCE_LINES [EXTRA_GLOBAL_LINES]]
mk_conf() {
	cat >"$1" <<EOF
global_defs {
	router_id $2
	script_user root
${5:-}
}

vrrp_instance VI_1 {
	state BACKUP
	interface eth0
	virtual_router_id 51
	priority $3
	advert_int 1
${4:-}
	virtual_ipaddress {
		$VIP/24
	}
}
EOF
}

tmp() { printf '%s/%s\n' "$_T" "$1"; }

# add_tcp_check_vs FILE: a virtual server on the VIP with one real server
# ($SUBNET.100:9090, nobody listening: DOWN) under TCP_CHECK, so that floatd
# starts its checker child
add_tcp_check_vs() {
	cat >>"$1" <<EOF

virtual_server $VIP 80 {
	delay_loop 1
	lb_algo rr
	lb_kind NAT
	protocol TCP
	real_server $SUBNET.100 9090 {
		TCP_CHECK {
			connect_timeout 1
		}
	}
}
EOF
}

# floatd_t ARGS...: `floatd -t ARGS`, true when floatd would start with
# that config: exit 0 (clean) or 3 (warnings only, printed by -t).  Any
# other status (1: errors, 2: usage) is returned as is.
floatd_t() {
	local rc=0
	"$FLOATD" -t "$@" || rc=$?
	[ "$rc" = 3 ] && return 0
	return "$rc"
}

# --- daemons -------------------------------------------------------------------------
# Tests run in parallel (make -jN check; tests/timed.sh holds the locks a
# test names in a "# test-lock:" line), and the namespaces share the host's
# file system, so every file a daemon writes is in the test's temp dir: PID
# files, control socket, state dir (maintenance flag), SIGUSR1/SIGUSR2 dumps,
# the restart-in-place state.
# keepalived gets all four pid files (parent, VRRP, checker, BFD) there too:
# strace of keepalived 2.2.7 started so shows no other file under /run, /tmp
# or /var (without -b it unlinks /run/bfd.pid at exit).  What stays global:
# /run/floatd/vmac-base.NETNS_INODE.IFNAME, named after the namespace's
# inode, which is unique while the namespace exists.

# Stamp every line with the wall clock as it arrives.
_stamp() {
	local line
	while IFS= read -r line; do
		printf '%s %s\n' "$EPOCHREALTIME" "$line"
	done
}

declare -A NODE_PID NODE_IMPL

node_log() { tmp "$1.log"; }

# start_node ROLE CONF [IMPL]: background the daemon in ROLE's namespace.
start_node() {
	local role=$1 conf=$2 impl=${3:-$UNDER_TEST} n log
	n=$(ns "$role")
	log=$(node_log "$role")
	printf '%s ----- harness: start %s (%s) %s\n' "$EPOCHREALTIME" "$role" "$impl" "$conf" >>"$log"
	case $impl in
	floatd)
		[ -x "${FLOATD:-}" ] || die "floatd requested but FLOATD not executable"
		mkdir -p "$(tmp "$role-dumps")"
		ip netns exec "$n" "$FLOATD" -f "$conf" -n -l -D -p "$(tmp "$role-floatd.pid")" \
			--control-socket "$(ctl_socket "$role")" --state-dir "$(tmp "$role-state")" \
			--dump-dir "$(tmp "$role-dumps")" --restart-state "$(tmp "$role-restart-state")" \
			> >(_stamp >>"$log") 2>&1 &
		;;
	keepalived)
		need_keepalived
		ip netns exec "$n" "$KEEPALIVED" -n -l -D --vrrp -f "$conf" \
			-p "$(tmp "$role-ka.pid")" -r "$(tmp "$role-ka-vrrp.pid")" \
			-c "$(tmp "$role-ka-chk.pid")" -b "$(tmp "$role-ka-bfd.pid")" \
			> >(_stamp >>"$log") 2>&1 &
		;;
	*) die "unknown implementation $impl" ;;
	esac
	NODE_PID[$role]=$!
	NODE_IMPL[$role]=$impl
	_PIDS+=("$!")
}

node_alive() { _pid_alive "${NODE_PID[$1]}"; }

# Each floatd node gets its own control socket in the test's temp dir (the
# namespaces share the host's file system, so the default path would clash).
ctl_socket() { tmp "$1-ctl.sock"; }
# ctl ROLE ARGS...: floatctl against ROLE's daemon
ctl() { local r=$1; shift; "${FLOATCTL:-${FLOATD%/*}/floatctl}" --socket "$(ctl_socket "$r")" "$@"; }

# stop_node ROLE SIG: signal the daemon; does not wait.  A SIGKILL also
# kills keepalived's VRRP child, so "the daemon crashed" means the same
# thing for both implementations.
stop_node() {
	local role=$1 sig=$2 child
	printf '%s ----- harness: kill -%s %s\n' "$EPOCHREALTIME" "$sig" "$role" >>"$(node_log "$role")"
	if [ "${NODE_IMPL[$role]}" = keepalived ] && [ "$sig" = KILL ]; then
		child=$(cat "$(tmp "$role-ka-vrrp.pid")" 2>/dev/null)
		[ -n "$child" ] && kill -KILL "$child" 2>/dev/null
	fi
	kill "-$sig" "${NODE_PID[$role]}" || die "kill -$sig $role"
}

# wait_exit ROLE TIMEOUT: wait for the daemon to exit; sets exit_rc to its
# status (must not run in a subshell: only this shell can reap it).
exit_rc=""
wait_exit() {
	wait_for "$2" "$1 daemon exit" eval '! node_alive '"$1" || return 1
	exit_rc=0
	wait "${NODE_PID[$1]}" 2>/dev/null || exit_rc=$?
}

# stop_clean ROLE: SIGTERM, and the daemon exits within 10 s with status
# 0, else fail
stop_clean() {
	stop_node "$1" TERM
	wait_exit "$1" 10 || fail "$1 did not exit"
	[ "$exit_rc" = 0 ] || fail "$1 exited with $exit_rc"
}

# log_has ROLE REGEX [SINCE_EPOCH]: extended regex over the stamped log.
log_has() {
	awk -v re="$2" -v since="${3:-0}" '($1 + 0) >= (since + 0) && $0 ~ re { f = 1; exit } END { exit !f }' \
		"$(node_log "$1")" 2>/dev/null
}

# log_time ROLE REGEX [SINCE_EPOCH]: stamp of the first matching line.
log_time() {
	awk -v re="$2" -v since="${3:-0}" '($1 + 0) >= (since + 0) && $0 ~ re { print $1; f = 1; exit } END { exit !f }' \
		"$(node_log "$1")" 2>/dev/null
}

MASTER_RE='\(VI_1\) Entering MASTER STATE'
BACKUP_RE='\(VI_1\) Entering BACKUP STATE'

# _state_seen ROLE REGEX SINCE: the log has it; aborts the wait if the
# daemon has exited (it will never log it then).
_state_seen() {
	log_has "$1" "$2" "$3" && return 0
	if ! node_alive "$1"; then
		say "$1 daemon (${NODE_IMPL[$1]}) is not running"
		return "$WAIT_ABORT"
	fi
	return 1
}
wait_master() { wait_for "${2:-10}" "$1 MASTER" _state_seen "$1" "$MASTER_RE" "${3:-0}"; }
wait_backup() { wait_for "${2:-10}" "$1 BACKUP" _state_seen "$1" "$BACKUP_RE" "${3:-0}"; }

# --- client prober ---------------------------------------------------------------------

PROBE=""
_find_probe() {
	local b src
	for b in "${TOP_BUILDDIR:-}/tests/netns/probe" "$(dirname "$0")/probe"; do
		[ -x "$b" ] && { PROBE=$b; return 0; }
	done
	src="${TOP_SRCDIR:-$(dirname "$0")/../..}/tests/netns/probe.c"
	[ -r "$src" ] || die "probe.c not found"
	cc -O2 -Wall -o "$(tmp probe)" "$src" || die "cannot build probe"
	PROBE=$(tmp probe)
}

PROBE_PID=""
# probe_start DURATION_S [INTERVAL_MS]: ICMP echo to the VIP from the client.
probe_start() {
	[ -n "$PROBE" ] || _find_probe
	ip netns exec "$(ns cl)" "$PROBE" -d "$1" -i "${2:-10}" "$VIP" >"$(tmp probe.out)" 2>&1 &
	PROBE_PID=$!
	_PIDS+=("$PROBE_PID")
}

# probe_stop: SIGINT the probe, wait for its summary; sets probe_* variables.
probe_stop() {
	kill -INT "$PROBE_PID" 2>/dev/null
	wait_for 5 "probe summary" eval '! _pid_alive '"$PROBE_PID" || die "probe did not stop"
	wait "$PROBE_PID" 2>/dev/null
	probe_parse
}

probe_parse() {
	local line k v
	line=$(grep '^sent=' "$(tmp probe.out)" | tail -n 1)
	[ -n "$line" ] || die "no probe summary: $(cat "$(tmp probe.out)")"
	for kv in $line; do
		k=${kv%%=*}; v=${kv#*=}
		printf -v "probe_$k" '%s' "$v"
	done
}

# ping_once ROLE ADDR: one bounded probe round (used for reachability checks).
reachable() {
	[ -n "$PROBE" ] || _find_probe
	ip netns exec "$(ns cl)" "$PROBE" -d 1 -i 50 -n 1 "$1" >/dev/null 2>&1
}

# --- IPv6 -------------------------------------------------------------------
# Hosts also get fd99::ROLE/64 (nodad); the IPv6 VIP is fd99::50.  VRRPv3
# over IPv6 sends from the link-local address, so wait_ll waits for it to
# leave DAD before the daemons start.

SUBNET6=fd99:
VIP6=fd99::50

host_ip6() {
	case $1 in
	lb1) echo "fd99::11" ;;
	lb2) echo "fd99::12" ;;
	lb3) echo "fd99::13" ;;
	cl) echo "fd99::100" ;;
	*) die "no IPv6 address for role $1" ;;
	esac
}

# topo_add_v6 ROLE...: global IPv6 address on each host's eth0.
topo_add_v6() {
	local role
	for role in "$@"; do
		ip -n "$(ns "$role")" -6 addr add "$(host_ip6 "$role")/64" dev eth0 nodad ||
			die "IPv6 addr $role"
	done
}

_ll_ready() {
	ip -n "$(ns "$1")" -6 addr show dev eth0 scope link 2>/dev/null | grep -q 'inet6 fe80' &&
		! ip -n "$(ns "$1")" -6 addr show dev eth0 tentative 2>/dev/null | grep -q inet6
}
# wait_ll ROLE...: link-local addresses usable (DAD done).
wait_ll() {
	local role
	for role in "$@"; do
		wait_for 10 "$role link-local address" _ll_ready "$role" || die "no link-local on $role"
	done
}

vip6_on() {
	ip -n "$(ns "$1")" -6 -o addr show 2>/dev/null | grep -q " inet6 $VIP6/"
}

vip6_holders() {
	local r out=""
	for r in "${LB_ROLES[@]}"; do vip6_on "$r" && out="$out $r"; done
	printf '%s\n' "${out# }"
}
vip6_only_on() { [ "$(vip6_holders)" = "$1" ]; }

# mac_of ROLE: eth0's MAC address.
mac_of() { ip -n "$(ns "$1")" link show eth0 | awk '/link\/ether/ { print $2 }'; }

# neigh6_mac ROLE ADDR: the link-layer address ROLE's neighbour cache has for ADDR.
neigh6_mac() {
	ip -n "$(ns "$1")" -6 neigh show "$2" dev eth0 2>/dev/null |
		awk '{ for (i = 1; i < NF; i++) if ($i == "lladdr") print $(i + 1) }'
}
neigh6_is() { [ "$(neigh6_mac "$1" "$2")" = "$3" ]; }

# mk_conf6 FILE ROUTER_ID PRIORITY [EXTRA_INSTANCE_LINES [EXTRA_GLOBAL_LINES]]
mk_conf6() {
	cat >"$1" <<EOC
global_defs {
	router_id $2
	script_user root
${5:-}
}

vrrp_instance VI_1 {
	state BACKUP
	interface eth0
	virtual_router_id 51
	priority $3
	advert_int 1
	version 3
${4:-}
	virtual_ipaddress {
		$VIP6/64
	}
}
EOC
}

# --- TCP service, nftables, links (accept mode, VMAC, routes) ------------
# A TCP service on 0.0.0.0:SVC_PORT in a host namespace answers with the
# role's name, so the client can tell which host took its connection.

SVC_PORT=8080

need_socat() { command -v socat >/dev/null 2>&1 || skip "socat not installed"; }
need_nft() { command -v nft >/dev/null 2>&1 || skip "nft (Debian package nftables) not installed"; }
# vrrp_cut ROLE / vrrp_heal ROLE: ROLE drops (again takes) every IPv4 VRRP
# packet it receives (nftables input hook): a split brain on the VRRP path
# only, the rest of the LAN untouched
vrrp_cut() {
	ip netns exec "$(ns "$1")" nft -f - <<-'EON' || die "nft (VRRP cut) in $1"
	table inet fd_vrrpcut {
		chain in { type filter hook input priority 0; ip protocol 112 drop; }
	}
	EON
}
vrrp_heal() { ip netns exec "$(ns "$1")" nft delete table inet fd_vrrpcut || die "nft delete in $1"; }

_svc_listening() { ip netns exec "$(ns "$1")" ss -Hltn "sport = :$SVC_PORT" 2>/dev/null | grep -q LISTEN; }
# svc_start ROLE: background the service (stopped by the teardown).
svc_start() {
	need_socat
	ip netns exec "$(ns "$1")" socat "TCP-LISTEN:$SVC_PORT,fork,reuseaddr" "SYSTEM:echo $1" \
		>>"$(tmp "svc-$1.log")" 2>&1 &
	_PIDS+=("$!")
	wait_for 5 "service listening on $1" _svc_listening "$1" || die "service on $1 did not start"
}

# tcp_get ADDR: connect from the client (1 s connect timeout); prints the
# answer, or "drop" (no answer at all: timed out), "refused" (RST) or
# "error: ..." and returns 1 then.
tcp_get() {
	local out err
	err=$(tmp tcp_get.err)
	out=$(ip netns exec "$(ns cl)" timeout 4 socat -T 2 - \
		"TCP:$1:$SVC_PORT,connect-timeout=1" </dev/null 2>"$err")
	if [ -n "$out" ]; then
		printf '%s\n' "$out"
		return 0
	fi
	if grep -qi 'timed out' "$err"; then
		echo drop
	elif grep -qi 'refused' "$err"; then
		echo refused
	else
		echo "error: $(tr '\n' ' ' <"$err")"
	fi
	return 1
}
# tcp_is ADDR ANSWER: the client's connection to ADDR gets ANSWER (or drop/refused).
tcp_is() { [ "$(tcp_get "$1")" = "$2" ]; }

# nft_tables ROLE: "FAMILY NAME" of every nftables table in ROLE's namespace.
nft_tables() { ip netns exec "$(ns "$1")" nft list tables 2>/dev/null | awk '$1 == "table" { print $2, $3 }'; }
has_floatd_table() { nft_tables "$1" | grep -qx 'inet floatd'; }
# nft_set_elems ROLE SET: the elements of set SET in table inet floatd,
# space separated and sorted; empty when the set is empty or absent.
nft_set_elems() {
	ip netns exec "$(ns "$1")" nft list set inet floatd "$2" 2>/dev/null |
		awk '/elements = \{/ { on = 1; sub(/.*elements = \{/, "") }
		     on { t = t " " $0; if (/\}/) on = 0 }
		     END { gsub(/[{},]/, " ", t); n = split(t, a, " ")
		           for (i = 1; i <= n; i++) print a[i] }' | sort | tr '\n' ' ' | sed 's/ $//'
}

# link_ifindex ROLE DEV / link_is_up ROLE DEV (administratively up) / link_mac ROLE DEV
link_ifindex() { ip -n "$(ns "$1")" -o link show dev "$2" 2>/dev/null | awk -F': ' '{ print $1; exit }'; }
link_is_up() { ip -n "$(ns "$1")" -o link show dev "$2" 2>/dev/null | grep -q '[<,]UP[,>]'; }
link_mac() { ip -n "$(ns "$1")" -o link show dev "$2" 2>/dev/null | awk '{ for (i = 1; i < NF; i++) if ($i == "link/ether") print $(i + 1) }'; }
# macvlans ROLE: names of the macvlan links in ROLE's namespace.
macvlans() {
	ip -n "$(ns "$1")" -d -o link show type macvlan 2>/dev/null | awk -F': ' '{ sub(/@.*/, "", $2); print $2 }'
}
# vip_dev ROLE: the device that holds the IPv4 VIP on ROLE (empty if none).
vip_dev() { ip -n "$(ns "$1")" -4 -o addr show 2>/dev/null | awk -v v="$VIP" '$4 ~ "^" v "/" { print $2; exit }'; }

# neigh4_mac ROLE ADDR: the lladdr of ROLE's IPv4 neighbour entry for ADDR.
neigh4_mac() {
	ip -n "$(ns "$1")" -4 neigh show "$2" dev eth0 2>/dev/null |
		awk '{ for (i = 1; i < NF; i++) if ($i == "lladdr") print $(i + 1) }'
}

# sysctl_of ROLE PATH: a sysctl inside ROLE's namespace, as a path under
# /proc/sys (net/ipv4/conf/vrrp.51/arp_ignore: interface names may hold dots).
sysctl_of() { ip netns exec "$(ns "$1")" cat "/proc/sys/$2" 2>/dev/null; }

# --- hostile LAN host (tests/netns/rawsend.c) -----------------------------------

RAWSEND=""
# find_rawsend: sets RAWSEND (built by make check, or compiled here).
find_rawsend() {
	local b src
	for b in "${TOP_BUILDDIR:-}/tests/netns/rawsend" "$(dirname "$0")/rawsend"; do
		[ -x "$b" ] && { RAWSEND=$b; return 0; }
	done
	src="${TOP_SRCDIR:-$(dirname "$0")/../..}/tests/netns/rawsend.c"
	[ -r "$src" ] || die "rawsend.c not found"
	cc -O2 -Wall -o "$(tmp rawsend)" "$src" || die "cannot build rawsend"
	RAWSEND=$(tmp rawsend)
}

# --- advertisements seen on the wire ---------------------------------------------------

ADV_CAP="" ADV_PID=""
# advert_capture ROLE: tcpdump of VRRP (protocol 112) on ROLE's eth0, wall
# clock stamps (-tt), into $ADV_CAP until advert_capture_stop; returns once
# tcpdump is listening.
advert_capture() {
	local err
	ADV_CAP=$(tmp "adverts-$1.txt")
	err=$(tmp "tcpdump-$1.err")
	ip netns exec "$(ns "$1")" tcpdump -i eth0 -n -tt -l -p proto 112 >"$ADV_CAP" 2>"$err" &
	ADV_PID=$!
	_PIDS+=("$ADV_PID")
	wait_for 5 "tcpdump listening" grep -q 'listening on' "$err" ||
		die "tcpdump did not start: $(cat "$err")"
}
advert_capture_stop() {
	kill -INT "$ADV_PID" 2>/dev/null
	wait_for 5 "tcpdump exit" eval '! _pid_alive '"$ADV_PID" || die "tcpdump did not stop"
}
# advert_gaps SRC SINCE [UNTIL]: "COUNT LARGEST_GAP_MS AT" for the adverts
# from SRC captured between the two wall-clock times (AT: the stamp where
# the largest gap starts).
advert_gaps() {
	awk -v src="$1" -v s="$2" -v e="${3:-9999999999}" '
		$2 == "IP" && $3 == src && ($1 + 0) >= s && ($1 + 0) <= e {
			if (prev != "") { g = ($1 - prev) * 1000; if (g > max) { max = g; at = prev } }
			prev = $1; n++
		}
		END { printf "%d %d %s\n", n, max + 0.5, at }' "$ADV_CAP"
}
