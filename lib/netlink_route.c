/* Routes, rules (messages built by the pure route_msg.c) and macvlan links
 * (libnl-route), on the request socket of lib/netlink.c.  Used for virtual_routes,
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
#include <netlink/route/link/vrf.h>
#include <net/if.h>

#include "netlink.h"
#include "netlink_int.h"

/* ---- routes and rules ---- */

/* Route and rule requests share one path: the pure builder fills the
 * message, libnl numbers it and waits for the kernel's ack (queued before
 * sendmsg() returns, so this never blocks the loop). */
static int
netlink_route_send(struct netlink *nl, const void *buf, int len, bool del)
{
	struct nl_msg *m;
	int rc;

	if (len < 0)
		return len;
	m = nlmsg_convert((struct nlmsghdr *)buf);
	if (m == NULL)
		return -ENOMEM;
	rc = nl_send_auto(nl->req, m);
	nlmsg_free(m);
	if (rc >= 0)
		rc = nl_wait_for_ack(nl->req);
	/* one "not found" for both: the kernel says ESRCH for a route and
	 * ENOENT for a rule, which libnl folds into NLE_OBJ_NOTFOUND */
	if (del && rc == -NLE_OBJ_NOTFOUND)
		return -ENOENT;
	return rc < 0 ? netlink_errno(rc) : 0;
}

int
netlink_route_add(struct netlink *nl, const struct route_spec *r)
{
	uint8_t buf[ROUTE_MSG_MAX];

	return netlink_route_send(nl, buf, route_msg_build(buf, sizeof(buf), true, r), false);
}

int
netlink_route_del(struct netlink *nl, const struct route_spec *r)
{
	uint8_t buf[ROUTE_MSG_MAX];

	return netlink_route_send(nl, buf, route_msg_build(buf, sizeof(buf), false, r), true);
}

int
netlink_rule_add(struct netlink *nl, const struct rule_spec *r)
{
	uint8_t buf[ROUTE_MSG_MAX];

	return netlink_route_send(nl, buf, rule_msg_build(buf, sizeof(buf), true, r), false);
}

int
netlink_rule_del(struct netlink *nl, const struct rule_spec *r)
{
	uint8_t buf[ROUTE_MSG_MAX];

	return netlink_route_send(nl, buf, rule_msg_build(buf, sizeof(buf), false, r), true);
}

int
netlink_vrf_table(struct netlink *nl, const char *name, uint32_t *table)
{
	struct rtnl_link *link = NULL;
	int rc;

	rc = rtnl_link_get_kernel(nl->req, 0, name, &link);
	if (rc < 0)
		return rc == -NLE_OBJ_NOTFOUND || rc == -NLE_NODEV ? -ENODEV : netlink_errno(rc);
	rc = rtnl_link_is_vrf(link) ? rtnl_link_vrf_get_tableid(link, table) : -EMEDIUMTYPE;
	rtnl_link_put(link);
	return rc < 0 ? (rc == -EMEDIUMTYPE ? rc : netlink_errno(rc)) : 0;
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
