/* vrrp_track_process blocks and track_process items (see
 * conf_track_process.h).  keepalived's rules, from its vrrp_parser.c:
 *  - `process NAME [ARGS...]`: arguments imply full_command and, unless
 *    param_match says otherwise, exact parameter matching;
 *  - `param_match [exact|initial|partial]` implies full_command;
 *  - quorum 1..65535 (<= quorum_max), quorum_max 0..65535 (0 = the process
 *    must not run: quorum becomes 0), delays 0.000001..3600 s;
 *  - weight -254..254 [reverse]; a second weight is ignored.
 * A bad value is reported and ignored, as keepalived ignores it; a block
 * without `process` is removed, and items naming it are dropped. */
#include "config.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "vrrp/conf/conf_track.h"
#include "vrrp/conf/conf_track_priv.h"
#include "vrrp/conf/conf_track_process.h"

#define TP_QUORUM_MAX 65535UL
/* the kernel's comm is 16 bytes with its NUL (TASK_COMM_LEN) */
#define TP_COMM_MAX 15

int vrrp_conf_track_process_open(struct conf_parse *p, const struct conf_line *l, void *obj,
                                 void **child)
{
	struct floatd_conf *c = obj;
	struct vrrp_track_process_conf *t = calloc(1, sizeof(*t)), **tail;

	(void)p;
	if (!t || !(t->name = strdup(l->argv[1]))) {
		free(t);
		return -1;
	}
	t->origin.file = l->file;
	t->origin.line = l->line;
	t->quorum = 1;
	t->quorum_max = UINT32_MAX;
	for (tail = &c->track_processes; *tail; tail = &(*tail)->next)
		;
	*tail = t;
	c->n_track_processes++;
	*child = t;
	return 0;
}

static int tp_process(struct conf_parse *p, const struct conf_line *l,
                      struct vrrp_track_process_conf *t)
{
	size_t len = 0;
	char *q;

	if (t->process) {
		conf_parse_warn(p, l, "vrrp_track_process %s: process already set; '%s' ignored",
		                t->name, l->argv[1]);
		return 0;
	}
	if (!(t->process = strdup(l->argv[1])))
		return -1;
	if (l->argc <= 2)
		return 0;
	for (int i = 2; i < l->argc; i++)
		len += strlen(l->argv[i]) + 1;
	if (!(t->params = q = malloc(len)))
		return -1;
	for (int i = 2; i < l->argc; i++) {
		size_t n = strlen(l->argv[i]) + 1;

		memcpy(q, l->argv[i], n);
		q += n;
	}
	t->params_len = len;
	if (t->param_match == VRRP_PARAM_MATCH_NONE)
		t->param_match = VRRP_PARAM_MATCH_EXACT;
	t->full_command = true;
	return 0;
}

static int tp_param_match(struct conf_parse *p, const struct conf_line *l,
                          struct vrrp_track_process_conf *t)
{
	const char *m = l->argc > 1 ? l->argv[1] : "exact";

	if (strcmp(m, "exact") == 0)
		t->param_match = VRRP_PARAM_MATCH_EXACT;
	else if (strcmp(m, "initial") == 0)
		t->param_match = VRRP_PARAM_MATCH_INITIAL;
	else if (strcmp(m, "partial") == 0)
		t->param_match = VRRP_PARAM_MATCH_PARTIAL;
	else {
		conf_parse_warn(p, l, "vrrp_track_process %s: invalid param_match '%s' (expected "
		                "exact, initial or partial); ignored, as keepalived does", t->name, m);
		return 0;
	}
	t->full_command = true;
	return 0;
}

static int tp_weight(struct conf_parse *p, const struct conf_line *l,
                     struct vrrp_track_process_conf *t)
{
	unsigned long mag;
	const char *s = l->argv[1];
	bool neg = s[0] == '-';
	int w;

	if (t->weight) {
		conf_parse_warn(p, l, "vrrp_track_process %s: weight already set; '%s' ignored",
		                t->name, s);
		return 0;
	}
	/* parse |w| with the shared reader, so the message quotes the token */
	if (neg || s[0] == '+') {
		char *end;

		mag = strtoul(s + 1, &end, 10);
		if (!s[1] || *end || mag > 254) {
			conf_parse_warn(p, l, "vrrp_track_process %s: weight '%s' must be between "
			                "-254 and 254; ignored, as keepalived does", t->name, s);
			return 0;
		}
	} else {
		char *end;

		mag = strtoul(s, &end, 10);
		if (!*s || *end || mag > 254) {
			conf_parse_warn(p, l, "vrrp_track_process %s: weight '%s' must be between "
			                "-254 and 254; ignored, as keepalived does", t->name, s);
			return 0;
		}
	}
	w = neg ? -(int)mag : (int)mag;
	if (l->argc > 2) {
		if (strcmp(l->argv[2], "reverse") == 0)
			t->reverse = true;
		else if (strcmp(l->argv[2], "noreverse") != 0)
			conf_parse_warn(p, l, "vrrp_track_process %s: unknown weight option '%s' "
			                "ignored", t->name, l->argv[2]);
	}
	t->weight = w;
	return 0;
}

static int tp_quorum(struct conf_parse *p, const struct conf_line *l,
                     struct vrrp_track_process_conf *t, bool max)
{
	char *end;
	unsigned long v = strtoul(l->argv[1], &end, 10);

	if (!l->argv[1][0] || l->argv[1][0] == '-' || *end || v > TP_QUORUM_MAX ||
	    (!max && v < 1)) {
		conf_parse_warn(p, l, "vrrp_track_process %s: %s '%s' must be between %u and %lu; "
		                "ignored, as keepalived does", t->name, l->argv[0], l->argv[1],
		                max ? 0 : 1, TP_QUORUM_MAX);
		return 0;
	}
	if (!max) {
		if (v > t->quorum_max) {
			conf_parse_warn(p, l, "vrrp_track_process %s: quorum %lu is greater than "
			                "quorum_max %u; ignored, as keepalived does", t->name, v,
			                t->quorum_max);
			return 0;
		}
		t->quorum = (uint32_t)v;
		return 0;
	}
	/* quorum_max 0 (the process must not run) is allowed while quorum is
	 * the default */
	if ((v || t->quorum > 1) && v < t->quorum) {
		conf_parse_warn(p, l, "vrrp_track_process %s: quorum_max %lu is less than quorum "
		                "%u; ignored, as keepalived does", t->name, v, t->quorum);
		return 0;
	}
	t->quorum_max = (uint32_t)v;
	if (v == 0)
		t->quorum = 0;
	else if (!t->quorum)
		t->quorum = 1;
	return 0;
}

static int tp_delay(struct conf_parse *p, const struct conf_line *l,
                    struct vrrp_track_process_conf *t, bool fork, bool term)
{
	const char *kw = l->argv[0];
	char *end;
	double v = strtod(l->argv[1], &end);
	uint32_t ms;

	/* keepalived reads a decimal to the microsecond and ignores a bad one */
	if (!l->argv[1][0] || *end || !(v >= 0.000001 && v <= 3600.0)) {
		conf_parse_warn(p, l, "vrrp_track_process %s: %s '%s' must be between 0.000001 "
		                "and 3600 seconds; ignored, as keepalived does", t->name, kw,
		                l->argv[1]);
		return 0;
	}
	/* the loop's clock counts milliseconds: round up, never to 0 */
	ms = (uint32_t)((uint64_t)(v * 1000000.0 + 0.5) / 1000);
	if ((uint64_t)ms * 1000 < (uint64_t)(v * 1000000.0 + 0.5))
		ms++;
	if (term)
		t->terminate_delay_ms = ms;
	if (fork)
		t->fork_delay_ms = ms;
	return 0;
}

/* the `arg` of tp_kws' rows */
enum tp_kw { TP_KW_PROCESS = 1, TP_KW_PARAM_MATCH, TP_KW_WEIGHT, TP_KW_QUORUM,
             TP_KW_QUORUM_MAX, TP_KW_FULL_COMMAND, TP_KW_DELAY, TP_KW_TERMINATE_DELAY,
             TP_KW_FORK_DELAY };

static int tp_kw(struct conf_parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct vrrp_track_process_conf *t = obj;

	(void)child;
	switch ((enum tp_kw)conf_parse_kw_arg(p)) {
	case TP_KW_PROCESS:
		return tp_process(p, l, t);
	case TP_KW_PARAM_MATCH:
		return tp_param_match(p, l, t);
	case TP_KW_WEIGHT:
		return tp_weight(p, l, t);
	case TP_KW_QUORUM:
		return tp_quorum(p, l, t, false);
	case TP_KW_QUORUM_MAX:
		return tp_quorum(p, l, t, true);
	case TP_KW_FULL_COMMAND:
		t->full_command = true;
		return 0;
	case TP_KW_DELAY:
		return tp_delay(p, l, t, true, true);
	case TP_KW_TERMINATE_DELAY:
		return tp_delay(p, l, t, false, true);
	case TP_KW_FORK_DELAY:
		return tp_delay(p, l, t, true, false);
	}
	return conf_parse_bad_arg(p, l);
}

static const struct conf_kw tp_kws[] = {
	{ "process", CONF_KW_SIMPLE, 1, -1, tp_kw, NULL, NULL, TP_KW_PROCESS },
	{ "param_match", CONF_KW_SIMPLE, 0, 1, tp_kw, NULL, NULL, TP_KW_PARAM_MATCH },
	{ "weight", CONF_KW_SIMPLE, 1, 2, tp_kw, NULL, NULL, TP_KW_WEIGHT },
	{ "quorum", CONF_KW_SIMPLE, 1, 1, tp_kw, NULL, NULL, TP_KW_QUORUM },
	{ "quorum_max", CONF_KW_SIMPLE, 1, 1, tp_kw, NULL, NULL, TP_KW_QUORUM_MAX },
	{ "delay", CONF_KW_SIMPLE, 1, 1, tp_kw, NULL, NULL, TP_KW_DELAY },
	{ "terminate_delay", CONF_KW_SIMPLE, 1, 1, tp_kw, NULL, NULL, TP_KW_TERMINATE_DELAY },
	{ "fork_delay", CONF_KW_SIMPLE, 1, 1, tp_kw, NULL, NULL, TP_KW_FORK_DELAY },
	{ "full_command", CONF_KW_SIMPLE, 0, 0, tp_kw, NULL, NULL, TP_KW_FULL_COMMAND },
	{ NULL, CONF_KW_SIMPLE, 0, 0, NULL, NULL, NULL, 0 },
};

const struct conf_table vrrp_conf_track_process_table = { "vrrp_track_process", tp_kws, NULL };

/* ---- items */

int vrrp_conf_track_process_inst_item(struct conf_parse *p, const struct conf_line *l, void *c)
{
	struct vrrp_instance_conf *vi = c;

	return vrrp_conf_track_ref_add(p, l, VRRP_CONF_TRACK_PROCESS, &vi->track_processes,
	                               &vi->n_track_processes);
}

int vrrp_conf_track_process_group_item(struct conf_parse *p, const struct conf_line *l,
                                       void *c)
{
	struct vrrp_sync_group_conf *g = c;

	return vrrp_conf_track_ref_add(p, l, VRRP_CONF_TRACK_PROCESS, &g->track_processes,
	                               &g->n_track_processes);
}

/* ---- validation */

static void tp_free_one(struct vrrp_track_process_conf *t)
{
	free(t->name);
	free(t->process);
	free(t->params);
	free(t);
}

static struct vrrp_track_process_conf *tp_find(const struct floatd_conf *c, const char *n)
{
	for (struct vrrp_track_process_conf *t = c->track_processes; t; t = t->next)
		if (strcmp(t->name, n) == 0)
			return t;
	return NULL;
}

/* keepalived: "track process X not found, ignoring..." and it runs on */
static void tp_resolve(struct conf_parse *p, const struct floatd_conf *c, const char *owner,
                       struct track_ref_conf *arr, unsigned *n)
{
	unsigned out = 0;

	for (unsigned i = 0; i < *n; i++) {
		struct track_ref_conf *r = &arr[i];

		if (!(r->process = tp_find(c, r->name))) {
			conf_parse_report_at(p, 0, r->origin.file, r->origin.line,
			                     "%s: track_process '%s' is not a defined "
			                     "vrrp_track_process; ignored, as keepalived does", owner,
			                     r->name);
			free(r->name);
			continue;
		}
		if (!r->weight_set)
			r->weight = r->process->weight;
		if (!r->reverse_set)
			r->reverse = r->weight_set ? false : r->process->reverse;
		arr[out++] = *r;
	}
	*n = out;
}

/* A group's items go to each member unless the member names the same one. */
static int tp_copy(const struct track_ref_conf *src, unsigned n_src,
                   struct track_ref_conf **arr, unsigned *n)
{
	for (unsigned i = 0; i < n_src; i++) {
		struct track_ref_conf *na;
		bool have = false;

		for (unsigned k = 0; k < *n; k++)
			if (strcmp((*arr)[k].name, src[i].name) == 0)
				have = true;
		if (have)
			continue;
		if (!(na = realloc(*arr, (*n + 1) * sizeof(*na))))
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

void vrrp_conf_track_process_validate(struct conf_parse *p, struct floatd_conf *c)
{
	struct vrrp_track_process_conf **pp = &c->track_processes;
	char owner[160];

	while (*pp) {
		struct vrrp_track_process_conf *t = *pp, *o;

		for (o = c->track_processes; o != t && strcmp(o->name, t->name) != 0; o = o->next)
			;
		if (o != t) {
			conf_parse_report_at(p, 1, t->origin.file, t->origin.line,
			                     "duplicate vrrp_track_process '%s' (first at %s:%d)",
			                     t->name, o->origin.file, o->origin.line);
		} else if (!t->process) {
			conf_parse_report_at(p, 0, t->origin.file, t->origin.line,
			                     "vrrp_track_process %s: no 'process'; removed, as "
			                     "keepalived does", t->name);
			*pp = t->next;
			c->n_track_processes--;
			tp_free_one(t);
			continue;
		} else if (!t->full_command && strlen(t->process) > TP_COMM_MAX) {
			conf_parse_report_at(p, 0, t->origin.file, t->origin.line,
			                     "vrrp_track_process %s: '%s' is longer than the %d "
			                     "characters the kernel keeps of a process name, so it "
			                     "never matches; use full_command", t->name, t->process,
			                     TP_COMM_MAX);
		}
		pp = &t->next;
	}
	for (struct vrrp_instance_conf *vi = c->instances; vi; vi = vi->next) {
		snprintf(owner, sizeof(owner), "vrrp_instance %s", vi->name);
		tp_resolve(p, c, owner, vi->track_processes, &vi->n_track_processes);
	}
	for (struct vrrp_sync_group_conf *g = c->sync_groups; g; g = g->next) {
		snprintf(owner, sizeof(owner), "vrrp_sync_group %s", g->name);
		tp_resolve(p, c, owner, g->track_processes, &g->n_track_processes);
		for (unsigned i = 0; g->instances && i < g->n_members; i++) {
			struct vrrp_instance_conf *vi = g->instances[i];

			if (vi && vi->sync_group == g)
				tp_copy(g->track_processes, g->n_track_processes, &vi->track_processes,
				        &vi->n_track_processes);
		}
	}
}

/* ---- dump: parses back to the same configuration */

static void tp_dump_params(FILE *fp, const struct vrrp_track_process_conf *t)
{
	for (size_t off = 0; off < t->params_len; off += strlen(t->params + off) + 1)
		fprintf(fp, " \"%s\"", t->params + off);
}

void vrrp_conf_track_process_dump_top(FILE *fp, const struct floatd_conf *c)
{
	static const char *const match[] = { "", "exact", "partial", "initial" };

	for (const struct vrrp_track_process_conf *t = c->track_processes; t; t = t->next) {
		fprintf(fp, "vrrp_track_process %s {\n", t->name);
		fprintf(fp, "\t# from %s:%d\n", t->origin.file, t->origin.line);
		fprintf(fp, "\tprocess \"%s\"", t->process);
		tp_dump_params(fp, t);
		fprintf(fp, "\n");
		if (t->param_match != VRRP_PARAM_MATCH_NONE)
			fprintf(fp, "\tparam_match %s\n", match[t->param_match]);
		if (t->full_command)
			fprintf(fp, "\tfull_command\n");
		fprintf(fp, "\tweight %d%s\n", t->weight, t->reverse ? " reverse" : "");
		/* quorum_max first: it may lower quorum (0) when read back */
		if (t->quorum_max != UINT32_MAX)
			fprintf(fp, "\tquorum_max %u\n", t->quorum_max);
		if (t->quorum_max != 0)
			fprintf(fp, "\tquorum %u\n", t->quorum);
		if (t->fork_delay_ms)
			fprintf(fp, "\tfork_delay %u.%03u\n", t->fork_delay_ms / 1000,
			        t->fork_delay_ms % 1000);
		if (t->terminate_delay_ms)
			fprintf(fp, "\tterminate_delay %u.%03u\n", t->terminate_delay_ms / 1000,
			        t->terminate_delay_ms % 1000);
		fprintf(fp, "}\n");
	}
}

void vrrp_conf_track_process_dump_refs(FILE *fp, const char *ind, const struct track_ref_conf *r,
                                       unsigned n, bool skip_group)
{
	vrrp_conf_track_dump_refs(fp, ind, "track_process", r, n, skip_group);
}

void vrrp_conf_track_process_free(struct floatd_conf *c)
{
	while (c->track_processes) {
		struct vrrp_track_process_conf *t = c->track_processes;

		c->track_processes = t->next;
		tp_free_one(t);
	}
}
