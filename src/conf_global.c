/* global_defs: the block's table.  Its own rows are the daemon-wide
 * keywords (router_id, log_facility, script_user, control_group,
 * enable_script_security; the top-level net_namespace handler too); each
 * subsystem's keywords are in that subsystem's table, listed here as
 * sub-tables (struct conf_table.more).  keepalived's meaning and defaults
 * (defaults are set in conf.c).  Other keepalived global_defs keywords fall
 * through to conf_known.c and become warnings. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "conf_global.h"
#include "conf_mail.h"
#include "conf_sched.h"
#include "vrrp/conf/conf_vrrp_global.h"

static int global_set_str(char **dst, const char *src)
{
	char *s = strdup(src);

	if (!s)
		return -1;
	free(*dst);
	*dst = s;
	return 0;
}

static int global_router_id(struct conf_parse *p, const struct conf_line *l, void *obj,
                            void **child)
{
	struct floatd_conf *c = obj;

	(void)p;
	(void)child;
	c->router_id_set = true;
	return global_set_str(&c->router_id, l->argv[1]);
}

/* floatd extension: what -S sets (-S wins); "0".."7" or "local0".."local7" */
static int global_log_facility(struct conf_parse *p, const struct conf_line *l, void *obj,
                               void **child)
{
	const char *s = l->argv[1];

	(void)child;
	if (strncmp(s, "local", 5) == 0)
		s += 5;
	if (s[0] < '0' || s[0] > '7' || s[1] != '\0') {
		conf_parse_error(p, l, "invalid log_facility '%s' (0..7 or local0..local7)",
		                 l->argv[1]);
		return -1;
	}
	((struct floatd_conf *)obj)->log_facility = s[0] - '0';
	return 0;
}

/* floatd extension: members of this group may use floatctl (the socket is
 * 0660 root:GROUP); the name is looked up when the socket is made */
static int global_control_group(struct conf_parse *p, const struct conf_line *l, void *obj,
                                void **child)
{
	(void)p;
	(void)child;
	return global_set_str(&((struct floatd_conf *)obj)->control_group, l->argv[1]);
}

static int global_script_user(struct conf_parse *p, const struct conf_line *l, void *obj,
                              void **child)
{
	struct floatd_conf *c = obj;

	(void)p;
	(void)child;
	if (global_set_str(&c->script_user, l->argv[1]) < 0)
		return -1;
	free(c->script_group);
	c->script_group = NULL;
	if (l->argc > 2) {
		/* keepalived: a leading ':' asks for supplementary groups too; we
		 * keep it so that the dump and the runner see the same spelling */
		return global_set_str(&c->script_group, l->argv[2]);
	}
	return 0;
}

static int global_script_security(struct conf_parse *p, const struct conf_line *l, void *obj,
                                  void **child)
{
	(void)p;
	(void)l;
	(void)child;
	((struct floatd_conf *)obj)->enable_script_security = true;
	return 0;
}

/* keepalived reads these at top level (outside global_defs); a second one
 * is reported and ignored, the first kept.  The name is a file in
 * /run/netns, looked up when floatd starts (it refuses to start without it,
 * as keepalived does). */
int conf_global_net_namespace(struct conf_parse *p, const struct conf_line *l, void *obj,
                              void **child)
{
	struct floatd_conf *c = obj;
	int kw = conf_parse_kw_arg(p);
	bool ipvs = kw == CONF_GLOBAL_NETNS_IPVS;
	char **dst = ipvs ? &c->net_namespace_ipvs : &c->net_namespace;
	const char *name = l->argc > 1 ? l->argv[1] : "";

	(void)child;
	if (kw != CONF_GLOBAL_NETNS && kw != CONF_GLOBAL_NETNS_IPVS)
		return conf_parse_bad_arg(p, l);
	if (!ipvs && l->argc < 2) {
		conf_parse_warn(p, l, "net_namespace name missing; ignored, as keepalived does");
		return 0;
	}
	if (*dst != NULL) {
		conf_parse_warn(p, l, "duplicate %s '%s'; ignored, '%s' kept as keepalived does",
		                l->argv[0], name, (*dst)[0] ? *dst : "(the default namespace)");
		return 0;
	}
	if (strchr(name, '/') != NULL || strcmp(name, ".") == 0 || strcmp(name, "..") == 0 ||
	    strlen(name) > 255) {
		conf_parse_error(p, l, "invalid %s '%s' (a name in /run/netns)", l->argv[0], name);
		return -1;
	}
	return global_set_str(dst, name);
}

/* Each subsystem lists its own global_defs keywords, searched after these
 * rows and in this order; a name is in one table only (unit check_conf). */
static const struct conf_table *const global_more[] = {
	&vrrp_conf_global_table,   /* src/vrrp/conf/conf_vrrp_global.c */
	&conf_sched_global_table,  /* src/conf_sched.c */
	&conf_mail_global_table,   /* src/conf_mail.c */
	NULL,
};

static const struct conf_kw global_kws[] = {
	{ "router_id", CONF_KW_SIMPLE, 1, 1, global_router_id, NULL, NULL, 0 },
	{ "log_facility", CONF_KW_SIMPLE, 1, 1, global_log_facility, NULL, NULL, 0 },
	{ "script_user", CONF_KW_SIMPLE, 1, 2, global_script_user, NULL, NULL, 0 },
	{ "control_group", CONF_KW_SIMPLE, 1, 1, global_control_group, NULL, NULL, 0 },
	{ "enable_script_security", CONF_KW_SIMPLE, 0, 0, global_script_security, NULL, NULL, 0 },
	{ NULL, CONF_KW_SIMPLE, 0, 0, NULL, NULL, NULL, 0 },
};

const struct conf_table conf_global_table = { "global_defs", global_kws, global_more };
