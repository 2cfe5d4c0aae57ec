#!/usr/bin/env bash
# net_namespace NAME: floatd is started in the test's "host" namespace
# (lb1) and does its VRRP work in a second one (lb2, made by `ip netns add`
# like every namespace here, so /run/netns/NAME exists):
#  - the VIP appears on lb2's eth0 and not on lb1's;
#  - floatctl from the host namespace reaches the control socket (a path,
#    which stays where the host sees it) and reports MASTER;
#  - the PID file holds floatd's pid; SIGUSR1's dump file is written;
#  - the log identity is floatd_NAME (floatd-checker_NAME), as keepalived's;
#  - the checker child runs in lb2 too: a real server on 127.0.0.1 inside
#    lb2 (unreachable from lb1) comes UP;
#  - a reload that changes net_namespace is refused (keepalived: restart);
#  - a net_namespace that does not exist: floatd refuses to start (exit 1),
#    as keepalived does.
. "$(dirname "$0")/lib.sh"
need_socat

topo_setup lb1 lb2
HOST=$(ns lb1)
INNER=$(ns lb2)
PIDF=$(tmp floatd.pid)
SOCK=$(tmp ctl.sock)
DUMPS=$(tmp dumps)
mkdir -p "$DUMPS"

# a TCP service on lb2's loopback: only a checker inside lb2 can reach it
ip netns exec "$INNER" socat "TCP-LISTEN:$SVC_PORT,bind=127.0.0.1,fork,reuseaddr" \
	"SYSTEM:echo inner" >>"$(tmp svc.log)" 2>&1 &
_PIDS+=("$!")
_inner_listening() { ip netns exec "$INNER" ss -Hltn "sport = :$SVC_PORT" | grep -q LISTEN; }
wait_for 5 "service on lb2's loopback" _inner_listening || die "service did not start"
ip netns exec "$HOST" ss -Hltn "sport = :$SVC_PORT" | grep -q LISTEN &&
	die "the service is visible in the host namespace"

conf=$(tmp inner.conf)
mk_conf "$conf" lb2 150
cat >>"$conf" <<EOF
net_namespace $INNER
virtual_server 127.0.0.1 $SVC_PORT {
	protocol TCP
	delay_loop 1
	alpha
	real_server 127.0.0.1 $SVC_PORT {
		TCP_CHECK {
			connect_timeout 1
		}
	}
}
EOF

log=$(node_log lb1)
ip netns exec "$HOST" "$FLOATD" -f "$conf" -n -l -D -p "$PIDF" --control-socket "$SOCK" \
	--dump-dir "$DUMPS" --state-dir "$(tmp state)" > >(_stamp >>"$log") 2>&1 &
NODE_PID[lb1]=$!
NODE_IMPL[lb1]=floatd
_PIDS+=("$!")

wait_master lb1 10 || fail "floatd did not become MASTER"
_vip_inner() { vip_on lb2; }
wait_for 5 "VIP in the named namespace" _vip_inner || fail "VIP $VIP not on $INNER's eth0"
vip_on lb1 && fail "VIP $VIP appeared in the host namespace"
say "VIP $VIP is in $INNER, not in $HOST"
# keepalived appends the namespace to its syslog identity; so does floatd
log_has lb1 "floatd_$INNER: running in network namespace $INNER" ||
	fail "no 'floatd_$INNER: running in network namespace' line"

# the control socket answers from the host namespace
out=$(ip netns exec "$HOST" "${FLOATD%/*}/floatctl" --socket "$SOCK" status 2>&1) ||
	fail "floatctl from the host namespace failed: $out"
grep -q MASTER <<<"$out" || fail "floatctl status does not say MASTER: $out"
say "floatctl (host namespace) answered: $(grep -m1 VI_1 <<<"$out")"

# the PID file
[ -s "$PIDF" ] || fail "no PID file $PIDF"
[ "$(tr -d ' \n' <"$PIDF")" = "${NODE_PID[lb1]}" ] ||
	fail "PID file says $(cat "$PIDF"), floatd is ${NODE_PID[lb1]}"

# the dump file (SIGUSR1) in the directory given
kill -USR1 "${NODE_PID[lb1]}"
_dumped() { [ -s "$DUMPS/keepalived.data" ]; }
wait_for 5 "SIGUSR1 dump" _dumped || fail "no $DUMPS/keepalived.data after SIGUSR1"

# the checker child reaches lb2's loopback service
_rs_up() { log_has lb1 "real server 127.0.0.1:$SVC_PORT UP"; }
wait_for 10 "real server UP (checker inside $INNER)" _rs_up ||
	fail "the checker did not reach the service inside $INNER"
say "checker child: real server 127.0.0.1:$SVC_PORT UP inside $INNER"
log_has lb1 "floatd-checker_$INNER: .*real server 127.0.0.1:$SVC_PORT UP" ||
	fail "the checker's lines do not carry the floatd-checker_$INNER identity"

# a reload cannot move floatd to another namespace (keepalived neither):
# refused, the VIP stays where it is
sed -i "s/^net_namespace .*/net_namespace $HOST/" "$conf"
rc=0
out=$(ip netns exec "$HOST" "${FLOATD%/*}/floatctl" --socket "$SOCK" reload 2>&1) || rc=$?
[ "$rc" != 0 ] || fail "a reload changing net_namespace was accepted: $out"
grep -q "net_namespace cannot change at a reload" <<<"$out" ||
	fail "the refused reload does not say why: $out"
vip_on lb2 || fail "VIP gone from $INNER after the refused reload"
say "reload changing net_namespace refused: $out"

stop_node lb1 TERM
wait_exit lb1 15 || fail "floatd did not stop"
[ "$exit_rc" = 0 ] || fail "floatd exited with $exit_rc"
vip_on lb2 && fail "VIP left behind in $INNER"

# a namespace that does not exist: refused
bad=$(tmp bad.conf)
mk_conf "$bad" lb2 150
echo "net_namespace $PFX-nonexistent" >>"$bad"
rc=0
out=$(ip netns exec "$HOST" timeout 10 "$FLOATD" -f "$bad" -n -l -p "$(tmp bad.pid)" \
	--control-socket "$(tmp bad.sock)" --state-dir "$(tmp state)" 2>&1) || rc=$?
[ "$rc" = 1 ] || fail "floatd with a missing net_namespace exited $rc, not 1: $out"
grep -q "cannot enter network namespace $PFX-nonexistent" <<<"$out" ||
	fail "no 'cannot enter network namespace' message: $out"
say "missing namespace refused: $(grep -m1 -o 'cannot enter.*' <<<"$out")"
exit 0
