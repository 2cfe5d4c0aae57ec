/* The ip-route grammar of virtual_routes and static_routes, as keepalived
 * 2.2.x reads it (vrrp_iproute.c alloc_route): a table from each word to
 * its reader, the nexthop and encap sub-grammars, and the dump that prints
 * a route back in the same grammar.  Pure. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/icmpv6.h>
#include <linux/lwtunnel.h>
#include <linux/rtnetlink.h>

#include "vrrp/conf/conf_ipwords.h"

#define RP_MPLS_LABEL_MAX 0xfffffu

struct rp {
	struct ipw w;
	struct vroute_conf *r;
	bool have_dst;
	struct route_nexthop *nh;    /* the nexthop being read, NULL before `nexthop` */
};

typedef int (*rp_fn)(struct rp *, int arg);
struct rp_word {
	const char *word;
	rp_fn fn;
	int arg;
};

/* ---- metrics (RTA_METRICS): each may be preceded by `lock` */

static const struct {
	const char *name;
	uint32_t max;
	unsigned rtt_mult;           /* rtt / rttvar / rto_min: 1/mult ms */
} rp_metrics[ROUTE_RTAX_MAX + 1] = {
	[RTAX_MTU] = { "mtu", UINT32_MAX, 0 },
	[RTAX_WINDOW] = { "window", UINT32_MAX, 0 },
	[RTAX_RTT] = { "rtt", 0, 8 },
	[RTAX_RTTVAR] = { "rttvar", 0, 4 },
	[RTAX_SSTHRESH] = { "ssthresh", UINT32_MAX, 0 },
	[RTAX_CWND] = { "cwnd", UINT32_MAX, 0 },
	[RTAX_ADVMSS] = { "advmss", UINT32_MAX, 0 },
	[RTAX_REORDERING] = { "reordering", UINT32_MAX, 0 },
	[RTAX_HOPLIMIT] = { "hoplimit", 255, 0 },
	[RTAX_INITCWND] = { "initcwnd", UINT32_MAX, 0 },
	[RTAX_FEATURES] = { "features", 0, 0 },
	[RTAX_RTO_MIN] = { "rto_min", 0, 1 },
	[RTAX_INITRWND] = { "initrwnd", UINT32_MAX, 0 },
	[RTAX_QUICKACK] = { "quickack", 1, 0 },
	[RTAX_CC_ALGO] = { "congctl", 0, 0 },
	[RTAX_FASTOPEN_NO_COOKIE] = { "fastopen_no_cookie", 1, 0 },
};

static int rp_metric(struct rp *p, int x)
{
	struct route_spec *rt = &p->r->rt;
	const char *kw = rp_metrics[x].name, *v = ipw_value(&p->w);

	if (v == NULL)
		return -1;
	if (strcmp(v, "lock") == 0) {
		rt->lock |= 1u << x;
		if ((v = ipw_value(&p->w)) == NULL)
			return -1;
	}
	if (x == RTAX_CC_ALGO) {
		if (strlen(v) >= sizeof(rt->congctl))
			return ipw_fail(&p->w, "congctl '%s' is too long", v);
		strcpy(rt->congctl, v);
		return 0;
	}
	if (x == RTAX_FEATURES) {
		/* keepalived knows ecn only and reports anything else */
		if (strcmp(v, "ecn") != 0) {
			ipw_warn(&p->w, "features '%s' not supported (ignored, as keepalived does)", v);
			return 0;
		}
		rt->metrics[x] |= RTAX_FEATURE_ECN;
	} else if (rp_metrics[x].rtt_mult) {
		if (ipw_rtt(&p->w, kw, v, rp_metrics[x].rtt_mult, &rt->metrics[x]) < 0)
			return ipw_fail(&p->w, "invalid %s '%s'", kw, v);
	} else if (ipw_u32(v, rp_metrics[x].max, &rt->metrics[x]) < 0) {
		return ipw_fail(&p->w, "invalid %s '%s' (0..%u)", kw, v, rp_metrics[x].max);
	}
	rt->metrics_set |= 1u << x;
	return 0;
}

/* ---- addresses */

static int rp_family_word(struct rp *p, int family)
{
	return ipw_family(&p->w, family, p->w.argv[p->w.i]);
}

/* [inet|inet6] ADDR of the route's family */
static int rp_gateway(struct rp *p, const char *kw, union addr_ip *out)
{
	const char *v = ipw_value(&p->w), *why = "";
	struct addr a;
	int fam = 0;

	if (v == NULL)
		return -1;
	if (strcmp(v, "inet") == 0 || strcmp(v, "inet6") == 0) {
		fam = v[4] == '6' ? AF_INET6 : AF_INET;
		if ((v = ipw_value(&p->w)) == NULL)
			return -1;
	}
	if (addr_parse(v, fam, &a, &why) < 0)
		return ipw_fail(&p->w, "invalid %s address '%s': %s", kw, v, why);
	if (p->w.family != 0 && a.family != p->w.family)
		return ipw_fail(&p->w, "%s %s of the other family is not supported (RTA_VIA)", kw, v);
	*out = a.ip;
	return ipw_family(&p->w, a.family, kw);
}

static int rp_via(struct rp *p, int arg)
{
	(void)arg;
	if (rp_gateway(p, p->w.argv[p->w.i], &p->r->rt.via) < 0)
		return -1;
	p->r->rt.has_via = true;
	return 0;
}

static int rp_src(struct rp *p, int arg)
{
	const char *v = ipw_value(&p->w), *why = "";
	struct addr a;

	(void)arg;
	if (v == NULL)
		return -1;
	if (addr_parse(v, 0, &a, &why) < 0)
		return ipw_fail(&p->w, "invalid 'src' address '%s': %s", v, why);
	p->r->rt.src = a.ip;
	p->r->rt.has_src = true;
	return ipw_family(&p->w, a.family, "'src'");
}

static int rp_from(struct rp *p, int arg)
{
	struct addr a;
	bool any;

	(void)arg;
	if (ipw_prefix(&p->w, ipw_next(&p->w), "'from'", &a, &any) < 0)
		return -1;
	if (any || a.family != AF_INET6)
		return ipw_fail(&p->w, "'from' (source routing) is IPv6 only");
	p->r->rt.from = a.ip;
	p->r->rt.from_len = a.prefixlen;
	p->r->rt.has_from = true;
	return 0;
}

/* [to] [TYPE] PREFIX: anything the table does not know */
static int rp_destination(struct rp *p)
{
	const char *v = p->w.argv[p->w.i];
	struct addr a;
	bool any, typed = false;

	if (strcmp(v, "to") == 0 && (v = ipw_value(&p->w)) == NULL)
		return -1;
	if (ipw_rtntype(v, &p->r->rt.type) == 0) {
		/* floatd's first grammar (and its dump) also takes the type
		 * after the destination */
		if (p->have_dst)
			return 0;
		typed = true;
		if ((v = ipw_value(&p->w)) == NULL)
			return -1;
	}
	if (p->have_dst)
		return ipw_fail(&p->w, "unknown word '%s' (the destination is already given)", v);
	if (!typed && strcmp(v, "default") != 0 && strcmp(v, "all") != 0 &&
	    strcmp(v, "any") != 0 && strspn(v, "0123456789abcdefABCDEF:./") != strlen(v))
		return ipw_fail(&p->w, "unknown word '%s'", v);
	if (ipw_prefix(&p->w, v, "destination", &a, &any) < 0)
		return -1;
	p->r->rt.dst = a.ip;
	p->r->rt.dst_len = any ? 0 : a.prefixlen;
	p->have_dst = true;
	return 0;
}

/* ---- simple values */

static int rp_dev(struct rp *p, int arg)
{
	const char *v = ipw_value(&p->w);
	char *dst = arg ? p->r->vrf : p->r->dev;

	if (v == NULL)
		return -1;
	if (strlen(v) >= IF_NAMESIZE)
		return ipw_fail(&p->w, "interface name '%s' is too long", v);
	strcpy(dst, v);
	return 0;
}

static int rp_table(struct rp *p, int arg)
{
	const char *v = ipw_value(&p->w);

	(void)arg;
	if (v == NULL)
		return -1;
	if (ipw_table(v, &p->r->rt.table) < 0)
		return ipw_fail(&p->w, "invalid table '%s' (main, local, default or a number; "
		                "names of /etc/iproute2/rt_tables are not read)", v);
	return 0;
}

static int rp_metric_prio(struct rp *p, int arg)
{
	const char *v = ipw_value(&p->w);

	(void)arg;
	if (v == NULL)
		return -1;
	if (ipw_u32(v, UINT32_MAX, &p->r->rt.metric) < 0)
		return ipw_fail(&p->w, "invalid metric '%s'", v);
	p->r->rt.has_metric = true;
	return 0;
}

static int rp_scope(struct rp *p, int arg)
{
	const char *v = ipw_value(&p->w);
	uint8_t s;

	(void)arg;
	if (v == NULL)
		return -1;
	if (addr_scope_parse(v, &s) < 0)
		return ipw_fail(&p->w, "invalid scope '%s'", v);
	p->r->rt.scope = s;
	return 0;
}

static int rp_protocol(struct rp *p, int arg)
{
	const char *v = ipw_value(&p->w);

	(void)arg;
	if (v == NULL)
		return -1;
	if (ipw_proto(v, &p->r->rt.protocol) < 0 || p->r->rt.protocol == 0)
		return ipw_fail(&p->w, "invalid protocol '%s'", v);
	return 0;
}

static int rp_tos(struct rp *p, int arg)
{
	const char *v = ipw_value(&p->w);

	(void)arg;
	if (v == NULL)
		return -1;
	if (ipw_dsfield(v, &p->r->rt.tos) < 0)
		return ipw_fail(&p->w, "invalid tos '%s' (0..255)", v);
	return 0;
}

static int rp_realms(struct rp *p, int arg)
{
	const char *v = ipw_value(&p->w);
	uint32_t *dst = p->nh ? &p->nh->realms : &p->r->rt.realms;

	(void)arg;
	if (v == NULL)
		return -1;
	if (ipw_realms(v, dst) < 0)
		return ipw_fail(&p->w, "invalid realms '%s' (TO or FROM/TO, 0..255)", v);
	if (p->nh)
		p->nh->has_realms = true;
	else
		p->r->rt.has_realms = true;
	return ipw_family(&p->w, AF_INET, "realms");
}

static int rp_onlink(struct rp *p, int arg)
{
	(void)arg;
	if (p->nh)
		p->nh->flags |= RTNH_F_ONLINK;
	else
		p->r->rt.flags |= RTNH_F_ONLINK;
	return 0;
}

static int rp_expires(struct rp *p, int arg)
{
	const char *v = ipw_value(&p->w);

	(void)arg;
	if (v == NULL)
		return -1;
	if (ipw_u32(v, UINT32_MAX, &p->r->rt.expires) < 0)
		return ipw_fail(&p->w, "invalid expires '%s'", v);
	p->r->rt.has_expires = true;
	if (p->w.family == AF_INET)
		return ipw_fail(&p->w, "expires is IPv6 only");
	p->w.family = AF_INET6;
	return 0;
}

static int rp_pref(struct rp *p, int arg)
{
	const char *v = ipw_value(&p->w);
	uint32_t n;

	(void)arg;
	if (v == NULL)
		return -1;
	if (strcmp(v, "low") == 0)
		n = ICMPV6_ROUTER_PREF_LOW;
	else if (strcmp(v, "medium") == 0)
		n = ICMPV6_ROUTER_PREF_MEDIUM;
	else if (strcmp(v, "high") == 0)
		n = ICMPV6_ROUTER_PREF_HIGH;
	else if (ipw_u32(v, 255, &n) < 0)
		return ipw_fail(&p->w, "invalid pref '%s' (low, medium, high or 0..255)", v);
	p->r->rt.pref = (uint8_t)n;
	p->r->rt.has_pref = true;
	if (p->w.family == AF_INET)
		return ipw_fail(&p->w, "pref is IPv6 only");
	p->w.family = AF_INET6;
	return 0;
}

static int rp_ttl_propagate(struct rp *p, int arg)
{
	const char *v = ipw_value(&p->w);

	(void)arg;
	if (v == NULL)
		return -1;
	if (strcmp(v, "enabled") == 0)
		p->r->rt.ttl_propagate = 1;
	else if (strcmp(v, "disabled") == 0)
		p->r->rt.ttl_propagate = 0;
	else
		return ipw_fail(&p->w, "invalid ttl-propagate '%s' (enabled or disabled)", v);
	return 0;
}

static int rp_mode(struct rp *p, int mode)
{
	p->r->rt.mode = (enum route_mode)mode;
	return 0;
}

static int rp_no_track(struct rp *p, int arg)
{
	(void)arg;
	p->r->no_track = true;
	return 0;
}

static int rp_track_group(struct rp *p, int arg)
{
	const char *v = ipw_value(&p->w);

	(void)arg;
	if (v == NULL)
		return -1;
	if (!p->w.is_static)
		return ipw_fail(&p->w, "track_group is for static_routes only");
	if (strlen(v) >= sizeof(p->r->track_group))
		return ipw_fail(&p->w, "track_group name '%s' is too long", v);
	strcpy(p->r->track_group, v);
	return 0;
}

static int rp_as(struct rp *p, int arg)
{
	(void)arg;
	return ipw_fail(&p->w, "'as [to]' (NAT / MPLS new destination) is not supported");
}

/* ---- encap mpls LABEL[/LABEL...] | encap ip|ip6 [id N] [dst A] [src A] [tos|tc T] [ttl|hoplimit N] [flags N] */

static int rp_encap(struct rp *p, int arg)
{
	struct route_encap *e = p->nh ? &p->nh->encap : &p->r->rt.encap;
	const char *type = ipw_value(&p->w), *v, *why = "";

	(void)arg;
	if (type == NULL)
		return -1;
	memset(e, 0, sizeof(*e));
	if (strcmp(type, "mpls") == 0) {
		char buf[256], *tok, *save = NULL;
		uint32_t label;

		if ((v = ipw_value(&p->w)) == NULL)
			return -1;
		if (strlen(v) >= sizeof(buf))
			return ipw_fail(&p->w, "invalid mpls labels '%s'", v);
		strcpy(buf, v);
		e->type = LWTUNNEL_ENCAP_MPLS;
		for (tok = strtok_r(buf, "/", &save); tok; tok = strtok_r(NULL, "/", &save)) {
			if (e->n_labels >= ROUTE_MPLS_MAX || ipw_u32(tok, RP_MPLS_LABEL_MAX, &label) < 0)
				return ipw_fail(&p->w, "invalid mpls labels '%s' (at most %d labels of "
				                "0..1048575)", v, ROUTE_MPLS_MAX);
			e->labels[e->n_labels++] = label;
		}
		if (e->n_labels == 0 || v[strlen(v) - 1] == '/' || v[0] == '/')
			return ipw_fail(&p->w, "invalid mpls labels '%s'", v);
		return 0;
	}
	if (strcmp(type, "ip") != 0 && strcmp(type, "ip6") != 0)
		return ipw_fail(&p->w, "encap type '%s' is not supported (mpls, ip, ip6)", type);
	e->type = type[2] == '6' ? LWTUNNEL_ENCAP_IP6 : LWTUNNEL_ENCAP_IP;
	while (p->w.i + 2 < p->w.argc) {
		const char *k = p->w.argv[p->w.i + 1];
		int fam = e->type == LWTUNNEL_ENCAP_IP6 ? AF_INET6 : AF_INET;
		uint32_t n;
		struct addr a;

		v = p->w.argv[p->w.i + 2];
		if (strcmp(k, "id") == 0) {
			if (ipw_u64(v, &e->id) < 0)
				return ipw_fail(&p->w, "invalid encap id '%s'", v);
			e->has |= ROUTE_ENCAP_ID;
		} else if (strcmp(k, "dst") == 0 || strcmp(k, "src") == 0) {
			if (addr_parse(v, fam, &a, &why) < 0)
				return ipw_fail(&p->w, "invalid encap %s %s '%s': %s", type, k, v, why);
			if (k[0] == 'd')
				e->dst = a.ip;
			else
				e->src = a.ip;
			e->has |= k[0] == 'd' ? ROUTE_ENCAP_DST : ROUTE_ENCAP_SRC;
		} else if (strcmp(k, "tos") == 0 || strcmp(k, "tc") == 0) {
			if (ipw_dsfield(v, &e->tos) < 0)
				return ipw_fail(&p->w, "invalid encap %s '%s'", k, v);
			e->has |= ROUTE_ENCAP_TOS;
		} else if (strcmp(k, "ttl") == 0 || strcmp(k, "hoplimit") == 0) {
			if (ipw_u32(v, 255, &n) < 0)
				return ipw_fail(&p->w, "invalid encap %s '%s'", k, v);
			e->ttl = (uint8_t)n;
			e->has |= ROUTE_ENCAP_TTL;
		} else if (strcmp(k, "flags") == 0) {
			if (ipw_u32(v, 65535, &n) < 0)
				return ipw_fail(&p->w, "invalid encap flags '%s'", v);
			e->flags = (uint16_t)n;
			e->has |= ROUTE_ENCAP_FLAGS;
		} else {
			break;
		}
		p->w.i += 2;
	}
	if (!(e->has & (ROUTE_ENCAP_DST | ROUTE_ENCAP_ID)))
		return ipw_fail(&p->w, "encap %s needs 'dst' or 'id'", type);
	return 0;
}

/* ---- multipath: `nexthop via A dev D weight W onlink ...` and the legacy `or` */

static struct route_nexthop *rp_nh_new(struct rp *p)
{
	struct route_spec *rt = &p->r->rt;

	if (rt->n_nh >= ROUTE_NH_MAX) {
		ipw_fail(&p->w, "too many nexthops (at most %d)", ROUTE_NH_MAX);
		return NULL;
	}
	return &rt->nh[rt->n_nh++];
}

static int rp_nexthop(struct rp *p, int arg)
{
	(void)arg;
	if (p->r->from_or)
		return ipw_fail(&p->w, "'nexthop' and 'or' cannot be mixed");
	p->nh = rp_nh_new(p);
	return p->nh ? 0 : -1;
}

static int rp_nh_via(struct rp *p, int arg)
{
	(void)arg;
	if (rp_gateway(p, "nexthop via", &p->nh->via) < 0)
		return -1;
	p->nh->has_via = true;
	return 0;
}

static int rp_nh_dev(struct rp *p, int arg)
{
	const char *v = ipw_value(&p->w);

	(void)arg;
	if (v == NULL)
		return -1;
	if (strlen(v) >= IF_NAMESIZE)
		return ipw_fail(&p->w, "interface name '%s' is too long", v);
	strcpy(p->r->nh_dev[p->nh - p->r->rt.nh], v);
	return 0;
}

static int rp_nh_weight(struct rp *p, int arg)
{
	const char *v = ipw_value(&p->w);
	uint32_t n;

	(void)arg;
	if (v == NULL)
		return -1;
	if (ipw_u32(v, 256, &n) < 0 || n == 0)
		return ipw_fail(&p->w, "invalid nexthop weight '%s' (1..256)", v);
	p->nh->weight = (uint16_t)n;
	return 0;
}

static int rp_or(struct rp *p, int arg)
{
	struct route_spec *rt = &p->r->rt;
	struct route_nexthop *first, *alt;

	(void)arg;
	if (!rt->has_via)
		return ipw_fail(&p->w, "'or' without a preceding 'via' gateway");
	if (rt->n_nh > 0 && !p->r->from_or)
		return ipw_fail(&p->w, "'nexthop' and 'or' cannot be mixed");
	if (p->r->from_or) {
		/* keepalived keeps the first `or` and ignores the rest */
		ipw_warn(&p->w, "'or' route already given, '%s' ignored as keepalived does",
		         p->w.i + 1 < p->w.argc ? p->w.argv[p->w.i + 1] : "");
		ipw_next(&p->w);
		return 0;
	}
	p->r->from_or = true;
	first = rp_nh_new(p);
	alt = rp_nh_new(p);
	if (first == NULL || alt == NULL)
		return -1;
	first->via = rt->via;
	first->has_via = true;
	if (rp_gateway(p, "'or'", &alt->via) < 0)
		return -1;
	alt->has_via = true;
	return 0;
}

/* ---- the tables */

static const struct rp_word rp_words[] = {
	{ "inet", rp_family_word, AF_INET }, { "inet6", rp_family_word, AF_INET6 },
	{ "src", rp_src, 0 }, { "via", rp_via, 0 }, { "gw", rp_via, 0 }, { "from", rp_from, 0 },
	{ "tos", rp_tos, 0 }, { "dsfield", rp_tos, 0 }, { "table", rp_table, 0 },
	{ "protocol", rp_protocol, 0 }, { "proto", rp_protocol, 0 }, { "scope", rp_scope, 0 },
	{ "metric", rp_metric_prio, 0 }, { "priority", rp_metric_prio, 0 },
	{ "preference", rp_metric_prio, 0 }, { "dev", rp_dev, 0 }, { "oif", rp_dev, 0 },
	{ "vrf", rp_dev, 1 }, { "onlink", rp_onlink, 0 }, { "encap", rp_encap, 0 },
	{ "expires", rp_expires, 0 }, { "realms", rp_realms, 0 },
	{ "mtu", rp_metric, RTAX_MTU }, { "hoplimit", rp_metric, RTAX_HOPLIMIT },
	{ "advmss", rp_metric, RTAX_ADVMSS }, { "rtt", rp_metric, RTAX_RTT },
	{ "rttvar", rp_metric, RTAX_RTTVAR }, { "reordering", rp_metric, RTAX_REORDERING },
	{ "window", rp_metric, RTAX_WINDOW }, { "cwnd", rp_metric, RTAX_CWND },
	{ "ssthresh", rp_metric, RTAX_SSTHRESH }, { "rto_min", rp_metric, RTAX_RTO_MIN },
	{ "initcwnd", rp_metric, RTAX_INITCWND }, { "initrwnd", rp_metric, RTAX_INITRWND },
	{ "features", rp_metric, RTAX_FEATURES }, { "quickack", rp_metric, RTAX_QUICKACK },
	{ "congctl", rp_metric, RTAX_CC_ALGO },
	{ "fastopen_no_cookie", rp_metric, RTAX_FASTOPEN_NO_COOKIE },
	{ "pref", rp_pref, 0 }, { "ttl-propagate", rp_ttl_propagate, 0 },
	{ "add", rp_mode, ROUTE_MODE_ADD }, { "append", rp_mode, ROUTE_MODE_APPEND },
	{ "prepend", rp_mode, ROUTE_MODE_PREPEND }, { "or", rp_or, 0 },
	{ "nexthop", rp_nexthop, 0 }, { "no_track", rp_no_track, 0 },
	{ "track_group", rp_track_group, 0 }, { "as", rp_as, 0 },
	{ NULL, NULL, 0 },
};

/* after `nexthop`, only these (keepalived's parse_nexthops) */
static const struct rp_word rp_nh_words[] = {
	{ "via", rp_nh_via, 0 }, { "dev", rp_nh_dev, 0 }, { "weight", rp_nh_weight, 0 },
	{ "onlink", rp_onlink, 0 }, { "encap", rp_encap, 0 }, { "realms", rp_realms, 0 },
	{ "nexthop", rp_nexthop, 0 }, { "as", rp_as, 0 }, { NULL, NULL, 0 },
};

static const struct rp_word *rp_find(const struct rp_word *t, const char *w)
{
	for (; t->word != NULL; t++)
		if (strcmp(t->word, w) == 0)
			return t;
	return NULL;
}

int vrrp_conf_route_parse(int argc, char *const *argv, bool is_static, struct vroute_conf *r,
                          struct conf_ip_diag *d)
{
	struct rp p = { .w = { argc, argv, 0, 0, is_static, d }, .r = r };
	struct route_spec *rt = &r->rt;

	memset(r, 0, sizeof(*r));
	memset(d, 0, sizeof(*d));
	rt->scope = -1;
	rt->ttl_propagate = -1;
	for (p.w.i = 0; p.w.i < argc; p.w.i++) {
		const char *w = argv[p.w.i];
		const struct rp_word *e = rp_find(p.nh ? rp_nh_words : rp_words, w);
		int rc;

		if (e != NULL)
			rc = e->fn(&p, e->arg);
		else if (p.nh != NULL)
			rc = ipw_fail(&p.w, "unknown nexthop option '%s'", w);
		else
			rc = rp_destination(&p);
		if (rc < 0)
			return -1;
	}
	if (!p.have_dst)
		return ipw_fail(&p.w, "no destination prefix");
	if (r->from_or) {
		ipw_warn(&p.w, "'or' is keepalived's old form of 'nexthop': installed as a "
		         "multipath route over both gateways");
		/* the gateways move into the nexthops, each on the route's device */
		rt->has_via = false;
		for (unsigned i = 0; i < rt->n_nh; i++)
			memcpy(r->nh_dev[i], r->dev, IF_NAMESIZE);
		r->dev[0] = '\0';
	}
	if (rt->n_nh > 0 && (rt->has_via || r->dev[0] != '\0'))
		return ipw_fail(&p.w, "'via' / 'dev' go inside each 'nexthop' of a multipath route");
	for (unsigned i = 0; i < rt->n_nh; i++)
		if (!rt->nh[i].has_via && r->nh_dev[i][0] == '\0')
			return ipw_fail(&p.w, "nexthop %u needs 'via' or 'dev'", i + 1);
	if ((rt->type == 0 || rt->type == RTN_UNICAST) && !rt->has_via && r->dev[0] == '\0' &&
	    rt->n_nh == 0 && rt->encap.type == 0) {
		return ipw_fail(&p.w, "a route needs 'via', 'dev', 'nexthop' or a type (blackhole, "
		                "unreachable, prohibit, ...)");
	}
	if (r->track_group[0] != '\0' && r->dev[0] == '\0') {
		/* keepalived: "Static route cannot have track group if no oif specified" */
		ipw_warn(&p.w, "track_group %s without 'dev' ignored, as keepalived does",
		         r->track_group);
		r->track_group[0] = '\0';
	} else if (r->track_group[0] != '\0') {
		ipw_warn(&p.w, "track_group %s is not followed by floatd: the route stays installed "
		         "whatever the group's state", r->track_group);
	}
	rt->family = p.w.family ? p.w.family : AF_INET;
	if (rt->type == 0)
		rt->type = RTN_UNICAST;
	return 0;
}

/* ---- dump: the same grammar, known fields in a fixed order */

static void rp_dump_encap(FILE *fp, const struct route_encap *e)
{
	char b[64];
	int fam = e->type == LWTUNNEL_ENCAP_IP6 ? AF_INET6 : AF_INET;

	if (e->type == LWTUNNEL_ENCAP_MPLS) {
		fprintf(fp, " encap mpls ");
		for (unsigned i = 0; i < e->n_labels; i++)
			fprintf(fp, "%s%u", i ? "/" : "", e->labels[i]);
		return;
	}
	if (e->type != LWTUNNEL_ENCAP_IP && e->type != LWTUNNEL_ENCAP_IP6)
		return;
	fprintf(fp, " encap %s", fam == AF_INET6 ? "ip6" : "ip");
	if (e->has & ROUTE_ENCAP_ID)
		fprintf(fp, " id %llu", (unsigned long long)e->id);
	if (e->has & ROUTE_ENCAP_DST)
		fprintf(fp, " dst %s", ipw_ntop(fam, &e->dst, b, sizeof(b)));
	if (e->has & ROUTE_ENCAP_SRC)
		fprintf(fp, " src %s", ipw_ntop(fam, &e->src, b, sizeof(b)));
	if (e->has & ROUTE_ENCAP_TOS)
		fprintf(fp, " %s %u", fam == AF_INET6 ? "tc" : "tos", e->tos);
	if (e->has & ROUTE_ENCAP_TTL)
		fprintf(fp, " %s %u", fam == AF_INET6 ? "hoplimit" : "ttl", e->ttl);
	if (e->has & ROUTE_ENCAP_FLAGS)
		fprintf(fp, " flags %u", e->flags);
}

static void rp_dump_realms(FILE *fp, uint32_t realms)
{
	if (realms >> 16)
		fprintf(fp, " realms %u/%u", realms >> 16, realms & 0xffff);
	else
		fprintf(fp, " realms %u", realms);
}

void vrrp_conf_route_dump(FILE *fp, const struct vroute_conf *r)
{
	static const char *const modes[] = { "", " add", " append", " prepend" };
	const struct route_spec *rt = &r->rt;
	char b[64];

	/* the fields of the first grammar keep their place */
	if (rt->has_src)
		fprintf(fp, "src %s ", ipw_ntop(rt->family, &rt->src, b, sizeof(b)));
	fprintf(fp, "to %s/%u", ipw_ntop(rt->family, &rt->dst, b, sizeof(b)), rt->dst_len);
	if (rt->has_via)
		fprintf(fp, " via %s", ipw_ntop(rt->family, &rt->via, b, sizeof(b)));
	if (r->dev[0])
		fprintf(fp, " dev %s", r->dev);
	if (rt->table)
		fprintf(fp, " table %u", rt->table);
	if (rt->has_metric)
		fprintf(fp, " metric %u", rt->metric);
	if (rt->scope >= 0)
		fprintf(fp, " scope %d", rt->scope);
	if (rt->type != RTN_UNICAST)
		fprintf(fp, " %s", ipw_rtntype_name(rt->type));
	if (rt->has_from)
		fprintf(fp, " from %s/%u", ipw_ntop(rt->family, &rt->from, b, sizeof(b)),
		        rt->from_len);
	if (r->vrf[0])
		fprintf(fp, " vrf %s", r->vrf);
	if (rt->protocol)
		fprintf(fp, " protocol %u", rt->protocol);
	if (rt->tos)
		fprintf(fp, " tos 0x%02x", rt->tos);
	if (rt->flags & RTNH_F_ONLINK)
		fprintf(fp, " onlink");
	if (rt->has_realms)
		rp_dump_realms(fp, rt->realms);
	for (unsigned x = 1; x <= ROUTE_RTAX_MAX; x++) {
		bool lock = rt->lock & (1u << x);

		if (x == RTAX_CC_ALGO && rt->congctl[0])
			fprintf(fp, " congctl%s %s", lock ? " lock" : "", rt->congctl);
		else if (x == RTAX_FEATURES && (rt->metrics_set & (1u << x)))
			fprintf(fp, " features ecn");
		else if (rp_metrics[x].name && (rt->metrics_set & (1u << x)))
			fprintf(fp, " %s%s %u", rp_metrics[x].name, lock ? " lock" : "", rt->metrics[x]);
	}
	rp_dump_encap(fp, &rt->encap);
	if (rt->has_expires)
		fprintf(fp, " expires %u", rt->expires);
	if (rt->has_pref)
		fprintf(fp, " pref %u", rt->pref);
	if (rt->ttl_propagate >= 0)
		fprintf(fp, " ttl-propagate %s", rt->ttl_propagate ? "enabled" : "disabled");
	fputs(modes[rt->mode], fp);
	if (r->no_track)
		fprintf(fp, " no_track");
	if (r->track_group[0])
		fprintf(fp, " track_group %s", r->track_group);
	for (unsigned i = 0; i < rt->n_nh; i++) {
		const struct route_nexthop *nh = &rt->nh[i];

		fprintf(fp, " nexthop");
		if (nh->has_via)
			fprintf(fp, " via %s", ipw_ntop(rt->family, &nh->via, b, sizeof(b)));
		if (r->nh_dev[i][0])
			fprintf(fp, " dev %s", r->nh_dev[i]);
		if (nh->weight)
			fprintf(fp, " weight %u", nh->weight);
		if (nh->flags & RTNH_F_ONLINK)
			fprintf(fp, " onlink");
		if (nh->has_realms)
			rp_dump_realms(fp, nh->realms);
		rp_dump_encap(fp, &nh->encap);
	}
}
