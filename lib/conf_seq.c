/* keepalived.conf ~SEQ / ~SEQx / ~LST loops (part of the lexer, see
 * conf_lex.c).  A loop line "~SEQ(VAR, START, STEP, END) TEXT" reads TEXT
 * once per value with $VAR set to it; "~LST(VAR, v1, v2...) TEXT" or
 * "~LST({A, B}, {a1, b1}, {a2, b2}...) TEXT" once per value set.  The loop
 * is a source on the lexer's stack (conf_lex.c), so a nested loop or a
 * multi-line parameter in TEXT is read whole before the next value, and
 * the parameters stay defined afterwards: keepalived 2.2's order and
 * scoping.  The spec is read the way keepalived's reader reads it,
 * quirks included (a missing comma is taken as one), so a file means the
 * same to both. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf_lex_int.h"

#define SEQ_SPEC_MAX 64            /* keepalived: three longs and separators */

struct lex_seq {
	bool is_list, hex;
	char *var;                 /* ~SEQ */
	long next, step, last;
	char **names;              /* ~LST: n_names names, n_sets * n_names values */
	char **values;
	unsigned n_names, n_sets, set;
	unsigned n_values;         /* allocated, incomplete last set included */
	char *text;                /* read once per value */
	bool done;
};

static const char *skip_blank(const char *p)
{
	return p + strspn(p, " \t");
}

void conf_seq_free(struct lex_seq *q)
{
	if (!q)
		return;
	free(q->var);
	for (unsigned i = 0; i < q->n_names; i++)
		free(q->names[i]);
	for (unsigned i = 0; i < q->n_values; i++)
		free(q->values[i]);
	free(q->names);
	free(q->values);
	free(q->text);
	free(q);
}

/* The numbers of ~SEQ(...): 1 to 3 of them, as keepalived reads them
 * (strtol base 0, so 0x90 works).  0, or -1 and *why. */
static int seq_numbers(struct lex_seq *q, const char *args, const char **why)
{
	long v[3];
	int n = 0;
	const char *p = args;
	char *end;

	for (;;) {
		errno = 0;
		v[n++] = strtol(p, &end, 0);
		if (errno) {
			*why = "number out of range";
			return -1;
		}
		p = skip_blank(end);
		if (*p == ')')
			break;
		if (*p != ',' || n == 3) {
			*why = "expected ',' or ')'";
			return -1;
		}
		p++;
	}
	if (n == 1) {
		q->last = v[0];
		q->step = q->last < 1 ? -1 : 1;
		q->next = q->last < 0 ? -1 : 1;
	} else if (n == 2) {
		q->next = v[0];
		q->last = v[1];
		q->step = q->next <= q->last ? 1 : -1;
	} else {
		q->next = v[0];
		q->step = v[1];
		q->last = v[2];
		if (q->step == 0 || (q->next < q->last && q->step < 0) ||
		    (q->next > q->last && q->step > 0)) {
			*why = "the step does not lead from start to end";
			return -1;
		}
	}
	if (q->hex && (q->next < 0 || q->last < 0)) {
		*why = "~SEQx takes positive numbers only";
		return -1;
	}
	return 0;
}

/* ~SEQ(VAR, ...) or ~SEQx(VAR, ...); p after "~SEQ".  The numbers may be
 * parameters ($MAX), expanded here. */
static int seq_parse(struct conf_lex *lx, struct lex_seq *q, const char *p, const char **why,
                     const char *file, int line)
{
	const char *var, *close;
	char args[SEQ_SPEC_MAX + 1], *x = NULL;
	size_t n;
	int r;

	if (*p == 'x') {
		q->hex = true;
		p++;
	}
	p = skip_blank(p);
	if (*p++ != '(') {
		*why = "expected '('";
		return -1;
	}
	var = p = skip_blank(p);
	p += strcspn(p, " \t,)");
	n = (size_t)(p - var);
	p = skip_blank(p);
	if (!*p || *p == ')' || n == 0 || var[0] == '{') {
		*why = "expected a parameter name and numbers";
		return -1;
	}
	/* keepalived steps over the separator without looking at it */
	p = skip_blank(p + 1);
	close = strchr(p, ')');
	if (!close) {
		*why = "missing ')'";
		return -1;
	}
	if ((size_t)(close + 1 - p) > SEQ_SPEC_MAX) {
		*why = "the numbers are too long";
		return -1;
	}
	memcpy(args, p, (size_t)(close + 1 - p));
	args[close + 1 - p] = '\0';
	if (strchr(args, '$')) {
		bool changed = false;

		x = conf_param_expand_pass(lx, args, &changed, false, file, line);
		if (!x || strchr(x, '\n')) {
			free(x);
			*why = "a number is not a one-line parameter";
			return -1;
		}
	}
	r = seq_numbers(q, x ? x : args, why);
	free(x);
	if (r < 0)
		return -1;
	if (!(q->var = strndup(var, n)))
		return -1;
	q->text = strdup(skip_blank(close + 1));
	return q->text ? 0 : -1;
}

static int list_add(char ***v, unsigned n, const char *s, size_t len)
{
	char **nv = realloc(*v, (n + 1) * sizeof(*nv));

	if (!nv)
		return -1;
	*v = nv;
	return (nv[n] = strndup(s, len)) ? 0 : -1;
}

/* ~LST(VAR, v1, v2...) or ~LST({A, B}, {a1, b1}, ...); p after "~LST".
 * A set with fewer values leaves the others empty, as keepalived does. */
static int lst_parse(struct lex_seq *q, const char *p, const char **why)
{
	char end_char = ',';

	q->is_list = true;
	p = skip_blank(p);
	if (*p++ != '(') {
		*why = "expected '('";
		return -1;
	}
	p = skip_blank(p);
	if (*p == '{') {
		end_char = '}';
		p = skip_blank(p + 1);
	}
	for (;;) {
		size_t n = strcspn(p, " \t,}");

		if (list_add(&q->names, q->n_names, p, n) < 0)
			return -1;
		q->n_names++;
		p = skip_blank(p + n);
		if (*p == end_char)
			break;
		if (*p != ',') {
			*why = "expected ',' between parameter names";
			return -1;
		}
		p = skip_blank(p + 1);
	}
	if (*p == '}')
		p = skip_blank(p + 1);
	if (*p++ != ',') {
		*why = "expected ',' before the values";
		return -1;
	}
	p = skip_blank(p);
	for (;;) {
		unsigned got = 0;

		end_char = ',';
		if (*p == '{') {
			end_char = '}';
			p = skip_blank(p + 1);
		}
		for (;;) {
			size_t n = strcspn(p, " \t,})");

			if (got == q->n_names) {
				*why = "more values than parameter names";
				return -1;
			}
			if (list_add(&q->values, q->n_values, p, n) < 0)
				return -1;
			q->n_values++;
			got++;
			p = skip_blank(p + n);
			if (*p == end_char || (*p == ')' && end_char == ','))
				break;
			if (*p != ',') {
				*why = "expected ',' between values";
				return -1;
			}
			p = skip_blank(p + 1);
		}
		for (; got < q->n_names; got++) {
			if (list_add(&q->values, q->n_values, "", 0) < 0)
				return -1;
			q->n_values++;
		}
		q->n_sets++;
		if (*p == '}' && end_char == '}')
			p = skip_blank(p + 1);
		if (*p == ')')
			break;
		if (*p != ',') {
			*why = "expected ',' or ')' after a value set";
			return -1;
		}
		p = skip_blank(p + 1);
	}
	q->text = strdup(skip_blank(p + 1));
	return q->text ? 0 : -1;
}

struct lex_seq *conf_seq_parse(struct conf_lex *lx, const char *s, const char **why,
                               const char *file, int line)
{
	struct lex_seq *q = calloc(1, sizeof(*q));
	int r;

	*why = "out of memory";
	if (!q)
		return NULL;
	if (strncmp(s, "~SEQ", 4) == 0)
		r = seq_parse(lx, q, s + 4, why, file, line);
	else
		r = lst_parse(q, s + 4, why);
	if (r < 0) {
		conf_seq_free(q);
		return NULL;
	}
	return q;
}

const char *conf_seq_next(struct conf_lex *lx, struct lex_seq *q)
{
	if (q->done)
		return NULL;
	if (!q->is_list) {
		char val[32];
		long nx;

		if (q->hex)
			snprintf(val, sizeof(val), "%lx", (unsigned long)q->next);
		else
			snprintf(val, sizeof(val), "%ld", q->next);
		conf_param_define(lx, q->var, val);
		/* stop before the value would pass the end (or overflow) */
		if (__builtin_add_overflow(q->next, q->step, &nx) ||
		    (q->step > 0 && nx > q->last) || (q->step < 0 && nx < q->last))
			q->done = true;
		else
			q->next = nx;
		return q->text;
	}
	for (unsigned i = 0; i < q->n_names; i++)
		conf_param_define(lx, q->names[i], q->values[q->set * q->n_names + i]);
	if (++q->set == q->n_sets)
		q->done = true;
	return q->text;
}
