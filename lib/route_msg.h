/* Routes and rules as plain structs, and the pure builders of their
 * rtnetlink messages (RTM_NEWROUTE/RTM_DELROUTE with every attribute:
 * RTA_METRICS nest, RTA_MULTIPATH, RTA_ENCAP; RTM_NEWRULE/RTM_DELRULE with
 * the FRA_* attributes).  No socket, no libnl: lib/netlink_route.c sends
 * what these build, and unit tests compare the bytes.  Knows nothing of
 * VRRP or of the configuration grammar. */
#ifndef FLOATD_ROUTE_MSG_H
#define FLOATD_ROUTE_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <net/if.h>

#include "addr.h"

#define ROUTE_NH_MAX 16              /* nexthops of one multipath route */
#define ROUTE_MPLS_MAX 16            /* labels of one MPLS encapsulation */
#define ROUTE_RTAX_MAX 17            /* RTAX_FASTOPEN_NO_COOKIE */
#define ROUTE_CONGCTL_MAX 16         /* TCP_CA_NAME_MAX */
#define ROUTE_MSG_MAX 8192           /* enough for every attribute of one message */

/* Lightweight-tunnel encapsulation (RTA_ENCAP_TYPE + RTA_ENCAP). */
enum route_encap_has {
	ROUTE_ENCAP_ID = 1, ROUTE_ENCAP_DST = 2, ROUTE_ENCAP_SRC = 4, ROUTE_ENCAP_TOS = 8,
	ROUTE_ENCAP_TTL = 16, ROUTE_ENCAP_FLAGS = 32,
};
struct route_encap {
	uint16_t type;               /* LWTUNNEL_ENCAP_*: 0 none, MPLS, IP, IP6 */
	uint8_t n_labels;            /* MPLS */
	uint32_t labels[ROUTE_MPLS_MAX];
	unsigned has;                /* IP / IP6: enum route_encap_has */
	uint64_t id;
	union addr_ip dst, src;
	uint8_t tos, ttl;            /* IP6: traffic class, hop limit */
	uint16_t flags;
};

/* One nexthop of a multipath route (struct rtnexthop + attributes). */
struct route_nexthop {
	bool has_via;
	union addr_ip via;           /* the route's family */
	int oif;                     /* 0 = none (filled from a name at add) */
	uint16_t weight;             /* 1..256; 0 = 1 */
	uint8_t flags;               /* RTNH_F_ONLINK */
	bool has_realms;
	uint32_t realms;
	struct route_encap encap;
};

/* How an add meets an existing route: floatd's default replaces it (a
 * leftover of a killed run is no error); keepalived's add/append/prepend. */
enum route_mode { ROUTE_MODE_REPLACE, ROUTE_MODE_ADD, ROUTE_MODE_APPEND, ROUTE_MODE_PREPEND };

struct route_spec {
	int family;                  /* AF_INET / AF_INET6 */
	uint8_t type;                /* RTN_*; 0 = RTN_UNICAST */
	uint8_t protocol;            /* RTPROT_*; 0 = RTPROT_STATIC */
	int scope;                   /* RT_SCOPE_*; -1 = what `ip route` picks */
	uint32_t table;              /* 0 = main */
	uint8_t tos;
	uint8_t flags;               /* RTNH_F_ONLINK */
	union addr_ip dst, from, src, via;
	uint8_t dst_len, from_len;   /* from: RTA_SRC (IPv6 source routing) */
	bool has_from, has_src, has_via, has_metric, has_realms, has_expires, has_pref;
	int oif;                     /* 0 = none */
	uint32_t metric, realms, expires;
	uint8_t pref;                /* ICMPV6_ROUTER_PREF_* */
	int8_t ttl_propagate;        /* -1 = not given, 0 / 1 */
	uint32_t metrics[ROUTE_RTAX_MAX + 1];   /* by RTAX_*; RTAX_CC_ALGO unused */
	uint32_t metrics_set;        /* bit RTAX_x: metrics[x] given */
	uint32_t lock;               /* bit RTAX_x: `lock` (RTAX_LOCK) */
	char congctl[ROUTE_CONGCTL_MAX];   /* "" = none */
	struct route_encap encap;
	unsigned n_nh;               /* > 0: RTA_MULTIPATH, via/oif above unused */
	struct route_nexthop nh[ROUTE_NH_MAX];
	enum route_mode mode;
};

struct rule_spec {
	int family;
	uint8_t action;              /* FR_ACT_*; 0 = FR_ACT_TO_TBL */
	bool invert;                 /* `not` */
	union addr_ip from, to;
	uint8_t from_len, to_len;    /* 0 = any */
	char iif[IF_NAMESIZE], oif[IF_NAMESIZE];   /* "" = any */
	uint8_t tos;
	bool has_fwmark, has_fwmask, has_priority, has_realms, has_goto, has_tun_id;
	bool has_suppress_prefixlen, has_suppress_ifgroup, has_uidrange, has_ipproto;
	bool has_sport, has_dport, l3mdev;
	uint32_t fwmark, fwmask, priority, table, realms, goto_target;
	uint32_t suppress_prefixlen, suppress_ifgroup;
	uint64_t tun_id;
	uint32_t uid_start, uid_end;
	uint8_t ipproto;
	uint8_t protocol;            /* FRA_PROTOCOL; 0 = none */
	uint16_t sport[2], dport[2];
};

/* Build one request (RTM_NEWROUTE/RTM_DELROUTE, RTM_NEWRULE/RTM_DELRULE)
 * into buf with NLM_F_REQUEST|NLM_F_ACK and, for a new one, the flags of
 * its mode; nlmsg_seq and nlmsg_pid are 0 for the sender to fill.
 * Returns its length, or -EMSGSIZE / -EINVAL. */
int route_msg_build(void *buf, size_t size, bool add, const struct route_spec *);
int rule_msg_build(void *buf, size_t size, bool add, const struct rule_spec *);

/* The scope `ip route add` picks when none is given. */
uint8_t route_default_scope(const struct route_spec *);

#endif
