/* Routes, rules and macvlan links through libnl-route (see netlink.h), on
 * the request socket of lib/netlink.c.  Used for virtual_routes,
 * virtual_rules and use_vmac; knows nothing of VRRP. */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/fib_rules.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <netlink/netlink.h>
#include <netlink/route/link.h>
#include <netlink/route/link/macvlan.h>
#include <netlink/route/route.h>
#include <netlink/route/rule.h>
#include <net/if.h>

#include "netlink.h"
#include "netlink_int.h"

/* ---- routes and rules ---- */

static struct nl_addr *
netlink_nl_addr(int family, const void *a, uint8_t prefixlen)
{
	struct nl_addr *na = nl_addr_build(family, a, netlink_addr_len(family));

	if (na != NULL)
		nl_addr_set_prefixlen(na, prefixlen);
	return na;
}

static int
netlink_route_build(const struct netlink_route *r, struct rtnl_route **out)
{
	struct rtnl_route *rt;
	struct rtnl_nexthop *nh = NULL;
	struct nl_addr *a;
	uint8_t type = r->type ? r->type : RTN_UNICAST;
	int rc = -NLE_NOMEM, scope = r->scope;

	if (netlink_addr_len(r->family) == 0)
		return -EINVAL;
	rt = rtnl_route_alloc();
	if (rt == NULL)
		return -ENOMEM;
	rtnl_route_set_family(rt, (uint8_t)r->family);
	rtnl_route_set_table(rt, r->table ? r->table : RT_TABLE_MAIN);
	rtnl_route_set_type(rt, type);
	rtnl_route_set_protocol(rt, RTPROT_STATIC);
	/* what `ip route add` picks: link scope for a directly connected
	 * unicast route, universe otherwise; IPv6 routes have no scope */
	if (scope < 0)
		scope = r->family == AF_INET && type == RTN_UNICAST && !r->has_via
		        ? RT_SCOPE_LINK : RT_SCOPE_UNIVERSE;
	rtnl_route_set_scope(rt, (uint8_t)scope);
	if (r->has_metric)
		rtnl_route_set_priority(rt, r->metric);
	if ((a = netlink_nl_addr(r->family, &r->dst, r->dst_len)) == NULL ||
	    (rc = rtnl_route_set_dst(rt, a)) < 0) {
		nl_addr_put(a);
		goto fail;
	}
	nl_addr_put(a);
	if (r->has_src) {
		if ((a = netlink_nl_addr(r->family, &r->src, (uint8_t)(netlink_addr_len(r->family) * 8))) == NULL) {
			rc = -NLE_NOMEM;
			goto fail;
		}
		rc = rtnl_route_set_pref_src(rt, a);
		nl_addr_put(a);
		if (rc < 0)
			goto fail;
	}
	if (type == RTN_UNICAST && (r->has_via || r->oif > 0)) {
		nh = rtnl_route_nh_alloc();
		if (nh == NULL) {
			rc = -NLE_NOMEM;
			goto fail;
		}
		if (r->oif > 0)
			rtnl_route_nh_set_ifindex(nh, r->oif);
		if (r->has_via) {
			a = netlink_nl_addr(r->family, &r->via, (uint8_t)(netlink_addr_len(r->family) * 8));
			if (a == NULL) {
				rtnl_route_nh_free(nh);
				rc = -NLE_NOMEM;
				goto fail;
			}
			rtnl_route_nh_set_gateway(nh, a);
			nl_addr_put(a);
		}
		rtnl_route_add_nexthop(rt, nh);
	}
	*out = rt;
	return 0;
fail:
	rtnl_route_put(rt);
	return netlink_errno(rc);
}

int
netlink_route_add(struct netlink *nl, const struct netlink_route *r)
{
	struct rtnl_route *rt;
	int rc;

	if ((rc = netlink_route_build(r, &rt)) < 0)
		return rc;
	rc = rtnl_route_add(nl->req, rt, NLM_F_CREATE | NLM_F_REPLACE);
	rtnl_route_put(rt);
	return rc < 0 ? netlink_errno(rc) : 0;
}

int
netlink_route_del(struct netlink *nl, const struct netlink_route *r)
{
	struct rtnl_route *rt;
	int rc;

	if ((rc = netlink_route_build(r, &rt)) < 0)
		return rc;
	rc = rtnl_route_delete(nl->req, rt, 0);
	rtnl_route_put(rt);
	if (rc == -NLE_OBJ_NOTFOUND)
		return -ESRCH;
	return rc < 0 ? netlink_errno(rc) : 0;
}

static int
netlink_rule_build(const struct netlink_rule *r, struct rtnl_rule **out)
{
	struct rtnl_rule *ru;
	struct nl_addr *a;
	int rc = 0;

	if (netlink_addr_len(r->family) == 0)
		return -EINVAL;
	ru = rtnl_rule_alloc();
	if (ru == NULL)
		return -ENOMEM;
	rtnl_rule_set_family(ru, r->family);
	rtnl_rule_set_action(ru, FR_ACT_TO_TBL);
	rtnl_rule_set_table(ru, r->table ? r->table : RT_TABLE_MAIN);
	if (r->has_priority)
		rtnl_rule_set_prio(ru, r->priority);
	if (r->has_fwmark) {
		rtnl_rule_set_mark(ru, r->fwmark);
		rtnl_rule_set_mask(ru, 0xffffffffU);
	}
	if (r->iif[0] != '\0')
		rc = rtnl_rule_set_iif(ru, r->iif);
	if (rc == 0 && r->oif[0] != '\0')
		rc = rtnl_rule_set_oif(ru, r->oif);
	if (rc == 0 && r->from_len > 0) {
		a = netlink_nl_addr(r->family, &r->from, r->from_len);
		rc = a != NULL ? rtnl_rule_set_src(ru, a) : -NLE_NOMEM;
		nl_addr_put(a);
	}
	if (rc == 0 && r->to_len > 0) {
		a = netlink_nl_addr(r->family, &r->to, r->to_len);
		rc = a != NULL ? rtnl_rule_set_dst(ru, a) : -NLE_NOMEM;
		nl_addr_put(a);
	}
	if (rc < 0) {
		rtnl_rule_put(ru);
		return netlink_errno(rc);
	}
	*out = ru;
	return 0;
}

int
netlink_rule_add(struct netlink *nl, const struct netlink_rule *r)
{
	struct rtnl_rule *ru;
	int rc;

	if ((rc = netlink_rule_build(r, &ru)) < 0)
		return rc;
	/* NLM_F_EXCL: rules are not deduplicated by the kernel otherwise, and a
	 * second copy would outlive our delete */
	rc = rtnl_rule_add(nl->req, ru, NLM_F_CREATE | NLM_F_EXCL);
	rtnl_rule_put(ru);
	return rc < 0 ? netlink_errno(rc) : 0;
}

int
netlink_rule_del(struct netlink *nl, const struct netlink_rule *r)
{
	struct rtnl_rule *ru;
	int rc;

	if ((rc = netlink_rule_build(r, &ru)) < 0)
		return rc;
	rc = rtnl_rule_delete(nl->req, ru, 0);
	rtnl_rule_put(ru);
	if (rc == -NLE_OBJ_NOTFOUND)
		return -ENOENT;
	return rc < 0 ? netlink_errno(rc) : 0;
}

/* ---- macvlan links ---- */

int
netlink_macvlan_add(struct netlink *nl, const char *name, int parent, const uint8_t mac[6])
{
	struct rtnl_link *link, *got = NULL;
	struct nl_addr *hw;
	int rc;

	link = rtnl_link_macvlan_alloc();
	if (link == NULL)
		return -ENOMEM;
	hw = nl_addr_build(AF_LLC, mac, 6);
	if (hw == NULL) {
		rtnl_link_put(link);
		return -ENOMEM;
	}
	rtnl_link_set_name(link, name);
	rtnl_link_set_link(link, parent);
	rtnl_link_set_addr(link, hw);
	nl_addr_put(hw);
	/* private: frames between macvlans of one parent are not bridged, so
	 * two instances' VMACs never see each other's traffic */
	rtnl_link_macvlan_set_mode(link, MACVLAN_MODE_PRIVATE);
	rc = rtnl_link_add(nl->req, link, NLM_F_CREATE | NLM_F_EXCL);
	rtnl_link_put(link);
	if (rc < 0)
		return netlink_errno(rc);
	rc = rtnl_link_get_kernel(nl->req, 0, name, &got);
	if (rc < 0)
		return netlink_errno(rc);
	rc = rtnl_link_get_ifindex(got);
	rtnl_link_put(got);
	return rc;
}

int
netlink_link_lookup(struct netlink *nl, const char *name, int *parent, bool *is_macvlan,
                    uint8_t mac[6])
{
	struct rtnl_link *link = NULL;
	struct nl_addr *hw;
	const char *kind;
	int rc;

	rc = rtnl_link_get_kernel(nl->req, 0, name, &link);
	if (rc < 0)
		return rc == -NLE_OBJ_NOTFOUND || rc == -NLE_NODEV ? -ENODEV : netlink_errno(rc);
	if (parent != NULL)
		*parent = rtnl_link_get_link(link);
	if (is_macvlan != NULL) {
		kind = rtnl_link_get_type(link);
		*is_macvlan = kind != NULL && strcmp(kind, "macvlan") == 0;
	}
	if (mac != NULL) {
		hw = rtnl_link_get_addr(link);
		if (hw != NULL && nl_addr_get_len(hw) == 6)
			memcpy(mac, nl_addr_get_binary_addr(hw), 6);
		else
			memset(mac, 0, 6);
	}
	rc = rtnl_link_get_ifindex(link);
	rtnl_link_put(link);
	return rc;
}

int
netlink_link_set_up(struct netlink *nl, int ifindex, bool up)
{
	struct rtnl_link *orig, *change;
	int rc;

	orig = rtnl_link_alloc();
	change = rtnl_link_alloc();
	if (orig == NULL || change == NULL) {
		rtnl_link_put(orig);
		rtnl_link_put(change);
		return -ENOMEM;
	}
	rtnl_link_set_ifindex(orig, ifindex);
	if (up)
		rtnl_link_set_flags(change, IFF_UP);
	else
		rtnl_link_unset_flags(change, IFF_UP);
	rc = rtnl_link_change(nl->req, orig, change, 0);
	rtnl_link_put(orig);
	rtnl_link_put(change);
	return rc < 0 ? netlink_errno(rc) : 0;
}

int
netlink_link_del(struct netlink *nl, int ifindex)
{
	struct rtnl_link *link = rtnl_link_alloc();
	int rc;

	if (link == NULL)
		return -ENOMEM;
	rtnl_link_set_ifindex(link, ifindex);
	rc = rtnl_link_delete(nl->req, link);
	rtnl_link_put(link);
	return rc < 0 ? netlink_errno(rc) : 0;
}
