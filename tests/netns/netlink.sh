#!/bin/sh
# Runs tests/unit/sys_netlink_test (lib/netlink.c, src/vrrp/garp.c) inside a
# private network namespace holding one veth pair (dum0 and its peer; veth
# rather than dummy, which not every kernel has), so nothing touches the
# host's interfaces.  automake exit codes: 0 pass, 1 fail, 77 skip, 99 error.
set -u

say() { printf 'netlink.sh: %s\n' "$*"; }
[ "$(id -u)" = 0 ] || { say "SKIP: needs root"; exit 77; }
command -v ip >/dev/null 2>&1 || { say "SKIP: iproute2 missing"; exit 77; }

BIN=${TOP_BUILDDIR:-$(dirname "$0")/../..}/tests/unit/sys_netlink_test
[ -x "$BIN" ] || { say "ERROR: $BIN not built"; exit 99; }

NS="fdnl$$"
IF=dum0
cleanup() { ip netns del "$NS" 2>/dev/null; }
trap cleanup EXIT
trap 'exit 99' INT TERM HUP

ip netns add "$NS" 2>/dev/null || { say "SKIP: ip netns unusable here"; exit 77; }
ip -n "$NS" link set lo up &&
	ip -n "$NS" link add "$IF" type veth peer name "${IF}p" &&
	ip -n "$NS" link set "${IF}p" up &&
	ip -n "$NS" link set "$IF" up || { say "ERROR: netns setup"; exit 99; }
# IPv4 conf is inherited from the host namespace; the primary-address test
# expects no promotion of secondaries.
ip netns exec "$NS" sh -c "echo 0 > /proc/sys/net/ipv4/conf/all/promote_secondaries &&
	echo 0 > /proc/sys/net/ipv4/conf/$IF/promote_secondaries" ||
	{ say "ERROR: sysctl"; exit 99; }

FLOATD_NETLINK_IN_NETNS=1 NL_IF=$IF NL_PEER=${IF}p ip netns exec "$NS" "$BIN"
