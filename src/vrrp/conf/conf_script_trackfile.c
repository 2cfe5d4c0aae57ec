/* Tracking configuration, the tracked objects: top-level vrrp_script and
 * vrrp_track_file blocks (parse, per-object checks, dump, free).  The
 * instance keywords and the validation pass are conf_track_advert.c's.
 * keepalived's meanings and ranges (its keepalived.conf(5)). */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "argv.h"
#include "vrrp/conf/conf_instance.h"
#include "vrrp/conf/conf_track.h"
#include "vrrp/conf/conf_track_priv.h"

static int track_set_str(char **dst, const char *src)
{
	char *s = strdup(src);

	if (!s)
		return -1;
	free(*dst);
	*dst = s;
	return 0;
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

/* The `arg` of the vrrp_script rows that track_script_kw fills. */
enum {
	SCRIPT_KW_INTERVAL = 1,
	SCRIPT_KW_TIMEOUT,
	SCRIPT_KW_WEIGHT,
	SCRIPT_KW_RISE,
	SCRIPT_KW_FALL,
	SCRIPT_KW_USER,
	SCRIPT_KW_INIT_FAIL,
};

static int track_script_kw(struct conf_parse *p, const struct conf_line *l, void *obj,
                           void **child)
{
	struct vrrp_script_conf *s = obj;
	int kw = conf_parse_kw_arg(p);

	(void)child;
	if (kw == SCRIPT_KW_INTERVAL)
		return vrrp_conf_track_ms(p, l, 1, 1000, &s->interval_ms);
	if (kw == SCRIPT_KW_TIMEOUT)
		return vrrp_conf_track_ms(p, l, 1, 1000, &s->timeout_ms);
	if (kw == SCRIPT_KW_RISE)
		return vrrp_conf_track_count(p, l, 1, 1, &s->rise);
	if (kw == SCRIPT_KW_FALL)
		return vrrp_conf_track_count(p, l, 1, 1, &s->fall);
	if (kw == SCRIPT_KW_INIT_FAIL) {
		s->init_fail = true;
		return 0;
	}
	if (kw == SCRIPT_KW_USER) {
		if (track_set_str(&s->script.user, l->argv[1]) < 0)
			return -1;
		free(s->script.group);
		s->script.group = NULL;
		return l->argc > 2 ? track_set_str(&s->script.group, l->argv[2]) : 0;
	}
	if (kw != SCRIPT_KW_WEIGHT)
		return conf_parse_bad_arg(p, l);
	/* weight N [reverse] */
	if (vrrp_conf_track_int(p, l, "weight", l->argv[1], -253, 253, &s->weight) < 0)
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
	{ "script", CONF_KW_SIMPLE, 1, -1, track_script_cmd, NULL, NULL, 0 },
	{ "interval", CONF_KW_SIMPLE, 1, 1, track_script_kw, NULL, NULL, SCRIPT_KW_INTERVAL },
	{ "timeout", CONF_KW_SIMPLE, 1, 1, track_script_kw, NULL, NULL, SCRIPT_KW_TIMEOUT },
	{ "weight", CONF_KW_SIMPLE, 1, 2, track_script_kw, NULL, NULL, SCRIPT_KW_WEIGHT },
	{ "rise", CONF_KW_SIMPLE, 1, 1, track_script_kw, NULL, NULL, SCRIPT_KW_RISE },
	{ "fall", CONF_KW_SIMPLE, 1, 1, track_script_kw, NULL, NULL, SCRIPT_KW_FALL },
	{ "user", CONF_KW_SIMPLE, 1, 2, track_script_kw, NULL, NULL, SCRIPT_KW_USER },
	{ "init_fail", CONF_KW_SIMPLE, 0, 0, track_script_kw, NULL, NULL, SCRIPT_KW_INIT_FAIL },
	{ NULL, CONF_KW_SIMPLE, 0, 0, NULL, NULL, NULL, 0 },
};

const struct conf_table vrrp_conf_track_script_table = { "vrrp_script", track_script_kws, NULL };

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

/* The `arg` of the vrrp_track_file rows that track_file_kw fills. */
enum { FILE_KW_FILE = 1, FILE_KW_WEIGHT, FILE_KW_INIT_FILE };

static int track_file_kw(struct conf_parse *p, const struct conf_line *l, void *obj,
                         void **child)
{
	struct vrrp_track_file_conf *f = obj;
	int kw = conf_parse_kw_arg(p);

	(void)child;
	if (kw == FILE_KW_FILE) {
		if (l->argv[1][0] != '/') {
			conf_parse_error(p, l, "invalid file '%s' (must be an absolute path)",
			                 l->argv[1]);
			return -1;
		}
		return track_set_str(&f->path, l->argv[1]);
	}
	if (kw == FILE_KW_WEIGHT) {
		if (vrrp_conf_track_int(p, l, "weight", l->argv[1], -INT_MAX, INT_MAX,
		                        &f->weight) < 0)
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
	if (kw != FILE_KW_INIT_FILE)
		return conf_parse_bad_arg(p, l);
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
	{ "file", CONF_KW_SIMPLE, 1, 1, track_file_kw, NULL, NULL, FILE_KW_FILE },
	{ "weight", CONF_KW_SIMPLE, 1, 2, track_file_kw, NULL, NULL, FILE_KW_WEIGHT },
	{ "init_file", CONF_KW_SIMPLE, 0, 2, track_file_kw, NULL, NULL, FILE_KW_INIT_FILE },
	{ NULL, CONF_KW_SIMPLE, 0, 0, NULL, NULL, NULL, 0 },
};

const struct conf_table vrrp_conf_track_file_table = { "vrrp_track_file", track_file_kws, NULL };

/* ---- validation (called from vrrp_conf_track_validate) */

void vrrp_conf_track_check_script(struct conf_parse *p, struct vrrp_script_conf *s)
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

void vrrp_conf_track_check_file(struct conf_parse *p, struct vrrp_track_file_conf *tf)
{
	if (!tf->path)
		conf_parse_report_at(p, 1, tf->origin.file, tf->origin.line,
		                     "vrrp_track_file %s: missing 'file'", tf->name);
}

/* ---- dump */

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

/* ---- free */

void vrrp_conf_track_scripts_free(struct floatd_conf *c)
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
}
