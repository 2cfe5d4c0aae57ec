/* rtnetlink through libnl-route: add/replace/delete addresses, look up an
 * interface's primary address and link state, and watch address and link
 * events on the event loop.  The only user of libnl-route.  Knows nothing of
 * VRRP.  Requests are acknowledged by the kernel inside sendmsg(), so waiting
 * for the ack never blocks the loop. */
#ifndef FLOATD_NETLINK_H
#define FLOATD_NETLINK_H

#include <stdbool.h>
#include <stdint.h>
#include <net/if.h>
#include <netinet/in.h>

#include "route_msg.h"

struct ev_loop;
struct netlink;

/* One address as the kernel sees it. */
struct netlink_addr {
	int family;                  /* AF_INET / AF_INET6 */
	int ifindex;
	union { struct in_addr v4; struct in6_addr v6; } addr;
	uint8_t prefixlen;
	uint8_t scope;               /* RT_SCOPE_* */
	char label[IF_NAMESIZE];     /* IPv4 only; empty = none */
	uint32_t valid_lft;          /* seconds; 0 = forever (INFINITY_LIFE_TIME) */
	uint32_t preferred_lft;      /* seconds; 0 = forever (at most valid_lft) */
	bool deprecated;             /* add: preferred lifetime 0 whatever preferred_lft says */
	bool nodad;                  /* IPv6: IFA_F_NODAD */
	uint32_t ifa_flags;          /* add: more IFA_F_* (home, noprefixroute, ...) */
	bool has_brd;                /* IPv4: set IFA_BROADCAST to brd (add only) */
	struct in_addr brd;
};

enum netlink_event_kind {
	NETLINK_EV_ADDR_NEW,
	NETLINK_EV_ADDR_DEL,
	NETLINK_EV_LINK,             /* link appeared, changed or went away */
	/* The event socket overran (ENOBUFS): some events were lost.  No other
	 * field is set; the consumer must re-read the state it cares about
	 * (netlink_addr_present, netlink_link_state) instead of trusting the
	 * events it has seen. */
	NETLINK_EV_RESYNC,
};

struct netlink_event {
	enum netlink_event_kind kind;
	struct netlink_addr addr;    /* ADDR_* */
	int ifindex;                 /* LINK */
	char ifname[IF_NAMESIZE];    /* LINK */
	bool up;                     /* LINK: IFF_UP && IFF_RUNNING (carrier) */
	bool deleted;                /* LINK: RTM_DELLINK */
};

typedef void (*netlink_event_cb)(void *arg, const struct netlink_event *);
/* Events are read at most 64 datagrams per loop iteration, so a storm of
 * them cannot starve the other sockets and timers. */

/* Opens the request socket and, if cb != NULL, an event socket subscribed to
 * link and IPv4/IPv6 address groups, watched on `loop`.  NULL on error (errno).
 * The callback may use the query/update calls (they use the other socket)
 * but must not call netlink_close(). */
struct netlink *netlink_open(struct ev_loop *loop, netlink_event_cb cb, void *arg);
void netlink_close(struct netlink *);

/* Add (replace = false: -EEXIST if present; true: NLM_F_REPLACE, which updates
 * lifetimes in place without a delete/add flap).  0 or -errno.  A finite
 * preferred_lft above valid_lft (or 0 = forever with a finite valid_lft) is
 * clamped to valid_lft, which the kernel would otherwise reject. */
int netlink_addr_add(struct netlink *, const struct netlink_addr *, bool replace);
/* Delete (matched on family, ifindex, addr, prefixlen; the label is not
 * compared); -EADDRNOTAVAIL when not present. */
int netlink_addr_del(struct netlink *, const struct netlink_addr *);
/* Address queries dump the kernel's table; a dump interrupted by concurrent
 * changes is repeated (5 tries in all), then -EINTR: "unknown", so the
 * caller keeps what it knew (never "no address").
 * Is exactly this address (family, ifindex, addr, prefixlen) configured? 1/0/-errno */
int netlink_addr_present(struct netlink *, const struct netlink_addr *);
/* The first non-secondary address of `family` on ifindex (IPv6: the first
 * link-local fe80::/10 that is not tentative or DAD-failed).
 * 0 or -errno (-EADDRNOTAVAIL when none). */
int netlink_primary_addr(struct netlink *, int ifindex, int family, struct netlink_addr *out);
/* Link state: 1 up (IFF_UP and IFF_RUNNING), 0 down, -errno (-ENODEV when
 * there is no such link).  MAC into mac[6] if non-NULL (zeros when the link
 * has no 6-byte hardware address). */
int netlink_link_state(struct netlink *, int ifindex, uint8_t mac[6]);

/* ---- routes, rules and macvlan links (virtual_routes,
 * virtual_rules, use_vmac) */

/* Add / delete.  A route add follows its mode (default: NLM_F_REPLACE, so
 * an identical leftover is no error); a rule add is NLM_F_EXCL (-EEXIST
 * when present).  0 or -errno; -ENOENT when a route or rule to delete is
 * not there. */
int netlink_route_add(struct netlink *, const struct route_spec *);
int netlink_route_del(struct netlink *, const struct route_spec *);
int netlink_rule_add(struct netlink *, const struct rule_spec *);
int netlink_rule_del(struct netlink *, const struct rule_spec *);
/* The routing table of the VRF device `name`: 0, -ENODEV (no such link),
 * -EMEDIUMTYPE (not a VRF) or -errno. */
int netlink_vrf_table(struct netlink *, const char *name, uint32_t *table);

/* Create a macvlan in private mode on `parent` with `mac`.  Returns its ifindex or
 * -errno (-EEXIST when the name is taken).  The link is created down. */
int netlink_macvlan_add(struct netlink *, const char *name, int parent, const uint8_t mac[6]);
/* Look up a link by name: its ifindex, and (if non-NULL) the parent
 * ifindex (0 = none), whether it is a macvlan, and its MAC.
 * -ENODEV when there is no such link. */
int netlink_link_lookup(struct netlink *, const char *name, int *parent, bool *is_macvlan,
                        uint8_t mac[6]);
int netlink_link_set_up(struct netlink *, int ifindex, bool up);
int netlink_link_del(struct netlink *, int ifindex);

#endif
