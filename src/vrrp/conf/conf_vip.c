/* One virtual_ipaddress / virtual_ipaddress_excluded / static_ipaddress
 * line, keepalived's grammar:
 *   ADDR[/PREFIX] [brd ADDR|+|-] [dev IF] [label L] [scope S]
 *                 [preferred_lft forever|SECONDS] [home] [-nodad]
 *                 [mngtmpaddr] [noprefixroute] [autojoin]
 *                 [track_group G (static_ipaddress only: warned about)]
 * and the normalised dump of such lines.  `peer`, `use_vmac` and `no_track`
 * are keepalived's but not done by floatd: warned about and ignored.  A
 * word keepalived does not know either is an error, as an unknown keyword
 * is; so is a value that is missing or wrong where keepalived drops the
 * address (a VIP would be missing).  A bad preferred_lft keepalived only
 * reports: a warning here too.  Pure. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "addr.h"
#include "conf_suggest.h"
#include "vrrp/conf/conf_instance.h"

#define VIP_SCOPE_UNIVERSE 0   /* RT_SCOPE_UNIVERSE of <linux/rtnetlink.h> */

enum vip_opt {
	VIP_OPT_BRD = 1, VIP_OPT_DEV, VIP_OPT_LABEL, VIP_OPT_SCOPE, VIP_OPT_PREFERRED_LFT,
	VIP_OPT_FLAG, VIP_OPT_NOT_DONE, VIP_OPT_TRACK_GROUP,
};
/* A flag word's row carries VIP_OPT_FLAG and its VIP_F_* bit in `arg`. */
#define VIP_FLAG(f) (VIP_OPT_FLAG | (f) << 8)
#define VIP_ARG_OPT(arg) ((enum vip_opt)((arg) & 0xff))
#define VIP_ARG_FLAG(arg) ((uint8_t)((arg) >> 8))

/* The words of a VIP line after the address, as keyword rows: max_args is
 * whether a value follows, and the table gives a typo its did-you-mean.
 * The handlers are not called through the table (vip_option does it). */
static const struct conf_kw vip_words[] = {
	{ "brd", CONF_KW_SIMPLE, 1, 1, NULL, NULL, NULL, VIP_OPT_BRD },
	{ "broadcast", CONF_KW_SIMPLE, 1, 1, NULL, NULL, NULL, VIP_OPT_BRD },
	{ "dev", CONF_KW_SIMPLE, 1, 1, NULL, NULL, NULL, VIP_OPT_DEV },
	{ "label", CONF_KW_SIMPLE, 1, 1, NULL, NULL, NULL, VIP_OPT_LABEL },
	{ "scope", CONF_KW_SIMPLE, 1, 1, NULL, NULL, NULL, VIP_OPT_SCOPE },
	{ "preferred_lft", CONF_KW_SIMPLE, 1, 1, NULL, NULL, NULL, VIP_OPT_PREFERRED_LFT },
	{ "home", CONF_KW_SIMPLE, 0, 0, NULL, NULL, NULL, VIP_FLAG(VIP_F_HOME) },
	{ "-nodad", CONF_KW_SIMPLE, 0, 0, NULL, NULL, NULL, VIP_FLAG(VIP_F_DAD) },
	{ "mngtmpaddr", CONF_KW_SIMPLE, 0, 0, NULL, NULL, NULL, VIP_FLAG(VIP_F_MNGTMPADDR) },
	{ "noprefixroute", CONF_KW_SIMPLE, 0, 0, NULL, NULL, NULL, VIP_FLAG(VIP_F_NOPREFIXROUTE) },
	{ "autojoin", CONF_KW_SIMPLE, 0, 0, NULL, NULL, NULL, VIP_FLAG(VIP_F_AUTOJOIN) },
	/* keepalived's, not done by floatd */
	{ "peer", CONF_KW_SIMPLE, 1, 1, NULL, NULL, NULL, VIP_OPT_NOT_DONE },
	{ "use_vmac", CONF_KW_SIMPLE, 0, 0, NULL, NULL, NULL, VIP_OPT_NOT_DONE },
	{ "no_track", CONF_KW_SIMPLE, 0, 0, NULL, NULL, NULL, VIP_OPT_NOT_DONE },
	{ "track_group", CONF_KW_SIMPLE, 1, 1, NULL, NULL, NULL, VIP_OPT_TRACK_GROUP },
	{ NULL, 0, 0, 0, NULL, NULL, NULL, 0 },
};
static const struct conf_table vip_word_table = { "virtual_ipaddress", vip_words, NULL };

static const struct conf_kw *
vip_word(const char *w)
{
	for (const struct conf_kw *kw = vip_words; kw->name != NULL; kw++)
		if (strcmp(w, kw->name) == 0)
			return kw;
	return NULL;
}

/* brd ADDR | + (all host bits set) | - (none) */
static int
vip_brd(struct conf_parse *p, const struct conf_line *l, const char *block, struct vip_conf *v,
        const char *val)
{
	struct addr a;

	if (strcmp(val, "-") == 0) {
		v->has_brd = false;
	} else if (strcmp(val, "+") == 0 && v->family == AF_INET) {
		uint32_t host = v->prefixlen >= 32 ? 0 : 0xffffffffu >> v->prefixlen;

		v->has_brd = true;
		v->brd.v4.s_addr = v->addr.v4.s_addr | htonl(host);
	} else if (addr_parse(val, v->family, &a, NULL) < 0) {
		conf_parse_error(p, l, "invalid broadcast '%s' in %s", val, block);
		return -1;
	} else {
		vrrp_addr_from(&v->brd, &a);
		v->has_brd = true;
	}
	return 0;
}

/* preferred_lft forever | SECONDS (keepalived applies it to IPv6 only) */
static int
vip_preferred_lft(struct conf_parse *p, const struct conf_line *l, const char *block,
                  struct vip_conf *v, const char *val)
{
	char *end;
	unsigned long n;

	if (strcmp(val, "forever") == 0) {
		v->preferred_set = false;
		return 0;
	}
	errno = 0;
	n = strtoul(val, &end, 10);
	if (val[0] < '0' || val[0] > '9' || *end != '\0' || errno != 0 || n >= 0xffffffffUL) {
		/* keepalived reports it and keeps the address as it was */
		conf_parse_warn(p, l, "invalid preferred_lft '%s' in %s (forever or seconds); "
		                "ignored, as keepalived does", val, block);
		return 0;
	}
	if (v->family != AF_INET6) {
		conf_parse_warn(p, l, "preferred_lft applies to IPv6 addresses only; ignored for "
		                "this one, as keepalived does");
		return 0;
	}
	v->preferred_set = true;
	v->preferred_lft = (uint32_t)n;
	return 0;
}

/* One option word and its value (NULL when it takes none). */
static int
vip_option(struct conf_parse *p, const struct conf_line *l, const char *block,
           struct vip_conf *v, const struct conf_kw *kw, const char *val)
{
	switch (VIP_ARG_OPT(kw->arg)) {
	case VIP_OPT_BRD:
		return vip_brd(p, l, block, v, val);
	case VIP_OPT_DEV:
	case VIP_OPT_LABEL: {
		char *dst = VIP_ARG_OPT(kw->arg) == VIP_OPT_DEV ? v->dev : v->label;

		if (strlen(val) >= IF_NAMESIZE) {
			conf_parse_error(p, l, "invalid %s '%s' in %s (at most %d characters)",
			                 kw->name, val, block, IF_NAMESIZE - 1);
			return -1;
		}
		strcpy(dst, val);
		return 0;
	}
	case VIP_OPT_SCOPE:
		if (addr_scope_parse(val, &v->scope) < 0) {
			conf_parse_error(p, l, "invalid scope '%s' in %s", val, block);
			return -1;
		}
		return 0;
	case VIP_OPT_PREFERRED_LFT:
		return vip_preferred_lft(p, l, block, v, val);
	case VIP_OPT_FLAG:
		v->flags |= VIP_ARG_FLAG(kw->arg);
		return 0;
	case VIP_OPT_NOT_DONE:
		conf_parse_warn(p, l, "%s option '%s' is not supported by floatd (ignored)", block,
		                kw->name);
		return 0;
	case VIP_OPT_TRACK_GROUP:
		/* as with static_routes (floatd.conf(5)) */
		if (strcmp(block, "static_ipaddress") != 0) {
			conf_parse_error(p, l, "track_group is for static_ipaddress only");
			return -1;
		}
		conf_parse_warn(p, l, "track_group %s: floatd does not follow track groups; the "
		                "address stays installed", val);
		return 0;
	}
	return -1;
}

int vrrp_conf_vip_line(struct conf_parse *p, const struct conf_line *l, const char *block,
                       struct vip_conf *v)
{
	struct addr a;
	int rc;

	memset(v, 0, sizeof(*v));
	rc = addr_parse_prefix(l->argv[0], 0, &a, NULL);
	if (rc == -ERANGE) {
		conf_parse_error(p, l, "invalid prefix length '%s' in %s",
		                 strchr(l->argv[0], '/') + 1, block);
		return -1;
	}
	if (rc < 0) {
		conf_parse_error(p, l, "invalid address '%s' in %s", l->argv[0], block);
		return -1;
	}
	v->family = a.family;
	vrrp_addr_from(&v->addr, &a);
	v->prefixlen = a.prefixlen;
	v->scope = VIP_SCOPE_UNIVERSE;
	v->origin.file = l->file;
	v->origin.line = l->line;
	for (int i = 1; i < l->argc; i++) {
		const char *opt = l->argv[i];
		const struct conf_kw *kw = vip_word(opt);

		if (kw == NULL) {
			const char *near = conf_suggest_keyword(&vip_word_table, opt);

			/* a word keepalived does not know either is an error, as an
			 * unknown keyword is (floatd.conf(5), Diagnostics): often a
			 * second address written on the same line */
			conf_parse_error(p, l, "unknown %s option '%s'%s%s%s", block, opt,
			                 near ? "; did you mean '" : "", near ? near : "",
			                 near ? "'?" : "");
			return -1;
		}
		if (kw->max_args > 0 && i + 1 >= l->argc) {
			conf_parse_error(p, l, "%s option '%s' needs a value", block, opt);
			return -1;
		}
		if (vip_option(p, l, block, v, kw, kw->max_args > 0 ? l->argv[++i] : NULL) < 0)
			return -1;
	}
	return 0;
}

/* The flag words in vip_words' order, as the dump writes them. */
static void
dump_vip_flags(FILE *fp, uint8_t flags)
{
	for (const struct conf_kw *kw = vip_words; kw->name != NULL; kw++)
		if (VIP_ARG_OPT(kw->arg) == VIP_OPT_FLAG && (flags & VIP_ARG_FLAG(kw->arg)))
			fprintf(fp, " %s", kw->name);
}

void vrrp_conf_dump_vips(FILE *fp, const char *indent, const char *kw, const struct vip_conf *v,
                         unsigned n)
{
	char a[INET6_ADDRSTRLEN];

	if (!n)
		return;
	fprintf(fp, "%s%s {\n", indent, kw);
	for (unsigned i = 0; i < n; i++, v++) {
		const char *scope = addr_scope_name(v->scope);

		inet_ntop(v->family, &v->addr, a, sizeof(a));
		fprintf(fp, "%s\t%s/%u", indent, a, v->prefixlen);
		if (v->has_brd) {
			inet_ntop(v->family, &v->brd, a, sizeof(a));
			fprintf(fp, " brd %s", a);
		}
		if (v->dev[0])
			fprintf(fp, " dev %s", v->dev);
		if (scope)
			fprintf(fp, " scope %s", scope);
		else
			fprintf(fp, " scope %u", v->scope);
		if (v->label[0])
			fprintf(fp, " label %s", v->label);
		if (v->preferred_set)
			fprintf(fp, " preferred_lft %u", v->preferred_lft);
		dump_vip_flags(fp, v->flags);
		fputc('\n', fp);
	}
	fprintf(fp, "%s}\n", indent);
}
