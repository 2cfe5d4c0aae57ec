/* Keyword-table walker (see conf_parse.h).  Unlike keepalived, the block of
 * an unknown keyword is skipped whole and reported once, not read as part
 * of the enclosing block.  Must not know any keyword. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf_parse.h"
#include "conf_suggest.h"

struct conf_parse {
	struct conf_lex *lx;
	conf_known_fn *known;
	struct conf_line held;     /* one line of look-ahead */
	bool has_held;
	const char *last_file;
	int last_line;
	unsigned errors, warnings;
	const struct conf_table *top;   /* for "belongs in" suggestions */
	int kw_arg;                     /* the running row's `arg` */
	conf_fork_fn *fork;             /* keywords of keepalived's forks */
	conf_known_list_fn *known_list; /* keepalived's keywords, for did-you-mean */
};

static void parse_vreport(struct conf_parse *p, int is_error, const char *file, int line,
                          const char *fmt, va_list ap)
{
	char msg[1200];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (is_error)
		p->errors++;
	else
		p->warnings++;
	conf_lex_report(p->lx, is_error, file, line, "%s", msg);
}

void conf_parse_report_at(struct conf_parse *p, int is_error, const char *file, int line,
                          const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	parse_vreport(p, is_error, file, line, fmt, ap);
	va_end(ap);
}

void conf_parse_error(struct conf_parse *p, const struct conf_line *l, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	parse_vreport(p, 1, l->file, l->line, fmt, ap);
	va_end(ap);
}

int conf_parse_kw_arg(const struct conf_parse *p)
{
	return p->kw_arg;
}

int conf_parse_bad_arg(struct conf_parse *p, const struct conf_line *l)
{
	conf_parse_error(p, l, "internal error: keyword '%s' has no field (table argument %d)",
	                 l->argv[0], p->kw_arg);
	return -1;
}

void conf_parse_warn(struct conf_parse *p, const struct conf_line *l, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	parse_vreport(p, 0, l->file, l->line, fmt, ap);
	va_end(ap);
}

static bool parse_next(struct conf_parse *p, struct conf_line *l)
{
	if (p->has_held) {
		*l = p->held;
		p->has_held = false;
		return true;
	}
	if (!conf_lex_next(p->lx, l))
		return false;
	p->last_file = l->file;
	p->last_line = l->line;
	return true;
}

static void parse_unget(struct conf_parse *p, const struct conf_line *l)
{
	p->held = *l;
	p->has_held = true;
}

/* After an opening '{' was consumed: swallow lines up to its '}'. */
static void parse_skip_open_block(struct conf_parse *p)
{
	struct conf_line l;
	int depth = 1;

	while (depth > 0 && parse_next(p, &l)) {
		if (l.kind == CONF_LINE_OPEN)
			depth++;
		else if (l.kind == CONF_LINE_CLOSE)
			depth--;
	}
}

/* If the next line opens a block, skip that block. */
static void parse_skip_opt_block(struct conf_parse *p)
{
	struct conf_line l;

	if (!parse_next(p, &l))
		return;
	if (l.kind == CONF_LINE_OPEN)
		parse_skip_open_block(p);
	else
		parse_unget(p, &l);
}

const struct conf_kw *conf_table_find(const struct conf_table *t, const char *name)
{
	const struct conf_kw *part;

	for (unsigned i = 0; (part = conf_table_part(t, i)) != NULL; i++)
		for (const struct conf_kw *k = part; k->name; k++)
			if (k->kind != CONF_KW_OTHER && strcmp(k->name, name) == 0)
				return k;
	return NULL;
}

static const struct conf_kw *parse_other(const struct conf_table *t)
{
	const struct conf_kw *part;

	for (unsigned i = 0; (part = conf_table_part(t, i)) != NULL; i++)
		for (const struct conf_kw *k = part; k->name; k++)
			if (k->kind == CONF_KW_OTHER)
				return k;
	return NULL;
}

/* The raw text after the first `n` words of the line (for messages). */
static const char *parse_raw_after(const struct conf_line *l, int n)
{
	const char *r = l->raw;

	for (int i = 1; i < n && *r; i++) {
		if (*r == '"') {
			const char *q = strchr(r + 1, '"');

			r = q ? q + 1 : r + strlen(r);
		} else {
			r += strcspn(r, " \t");
		}
		r += strspn(r, " \t");
	}
	return r;
}

static void parse_walk(struct conf_parse *p, const struct conf_table *t, void *obj,
                       const struct conf_line *opener);

static void parse_values(struct conf_parse *p, const struct conf_kw *kw, void *child)
{
	struct conf_line l;

	while (parse_next(p, &l)) {
		if (l.kind == CONF_LINE_CLOSE)
			return;
		if (l.kind == CONF_LINE_OPEN) {
			conf_parse_error(p, &l, "unexpected '{' in %s", kw->name);
			parse_skip_open_block(p);
			continue;
		}
		if (child) {
			p->kw_arg = kw->arg;
			kw->item(p, &l, child);
			p->kw_arg = 0;
		}
	}
	conf_parse_report_at(p, 1, p->last_file, p->last_line,
	                     "missing '}' at end of file (%s block)", kw->name);
}

/* An unknown keyword: say where it belongs when another block has it, else
 * the nearest keyword of this block when it looks like a typo. */
static void report_unknown(struct conf_parse *p, const struct conf_table *t,
                           const struct conf_line *l)
{
	const char *word = l->argv[0];
	const char *where = strcmp(t->name, "(top)") == 0 ? "at top level" : "in";
	const char *tname = strcmp(t->name, "(top)") == 0 ? "" : t->name;
	const char *block = p->top != NULL ? conf_suggest_block(p->top, t, word) : NULL;
	const char *near = NULL;

	if (block == NULL)
		near = conf_suggest_keyword_in(t, p->known_list ? p->known_list(t->name) : NULL,
		                               word);

	if (block == NULL && near == NULL && p->top != NULL) {
		const char *in = NULL, *far = conf_suggest_anywhere(p->top, p->known_list, word,
		                                                    &in);

		if (far != NULL && in != NULL) {
			conf_parse_error(p, l, "unknown keyword '%s' %s%s%s; did you mean '%s' "
			                 "(a keyword of %s)?", word, where, *tname ? " " : "", tname,
			                 far, strcmp(in, "(top)") == 0 ? "the top level" : in);
			return;
		}
	}
	if (block != NULL)
		conf_parse_error(p, l, "unknown keyword '%s' %s%s%s; it belongs in %s",
		                 word, where, *tname ? " " : "", tname,
		                 strcmp(block, "(top)") == 0 ? "no block (top level)" : block);
	else if (near != NULL)
		conf_parse_error(p, l, "unknown keyword '%s' %s%s%s; did you mean '%s'?", word,
		                 where, *tname ? " " : "", tname, near);
	else
		conf_parse_error(p, l, "unknown keyword '%s' %s%s%s", word, where,
		                 *tname ? " " : "", tname);
}

/* Run a row's handler with its `arg` visible to conf_parse_kw_arg(). */
static int parse_call(struct conf_parse *p, const struct conf_kw *kw, const struct conf_line *l,
                      void *obj, void **child)
{
	int rc;

	p->kw_arg = kw->arg;
	rc = kw->fn(p, l, obj, child);
	p->kw_arg = 0;
	return rc;
}

static void parse_keyword(struct conf_parse *p, const struct conf_table *t,
                          const struct conf_line *l, void *obj)
{
	const struct conf_kw *kw = conf_table_find(t, l->argv[0]);
	const char *file = l->file;
	int line = l->line, nargs = l->argc - 1, rc;
	char name[128];
	struct conf_line nl;
	void *child = NULL;

	if (!kw) {
		const struct conf_kw *other = parse_other(t);
		const char *fork = NULL;

		if (p->known && p->known(t->name, l->argv[0]))
			conf_parse_warn(p, l, "'%s' is not supported by floatd (ignored)", l->argv[0]);
		else if (p->fork && (fork = p->fork(t->name, l->argv[0])) != NULL)
			/* keepalived itself says "unknown keyword" and carries on */
			conf_parse_warn(p, l, "'%s' is a keyword of %s, not of keepalived: "
			                "ignored", l->argv[0], fork);
		else if (other && parse_call(p, other, l, obj, NULL) == 0)
			return;
		else
			report_unknown(p, t, l);
		parse_skip_opt_block(p);
		return;
	}
	if (nargs < kw->min_args) {
		conf_parse_error(p, l, "'%s' needs %s", kw->name,
		                 kw->min_args == 1 ? "a value" : "more arguments");
		parse_skip_opt_block(p);
		return;
	}
	if (kw->max_args >= 0 && nargs > kw->max_args)
		conf_parse_warn(p, l, "extra words after '%s' ignored: '%s'", kw->name,
		                parse_raw_after(l, kw->max_args + 1));
	snprintf(name, sizeof(name), "%s", kw->name);
	if (kw->kind == CONF_KW_SIMPLE) {
		parse_call(p, kw, l, obj, NULL);
		return;
	}
	rc = parse_call(p, kw, l, obj, &child);
	/* `l` is invalid from here: the next read reuses its storage */
	if (!parse_next(p, &nl)) {
		conf_parse_report_at(p, 1, file, line, "missing '{' after '%s'", name);
		return;
	}
	if (nl.kind != CONF_LINE_OPEN) {
		conf_parse_report_at(p, 1, file, line, "missing '{' after '%s'", name);
		parse_unget(p, &nl);
		return;
	}
	if (rc < 0 || !child) {
		parse_skip_open_block(p);
		return;
	}
	if (kw->kind == CONF_KW_BLOCK)
		parse_walk(p, kw->sub, child, &nl);
	else
		parse_values(p, kw, child);
}

static void parse_walk(struct conf_parse *p, const struct conf_table *t, void *obj,
                       const struct conf_line *opener)
{
	struct conf_line l;

	while (parse_next(p, &l)) {
		if (l.kind == CONF_LINE_CLOSE) {
			if (opener)
				return;
			conf_parse_error(p, &l, "unexpected '}'");
			continue;
		}
		if (l.kind == CONF_LINE_OPEN) {
			conf_parse_error(p, &l, "unexpected '{'");
			parse_skip_open_block(p);
			continue;
		}
		parse_keyword(p, t, &l, obj);
	}
	if (opener)
		conf_parse_report_at(p, 1, p->last_file, p->last_line,
		                     "missing '}' at end of file (%s block)", t->name);
}

struct conf_parse *conf_parse_new(struct conf_lex *lx, conf_known_fn *known)
{
	struct conf_parse *p = calloc(1, sizeof(*p));

	if (p) {
		p->lx = lx;
		p->known = known;
	}
	return p;
}

void conf_parse_set_forks(struct conf_parse *p, conf_fork_fn *fork,
                          conf_known_list_fn *known_list)
{
	p->fork = fork;
	p->known_list = known_list;
}

unsigned conf_parse_run(struct conf_parse *p, const struct conf_table *top, void *obj)
{
	p->top = top;
	parse_walk(p, top, obj, NULL);
	return p->errors;
}

unsigned conf_parse_errors(const struct conf_parse *p)
{
	return p->errors;
}

unsigned conf_parse_warnings(const struct conf_parse *p)
{
	return p->warnings;
}

void conf_parse_free(struct conf_parse *p)
{
	free(p);
}

/* ---- typed readers */

int conf_parse_uint(struct conf_parse *p, const struct conf_line *l, int idx,
                    unsigned long min, unsigned long max, unsigned long *out)
{
	const char *s = l->argv[idx];
	char *end;
	unsigned long v;

	/* leading blanks (a quoted " 3") are skipped, as keepalived's reader
	 * does; trailing ones are not (keepalived: "invalid number") */
	s += strspn(s, " \t");
	errno = 0;
	v = strtoul(s, &end, 10);
	if (!isdigit((unsigned char)s[0]) || *end || errno || v < min || v > max) {
		conf_parse_error(p, l, "invalid %s '%s' (expected %lu..%lu)", l->argv[0],
		                 l->argv[idx], min, max);
		return -1;
	}
	*out = v;
	return 0;
}

/* keepalived's "report and carry on" for a bad number: it says so and keeps
 * the value it had.  A warning (the value kept, if the caller names it),
 * -1 and *out untouched; 0 and *out as conf_parse_uint. */
int conf_parse_uint_or(struct conf_parse *p, const struct conf_line *l, int idx,
                       unsigned long min, unsigned long max, unsigned long *out,
                       const char *kept)
{
	const char *s = l->argv[idx] + strspn(l->argv[idx], " \t");
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (isdigit((unsigned char)s[0]) && !*end && !errno && v >= min && v <= max) {
		*out = v;
		return 0;
	}
	conf_parse_warn(p, l, "invalid %s '%s' (expected %lu..%lu); %s%s, as keepalived does",
	                l->argv[0], l->argv[idx], min, max, kept ? "using " : "ignored",
	                kept ? kept : "");
	return -1;
}

int conf_parse_timer_us_or(struct conf_parse *p, const struct conf_line *l, int idx,
                           uint64_t min_us, uint64_t max_us, uint64_t *out, const char *kept)
{
	uint64_t v;

	if (conf_parse_str_timer_us(l->argv[idx], &v) == 0 && v >= min_us && v <= max_us) {
		*out = v;
		return 0;
	}
	if (min_us > 0 && min_us < 1000)
		conf_parse_warn(p, l, "invalid %s '%s' (expected more than 0, at most %g seconds); "
		                "%s%s, as keepalived does", l->argv[0], l->argv[idx],
		                (double)max_us / 1e6, kept ? "using " : "ignored", kept ? kept : "");
	else
		conf_parse_warn(p, l, "invalid %s '%s' (expected %g..%g seconds); %s%s, as "
		                "keepalived does", l->argv[0], l->argv[idx], (double)min_us / 1e6,
		                (double)max_us / 1e6, kept ? "using " : "ignored", kept ? kept : "");
	return -1;
}

int conf_parse_script_words(const struct conf_line *l, bool take_rest, char **cmd,
                            char *words[], int max)
{
	const char *raw = l->raw, *rest;
	int nw = 0;

	if (raw[0] == '"') {
		const char *q = raw + 1;

		while (*q && *q != '"')
			q += (q[0] == '\\' && q[1]) ? 2 : 1;
		*cmd = strndup(raw + 1, (size_t)(q - raw - 1));
		rest = *q ? q + 1 : q;
	} else {
		size_t n = strcspn(raw, " \t");

		*cmd = strndup(raw, n);
		rest = take_rest ? raw + n : "";
	}
	if (*cmd == NULL)
		return -1;
	while (*rest) {
		size_t n;

		rest += strspn(rest, " \t");
		n = strcspn(rest, " \t");
		if (n && nw < max && (words[nw] = strndup(rest, n)) == NULL) {
			while (nw > 0)
				free(words[--nw]);
			free(*cmd);
			*cmd = NULL;
			return -1;
		}
		if (n)
			nw++;
		rest += n;
	}
	return nw;
}

int conf_parse_str_timer_us(const char *s, uint64_t *out)
{
	uint64_t whole = 0, frac = 0, scale = 100000;
	const char *c = s + strspn(s, " \t");   /* as conf_parse_uint */

	if (!isdigit((unsigned char)*c) && !(*c == '.' && isdigit((unsigned char)c[1])))
		return -1;
	for (; isdigit((unsigned char)*c); c++) {
		whole = whole * 10 + (uint64_t)(*c - '0');
		if (whole > UINT32_MAX)
			return -1;
	}
	if (*c == '.') {
		for (c++; isdigit((unsigned char)*c); c++) {
			/* beyond microseconds: keepalived's resolution, ignore */
			frac += (uint64_t)(*c - '0') * scale;
			scale /= 10;
		}
	}
	if (*c)
		return -1;
	*out = whole * 1000000 + frac;
	return 0;
}

int conf_parse_timer_us(struct conf_parse *p, const struct conf_line *l, int idx,
                        uint64_t min_us, uint64_t max_us, uint64_t *out)
{
	uint64_t v;

	if (conf_parse_str_timer_us(l->argv[idx], &v) < 0 || v < min_us || v > max_us) {
		conf_parse_error(p, l, "invalid %s '%s' (expected %g..%g seconds)", l->argv[0],
		                 l->argv[idx], (double)min_us / 1e6, (double)max_us / 1e6);
		return -1;
	}
	*out = v;
	return 0;
}

int conf_parse_accept(struct conf_parse *p, const struct conf_line *l, void *obj, void **child)
{
	(void)p;
	(void)l;
	(void)obj;
	(void)child;
	return 0;
}

int conf_parse_bool(struct conf_parse *p, const struct conf_line *l, int idx, bool *out)
{
	static const char *const on[] = { "on", "true", "yes" }, *const off[] = { "off", "false", "no" };
	const char *s;

	if (idx >= l->argc) {
		*out = true;
		return 0;
	}
	s = l->argv[idx];
	for (int i = 0; i < 3; i++) {
		if (strcmp(s, on[i]) == 0) {
			*out = true;
			return 0;
		}
		if (strcmp(s, off[i]) == 0) {
			*out = false;
			return 0;
		}
	}
	conf_parse_error(p, l, "invalid %s '%s' (expected on|off|true|false|yes|no)",
	                 l->argv[0], s);
	return -1;
}

/* keepalived's check_true_false where it reports a bad value and carries on:
 * warned, the keyword ignored */
void conf_parse_onoff(struct conf_parse *p, const struct conf_line *l, const char *where,
                      uint8_t *cfg)
{
	static const char *const on[] = { "on", "true", "yes" };
	static const char *const off[] = { "off", "false", "no" };

	if (l->argc < 2) {
		*cfg = 1;
		return;
	}
	for (unsigned i = 0; i < 3; i++) {
		if (strcmp(l->argv[1], on[i]) == 0) {
			*cfg = 1;
			return;
		}
		if (strcmp(l->argv[1], off[i]) == 0) {
			*cfg = 2;
			return;
		}
	}
	conf_parse_warn(p, l, "invalid %s%s '%s' (expected on|off|true|false|yes|no); ignored, as "
	                "keepalived does", where, l->argv[0], l->argv[1]);
}

int conf_parse_name(struct conf_parse *p, const struct conf_line *l, int idx,
                    char *buf, unsigned size)
{
	if (strlen(l->argv[idx]) >= size || !l->argv[idx][0]) {
		conf_parse_error(p, l, "invalid %s '%s' (1..%u characters)", l->argv[0],
		                 l->argv[idx], size - 1);
		return -1;
	}
	strcpy(buf, l->argv[idx]);
	return 0;
}
