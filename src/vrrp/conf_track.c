/* Tracking configuration: vrrp_script, vrrp_track_file, vrrp_sync_group and
 * the tracking keywords of vrrp_instance (track_script, track_interface,
 * track_file, the floatd track_reference, vip_lifetime, lower-priority GARP
 * and advert options).  Parses, validates, dumps and frees; runs nothing.
 * keepalived's meanings and ranges (its keepalived.conf(5)). */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "argv.h"
#include "vrrp/conf.h"
#include "vrrp/conf_track.h"

#define TRACK_SECS_MAX 86400ULL
#define TRACK_COUNT_MAX 65535UL
#define TRACK_LIFETIME_MAX 86400UL

/* ---- small helpers */

static int track_set_str(char **dst, const char *src)
{
	char *s = strdup(src);

	if (!s)
		return -1;
	free(*dst);
	*dst = s;
	return 0;
}

/* A signed integer in [min, max]; `what` names it in the message. */
static int track_int(struct conf_parse *p, const struct conf_line *l, const char *what,
                     const char *s, long min, long max, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (!*s || *end || errno || v < min || v > max) {
		conf_parse_error(p, l, "invalid %s '%s' (expected %ld..%ld)", what, s, min, max);
		return -1;
	}
	*out = (int)v;
	return 0;
}

static int track_ms(struct conf_parse *p, const struct conf_line *l, int idx, uint64_t min_us,
                    uint32_t *out)
{
	uint64_t us;

	if (conf_parse_timer_us(p, l, idx, min_us, TRACK_SECS_MAX * 1000000, &us) < 0)
		return -1;
	*out = (uint32_t)((us + 500) / 1000);
	if (!*out)
		*out = 1;
	return 0;
}

static int track_count(struct conf_parse *p, const struct conf_line *l, int idx,
                       unsigned long min, uint32_t *out)
{
	unsigned long v;

	if (conf_parse_uint(p, l, idx, min, TRACK_COUNT_MAX, &v) < 0)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

/* ---- track_* list items: NAME [weight N] [reverse|noreverse] */

enum track_kind { TRACK_SCRIPT, TRACK_IFACE, TRACK_FILE };

static const char *const track_block[] = { "track_script", "track_interface", "track_file" };
/* keepalived's item ranges: files may go to 254 (their value can be 0) */
static const int track_wmax[] = { 253, 253, 254 };

static int track_ref_add(struct conf_parse *p, const struct conf_line *l, enum track_kind k,
                         struct track_ref_conf **arr, unsigned *n)
{
	struct track_ref_conf r = { 0 }, *na;

	if (k == TRACK_IFACE && strlen(l->argv[0]) >= IF_NAMESIZE) {
		conf_parse_error(p, l, "invalid interface name '%s' in track_interface",
		                 l->argv[0]);
		return -1;
	}
	for (int i = 1; i < l->argc; i++) {
		const char *o = l->argv[i];

		if (strcmp(o, "weight") == 0) {
			if (i + 1 >= l->argc) {
				conf_parse_error(p, l, "%s '%s': 'weight' needs a value", track_block[k],
				                 l->argv[0]);
				return -1;
			}
			if (track_int(p, l, "weight", l->argv[++i], -track_wmax[k], track_wmax[k],
			              &r.weight) < 0)
				return -1;
			r.weight_set = true;
		} else if (strcmp(o, "reverse") == 0 || strcmp(o, "noreverse") == 0) {
			r.reverse = o[0] == 'r';
			r.reverse_set = true;
		} else {
			conf_parse_error(p, l, "unknown %s option '%s' (expected weight N, reverse "
			                 "or noreverse)", track_block[k], o);
			return -1;
		}
	}
	for (unsigned i = 0; i < *n; i++)
		if (strcmp((*arr)[i].name, l->argv[0]) == 0) {
			conf_parse_warn(p, l, "%s '%s' listed twice (first at line %d), ignored",
			                track_block[k], l->argv[0], (*arr)[i].origin.line);
			return 0;
		}
	na = realloc(*arr, (*n + 1) * sizeof(*na));
	if (!na)
		return -1;
	*arr = na;
	if (!(r.name = strdup(l->argv[0])))
		return -1;
	r.origin.file = l->file;
	r.origin.line = l->line;
	na[(*n)++] = r;
	return 0;
}

static void track_refs_free(struct track_ref_conf *arr, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		free(arr[i].name);
	free(arr);
}

int vrrp_conf_track_self_open(struct conf_parse *p, const struct conf_line *l, void *obj,
                              void **child)
{
	(void)p;
	(void)l;
	*child = obj;
	return 0;
}

int vrrp_conf_track_inst_script_item(struct conf_parse *p, const struct conf_line *l, void *c)
{
	struct vrrp_instance_conf *vi = c;

	return track_ref_add(p, l, TRACK_SCRIPT, &vi->track_scripts, &vi->n_track_scripts);
}

int vrrp_conf_track_inst_iface_item(struct conf_parse *p, const struct conf_line *l, void *c)
{
	struct vrrp_instance_conf *vi = c;

	return track_ref_add(p, l, TRACK_IFACE, &vi->track_interfaces, &vi->n_track_interfaces);
}

int vrrp_conf_track_inst_file_item(struct conf_parse *p, const struct conf_line *l, void *c)
{
	struct vrrp_instance_conf *vi = c;

	return track_ref_add(p, l, TRACK_FILE, &vi->track_files, &vi->n_track_files);
}

/* ---- track_reference { ADDRESS | interval T | timeout T | fall N | rise N } */

int vrrp_conf_track_reference_open(struct conf_parse *p, const struct conf_line *l, void *obj,
                                   void **child)
{
	struct vrrp_instance_conf *vi = obj;

	if (vi->track_reference.origin.line) {
		conf_parse_error(p, l, "track_reference given twice (first at line %d)",
		                 vi->track_reference.origin.line);
		return -1;
	}
	vi->track_reference.origin.file = l->file;
	vi->track_reference.origin.line = l->line;
	*child = &vi->track_reference;
	return 0;
}

int vrrp_conf_track_reference_item(struct conf_parse *p, const struct conf_line *l, void *c)
{
	struct track_reference_conf *tr = c;
	struct track_reference_addr a = { 0 }, *na;
	const char *kw = l->argv[0];

	if (strcmp(kw, "interval") == 0 || strcmp(kw, "timeout") == 0 ||
	    strcmp(kw, "fall") == 0 || strcmp(kw, "rise") == 0) {
		if (l->argc != 2) {
			conf_parse_error(p, l, "track_reference '%s' needs one value", kw);
			return -1;
		}
		if (kw[0] == 'i')
			return track_ms(p, l, 1, 10000, &tr->interval_ms);
		if (kw[0] == 't')
			return track_ms(p, l, 1, 10000, &tr->timeout_ms);
		return track_count(p, l, 1, 1, kw[0] == 'f' ? &tr->fall : &tr->rise);
	}
	if (l->argc != 1) {
		conf_parse_error(p, l, "track_reference: one address per line ('%s %s')", kw,
		                 l->argv[1]);
		return -1;
	}
	if (inet_pton(AF_INET, kw, &a.addr.v4) == 1)
		a.family = AF_INET;
	else if (inet_pton(AF_INET6, kw, &a.addr.v6) == 1)
		a.family = AF_INET6;
	else {
		conf_parse_error(p, l, "invalid address '%s' in track_reference (expected an "
		                 "IPv4/IPv6 address or interval, timeout, fall, rise)", kw);
		return -1;
	}
	for (unsigned i = 0; i < tr->n_addrs; i++)
		if (tr->addrs[i].family == a.family &&
		    memcmp(&tr->addrs[i].addr, &a.addr, sizeof(a.addr)) == 0) {
			conf_parse_warn(p, l, "track_reference address %s listed twice, ignored", kw);
			return 0;
		}
	na = realloc(tr->addrs, (tr->n_addrs + 1) * sizeof(*na));
	if (!na)
		return -1;
	a.origin.file = l->file;
	a.origin.line = l->line;
	na[tr->n_addrs++] = a;
	tr->addrs = na;
	return 0;
}

/* ---- simple per-instance and global keywords */

int vrrp_conf_track_inst_simple(struct conf_parse *p, const struct conf_line *l, void *obj,
                                void **child)
{
	struct vrrp_instance_conf *vi = obj;
	const char *kw = l->argv[0];
	unsigned long v;

	(void)child;
	if (strcmp(kw, "higher_prio_send_advert") == 0) {
		bool b;

		if (conf_parse_bool(p, l, 1, &b) < 0)
			return -1;
		vi->higher_prio_send_advert_cfg = b;
		return 0;
	}
	if (conf_parse_uint(p, l, 1, 0, strcmp(kw, "garp_lower_prio_repeat") == 0 ?
	                    TRACK_COUNT_MAX : TRACK_LIFETIME_MAX, &v) < 0)
		return -1;
	if (strcmp(kw, "vip_lifetime") == 0)
		vi->vip_lifetime_s = (uint32_t)v;
	else if (strcmp(kw, "garp_lower_prio_repeat") == 0)
		vi->garp_lower_prio_repeat = (uint32_t)v;
	else
		vi->garp_lower_prio_delay_s = (uint32_t)v;
	return 0;
}

int vrrp_conf_track_global_simple(struct conf_parse *p, const struct conf_line *l, void *obj,
                                  void **child)
{
	struct floatd_conf *c = obj;
	const char *kw = l->argv[0];
	unsigned long v;

	(void)child;
	if (strcmp(kw, "vrrp_higher_prio_send_advert") == 0)
		return conf_parse_bool(p, l, 1, &c->higher_prio_send_advert);
	if (conf_parse_uint(p, l, 1, 0, strcmp(kw, "vrrp_garp_lower_prio_repeat") == 0 ?
	                    TRACK_COUNT_MAX : TRACK_LIFETIME_MAX, &v) < 0)
		return -1;
	if (strcmp(kw, "vip_lifetime") == 0)
		c->vip_lifetime_s = (uint32_t)v;
	else if (strcmp(kw, "vrrp_garp_lower_prio_repeat") == 0)
		c->garp_lower_prio_repeat = (uint32_t)v;
	else
		c->garp_lower_prio_delay_s = (uint32_t)v;
	return 0;
}

void vrrp_conf_track_conf_defaults(struct floatd_conf *c)
{
	c->garp_lower_prio_repeat = UINT32_MAX;
	c->garp_lower_prio_delay_s = UINT32_MAX;
	/* floatd default, unlike keepalived's: a MASTER that yields to a higher
	 * priority sends one advert first, so after a split brain heals the
	 * winner always hears it and re-announces (GARP/NA); otherwise clients
	 * that followed the loser stay there whenever the winner's advert
	 * happens to cross first. */
	c->higher_prio_send_advert = true;
}

void vrrp_conf_track_instance_defaults(struct vrrp_instance_conf *vi)
{
	vi->vip_lifetime_s = UINT32_MAX;
	vi->higher_prio_send_advert_cfg = -1;
	vi->garp_lower_prio_repeat = UINT32_MAX;
	vi->garp_lower_prio_delay_s = UINT32_MAX;
	vi->track_reference.interval_ms = 1000;
	vi->track_reference.timeout_ms = 1000;
	vi->track_reference.fall = 3;
	vi->track_reference.rise = 1;
}

/* ---- vrrp_script NAME { ... } */

int vrrp_conf_track_script_open(struct conf_parse *p, const struct conf_line *l, void *obj,
                                void **child)
{
	struct floatd_conf *c = obj;
	struct vrrp_script_conf *s = calloc(1, sizeof(*s)), **tail;

	(void)p;
	if (!s || !(s->name = strdup(l->argv[1]))) {
		free(s);
		return -1;
	}
	s->origin.file = l->file;
	s->origin.line = l->line;
	s->interval_ms = 1000;
	s->rise = 1;
	s->fall = 1;
	for (tail = &c->vrrp_scripts; *tail; tail = &(*tail)->next)
		;
	*tail = s;
	c->n_vrrp_scripts++;
	*child = s;
	return 0;
}

/* `script CMD ARGS` or `script "CMD ARGS"`: the command is split again
 * shell-like (GRAMMAR §5); a bare program name is looked up in PATH when
 * it is run, as keepalived does.  A relative path with a '/' (old samples:
 * "</dev/tcp/127.0.0.1/80", once run through a shell) cannot be found:
 * keepalived disables such a vrrp_script with a message and carries on, so
 * we warn and disable it too. */
static int track_script_cmd(struct conf_parse *p, const struct conf_line *l, void *obj,
                            void **child)
{
	struct vrrp_script_conf *s = obj;
	const char *raw = l->raw, *why = NULL;
	char *cmd, **argv = NULL;

	(void)child;
	if (raw[0] == '"') {
		const char *q = raw + 1;

		while (*q && *q != '"')
			q += (q[0] == '\\' && q[1]) ? 2 : 1;
		cmd = strndup(raw + 1, (size_t)(q - raw - 1));
		if (*q && q[1 + strspn(q + 1, " \t")])
			conf_parse_warn(p, l, "extra words after 'script' ignored: '%s'",
			                q + 1 + strspn(q + 1, " \t"));
	} else {
		cmd = strdup(raw);
	}
	if (!cmd)
		return -1;
	if (argv_split(cmd, &argv, &why) < 0)
		conf_parse_error(p, l, "invalid script: %s", why);
	else if (!argv[0]) {
		/* keepalived: no script set - removed */
		conf_parse_warn(p, l, "vrrp_script %s: empty script; vrrp_script disabled", s->name);
		argv_free(s->script.argv);
		s->script.argv = NULL;
		s->disabled = true;
		argv_free(argv);
		free(cmd);
		return 0;
	} else {
		s->disabled = argv[0][0] != '/' && strchr(argv[0], '/') != NULL;
		if (s->disabled)
			conf_parse_warn(p, l, "vrrp_script %s: script '%s' cannot be found (not an "
			                "absolute path); vrrp_script disabled", s->name, argv[0]);
		argv_free(s->script.argv);
		s->script.argv = argv;
		s->script.origin.file = l->file;
		s->script.origin.line = l->line;
		free(cmd);
		return 0;
	}
	argv_free(argv);
	free(cmd);
	return -1;
}

static int track_script_kw(struct conf_parse *p, const struct conf_line *l, void *obj,
                           void **child)
{
	struct vrrp_script_conf *s = obj;
	const char *kw = l->argv[0];

	(void)child;
	if (strcmp(kw, "interval") == 0)
		return track_ms(p, l, 1, 1000, &s->interval_ms);
	if (strcmp(kw, "timeout") == 0)
		return track_ms(p, l, 1, 1000, &s->timeout_ms);
	if (strcmp(kw, "rise") == 0)
		return track_count(p, l, 1, 1, &s->rise);
	if (strcmp(kw, "fall") == 0)
		return track_count(p, l, 1, 1, &s->fall);
	if (strcmp(kw, "init_fail") == 0) {
		s->init_fail = true;
		return 0;
	}
	if (strcmp(kw, "user") == 0) {
		if (track_set_str(&s->script.user, l->argv[1]) < 0)
			return -1;
		free(s->script.group);
		s->script.group = NULL;
		return l->argc > 2 ? track_set_str(&s->script.group, l->argv[2]) : 0;
	}
	/* weight N [reverse] */
	if (track_int(p, l, "weight", l->argv[1], -253, 253, &s->weight) < 0)
		return -1;
	s->reverse = false;
	if (l->argc > 2) {
		if (strcmp(l->argv[2], "reverse") == 0)
			s->reverse = true;
		else if (strcmp(l->argv[2], "noreverse") != 0) {
			conf_parse_error(p, l, "invalid weight option '%s' (expected reverse)",
			                 l->argv[2]);
			return -1;
		}
	}
	return 0;
}

static const struct conf_kw track_script_kws[] = {
	{ "script", CONF_KW_SIMPLE, 1, -1, track_script_cmd, NULL, NULL },
	{ "interval", CONF_KW_SIMPLE, 1, 1, track_script_kw, NULL, NULL },
	{ "timeout", CONF_KW_SIMPLE, 1, 1, track_script_kw, NULL, NULL },
	{ "weight", CONF_KW_SIMPLE, 1, 2, track_script_kw, NULL, NULL },
	{ "rise", CONF_KW_SIMPLE, 1, 1, track_script_kw, NULL, NULL },
	{ "fall", CONF_KW_SIMPLE, 1, 1, track_script_kw, NULL, NULL },
	{ "user", CONF_KW_SIMPLE, 1, 2, track_script_kw, NULL, NULL },
	{ "init_fail", CONF_KW_SIMPLE, 0, 0, track_script_kw, NULL, NULL },
	{ NULL, CONF_KW_SIMPLE, 0, 0, NULL, NULL, NULL },
};

const struct conf_table vrrp_conf_track_script_table = { "vrrp_script", track_script_kws };

/* ---- vrrp_track_file NAME { file PATH; weight N [reverse]; init_file [V] [overwrite] } */

int vrrp_conf_track_file_open(struct conf_parse *p, const struct conf_line *l, void *obj,
                              void **child)
{
	struct floatd_conf *c = obj;
	struct vrrp_track_file_conf *f = calloc(1, sizeof(*f)), **tail;

	(void)p;
	if (!f || !(f->name = strdup(l->argv[1]))) {
		free(f);
		return -1;
	}
	f->origin.file = l->file;
	f->origin.line = l->line;
	f->weight = 1;
	for (tail = &c->track_files; *tail; tail = &(*tail)->next)
		;
	*tail = f;
	c->n_track_files++;
	*child = f;
	return 0;
}

static int track_file_kw(struct conf_parse *p, const struct conf_line *l, void *obj,
                         void **child)
{
	struct vrrp_track_file_conf *f = obj;
	const char *kw = l->argv[0];

	(void)child;
	if (strcmp(kw, "file") == 0) {
		if (l->argv[1][0] != '/') {
			conf_parse_error(p, l, "invalid file '%s' (must be an absolute path)",
			                 l->argv[1]);
			return -1;
		}
		return track_set_str(&f->path, l->argv[1]);
	}
	if (strcmp(kw, "weight") == 0) {
		if (track_int(p, l, "weight", l->argv[1], -INT_MAX, INT_MAX, &f->weight) < 0)
			return -1;
		f->reverse = false;
		if (l->argc > 2) {
			if (strcmp(l->argv[2], "reverse") == 0)
				f->reverse = true;
			else if (strcmp(l->argv[2], "noreverse") != 0) {
				conf_parse_error(p, l, "invalid weight option '%s' (expected reverse)",
				                 l->argv[2]);
				return -1;
			}
		}
		return 0;
	}
	/* init_file [VALUE] [overwrite] */
	f->init_file = true;
	f->init_value = 0;
	f->init_overwrite = false;
	for (int i = 1; i < l->argc; i++) {
		char *end;

		if (strcmp(l->argv[i], "overwrite") == 0) {
			f->init_overwrite = true;
			continue;
		}
		errno = 0;
		f->init_value = strtol(l->argv[i], &end, 10);
		if (i != 1 || !l->argv[i][0] || *end || errno || f->init_value < -INT_MAX ||
		    f->init_value > INT_MAX) {
			conf_parse_error(p, l, "invalid init_file '%s' (expected [VALUE] [overwrite])",
			                 l->argv[i]);
			return -1;
		}
	}
	return 0;
}

static const struct conf_kw track_file_kws[] = {
	{ "file", CONF_KW_SIMPLE, 1, 1, track_file_kw, NULL, NULL },
	{ "weight", CONF_KW_SIMPLE, 1, 2, track_file_kw, NULL, NULL },
	{ "init_file", CONF_KW_SIMPLE, 0, 2, track_file_kw, NULL, NULL },
	{ NULL, CONF_KW_SIMPLE, 0, 0, NULL, NULL, NULL },
};

const struct conf_table vrrp_conf_track_file_table = { "vrrp_track_file", track_file_kws };

/* ---- vrrp_sync_group NAME { group { ... } notify_* track_* } */

int vrrp_conf_track_group_open(struct conf_parse *p, const struct conf_line *l, void *obj,
                               void **child)
{
	struct floatd_conf *c = obj;
	struct vrrp_sync_group_conf *g = calloc(1, sizeof(*g)), **tail;

	(void)p;
	if (!g || !(g->name = strdup(l->argv[1]))) {
		free(g);
		return -1;
	}
	g->origin.file = l->file;
	g->origin.line = l->line;
	for (tail = &c->sync_groups; *tail; tail = &(*tail)->next)
		;
	*tail = g;
	c->n_sync_groups++;
	*child = g;
	return 0;
}

static int track_group_member(struct conf_parse *p, const struct conf_line *l, void *child)
{
	struct vrrp_sync_group_conf *g = child;

	for (int i = 0; i < l->argc; i++) {
		char **nm;
		struct conf_origin *no;
		bool dup = false;

		for (unsigned k = 0; k < g->n_members; k++)
			if (strcmp(g->members[k], l->argv[i]) == 0)
				dup = true;
		if (dup) {
			conf_parse_warn(p, l, "vrrp_sync_group %s: '%s' listed twice, ignored",
			                g->name, l->argv[i]);
			continue;
		}
		nm = realloc(g->members, (g->n_members + 1) * sizeof(*nm));
		if (!nm)
			return -1;
		g->members = nm;
		no = realloc(g->member_origins, (g->n_members + 1) * sizeof(*no));
		if (!no)
			return -1;
		g->member_origins = no;
		if (!(nm[g->n_members] = strdup(l->argv[i])))
			return -1;
		no[g->n_members].file = l->file;
		no[g->n_members].line = l->line;
		g->n_members++;
	}
	return 0;
}

static int track_group_notify(struct conf_parse *p, const struct conf_line *l, void *obj,
                              void **child)
{
	struct vrrp_sync_group_conf *g = obj;
	const char *kw = l->argv[0];
	struct script_conf *s = strcmp(kw, "notify_master") == 0 ? &g->notify_master
	                      : strcmp(kw, "notify_backup") == 0 ? &g->notify_backup
	                      : strcmp(kw, "notify_fault") == 0 ? &g->notify_fault
	                      : strcmp(kw, "notify_stop") == 0 ? &g->notify_stop : &g->notify;

	(void)child;
	return vrrp_conf_script_line(p, l, s);
}

static int track_group_script_item(struct conf_parse *p, const struct conf_line *l, void *c)
{
	struct vrrp_sync_group_conf *g = c;

	return track_ref_add(p, l, TRACK_SCRIPT, &g->track_scripts, &g->n_track_scripts);
}

static int track_group_iface_item(struct conf_parse *p, const struct conf_line *l, void *c)
{
	struct vrrp_sync_group_conf *g = c;

	return track_ref_add(p, l, TRACK_IFACE, &g->track_interfaces, &g->n_track_interfaces);
}

static int track_group_file_item(struct conf_parse *p, const struct conf_line *l, void *c)
{
	struct vrrp_sync_group_conf *g = c;

	return track_ref_add(p, l, TRACK_FILE, &g->track_files, &g->n_track_files);
}

/* `vrrp_sync_group G { VI_2 VI_3 }`: keepalived's own sample
 * (keepalived.conf.vrrp.lvs_syncd) lists the members without `group { }`.
 * The walker calls this only for a word that is no keyword here nor a
 * keepalived one, so a misspelt keyword still fails as unknown instance. */
static int track_group_bare(struct conf_parse *p, const struct conf_line *l, void *obj,
                            void **child)
{
	struct vrrp_sync_group_conf *g = obj;

	(void)child;
	conf_parse_warn(p, l, "vrrp_sync_group %s: instance names belong in a group { } block; "
	                "'%s' accepted", g->name, l->argv[0]);
	return track_group_member(p, l, g);
}

static const struct conf_kw track_group_kws[] = {
	{ "group", CONF_KW_VALUES, 0, 0, vrrp_conf_track_self_open, NULL, track_group_member },
	{ "notify_master", CONF_KW_SIMPLE, 1, -1, track_group_notify, NULL, NULL },
	{ "notify_backup", CONF_KW_SIMPLE, 1, -1, track_group_notify, NULL, NULL },
	{ "notify_fault", CONF_KW_SIMPLE, 1, -1, track_group_notify, NULL, NULL },
	{ "notify_stop", CONF_KW_SIMPLE, 1, -1, track_group_notify, NULL, NULL },
	{ "notify", CONF_KW_SIMPLE, 1, -1, track_group_notify, NULL, NULL },
	{ "track_script", CONF_KW_VALUES, 0, 0, vrrp_conf_track_self_open, NULL,
	  track_group_script_item },
	{ "track_interface", CONF_KW_VALUES, 0, 0, vrrp_conf_track_self_open, NULL,
	  track_group_iface_item },
	{ "track_file", CONF_KW_VALUES, 0, 0, vrrp_conf_track_self_open, NULL,
	  track_group_file_item },
	{ "(instance name)", CONF_KW_OTHER, 0, -1, track_group_bare, NULL, NULL },
	{ NULL, CONF_KW_SIMPLE, 0, 0, NULL, NULL, NULL },
};

const struct conf_table vrrp_conf_track_group_table = { "vrrp_sync_group", track_group_kws };

/* ---- validation */

static struct vrrp_script_conf *track_find_script(const struct floatd_conf *c, const char *n)
{
	for (struct vrrp_script_conf *s = c->vrrp_scripts; s; s = s->next)
		if (strcmp(s->name, n) == 0)
			return s;
	return NULL;
}

static struct vrrp_track_file_conf *track_find_file(const struct floatd_conf *c,
                                                     const char *n)
{
	for (struct vrrp_track_file_conf *f = c->track_files; f; f = f->next)
		if (strcmp(f->name, n) == 0)
			return f;
	return NULL;
}

/* Resolve names and fill effective weight/reverse; drops unresolved items
 * (after reporting them) so the runtime never sees a dangling name. */
static void track_resolve(struct conf_parse *p, const struct floatd_conf *c, const char *owner,
                          enum track_kind k, struct track_ref_conf *arr, unsigned *n)
{
	unsigned out = 0;

	for (unsigned i = 0; i < *n; i++) {
		struct track_ref_conf *r = &arr[i];
		int w = 0;
		bool rev = false, ok = true;

		if (k == TRACK_SCRIPT) {
			if (!(r->script = track_find_script(c, r->name)))
				ok = false;
			else if (r->script->disabled) {
				/* keepalived drops references to a script it removed */
				conf_parse_report_at(p, 0, r->origin.file, r->origin.line,
				                     "%s: track_script '%s' ignored (vrrp_script %s is "
				                     "disabled)", owner, r->name, r->name);
				free(r->name);
				continue;
			} else {
				w = r->script->weight;
				rev = r->script->reverse;
			}
		} else if (k == TRACK_FILE) {
			if (!(r->file = track_find_file(c, r->name)))
				ok = false;
			else {
				/* keepalived clamps the file's weight to the item range */
				w = r->file->weight > 254 ? 254 : r->file->weight < -254 ? -254
				                                                         : r->file->weight;
				rev = r->file->reverse;
			}
		}
		if (!ok) {
			conf_parse_report_at(p, 1, r->origin.file, r->origin.line,
			                     "%s: %s '%s' is not a defined %s", owner, track_block[k],
			                     r->name, k == TRACK_SCRIPT ? "vrrp_script"
			                                                : "vrrp_track_file");
			free(r->name);
			continue;
		}
		if (!r->weight_set)
			r->weight = w;
		if (!r->reverse_set)
			r->reverse = r->weight_set ? false : rev;
		arr[out++] = *r;
	}
	*n = out;
}

static void track_check_script(struct conf_parse *p, struct vrrp_script_conf *s)
{
	const char *f = s->origin.file;
	int ln = s->origin.line;

	/* keepalived: "No script set for vrrp_script X - removing" */
	if (!s->script.argv && !s->disabled) {
		conf_parse_report_at(p, 0, f, ln, "vrrp_script %s: missing 'script'; vrrp_script "
		                     "disabled", s->name);
		s->disabled = true;
	}
	if (!s->timeout_ms)
		s->timeout_ms = s->interval_ms;
}

static void track_check_file(struct conf_parse *p, struct vrrp_track_file_conf *tf)
{
	if (!tf->path)
		conf_parse_report_at(p, 1, tf->origin.file, tf->origin.line,
		                     "vrrp_track_file %s: missing 'file'", tf->name);
}

static int track_copy_refs(const struct track_ref_conf *src, unsigned n_src,
                           struct track_ref_conf **arr, unsigned *n)
{
	for (unsigned i = 0; i < n_src; i++) {
		struct track_ref_conf *na;
		bool have = false;

		/* the member's own line for the same object wins */
		for (unsigned k = 0; k < *n; k++)
			if (strcmp((*arr)[k].name, src[i].name) == 0)
				have = true;
		if (have)
			continue;
		na = realloc(*arr, (*n + 1) * sizeof(*na));
		if (!na)
			return -1;
		*arr = na;
		na[*n] = src[i];
		na[*n].from_group = true;
		if (!(na[*n].name = strdup(src[i].name)))
			return -1;
		(*n)++;
	}
	return 0;
}

static void track_check_group(struct conf_parse *p, struct floatd_conf *c,
                              struct vrrp_sync_group_conf *g)
{
	char owner[160];

	snprintf(owner, sizeof(owner), "vrrp_sync_group %s", g->name);
	for (struct vrrp_sync_group_conf *o = c->sync_groups; o != g; o = o->next)
		if (strcmp(o->name, g->name) == 0)
			conf_parse_report_at(p, 1, g->origin.file, g->origin.line,
			                     "duplicate vrrp_sync_group '%s' (first at %s:%d)", g->name,
			                     o->origin.file, o->origin.line);
	track_resolve(p, c, owner, TRACK_SCRIPT, g->track_scripts, &g->n_track_scripts);
	track_resolve(p, c, owner, TRACK_IFACE, g->track_interfaces, &g->n_track_interfaces);
	track_resolve(p, c, owner, TRACK_FILE, g->track_files, &g->n_track_files);
	free(g->instances);
	g->instances = calloc(g->n_members ? g->n_members : 1, sizeof(*g->instances));
	if (!g->instances)
		return;
	if (!g->n_members)
		conf_parse_report_at(p, 1, g->origin.file, g->origin.line,
		                     "vrrp_sync_group %s: no instances in 'group'", g->name);
	else if (g->n_members == 1)
		conf_parse_report_at(p, 0, g->origin.file, g->origin.line,
		                     "vrrp_sync_group %s has only one instance", g->name);
	for (unsigned i = 0; i < g->n_members; i++) {
		struct vrrp_instance_conf *vi;
		const struct conf_origin *mo = &g->member_origins[i];

		for (vi = c->instances; vi; vi = vi->next)
			if (strcmp(vi->name, g->members[i]) == 0)
				break;
		if (!vi) {
			conf_parse_report_at(p, 1, mo->file, mo->line, "vrrp_sync_group %s: unknown "
			                     "vrrp_instance '%s'", g->name, g->members[i]);
			continue;
		}
		if (vi->sync_group) {
			conf_parse_report_at(p, 1, mo->file, mo->line, "vrrp_sync_group %s: "
			                     "vrrp_instance %s is already in vrrp_sync_group %s (%s:%d)",
			                     g->name, vi->name, vi->sync_group->name,
			                     vi->sync_group->origin.file, vi->sync_group->origin.line);
			continue;
		}
		vi->sync_group = g;
		g->instances[i] = vi;
		track_copy_refs(g->track_scripts, g->n_track_scripts, &vi->track_scripts,
		                &vi->n_track_scripts);
		track_copy_refs(g->track_interfaces, g->n_track_interfaces, &vi->track_interfaces,
		                &vi->n_track_interfaces);
		track_copy_refs(g->track_files, g->n_track_files, &vi->track_files,
		                &vi->n_track_files);
	}
}

static void track_check_instance(struct conf_parse *p, const struct floatd_conf *c,
                                 struct vrrp_instance_conf *vi)
{
	const char *f = vi->origin.file;
	int ln = vi->origin.line;
	char owner[160];
	struct track_reference_conf *tr = &vi->track_reference;

	snprintf(owner, sizeof(owner), "vrrp_instance %s", vi->name);
	track_resolve(p, c, owner, TRACK_SCRIPT, vi->track_scripts, &vi->n_track_scripts);
	track_resolve(p, c, owner, TRACK_IFACE, vi->track_interfaces, &vi->n_track_interfaces);
	track_resolve(p, c, owner, TRACK_FILE, vi->track_files, &vi->n_track_files);
	if (vi->vip_lifetime_s == UINT32_MAX)
		vi->vip_lifetime_s = c->vip_lifetime_s;
	if (vi->higher_prio_send_advert_cfg >= 0)
		vi->higher_prio_send_advert = vi->higher_prio_send_advert_cfg;
	else
		vi->higher_prio_send_advert = c->higher_prio_send_advert;
	if (vi->garp_lower_prio_repeat == UINT32_MAX)
		vi->garp_lower_prio_repeat = c->garp_lower_prio_repeat != UINT32_MAX ?
		                             c->garp_lower_prio_repeat : vi->garp_master_repeat;
	if (vi->garp_lower_prio_delay_s == UINT32_MAX)
		vi->garp_lower_prio_delay_s = c->garp_lower_prio_delay_s != UINT32_MAX ?
		                              c->garp_lower_prio_delay_s : vi->garp_master_delay_s;
	/* The VIPs are renewed with every advertisement: a lifetime that is not
	 * longer than the interval would let them expire between renewals. */
	if (vi->vip_lifetime_s && (uint64_t)vi->vip_lifetime_s * 1000 <= vi->adver_int_ms)
		conf_parse_report_at(p, 1, f, ln, "vrrp_instance %s: vip_lifetime %us must be "
		                     "longer than advert_int %u.%03us", vi->name, vi->vip_lifetime_s,
		                     vi->adver_int_ms / 1000, vi->adver_int_ms % 1000);
	else if (vi->vip_lifetime_s && (uint64_t)vi->vip_lifetime_s * 1000 < 3ULL * vi->adver_int_ms)
		conf_parse_report_at(p, 0, f, ln, "vrrp_instance %s: vip_lifetime %us is less than "
		                     "three advert intervals; one lost renewal removes the VIPs",
		                     vi->name, vi->vip_lifetime_s);
	if (tr->origin.line && !tr->n_addrs)
		conf_parse_report_at(p, 1, tr->origin.file, tr->origin.line,
		                     "vrrp_instance %s: track_reference has no address", vi->name);
	if (tr->n_addrs && tr->timeout_ms > tr->interval_ms)
		conf_parse_report_at(p, 1, tr->origin.file, tr->origin.line,
		                     "vrrp_instance %s: track_reference timeout %u.%03us is longer "
		                     "than its interval %u.%03us", vi->name, tr->timeout_ms / 1000,
		                     tr->timeout_ms % 1000, tr->interval_ms / 1000,
		                     tr->interval_ms % 1000);
}

void vrrp_conf_track_validate(struct conf_parse *p, struct floatd_conf *c)
{
	for (struct vrrp_script_conf *s = c->vrrp_scripts; s; s = s->next) {
		track_check_script(p, s);
		for (struct vrrp_script_conf *o = c->vrrp_scripts; o != s; o = o->next)
			if (strcmp(o->name, s->name) == 0) {
				conf_parse_report_at(p, 1, s->origin.file, s->origin.line,
				                     "duplicate vrrp_script '%s' (first at %s:%d)", s->name,
				                     o->origin.file, o->origin.line);
				break;
			}
	}
	for (struct vrrp_track_file_conf *tf = c->track_files; tf; tf = tf->next) {
		track_check_file(p, tf);
		for (struct vrrp_track_file_conf *o = c->track_files; o != tf; o = o->next)
			if (strcmp(o->name, tf->name) == 0) {
				conf_parse_report_at(p, 1, tf->origin.file, tf->origin.line,
				                     "duplicate vrrp_track_file '%s' (first at %s:%d)",
				                     tf->name, o->origin.file, o->origin.line);
				break;
			}
	}
	for (struct vrrp_instance_conf *vi = c->instances; vi; vi = vi->next)
		track_check_instance(p, c, vi);
	for (struct vrrp_sync_group_conf *g = c->sync_groups; g; g = g->next)
		track_check_group(p, c, g);
	/* keepalived runs a script only when some instance tracks it */
	for (struct vrrp_script_conf *s = c->vrrp_scripts; s; s = s->next) {
		bool used = false;

		for (struct vrrp_instance_conf *vi = c->instances; vi && !used; vi = vi->next)
			for (unsigned i = 0; i < vi->n_track_scripts; i++)
				if (vi->track_scripts[i].script == s)
					used = true;
		if (!used && !s->disabled)
			conf_parse_report_at(p, 0, s->origin.file, s->origin.line,
			                     "vrrp_script %s is not tracked by any instance (not run)",
			                     s->name);
	}
}

/* ---- dump: parses back to the same configuration */

static void track_dump_refs(FILE *fp, const char *ind, const char *kw,
                            const struct track_ref_conf *r, unsigned n, bool skip_group)
{
	unsigned shown = 0;

	for (unsigned i = 0; i < n; i++)
		if (!(skip_group && r[i].from_group))
			shown++;
	if (!shown)
		return;
	fprintf(fp, "%s%s {\n", ind, kw);
	for (unsigned i = 0; i < n; i++) {
		if (skip_group && r[i].from_group)
			continue;
		fprintf(fp, "%s\t%s weight %d%s\n", ind, r[i].name, r[i].weight,
		        r[i].reverse ? " reverse" : "");
	}
	fprintf(fp, "%s}\n", ind);
}

void vrrp_conf_track_dump_top(FILE *fp, const struct floatd_conf *c)
{
	for (const struct vrrp_script_conf *s = c->vrrp_scripts; s; s = s->next) {
		struct script_conf sc = s->script;

		fprintf(fp, "vrrp_script %s {\n", s->name);
		fprintf(fp, "\t# from %s:%d\n", s->origin.file, s->origin.line);
		if (s->disabled)
			fprintf(fp, "\t# disabled: not run, not tracked\n");
		sc.user = sc.group = NULL;
		vrrp_conf_dump_script(fp, "script", &sc);
		fprintf(fp, "\tinterval %u.%03u\n", s->interval_ms / 1000, s->interval_ms % 1000);
		fprintf(fp, "\ttimeout %u.%03u\n", s->timeout_ms / 1000, s->timeout_ms % 1000);
		fprintf(fp, "\tweight %d%s\n", s->weight, s->reverse ? " reverse" : "");
		fprintf(fp, "\trise %u\n", s->rise);
		fprintf(fp, "\tfall %u\n", s->fall);
		if (s->script.user)
			fprintf(fp, "\tuser %s%s%s\n", s->script.user, s->script.group ? " " : "",
			        s->script.group ? s->script.group : "");
		if (s->init_fail)
			fprintf(fp, "\tinit_fail\n");
		fprintf(fp, "}\n");
	}
	for (const struct vrrp_track_file_conf *f = c->track_files; f; f = f->next) {
		fprintf(fp, "vrrp_track_file %s {\n", f->name);
		fprintf(fp, "\t# from %s:%d\n", f->origin.file, f->origin.line);
		if (f->path)
			fprintf(fp, "\tfile \"%s\"\n", f->path);
		fprintf(fp, "\tweight %d%s\n", f->weight, f->reverse ? " reverse" : "");
		if (f->init_file)
			fprintf(fp, "\tinit_file %ld%s\n", f->init_value,
			        f->init_overwrite ? " overwrite" : "");
		fprintf(fp, "}\n");
	}
}

void vrrp_conf_track_dump_instance(FILE *fp, const struct vrrp_instance_conf *vi)
{
	const struct track_reference_conf *tr = &vi->track_reference;
	char a[INET6_ADDRSTRLEN];

	/* Effective values, only where they differ from the defaults (vip
	 * lifetime off, higher_prio_send_advert on, the lower-priority GARPs
	 * following garp_master_*).  The global_defs
	 * forms are not dumped: every instance carries the value it inherited,
	 * which keeps the dump parsing back to the same configuration. */
	if (vi->vip_lifetime_s)
		fprintf(fp, "\tvip_lifetime %u\n", vi->vip_lifetime_s);
	if (!vi->higher_prio_send_advert)
		fprintf(fp, "\thigher_prio_send_advert off\n");
	if (vi->garp_lower_prio_repeat != vi->garp_master_repeat)
		fprintf(fp, "\tgarp_lower_prio_repeat %u\n", vi->garp_lower_prio_repeat);
	if (vi->garp_lower_prio_delay_s != vi->garp_master_delay_s)
		fprintf(fp, "\tgarp_lower_prio_delay %u\n", vi->garp_lower_prio_delay_s);
	track_dump_refs(fp, "\t", "track_script", vi->track_scripts, vi->n_track_scripts, true);
	track_dump_refs(fp, "\t", "track_interface", vi->track_interfaces,
	                vi->n_track_interfaces, true);
	track_dump_refs(fp, "\t", "track_file", vi->track_files, vi->n_track_files, true);
	if (tr->n_addrs) {
		fprintf(fp, "\ttrack_reference {\n");
		for (unsigned i = 0; i < tr->n_addrs; i++) {
			inet_ntop(tr->addrs[i].family, &tr->addrs[i].addr, a, sizeof(a));
			fprintf(fp, "\t\t%s\n", a);
		}
		fprintf(fp, "\t\tinterval %u.%03u\n", tr->interval_ms / 1000, tr->interval_ms % 1000);
		fprintf(fp, "\t\ttimeout %u.%03u\n", tr->timeout_ms / 1000, tr->timeout_ms % 1000);
		fprintf(fp, "\t\tfall %u\n", tr->fall);
		fprintf(fp, "\t\trise %u\n", tr->rise);
		fprintf(fp, "\t}\n");
	}
}

void vrrp_conf_track_dump_groups(FILE *fp, const struct floatd_conf *c)
{
	for (const struct vrrp_sync_group_conf *g = c->sync_groups; g; g = g->next) {
		fprintf(fp, "vrrp_sync_group %s {\n", g->name);
		fprintf(fp, "\t# from %s:%d\n", g->origin.file, g->origin.line);
		fprintf(fp, "\tgroup {\n");
		for (unsigned i = 0; i < g->n_members; i++)
			fprintf(fp, "\t\t%s\n", g->members[i]);
		fprintf(fp, "\t}\n");
		vrrp_conf_dump_script(fp, "notify_master", &g->notify_master);
		vrrp_conf_dump_script(fp, "notify_backup", &g->notify_backup);
		vrrp_conf_dump_script(fp, "notify_fault", &g->notify_fault);
		vrrp_conf_dump_script(fp, "notify_stop", &g->notify_stop);
		vrrp_conf_dump_script(fp, "notify", &g->notify);
		track_dump_refs(fp, "\t", "track_script", g->track_scripts, g->n_track_scripts,
		                false);
		track_dump_refs(fp, "\t", "track_interface", g->track_interfaces,
		                g->n_track_interfaces, false);
		track_dump_refs(fp, "\t", "track_file", g->track_files, g->n_track_files, false);
		fprintf(fp, "}\n");
	}
}

/* ---- free */

void vrrp_conf_track_instance_free(struct vrrp_instance_conf *vi)
{
	track_refs_free(vi->track_scripts, vi->n_track_scripts);
	track_refs_free(vi->track_interfaces, vi->n_track_interfaces);
	track_refs_free(vi->track_files, vi->n_track_files);
	free(vi->track_reference.addrs);
}

void vrrp_conf_track_free(struct floatd_conf *c)
{
	while (c->vrrp_scripts) {
		struct vrrp_script_conf *s = c->vrrp_scripts;

		c->vrrp_scripts = s->next;
		free(s->name);
		vrrp_conf_script_clear(&s->script);
		free(s);
	}
	while (c->track_files) {
		struct vrrp_track_file_conf *f = c->track_files;

		c->track_files = f->next;
		free(f->name);
		free(f->path);
		free(f);
	}
	while (c->sync_groups) {
		struct vrrp_sync_group_conf *g = c->sync_groups;

		c->sync_groups = g->next;
		free(g->name);
		for (unsigned i = 0; i < g->n_members; i++)
			free(g->members[i]);
		free(g->members);
		free(g->member_origins);
		free(g->instances);
		vrrp_conf_script_clear(&g->notify_master);
		vrrp_conf_script_clear(&g->notify_backup);
		vrrp_conf_script_clear(&g->notify_fault);
		vrrp_conf_script_clear(&g->notify_stop);
		vrrp_conf_script_clear(&g->notify);
		track_refs_free(g->track_scripts, g->n_track_scripts);
		track_refs_free(g->track_interfaces, g->n_track_interfaces);
		track_refs_free(g->track_files, g->n_track_files);
		free(g);
	}
}
