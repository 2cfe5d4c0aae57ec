/* keepalived.conf $NAME parameters (part of the lexer, see conf_lex.c):
 * definitions, the predefined ${_NAME}s and one expansion pass.  The
 * line-level loop (repeat passes, budget, multi-line values) stays in
 * conf_lex.c because it is interleaved with comments and @id. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf_lex_int.h"

#define LEX_EXPAND_MAX 65536

static struct lex_var *lex_var_find(struct conf_lex *lx, const char *name, size_t len)
{
	for (struct lex_var *v = lx->vars; v; v = v->next)
		if (strlen(v->name) == len && strncmp(v->name, name, len) == 0)
			return v;
	return NULL;
}

void conf_param_define(struct conf_lex *lx, const char *name, const char *value)
{
	struct lex_var *v = lex_var_find(lx, name, strlen(name));
	char *nv = strdup(value);

	if (!nv)
		return;
	if (v) {
		free(v->value);
		v->value = nv;
		return;
	}
	v = calloc(1, sizeof(*v));
	if (!v || !(v->name = strdup(name))) {
		free(v);
		free(nv);
		return;
	}
	v->value = nv;
	v->next = lx->vars;
	lx->vars = v;
}

static bool lex_namechar(char c, bool first)
{
	return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (!first && c >= '0' && c <= '9');
}

size_t conf_param_def_name(const char *s)
{
	size_t n = 1;

	if (s[0] != '$' || !lex_namechar(s[1], true))
		return 0;
	while (lex_namechar(s[n], n == 1))
		n++;
	return s[n] == '=' ? n - 1 : 0;
}

/* A value that starts a loop line (after blanks) */
static bool lex_value_is_loop(const char *v)
{
	return v[strspn(v, " \t")] == '~';
}

struct lex_buf {
	char *p;
	size_t len, cap;
	bool overflow;
};

static void lex_buf_add(struct lex_buf *b, const char *s, size_t n)
{
	if (b->overflow)
		return;
	if (b->len + n + 1 > LEX_EXPAND_MAX) {
		b->overflow = true;
		return;
	}
	if (b->len + n + 1 > b->cap) {
		size_t cap = (b->len + n + 1) * 2;
		char *np = realloc(b->p, cap);

		if (!np) {
			b->overflow = true;
			return;
		}
		b->p = np;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

/* ${_RANDOM [MIN [MAX]]}: keepalived's range (0..32767 by default), drawn
 * from a generator seeded once per load (conf_source.c records the seed,
 * so the checker child gets the same values).  False if the arguments are
 * not 0 to 2 numbers (the text stays as it is). */
static bool lex_random(struct conf_lex *lx, const char *args, size_t len, struct lex_buf *b,
                       bool warn, const char *file, int line)
{
	unsigned long v[2] = { 0, 32767 };
	char tmp[64], out[24];
	const char *p;
	int n = 0;
	uint64_t z;

	snprintf(tmp, sizeof(tmp), "%.*s", (int)len, args);
	for (p = tmp + strspn(tmp, " \t"); *p; p += strspn(p, " \t")) {
		char *end;

		if (n == 2 || *p < '0' || *p > '9')
			return false;   /* left as is: lex_emit() reports it once */
		v[n++] = strtoul(p, &end, 10);
		p = end;
	}
	(void)warn;   /* replaced when valid, so reported once in any pass */
	if (v[0] > v[1]) {
		/* keepalived: "min exceeds max, using min" */
		conf_lex_report(lx, 0, file, line, "${_RANDOM}: min %lu exceeds max %lu, using %lu",
		                v[0], v[1], v[0]);
		v[1] = v[0];
	}
	if (!lx->have_random) {
		lx->rand_state = conf_source_random_seed(lx);
		lx->have_random = true;
	}
	/* splitmix64: small, and the same sequence in parent and child */
	z = (lx->rand_state += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	z ^= z >> 31;
	snprintf(out, sizeof(out), "%lu", (unsigned long)(z % (v[1] - v[0] + 1) + v[0]));
	lex_buf_add(b, out, strlen(out));
	return true;
}

/* ${_NAME args}: the predefined names (keepalived 2.2: _PWD, _INSTANCE,
 * _RANDOM, _ENV, _HASH, _BANG).  Returns false to leave it as is.  _HASH
 * and _BANG give a real '#' / '!': outside quotes the rest of the line is
 * then a comment, as in keepalived (the expanded line is stripped again). */
static bool lex_predef(struct conf_lex *lx, const char *in, size_t len, struct lex_buf *b,
                       bool warn, const char *file, int line)
{
	const char *dir = lx->src ? lx->src->dir : ".";

	if (len == 4 && strncmp(in, "_PWD", 4) == 0)
		lex_buf_add(b, dir, strlen(dir));
	else if (len == 5 && strncmp(in, "_HASH", 5) == 0)
		lex_buf_add(b, "#", 1);
	else if (len == 5 && strncmp(in, "_BANG", 5) == 0)
		lex_buf_add(b, "!", 1);
	else if (len >= 7 && strncmp(in, "_RANDOM", 7) == 0 && (len == 7 || lex_blank(in[7])))
		return lex_random(lx, in + 7, len - 7, b, warn, file, line);
	else if (len == 9 && strncmp(in, "_INSTANCE", 9) == 0)
		lex_buf_add(b, lx->config_id, strlen(lx->config_id));
	else if (len > 5 && strncmp(in, "_ENV", 4) == 0 && lex_blank(in[4])) {
		char name[256];
		const char *v;
		size_t k = 5;

		while (k < len && lex_blank(in[k]))
			k++;
		snprintf(name, sizeof(name), "%.*s", (int)(len - k), in + k);
		v = conf_source_env(lx, name);
		if (v)
			lex_buf_add(b, v, strlen(v));
	} else {
		return false;
	}
	return true;
}

char *conf_param_expand_pass(struct conf_lex *lx, const char *in, bool *changed, bool warn,
                             const char *file, int line)
{
	struct lex_buf b = { 0 };
	size_t i = 0;

	lex_buf_add(&b, "", 0);
	while (in[i]) {
		const char *close;
		struct lex_var *v;
		size_t k;

		if (in[i] != '$') {
			k = strcspn(in + i, "$");
			lex_buf_add(&b, in + i, k);
			i += k;
			continue;
		}
		if (in[i + 1] == '{' && (close = strchr(in + i + 2, '}'))) {
			size_t n = (size_t)(close - (in + i + 2));

			/* a definition of the same name overrides a predefined one */
			if ((v = lex_var_find(lx, in + i + 2, n))) {
				lex_buf_add(&b, v->value, strlen(v->value));
				*changed = true;
				i += n + 3;
				if (lex_value_is_loop(v->value))
					break;
				continue;
			}
			if (in[i + 2] == '_' && lex_predef(lx, in + i + 2, n, &b, warn, file, line)) {
				*changed = true;
				i += n + 3;
				continue;
			}
			lex_buf_add(&b, in + i, n + 3);
			i += n + 3;
			continue;
		}
		k = i + 1;
		while (lex_namechar(in[k], k == i + 1))
			k++;
		if (k > i + 1 && (in[k] == '\0' || lex_blank(in[k]) || in[k] == ',' ||
		                  in[k] == ')') &&
		    (v = lex_var_find(lx, in + i + 1, k - i - 1))) {
			lex_buf_add(&b, v->value, strlen(v->value));
			*changed = true;
			i = k;
			if (lex_value_is_loop(v->value))
				break;
			continue;
		}
		if (k > i + 1 && in[i + 1] == '_' && (in[k] == '\0' || lex_blank(in[k])) &&
		    lex_predef(lx, in + i + 1, k - i - 1, &b, warn, file, line)) {
			*changed = true;   /* $_PWD without braces, as keepalived */
		} else {
			lex_buf_add(&b, in + i, k - i);
		}
		i = k;
	}
	/* the rest of a line after a ~SEQ / ~LST value is the loop's text,
	 * expanded per value, not now (keepalived stops there too) */
	if (in[i])
		lex_buf_add(&b, in + i, strlen(in + i));
	if (b.overflow) {
		free(b.p);
		return NULL;
	}
	return b.p;
}
