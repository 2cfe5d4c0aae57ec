/* keepalived.conf lexer (see conf_lex.h).  The order of the per-line steps
 * follows keepalived's reader: comments, $NAME= continuation, @id, $NAME=,
 * expansion (repeated, re-stripping comments), then words and braces.
 * It must not interpret keywords other than the include family.
 * $NAME parameters live in conf_param.c, the include family and file
 * opening in conf_include.c; the shared state is in conf_lex_int.h. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf_lex_int.h"
#include "conf_placeholder.h"

#define LEX_EXPAND_PASSES 16
#define LEX_TEXT_DEPTH 12     /* a self-referencing value could double each level */
/* lines from ~SEQ / ~LST loops per load: bounds ~SEQ(i, 1, 2000000000)
 * with a text that has no parameter (one that has is bounded sooner by
 * LEX_EXPAND_BUDGET) */
#define LEX_SEQ_LINES_MAX (1u << 18)
#define LEX_EXPAND_BUDGET (1u << 20)  /* bytes produced by expansion per load */

void conf_lex_report(struct conf_lex *lx, int is_error, const char *file, int line,
                     const char *fmt, ...)
{
	char msg[1400];
	va_list ap;

	for (unsigned i = 0; i < lx->n_quiet; i++)
		if (lx->quiet[i].line == line && file != NULL && strcmp(lx->quiet[i].file, file) == 0)
			return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (lx->rep.fn)
		lx->rep.fn(lx->rep.arg, is_error, file, line, msg);
}

const char *conf_lex_intern(struct conf_lex *lx, const char *name)
{
	char **nf;

	for (unsigned i = 0; i < lx->n_files; i++)
		if (strcmp(lx->files[i], name) == 0)
			return lx->files[i];
	nf = realloc(lx->files, (lx->n_files + 1) * sizeof(*nf));
	if (!nf)
		return "?";
	lx->files = nf;
	nf[lx->n_files] = strdup(name);
	if (!nf[lx->n_files])
		return "?";
	return nf[lx->n_files++];
}

/* ---- sources */

static void lex_src_free(struct lex_src *s)
{
	free(s->own_text);
	free(s->dir);
	free(s);
}

static void lex_pop(struct conf_lex *lx)
{
	struct lex_src *s = lx->src;

	lx->src = s->up;
	if (s->is_file && lx->ml_name) {
		/* a multi-line definition ends with its file */
		conf_param_define(lx, lx->ml_name, lx->ml_val ? lx->ml_val : "");
		free(lx->ml_name);
		free(lx->ml_val);
		lx->ml_name = lx->ml_val = NULL;
	}
	conf_seq_free(s->seq);
	lex_src_free(s);
}

static void lex_push_text(struct conf_lex *lx, char *text, const char *file, int line)
{
	struct lex_src *s = calloc(1, sizeof(*s));
	struct lex_src *cur = lx->src;

	if (!s) {
		free(text);
		return;
	}
	s->text = s->own_text = text;
	s->len = strlen(text);
	s->file = file;
	s->line = line;
	s->dir = strdup(cur ? cur->dir : ".");
	s->parent = cur;
	s->depth = cur ? cur->depth : 0;
	s->text_depth = cur ? cur->text_depth + 1 : 1;
	if (cur) {
		s->dev = cur->dev;
		s->ino = cur->ino;
	}
	s->up = lx->src;
	lx->src = s;
}

/* ---- comments, words, braces */

/* Strip a comment in place; returns the trimmed start. */
static char *lex_strip(char *s)
{
	bool dq = false;
	size_t r, w, end;

	for (r = w = 0; s[r]; r++) {
		char c = s[r];

		if (dq) {
			if (c == '\\' && s[r + 1] == '"') {
				s[w++] = c;
				c = s[++r];
			} else if (c == '"') {
				dq = false;
			}
			s[w++] = c;
			continue;
		}
		if (c == '\\' && (s[r + 1] == '#' || s[r + 1] == '!')) {
			s[w++] = s[++r] == '#' ? LEX_HASH : LEX_BANG;
			continue;
		}
		if (c == '#' || c == '!')
			break;
		if (c == '"')
			dq = true;
		s[w++] = c;
	}
	s[w] = '\0';
	while (lex_blank(*s))
		s++;
	end = strlen(s);
	while (end > 0 && lex_blank(s[end - 1]))
		s[--end] = '\0';
	return s;
}

static struct conf_line *lex_pend_new(struct conf_lex *lx, enum conf_line_kind kind,
                                      const char *file, int line)
{
	struct conf_line *l;

	if (lx->n_pend == lx->cap_pend) {
		unsigned cap = lx->cap_pend ? lx->cap_pend * 2 : 8;
		struct conf_line *np = realloc(lx->pend, cap * sizeof(*np));

		if (!np)
			return NULL;
		lx->pend = np;
		lx->cap_pend = cap;
	}
	l = &lx->pend[lx->n_pend++];
	memset(l, 0, sizeof(*l));
	l->kind = kind;
	l->file = file;
	l->line = line;
	return l;
}

static void lex_line_free(struct conf_line *l)
{
	for (int i = 0; i < l->argc; i++)
		free(l->argv[i]);
	free(l->argv);
	if (l->raw && *l->raw)
		free((char *)l->raw);
}

static void lex_pend_clear(struct conf_lex *lx)
{
	for (unsigned i = 0; i < lx->n_pend; i++)
		lex_line_free(&lx->pend[i]);
	lx->n_pend = lx->i_pend = 0;
}

struct lex_words {
	char **argv;
	int argc;
	size_t raw_start, raw_end;
};

static void lex_flush(struct conf_lex *lx, struct lex_words *w, const char *s,
                      const char *file, int line)
{
	struct conf_line *l;

	if (!w->argc)
		return;
	l = lex_pend_new(lx, CONF_LINE_WORDS, file, line);
	if (!l) {
		for (int i = 0; i < w->argc; i++)
			free(w->argv[i]);
		free(w->argv);
	} else {
		l->argc = w->argc;
		l->argv = w->argv;
		l->raw = "";
		if (w->argc > 1) {
			char *raw = strndup(s + w->raw_start, w->raw_end - w->raw_start);

			if (raw) {
				lex_restore(raw);
				l->raw = raw;
			}
		}
	}
	memset(w, 0, sizeof(*w));
}

static int lex_word_add(struct lex_words *w, char *tok)
{
	char **nv;

	if (!tok)
		return -1;
	nv = realloc(w->argv, (size_t)(w->argc + 2) * sizeof(*nv));
	if (!nv) {
		free(tok);
		return -1;
	}
	lex_restore(tok);
	w->argv = nv;
	nv[w->argc++] = tok;
	nv[w->argc] = NULL;
	return 0;
}

/* Words and braces of one processed line into pending logical lines.
 * Braces outside quotes split lines, as keepalived's reader does. */
static void lex_tokenise(struct conf_lex *lx, const char *s, const char *file, int line)
{
	struct lex_words w = { 0 };
	size_t i = 0, n = strlen(s);

	while (i < n) {
		size_t st, j;
		char *tok;

		while (i < n && lex_blank(s[i]))
			i++;
		if (i >= n)
			break;
		if (s[i] == '{' || s[i] == '}') {
			lex_flush(lx, &w, s, file, line);
			lex_pend_new(lx, s[i] == '{' ? CONF_LINE_OPEN : CONF_LINE_CLOSE, file, line);
			i++;
			continue;
		}
		st = i;
		if (s[i] == '"') {
			/* no escapes at this level, but \" does not end the word so
			 * that script strings can carry it to argv_split() */
			for (j = i + 1; j < n && s[j] != '"'; j++)
				if (s[j] == '\\' && s[j + 1] == '"')
					j++;
			if (j >= n) {
				conf_lex_report(lx, 1, file, line, "unmatched '\"' (line ignored)");
				for (int k = 0; k < w.argc; k++)
					free(w.argv[k]);
				free(w.argv);
				return;
			}
			tok = strndup(s + i + 1, j - i - 1);
			i = j + 1;
		} else {
			j = i + strcspn(s + i, " \t\f\v\r{}\"");
			tok = strndup(s + i, j - i);
			i = j;
		}
		if (w.argc == 1)
			w.raw_start = st;
		w.raw_end = i;
		lex_word_add(&w, tok);
	}
	lex_flush(lx, &w, s, file, line);
}

/* ---- one physical line */

static void lex_condition(struct conf_lex *lx, char **sp, bool *keep)
{
	char *s = *sp;
	size_t k = 1;
	bool neg = s[1] == '^';
	size_t idlen;
	bool match;

	while (s[k] && !lex_blank(s[k]))
		k++;
	idlen = k - 1 - neg;
	match = strlen(lx->config_id) == idlen &&
	        strncmp(lx->config_id, s + 1 + neg, idlen) == 0;
	*keep = neg ? !match : match;
	s += k;
	while (lex_blank(*s))
		s++;
	*sp = s;
	if (!*s)
		*keep = false;    /* a lone @id line is dropped */
}

/* LEX_QUIET_MAX lines with placeholders are quieted; past that every
 * report stays (a file of placeholders is not worth more memory) */
#define LEX_QUIET_MAX 4096

/* A finished line goes to include handling or the tokeniser.  A template
 * placeholder in it is reported once; the line is then read with the
 * placeholder as a plain word, so blocks still open and close where the
 * template meant them to, and further reports about the line are dropped. */
static void lex_emit(struct conf_lex *lx, const char *s, const char *file, int line)
{
	size_t n;
	const char *ph = conf_placeholder_find(s, &n);
	char *neutral = NULL;

	if (ph != NULL && strncmp(ph, "${_RANDOM", 9) == 0 && (ph[9] == ' ' || ph[9] == '\t')) {
		conf_lex_report(lx, 1, file, line, "invalid '%.*s': ${_RANDOM} takes at most two "
		                "numbers, MIN and MAX", (int)(n > 60 ? 60 : n), ph);
	} else if (ph != NULL && strncmp(ph, "${_", 3) == 0) {
		/* names starting '_' are keepalived's; a definition cannot use them */
		conf_lex_report(lx, 1, file, line, "unknown built-in parameter '%.*s' (keepalived "
		                "defines _PWD, _INSTANCE, _RANDOM, _ENV, _HASH and _BANG)",
		                (int)(n > 60 ? 60 : n), ph);
	} else if (ph != NULL) {
		conf_lex_report(lx, 1, file, line, "unsubstituted template placeholder '%.*s' "
		                "(did a templating step not run?)", (int)(n > 60 ? 60 : n), ph);
	}
	if (ph != NULL) {
		if (lx->n_quiet < LEX_QUIET_MAX) {
			void *q = realloc(lx->quiet, (lx->n_quiet + 1) * sizeof(*lx->quiet));

			if (q != NULL) {
				lx->quiet = q;
				lx->quiet[lx->n_quiet].file = file;
				lx->quiet[lx->n_quiet].line = line;
				lx->n_quiet++;
			}
		}
		neutral = conf_placeholder_neutralise(s);
		if (neutral != NULL)
			s = neutral;
	}
	if (!conf_include_line(lx, s, file, line))
		lex_tokenise(lx, s, file, line);
	free(neutral);
}

/* A ~SEQ / ~LST line: its loop becomes a source on the stack (lex_read). */
static void lex_loop(struct conf_lex *lx, const char *s, const char *file, int line)
{
	const char *why;
	struct lex_seq *q;
	struct lex_src *src;
	char *empty;

	if (lx->seq_over)
		return;     /* reported once, when the budget ran out */
	if (lx->src && lx->src->text_depth >= LEX_TEXT_DEPTH) {
		conf_lex_report(lx, 1, file, line, "~SEQ / ~LST loops and multi-line parameters "
		                "nested deeper than %d levels (line ignored)", LEX_TEXT_DEPTH);
		return;
	}
	q = conf_seq_parse(lx, s, &why, file, line);
	if (!q) {
		conf_lex_report(lx, 1, file, line, "invalid %.4s specification '%s': %s "
		                "(line ignored)", s, s, why);
		return;
	}
	if (!(empty = strdup(""))) {
		conf_seq_free(q);
		return;
	}
	lex_push_text(lx, empty, file, line);
	src = lx->src;
	if (!src || src->line != line || src->seq || src->is_file) {
		conf_seq_free(q);
		return;
	}
	src->seq = q;
}

/* A line inside a multi-line $NAME= definition: appended to the value; a
 * line not ending in '\' ends the definition. */
static void lex_ml_append(struct conf_lex *lx, char *s)
{
	size_t n = strlen(s);
	bool cont = n > 0 && s[n - 1] == '\\';
	char *nv;

	if (cont) {
		s[--n] = '\0';
		while (n > 0 && lex_blank(s[n - 1]))
			s[--n] = '\0';
	}
	nv = malloc(strlen(lx->ml_val) + n + 2);
	if (nv) {
		sprintf(nv, "%s%s%s", lx->ml_val, s, cont ? "\n" : "");
		free(lx->ml_val);
		lx->ml_val = nv;
	}
	if (!cont) {
		conf_param_define(lx, lx->ml_name, lx->ml_val);
		free(lx->ml_name);
		free(lx->ml_val);
		lx->ml_name = lx->ml_val = NULL;
	}
}

/* A $NAME=value line (the name is n bytes after the '$'): defines the
 * parameter, or starts a multi-line definition when it ends in '\'. */
static void lex_define(struct conf_lex *lx, char *s, size_t n, const char *file, int line)
{
	char *name = strndup(s + 1, n), *val = s + n + 2;

	while (lex_blank(*val))
		val++;
	if (!name)
		return;
	if (name[0] == '_') {
		conf_lex_report(lx, 1, file, line,
		                "parameter name '%s' is reserved (starts with '_')", name);
		free(name);
		return;
	}
	n = strlen(val);
	if (n > 0 && val[n - 1] == '\\') {
		val[--n] = '\0';
		while (n > 0 && lex_blank(val[n - 1]))
			val[--n] = '\0';
		lx->ml_name = name;
		lx->ml_val = malloc(n + 2);
		if (lx->ml_val)
			sprintf(lx->ml_val, "%s%s", val, n ? "\n" : "");
		else
			lx->ml_val = strdup("");
		return;
	}
	conf_param_define(lx, name, val);
	free(name);
}

/* An expanded line holding a multi-line value: its lines are read as if
 * inline, from a text source on the stack. */
static void lex_push_value_lines(struct conf_lex *lx, const char *s, const char *file, int line)
{
	char *text;

	if (lx->src && lx->src->text_depth >= LEX_TEXT_DEPTH) {
		conf_lex_report(lx, 1, file, line, "multi-line parameters nested deeper "
		                "than %d levels (recursive definition?)", LEX_TEXT_DEPTH);
		return;
	}
	text = strdup(s);
	if (text)
		lex_push_text(lx, text, file, line);
}

/* Expansion pass number `pass` over *sp.  true: *sp is the expanded line
 * (held in *owned), to be read again; false: the line is done (emitted
 * when nothing was left to expand, pushed as text, or reported). */
static bool lex_expand_once(struct conf_lex *lx, char **sp, char **owned, int pass,
                            const char *file, int line)
{
	bool changed = false;
	char *e, *s;

	if (pass >= LEX_EXPAND_PASSES) {
		conf_lex_report(lx, 1, file, line,
		                "parameter expansion does not terminate (line ignored)");
		return false;
	}
	if (lx->over_budget)
		return false;
	e = conf_param_expand_pass(lx, *sp, &changed, pass == 0, file, line);
	if (e && changed && (lx->expanded += strlen(e)) > LEX_EXPAND_BUDGET) {
		/* self-referencing values grow exponentially: stop, once */
		conf_lex_report(lx, 1, file, line, "parameter expansion exceeds %u bytes in "
		                "total (recursive definition?), ignoring further expansions",
		                LEX_EXPAND_BUDGET);
		lx->over_budget = true;
		free(e);
		return false;
	}
	if (!e) {
		conf_lex_report(lx, 1, file, line,
		                "line too long after parameter expansion (ignored)");
		return false;
	}
	if (!changed) {
		free(e);
		lex_emit(lx, *sp, file, line);
		return false;
	}
	free(*owned);
	*owned = e;
	/* keepalived strips comments again after substituting: a '#' or
	 * '!' now outside quotes (from ${_HASH}, a value, or an earlier
	 * "\#") starts one */
	lex_restore(e);
	*sp = s = lex_strip(e);
	if (strchr(s, '\n')) {
		lex_push_value_lines(lx, s, file, line);
		return false;
	}
	if (strlen(s) > CONF_LEX_LINE_MAX) {
		conf_lex_report(lx, 1, file, line,
		                "line too long after parameter expansion (ignored)");
		return false;
	}
	return true;
}

static void lex_physical(struct conf_lex *lx, char *buf, const char *file, int line)
{
	bool empty = buf[0] == '\0';
	char *s = lex_strip(buf), *owned = NULL;
	size_t n;

	/* keepalived: only an empty line ends a multi-line definition early;
	 * a comment (or blank) line inside it is skipped */
	if (lx->ml_name && !empty && !*s)
		return;
	if (lx->ml_name) {
		lex_ml_append(lx, s);
		return;
	}
	for (int pass = 0; *s; pass++) {
		bool keep;

		if (s[0] == '@') {
			lex_condition(lx, &s, &keep);
			if (!keep)
				break;
		}
		if ((n = conf_param_def_name(s))) {
			lex_define(lx, s, n, file, line);
			break;
		}
		if (strncmp(s, "~SEQ", 4) == 0 || strncmp(s, "~LST", 4) == 0) {
			lex_loop(lx, s, file, line);
			break;
		}
		if (!lex_expand_once(lx, &s, &owned, pass, file, line))
			break;
	}
	free(owned);
}

/* Read one physical line from the source stack; 0 when all are done.
 * A file's bytes are in memory (the snapshot's copy): lines end at '\n',
 * one '\r' before it is dropped, as getline() reading used to. */
static int lex_read(struct conf_lex *lx)
{
	while (lx->src) {
		struct lex_src *src = lx->src;
		const char *t = src->text + src->pos, *nl;
		char buf[CONF_LEX_LINE_MAX + 1];
		size_t len;

		if (src->seq) {
			const char *text = lx->seq_over ? NULL : conf_seq_next(lx, src->seq);

			if (!text) {
				lex_pop(lx);
				continue;
			}
			if (++lx->seq_lines > LEX_SEQ_LINES_MAX) {
				conf_lex_report(lx, 1, src->file, src->line, "~SEQ / ~LST loops produce "
				                "more than %u lines in total, the rest is ignored",
				                LEX_SEQ_LINES_MAX);
				lx->seq_over = true;   /* every loop still open ends now */
				lex_pop(lx);
				continue;
			}
			if (strlen(text) > CONF_LEX_LINE_MAX) {
				lex_pop(lx);
				continue;
			}
			strcpy(buf, text);
			lex_physical(lx, buf, src->file, src->line);
			return 1;
		}
		if (src->pos >= src->len) {
			lex_pop(lx);
			continue;
		}
		nl = memchr(t, '\n', src->len - src->pos);
		len = nl ? (size_t)(nl - t) : src->len - src->pos;
		src->pos += len + (nl ? 1 : 0);
		if (!src->is_file) {
			/* a multi-line value keeps the line of its definition */
			if (len > CONF_LEX_LINE_MAX) {
				conf_lex_report(lx, 1, src->file, src->line,
				                "line too long (more than %d bytes), ignored",
				                CONF_LEX_LINE_MAX);
				return 1;
			}
			memcpy(buf, t, len);
			buf[len] = '\0';
			lex_physical(lx, buf, src->file, src->line);
			return 1;
		}
		src->line++;
		if (len > 0 && t[len - 1] == '\r')
			len--;
		if (memchr(t, '\0', len)) {
			conf_lex_report(lx, 1, src->file, src->line,
			                "line contains a NUL byte, ignored");
			return 1;
		}
		if (len > CONF_LEX_LINE_MAX) {
			conf_lex_report(lx, 1, src->file, src->line,
			                "line too long (more than %d bytes), ignored",
			                CONF_LEX_LINE_MAX);
			return 1;
		}
		memcpy(buf, t, len);
		buf[len] = '\0';
		lex_physical(lx, buf, src->file, src->line);
		return 1;
	}
	return 0;
}

/* ---- public */

int conf_lex_next(struct conf_lex *lx, struct conf_line *out)
{
	for (;;) {
		if (lx->i_pend < lx->n_pend) {
			struct conf_line *l = &lx->pend[lx->i_pend++];

			*out = *l;
			return 1;
		}
		lex_pend_clear(lx);
		if (!lex_read(lx))
			return 0;
	}
}

struct conf_lex *conf_lex_open_snap(const char *path, const char *config_id,
                                    const struct conf_report *rep, struct conf_snap *snap,
                                    bool replay)
{
	struct conf_lex *lx = calloc(1, sizeof(*lx));

	if (!lx)
		return NULL;
	if (rep)
		lx->rep = *rep;
	lx->snap = snap;
	lx->replay = snap && replay;
	if (!snap) {
		/* a private record: a file included twice is read once */
		lx->snap = conf_snap_new();
		lx->snap_owned = true;
	}
	lx->config_id = strdup(config_id ? config_id : "");
	if (!lx->config_id || !lx->snap) {
		if (lx->snap_owned)
			conf_snap_free(lx->snap);
		free(lx->config_id);
		free(lx);
		return NULL;
	}
	if (conf_include_push_file(lx, path, NULL) < 0)
		conf_lex_report(lx, 1, conf_lex_intern(lx, path), 0, "cannot read: %s",
		                strerror(errno));
	return lx;
}

struct conf_lex *conf_lex_open(const char *path, const char *config_id,
                               const struct conf_report *rep)
{
	return conf_lex_open_snap(path, config_id, rep, NULL, false);
}

char **conf_lex_take_files(struct conf_lex *lx, unsigned *n)
{
	char **f = lx->files;

	*n = lx->n_files;
	lx->files = NULL;
	lx->n_files = 0;
	return f;
}

void conf_lex_close(struct conf_lex *lx)
{
	if (!lx)
		return;
	while (lx->src)
		lex_pop(lx);
	lex_pend_clear(lx);
	free(lx->pend);
	while (lx->vars) {
		struct lex_var *v = lx->vars;

		lx->vars = v->next;
		free(v->name);
		free(v->value);
		free(v);
	}
	for (unsigned i = 0; i < lx->n_files; i++)
		free(lx->files[i]);
	free(lx->files);
	free(lx->quiet);
	free(lx->ml_name);
	free(lx->ml_val);
	free(lx->config_id);
	if (lx->snap_owned)
		conf_snap_free(lx->snap);
	free(lx);
}
