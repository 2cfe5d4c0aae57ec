/* LVS keyword tables: virtual_server, virtual_server_group, real_server and
 * the small readers they share with the checker blocks, which live in
 * conf_checker.c.  Only fills the structs of conf_lvs.h; inheritance,
 * defaults and cross-checks are in conf_validate.c.  Pure: reports through
 * conf_parse. */
#include "config.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "vrrp/conf/vrrp_conf_types.h"
#include "addr.h"
#include "argv.h"
#include "check/conf/conf_lvs.h"
#include "check/conf/conf_int.h"

#define CC_SECS_MAX 86400ULL

/* ---- small readers */

int check_conf_addr(const char *s, struct check_sockaddr *a)
{
	struct addr parsed;

	memset(&a->addr, 0, sizeof(a->addr));
	if (addr_parse(s, 0, &parsed, NULL) < 0)
		return -1;
	a->family = parsed.family;
	a->addr = parsed.ip;
	return 0;
}

/* "IP" or "IP PORT" from argv[idx..] into *a; keyword names the message. */
static int cc_addr_port(struct conf_parse *p, const struct conf_line *l, int idx,
                        struct check_sockaddr *a)
{
	unsigned long port = 0;

	memset(a, 0, sizeof(*a));
	if (check_conf_addr(l->argv[idx], a) < 0) {
		conf_parse_error(p, l, "invalid address '%s' in %s", l->argv[idx], l->argv[0]);
		return -1;
	}
	if (idx + 1 < l->argc && conf_parse_uint(p, l, idx + 1, 0, 65535, &port) < 0)
		return -1;
	a->port = (uint16_t)port;
	return 0;
}

int check_conf_timer_ms(struct conf_parse *p, const struct conf_line *l, uint32_t *dst)
{
	uint64_t us;

	if (conf_parse_timer_us(p, l, 1, 0, CC_SECS_MAX * 1000000, &us) < 0)
		return -1;
	*dst = (uint32_t)((us + 500) / 1000);
	return 0;
}

int check_conf_u32(struct conf_parse *p, const struct conf_line *l, unsigned long min,
                   unsigned long max, uint32_t *dst)
{
	unsigned long v;

	if (conf_parse_uint(p, l, 1, min, max, &v) < 0)
		return -1;
	*dst = (uint32_t)v;
	return 0;
}

int check_conf_strdup(const struct conf_line *l, char **dst)
{
	char *s = strdup(l->argv[1]);

	if (!s)
		return -1;
	free(*dst);
	*dst = s;
	return 0;
}

void check_conf_origin(struct conf_origin *o, const struct conf_line *l)
{
	o->file = l->file;
	o->line = l->line;
}

void check_conf_script_clear(struct script_conf *s)
{
	argv_free(s->argv);
	free(s->user);
	free(s->group);
	memset(s, 0, sizeof(*s));
}

/* SCRIPT [USER [[:]GROUP]]: the command is one (usually quoted) word that is
 * split again shell-like, so it is taken from the raw text as vrrp does.
 * with_user = false for misc_path (MISC_CHECK has its own `user`). */
int check_conf_script(struct conf_parse *p, const struct conf_line *l, bool with_user,
                      struct script_conf *s)
{
	struct script_conf tmp = { 0 };
	const char *why = NULL;
	char *cmd, *words[2] = { 0 };
	int nw;

	nw = conf_parse_script_words(l, with_user, &cmd, words, 2);
	if (nw < 0)
		return -1;
	for (; nw > 2; nw--)
		conf_parse_warn(p, l, "extra words after '%s' ignored", l->argv[0]);
	if (argv_split(cmd, &tmp.argv, &why) < 0) {
		conf_parse_error(p, l, "invalid %s: %s", l->argv[0], why);
	} else if (!tmp.argv[0]) {
		conf_parse_error(p, l, "invalid %s: empty command", l->argv[0]);
	} else if (tmp.argv[0][0] != '/' && strchr(tmp.argv[0], '/') != NULL) {
		/* a bare name is looked up in PATH later (src/conf_programs.c) */
		conf_parse_error(p, l, "invalid %s '%s' (a relative path: give the full path)",
		                 l->argv[0], tmp.argv[0]);
	} else {
		check_conf_script_clear(s);
		s->argv = tmp.argv;
		s->user = words[0];
		s->group = words[1];
		if (s->group && s->group[0] == ':')
			memmove(s->group, s->group + 1, strlen(s->group));
		check_conf_origin(&s->origin, l);
		free(cmd);
		return 0;
	}
	argv_free(tmp.argv);
	free(words[0]);
	free(words[1]);
	free(cmd);
	return -1;
}

/* ---- keywords shared by virtual_server, real_server and checkers:
 * connect_timeout, retry/nb_get_retry, delay_before_retry, delay_loop,
 * warmup, virtualhost.  Each object exposes its fields through
 * struct check_conf_defs (conf_int.h). */

int check_conf_defs_kw(struct conf_parse *p, const struct conf_line *l,
                       const struct check_conf_defs *d)
{
	uint32_t *ms = NULL;
	uint64_t us, min_us = 0;
	unsigned long v;

	/* keepalived reports a value it cannot use and ignores it ("delay
	 * loop '0' invalid - ignoring"): the inherited or default one applies;
	 * connect_timeout and delay_loop must be above 0 there */
	switch ((enum check_conf_kw)conf_parse_kw_arg(p)) {
	case CHECK_KW_CONNECT_TIMEOUT:
		ms = d->connect_timeout_ms, min_us = 1;
		break;
	case CHECK_KW_DELAY_BEFORE_RETRY:
		ms = d->delay_before_retry_ms;
		break;
	case CHECK_KW_DELAY_LOOP:
		ms = d->delay_loop_ms, min_us = 1;
		break;
	case CHECK_KW_WARMUP:
		ms = d->warmup_ms;
		break;
	case CHECK_KW_VIRTUALHOST:
		return check_conf_strdup(l, d->virtualhost);
	case CHECK_KW_NB_GET_RETRY:
		conf_parse_warn(p, l, "'nb_get_retry' is deprecated, use 'retry'");
		/* fall through */
	case CHECK_KW_RETRY:
		if (conf_parse_uint_or(p, l, 1, 0, 1000000, &v, NULL) == 0)
			*d->retry = (uint32_t)v;
		return 0;
	default:
		return conf_parse_bad_arg(p, l);
	}
	if (conf_parse_timer_us_or(p, l, 1, min_us, CC_SECS_MAX * 1000000, &us, NULL) == 0)
		*ms = (uint32_t)((us + 500) / 1000);
	return 0;
}

static int cc_vs_defs(struct conf_parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct virtual_server_conf *vs = obj;
	struct check_conf_defs d = { &vs->connect_timeout_ms, &vs->retry,
		&vs->delay_before_retry_ms, &vs->delay_loop_ms, &vs->warmup_ms, &vs->virtualhost };

	(void)child;
	return check_conf_defs_kw(p, l, &d);
}

static int cc_rs_defs(struct conf_parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct real_server_conf *rs = obj;
	struct check_conf_defs d = { &rs->connect_timeout_ms, &rs->retry,
		&rs->delay_before_retry_ms, &rs->delay_loop_ms, &rs->warmup_ms, &rs->virtualhost };

	(void)child;
	return check_conf_defs_kw(p, l, &d);
}

/* ---- lvs_method NAT|DR|TUN [type ...]: extra tunnel options are keepalived 2.2
 * GUE/GRE tunnels that floatd does not program; warn rather than ignore. */
/* The keepalived fork whose kernel has LVS method `method` (FNAT, SNAT), or
 * NULL; the same names as src/conf_known.c's table of fork keywords. */
static const char *lvs_fork_method(const char *method)
{
	if (strcmp(method, "FNAT") == 0)
		return "Alibaba LVS and DPVS (FULLNAT keepalived forks)";
	if (strcmp(method, "SNAT") == 0)
		return "DPVS (iQIYI's keepalived fork)";
	return NULL;
}

static int cc_method(struct conf_parse *p, const struct conf_line *l, enum check_lvs_method *m)
{
	if (strcasecmp(l->argv[1], "NAT") == 0)
		*m = CHECK_LVS_NAT;
	else if (strcasecmp(l->argv[1], "DR") == 0)
		*m = CHECK_LVS_DR;
	else if (strcasecmp(l->argv[1], "TUN") == 0)
		*m = CHECK_LVS_TUN;
	else if (lvs_fork_method(l->argv[1]) != NULL) {
		/* keepalived: "unknown routing method", the method stays as it was */
		conf_parse_warn(p, l, "%s '%s' is a method of %s, not of the kernel's IPVS: "
		                "ignored, the method stays %s as keepalived does", l->argv[0],
		                l->argv[1], lvs_fork_method(l->argv[1]),
		                *m == CHECK_LVS_DR ? "DR" : *m == CHECK_LVS_TUN ? "TUN" : "NAT");
		return 0;
	} else {
		/* keepalived: "unknown [x] routing method", the method stays */
		conf_parse_warn(p, l, "invalid %s '%s' (expected NAT|DR|TUN); using %s, as "
		                "keepalived does", l->argv[0], l->argv[1],
		                *m == CHECK_LVS_DR ? "DR" : *m == CHECK_LVS_TUN ? "TUN" : "NAT");
		return 0;
	}
	if (l->argc > 2)
		conf_parse_warn(p, l, "%s tunnel options are not supported by floatd (ignored)",
		                l->argv[0]);
	return 0;
}

/* ---- virtual_server */

int check_conf_vs_open(struct conf_parse *p, const struct conf_line *l, void *obj,
                       void **child)
{
	struct floatd_conf *c = obj;
	struct virtual_server_conf *vs = calloc(1, sizeof(*vs)), **tail;
	unsigned long v;

	if (!vs)
		return -1;
	check_conf_origin(&vs->origin, l);
	vs->protocol = 0;   /* unset: validation applies keepalived's default */
	/* lvs_sched and lvs_method stay unset: validation applies keepalived's
	 * defaults (wlc, NAT) with its warnings */
	vs->method = (enum check_lvs_method)-1;
	vs->sorry_method = (enum check_lvs_method)-1;
	vs->quorum = CHECK_DEF_QUORUM;
	vs->delay_loop_ms = vs->connect_timeout_ms = vs->retry = CHECK_UNSET;
	vs->delay_before_retry_ms = vs->warmup_ms = CHECK_UNSET;
	if (strcmp(l->argv[1], "fwmark") == 0 || strcmp(l->argv[1], "group") == 0) {
		if (l->argc < 3) {
			conf_parse_error(p, l, "'virtual_server %s' needs a value", l->argv[1]);
			goto bad;
		}
		if (l->argv[1][0] == 'f') {
			vs->kind = CHECK_VS_FWMARK;
			if (conf_parse_uint(p, l, 2, 1, UINT32_MAX, &v) < 0)
				goto bad;
			vs->fwmark = (uint32_t)v;
		} else {
			vs->kind = CHECK_VS_GROUP;
			if (!(vs->group = strdup(l->argv[2])))
				goto bad;
		}
		if (l->argc > 3)
			conf_parse_warn(p, l, "extra words after 'virtual_server %s' ignored",
			                l->argv[1]);
	} else {
		vs->kind = CHECK_VS_ADDR;
		if (cc_addr_port(p, l, 1, &vs->addr) < 0)
			goto bad;
		vs->family = vs->addr.family;
		if (l->argc > 3)
			conf_parse_warn(p, l, "extra words after 'virtual_server' ignored");
	}
	for (tail = &c->virtual_servers; *tail; tail = &(*tail)->next)
		;
	*tail = vs;
	c->n_virtual_servers++;
	*child = vs;
	return 0;
bad:
	free(vs->group);
	free(vs);
	return -1;
}

static int cc_vs_sched(struct conf_parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct virtual_server_conf *vs = obj;
	static const char *const scheds[] = { "rr", "wrr", "lc", "wlc", "lblc", "lblcr", "dh",
		"sh", "sed", "nq", "mh", "fo", "ovf", "twos" };

	(void)child;
	for (size_t i = 0; i < sizeof(scheds) / sizeof(*scheds); i++)
		if (strcmp(l->argv[1], scheds[i]) == 0) {
			snprintf(vs->sched, sizeof(vs->sched), "%s", scheds[i]);
			return 0;
		}
	/* keepalived: "Invalid lvs_scheduler 'x' - ignoring" */
	conf_parse_warn(p, l, "invalid %s '%s' (expected rr|wrr|lc|wlc|lblc|lblcr|dh|sh|sed|nq|"
	                "mh|fo|ovf|twos); using %s, as keepalived does", l->argv[0], l->argv[1],
	                vs->sched[0] ? vs->sched : "wlc");
	return 0;
}

static int cc_vs_method(struct conf_parse *p, const struct conf_line *l, void *obj,
                        void **child)
{
	struct virtual_server_conf *vs = obj;

	(void)child;
	switch ((enum check_conf_kw)conf_parse_kw_arg(p)) {
	case CHECK_KW_SORRY_SERVER_LVS_METHOD:
		return cc_method(p, l, &vs->sorry_method);
	case CHECK_KW_LVS_METHOD:
	case CHECK_KW_LB_KIND:
		return cc_method(p, l, &vs->method);
	default:
		return conf_parse_bad_arg(p, l);
	}
}

/* IP_VS_SVC_F_SCHED1..3; sh-*, mh-* are the scheduler-specific names of the same bits */
static int cc_vs_flag(struct conf_parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct virtual_server_conf *vs = obj;

	(void)child;
	switch ((enum check_conf_kw)conf_parse_kw_arg(p)) {
	case CHECK_KW_OPS:
		vs->ops = true;
		return 0;
	case CHECK_KW_FLAG_1:
	case CHECK_KW_SH_FALLBACK:
	case CHECK_KW_MH_FALLBACK:
		vs->sched_flags |= 0x0008;
		return 0;
	case CHECK_KW_FLAG_2:
	case CHECK_KW_SH_PORT:
	case CHECK_KW_MH_PORT:
		vs->sched_flags |= 0x0010;
		return 0;
	case CHECK_KW_FLAG_3:
		vs->sched_flags |= 0x0020;
		return 0;
	default:
		return conf_parse_bad_arg(p, l);
	}
}

static int cc_vs_persist(struct conf_parse *p, const struct conf_line *l, void *obj,
                         void **child)
{
	struct virtual_server_conf *vs = obj;

	(void)child;
	if (l->argc < 2) {
		/* keepalived: a bare persistence_timeout means 360 s */
		vs->persistence_timeout_s = CHECK_DEF_PERSISTENCE_S;
	} else {
		unsigned long v;

		/* keepalived: "persistence_timeout invalid", not persistent */
		if (conf_parse_uint_or(p, l, 1, 1, UINT32_MAX, &v, NULL) < 0)
			return 0;
		vs->persistence_timeout_s = (uint32_t)v;
	}
	vs->persistent = true;
	return 0;
}

static int cc_vs_granularity(struct conf_parse *p, const struct conf_line *l, void *obj,
                             void **child)
{
	struct virtual_server_conf *vs = obj;
	struct addr m;
	char *end;
	unsigned long n;

	(void)child;
	if (addr_parse(l->argv[1], AF_INET, &m, NULL) == 0) {
		vs->persistence_granularity = m.ip.v4.s_addr;
		return 0;
	}
	n = strtoul(l->argv[1], &end, 10);
	if (!*l->argv[1] || *end || n < 1 || n > 128) {
		conf_parse_error(p, l, "invalid persistence_granularity '%s' (netmask or prefix "
		                 "length)", l->argv[1]);
		return -1;
	}
	vs->persistence_granularity = (uint32_t)n;   /* a prefix; resolved in validate */
	vs->granularity_is_prefix = true;
	return 0;
}

static int cc_vs_misc(struct conf_parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct virtual_server_conf *vs = obj;
	enum check_conf_kw k = (enum check_conf_kw)conf_parse_kw_arg(p);
	const char *a = l->argv[1];

	(void)child;
	if (k == CHECK_KW_PROTOCOL) {
		if (strcasecmp(a, "TCP") == 0)
			vs->protocol = IPPROTO_TCP;
		else if (strcasecmp(a, "UDP") == 0)
			vs->protocol = IPPROTO_UDP;
		else if (strcasecmp(a, "SCTP") == 0)
			vs->protocol = IPPROTO_SCTP;
		else   /* keepalived: "Unknown protocol x - ignoring" */
			conf_parse_warn(p, l, "unknown protocol '%s' (expected TCP|UDP|SCTP); "
			                "ignored, as keepalived does", a);
		return 0;
	}
	if (k == CHECK_KW_PERSISTENCE_ENGINE) {
		if (strlen(a) >= sizeof(vs->pe_name)) {
			conf_parse_error(p, l, "persistence_engine '%s' is too long", a);
			return -1;
		}
		snprintf(vs->pe_name, sizeof(vs->pe_name), "%s", a);
		return 0;
	}
	if (k == CHECK_KW_IP_FAMILY) {
		if (strcmp(a, "inet") == 0)
			vs->family = AF_INET;
		else if (strcmp(a, "inet6") == 0)
			vs->family = AF_INET6;
		else {
			conf_parse_error(p, l, "invalid ip_family '%s' (expected inet|inet6)", a);
			return -1;
		}
		return 0;
	}
	/* keepalived: quorum 0 "Setting to 1", a bad hysteresis "ignoring" */
	if (k == CHECK_KW_QUORUM || k == CHECK_KW_HYSTERESIS) {
		bool q = k == CHECK_KW_QUORUM;
		uint32_t *dst = q ? &vs->quorum : &vs->hysteresis;
		unsigned long v;

		if (conf_parse_uint_or(p, l, 1, q ? 1 : 0, UINT32_MAX, &v, q ? "1" : "0") < 0)
			*dst = q ? 1 : 0;
		else
			*dst = (uint32_t)v;
		return 0;
	}
	if (k == CHECK_KW_QUORUM_UP)
		return check_conf_script(p, l, true, &vs->quorum_up);
	if (k == CHECK_KW_QUORUM_DOWN)
		return check_conf_script(p, l, true, &vs->quorum_down);
	if (k == CHECK_KW_SORRY_SERVER)
		return cc_addr_port(p, l, 1, &vs->sorry);
	return conf_parse_bad_arg(p, l);
}

static int cc_vs_bool(struct conf_parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct virtual_server_conf *vs = obj;
	bool *dst;

	(void)child;
	switch ((enum check_conf_kw)conf_parse_kw_arg(p)) {
	case CHECK_KW_HA_SUSPEND: dst = &vs->ha_suspend; break;
	case CHECK_KW_ALPHA: dst = &vs->alpha; break;
	case CHECK_KW_OMEGA: dst = &vs->omega; break;
	case CHECK_KW_SORRY_SERVER_INHIBIT: dst = &vs->sorry_inhibit; break;
	case CHECK_KW_INHIBIT_ON_FAILURE: dst = &vs->inhibit_on_failure; break;
	default: return conf_parse_bad_arg(p, l);
	}
	/* keepalived's ha_suspend pauses checks while the VIP is elsewhere;
	 * the checker child does not follow VRRP state, so say so */
	if (dst == &vs->ha_suspend)
		conf_parse_warn(p, l, "ha_suspend is not implemented by floatd: checks always run");
	/* keepalived's virtual_server alpha and omega take no argument and
	 * ignore one: any word still turns them on */
	if ((dst == &vs->alpha || dst == &vs->omega) && l->argc > 1) {
		conf_parse_warn(p, l, "'%s' takes no argument; '%s' ignored and %s is on, as "
		                "keepalived does", l->argv[0], l->argv[1], l->argv[0]);
		*dst = true;
		return 0;
	}
	return conf_parse_bool(p, l, 1, dst);
}

/* ---- real_server */

static int cc_rs_open(struct conf_parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct virtual_server_conf *vs = obj;
	struct real_server_conf *rs = calloc(1, sizeof(*rs)), **tail;

	if (!rs)
		return -1;
	if (cc_addr_port(p, l, 1, &rs->addr) < 0) {
		free(rs);
		return -1;
	}
	check_conf_origin(&rs->origin, l);
	rs->weight = CHECK_DEF_WEIGHT;
	rs->method = (enum check_lvs_method)-1;
	rs->inhibit_set = rs->alpha_set = -1;
	rs->delay_loop_ms = rs->connect_timeout_ms = rs->retry = CHECK_UNSET;
	rs->delay_before_retry_ms = rs->warmup_ms = CHECK_UNSET;
	for (tail = &vs->rs; *tail; tail = &(*tail)->next)
		;
	*tail = rs;
	vs->n_rs++;
	*child = rs;
	return 0;
}

static int cc_rs_misc(struct conf_parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct real_server_conf *rs = obj;
	enum check_conf_kw k = (enum check_conf_kw)conf_parse_kw_arg(p);
	bool b;

	(void)child;
	if (k == CHECK_KW_WEIGHT)
		/* IPVS weights are a signed 32-bit; keepalived caps at INT32_MAX */
		return check_conf_u32(p, l, 0, INT32_MAX, &rs->weight);
	if (k == CHECK_KW_UTHRESHOLD)
		return check_conf_u32(p, l, 0, UINT32_MAX, &rs->uthreshold);
	if (k == CHECK_KW_LTHRESHOLD)
		return check_conf_u32(p, l, 0, UINT32_MAX, &rs->lthreshold);
	if (k == CHECK_KW_LVS_METHOD || k == CHECK_KW_LB_KIND)
		return cc_method(p, l, &rs->method);
	if (k == CHECK_KW_NOTIFY_UP)
		return check_conf_script(p, l, true, &rs->notify_up);
	if (k == CHECK_KW_NOTIFY_DOWN)
		return check_conf_script(p, l, true, &rs->notify_down);
	if (k != CHECK_KW_ALPHA && k != CHECK_KW_INHIBIT_ON_FAILURE)
		return conf_parse_bad_arg(p, l);
	if (conf_parse_bool(p, l, 1, &b) < 0)
		return -1;
	if (k == CHECK_KW_ALPHA)
		rs->alpha_set = b;
	else
		rs->inhibit_set = b;
	return 0;
}

/* ---- virtual_server_group NAME { IP [PORT] | a.b.c.d-E [PORT] | fwmark N [inet|inet6] } */

int check_conf_group_open(struct conf_parse *p, const struct conf_line *l, void *obj,
                          void **child)
{
	struct floatd_conf *c = obj;
	struct vs_group_conf *g = calloc(1, sizeof(*g)), **tail;

	(void)p;
	if (!g || !(g->name = strdup(l->argv[1]))) {
		free(g);
		return -1;
	}
	check_conf_origin(&g->origin, l);
	for (tail = &c->vs_groups; *tail; tail = &(*tail)->next)
		;
	*tail = g;
	c->n_vs_groups++;
	*child = g;
	return 0;
}

int check_conf_group_item(struct conf_parse *p, const struct conf_line *l, void *child)
{
	struct vs_group_conf *g = child;
	struct vs_group_entry e, *ne;
	char buf[INET6_ADDRSTRLEN + 8], *dash;
	unsigned long v;

	memset(&e, 0, sizeof(e));
	check_conf_origin(&e.origin, l);
	if (strcmp(l->argv[0], "fwmark") == 0) {
		e.is_fwmark = true;
		e.family = AF_INET;
		if (l->argc < 2 || conf_parse_uint(p, l, 1, 1, UINT32_MAX, &v) < 0) {
			if (l->argc < 2)
				conf_parse_error(p, l, "'fwmark' needs a value");
			return -1;
		}
		e.fwmark = (uint32_t)v;
		if (l->argc > 2 && strcmp(l->argv[2], "inet6") == 0)
			e.family = AF_INET6;
		else if (l->argc > 2 && strcmp(l->argv[2], "inet") != 0) {
			conf_parse_error(p, l, "invalid family '%s' (expected inet|inet6)", l->argv[2]);
			return -1;
		}
	} else {
		snprintf(buf, sizeof(buf), "%s", l->argv[0]);
		dash = strchr(buf, '-');
		if (dash)
			*dash++ = '\0';
		if (strlen(l->argv[0]) >= sizeof(buf) || check_conf_addr(buf, &e.addr) < 0) {
			conf_parse_error(p, l, "invalid address '%s' in virtual_server_group",
			                 l->argv[0]);
			return -1;
		}
		if (dash) {
			char *end;
			int hex = e.addr.family == AF_INET6;
			unsigned long last = strtoul(dash, &end, hex ? 16 : 10);
			unsigned long first = hex ? ((unsigned long)e.addr.addr.v6.s6_addr[14] << 8 |
			                             e.addr.addr.v6.s6_addr[15])
			                          : (ntohl(e.addr.addr.v4.s_addr) & 0xff);

			if (!*dash || *end || last > (hex ? 0xffffUL : 255UL) || last < first) {
				conf_parse_error(p, l, "invalid range end '%s' in virtual_server_group",
				                 dash);
				return -1;
			}
			e.range_end = (uint32_t)last;
		}
		if (l->argc > 1) {
			if (conf_parse_uint(p, l, 1, 0, 65535, &v) < 0)
				return -1;
			e.addr.port = (uint16_t)v;
		}
		e.family = e.addr.family;
	}
	ne = realloc(g->entries, (g->n_entries + 1) * sizeof(*ne));
	if (!ne)
		return -1;
	g->entries = ne;
	g->entries[g->n_entries++] = e;
	return 0;
}

/* ---- tables */

/* smtp_alert [BOOL] in real_server and virtual_server (precedence:
 * src/conf_mail.c) */
static int rs_smtp_alert(struct conf_parse *p, const struct conf_line *l, void *obj,
                         void **child)
{
	(void)child;
	conf_parse_onoff(p, l, "real_server ", &((struct real_server_conf *)obj)->smtp_alert_cfg);
	return 0;
}

static int vs_smtp_alert(struct conf_parse *p, const struct conf_line *l, void *obj,
                         void **child)
{
	(void)child;
	conf_parse_onoff(p, l, "virtual_server ",
	                 &((struct virtual_server_conf *)obj)->smtp_alert_cfg);
	return 0;
}

static const struct conf_kw cc_rs_kws[] = {
	{ "weight", CONF_KW_SIMPLE, 1, 1, cc_rs_misc, NULL, NULL, CHECK_KW_WEIGHT },
	{ "lvs_method", CONF_KW_SIMPLE, 1, -1, cc_rs_misc, NULL, NULL, CHECK_KW_LVS_METHOD },
	{ "lb_kind", CONF_KW_SIMPLE, 1, -1, cc_rs_misc, NULL, NULL, CHECK_KW_LB_KIND },
	{ "notify_up", CONF_KW_SIMPLE, 1, -1, cc_rs_misc, NULL, NULL, CHECK_KW_NOTIFY_UP },
	{ "notify_down", CONF_KW_SIMPLE, 1, -1, cc_rs_misc, NULL, NULL, CHECK_KW_NOTIFY_DOWN },
	{ "uthreshold", CONF_KW_SIMPLE, 1, 1, cc_rs_misc, NULL, NULL, CHECK_KW_UTHRESHOLD },
	{ "lthreshold", CONF_KW_SIMPLE, 1, 1, cc_rs_misc, NULL, NULL, CHECK_KW_LTHRESHOLD },
	{ "alpha", CONF_KW_SIMPLE, 0, 1, cc_rs_misc, NULL, NULL, CHECK_KW_ALPHA },
	{ "inhibit_on_failure", CONF_KW_SIMPLE, 0, 1, cc_rs_misc, NULL, NULL, CHECK_KW_INHIBIT_ON_FAILURE },
	{ "smtp_alert", CONF_KW_SIMPLE, 0, 1, rs_smtp_alert, NULL, NULL, 0 },
	{ "connect_timeout", CONF_KW_SIMPLE, 1, 1, cc_rs_defs, NULL, NULL, CHECK_KW_CONNECT_TIMEOUT },
	{ "retry", CONF_KW_SIMPLE, 1, 1, cc_rs_defs, NULL, NULL, CHECK_KW_RETRY },
	{ "delay_before_retry", CONF_KW_SIMPLE, 1, 1, cc_rs_defs, NULL, NULL, CHECK_KW_DELAY_BEFORE_RETRY },
	{ "delay_loop", CONF_KW_SIMPLE, 1, 1, cc_rs_defs, NULL, NULL, CHECK_KW_DELAY_LOOP },
	{ "warmup", CONF_KW_SIMPLE, 1, 1, cc_rs_defs, NULL, NULL, CHECK_KW_WARMUP },
	{ "virtualhost", CONF_KW_SIMPLE, 1, 1, cc_rs_defs, NULL, NULL, CHECK_KW_VIRTUALHOST },
	{ "TCP_CHECK", CONF_KW_BLOCK, 0, 0, check_conf_ck_open, &check_conf_tcp_table, NULL, CHECK_KW_TCP_CHECK },
	{ "HTTP_GET", CONF_KW_BLOCK, 0, 0, check_conf_ck_open, &check_conf_http_table, NULL, CHECK_KW_HTTP_GET },
	{ "SSL_GET", CONF_KW_BLOCK, 0, 0, check_conf_ck_open, &check_conf_ssl_table, NULL, CHECK_KW_SSL_GET },
	{ "MISC_CHECK", CONF_KW_BLOCK, 0, 0, check_conf_ck_open, &check_conf_misc_table, NULL, CHECK_KW_MISC_CHECK },
	{ "UDP_CHECK", CONF_KW_BLOCK, 0, 0, check_conf_udp_ping_file_open, &check_conf_udp_table, NULL, 0 },
	{ "DNS_CHECK", CONF_KW_BLOCK, 0, 0, check_conf_ck_open, &check_conf_dns_table, NULL, CHECK_KW_DNS_CHECK },
	{ "SMTP_CHECK", CONF_KW_BLOCK, 0, 0, check_conf_ck_open, &check_conf_smtp_table, NULL, CHECK_KW_SMTP_CHECK },
	{ "PING_CHECK", CONF_KW_BLOCK, 0, 0, check_conf_udp_ping_file_open, &check_conf_ping_table, NULL, 0 },
	{ "FILE_CHECK", CONF_KW_BLOCK, 0, 0, check_conf_udp_ping_file_open, &check_conf_file_table, NULL, 0 },
	{ "BFD_CHECK", CONF_KW_BLOCK, 0, -1, check_conf_ck_unimpl, &check_conf_tcp_table, NULL, 0 },
	{ NULL, CONF_KW_SIMPLE, 0, 0, NULL, NULL, NULL, 0 },
};
static const struct conf_table cc_rs_table = { "real_server", cc_rs_kws, NULL };

static const struct conf_kw cc_vs_kws[] = {
	{ "lb_algo", CONF_KW_SIMPLE, 1, 1, cc_vs_sched, NULL, NULL, 0 },
	{ "lvs_sched", CONF_KW_SIMPLE, 1, 1, cc_vs_sched, NULL, NULL, 0 },
	{ "lb_kind", CONF_KW_SIMPLE, 1, -1, cc_vs_method, NULL, NULL, CHECK_KW_LB_KIND },
	{ "lvs_method", CONF_KW_SIMPLE, 1, -1, cc_vs_method, NULL, NULL, CHECK_KW_LVS_METHOD },
	{ "sorry_server_lvs_method", CONF_KW_SIMPLE, 1, -1, cc_vs_method, NULL, NULL, CHECK_KW_SORRY_SERVER_LVS_METHOD },
	{ "flag-1", CONF_KW_SIMPLE, 0, 0, cc_vs_flag, NULL, NULL, CHECK_KW_FLAG_1 },
	{ "flag-2", CONF_KW_SIMPLE, 0, 0, cc_vs_flag, NULL, NULL, CHECK_KW_FLAG_2 },
	{ "flag-3", CONF_KW_SIMPLE, 0, 0, cc_vs_flag, NULL, NULL, CHECK_KW_FLAG_3 },
	{ "sh-port", CONF_KW_SIMPLE, 0, 0, cc_vs_flag, NULL, NULL, CHECK_KW_SH_PORT },
	{ "sh-fallback", CONF_KW_SIMPLE, 0, 0, cc_vs_flag, NULL, NULL, CHECK_KW_SH_FALLBACK },
	{ "mh-port", CONF_KW_SIMPLE, 0, 0, cc_vs_flag, NULL, NULL, CHECK_KW_MH_PORT },
	{ "mh-fallback", CONF_KW_SIMPLE, 0, 0, cc_vs_flag, NULL, NULL, CHECK_KW_MH_FALLBACK },
	{ "ops", CONF_KW_SIMPLE, 0, 0, cc_vs_flag, NULL, NULL, CHECK_KW_OPS },
	{ "persistence_timeout", CONF_KW_SIMPLE, 0, 1, cc_vs_persist, NULL, NULL, 0 },
	{ "persistence_granularity", CONF_KW_SIMPLE, 1, 1, cc_vs_granularity, NULL, NULL, 0 },
	{ "persistence_engine", CONF_KW_SIMPLE, 1, 1, cc_vs_misc, NULL, NULL, CHECK_KW_PERSISTENCE_ENGINE },
	{ "protocol", CONF_KW_SIMPLE, 1, 1, cc_vs_misc, NULL, NULL, CHECK_KW_PROTOCOL },
	{ "ip_family", CONF_KW_SIMPLE, 1, 1, cc_vs_misc, NULL, NULL, CHECK_KW_IP_FAMILY },
	{ "quorum", CONF_KW_SIMPLE, 1, 1, cc_vs_misc, NULL, NULL, CHECK_KW_QUORUM },
	{ "hysteresis", CONF_KW_SIMPLE, 1, 1, cc_vs_misc, NULL, NULL, CHECK_KW_HYSTERESIS },
	{ "quorum_up", CONF_KW_SIMPLE, 1, -1, cc_vs_misc, NULL, NULL, CHECK_KW_QUORUM_UP },
	{ "quorum_down", CONF_KW_SIMPLE, 1, -1, cc_vs_misc, NULL, NULL, CHECK_KW_QUORUM_DOWN },
	{ "sorry_server", CONF_KW_SIMPLE, 1, 2, cc_vs_misc, NULL, NULL, CHECK_KW_SORRY_SERVER },
	{ "sorry_server_inhibit", CONF_KW_SIMPLE, 0, 1, cc_vs_bool, NULL, NULL, CHECK_KW_SORRY_SERVER_INHIBIT },
	{ "ha_suspend", CONF_KW_SIMPLE, 0, 1, cc_vs_bool, NULL, NULL, CHECK_KW_HA_SUSPEND },
	{ "alpha", CONF_KW_SIMPLE, 0, 1, cc_vs_bool, NULL, NULL, CHECK_KW_ALPHA },
	{ "omega", CONF_KW_SIMPLE, 0, 1, cc_vs_bool, NULL, NULL, CHECK_KW_OMEGA },
	{ "inhibit_on_failure", CONF_KW_SIMPLE, 0, 1, cc_vs_bool, NULL, NULL, CHECK_KW_INHIBIT_ON_FAILURE },
	{ "smtp_alert", CONF_KW_SIMPLE, 0, 1, vs_smtp_alert, NULL, NULL, 0 },
	{ "connect_timeout", CONF_KW_SIMPLE, 1, 1, cc_vs_defs, NULL, NULL, CHECK_KW_CONNECT_TIMEOUT },
	{ "retry", CONF_KW_SIMPLE, 1, 1, cc_vs_defs, NULL, NULL, CHECK_KW_RETRY },
	{ "delay_before_retry", CONF_KW_SIMPLE, 1, 1, cc_vs_defs, NULL, NULL, CHECK_KW_DELAY_BEFORE_RETRY },
	{ "delay_loop", CONF_KW_SIMPLE, 1, 1, cc_vs_defs, NULL, NULL, CHECK_KW_DELAY_LOOP },
	{ "warmup", CONF_KW_SIMPLE, 1, 1, cc_vs_defs, NULL, NULL, CHECK_KW_WARMUP },
	{ "virtualhost", CONF_KW_SIMPLE, 1, 1, cc_vs_defs, NULL, NULL, CHECK_KW_VIRTUALHOST },
	{ "real_server", CONF_KW_BLOCK, 1, 2, cc_rs_open, &cc_rs_table, NULL, 0 },
	{ NULL, CONF_KW_SIMPLE, 0, 0, NULL, NULL, NULL, 0 },
};
const struct conf_table check_conf_vs_table = { "virtual_server", cc_vs_kws, NULL };
