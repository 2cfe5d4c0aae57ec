/* Keyword suggestions (see conf_suggest.h). */
#include <string.h>

#include "conf_parse.h"
#include "conf_suggest.h"

#define WORD_MAX 64

unsigned
conf_suggest_distance(const char *a, const char *b, unsigned limit)
{
	/* three rows of the classic table are enough for the swap rule */
	unsigned r0[WORD_MAX + 1], r1[WORD_MAX + 1], r2[WORD_MAX + 1];
	unsigned *prev2 = r0, *prev = r1, *cur = r2;
	size_t la = strlen(a), lb = strlen(b);

	if (la > WORD_MAX || lb > WORD_MAX)
		return limit + 1;
	if ((la > lb ? la - lb : lb - la) > limit)
		return limit + 1;
	for (size_t j = 0; j <= lb; j++)
		prev[j] = (unsigned)j;
	for (size_t i = 1; i <= la; i++) {
		unsigned row_min;
		unsigned *t;

		cur[0] = (unsigned)i;
		row_min = cur[0];
		for (size_t j = 1; j <= lb; j++) {
			unsigned cost = a[i - 1] != b[j - 1];
			unsigned v = prev[j] + 1;

			if (cur[j - 1] + 1 < v)
				v = cur[j - 1] + 1;
			if (prev[j - 1] + cost < v)
				v = prev[j - 1] + cost;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    prev2[j - 2] + 1 < v)
				v = prev2[j - 2] + 1;
			cur[j] = v;
			if (v < row_min)
				row_min = v;
		}
		if (row_min > limit)
			return limit + 1;
		t = prev2;
		prev2 = prev;
		prev = cur;
		cur = t;
	}
	return prev[lb] > limit ? limit + 1 : prev[lb];
}

const char *
conf_suggest_keyword_in(const struct conf_table *t, const char *const *more,
                        const char *word)
{
	size_t len = strlen(word);
	unsigned limit = len / 3 < 2 ? (unsigned)(len / 3) : 2, best_d;
	const char *best = NULL;
	const struct conf_kw *part;

	if (limit == 0)
		return NULL;
	best_d = limit + 1;
	for (unsigned i = 0; (part = conf_table_part(t, i)) != NULL; i++)
		for (const struct conf_kw *kw = part; kw->name != NULL; kw++) {
			unsigned d;

			if (kw->kind == CONF_KW_OTHER)   /* a table's catch-all row */
				continue;
			d = conf_suggest_distance(word, kw->name, limit);
			if (d < best_d) {
				best_d = d;
				best = kw->name;
			}
		}
	/* floatd's own keywords win a tie */
	for (; more != NULL && *more != NULL; more++) {
		unsigned d = conf_suggest_distance(word, *more, limit);

		if (d < best_d) {
			best_d = d;
			best = *more;
		}
	}
	return best;
}

const char *
conf_suggest_keyword(const struct conf_table *t, const char *word)
{
	return conf_suggest_keyword_in(t, NULL, word);
}

/* Depth-first over the block tables (they form a small tree; `depth` stops
 * a table that would list itself). */
static const char *
find_block(const struct conf_table *t, const struct conf_table *here, const char *word,
           int depth)
{
	const struct conf_kw *part;

	if (depth > 8)
		return NULL;
	if (t != here)
		for (unsigned i = 0; (part = conf_table_part(t, i)) != NULL; i++)
			for (const struct conf_kw *kw = part; kw->name != NULL; kw++)
				if (strcmp(kw->name, word) == 0)
					return t->name;
	for (unsigned i = 0; (part = conf_table_part(t, i)) != NULL; i++)
		for (const struct conf_kw *kw = part; kw->name != NULL; kw++)
			if (kw->sub != NULL) {
				const char *found = find_block(kw->sub, here, word, depth + 1);

				if (found != NULL)
					return found;
			}
	return NULL;
}

const char *
conf_suggest_block(const struct conf_table *top, const struct conf_table *here, const char *word)
{
	return find_block(top, here, word, 0);
}

struct near_any {
	const char *word, *best, *block;
	unsigned limit, best_d;
	const char *const *(*more)(const char *block);
};

static void near_consider(struct near_any *n, const char *name, const char *block)
{
	unsigned d = conf_suggest_distance(n->word, name, n->limit);

	if (d < n->best_d) {
		n->best_d = d;
		n->best = name;
		n->block = block;
	}
}

static void near_walk(struct near_any *n, const struct conf_table *t, int depth)
{
	const struct conf_kw *part;

	if (depth > 8)
		return;
	for (unsigned i = 0; (part = conf_table_part(t, i)) != NULL; i++)
		for (const struct conf_kw *kw = part; kw->name != NULL; kw++)
			if (kw->kind != CONF_KW_OTHER)
				near_consider(n, kw->name, t->name);
	for (const char *const *m = n->more ? n->more(t->name) : NULL; m && *m; m++)
		near_consider(n, *m, t->name);
	for (unsigned i = 0; (part = conf_table_part(t, i)) != NULL; i++)
		for (const struct conf_kw *kw = part; kw->name != NULL; kw++)
			if (kw->sub != NULL && kw->sub != t)
				near_walk(n, kw->sub, depth + 1);
}

const char *
conf_suggest_anywhere(const struct conf_table *top,
                      const char *const *(*more)(const char *block), const char *word,
                      const char **block)
{
	size_t len = strlen(word);
	struct near_any n = { .word = word, .more = more };

	n.limit = len / 3 < 2 ? (unsigned)(len / 3) : 2;
	*block = NULL;
	if (n.limit == 0)
		return NULL;
	n.best_d = n.limit + 1;
	near_walk(&n, top, 0);
	*block = n.block;
	return n.best;
}
