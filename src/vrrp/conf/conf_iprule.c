/* The ip-rule grammar of virtual_rules and static_rules, as keepalived
 * 2.2.x reads it (vrrp_iprule.c alloc_rule): a table from each word to its
 * reader, the checks keepalived makes on the whole rule, and the dump that
 * prints a rule back in the same grammar.  Pure. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/fib_rules.h>
#include <linux/rtnetlink.h>

#include "vrrp/conf/conf_ipwords.h"

struct up {
	struct ipw w;
	struct vrule_conf *r;
	bool table_option;           /* realms / suppress_*: only with a table action */
	bool has_table;
};

typedef int (*up_fn)(struct up *, int arg);
struct up_word {
	const char *word;
	up_fn fn;
	int arg;
};

static int up_family_word(struct up *p, int family)
{
	return ipw_family(&p->w, family, p->w.argv[p->w.i]);
}

static int up_prefix(struct up *p, int to)
{
	struct rule_spec *ru = &p->r->ru;
	struct addr a;
	bool any;

	if (ipw_prefix(&p->w, ipw_next(&p->w), to ? "'to'" : "'from'", &a, &any) < 0)
		return -1;
	if (to) {
		ru->to = a.ip;
		ru->to_len = any ? 0 : a.prefixlen;
	} else {
		ru->from = a.ip;
		ru->from_len = any ? 0 : a.prefixlen;
	}
	return 0;
}

/* table / goto / nop / blackhole / unreachable / prohibit / l3mdev: one per rule */
static int up_action(struct up *p, uint8_t action)
{
	if (p->r->ru.action != 0)
		return ipw_fail(&p->w, "more than one of table, goto, nop, blackhole, unreachable, "
		                "prohibit, l3mdev");
	p->r->ru.action = action;
	return 0;
}

static int up_table(struct up *p, int arg)
{
	const char *v = ipw_value(&p->w);

	(void)arg;
	if (v == NULL)
		return -1;
	if (ipw_table(v, &p->r->ru.table) < 0)
		return ipw_fail(&p->w, "invalid 'table' '%s' (main, local, default or a number; "
		                "names of /etc/iproute2/rt_tables are not read)", v);
	if (p->r->ru.table == 0)
		return ipw_fail(&p->w, "table 0 is not valid");
	p->has_table = true;
	return up_action(p, FR_ACT_TO_TBL);
}

static int up_not(struct up *p, int arg)
{
	(void)arg;
	p->r->ru.invert = true;
	return 0;
}

static int up_u32(struct up *p, int what)
{
	static const char *const names[] = { "priority", "goto", "suppress_prefixlength",
		"suppress_ifgroup" };
	struct rule_spec *ru = &p->r->ru;
	const char *v = ipw_value(&p->w);
	uint32_t n;

	if (v == NULL)
		return -1;
	if (ipw_u32(v, what == 2 || what == 3 ? INT32_MAX : UINT32_MAX, &n) < 0)
		return ipw_fail(&p->w, "invalid '%s' '%s'", names[what], v);
	switch (what) {
	case 0:
		ru->priority = n;
		ru->has_priority = true;
		return 0;
	case 1:
		ru->goto_target = n;
		ru->has_goto = true;
		return up_action(p, FR_ACT_GOTO);
	case 2:
		ru->suppress_prefixlen = n;
		ru->has_suppress_prefixlen = true;
		break;
	default:
		ru->suppress_ifgroup = n;
		ru->has_suppress_ifgroup = true;
		break;
	}
	p->table_option = true;
	return 0;
}

static int up_tos(struct up *p, int arg)
{
	const char *v = ipw_value(&p->w);

	(void)arg;
	if (v == NULL)
		return -1;
	if (ipw_dsfield(v, &p->r->ru.tos) < 0)
		return ipw_fail(&p->w, "invalid tos '%s' (0..255)", v);
	return 0;
}

/* fwmark N[/MASK] */
static int up_fwmark(struct up *p, int arg)
{
	struct rule_spec *ru = &p->r->ru;
	const char *v = ipw_value(&p->w);
	char buf[32], *slash;

	(void)arg;
	if (v == NULL)
		return -1;
	if (strlen(v) >= sizeof(buf))
		return ipw_fail(&p->w, "invalid fwmark '%s'", v);
	strcpy(buf, v);
	slash = strchr(buf, '/');
	if (slash != NULL)
		*slash++ = '\0';
	if (ipw_u32(buf, UINT32_MAX, &ru->fwmark) < 0 ||
	    (slash != NULL && ipw_u32(slash, UINT32_MAX, &ru->fwmask) < 0))
		return ipw_fail(&p->w, "invalid fwmark '%s' (N or N/MASK)", v);
	ru->has_fwmark = true;
	ru->has_fwmask = slash != NULL;
	return 0;
}

static int up_realms(struct up *p, int arg)
{
	const char *v = ipw_value(&p->w);

	(void)arg;
	if (v == NULL)
		return -1;
	if (ipw_realms(v, &p->r->ru.realms) < 0)
		return ipw_fail(&p->w, "invalid realms '%s' (TO or FROM/TO, 0..255)", v);
	p->r->ru.has_realms = true;
	p->table_option = true;
	return ipw_family(&p->w, AF_INET, "realms");
}

static int up_ifname(struct up *p, int oif)
{
	const char *v = ipw_value(&p->w);

	if (v == NULL)
		return -1;
	if (strlen(v) >= IF_NAMESIZE)
		return ipw_fail(&p->w, "interface name '%s' is too long", v);
	strcpy(oif ? p->r->ru.oif : p->r->ru.iif, v);
	return 0;
}

static int up_tun_id(struct up *p, int arg)
{
	const char *v = ipw_value(&p->w);

	(void)arg;
	if (v == NULL)
		return -1;
	if (ipw_u64(v, &p->r->ru.tun_id) < 0)
		return ipw_fail(&p->w, "invalid tunnel-id '%s'", v);
	p->r->ru.has_tun_id = true;
	return 0;
}

static int up_uidrange(struct up *p, int arg)
{
	struct rule_spec *ru = &p->r->ru;
	const char *v = ipw_value(&p->w);
	char buf[32], *dash;

	(void)arg;
	if (v == NULL)
		return -1;
	if (strlen(v) >= sizeof(buf) || (dash = strchr(strcpy(buf, v), '-')) == NULL)
		return ipw_fail(&p->w, "invalid uidrange '%s' (START-END)", v);
	*dash++ = '\0';
	if (ipw_u32(buf, UINT32_MAX, &ru->uid_start) < 0 ||
	    ipw_u32(dash, UINT32_MAX, &ru->uid_end) < 0 || ru->uid_end < ru->uid_start)
		return ipw_fail(&p->w, "invalid uidrange '%s' (START-END)", v);
	ru->has_uidrange = true;
	return 0;
}

static int up_l3mdev(struct up *p, int arg)
{
	(void)arg;
	p->r->ru.l3mdev = true;
	return up_action(p, FR_ACT_TO_TBL);
}

static int up_protocol(struct up *p, int arg)
{
	const char *v = ipw_value(&p->w);

	(void)arg;
	if (v == NULL)
		return -1;
	if (ipw_proto(v, &p->r->ru.protocol) < 0)
		return ipw_fail(&p->w, "invalid protocol '%s'", v);
	return 0;
}

static int up_ipproto(struct up *p, int arg)
{
	const char *v = ipw_value(&p->w);

	(void)arg;
	if (v == NULL)
		return -1;
	if (ipw_ipproto(v, &p->r->ru.ipproto) < 0)
		return ipw_fail(&p->w, "invalid ipproto '%s'", v);
	p->r->ru.has_ipproto = true;
	return 0;
}

static int up_port(struct up *p, int dport)
{
	struct rule_spec *ru = &p->r->ru;
	const char *v = ipw_value(&p->w);

	if (v == NULL)
		return -1;
	if (ipw_port_range(v, dport ? ru->dport : ru->sport) < 0)
		return ipw_fail(&p->w, "invalid %s '%s' (PORT or FIRST-LAST)",
		                dport ? "dport" : "sport", v);
	if (dport)
		ru->has_dport = true;
	else
		ru->has_sport = true;
	return 0;
}

static int up_no_track(struct up *p, int arg)
{
	(void)arg;
	p->r->no_track = true;
	return 0;
}

static int up_track_group(struct up *p, int arg)
{
	const char *v = ipw_value(&p->w);

	(void)arg;
	if (v == NULL)
		return -1;
	if (!p->w.is_static)
		return ipw_fail(&p->w, "track_group is for static_rules only");
	if (strlen(v) >= sizeof(p->r->track_group))
		return ipw_fail(&p->w, "track_group name '%s' is too long", v);
	strcpy(p->r->track_group, v);
	return 0;
}

/* type ACTION | goto N | nop | blackhole | unreachable | prohibit */
static int up_type(struct up *p, int arg)
{
	const char *v = arg ? p->w.argv[p->w.i] : ipw_value(&p->w);

	if (v == NULL)
		return -1;
	if (strcmp(v, "goto") == 0)
		return up_u32(p, 1);
	if (strcmp(v, "nop") == 0)
		return up_action(p, FR_ACT_NOP);
	if (strcmp(v, "blackhole") == 0)
		return up_action(p, FR_ACT_BLACKHOLE);
	if (strcmp(v, "unreachable") == 0)
		return up_action(p, FR_ACT_UNREACHABLE);
	if (strcmp(v, "prohibit") == 0)
		return up_action(p, FR_ACT_PROHIBIT);
	return ipw_fail(&p->w, "invalid rule action '%s' (goto, nop, blackhole, unreachable, "
	                "prohibit)", v);
}

static const struct up_word up_words[] = {
	{ "inet", up_family_word, AF_INET }, { "inet6", up_family_word, AF_INET6 },
	{ "from", up_prefix, 0 }, { "to", up_prefix, 1 }, { "table", up_table, 0 },
	{ "lookup", up_table, 0 }, { "not", up_not, 0 }, { "preference", up_u32, 0 },
	{ "order", up_u32, 0 }, { "priority", up_u32, 0 }, { "pref", up_u32, 0 },
	{ "tos", up_tos, 0 }, { "dsfield", up_tos, 0 }, { "fwmark", up_fwmark, 0 },
	{ "realms", up_realms, 0 }, { "suppress_prefixlength", up_u32, 2 },
	{ "sup_pl", up_u32, 2 }, { "suppress_ifgroup", up_u32, 3 }, { "sup_group", up_u32, 3 },
	{ "dev", up_ifname, 0 }, { "iif", up_ifname, 0 }, { "oif", up_ifname, 1 },
	{ "tunnel-id", up_tun_id, 0 }, { "uidrange", up_uidrange, 0 },
	{ "l3mdev", up_l3mdev, 0 }, { "protocol", up_protocol, 0 },
	{ "ipproto", up_ipproto, 0 }, { "sport", up_port, 0 }, { "dport", up_port, 1 },
	{ "no_track", up_no_track, 0 }, { "track_group", up_track_group, 0 },
	{ "type", up_type, 0 }, { "goto", up_type, 1 }, { "nop", up_type, 1 },
	{ "blackhole", up_type, 1 }, { "unreachable", up_type, 1 }, { "prohibit", up_type, 1 },
	{ NULL, NULL, 0 },
};

int vrrp_conf_rule_parse(int argc, char *const *argv, bool is_static, struct vrule_conf *r,
                         struct conf_ip_diag *d)
{
	struct up p = { .w = { argc, argv, 0, 0, is_static, d }, .r = r };
	struct rule_spec *ru = &r->ru;

	memset(r, 0, sizeof(*r));
	memset(d, 0, sizeof(*d));
	for (p.w.i = 0; p.w.i < argc; p.w.i++) {
		const struct up_word *e = NULL;

		for (const struct up_word *t = up_words; t->word != NULL && e == NULL; t++)
			if (strcmp(t->word, argv[p.w.i]) == 0)
				e = t;
		if (e == NULL)
			return ipw_fail(&p.w, "unknown word '%s'", argv[p.w.i]);
		if (e->fn(&p, e->arg) < 0)
			return -1;
	}
	/* keepalived's checks of the whole rule */
	if (ru->action == 0)
		return ipw_fail(&p.w, "no 'table' (or goto, nop, blackhole, unreachable, prohibit, "
		                "l3mdev)");
	if (ru->has_goto && (!ru->has_priority || ru->priority >= ru->goto_target))
		return ipw_fail(&p.w, "goto %u needs a 'priority' below it", ru->goto_target);
	if (p.table_option && ru->action != FR_ACT_TO_TBL)
		return ipw_fail(&p.w, "realms / suppress_* need a 'table' action");
	if (ru->l3mdev && p.has_table)
		return ipw_fail(&p.w, "l3mdev takes no 'table'");
	if (r->track_group[0] != '\0' && ru->iif[0] == '\0') {
		ipw_warn(&p.w, "track_group %s without 'dev'/'iif' ignored, as keepalived does",
		         r->track_group);
		r->track_group[0] = '\0';
	} else if (r->track_group[0] != '\0') {
		ipw_warn(&p.w, "track_group %s is not followed by floatd: the rule stays installed "
		         "whatever the group's state", r->track_group);
	}
	ru->family = p.w.family ? p.w.family : AF_INET;
	return 0;
}

/* ---- dump: the fields of the first grammar keep their place */

static void up_dump_prefix(FILE *fp, const char *kw, int family, const union addr_ip *a,
                           unsigned len)
{
	char b[64];

	fprintf(fp, " %s %s/%u", kw, ipw_ntop(family, a, b, sizeof(b)), len);
}

void vrrp_conf_rule_dump(FILE *fp, const struct vrule_conf *r)
{
	const struct rule_spec *ru = &r->ru;

	if (ru->invert)
		fprintf(fp, " not");
	if (ru->from_len)
		up_dump_prefix(fp, "from", ru->family, &ru->from, ru->from_len);
	else
		fprintf(fp, " from all");
	if (ru->to_len)
		up_dump_prefix(fp, "to", ru->family, &ru->to, ru->to_len);
	if (ru->iif[0])
		fprintf(fp, " iif %s", ru->iif);
	if (ru->oif[0])
		fprintf(fp, " oif %s", ru->oif);
	if (ru->has_fwmark)
		fprintf(fp, ru->has_fwmask ? " fwmark %u/0x%x" : " fwmark %u", ru->fwmark,
		        ru->fwmask);
	if (ru->action == FR_ACT_TO_TBL && !ru->l3mdev)
		fprintf(fp, " table %u", ru->table);
	if (ru->has_priority)
		fprintf(fp, " priority %u", ru->priority);
	if (ru->family == AF_INET6 && !ru->from_len && !ru->to_len)
		fprintf(fp, " inet6");
	if (ru->l3mdev)
		fprintf(fp, " l3mdev");
	if (ru->action == FR_ACT_GOTO)
		fprintf(fp, " goto %u", ru->goto_target);
	else if (ru->action == FR_ACT_NOP)
		fprintf(fp, " nop");
	else if (ru->action == FR_ACT_BLACKHOLE)
		fprintf(fp, " blackhole");
	else if (ru->action == FR_ACT_UNREACHABLE)
		fprintf(fp, " unreachable");
	else if (ru->action == FR_ACT_PROHIBIT)
		fprintf(fp, " prohibit");
	if (ru->tos)
		fprintf(fp, " tos 0x%02x", ru->tos);
	if (ru->has_realms && ru->realms >> 16)
		fprintf(fp, " realms %u/%u", ru->realms >> 16, ru->realms & 0xffff);
	else if (ru->has_realms)
		fprintf(fp, " realms %u", ru->realms);
	if (ru->has_suppress_prefixlen)
		fprintf(fp, " suppress_prefixlength %u", ru->suppress_prefixlen);
	if (ru->has_suppress_ifgroup)
		fprintf(fp, " suppress_ifgroup %u", ru->suppress_ifgroup);
	if (ru->has_tun_id)
		fprintf(fp, " tunnel-id %llu", (unsigned long long)ru->tun_id);
	if (ru->has_uidrange)
		fprintf(fp, " uidrange %u-%u", ru->uid_start, ru->uid_end);
	if (ru->protocol)
		fprintf(fp, " protocol %u", ru->protocol);
	if (ru->has_ipproto)
		fprintf(fp, " ipproto %u", ru->ipproto);
	if (ru->has_sport)
		fprintf(fp, " sport %u-%u", ru->sport[0], ru->sport[1]);
	if (ru->has_dport)
		fprintf(fp, " dport %u-%u", ru->dport[0], ru->dport[1]);
	if (r->no_track)
		fprintf(fp, " no_track");
	if (r->track_group[0])
		fprintf(fp, " track_group %s", r->track_group);
}
