/* Routes and rules of a list in the kernel (see vroutes.h).  Device names
 * (dev, each nexthop's dev) and VRF tables are resolved at each add: a
 * device that appears later is still used. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <net/if.h>

#include "log.h"
#include "vrrp/conf/conf_iproute.h"
#include "vroutes.h"

struct vrrp_vroutes {
	struct netlink *nl;
	const char *owner;              /* instance name or "static" */
	const char *route_kw, *rule_kw; /* block names for messages */
	const struct vroute_conf *rc;
	const struct vrule_conf *uc;
	unsigned n_routes, n_rules;
	struct route_spec *routes;      /* copies whose oifs / table are filled at add */
};

struct vrrp_vroutes *
vrrp_vroutes_new_list(struct netlink *nl, const char *owner, bool is_static,
                      const struct vroute_conf *routes, unsigned n_routes,
                      const struct vrule_conf *rules, unsigned n_rules)
{
	struct vrrp_vroutes *v;

	if (n_routes == 0 && n_rules == 0)
		return NULL;
	v = calloc(1, sizeof(*v));
	if (v == NULL)
		return NULL;
	v->nl = nl;
	v->owner = owner;
	v->route_kw = is_static ? "static_routes" : "virtual_routes";
	v->rule_kw = is_static ? "static_rules" : "virtual_rules";
	v->rc = routes;
	v->uc = rules;
	v->n_routes = n_routes;
	v->n_rules = n_rules;
	v->routes = calloc(n_routes + 1, sizeof(*v->routes));
	if (v->routes == NULL) {
		free(v);
		return NULL;
	}
	for (unsigned i = 0; i < n_routes; i++)
		v->routes[i] = routes[i].rt;
	return v;
}

struct vrrp_vroutes *
vrrp_vroutes_new(struct netlink *nl, const struct vrrp_instance_conf *c)
{
	return vrrp_vroutes_new_list(nl, c->name, false, c->vroutes, c->n_vroutes, c->vrules,
	                             c->n_vrules);
}

/* Names -> ifindexes and the VRF's table; quiet = at start, where a
 * missing device only means there is nothing of ours to delete. */
static int
vroutes_resolve(struct vrrp_vroutes *v, unsigned i, bool quiet)
{
	const struct vroute_conf *rc = &v->rc[i];
	struct route_spec *r = &v->routes[i];
	const char *missing = NULL;
	int rc_vrf;

	r->oif = 0;
	if (rc->dev[0] != '\0' && (r->oif = (int)if_nametoindex(rc->dev)) == 0)
		missing = rc->dev;
	for (unsigned k = 0; k < r->n_nh; k++) {
		r->nh[k].oif = 0;
		if (rc->nh_dev[k][0] != '\0' &&
		    (r->nh[k].oif = (int)if_nametoindex(rc->nh_dev[k])) == 0)
			missing = rc->nh_dev[k];
	}
	if (rc->vrf[0] != '\0' && missing == NULL &&
	    (rc_vrf = netlink_vrf_table(v->nl, rc->vrf, &r->table)) < 0) {
		if (!quiet)
			log_warnx("(%s) %s %s:%d: %s %s", v->owner, v->route_kw, rc->origin.file,
			          rc->origin.line, rc->vrf, rc_vrf == -EMEDIUMTYPE ? "is not a VRF"
			          : "(vrf) does not exist");
		return -1;
	}
	if (missing != NULL) {
		if (!quiet)
			log_warnx("(%s) %s %s:%d: device %s does not exist", v->owner, v->route_kw,
			          rc->origin.file, rc->origin.line, missing);
		return -1;
	}
	return 0;
}

int
vrrp_vroutes_add_all(struct vrrp_vroutes *v)
{
	int failed = 0, rc;

	if (v == NULL)
		return 0;
	for (unsigned i = 0; i < v->n_rules; i++) {
		rc = netlink_rule_add(v->nl, &v->uc[i].ru);
		if (rc < 0 && rc != -EEXIST) {
			errno = -rc;
			log_warn("(%s) cannot add %s entry (%s:%d)", v->owner, v->rule_kw,
			         v->uc[i].origin.file, v->uc[i].origin.line);
			failed++;
		}
	}
	for (unsigned i = 0; i < v->n_routes; i++) {
		if (vroutes_resolve(v, i, false) < 0) {
			failed++;
			continue;
		}
		rc = netlink_route_add(v->nl, &v->routes[i]);
		if (rc < 0) {
			errno = -rc;
			log_warn("(%s) cannot add %s entry (%s:%d)", v->owner, v->route_kw,
			         v->rc[i].origin.file, v->rc[i].origin.line);
			failed++;
		}
	}
	return failed;
}

/* Delete every route and rule; `removed` counts those that were there. */
static int
vroutes_del(struct vrrp_vroutes *v, unsigned *removed)
{
	int failed = 0, rc;

	for (unsigned i = 0; i < v->n_routes; i++) {
		rc = netlink_route_del(v->nl, &v->routes[i]);
		if (rc == 0)
			(*removed)++;
		/* gone already: the kernel drops routes whose src or device went */
		if (rc < 0 && rc != -ENOENT && rc != -ENODEV && rc != -EADDRNOTAVAIL) {
			errno = -rc;
			log_warn("(%s) cannot remove %s entry (%s:%d)", v->owner, v->route_kw,
			         v->rc[i].origin.file, v->rc[i].origin.line);
			failed++;
		}
	}
	for (unsigned i = 0; i < v->n_rules; i++) {
		rc = netlink_rule_del(v->nl, &v->uc[i].ru);
		if (rc == 0)
			(*removed)++;
		if (rc < 0 && rc != -ENOENT && rc != -EADDRNOTAVAIL) {
			errno = -rc;
			log_warn("(%s) cannot remove %s entry (%s:%d)", v->owner, v->rule_kw,
			         v->uc[i].origin.file, v->uc[i].origin.line);
			failed++;
		}
	}
	return failed;
}

int
vrrp_vroutes_del_all(struct vrrp_vroutes *v)
{
	unsigned removed = 0;

	return v == NULL ? 0 : vroutes_del(v, &removed);
}

unsigned
vrrp_vroutes_remove_leftovers(struct vrrp_vroutes *v)
{
	unsigned removed = 0;

	if (v == NULL)
		return 0;
	/* a route with `dev` is matched with its device when that exists;
	 * without it the kernel matches on the rest */
	for (unsigned i = 0; i < v->n_routes; i++)
		vroutes_resolve(v, i, true);
	vroutes_del(v, &removed);
	if (removed > 0)
		log_warnx("(%s) removed %u %s route(s)/rule(s) left by an earlier run", v->owner,
		          removed, v->route_kw[0] == 's' ? "static" : "virtual");
	return removed;
}

void
vrrp_vroutes_free(struct vrrp_vroutes *v)
{
	if (v == NULL)
		return;
	free(v->routes);
	free(v);
}

void
vrrp_vroutes_rebind(struct vrrp_vroutes *v, const struct vrrp_instance_conf *c)
{
	/* the reload plan keeps an instance only when its lists are the same */
	if (v == NULL)
		return;
	v->owner = c->name;
	v->rc = c->vroutes;
	v->uc = c->vrules;
}

void
vrrp_vroutes_del_missing(struct vrrp_vroutes *old, const struct vrrp_vroutes *keep)
{
	int rc;

	if (old == NULL)
		return;
	for (unsigned i = 0; i < old->n_routes; i++) {
		bool kept = false;

		for (unsigned k = 0; keep != NULL && k < keep->n_routes && !kept; k++)
			kept = vrrp_conf_route_same(&old->rc[i], &keep->rc[k]);
		if (kept || vroutes_resolve(old, i, true) < 0)
			continue;
		rc = netlink_route_del(old->nl, &old->routes[i]);
		if (rc < 0 && rc != -ENOENT && rc != -ENODEV && rc != -EADDRNOTAVAIL) {
			errno = -rc;
			log_warn("(%s) cannot remove %s entry (%s:%d)", old->owner, old->route_kw,
			         old->rc[i].origin.file, old->rc[i].origin.line);
		}
	}
	for (unsigned i = 0; i < old->n_rules; i++) {
		bool kept = false;

		for (unsigned k = 0; keep != NULL && k < keep->n_rules && !kept; k++)
			kept = vrrp_conf_rule_same(&old->uc[i], &keep->uc[k]);
		if (kept)
			continue;
		rc = netlink_rule_del(old->nl, &old->uc[i].ru);
		if (rc < 0 && rc != -ENOENT && rc != -EADDRNOTAVAIL) {
			errno = -rc;
			log_warn("(%s) cannot remove %s entry (%s:%d)", old->owner, old->rule_kw,
			         old->uc[i].origin.file, old->uc[i].origin.line);
		}
	}
}
