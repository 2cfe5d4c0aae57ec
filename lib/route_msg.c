/* rtnetlink route and rule requests built into a caller's buffer (see
 * route_msg.h).  Attributes follow the order `ip route` / `ip rule` use. */
#include <arpa/inet.h>
#include <endian.h>
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/fib_rules.h>
#include <linux/lwtunnel.h>
#include <linux/mpls_iptunnel.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include "route_msg.h"

struct msgbuf {
	uint8_t *buf;
	size_t size, len;
	bool full;
};

static void *mb_put(struct msgbuf *m, size_t n)
{
	size_t al = NLMSG_ALIGN(n);
	void *p;

	if (m->full || m->len + al > m->size) {
		m->full = true;
		return NULL;
	}
	p = m->buf + m->len;
	memset(p, 0, al);
	m->len += al;
	return p;
}

/* An attribute; returns its offset (for a nest) or 0 when the buffer is full. */
static size_t mb_attr(struct msgbuf *m, uint16_t type, const void *data, size_t n)
{
	size_t off = m->len;
	struct rtattr *rta = mb_put(m, RTA_LENGTH(n));

	if (rta == NULL)
		return 0;
	rta->rta_type = type;
	rta->rta_len = (unsigned short)RTA_LENGTH(n);
	if (n > 0)
		memcpy(RTA_DATA(rta), data, n);
	return off;
}

static void mb_u8(struct msgbuf *m, uint16_t t, uint8_t v) { mb_attr(m, t, &v, 1); }
static void mb_u16(struct msgbuf *m, uint16_t t, uint16_t v) { mb_attr(m, t, &v, 2); }
static void mb_u32(struct msgbuf *m, uint16_t t, uint32_t v) { mb_attr(m, t, &v, 4); }
static void mb_u64(struct msgbuf *m, uint16_t t, uint64_t v) { mb_attr(m, t, &v, 8); }

static void mb_addr(struct msgbuf *m, uint16_t t, int family, const union addr_ip *a)
{
	mb_attr(m, t, a, addr_len(family));
}

static size_t mb_nest(struct msgbuf *m, uint16_t type)
{
	return mb_attr(m, type, NULL, 0);
}

static void mb_nest_end(struct msgbuf *m, size_t off)
{
	if (!m->full && off > 0)
		((struct rtattr *)(m->buf + off))->rta_len = (unsigned short)(m->len - off);
}

static struct nlmsghdr *mb_start(struct msgbuf *m, void *buf, size_t size, uint16_t type,
                                 uint16_t flags, size_t hdr)
{
	struct nlmsghdr *n;

	m->buf = buf;
	m->size = size;
	m->len = 0;
	m->full = false;
	n = mb_put(m, NLMSG_HDRLEN);
	if (n == NULL || mb_put(m, hdr) == NULL)
		return NULL;
	n->nlmsg_type = type;
	n->nlmsg_flags = (uint16_t)(NLM_F_REQUEST | NLM_F_ACK | flags);
	return n;
}

static int mb_finish(struct msgbuf *m)
{
	if (m->full)
		return -EMSGSIZE;
	((struct nlmsghdr *)m->buf)->nlmsg_len = (uint32_t)m->len;
	return (int)m->len;
}

/* ---- routes */

uint8_t route_default_scope(const struct route_spec *r)
{
	uint8_t type = r->type ? r->type : RTN_UNICAST;

	if (r->scope >= 0)
		return (uint8_t)r->scope;
	if (r->family != AF_INET)
		return RT_SCOPE_UNIVERSE;   /* IPv6 routes have no scope */
	/* what `ip route add` picks */
	if (type == RTN_LOCAL || type == RTN_NAT)
		return RT_SCOPE_HOST;
	if (type == RTN_BROADCAST || type == RTN_MULTICAST || type == RTN_ANYCAST)
		return RT_SCOPE_LINK;
	if (type == RTN_UNICAST && !r->has_via && r->n_nh == 0)
		return RT_SCOPE_LINK;
	return RT_SCOPE_UNIVERSE;
}

static void route_encap(struct msgbuf *m, const struct route_encap *e)
{
	size_t nest;

	if (e->type == LWTUNNEL_ENCAP_NONE)
		return;
	nest = mb_nest(m, RTA_ENCAP);
	if (e->type == LWTUNNEL_ENCAP_MPLS) {
		uint32_t stack[ROUTE_MPLS_MAX];

		/* label entries in network order, bottom of stack on the last */
		for (unsigned i = 0; i < e->n_labels; i++) {
			uint32_t v = e->labels[i] << 12;

			if (i + 1 == e->n_labels)
				v |= 1u << 8;
			stack[i] = htonl(v);
		}
		mb_attr(m, MPLS_IPTUNNEL_DST, stack, e->n_labels * sizeof(*stack));
	} else {
		bool v6 = e->type == LWTUNNEL_ENCAP_IP6;
		int fam = v6 ? AF_INET6 : AF_INET;

		/* LWTUNNEL_IP_* and LWTUNNEL_IP6_* share the numbers */
		if (e->has & ROUTE_ENCAP_ID)
			mb_u64(m, LWTUNNEL_IP_ID, htobe64(e->id));
		if (e->has & ROUTE_ENCAP_DST)
			mb_addr(m, LWTUNNEL_IP_DST, fam, &e->dst);
		if (e->has & ROUTE_ENCAP_SRC)
			mb_addr(m, LWTUNNEL_IP_SRC, fam, &e->src);
		if (e->has & ROUTE_ENCAP_TOS)
			mb_u8(m, LWTUNNEL_IP_TOS, e->tos);
		if (e->has & ROUTE_ENCAP_TTL)
			mb_u8(m, LWTUNNEL_IP_TTL, e->ttl);
		if (e->has & ROUTE_ENCAP_FLAGS)
			mb_u16(m, LWTUNNEL_IP_FLAGS, e->flags);
	}
	mb_nest_end(m, nest);
	mb_u16(m, RTA_ENCAP_TYPE, e->type);
}

static void route_metrics(struct msgbuf *m, const struct route_spec *r)
{
	size_t nest;

	if (r->metrics_set == 0 && r->lock == 0 && r->congctl[0] == '\0')
		return;
	nest = mb_nest(m, RTA_METRICS);
	if (r->lock)
		mb_u32(m, RTAX_LOCK, r->lock);
	for (unsigned x = RTAX_LOCK + 1; x <= ROUTE_RTAX_MAX; x++)
		if (x != RTAX_CC_ALGO && (r->metrics_set & (1u << x)))
			mb_u32(m, (uint16_t)x, r->metrics[x]);
	if (r->congctl[0] != '\0')
		mb_attr(m, RTAX_CC_ALGO, r->congctl, strlen(r->congctl) + 1);
	mb_nest_end(m, nest);
}

static void route_multipath(struct msgbuf *m, const struct route_spec *r)
{
	size_t nest = mb_nest(m, RTA_MULTIPATH);

	for (unsigned i = 0; i < r->n_nh; i++) {
		const struct route_nexthop *nh = &r->nh[i];
		size_t off = m->len;
		struct rtnexthop *rtnh = mb_put(m, sizeof(*rtnh));

		if (rtnh == NULL)
			return;
		rtnh->rtnh_flags = nh->flags;
		rtnh->rtnh_hops = (uint8_t)(nh->weight ? nh->weight - 1 : 0);
		rtnh->rtnh_ifindex = nh->oif;
		if (nh->has_via)
			mb_addr(m, RTA_GATEWAY, r->family, &nh->via);
		if (nh->has_realms)
			mb_u32(m, RTA_FLOW, nh->realms);
		route_encap(m, &nh->encap);
		if (!m->full)
			((struct rtnexthop *)(m->buf + off))->rtnh_len = (unsigned short)(m->len - off);
	}
	mb_nest_end(m, nest);
}

int route_msg_build(void *buf, size_t size, bool add, const struct route_spec *r)
{
	static const uint16_t mode_flags[] = {
		[ROUTE_MODE_REPLACE] = NLM_F_CREATE | NLM_F_REPLACE,
		[ROUTE_MODE_ADD] = NLM_F_CREATE | NLM_F_EXCL,
		[ROUTE_MODE_APPEND] = NLM_F_CREATE | NLM_F_APPEND,
		[ROUTE_MODE_PREPEND] = NLM_F_CREATE,
	};
	struct msgbuf m;
	struct rtmsg *rtm;
	uint32_t table = r->table ? r->table : RT_TABLE_MAIN;

	if (addr_len(r->family) == 0 || (unsigned)r->mode > ROUTE_MODE_PREPEND ||
	    r->n_nh > ROUTE_NH_MAX)
		return -EINVAL;
	if (mb_start(&m, buf, size, add ? RTM_NEWROUTE : RTM_DELROUTE,
	             add ? mode_flags[r->mode] : 0, sizeof(*rtm)) == NULL)
		return -EMSGSIZE;
	rtm = (struct rtmsg *)(m.buf + NLMSG_HDRLEN);
	rtm->rtm_family = (uint8_t)r->family;
	rtm->rtm_dst_len = r->dst_len;
	rtm->rtm_src_len = r->has_from ? r->from_len : 0;
	rtm->rtm_tos = r->tos;
	rtm->rtm_table = (uint8_t)(table < 256 ? table : RT_TABLE_UNSPEC);
	rtm->rtm_protocol = r->protocol ? r->protocol : RTPROT_STATIC;
	rtm->rtm_scope = route_default_scope(r);
	rtm->rtm_type = r->type ? r->type : RTN_UNICAST;
	rtm->rtm_flags = r->flags;
	mb_u32(&m, RTA_TABLE, table);
	mb_addr(&m, RTA_DST, r->family, &r->dst);
	if (r->has_from)
		mb_addr(&m, RTA_SRC, r->family, &r->from);
	if (r->has_src)
		mb_addr(&m, RTA_PREFSRC, r->family, &r->src);
	if (r->n_nh == 0 && r->has_via)
		mb_addr(&m, RTA_GATEWAY, r->family, &r->via);
	if (r->n_nh == 0 && r->oif > 0)
		mb_u32(&m, RTA_OIF, (uint32_t)r->oif);
	if (r->has_metric)
		mb_u32(&m, RTA_PRIORITY, r->metric);
	if (r->has_realms)
		mb_u32(&m, RTA_FLOW, r->realms);
	route_metrics(&m, r);
	if (r->n_nh == 0)
		route_encap(&m, &r->encap);
	if (r->n_nh > 0)
		route_multipath(&m, r);
	if (r->has_expires)
		mb_u32(&m, RTA_EXPIRES, r->expires);
	if (r->has_pref)
		mb_u8(&m, RTA_PREF, r->pref);
	if (r->ttl_propagate >= 0)
		mb_u8(&m, RTA_TTL_PROPAGATE, (uint8_t)r->ttl_propagate);
	return mb_finish(&m);
}

/* ---- rules */

int rule_msg_build(void *buf, size_t size, bool add, const struct rule_spec *r)
{
	struct msgbuf m;
	struct fib_rule_hdr *frh;
	uint8_t action = r->action ? r->action : FR_ACT_TO_TBL;

	if (addr_len(r->family) == 0)
		return -EINVAL;
	/* NLM_F_EXCL: the kernel does not deduplicate rules otherwise, and a
	 * second copy would outlive our delete */
	if (mb_start(&m, buf, size, add ? RTM_NEWRULE : RTM_DELRULE,
	             add ? NLM_F_CREATE | NLM_F_EXCL : 0, sizeof(*frh)) == NULL)
		return -EMSGSIZE;
	frh = (struct fib_rule_hdr *)(m.buf + NLMSG_HDRLEN);
	frh->family = (uint8_t)r->family;
	frh->dst_len = r->to_len;
	frh->src_len = r->from_len;
	frh->tos = r->tos;
	frh->action = action;
	frh->flags = r->invert ? FIB_RULE_INVERT : 0;
	if (action == FR_ACT_TO_TBL && !r->l3mdev) {
		uint32_t table = r->table ? r->table : RT_TABLE_MAIN;

		frh->table = (uint8_t)(table < 256 ? table : RT_TABLE_UNSPEC);
		mb_u32(&m, FRA_TABLE, table);
	}
	if (r->from_len > 0)
		mb_addr(&m, FRA_SRC, r->family, &r->from);
	if (r->to_len > 0)
		mb_addr(&m, FRA_DST, r->family, &r->to);
	if (r->iif[0] != '\0')
		mb_attr(&m, FRA_IIFNAME, r->iif, strlen(r->iif) + 1);
	if (r->oif[0] != '\0')
		mb_attr(&m, FRA_OIFNAME, r->oif, strlen(r->oif) + 1);
	if (r->has_priority)
		mb_u32(&m, FRA_PRIORITY, r->priority);
	if (r->has_fwmark)
		mb_u32(&m, FRA_FWMARK, r->fwmark);
	if (r->has_fwmask)
		mb_u32(&m, FRA_FWMASK, r->fwmask);
	if (r->has_realms)
		mb_u32(&m, FRA_FLOW, r->realms);
	if (r->has_tun_id)
		mb_u64(&m, FRA_TUN_ID, htobe64(r->tun_id));
	if (r->has_suppress_prefixlen)
		mb_u32(&m, FRA_SUPPRESS_PREFIXLEN, r->suppress_prefixlen);
	if (r->has_suppress_ifgroup)
		mb_u32(&m, FRA_SUPPRESS_IFGROUP, r->suppress_ifgroup);
	if (r->has_goto)
		mb_u32(&m, FRA_GOTO, r->goto_target);
	if (r->l3mdev)
		mb_u8(&m, FRA_L3MDEV, 1);
	if (r->has_uidrange) {
		struct fib_rule_uid_range u = { r->uid_start, r->uid_end };

		mb_attr(&m, FRA_UID_RANGE, &u, sizeof(u));
	}
	if (r->protocol)
		mb_u8(&m, FRA_PROTOCOL, r->protocol);
	if (r->has_ipproto)
		mb_u8(&m, FRA_IP_PROTO, r->ipproto);
	if (r->has_sport) {
		struct fib_rule_port_range p = { r->sport[0], r->sport[1] };

		mb_attr(&m, FRA_SPORT_RANGE, &p, sizeof(p));
	}
	if (r->has_dport) {
		struct fib_rule_port_range p = { r->dport[0], r->dport[1] };

		mb_attr(&m, FRA_DPORT_RANGE, &p, sizeof(p));
	}
	return mb_finish(&m);
}
