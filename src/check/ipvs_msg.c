/* IPVS generic-netlink messages as byte buffers: build requests, parse
 * replies, service keys; also the sync daemon, timeout, flush and family
 * lookup messages the VRRP process sends (src/vrrp/lvs_sync.c).  Pure: no
 * sockets, no libnl, no logging.  Layout
 * per <linux/ip_vs.h> and the kernel's ip_vs_genl_parse_service(): a create
 * needs sched, flags, timeout and netmask; a dest create needs fwd method,
 * weight and both thresholds; ports travel in network byte order. */
#include "config.h"

#include <arpa/inet.h>
#include <linux/genetlink.h>
#include <linux/ip_vs.h>
#include <linux/netlink.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "check/ipvs.h"

/* ---- writer */

struct im_buf {
	uint8_t *p;
	size_t size, len;
	bool overflow;
};

static void *im_reserve(struct im_buf *b, size_t n)
{
	size_t al = NLMSG_ALIGN(n);
	void *r;

	if (b->overflow || b->len + al > b->size) {
		b->overflow = true;
		return NULL;
	}
	r = b->p + b->len;
	memset(r, 0, al);
	b->len += al;
	return r;
}

static void im_put(struct im_buf *b, uint16_t type, const void *data, size_t n)
{
	struct nlattr *a = im_reserve(b, NLA_HDRLEN + n);

	if (!a)
		return;
	a->nla_type = type;
	a->nla_len = (uint16_t)(NLA_HDRLEN + n);
	memcpy((uint8_t *)a + NLA_HDRLEN, data, n);
}

static void im_u8(struct im_buf *b, uint16_t type, uint8_t v) { im_put(b, type, &v, 1); }
static void im_u16(struct im_buf *b, uint16_t type, uint16_t v) { im_put(b, type, &v, 2); }
static void im_u32(struct im_buf *b, uint16_t type, uint32_t v) { im_put(b, type, &v, 4); }
static void im_str(struct im_buf *b, uint16_t type, const char *s)
{
	im_put(b, type, s, strlen(s) + 1);
}

static size_t im_nest_start(struct im_buf *b, uint16_t type)
{
	size_t off = b->len;
	struct nlattr *a = im_reserve(b, NLA_HDRLEN);

	if (a)
		a->nla_type = NLA_F_NESTED | type;
	return off;
}

static void im_nest_end(struct im_buf *b, size_t off)
{
	if (!b->overflow)
		((struct nlattr *)(b->p + off))->nla_len = (uint16_t)(b->len - off);
}

static void im_header(struct im_buf *b, uint16_t family_id, uint8_t cmd, uint32_t seq,
                      uint16_t flags)
{
	struct nlmsghdr *h = im_reserve(b, NLMSG_HDRLEN);
	struct genlmsghdr *g = im_reserve(b, GENL_HDRLEN);

	if (!h || !g)
		return;
	h->nlmsg_type = family_id;
	h->nlmsg_flags = flags;
	h->nlmsg_seq = seq;
	g->cmd = cmd;
	g->version = IPVS_GENL_VERSION;
}

static int im_finish(struct im_buf *b)
{
	if (b->overflow)
		return -1;
	((struct nlmsghdr *)b->p)->nlmsg_len = (uint32_t)b->len;
	return (int)b->len;
}

static size_t im_addr_len(uint16_t af)
{
	return af == AF_INET6 ? 16 : 4;
}

static void im_service_attrs(struct im_buf *b, const struct ipvs_service *s, bool full)
{
	size_t nest = im_nest_start(b, IPVS_CMD_ATTR_SERVICE);
	/* the kernel reads ADDR as union nf_inet_addr: always 16 bytes */
	uint8_t addr[16] = { 0 };

	im_u16(b, IPVS_SVC_ATTR_AF, s->af);
	if (s->fwmark) {
		im_u32(b, IPVS_SVC_ATTR_FWMARK, s->fwmark);
	} else {
		memcpy(addr, &s->addr, im_addr_len(s->af));
		im_u16(b, IPVS_SVC_ATTR_PROTOCOL, s->protocol);
		im_put(b, IPVS_SVC_ATTR_ADDR, addr, sizeof(addr));
		im_u16(b, IPVS_SVC_ATTR_PORT, htons(s->port));
	}
	if (full) {
		struct ip_vs_flags f = { s->flags, ~0u };

		im_str(b, IPVS_SVC_ATTR_SCHED_NAME, s->sched[0] ? s->sched : "wlc");
		if (s->pe_name[0])
			im_str(b, IPVS_SVC_ATTR_PE_NAME, s->pe_name);
		im_put(b, IPVS_SVC_ATTR_FLAGS, &f, sizeof(f));
		im_u32(b, IPVS_SVC_ATTR_TIMEOUT, s->timeout_s);
		im_u32(b, IPVS_SVC_ATTR_NETMASK, s->netmask);
	}
	im_nest_end(b, nest);
}

int ipvs_msg_service(uint8_t *buf, size_t size, uint16_t family_id, uint8_t cmd,
                     uint32_t seq, const struct ipvs_service *svc, bool full)
{
	struct im_buf b = { buf, size, 0, false };

	im_header(&b, family_id, cmd, seq, NLM_F_REQUEST | NLM_F_ACK);
	im_service_attrs(&b, svc, full);
	return im_finish(&b);
}

int ipvs_msg_dest(uint8_t *buf, size_t size, uint16_t family_id, uint8_t cmd, uint32_t seq,
                  const struct ipvs_service *svc, const struct ipvs_dest *d, bool full)
{
	struct im_buf b = { buf, size, 0, false };
	uint8_t addr[16] = { 0 };
	size_t nest;

	im_header(&b, family_id, cmd, seq, NLM_F_REQUEST | NLM_F_ACK);
	im_service_attrs(&b, svc, false);
	nest = im_nest_start(&b, IPVS_CMD_ATTR_DEST);
	memcpy(addr, &d->addr, im_addr_len(d->af));
	im_put(&b, IPVS_DEST_ATTR_ADDR, addr, sizeof(addr));
	im_u16(&b, IPVS_DEST_ATTR_PORT, htons(d->port));
	/* Linux >= 5.3 takes a dest family; older kernels ignore the attribute */
	im_u16(&b, IPVS_DEST_ATTR_ADDR_FAMILY, d->af);
	if (full) {
		im_u32(&b, IPVS_DEST_ATTR_FWD_METHOD, d->fwd_method);
		im_u32(&b, IPVS_DEST_ATTR_WEIGHT, (uint32_t)d->weight);
		im_u32(&b, IPVS_DEST_ATTR_U_THRESH, d->u_thresh);
		im_u32(&b, IPVS_DEST_ATTR_L_THRESH, d->l_thresh);
	}
	im_nest_end(&b, nest);
	return im_finish(&b);
}

int ipvs_msg_dump(uint8_t *buf, size_t size, uint16_t family_id, uint8_t cmd, uint32_t seq,
                  const struct ipvs_service *svc)
{
	struct im_buf b = { buf, size, 0, false };

	im_header(&b, family_id, cmd, seq, NLM_F_REQUEST | NLM_F_DUMP);
	if (svc)
		im_service_attrs(&b, svc, false);
	return im_finish(&b);
}

/* ---- sync daemon, configuration, flush (the VRRP process's requests) */

int ipvs_msg_daemon(uint8_t *buf, size_t size, uint16_t family_id, uint32_t seq, bool start,
                    const struct ipvs_daemon *d)
{
	struct im_buf b = { buf, size, 0, false };
	size_t nest;

	im_header(&b, family_id, start ? IPVS_CMD_NEW_DAEMON : IPVS_CMD_DEL_DAEMON, seq,
	          NLM_F_REQUEST | NLM_F_ACK);
	nest = im_nest_start(&b, IPVS_CMD_ATTR_DAEMON);
	im_u32(&b, IPVS_DAEMON_ATTR_STATE, d->state);
	if (start) {
		/* the kernel wants these three; the others only when set, so an
		 * older kernel (before 4.3) still accepts the message */
		im_str(&b, IPVS_DAEMON_ATTR_MCAST_IFN, d->ifname);
		im_u32(&b, IPVS_DAEMON_ATTR_SYNC_ID, d->syncid);
		if (d->maxlen)
			im_u16(&b, IPVS_DAEMON_ATTR_SYNC_MAXLEN, d->maxlen);
		if (d->group_af == AF_INET)
			im_put(&b, IPVS_DAEMON_ATTR_MCAST_GROUP, &d->group, 4);
		else if (d->group_af == AF_INET6)
			im_put(&b, IPVS_DAEMON_ATTR_MCAST_GROUP6, &d->group, 16);
		/* port and TTL in host order, as the kernel reads them */
		if (d->port)
			im_u16(&b, IPVS_DAEMON_ATTR_MCAST_PORT, d->port);
		if (d->ttl)
			im_u8(&b, IPVS_DAEMON_ATTR_MCAST_TTL, d->ttl);
	} else {
		im_u32(&b, IPVS_DAEMON_ATTR_SYNC_ID, d->syncid);
	}
	im_nest_end(&b, nest);
	return im_finish(&b);
}

int ipvs_msg_timeouts(uint8_t *buf, size_t size, uint16_t family_id, uint32_t seq,
                      const struct ipvs_timeouts *t)
{
	struct im_buf b = { buf, size, 0, false };

	im_header(&b, family_id, IPVS_CMD_SET_CONFIG, seq, NLM_F_REQUEST | NLM_F_ACK);
	/* an absent attribute is left as it is by the kernel */
	if (t->tcp)
		im_u32(&b, IPVS_CMD_ATTR_TIMEOUT_TCP, t->tcp);
	if (t->tcpfin)
		im_u32(&b, IPVS_CMD_ATTR_TIMEOUT_TCP_FIN, t->tcpfin);
	if (t->udp)
		im_u32(&b, IPVS_CMD_ATTR_TIMEOUT_UDP, t->udp);
	return im_finish(&b);
}

int ipvs_msg_cmd(uint8_t *buf, size_t size, uint16_t family_id, uint8_t cmd, uint32_t seq)
{
	struct im_buf b = { buf, size, 0, false };

	im_header(&b, family_id, cmd, seq, NLM_F_REQUEST | NLM_F_ACK);
	return im_finish(&b);
}

int ipvs_msg_family_lookup(uint8_t *buf, size_t size, uint32_t seq)
{
	struct im_buf b = { buf, size, 0, false };

	im_header(&b, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, seq, NLM_F_REQUEST | NLM_F_ACK);
	im_str(&b, CTRL_ATTR_FAMILY_NAME, IPVS_GENL_NAME);
	return im_finish(&b);
}

/* ---- reader */

const char *ipvs_parse_name(enum ipvs_parse r)
{
	switch (r) {
	case IPVS_PARSE_OK: return "ok";
	case IPVS_PARSE_TRUNCATED: return "truncated";
	case IPVS_PARSE_NO_ATTR: return "no nested attribute";
	case IPVS_PARSE_MISSING: return "missing attribute";
	case IPVS_PARSE_BAD_VALUE: return "bad attribute size";
	}
	return "?";
}

#define IM_MAX_ATTR 16

/* Index the attributes in [p, p+len) by type (last one wins). */
static enum ipvs_parse im_index(const uint8_t *p, size_t len, const struct nlattr **tb)
{
	memset(tb, 0, IM_MAX_ATTR * sizeof(*tb));
	while (len >= NLA_HDRLEN) {
		const struct nlattr *a = (const struct nlattr *)p;
		size_t al;
		uint16_t type = a->nla_type & NLA_TYPE_MASK;

		if (a->nla_len < NLA_HDRLEN || a->nla_len > len)
			return IPVS_PARSE_TRUNCATED;
		if (type < IM_MAX_ATTR)
			tb[type] = a;
		al = NLA_ALIGN(a->nla_len);
		if (al >= len)
			break;
		p += al;
		len -= al;
	}
	return IPVS_PARSE_OK;
}

static const void *im_data(const struct nlattr *a) { return (const uint8_t *)a + NLA_HDRLEN; }
static size_t im_dlen(const struct nlattr *a) { return a->nla_len - NLA_HDRLEN; }

static int im_get(const struct nlattr *a, void *out, size_t n)
{
	if (!a || im_dlen(a) < n)
		return -1;
	memcpy(out, im_data(a), n);
	return 0;
}

/* One generic-netlink message's top-level attributes, indexed into tb. */
static enum ipvs_parse im_top(const uint8_t *msg, size_t len, const struct nlattr **tb)
{
	const struct nlmsghdr *h = (const struct nlmsghdr *)msg;

	if (len < NLMSG_HDRLEN + GENL_HDRLEN || h->nlmsg_len < NLMSG_HDRLEN + GENL_HDRLEN ||
	    h->nlmsg_len > len)
		return IPVS_PARSE_TRUNCATED;
	return im_index(msg + NLMSG_HDRLEN + GENL_HDRLEN, h->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN,
	                tb);
}

/* Top-level attributes of one message -> the nest of type `which`. */
static enum ipvs_parse im_nest(const uint8_t *msg, size_t len, uint16_t which,
                               const struct nlattr **tb_top, const struct nlattr **tb)
{
	enum ipvs_parse r;

	r = im_top(msg, len, tb_top);
	if (r != IPVS_PARSE_OK)
		return r;
	if (!tb_top[which])
		return IPVS_PARSE_NO_ATTR;
	return im_index(im_data(tb_top[which]), im_dlen(tb_top[which]), tb);
}

static void im_strcpy(char *dst, size_t size, const struct nlattr *a)
{
	size_t n = a ? im_dlen(a) : 0;

	if (n >= size)
		n = size - 1;
	memcpy(dst, a ? im_data(a) : "", n);
	dst[n] = '\0';
}

static enum ipvs_parse im_parse_service_tb(const struct nlattr **tb, struct ipvs_service *s)
{
	uint16_t port;

	memset(s, 0, sizeof(*s));
	if (im_get(tb[IPVS_SVC_ATTR_AF], &s->af, 2) < 0)
		return IPVS_PARSE_MISSING;
	if (s->af != AF_INET && s->af != AF_INET6)
		return IPVS_PARSE_BAD_VALUE;
	if (tb[IPVS_SVC_ATTR_FWMARK] && im_get(tb[IPVS_SVC_ATTR_FWMARK], &s->fwmark, 4) < 0)
		return IPVS_PARSE_BAD_VALUE;
	if (!s->fwmark) {
		if (im_get(tb[IPVS_SVC_ATTR_PROTOCOL], &s->protocol, 2) < 0 ||
		    im_get(tb[IPVS_SVC_ATTR_PORT], &port, 2) < 0 || !tb[IPVS_SVC_ATTR_ADDR])
			return IPVS_PARSE_MISSING;
		if (im_get(tb[IPVS_SVC_ATTR_ADDR], &s->addr, im_addr_len(s->af)) < 0)
			return IPVS_PARSE_BAD_VALUE;
		s->port = ntohs(port);
	} else if (tb[IPVS_SVC_ATTR_PROTOCOL]) {
		im_get(tb[IPVS_SVC_ATTR_PROTOCOL], &s->protocol, 2);
	}
	im_strcpy(s->sched, sizeof(s->sched), tb[IPVS_SVC_ATTR_SCHED_NAME]);
	im_strcpy(s->pe_name, sizeof(s->pe_name), tb[IPVS_SVC_ATTR_PE_NAME]);
	if (tb[IPVS_SVC_ATTR_FLAGS]) {
		struct ip_vs_flags f;

		if (im_get(tb[IPVS_SVC_ATTR_FLAGS], &f, sizeof(f)) < 0)
			return IPVS_PARSE_BAD_VALUE;
		/* HASHED is kernel bookkeeping, not configuration */
		s->flags = f.flags & ~(uint32_t)IP_VS_SVC_F_HASHED;
	}
	if (tb[IPVS_SVC_ATTR_TIMEOUT] && im_get(tb[IPVS_SVC_ATTR_TIMEOUT], &s->timeout_s, 4) < 0)
		return IPVS_PARSE_BAD_VALUE;
	if (tb[IPVS_SVC_ATTR_NETMASK] && im_get(tb[IPVS_SVC_ATTR_NETMASK], &s->netmask, 4) < 0)
		return IPVS_PARSE_BAD_VALUE;
	return IPVS_PARSE_OK;
}

enum ipvs_parse ipvs_msg_parse_service(const uint8_t *msg, size_t len, struct ipvs_service *s)
{
	const struct nlattr *top[IM_MAX_ATTR], *tb[IM_MAX_ATTR];
	enum ipvs_parse r = im_nest(msg, len, IPVS_CMD_ATTR_SERVICE, top, tb);

	return r != IPVS_PARSE_OK ? r : im_parse_service_tb(tb, s);
}

enum ipvs_parse ipvs_msg_parse_timeouts(const uint8_t *msg, size_t len, struct ipvs_timeouts *t)
{
	const struct nlattr *tb[IM_MAX_ATTR];
	enum ipvs_parse r;

	r = im_top(msg, len, tb);
	if (r != IPVS_PARSE_OK)
		return r;
	memset(t, 0, sizeof(*t));
	if (!tb[IPVS_CMD_ATTR_TIMEOUT_TCP] || !tb[IPVS_CMD_ATTR_TIMEOUT_TCP_FIN] ||
	    !tb[IPVS_CMD_ATTR_TIMEOUT_UDP])
		return IPVS_PARSE_MISSING;
	if (im_get(tb[IPVS_CMD_ATTR_TIMEOUT_TCP], &t->tcp, 4) < 0 ||
	    im_get(tb[IPVS_CMD_ATTR_TIMEOUT_TCP_FIN], &t->tcpfin, 4) < 0 ||
	    im_get(tb[IPVS_CMD_ATTR_TIMEOUT_UDP], &t->udp, 4) < 0)
		return IPVS_PARSE_BAD_VALUE;
	return IPVS_PARSE_OK;
}

enum ipvs_parse ipvs_msg_parse_family(const uint8_t *msg, size_t len, uint16_t *id)
{
	const struct nlattr *tb[IM_MAX_ATTR];
	enum ipvs_parse r;

	/* CTRL_ATTR_FAMILY_ID is 1: the first IM_MAX_ATTR types are enough */
	r = im_top(msg, len, tb);
	if (r != IPVS_PARSE_OK)
		return r;
	if (!tb[CTRL_ATTR_FAMILY_ID])
		return IPVS_PARSE_MISSING;
	if (im_get(tb[CTRL_ATTR_FAMILY_ID], id, 2) < 0)
		return IPVS_PARSE_BAD_VALUE;
	return IPVS_PARSE_OK;
}

enum ipvs_parse ipvs_msg_parse_dest(const uint8_t *msg, size_t len, struct ipvs_dest *d)
{
	const struct nlattr *top[IM_MAX_ATTR], *tb[IM_MAX_ATTR];
	enum ipvs_parse r = im_nest(msg, len, IPVS_CMD_ATTR_DEST, top, tb);
	uint16_t port;
	uint32_t w;

	if (r != IPVS_PARSE_OK)
		return r;
	memset(d, 0, sizeof(*d));
	d->af = AF_INET;
	if (tb[IPVS_DEST_ATTR_ADDR_FAMILY])
		im_get(tb[IPVS_DEST_ATTR_ADDR_FAMILY], &d->af, 2);
	else if (top[IPVS_CMD_ATTR_SERVICE]) {
		/* pre-5.3 kernels: the dest has the service's family */
		const struct nlattr *stb[IM_MAX_ATTR];

		if (im_index(im_data(top[IPVS_CMD_ATTR_SERVICE]),
		             im_dlen(top[IPVS_CMD_ATTR_SERVICE]), stb) == IPVS_PARSE_OK)
			im_get(stb[IPVS_SVC_ATTR_AF], &d->af, 2);
	}
	if (d->af != AF_INET && d->af != AF_INET6)
		return IPVS_PARSE_BAD_VALUE;
	if (!tb[IPVS_DEST_ATTR_ADDR] || im_get(tb[IPVS_DEST_ATTR_PORT], &port, 2) < 0)
		return IPVS_PARSE_MISSING;
	if (im_get(tb[IPVS_DEST_ATTR_ADDR], &d->addr, im_addr_len(d->af)) < 0)
		return IPVS_PARSE_BAD_VALUE;
	d->port = ntohs(port);
	if (im_get(tb[IPVS_DEST_ATTR_FWD_METHOD], &d->fwd_method, 4) == 0)
		d->fwd_method &= IP_VS_CONN_F_FWD_MASK;
	if (im_get(tb[IPVS_DEST_ATTR_WEIGHT], &w, 4) == 0)
		d->weight = (int32_t)w;
	im_get(tb[IPVS_DEST_ATTR_U_THRESH], &d->u_thresh, 4);
	im_get(tb[IPVS_DEST_ATTR_L_THRESH], &d->l_thresh, 4);
	im_get(tb[IPVS_DEST_ATTR_ACTIVE_CONNS], &d->active_conns, 4);
	im_get(tb[IPVS_DEST_ATTR_INACT_CONNS], &d->inact_conns, 4);
	return IPVS_PARSE_OK;
}

/* ---- identity and keys */

bool ipvs_service_same(const struct ipvs_service *a, const struct ipvs_service *b)
{
	if (a->af != b->af || a->fwmark != b->fwmark)
		return false;
	if (a->fwmark)
		return true;
	return a->protocol == b->protocol && a->port == b->port &&
	       memcmp(&a->addr, &b->addr, im_addr_len(a->af)) == 0;
}

bool ipvs_dest_same(const struct ipvs_dest *a, const struct ipvs_dest *b)
{
	return a->af == b->af && a->port == b->port &&
	       memcmp(&a->addr, &b->addr, im_addr_len(a->af)) == 0;
}

static const char *im_proto_name(uint16_t p)
{
	return p == IPPROTO_TCP ? "tcp" : p == IPPROTO_UDP ? "udp" : p == IPPROTO_SCTP ? "sctp"
	                                                                                : NULL;
}

const char *ipvs_service_key(const struct ipvs_service *s, char *buf, size_t size)
{
	char ip[INET6_ADDRSTRLEN] = "?";
	const char *proto = im_proto_name(s->protocol);

	if (s->fwmark) {
		snprintf(buf, size, "fwmark %u %s", s->fwmark, s->af == AF_INET6 ? "inet6" : "inet");
		return buf;
	}
	inet_ntop(s->af, &s->addr, ip, sizeof(ip));
	if (proto)
		snprintf(buf, size, s->af == AF_INET6 ? "%s [%s] %u" : "%s %s %u", proto, ip,
		         s->port);
	else
		snprintf(buf, size, s->af == AF_INET6 ? "proto%u [%s] %u" : "proto%u %s %u",
		         s->protocol, ip, s->port);
	return buf;
}

int ipvs_service_from_key(const char *key, struct ipvs_service *out)
{
	char w1[16], w2[INET6_ADDRSTRLEN + 2], w3[16], extra;
	struct addr a;
	unsigned long v;
	char *end;

	memset(out, 0, sizeof(*out));
	if (sscanf(key, "%15s %47s %15s %c", w1, w2, w3, &extra) != 3)
		return -1;
	v = strtoul(w3, &end, 10);
	if (strcmp(w1, "fwmark") == 0) {
		v = strtoul(w2, &end, 10);
		if (*end || !v || v > UINT32_MAX)
			return -1;
		out->fwmark = (uint32_t)v;
		out->protocol = IPPROTO_TCP;
		if (strcmp(w3, "inet") == 0)
			out->af = AF_INET;
		else if (strcmp(w3, "inet6") == 0)
			out->af = AF_INET6;
		else
			return -1;
		return 0;
	}
	if (*end || v > 65535)
		return -1;
	out->port = (uint16_t)v;
	if (strcmp(w1, "tcp") == 0)
		out->protocol = IPPROTO_TCP;
	else if (strcmp(w1, "udp") == 0)
		out->protocol = IPPROTO_UDP;
	else if (strcmp(w1, "sctp") == 0)
		out->protocol = IPPROTO_SCTP;
	else
		return -1;
	if (w2[0] == '[') {
		size_t n = strlen(w2);

		if (n < 3 || w2[n - 1] != ']')
			return -1;
		w2[n - 1] = '\0';
		out->af = AF_INET6;
		if (addr_parse(w2 + 1, AF_INET6, &a, NULL) < 0)
			return -1;
		out->addr = a.ip;
		return 0;
	}
	out->af = AF_INET;
	if (addr_parse(w2, AF_INET, &a, NULL) < 0)
		return -1;
	out->addr = a.ip;
	return 0;
}

const char *ipvs_dest_str(const struct ipvs_dest *d, char *buf, size_t size)
{
	char ip[INET6_ADDRSTRLEN] = "?";

	inet_ntop(d->af, &d->addr, ip, sizeof(ip));
	snprintf(buf, size, d->af == AF_INET6 ? "[%s]:%u" : "%s:%u", ip, d->port);
	return buf;
}
