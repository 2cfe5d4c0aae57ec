#!/bin/bash
# The words of a VIP line reach the kernel as keepalived puts them there:
#  - IPv4: `brd +` and `broadcast ADDR` (IFA_BROADCAST), `label`;
#  - IPv6: `preferred_lft 0` (deprecated: never picked as a source address,
#    valid forever), `noprefixroute` (no prefix route), `home` and
#    `mngtmpaddr` (IFA_FLAGS past the first 8 bits), and no DAD unless
#    `-nodad` is given;
# on MASTER, and all gone again after SIGTERM.  promote_secondaries sets
# the interface's sysctl while the daemon runs and puts back the 0 it found.
# Runs with FLOATD_UNDER_TEST=keepalived too: the same checks hold there.
. "$(dirname "$0")/lib.sh"

topo_setup lb1
wait_ll lb1
cat >"$(tmp lb1.conf)" <<EOF
global_defs {
	router_id lb1
}
vrrp_instance V4 {
	state MASTER
	interface eth0
	virtual_router_id 51
	priority 150
	advert_int 1
	promote_secondaries
	virtual_ipaddress {
		$VIP/24 brd +
		$SUBNET.201/24 broadcast $SUBNET.250 label eth0:v1
	}
}
vrrp_instance V6 {
	state MASTER
	interface eth0
	virtual_router_id 52
	priority 150
	advert_int 1
	version 3
	virtual_ipaddress {
		fd98::10/64 preferred_lft 0 noprefixroute
		fd99::11/64 home mngtmpaddr
		fd99::12/64 -nodad
	}
}
EOF
promote() { ip netns exec "$(ns lb1)" cat /proc/sys/net/ipv4/conf/eth0/promote_secondaries; }
[ "$(promote)" = 0 ] || die "promote_secondaries is $(promote) before the start"
start_node lb1 "$(tmp lb1.conf)"

addr_line() { ip -n "$(ns lb1)" -o addr show dev eth0 to "$1" 2>/dev/null; }
has_all_vips() {
	local a
	for a in "$VIP" "$SUBNET.201" fd98::10 fd99::11 fd99::12; do
		[ -n "$(addr_line "$a")" ] || return 1
	done
}
wait_for 15 "every VIP on lb1" has_all_vips ||
	fail "VIPs missing: $(ip -n "$(ns lb1)" -o addr show dev eth0 | tr -s ' ' | cut -d' ' -f4 | tr '\n' ' ')"

# expect ADDR PATTERN WHAT: the `ip -o addr` line of ADDR matches PATTERN
expect() {
	local line
	line=$(addr_line "$1")
	grep -Eq -- "$2" <<<"$line" || fail "$1: $3: got '$line'"
	say "$1: $3"
}
# refuse ADDR PATTERN WHAT: it does not
refuse() {
	local line
	line=$(addr_line "$1")
	grep -Eq -- "$2" <<<"$line" && fail "$1: $3: got '$line'"
	say "$1: $3"
}
expect "$VIP" "inet $VIP/24 brd $SUBNET\\.255 " "brd + sets the host bits"
expect "$SUBNET.201" "inet $SUBNET\\.201/24 brd $SUBNET\\.250 .* eth0:v1" "broadcast and label"
expect fd98::10 " deprecated " "preferred_lft 0: deprecated"
expect fd98::10 "valid_lft forever preferred_lft 0sec" "preferred_lft 0: valid forever"
expect fd98::10 " noprefixroute" "noprefixroute"
expect fd98::10 " nodad " "no DAD by default"
ip -n "$(ns lb1)" -6 route show dev eth0 | grep -q '^fd98::/64' &&
	fail "noprefixroute: fd98::/64 has a route: $(ip -n "$(ns lb1)" -6 route show dev eth0 | tr '\n' ';')"
say "fd98::10: no fd98::/64 prefix route"
expect fd99::11 " home " "home"
expect fd99::11 " mngtmpaddr" "mngtmpaddr"
refuse fd99::11 " deprecated " "not deprecated without preferred_lft"
refuse fd99::12 " nodad " "-nodad: DAD runs"
[ "$(promote)" = 1 ] || fail "promote_secondaries on eth0 is $(promote), expected 1"
say "promote_secondaries: eth0 set to 1"

stop_node lb1 TERM
wait_exit lb1 10 || fail "lb1 did not exit after SIGTERM"
for a in "$VIP" "$SUBNET.201" fd98::10 fd99::11 fd99::12; do
	[ -z "$(addr_line "$a")" ] || fail "$a still on lb1 after SIGTERM: $(addr_line "$a")"
done
say "every VIP removed after SIGTERM"
[ "$(promote)" = 0 ] || fail "promote_secondaries on eth0 left at $(promote) after the stop"
say "promote_secondaries: eth0 back to 0 after the stop"
say "PASS ($UNDER_TEST)"
