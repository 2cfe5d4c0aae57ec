/* The blocks that hold routes, rules and addresses outside the VIPs:
 * virtual_routes / virtual_rules items of vrrp_instance, and the top-level
 * static_ipaddress / static_routes / static_rules (keepalived: installed at
 * start, kept while running whatever the VRRP states, removed at stop).
 * Reports each line's parse with file:line; dump and free.  Pure. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "vrrp/conf/conf_instance.h"
#include "vrrp/conf/conf_iproute.h"

static void ipb_report(struct conf_parse *p, const struct conf_line *l, const char *block,
                       const struct conf_ip_diag *d, int rc)
{
	for (unsigned i = 0; i < d->n_warn; i++)
		conf_parse_warn(p, l, "%s: %s", block, d->warn[i]);
	if (rc < 0)
		conf_parse_error(p, l, "invalid %s entry: %s", block, d->error);
}

int vrrp_conf_route_append(struct conf_parse *p, const struct conf_line *l, const char *block,
                           bool is_static, struct vroute_conf **arr, unsigned *n)
{
	struct conf_ip_diag d;
	struct vroute_conf *r = malloc(sizeof(*r)), *na;
	int rc;

	if (r == NULL)
		return -1;
	rc = vrrp_conf_route_parse(l->argc, l->argv, is_static, r, &d);
	ipb_report(p, l, block, &d, rc);
	if (rc < 0 || (na = realloc(*arr, (*n + 1) * sizeof(*na))) == NULL) {
		free(r);
		return -1;
	}
	r->origin.file = l->file;
	r->origin.line = l->line;
	na[(*n)++] = *r;
	*arr = na;
	free(r);
	return 0;
}

int vrrp_conf_rule_append(struct conf_parse *p, const struct conf_line *l, const char *block,
                          bool is_static, struct vrule_conf **arr, unsigned *n)
{
	struct conf_ip_diag d;
	struct vrule_conf r, *na;
	int rc;

	rc = vrrp_conf_rule_parse(l->argc, l->argv, is_static, &r, &d);
	ipb_report(p, l, block, &d, rc);
	if (rc < 0 || (na = realloc(*arr, (*n + 1) * sizeof(*na))) == NULL)
		return -1;
	r.origin.file = l->file;
	r.origin.line = l->line;
	na[(*n)++] = r;
	*arr = na;
	return 0;
}

int vrrp_conf_vroute_item(struct conf_parse *p, const struct conf_line *l, void *child)
{
	struct vrrp_instance_conf *vi = child;

	return vrrp_conf_route_append(p, l, "virtual_routes", false, &vi->vroutes, &vi->n_vroutes);
}

int vrrp_conf_vrule_item(struct conf_parse *p, const struct conf_line *l, void *child)
{
	struct vrrp_instance_conf *vi = child;

	return vrrp_conf_rule_append(p, l, "virtual_rules", false, &vi->vrules, &vi->n_vrules);
}

static void ipb_dump_routes(FILE *fp, const char *indent, const char *kw,
                            const struct vroute_conf *r, unsigned n)
{
	if (n == 0)
		return;
	fprintf(fp, "%s%s {\n", indent, kw);
	for (unsigned i = 0; i < n; i++) {
		fprintf(fp, "%s\t", indent);
		vrrp_conf_route_dump(fp, &r[i]);
		fputc('\n', fp);
	}
	fprintf(fp, "%s}\n", indent);
}

static void ipb_dump_rules(FILE *fp, const char *indent, const char *kw,
                           const struct vrule_conf *r, unsigned n)
{
	if (n == 0)
		return;
	fprintf(fp, "%s%s {\n", indent, kw);
	for (unsigned i = 0; i < n; i++) {
		fprintf(fp, "%s\t", indent);
		vrrp_conf_rule_dump(fp, &r[i]);
		fputc('\n', fp);
	}
	fprintf(fp, "%s}\n", indent);
}

/* Same route / rule: the same text in the dump, which shows every field
 * but the origin (a byte compare of the structs would see padding). */
static bool ipb_same(void (*dump)(FILE *, const void *), const void *a, const void *b)
{
	char *ta = NULL, *tb = NULL;
	size_t la = 0, lb = 0;
	FILE *fa = open_memstream(&ta, &la), *fb = open_memstream(&tb, &lb);
	bool same = false;

	if (fa != NULL && fb != NULL) {
		dump(fa, a);
		dump(fb, b);
	}
	if (fa != NULL)
		fclose(fa);
	if (fb != NULL)
		fclose(fb);
	same = ta != NULL && tb != NULL && la == lb && memcmp(ta, tb, la) == 0;
	free(ta);
	free(tb);
	return same;
}

static void ipb_dump_route(FILE *fp, const void *r)
{
	vrrp_conf_route_dump(fp, r);
}

static void ipb_dump_rule(FILE *fp, const void *r)
{
	vrrp_conf_rule_dump(fp, r);
}

bool vrrp_conf_route_same(const struct vroute_conf *a, const struct vroute_conf *b)
{
	return ipb_same(ipb_dump_route, a, b);
}

bool vrrp_conf_rule_same(const struct vrule_conf *a, const struct vrule_conf *b)
{
	return ipb_same(ipb_dump_rule, a, b);
}

void vrrp_conf_iproute_dump_instance(FILE *fp, const struct vrrp_instance_conf *vi)
{
	ipb_dump_routes(fp, "\t", "virtual_routes", vi->vroutes, vi->n_vroutes);
	ipb_dump_rules(fp, "\t", "virtual_rules", vi->vrules, vi->n_vrules);
}

/* ---- static_ipaddress / static_routes / static_rules */

int vrrp_conf_static_open(struct conf_parse *p, const struct conf_line *l, void *obj,
                          void **child)
{
	(void)p;
	(void)l;
	*child = obj;
	return 0;
}

int vrrp_conf_static_route_item(struct conf_parse *p, const struct conf_line *l, void *child)
{
	struct floatd_conf *c = child;

	return vrrp_conf_route_append(p, l, "static_routes", true, &c->static_routes,
	                              &c->n_static_routes);
}

int vrrp_conf_static_rule_item(struct conf_parse *p, const struct conf_line *l, void *child)
{
	struct floatd_conf *c = child;

	return vrrp_conf_rule_append(p, l, "static_rules", true, &c->static_rules,
	                             &c->n_static_rules);
}

int vrrp_conf_static_addr_item(struct conf_parse *p, const struct conf_line *l, void *child)
{
	struct floatd_conf *c = child;
	struct vip_conf v, *na;

	/* without dev: default_interface, filled in by vrrp_conf_static_validate
	 * (global_defs may come later in the file) */
	if (vrrp_conf_vip_line(p, l, "static_ipaddress", &v) < 0)
		return -1;
	na = realloc(c->static_addrs, (c->n_static_addrs + 1) * sizeof(*na));
	if (na == NULL)
		return -1;
	na[c->n_static_addrs++] = v;
	c->static_addrs = na;
	return 0;
}

void vrrp_conf_static_validate(struct floatd_conf *c)
{
	/* keepalived's default_interface, eth0 when not set */
	for (unsigned i = 0; i < c->n_static_addrs; i++)
		if (c->static_addrs[i].dev[0] == '\0')
			snprintf(c->static_addrs[i].dev, sizeof(c->static_addrs[i].dev), "%s",
			         c->default_interface[0] ? c->default_interface : "eth0");
}

void vrrp_conf_static_dump(FILE *fp, const struct floatd_conf *c)
{
	vrrp_conf_dump_vips(fp, "", "static_ipaddress", c->static_addrs, c->n_static_addrs);
	ipb_dump_routes(fp, "", "static_routes", c->static_routes, c->n_static_routes);
	ipb_dump_rules(fp, "", "static_rules", c->static_rules, c->n_static_rules);
}

void vrrp_conf_static_free(struct floatd_conf *c)
{
	free(c->static_addrs);
	free(c->static_routes);
	free(c->static_rules);
	c->static_addrs = NULL;
	c->static_routes = NULL;
	c->static_rules = NULL;
}
