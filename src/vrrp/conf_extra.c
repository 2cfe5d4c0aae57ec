/* accept / no_accept / strict_mode, use_vmac / vmac_xmit_base, virtual_routes,
 * virtual_rules and global vrrp_strict (see conf_extra.h).  Meanings follow
 * keepalived's man page: accept defaults to on, except under strict mode
 * where it defaults to "only the address owner (priority 255) accepts". */
#include "config.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "addr.h"
#include "vrrp/conf_extra.h"

#define VRRP_RT_TABLE_MAIN 254
#define VRRP_RTN_UNICAST 1       /* <linux/rtnetlink.h> RTN_*: this file is pure */
#define VRRP_RTN_BLACKHOLE 6
#define VRRP_RTN_UNREACHABLE 7
#define VRRP_RTN_PROHIBIT 8

static const struct { const char *name; uint8_t type; } extra_types[] = {
	{ "blackhole", VRRP_RTN_BLACKHOLE }, { "unreachable", VRRP_RTN_UNREACHABLE },
	{ "prohibit", VRRP_RTN_PROHIBIT },
};

/* ---- simple instance keywords */

int vrrp_conf_extra_simple(struct conf_parse *p, const struct conf_line *l, void *obj,
                           void **child)
{
	struct vrrp_instance_conf *vi = obj;
	int kw = conf_parse_kw_arg(p);
	bool on = true;

	(void)child;
	if (kw == VRRP_EXTRA_KW_ACCEPT) {
		vi->accept_cfg = 1;
	} else if (kw == VRRP_EXTRA_KW_NO_ACCEPT) {
		vi->accept_cfg = 2;
	} else if (kw == VRRP_EXTRA_KW_STRICT_MODE) {
		if (conf_parse_bool(p, l, 1, &on) < 0)
			return -1;
		vi->strict_cfg = on ? 1 : 2;
	} else if (kw == VRRP_EXTRA_KW_VMAC_XMIT_BASE) {
		vi->vmac_xmit_base = true;
	} else if (kw == VRRP_EXTRA_KW_USE_VMAC) {
		vi->use_vmac = true;
		vi->vmac_name[0] = '\0';
		if (l->argc > 1 && conf_parse_name(p, l, 1, vi->vmac_name, sizeof(vi->vmac_name)) < 0)
			return -1;
	} else {
		return conf_parse_bad_arg(p, l);
	}
	return 0;
}

int vrrp_conf_global_strict(struct conf_parse *p, const struct conf_line *l, void *obj,
                            void **child)
{
	(void)p;
	(void)l;
	(void)child;
	((struct floatd_conf *)obj)->vrrp_strict = true;
	return 0;
}

/* ---- shared word readers */

static int extra_addr(const char *s, int *family, union vrrp_addr *a)
{
	struct addr parsed;

	memset(a, 0, sizeof(*a));
	if (addr_parse(s, 0, &parsed, NULL) < 0)
		return -1;
	*family = parsed.family;
	vrrp_addr_from(a, &parsed);
	return 0;
}

/* ADDR[/LEN] or "default"/"all" (family 0 = not known yet) */
static int extra_prefix(const char *s, int *family, union vrrp_addr *a, uint8_t *len)
{
	struct addr parsed;

	if (strcmp(s, "default") == 0 || strcmp(s, "all") == 0) {
		memset(a, 0, sizeof(*a));
		*family = 0;
		*len = 0;
		return 0;
	}
	memset(a, 0, sizeof(*a));
	if (addr_parse_prefix(s, 0, &parsed, NULL) < 0)
		return -1;
	*family = parsed.family;
	vrrp_addr_from(a, &parsed);
	*len = parsed.prefixlen;
	return 0;
}

static int extra_u32(const char *s, uint32_t *out)
{
	char *end;
	unsigned long long v;

	if (*s == '\0' || *s == '-')
		return -1;
	v = strtoull(s, &end, 0);
	if (*end != '\0' || v > UINT32_MAX)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

static int extra_table(const char *s, uint32_t *out)
{
	if (strcmp(s, "main") == 0)
		*out = VRRP_RT_TABLE_MAIN;
	else if (strcmp(s, "local") == 0)
		*out = 255;
	else if (strcmp(s, "default") == 0)
		*out = 253;
	else
		return extra_u32(s, out);
	return 0;
}

/* Merge a word's family into the line's; mixing is an error. */
static int extra_family(int *line_family, int word_family)
{
	if (word_family == 0)
		return 0;
	if (*line_family != 0 && *line_family != word_family)
		return -1;
	*line_family = word_family;
	return 0;
}

/* ---- virtual_routes */

int vrrp_conf_vroute_parse(int argc, char *const *argv, struct vroute_conf *r, const char **why)
{
	bool have_dst = false;
	int fam = 0, wf;

	memset(r, 0, sizeof(*r));
	r->scope = -1;
	r->type = VRRP_RTN_UNICAST;
	for (int i = 0; i < argc; i++) {
		const char *w = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		bool done = false;

		for (size_t k = 0; k < sizeof(extra_types) / sizeof(*extra_types); k++)
			if (strcmp(w, extra_types[k].name) == 0) {
				r->type = extra_types[k].type;
				done = true;
			}
		if (done || strcmp(w, "no_track") == 0)
			continue;
		if (strcmp(w, "src") == 0 || strcmp(w, "via") == 0 || strcmp(w, "gw") == 0) {
			bool src = strcmp(w, "src") == 0;

			if (v == NULL || extra_addr(v, &wf, src ? &r->src : &r->via) < 0) {
				*why = src ? "invalid or missing 'src' address" : "invalid or missing gateway";
				return -1;
			}
			if (extra_family(&fam, wf) < 0) {
				*why = "addresses of both families";
				return -1;
			}
			if (src)
				r->has_src = true;
			else
				r->has_via = true;
			i++;
		} else if (strcmp(w, "or") == 0) {
			if (!r->has_via) {
				*why = "'or' without a preceding 'via' gateway";
				return -1;
			}
			if (v == NULL || extra_addr(v, &wf, &r->or_via) < 0) {
				*why = "invalid or missing gateway after 'or'";
				return -1;
			}
			if (extra_family(&fam, wf) < 0) {
				*why = "addresses of both families";
				return -1;
			}
			r->has_or = true;
			i++;
		} else if (strcmp(w, "dev") == 0 || strcmp(w, "oif") == 0) {
			if (v == NULL || strlen(v) >= sizeof(r->dev)) {
				*why = "invalid or missing 'dev'";
				return -1;
			}
			strcpy(r->dev, v);
			i++;
		} else if (strcmp(w, "table") == 0) {
			if (v == NULL || extra_table(v, &r->table) < 0) {
				*why = "invalid or missing 'table'";
				return -1;
			}
			i++;
		} else if (strcmp(w, "metric") == 0 || strcmp(w, "preference") == 0) {
			if (v == NULL || extra_u32(v, &r->metric) < 0) {
				*why = "invalid or missing 'metric'";
				return -1;
			}
			r->has_metric = true;
			i++;
		} else if (strcmp(w, "scope") == 0) {
			uint8_t n;

			r->scope = v != NULL && addr_scope_parse(v, &n) == 0 ? n : -1;
			if (r->scope < 0) {
				*why = "invalid or missing 'scope'";
				return -1;
			}
			i++;
		} else {
			if (strcmp(w, "to") == 0) {
				w = v;
				i++;
			}
			if (have_dst || w == NULL || extra_prefix(w, &wf, &r->dst, &r->dst_len) < 0) {
				*why = have_dst ? "unexpected word (destination already given)"
				                : "invalid or missing destination prefix";
				return -1;
			}
			if (extra_family(&fam, wf) < 0) {
				*why = "addresses of both families";
				return -1;
			}
			have_dst = true;
		}
	}
	if (!have_dst) {
		*why = "no destination prefix";
		return -1;
	}
	if (r->type == VRRP_RTN_UNICAST && !r->has_via && r->dev[0] == '\0') {
		*why = "a route needs 'via', 'dev' or a type (blackhole, unreachable, prohibit)";
		return -1;
	}
	r->family = fam ? fam : AF_INET;
	return 0;
}

int vrrp_conf_vroute_item(struct conf_parse *p, const struct conf_line *l, void *child)
{
	struct vrrp_instance_conf *vi = child;
	struct vroute_conf r, *n;
	const char *why = "";

	if (vrrp_conf_vroute_parse(l->argc, l->argv, &r, &why) < 0) {
		conf_parse_error(p, l, "invalid virtual_routes entry: %s", why);
		return -1;
	}
	if (r.has_or) {
		char gw[INET6_ADDRSTRLEN], alt[INET6_ADDRSTRLEN];

		inet_ntop(r.family, &r.via, gw, sizeof(gw));
		inet_ntop(r.family, &r.or_via, alt, sizeof(alt));
		conf_parse_warn(p, l, "virtual_routes: multipath 'or %s' is not supported by floatd; "
		                "the route uses the first gateway %s only", alt, gw);
	}
	r.origin.file = l->file;
	r.origin.line = l->line;
	n = realloc(vi->vroutes, (vi->n_vroutes + 1) * sizeof(*n));
	if (n == NULL)
		return -1;
	n[vi->n_vroutes++] = r;
	vi->vroutes = n;
	return 0;
}

/* ---- virtual_rules */

int vrrp_conf_vrule_parse(int argc, char *const *argv, struct vrule_conf *r, const char **why)
{
	bool have_table = false;
	int fam = 0, wf;

	memset(r, 0, sizeof(*r));
	for (int i = 0; i < argc; i++) {
		const char *w = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (v == NULL) {
			*why = "a keyword without its value";
			return -1;
		}
		i++;
		if (strcmp(w, "from") == 0 || strcmp(w, "to") == 0) {
			bool from = w[0] == 'f';

			if (extra_prefix(v, &wf, from ? &r->from : &r->to,
			                 from ? &r->from_len : &r->to_len) < 0) {
				*why = from ? "invalid 'from' prefix" : "invalid 'to' prefix";
				return -1;
			}
			if (extra_family(&fam, wf) < 0) {
				*why = "prefixes of both families";
				return -1;
			}
			if (from)
				r->has_from = wf != 0;
			else
				r->has_to = wf != 0;
		} else if (strcmp(w, "table") == 0 || strcmp(w, "lookup") == 0) {
			if (extra_table(v, &r->table) < 0) {
				*why = "invalid 'table'";
				return -1;
			}
			have_table = true;
		} else if (strcmp(w, "priority") == 0 || strcmp(w, "preference") == 0 ||
		           strcmp(w, "pref") == 0) {
			if (extra_u32(v, &r->priority) < 0) {
				*why = "invalid 'priority'";
				return -1;
			}
			r->has_priority = true;
		} else if (strcmp(w, "fwmark") == 0) {
			if (extra_u32(v, &r->fwmark) < 0) {
				*why = "invalid 'fwmark'";
				return -1;
			}
			r->has_fwmark = true;
		} else if (strcmp(w, "iif") == 0 || strcmp(w, "oif") == 0) {
			char *dst = w[0] == 'i' ? r->iif : r->oif;

			if (strlen(v) >= IF_NAMESIZE) {
				*why = "interface name too long";
				return -1;
			}
			strcpy(dst, v);
		} else {
			*why = "unknown keyword";
			return -1;
		}
	}
	if (!have_table) {
		*why = "no 'table'";
		return -1;
	}
	r->family = fam ? fam : AF_INET;
	return 0;
}

int vrrp_conf_vrule_item(struct conf_parse *p, const struct conf_line *l, void *child)
{
	struct vrrp_instance_conf *vi = child;
	struct vrule_conf r, *n;
	const char *why = "";

	if (vrrp_conf_vrule_parse(l->argc, l->argv, &r, &why) < 0) {
		conf_parse_error(p, l, "invalid virtual_rules entry: %s", why);
		return -1;
	}
	r.origin.file = l->file;
	r.origin.line = l->line;
	n = realloc(vi->vrules, (vi->n_vrules + 1) * sizeof(*n));
	if (n == NULL)
		return -1;
	n[vi->n_vrules++] = r;
	vi->vrules = n;
	return 0;
}

int vrrp_conf_extra_block_open(struct conf_parse *p, const struct conf_line *l, void *obj,
                               void **child)
{
	(void)p;
	(void)l;
	*child = obj;
	return 0;
}

/* ---- validation */

/* vrrp_strict / strict_mode (keepalived.conf(5) vrrp_strict, and what
 * keepalived's vrrp_complete_instance does): keepalived refuses an instance
 * only for a missing VIP and for unicast peers; everything else it reports
 * and corrects, so existing keepalived.conf files keep loading.  We report
 * the same corrections as warnings naming the correction. */
static void extra_strict(struct conf_parse *p, struct vrrp_instance_conf *vi)
{
	const char *f = vi->origin.file;
	int ln = vi->origin.line;

	if (vi->n_vips == 0)
		conf_parse_report_at(p, 1, f, ln, "vrrp_instance %s: strict mode requires at "
		                     "least one virtual_ipaddress", vi->name);
	if (vi->n_unicast_peers > 0)
		conf_parse_report_at(p, 1, f, ln, "vrrp_instance %s: strict mode does not allow "
		                     "unicast_peer", vi->name);
	if (vi->auth_origin.file != NULL) {
		/* RFC 5798 §9 removed authentication; checked before the VRRPv2
		 * auth checks as keepalived does, so nothing else is said about it */
		conf_parse_report_at(p, 0, vi->auth_origin.file, vi->auth_origin.line,
		                     "vrrp_instance %s: strict mode does not allow authentication; "
		                     "ignored", vi->name);
		vi->auth_type = VRRP_AUTH_NONE;
		memset(vi->auth_pass, 0, sizeof(vi->auth_pass));
		vi->auth_origin.file = NULL;
		vi->auth_origin.line = 0;
	}
	if (vi->want_master != (vi->priority == 255)) {
		/* RFC 5798 §6.4.1: only the address owner starts as Master */
		conf_parse_report_at(p, 0, f, ln, "vrrp_instance %s: strict mode allows state "
		                     "MASTER only with priority 255; starting as %s", vi->name,
		                     vi->priority == 255 ? "MASTER" : "BACKUP");
		vi->want_master = vi->priority == 255;
	}
	if (vi->preempt_delay_ms > 0) {
		conf_parse_report_at(p, 0, f, ln, "vrrp_instance %s: strict mode does not allow "
		                     "preempt_delay; set to 0", vi->name);
		vi->preempt_delay_ms = 0;
	}
	if (vi->vmac_xmit_base && vi->use_vmac) {
		conf_parse_report_at(p, 0, f, ln, "vrrp_instance %s: strict mode does not allow "
		                     "vmac_xmit_base; adverts leave by the VMAC", vi->name);
		vi->vmac_xmit_base = false;
	}
	if (vi->fast_handover == 1)
		conf_parse_report_at(p, 0, f, ln, "vrrp_instance %s: strict mode keeps RFC 5798 "
		                     "timing; fast_handover turned off", vi->name);
	vi->fast_handover = 0;
	if (vi->higher_prio_send_advert_cfg == 1)
		conf_parse_report_at(p, 0, f, ln, "vrrp_instance %s: strict mode does not allow "
		                     "higher_prio_send_advert; turned off", vi->name);
	vi->higher_prio_send_advert_cfg = 0;   /* the global default does not apply either */
	if (vi->lower_prio_no_advert_cfg == 0)
		conf_parse_report_at(p, 0, f, ln, "vrrp_instance %s: strict mode requires "
		                     "lower_prio_no_advert; turned on", vi->name);
	vi->lower_prio_no_advert_cfg = 1;
	if (vi->garp_lower_prio_repeat != UINT32_MAX && vi->garp_lower_prio_repeat != 0)
		conf_parse_report_at(p, 0, f, ln, "vrrp_instance %s: strict mode does not allow "
		                     "garp_lower_prio_repeat; set to 0", vi->name);
	if (vi->garp_lower_prio_delay_s != UINT32_MAX && vi->garp_lower_prio_delay_s != 0)
		conf_parse_report_at(p, 0, f, ln, "vrrp_instance %s: strict mode does not allow "
		                     "garp_lower_prio_delay; set to 0", vi->name);
	vi->garp_lower_prio_repeat = 0;
	vi->garp_lower_prio_delay_s = 0;
	/* RFC 3768 has no Accept_Mode; the owner accepts anyway */
	if (vi->accept_cfg == 1 && vi->version == 2 && vi->priority != 255) {
		conf_parse_report_at(p, 0, f, ln, "vrrp_instance %s: strict mode: VRRPv2 has no "
		                     "accept mode; using no_accept", vi->name);
		vi->accept_cfg = 2;
	}
	/* keepalived only reports this one and runs the instance as it is */
	if (vi->family == AF_INET6 && vi->n_vips > 0 && vi->n_unicast_peers == 0 &&
	    !IN6_IS_ADDR_LINKLOCAL(&vi->vips[0].addr.v6))
		conf_parse_report_at(p, 0, f, ln, "vrrp_instance %s: strict mode: the first IPv6 "
		                     "virtual_ipaddress should be link-local (RFC 5798 §5.2.9); "
		                     "used as configured", vi->name);
}

void vrrp_conf_extra_validate(struct conf_parse *p, const struct floatd_conf *c,
                              struct vrrp_instance_conf *vi)
{
	const char *f = vi->origin.file;
	int ln = vi->origin.line;

	vi->strict = vi->strict_cfg ? vi->strict_cfg == 1 : c->vrrp_strict;
	if (vi->use_vmac && vi->vmac_name[0] == '\0')
		snprintf(vi->vmac_name, sizeof(vi->vmac_name), "vrrp.%u", vi->vrid);
	if (vi->vmac_xmit_base && !vi->use_vmac) {
		/* keepalived: "only valid with a vmac", and clears it */
		conf_parse_report_at(p, 0, f, ln, "vrrp_instance %s: vmac_xmit_base without use_vmac "
		                     "has no effect", vi->name);
		vi->vmac_xmit_base = false;
	}
	if (vi->use_vmac && vi->interface[0] && strcmp(vi->vmac_name, vi->interface) == 0)
		conf_parse_report_at(p, 1, f, ln, "vrrp_instance %s: use_vmac name %s is the "
		                     "instance's interface", vi->name, vi->vmac_name);
	if (vi->strict)
		extra_strict(p, vi);
	/* RFC 5798 §6.1 Accept_Mode defaults to False; keepalived keeps it on
	 * unless strict, where only the address owner accepts */
	if (vi->accept_cfg)
		vi->accept = vi->accept_cfg == 1;
	else
		vi->accept = vi->strict ? vi->priority == 255 : true;
	for (unsigned i = 0; i < vi->n_vroutes; i++) {
		const struct vroute_conf *r = &vi->vroutes[i];

		if (r->has_src && vi->n_vips + vi->n_vips_excluded == 0)
			conf_parse_report_at(p, 0, r->origin.file, r->origin.line, "vrrp_instance %s: "
			                     "virtual_routes 'src' needs the address to be local",
			                     vi->name);
	}
}

/* ---- dump and free */

static void extra_dump_prefix(FILE *fp, const char *kw, int family, const union vrrp_addr *a,
                              unsigned len)
{
	char buf[INET6_ADDRSTRLEN];

	inet_ntop(family, a, buf, sizeof(buf));
	fprintf(fp, " %s %s/%u", kw, buf, len);
}

static void extra_dump_routes(FILE *fp, const struct vrrp_instance_conf *vi)
{
	char buf[INET6_ADDRSTRLEN];

	if (vi->n_vroutes == 0)
		return;
	fprintf(fp, "\tvirtual_routes {\n");
	for (unsigned i = 0; i < vi->n_vroutes; i++) {
		const struct vroute_conf *r = &vi->vroutes[i];

		fprintf(fp, "\t\t");
		if (r->has_src) {
			inet_ntop(r->family, &r->src, buf, sizeof(buf));
			fprintf(fp, "src %s ", buf);
		}
		inet_ntop(r->family, &r->dst, buf, sizeof(buf));
		fprintf(fp, "to %s/%u", buf, r->dst_len);
		if (r->has_via) {
			inet_ntop(r->family, &r->via, buf, sizeof(buf));
			fprintf(fp, " via %s", buf);
		}
		if (r->dev[0])
			fprintf(fp, " dev %s", r->dev);
		if (r->table)
			fprintf(fp, " table %u", r->table);
		if (r->has_metric)
			fprintf(fp, " metric %u", r->metric);
		if (r->scope >= 0)
			fprintf(fp, " scope %d", r->scope);
		for (size_t k = 0; k < sizeof(extra_types) / sizeof(*extra_types); k++)
			if (extra_types[k].type == r->type)
				fprintf(fp, " %s", extra_types[k].name);
		fputc('\n', fp);
	}
	fprintf(fp, "\t}\n");
}

static void extra_dump_rules(FILE *fp, const struct vrrp_instance_conf *vi)
{
	if (vi->n_vrules == 0)
		return;
	fprintf(fp, "\tvirtual_rules {\n");
	for (unsigned i = 0; i < vi->n_vrules; i++) {
		const struct vrule_conf *r = &vi->vrules[i];

		fprintf(fp, "\t\t");
		if (r->has_from)
			extra_dump_prefix(fp, "from", r->family, &r->from, r->from_len);
		else
			fprintf(fp, " from all");
		if (r->has_to)
			extra_dump_prefix(fp, "to", r->family, &r->to, r->to_len);
		if (r->iif[0])
			fprintf(fp, " iif %s", r->iif);
		if (r->oif[0])
			fprintf(fp, " oif %s", r->oif);
		if (r->has_fwmark)
			fprintf(fp, " fwmark %u", r->fwmark);
		fprintf(fp, " table %u", r->table);
		if (r->has_priority)
			fprintf(fp, " priority %u", r->priority);
		fputc('\n', fp);
	}
	fprintf(fp, "\t}\n");
}

void vrrp_conf_extra_dump(FILE *fp, const struct vrrp_instance_conf *vi)
{
	if (vi->accept_cfg)
		fprintf(fp, "\t%s\n", vi->accept_cfg == 1 ? "accept" : "no_accept");
	if (vi->strict_cfg)
		fprintf(fp, "\tstrict_mode %s\n", vi->strict_cfg == 1 ? "on" : "off");
	if (vi->use_vmac)
		fprintf(fp, "\tuse_vmac %s\n", vi->vmac_name);
	if (vi->vmac_xmit_base)
		fprintf(fp, "\tvmac_xmit_base\n");
	extra_dump_routes(fp, vi);
	extra_dump_rules(fp, vi);
}

void vrrp_conf_extra_free(struct vrrp_instance_conf *vi)
{
	free(vi->vroutes);
	free(vi->vrules);
	vi->vroutes = NULL;
	vi->vrules = NULL;
}
