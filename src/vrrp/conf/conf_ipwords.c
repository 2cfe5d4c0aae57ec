/* Word readers of the ip-route / ip-rule grammars (see conf_ipwords.h).
 * Ranges and names follow keepalived 2.2.x (lib/rttables.c defaults and
 * vrrp_ip_rule_route_parser.c), which follow iproute2. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <linux/rtnetlink.h>

#include "vrrp/conf/conf_ipwords.h"

#define IPW_RTT_MIN_MS 200u          /* the kernel's TCP_RTO_MIN .. TCP_RTO_MAX */
#define IPW_RTT_MAX_MS 120000u

const char *ipw_next(struct ipw *w)
{
	if (w->i + 1 >= w->argc)
		return NULL;
	return w->argv[++w->i];
}

static void ipw_vfmt(char *buf, const char *fmt, va_list ap)
{
	vsnprintf(buf, CONF_IP_MSG_MAX, fmt, ap);
}

int ipw_fail(struct ipw *w, const char *fmt, ...)
{
	va_list ap;

	if (w->d->error[0] == '\0') {
		va_start(ap, fmt);
		ipw_vfmt(w->d->error, fmt, ap);
		va_end(ap);
	}
	return -1;
}

void ipw_warn(struct ipw *w, const char *fmt, ...)
{
	va_list ap;

	if (w->d->n_warn >= CONF_IP_WARN_MAX)
		return;
	va_start(ap, fmt);
	ipw_vfmt(w->d->warn[w->d->n_warn++], fmt, ap);
	va_end(ap);
}

const char *ipw_value(struct ipw *w)
{
	const char *kw = w->argv[w->i], *v = ipw_next(w);

	if (v == NULL)
		ipw_fail(w, "'%s' needs a value", kw);
	return v;
}

int ipw_family(struct ipw *w, int family, const char *what)
{
	if (family == 0 || w->family == family)
		return 0;
	if (w->family != 0)
		return ipw_fail(w, "%s is %s but the line is %s (one family per line)", what,
		                family == AF_INET6 ? "IPv6" : "IPv4",
		                w->family == AF_INET6 ? "IPv6" : "IPv4");
	w->family = family;
	return 0;
}

int ipw_u64(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v;

	if (s == NULL || *s == '\0' || *s == '-' || *s == '+' || *s == ' ')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 0);
	if (*end != '\0' || errno == ERANGE)
		return -1;
	*out = v;
	return 0;
}

int ipw_u32(const char *s, uint32_t max, uint32_t *out)
{
	uint64_t v;

	if (ipw_u64(s, &v) < 0 || v > max)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

struct ipw_name {
	const char *name;
	unsigned id;
};

static int ipw_lookup(const struct ipw_name *t, const char *s, unsigned *out)
{
	for (; t->name != NULL; t++)
		if (strcmp(t->name, s) == 0) {
			*out = t->id;
			return 0;
		}
	return -1;
}

int ipw_table(const char *s, uint32_t *out)
{
	static const struct ipw_name t[] = {
		{ "default", RT_TABLE_DEFAULT }, { "main", RT_TABLE_MAIN },
		{ "local", RT_TABLE_LOCAL }, { NULL, 0 },
	};
	unsigned v;

	if (s != NULL && ipw_lookup(t, s, &v) == 0) {
		*out = v;
		return 0;
	}
	return ipw_u32(s, UINT32_MAX, out);
}

int ipw_proto(const char *s, uint8_t *out)
{
	static const struct ipw_name t[] = {
		{ "unspec", 0 }, { "none", 0 }, { "redirect", 1 }, { "kernel", 2 }, { "boot", 3 },
		{ "static", 4 }, { "gated", 8 }, { "ra", 9 }, { "mrt", 10 }, { "zebra", 11 },
		{ "bird", 12 }, { "dnrouted", 13 }, { "xorp", 14 }, { "ntk", 15 }, { "dhcp", 16 },
		{ "keepalived", 18 }, { "babel", 42 }, { "openr", 99 }, { "bgp", 186 },
		{ "isis", 187 }, { "ospf", 188 }, { "rip", 189 }, { "eigrp", 192 }, { NULL, 0 },
	};
	unsigned v;
	uint32_t n;

	if (s != NULL && ipw_lookup(t, s, &v) == 0) {
		*out = (uint8_t)v;
		return 0;
	}
	if (ipw_u32(s, 255, &n) < 0)
		return -1;
	*out = (uint8_t)n;
	return 0;
}

int ipw_ipproto(const char *s, uint8_t *out)
{
	static const struct ipw_name t[] = {
		{ "icmp", 1 }, { "igmp", 2 }, { "ipip", 4 }, { "tcp", 6 }, { "udp", 17 },
		{ "ipv6", 41 }, { "gre", 47 }, { "esp", 50 }, { "ah", 51 }, { "ipv6-icmp", 58 },
		{ "icmpv6", 58 }, { "dccp", 33 }, { "sctp", 132 }, { "udplite", 136 },
		{ "mpls-in-ip", 137 }, { NULL, 0 },
	};
	unsigned v;
	uint32_t n;

	if (s != NULL && ipw_lookup(t, s, &v) == 0) {
		*out = (uint8_t)v;
		return 0;
	}
	if (ipw_u32(s, 255, &n) < 0)
		return -1;
	*out = (uint8_t)n;
	return 0;
}

int ipw_dsfield(const char *s, uint8_t *out)
{
	uint32_t n;

	if (ipw_u32(s, 255, &n) < 0)
		return -1;
	*out = (uint8_t)n;
	return 0;
}

int ipw_realms(const char *s, uint32_t *out)
{
	char buf[32], *slash;
	uint32_t from = 0, to;

	if (s == NULL || strlen(s) >= sizeof(buf))
		return -1;
	strcpy(buf, s);
	slash = strchr(buf, '/');
	if (slash != NULL) {
		*slash++ = '\0';
		if (ipw_u32(buf, 255, &from) < 0 || ipw_u32(slash, 255, &to) < 0)
			return -1;
	} else if (ipw_u32(buf, 255, &to) < 0) {
		return -1;
	}
	*out = from << 16 | to;
	return 0;
}

static const struct ipw_name ipw_rtntypes[] = {
	{ "unicast", RTN_UNICAST }, { "local", RTN_LOCAL }, { "broadcast", RTN_BROADCAST },
	{ "brd", RTN_BROADCAST }, { "anycast", RTN_ANYCAST }, { "multicast", RTN_MULTICAST },
	{ "blackhole", RTN_BLACKHOLE }, { "unreachable", RTN_UNREACHABLE },
	{ "prohibit", RTN_PROHIBIT }, { "throw", RTN_THROW }, { "nat", RTN_NAT },
	{ "xresolve", RTN_XRESOLVE }, { NULL, 0 },
};

int ipw_rtntype(const char *s, uint8_t *out)
{
	unsigned v;

	if (s == NULL || ipw_lookup(ipw_rtntypes, s, &v) < 0)
		return -1;
	*out = (uint8_t)v;
	return 0;
}

const char *ipw_rtntype_name(uint8_t type)
{
	for (const struct ipw_name *t = ipw_rtntypes; t->name != NULL; t++)
		if (t->id == type)
			return t->name;
	return "unicast";
}

int ipw_prefix(struct ipw *w, const char *s, const char *what, struct addr *out, bool *any)
{
	const char *why = "";
	int rc;

	*any = false;
	memset(out, 0, sizeof(*out));
	if (s == NULL)
		return ipw_fail(w, "'%s' needs a value", what);
	if (strcmp(s, "default") == 0 || strcmp(s, "all") == 0 || strcmp(s, "any") == 0) {
		*any = true;
		return 0;
	}
	rc = addr_parse_prefix(s, 0, out, &why);
	if (rc < 0)
		return ipw_fail(w, "invalid %s prefix '%s': %s", what, s, why);
	return ipw_family(w, out->family, what);
}

int ipw_rtt(struct ipw *w, const char *kw, const char *s, unsigned mult, uint32_t *out)
{
	size_t n = strspn(s, "0123456789.");
	const char *unit = s + n;
	unsigned long long whole = 0, frac = 0, fdiv = 1;
	unsigned long long ms;
	bool raw = *unit == '\0', secs = false;
	const char *dot;

	if (n == 0 || strchr(s, '.') != strrchr(s, '.'))
		return -1;
	if (!raw) {
		if (strcasecmp(unit, "s") == 0 || strcasecmp(unit, "sec") == 0 ||
		    strcasecmp(unit, "secs") == 0)
			secs = true;
		else if (strcasecmp(unit, "ms") != 0 && strcasecmp(unit, "msec") != 0 &&
		         strcasecmp(unit, "msecs") != 0)
			return -1;
	}
	whole = strtoull(s, NULL, 10);
	dot = memchr(s, '.', n);
	if (dot != NULL) {
		if (raw)
			return -1;   /* the kernel's unit has no fractions */
		for (const char *c = dot + 1; c < unit && fdiv < 1000000; c++) {
			frac = frac * 10 + (unsigned)(*c - '0');
			fdiv *= 10;
		}
	}
	if (whole > 1000000000ULL)
		return -1;
	if (raw) {
		ms = whole;   /* already in 1/mult ms */
	} else {
		ms = secs ? whole * 1000 + frac * 1000 / fdiv : whole + frac / fdiv;
		ms *= mult;
	}
	if (ms > (unsigned long long)IPW_RTT_MAX_MS * mult) {
		ipw_warn(w, "%s %s above 120s, using 120s as keepalived does", kw, s);
		ms = (unsigned long long)IPW_RTT_MAX_MS * mult;
	} else if (ms < (unsigned long long)IPW_RTT_MIN_MS * mult) {
		ipw_warn(w, "%s %s below 200ms, using 200ms as keepalived does", kw, s);
		ms = (unsigned long long)IPW_RTT_MIN_MS * mult;
	}
	*out = (uint32_t)ms;
	return 0;
}

int ipw_port_range(const char *s, uint16_t out[2])
{
	char buf[16], *dash;
	uint32_t a, b;

	if (s == NULL || strlen(s) >= sizeof(buf))
		return -1;
	strcpy(buf, s);
	dash = strchr(buf, '-');
	if (dash != NULL)
		*dash++ = '\0';
	if (ipw_u32(buf, 65535, &a) < 0)
		return -1;
	b = a;
	if (dash != NULL && (ipw_u32(dash, 65535, &b) < 0 || b < a))
		return -1;
	out[0] = (uint16_t)a;
	out[1] = (uint16_t)b;
	return 0;
}

const char *ipw_ntop(int family, const union addr_ip *a, char *buf, unsigned len)
{
	if (inet_ntop(family, a, buf, len) == NULL)
		snprintf(buf, len, "?");
	return buf;
}
