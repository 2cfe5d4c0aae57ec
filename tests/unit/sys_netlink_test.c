/* lib/netlink.c and src/vrrp/garp.c against a real kernel: runs inside the
 * private network namespace made by tests/netns/netlink.sh (veth link
 * $NL_IF, no addresses), exits 77 anywhere else so it can never touch the
 * host's interfaces.  Prints one "ok"/"not ok" line per assertion. */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_addr.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "log.h"
#include "loop.h"
#include "netlink.h"
#include "vrrp/garp.h"

static int n_ok, n_fail;
static const char *ifname;
static int ifindex;
static struct ev_loop *loop;

static void
check(int cond, const char *fmt, ...)
{
	va_list ap;

	printf("%s - ", cond ? "ok" : "not ok");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	if (cond)
		n_ok++;
	else
		n_fail++;
}

/* ---- events ---- */

#define MAX_EV 8192
static struct netlink_event evs[MAX_EV];
static int n_ev;

static void
on_event(void *arg, const struct netlink_event *ev)
{
	(void)arg;
	if (n_ev < MAX_EV)
		evs[n_ev++] = *ev;
}

/* Index of the first recorded event matching, or -1. */
static int
find_addr_ev(enum netlink_event_kind kind, int family, const char *addr)
{
	union { struct in_addr v4; struct in6_addr v6; } want;
	int i;

	if (inet_pton(family, addr, &want) != 1)
		return -1;
	for (i = 0; i < n_ev; i++)
		if (evs[i].kind == kind && evs[i].addr.family == family &&
		    evs[i].addr.ifindex == ifindex &&
		    memcmp(&evs[i].addr.addr, &want,
		           family == AF_INET ? 4 : 16) == 0)
			return i;
	return -1;
}

static int
find_link_ev(int up)
{
	int i;

	for (i = 0; i < n_ev; i++)
		if (evs[i].kind == NETLINK_EV_LINK && evs[i].ifindex == ifindex &&
		    evs[i].up == up && !evs[i].deleted)
			return i;
	return -1;
}

static int
count_kind(enum netlink_event_kind kind)
{
	int i, n = 0;

	for (i = 0; i < n_ev; i++)
		n += evs[i].kind == kind;
	return n;
}

static void
pump_done(struct loop_timer *t, void *arg)
{
	(void)t;
	loop_break(arg);
}

/* Run the loop for `ms` so pending events are delivered. */
static void
pump(uint64_t ms)
{
	struct loop_timer *t = loop_timer_new(loop, pump_done, loop);

	loop_timer_after(t, ms);
	loop_run(loop);
	loop_timer_free(t);
}

/* ---- helpers ---- */

static struct netlink_addr
mk(int family, const char *addr, int plen)
{
	struct netlink_addr a;

	memset(&a, 0, sizeof(a));
	a.family = family;
	a.ifindex = ifindex;
	a.prefixlen = (uint8_t)plen;
	if (inet_pton(family, addr, &a.addr) != 1) {
		fprintf(stderr, "bad address %s\n", addr);
		exit(99);
	}
	return a;
}

/* Output of a shell command (first 4 KiB). */
static const char *
sh(const char *fmt, ...)
{
	static char out[4096];
	char cmd[512];
	va_list ap;
	FILE *p;
	size_t n;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	p = popen(cmd, "r");
	if (p == NULL) {
		perror("popen");
		exit(99);
	}
	n = fread(out, 1, sizeof(out) - 1, p);
	out[n] = '\0';
	pclose(p);
	return out;
}

static int
run(const char *fmt, ...)
{
	char cmd[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	return system(cmd);
}

/* ---- tests ---- */

static void
test_add_label_scope(struct netlink *nl)
{
	struct netlink_addr a = mk(AF_INET, "192.0.2.10", 24), b;
	const char *out;
	int i;

	a.scope = RT_SCOPE_LINK;
	snprintf(a.label, sizeof(a.label), "%s:vip", ifname);
	a.has_brd = true;
	inet_pton(AF_INET, "192.0.2.255", &a.brd);
	n_ev = 0;
	check(netlink_addr_add(nl, &a, false) == 0, "add 192.0.2.10/24 label+scope+brd");
	out = sh("ip -4 -o addr show dev %s", ifname);
	check(strstr(out, "inet 192.0.2.10/24 brd 192.0.2.255 scope link") != NULL &&
	      strstr(out, ifname) != NULL && strstr(out, ":vip") != NULL,
	      "ip addr shows label and scope: %s", out);
	check(netlink_addr_add(nl, &a, false) == -EEXIST, "second add -> -EEXIST");
	check(netlink_addr_present(nl, &a) == 1, "present");
	b = a;
	b.prefixlen = 25;
	check(netlink_addr_present(nl, &b) == 0, "other prefixlen not present");
	b = mk(AF_INET, "192.0.2.11", 24);
	check(netlink_addr_present(nl, &b) == 0, "other address not present");
	pump(100);
	i = find_addr_ev(NETLINK_EV_ADDR_NEW, AF_INET, "192.0.2.10");
	check(i >= 0, "ADDR_NEW event");
	if (i >= 0)
		check(evs[i].addr.prefixlen == 24 && evs[i].addr.scope == RT_SCOPE_LINK &&
		      strcmp(evs[i].addr.label, a.label) == 0 && evs[i].addr.valid_lft == 0 &&
		      evs[i].addr.has_brd && evs[i].addr.brd.s_addr == a.brd.s_addr,
		      "event fields: plen %u scope %u label '%s' valid %u",
		      evs[i].addr.prefixlen, evs[i].addr.scope, evs[i].addr.label,
		      evs[i].addr.valid_lft);
}

static void
test_replace_lifetime(struct netlink *nl)
{
	struct netlink_addr a = mk(AF_INET, "192.0.2.10", 24);
	const char *out, *p;
	int lft = -1, i;

	a.scope = RT_SCOPE_LINK;
	snprintf(a.label, sizeof(a.label), "%s:vip", ifname);
	a.valid_lft = 100;
	a.preferred_lft = 50;
	n_ev = 0;
	check(netlink_addr_add(nl, &a, true) == 0, "replace with valid_lft 100");
	out = sh("ip -4 addr show dev %s to 192.0.2.10/32", ifname);
	p = strstr(out, "valid_lft ");
	if (p != NULL)
		lft = atoi(p + strlen("valid_lft "));
	check(lft >= 95 && lft <= 100, "valid_lft now %d", lft);
	pump(100);
	check(find_addr_ev(NETLINK_EV_ADDR_DEL, AF_INET, "192.0.2.10") < 0,
	      "no ADDR_DEL on replace");
	i = find_addr_ev(NETLINK_EV_ADDR_NEW, AF_INET, "192.0.2.10");
	check(i >= 0 && evs[i].addr.valid_lft > 0 && evs[i].addr.valid_lft <= 100,
	      "ADDR_NEW with finite lifetime");

	/* Back to forever; preferred 0 with valid forever is fine. */
	a.valid_lft = a.preferred_lft = 0;
	check(netlink_addr_add(nl, &a, true) == 0, "replace back to forever");
	out = sh("ip -4 addr show dev %s to 192.0.2.10/32", ifname);
	check(strstr(out, "valid_lft forever") != NULL, "forever again");
	/* Finite valid, forever preferred: clamped, not rejected. */
	a.valid_lft = 60;
	check(netlink_addr_add(nl, &a, true) == 0, "preferred clamped to valid");
	a.valid_lft = 0;
	netlink_addr_add(nl, &a, true);
}

static void
test_del(struct netlink *nl)
{
	struct netlink_addr a = mk(AF_INET, "192.0.2.10", 24);

	n_ev = 0;
	check(netlink_addr_del(nl, &a) == 0, "del");
	check(netlink_addr_present(nl, &a) == 0, "gone");
	check(strstr(sh("ip -4 -o addr show dev %s", ifname), "192.0.2.10") == NULL,
	      "ip addr agrees");
	check(netlink_addr_del(nl, &a) == -EADDRNOTAVAIL, "del again -> -EADDRNOTAVAIL");
	pump(100);
	check(find_addr_ev(NETLINK_EV_ADDR_DEL, AF_INET, "192.0.2.10") >= 0, "ADDR_DEL event");
	a.ifindex = 0;
	check(netlink_addr_add(nl, &a, false) == -EINVAL, "ifindex 0 -> -EINVAL");
	a = mk(AF_INET, "192.0.2.10", 33);
	check(netlink_addr_add(nl, &a, false) == -EINVAL, "prefixlen 33 -> -EINVAL");
}

static void
test_external(void)
{
	n_ev = 0;
	run("ip addr add 192.0.2.20/24 dev %s", ifname);
	pump(100);
	check(find_addr_ev(NETLINK_EV_ADDR_NEW, AF_INET, "192.0.2.20") >= 0,
	      "external add seen");
	run("ip addr del 192.0.2.20/24 dev %s", ifname);
	pump(100);
	check(find_addr_ev(NETLINK_EV_ADDR_DEL, AF_INET, "192.0.2.20") >= 0,
	      "external del seen");
}

static void
test_primary(struct netlink *nl)
{
	struct netlink_addr p, v6;
	const char *out;
	char buf[INET6_ADDRSTRLEN];
	int i, rc = -1;

	check(netlink_primary_addr(nl, ifindex, AF_INET, &p) == -EADDRNOTAVAIL,
	      "no IPv4 primary yet");
	run("ip addr add 198.51.100.1/24 dev %s", ifname);
	run("ip addr add 198.51.100.2/24 dev %s", ifname);   /* secondary */
	run("ip addr add 203.0.113.1/24 dev %s", ifname);    /* another primary */
	memset(&p, 0, sizeof(p));
	rc = netlink_primary_addr(nl, ifindex, AF_INET, &p);
	check(rc == 0 && p.addr.v4.s_addr == htonl(0xc6336401) && p.prefixlen == 24,
	      "IPv4 primary is 198.51.100.1 (got %s)",
	      inet_ntop(AF_INET, &p.addr.v4, buf, sizeof(buf)));
	run("ip addr del 198.51.100.1/24 dev %s", ifname);
	/* Promotion is off by default: the secondary goes with the primary,
	 * so the next primary is 203.0.113.1. */
	rc = netlink_primary_addr(nl, ifindex, AF_INET, &p);
	check(rc == 0 && p.addr.v4.s_addr == htonl(0xcb007101),
	      "after del, primary is 203.0.113.1 (got %s)",
	      inet_ntop(AF_INET, &p.addr.v4, buf, sizeof(buf)));
	check(netlink_primary_addr(nl, 0x7fff, AF_INET, &p) == -EADDRNOTAVAIL,
	      "no primary on unknown ifindex");

	/* IPv6: the kernel adds fe80::/64 on link up, usable after DAD. */
	for (i = 0; i < 50; i++) {
		rc = netlink_primary_addr(nl, ifindex, AF_INET6, &p);
		if (rc == 0)
			break;
		usleep(100000);
	}
	check(rc == 0 && IN6_IS_ADDR_LINKLOCAL(&p.addr.v6), "IPv6 link-local %s",
	      inet_ntop(AF_INET6, &p.addr.v6, buf, sizeof(buf)));

	v6 = mk(AF_INET6, "2001:db8::10", 64);
	v6.nodad = true;
	n_ev = 0;
	check(netlink_addr_add(nl, &v6, false) == 0, "add IPv6 nodad");
	check(netlink_addr_present(nl, &v6) == 1, "IPv6 present");
	check(strstr(sh("ip -6 -o addr show dev %s", ifname), "2001:db8::10/64") != NULL,
	      "ip -6 addr shows it");
	pump(100);
	i = find_addr_ev(NETLINK_EV_ADDR_NEW, AF_INET6, "2001:db8::10");
	check(i >= 0 && evs[i].addr.nodad, "IPv6 ADDR_NEW with nodad");
	check(netlink_primary_addr(nl, ifindex, AF_INET6, &p) == 0 &&
	      IN6_IS_ADDR_LINKLOCAL(&p.addr.v6), "IPv6 primary still link-local");
	check(netlink_addr_del(nl, &v6) == 0, "del IPv6");
	check(netlink_addr_present(nl, &v6) == 0, "IPv6 gone");

	/* keepalived's VIP words: flags past the first 8 bits (IFA_FLAGS) and
	 * preferred_lft 0 (deprecated, valid forever) */
	v6 = mk(AF_INET6, "2001:db8::11", 64);
	v6.nodad = true;
	v6.ifa_flags = IFA_F_NOPREFIXROUTE | IFA_F_HOMEADDRESS | IFA_F_MANAGETEMPADDR;
	v6.deprecated = true;
	check(netlink_addr_add(nl, &v6, false) == 0, "add IPv6 with flags, deprecated");
	out = sh("ip -6 -o addr show dev %s to 2001:db8::11", ifname);
	check(strstr(out, "2001:db8::11/64") && strstr(out, "noprefixroute") &&
	      strstr(out, "home") && strstr(out, "mngtmpaddr") && strstr(out, "nodad") &&
	      strstr(out, "deprecated") && strstr(out, "valid_lft forever") &&
	      strstr(out, "preferred_lft 0sec"), "ip -6 addr shows the flags: %s", out);
	check(strstr(sh("ip -6 -o route show dev %s", ifname), "2001:db8::/64") == NULL,
	      "noprefixroute: no 2001:db8::/64 route");
	/* a finite valid lifetime cuts a longer preferred one */
	v6.deprecated = false;
	v6.preferred_lft = 600;
	v6.valid_lft = 60;
	check(netlink_addr_add(nl, &v6, true) == 0, "replace with lifetimes");
	out = sh("ip -6 -o addr show dev %s to 2001:db8::11", ifname);
	check(strstr(out, "valid_lft 60sec") && strstr(out, "preferred_lft 60sec") &&
	      !strstr(out, "deprecated"), "preferred cut to valid: %s", out);
	check(netlink_addr_del(nl, &v6) == 0, "del IPv6 with flags");
}

static void
test_link(struct netlink *nl)
{
	uint8_t mac[6], want[6];
	unsigned m[6];
	const char *out;
	int i;

	out = sh("cat /sys/class/net/%s/address", ifname);
	check(sscanf(out, "%x:%x:%x:%x:%x:%x", &m[0], &m[1], &m[2], &m[3], &m[4], &m[5]) == 6,
	      "read sysfs MAC");
	for (i = 0; i < 6; i++)
		want[i] = (uint8_t)m[i];
	check(netlink_link_state(nl, ifindex, mac) == 1, "link up");
	check(memcmp(mac, want, 6) == 0, "MAC matches sysfs");
	check(netlink_link_state(nl, 0x7fff, NULL) == -ENODEV, "unknown ifindex -> -ENODEV");

	n_ev = 0;
	run("ip link set %s down", ifname);
	pump(100);
	check(find_link_ev(0) >= 0, "LINK down event");
	check(netlink_link_state(nl, ifindex, NULL) == 0, "link down");
	n_ev = 0;
	run("ip link set %s up", ifname);
	pump(100);
	i = find_link_ev(1);
	check(i >= 0 && strcmp(evs[i].ifname, ifname) == 0, "LINK up event with name");
	check(netlink_link_state(nl, ifindex, NULL) == 1, "link up again");
}

/* garp.c: the frame that arrives on the veth peer ($NL_PEER) equals the
 * pure builder's output. */
static void
test_garp(struct netlink *nl)
{
	struct vrrp_garp *g = vrrp_garp_open(ifindex);
	uint8_t mac[6], want[VRRP_GARP_FRAME_LEN], got[256];
	struct sockaddr_ll sll;
	struct in_addr vip;
	ssize_t n = -1;
	int tap, i;

	check(g != NULL, "garp open");
	if (g == NULL)
		return;
	tap = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ARP));
	memset(&sll, 0, sizeof(sll));
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(ETH_P_ARP);
	sll.sll_ifindex = (int)if_nametoindex(getenv("NL_PEER") ? getenv("NL_PEER") : "");
	check(tap >= 0 && sll.sll_ifindex > 0 && bind(tap, (struct sockaddr *)&sll, sizeof(sll)) == 0, "tap");
	inet_pton(AF_INET, "192.0.2.77", &vip);
	netlink_link_state(nl, ifindex, mac);
	vrrp_garp_build(want, mac, vip);
	check(vrrp_garp_send(g, vip) == 0, "garp send");
	for (i = 0; i < 20 && n < 0; i++) {
		n = recv(tap, got, sizeof(got), MSG_DONTWAIT);
		if (n < 0)
			usleep(50000);
	}
	check(n >= VRRP_GARP_FRAME_LEN && memcmp(got, want, VRRP_GARP_FRAME_LEN) == 0,
	      "frame on the wire matches builder (%zd bytes)", n);
	/* A MAC change is picked up at the next send. */
	run("ip link set %s address 02:00:00:aa:bb:cc", ifname);
	memcpy(mac, "\x02\x00\x00\xaa\xbb\xcc", 6);
	vrrp_garp_build(want, mac, vip);
	check(vrrp_garp_send(g, vip) == 0, "garp send after MAC change");
	n = -1;
	for (i = 0; i < 20 && n < 0; i++) {
		n = recv(tap, got, sizeof(got), MSG_DONTWAIT);
		if (n < 0)
			usleep(50000);
	}
	check(n >= VRRP_GARP_FRAME_LEN && memcmp(got, want, VRRP_GARP_FRAME_LEN) == 0,
	      "new MAC used");
	close(tap);
	vrrp_garp_close(g);
}

/* Flood the event socket without reading it: the overrun must surface as
 * NETLINK_EV_RESYNC, and reading must continue afterwards. */
static void
test_overrun(struct netlink *nl)
{
	struct netlink_addr a;
	char buf[32];
	int i, rc = 0;

	/* ~800 bytes of receive buffer per event: 6000 overrun even a 2 MiB
	 * buffer (1 MiB asked, doubled by the kernel). */
	for (i = 0; i < 6000 && rc == 0; i++) {
		snprintf(buf, sizeof(buf), "10.200.%d.%d", i / 250, i % 250 + 1);
		a = mk(AF_INET, buf, 32);
		rc = netlink_addr_add(nl, &a, false);
	}
	check(rc == 0, "6000 adds");
	n_ev = 0;
	pump(300);
	check(count_kind(NETLINK_EV_RESYNC) >= 1, "RESYNC after overrun (%d events, %d resync)",
	      n_ev, count_kind(NETLINK_EV_RESYNC));
	n_ev = 0;
	run("ip addr add 192.0.2.99/24 dev %s", ifname);
	pump(100);
	check(find_addr_ev(NETLINK_EV_ADDR_NEW, AF_INET, "192.0.2.99") >= 0,
	      "events flow after resync");
}

int
main(void)
{
	struct netlink *nl;

	if (getenv("FLOATD_NETLINK_IN_NETNS") == NULL || getuid() != 0) {
		fprintf(stderr, "sys_netlink_test: run via tests/netns/netlink.sh\n");
		return 77;
	}
	ifname = getenv("NL_IF");
	if (ifname == NULL || (ifindex = (int)if_nametoindex(ifname)) == 0) {
		fprintf(stderr, "sys_netlink_test: NL_IF unset or missing\n");
		return 99;
	}
	log_init("sys_netlink_test", LOG_TARGET_STDERR, false, false);
	loop = loop_default();
	nl = netlink_open(loop, on_event, NULL);
	if (nl == NULL) {
		perror("netlink_open");
		return 99;
	}
	test_add_label_scope(nl);
	test_replace_lifetime(nl);
	test_del(nl);
	test_external();
	test_primary(nl);
	test_link(nl);
	test_garp(nl);
	test_overrun(nl);
	netlink_close(nl);
	printf("%d passed, %d failed\n", n_ok, n_fail);
	return n_fail == 0 ? 0 : 1;
}
