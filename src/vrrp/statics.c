/* static_ipaddress / static_routes / static_rules in the kernel (see
 * statics.h).  keepalived's semantics: added once the netlink socket is
 * open, whatever the instances' states; re-added when a link they name
 * comes up (the kernel flushes a link's IPv4 routes when it goes down);
 * removed at stop. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <net/if.h>

#include "log.h"
#include "vrrp/conf/conf_iproute.h"
#include "statics.h"
#include "vroutes.h"
#include "vip.h"

struct vrrp_statics {
	struct netlink *nl;
	const struct floatd_conf *c;
	struct vrrp_vroutes *routes;
};

static int
statics_addr(const struct vip_conf *v, struct netlink_addr *out)
{
	int ifindex = (int)if_nametoindex(v->dev);

	if (ifindex == 0)
		return -ENODEV;
	vrrp_vip_conf_netlink(v, ifindex, out);
	return 0;
}

static void
statics_add(struct vrrp_statics *s)
{
	struct netlink_addr a;
	int rc;

	for (unsigned i = 0; i < s->c->n_static_addrs; i++) {
		const struct vip_conf *v = &s->c->static_addrs[i];

		rc = statics_addr(v, &a);
		if (rc == 0)
			rc = netlink_addr_add(s->nl, &a, true);
		if (rc < 0) {
			errno = -rc;
			log_warn("cannot add static_ipaddress entry (%s:%d) on %s", v->origin.file,
			         v->origin.line, v->dev);
		}
	}
	vrrp_vroutes_add_all(s->routes);
}

struct vrrp_statics *
vrrp_statics_start(struct netlink *nl, const struct floatd_conf *c)
{
	struct vrrp_statics *s;

	if (c->n_static_addrs + c->n_static_routes + c->n_static_rules == 0)
		return NULL;
	s = calloc(1, sizeof(*s));
	if (s == NULL)
		return NULL;
	s->nl = nl;
	s->c = c;
	s->routes = vrrp_vroutes_new_list(nl, "static", true, c->static_routes,
	                                  c->n_static_routes, c->static_rules, c->n_static_rules);
	/* a rule is added with NLM_F_EXCL: one a killed run left is taken
	 * over as ours rather than doubled */
	statics_add(s);
	log_info("static: %u address(es), %u route(s), %u rule(s) installed", c->n_static_addrs,
	         c->n_static_routes, c->n_static_rules);
	return s;
}

static bool
statics_names(const struct vrrp_statics *s, const char *ifname)
{
	for (unsigned i = 0; i < s->c->n_static_addrs; i++)
		if (strcmp(s->c->static_addrs[i].dev, ifname) == 0)
			return true;
	for (unsigned i = 0; i < s->c->n_static_routes; i++) {
		const struct vroute_conf *r = &s->c->static_routes[i];

		if (strcmp(r->dev, ifname) == 0)
			return true;
		for (unsigned k = 0; k < r->rt.n_nh; k++)
			if (strcmp(r->nh_dev[k], ifname) == 0)
				return true;
	}
	return false;
}

void
vrrp_statics_link_up(struct vrrp_statics *s, const char *ifname)
{
	if (s != NULL && ifname[0] != '\0' && statics_names(s, ifname))
		statics_add(s);
}

static bool
statics_addr_in(const struct vip_conf *v, const struct floatd_conf *c)
{
	for (unsigned i = 0; c != NULL && i < c->n_static_addrs; i++) {
		const struct vip_conf *w = &c->static_addrs[i];

		if (w->family == v->family && w->prefixlen == v->prefixlen &&
		    memcmp(&w->addr, &v->addr, sizeof(w->addr)) == 0 && strcmp(w->dev, v->dev) == 0)
			return true;
	}
	return false;
}

struct vrrp_statics *
vrrp_statics_reload(struct vrrp_statics *old, struct netlink *nl, const struct floatd_conf *c)
{
	/* make before break: the new set is added (an entry in both is
	 * replaced in place), then what only the old one had is removed */
	struct vrrp_statics *s = vrrp_statics_start(nl, c);
	struct netlink_addr a;

	if (old == NULL)
		return s;
	vrrp_vroutes_del_missing(old->routes, s != NULL ? s->routes : NULL);
	for (unsigned i = 0; i < old->c->n_static_addrs; i++) {
		const struct vip_conf *v = &old->c->static_addrs[i];

		if (!statics_addr_in(v, c) && statics_addr(v, &a) == 0)
			netlink_addr_del(old->nl, &a);
	}
	vrrp_vroutes_free(old->routes);
	free(old);
	return s;
}

void
vrrp_statics_leave(struct vrrp_statics *s)
{
	if (s == NULL)
		return;
	log_info("static: %u address(es), %u route(s), %u rule(s) left for the next floatd "
	         "(restart in place)", s->c->n_static_addrs, s->c->n_static_routes,
	         s->c->n_static_rules);
	vrrp_vroutes_free(s->routes);
	free(s);
}

void
vrrp_statics_stop(struct vrrp_statics *s)
{
	struct netlink_addr a;
	int rc;

	if (s == NULL)
		return;
	vrrp_vroutes_del_all(s->routes);
	for (unsigned i = 0; i < s->c->n_static_addrs; i++) {
		const struct vip_conf *v = &s->c->static_addrs[i];

		rc = statics_addr(v, &a);
		if (rc == 0)
			rc = netlink_addr_del(s->nl, &a);
		if (rc < 0 && rc != -ENODEV && rc != -EADDRNOTAVAIL) {
			errno = -rc;
			log_warn("cannot remove static_ipaddress entry (%s:%d)", v->origin.file,
			         v->origin.line);
		}
	}
	vrrp_vroutes_free(s->routes);
	free(s);
}
