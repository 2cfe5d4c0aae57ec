#!/bin/bash
# The whole ip-route / ip-rule grammar against the kernel: a MASTER
# installs a representative set of virtual_routes (metrics with lock, a
# multipath nexthop route, blackhole, onlink, another table) and
# virtual_rules (fwmark/mask, uidrange, sport range, not, goto), the BACKUP
# has none, failover moves them; static_ipaddress / static_routes /
# static_rules are on both hosts whatever the state and gone at stop.
# Checked with `ip route show table N` and `ip rule show`.
. "$(dirname "$0")/lib.sh"

LB_ROLES=(lb1 lb2)
topo_setup lb1 lb2 cl
CL=$(host_ip cl)
GW2=$SUBNET.101   # a second gateway on the link, for the multipath route

extra="	virtual_routes {
		10.91.0.0/24 via $CL dev eth0 table 200 metric 5 mtu lock 1400 advmss 1360 rtt 300ms initcwnd 10 features ecn
		10.92.0.0/24 table 200 nexthop via $CL dev eth0 weight 2 nexthop via $GW2 dev eth0
		blackhole 10.93.0.0/24 table 200
		10.94.0.0/24 via 192.0.2.1 dev eth0 onlink table 200
		unreachable 10.95.0.0/24 table 200 protocol 99
	}
	virtual_rules {
		fwmark 0x10/0xff table 200 priority 1100
		from 10.96.0.0/24 uidrange 1000-2000 table 200 priority 1101
		to 10.97.0.0/24 ipproto tcp sport 1000-2000 dport 80 table 200 priority 1102
		not from 10.98.0.0/24 table 200 priority 1103
		from 10.98.1.0/24 goto 1110 priority 1104
		from 10.98.1.0/24 lookup 200 priority 1110
	}"
# static_ipaddress: a secondary on the VRRP link, one per host (a shared
# address would be a local source to the peer, which then drops its adverts);
# without dev, so it goes on default_interface's default, eth0
statics() {   # ROLE
	cat <<EOF
static_ipaddress {
	$(static_ip "$1")/24
}
static_routes {
	10.88.0.0/24 via $CL dev eth0 table 300 cwnd lock 20
	prohibit 10.88.1.0/24 table 300
}
static_rules {
	from 10.88.2.0/24 table 300 priority 1200
}
EOF
}
static_ip() { printf '%s.2%s\n' "$SUBNET" "${1#lb}"; }
for r in lb1 lb2; do
	prio=150
	[ $r = lb2 ] && prio=100
	mk_conf "$(tmp $r.conf)" $r $prio "$extra"
	statics $r >>"$(tmp $r.conf)"
done
"$FLOATD" -t -f "$(tmp lb1.conf)" >"$(tmp t.out)" 2>&1 || fail "-t rejected the config: $(cat "$(tmp t.out)")"

norm() { tr '\t' ' ' | tr -s ' ' | sed 's/ $//'; }
virt() {   # ROLE: the virtual routes and rules, as iproute2 prints them
	local n
	n=$(ns "$1")
	{
		ip -n "$n" -4 route show table 200
		ip -n "$n" -4 rule show | grep -E '^11(0[0-9]|10):'
	} 2>/dev/null | norm
}
stat() {   # ROLE: the static ones
	local n
	n=$(ns "$1")
	{
		ip -n "$n" -4 -o addr show dev eth0 | awk -v a="$(static_ip "$1")/24" '$4 == a { print "static", $5, $6, $7 }'
		ip -n "$n" -4 route show table 300
		ip -n "$n" -4 rule show | grep -E '^1200:'
	} 2>/dev/null | norm
}

VIRT="10.91.0.0/24 via $CL dev eth0 proto static metric 5 mtu lock 1400 rtt 300ms advmss 1360 initcwnd 10 features ecn
10.92.0.0/24 proto static
 nexthop via $CL dev eth0 weight 2
 nexthop via $GW2 dev eth0 weight 1
blackhole 10.93.0.0/24 proto static
10.94.0.0/24 via 192.0.2.1 dev eth0 proto static onlink
unreachable 10.95.0.0/24 proto openr
1100: from all fwmark 0x10/0xff lookup 200
1101: from 10.96.0.0/24 uidrange 1000-2000 lookup 200
1102: from all to 10.97.0.0/24 ipproto tcp sport 1000-2000 dport 80 lookup 200
1103: not from 10.98.0.0/24 lookup 200
1104: from 10.98.1.0/24 goto 1110
1110: from 10.98.1.0/24 lookup 200"
STAT="static scope global secondary
10.88.0.0/24 via $CL dev eth0 proto static cwnd lock 20
prohibit 10.88.1.0/24 proto static
1200: from 10.88.2.0/24 lookup 300"

if [ -n "${ROUTES_FULL_SHOW:-}" ]; then
	# discovery aid: print what the kernel shows instead of comparing
	start_node lb1 "$(tmp lb1.conf)"
	wait_master lb1 10 0 || fail "lb1 never MASTER"
	sleep 1
	virt lb1; echo ---; stat lb1; echo ---; cat "$(node_log lb1)"
	exit 1
fi

is_virt() { [ "$(virt "$1")" = "$VIRT" ]; }
no_virt() { [ -z "$(virt "$1")" ]; }
is_stat() { [ "$(stat "$1")" = "$STAT" ]; }
no_stat() { [ -z "$(stat "$1")" ]; }
show() { printf '%s has:\n%s\nexpected:\n%s\n' "$1" "$2" "$3"; }

check_master() {   # MASTER BACKUP
	wait_for 5 "virtual routes and rules on $1" is_virt "$1" ||
		fail "$(show "$1 (MASTER)" "$(virt "$1")" "$VIRT")"
	no_virt "$2" || fail "$2 (BACKUP) has:"$'\n'"$(virt "$2")"
	for r in "$1" "$2"; do
		wait_for 5 "statics on $r" is_stat "$r" || fail "$(show "$r" "$(stat "$r")" "$STAT")"
	done
	# the kernel uses them: fwmark 0x10 goes through rule 1100 to table 200
	ip -n "$(ns "$1")" -4 route get 10.91.0.9 mark 0x110 2>/dev/null | grep -q "via $CL" ||
		fail "$1: route get 10.91.0.9 mark 0x110: $(ip -n "$(ns "$1")" -4 route get 10.91.0.9 mark 0x110 2>&1)"
}

t0=$(now)
start_node lb1 "$(tmp lb1.conf)"
start_node lb2 "$(tmp lb2.conf)"
wait_master lb1 10 "$t0" || fail "lb1 never MASTER"
wait_backup lb2 10 "$t0" || fail "lb2 never BACKUP"
check_master lb1 lb2
say "lb1 MASTER: 5 routes (metrics+lock, multipath, blackhole, onlink, unreachable proto) and 6 rules; lb2 BACKUP: none; statics on both"

t1=$(now)
stop_node lb1 TERM
wait_exit lb1 10 || fail "lb1 did not exit"
wait_master lb2 10 "$t1" || fail "lb2 did not take over"
wait_for 5 "virtual routes on lb2" is_virt lb2 || fail "$(show lb2 "$(virt lb2)" "$VIRT")"
no_virt lb1 || fail "lb1 after stop has:"$'\n'"$(virt lb1)"
no_stat lb1 || fail "lb1 after stop still has its statics:"$'\n'"$(stat lb1)"
is_stat lb2 || fail "$(show lb2 "$(stat lb2)" "$STAT")"
say "SIGTERM lb1: virtual set on lb2, lb1 clean (statics removed at stop); lb2 keeps its statics"

# a static route on a link that goes down (the kernel flushes it) and up is put back
route_300_via() { ip -n "$(ns lb2)" -4 route show table 300 10.88.0.0/24 | grep -q via; }
t2=$(now)
link_down lb2
wait_for 5 "kernel flushed the static route with eth0" eval '! route_300_via' ||
	fail "10.88.0.0/24 still in table 300 with eth0 down"
link_up lb2
wait_for 10 "statics back on lb2 after link up" is_stat lb2 || fail "$(show lb2 "$(stat lb2)" "$STAT")"
say "lb2 eth0 down/up: statics re-added"

wait_master lb2 10 "$t2" || fail "lb2 not MASTER again after link up"
wait_for 5 "virtual routes on lb2 again" is_virt lb2 || fail "$(show lb2 "$(virt lb2)" "$VIRT")"

# reload (SIGHUP) with one static route replaced: the new one is added, the
# old one removed, the unchanged ones and the virtual set stay
sed -i 's|10.88.0.0/24 via|10.88.3.0/24 via|' "$(tmp lb2.conf)"
stop_node lb2 HUP
reloaded() {
	local t
	t=$(ip -n "$(ns lb2)" -4 route show table 300 | norm)
	grep -q '^10.88.3.0/24 via' <<<"$t" && ! grep -q '^10.88.0.0/24' <<<"$t" &&
		grep -q '^prohibit 10.88.1.0/24' <<<"$t"
}
wait_for 10 "static_routes changed by reload on lb2" reloaded ||
	fail "lb2 table 300 after reload: $(ip -n "$(ns lb2)" -4 route show table 300)"
is_virt lb2 || fail "$(show "lb2 after reload" "$(virt lb2)" "$VIRT")"
say "SIGHUP lb2 with a static route changed: new one added, old one removed, the rest kept"

stop_node lb2 TERM
wait_exit lb2 10 || fail "lb2 did not exit"
no_virt lb2 || fail "lb2 after stop:"$'\n'"$(virt lb2)"
no_stat lb2 || fail "lb2 after stop still has its statics:"$'\n'"$(stat lb2)"
say "after stop: nothing left on lb2"
for r in lb1 lb2; do
	! log_has "$r" 'cannot (add|remove) (virtual|static)_' ||
		fail "$r logged a failure: $(grep -E 'cannot (add|remove) (virtual|static)_' "$(node_log "$r")")"
done
say "no 'cannot add/remove' in either log"
say "PASS ($UNDER_TEST)"
