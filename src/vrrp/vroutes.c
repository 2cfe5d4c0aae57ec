/* virtual_routes / virtual_rules (see vroutes.h).  Device names are
 * resolved at each add: a device that appears later is still used. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <net/if.h>

#include "log.h"
#include "vrrp/conf_extra.h"
#include "vroutes.h"

struct vrrp_vroutes {
	struct netlink *nl;
	const struct vrrp_instance_conf *c;
	struct netlink_route *routes;   /* n_vroutes, oif filled at add */
	struct netlink_rule *rules;     /* n_vrules */
};

static void
vroutes_copy_addr(void *dst, int family, const union vrrp_addr *a)
{
	memcpy(dst, a, family == AF_INET ? sizeof(struct in_addr) : sizeof(struct in6_addr));
}

struct vrrp_vroutes *
vrrp_vroutes_new(struct netlink *nl, const struct vrrp_instance_conf *c)
{
	struct vrrp_vroutes *v;

	if (c->n_vroutes == 0 && c->n_vrules == 0)
		return NULL;
	v = calloc(1, sizeof(*v));
	if (v == NULL)
		return NULL;
	v->nl = nl;
	v->c = c;
	v->routes = calloc(c->n_vroutes + 1, sizeof(*v->routes));
	v->rules = calloc(c->n_vrules + 1, sizeof(*v->rules));
	if (v->routes == NULL || v->rules == NULL) {
		vrrp_vroutes_free(v);
		return NULL;
	}
	for (unsigned i = 0; i < c->n_vroutes; i++) {
		const struct vroute_conf *rc = &c->vroutes[i];
		struct netlink_route *r = &v->routes[i];

		r->family = rc->family;
		vroutes_copy_addr(&r->dst, rc->family, &rc->dst);
		r->dst_len = rc->dst_len;
		r->has_src = rc->has_src;
		vroutes_copy_addr(&r->src, rc->family, &rc->src);
		r->has_via = rc->has_via;
		vroutes_copy_addr(&r->via, rc->family, &rc->via);
		r->table = rc->table;
		r->has_metric = rc->has_metric;
		r->metric = rc->metric;
		r->scope = rc->scope;
		r->type = rc->type;
	}
	for (unsigned i = 0; i < c->n_vrules; i++) {
		const struct vrule_conf *rc = &c->vrules[i];
		struct netlink_rule *r = &v->rules[i];

		r->family = rc->family;
		vroutes_copy_addr(&r->from, rc->family, &rc->from);
		r->from_len = rc->has_from ? rc->from_len : 0;
		vroutes_copy_addr(&r->to, rc->family, &rc->to);
		r->to_len = rc->has_to ? rc->to_len : 0;
		memcpy(r->iif, rc->iif, sizeof(r->iif));
		memcpy(r->oif, rc->oif, sizeof(r->oif));
		r->has_fwmark = rc->has_fwmark;
		r->fwmark = rc->fwmark;
		r->has_priority = rc->has_priority;
		r->priority = rc->priority;
		r->table = rc->table;
	}
	return v;
}

static int
vroutes_resolve(struct vrrp_vroutes *v, unsigned i)
{
	const struct vroute_conf *rc = &v->c->vroutes[i];

	if (rc->dev[0] == '\0')
		return 0;
	v->routes[i].oif = (int)if_nametoindex(rc->dev);
	if (v->routes[i].oif == 0) {
		log_warnx("(%s) virtual_routes %s:%d: device %s does not exist", v->c->name,
		          rc->origin.file, rc->origin.line, rc->dev);
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
	for (unsigned i = 0; i < v->c->n_vrules; i++) {
		rc = netlink_rule_add(v->nl, &v->rules[i]);
		if (rc < 0 && rc != -EEXIST) {
			errno = -rc;
			log_warn("(%s) cannot add virtual_rules entry (%s:%d)", v->c->name,
			         v->c->vrules[i].origin.file, v->c->vrules[i].origin.line);
			failed++;
		}
	}
	for (unsigned i = 0; i < v->c->n_vroutes; i++) {
		if (vroutes_resolve(v, i) < 0) {
			failed++;
			continue;
		}
		rc = netlink_route_add(v->nl, &v->routes[i]);
		if (rc < 0) {
			errno = -rc;
			log_warn("(%s) cannot add virtual_routes entry (%s:%d)", v->c->name,
			         v->c->vroutes[i].origin.file, v->c->vroutes[i].origin.line);
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

	for (unsigned i = 0; i < v->c->n_vroutes; i++) {
		rc = netlink_route_del(v->nl, &v->routes[i]);
		if (rc == 0)
			(*removed)++;
		/* gone already: the kernel drops routes whose src or device went */
		if (rc < 0 && rc != -ESRCH && rc != -ENOENT && rc != -ENODEV &&
		    rc != -EADDRNOTAVAIL) {
			errno = -rc;
			log_warn("(%s) cannot remove virtual_routes entry (%s:%d)", v->c->name,
			         v->c->vroutes[i].origin.file, v->c->vroutes[i].origin.line);
			failed++;
		}
	}
	for (unsigned i = 0; i < v->c->n_vrules; i++) {
		rc = netlink_rule_del(v->nl, &v->rules[i]);
		if (rc == 0)
			(*removed)++;
		if (rc < 0 && rc != -ENOENT && rc != -ESRCH && rc != -EADDRNOTAVAIL) {
			errno = -rc;
			log_warn("(%s) cannot remove virtual_rules entry (%s:%d)", v->c->name,
			         v->c->vrules[i].origin.file, v->c->vrules[i].origin.line);
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
	for (unsigned i = 0; i < v->c->n_vroutes; i++)
		if (v->c->vroutes[i].dev[0] != '\0')
			v->routes[i].oif = (int)if_nametoindex(v->c->vroutes[i].dev);
	vroutes_del(v, &removed);
	if (removed > 0)
		log_warnx("(%s) removed %u virtual route(s)/rule(s) left by an earlier run",
		          v->c->name, removed);
	return removed;
}

void
vrrp_vroutes_free(struct vrrp_vroutes *v)
{
	if (v == NULL)
		return;
	free(v->routes);
	free(v->rules);
	free(v);
}

void
vrrp_vroutes_rebind(struct vrrp_vroutes *v, const struct vrrp_instance_conf *c)
{
	if (v != NULL)
		v->c = c;
}
