/* "Did you mean ...?" for unknown keywords: the nearest keyword of a table
 * by edit distance, and the block a keyword belongs to when it was written
 * in the wrong one.  Pure. */
#ifndef FLOATD_CONF_SUGGEST_H
#define FLOATD_CONF_SUGGEST_H

#include <stddef.h>

struct conf_table;

/* Damerau-Levenshtein distance (adjacent swaps count 1), case-sensitive;
 * stops counting past `limit` (returns limit + 1 then). */
unsigned conf_suggest_distance(const char *a, const char *b, unsigned limit);

/* The keyword of `t` (its rows, then its sub-tables': conf_table_part)
 * closest to `word`, if it is close enough to be a typo (at most 2 edits,
 * and at most a third of the word), else NULL; the first found wins a tie. */
const char *conf_suggest_keyword(const struct conf_table *t, const char *word);
/* The same over `t` and a NULL-ended list of more names (keepalived's
 * keywords of that block that floatd does not implement; NULL: none). */
const char *conf_suggest_keyword_in(const struct conf_table *t, const char *const *more,
                                    const char *word);

/* The keyword closest to `word` in any block reachable from `top` (its
 * table and, with `more`, keepalived's keywords of it), as a typo: for a
 * keyword of another block mistyped too.  *block: the block's name. */
const char *conf_suggest_anywhere(const struct conf_table *top,
                                  const char *const *(*more)(const char *block),
                                  const char *word, const char **block);

/* The name of a block reachable from `top` (not `here`) whose table has
 * `word` as a keyword, else NULL: "'interface' belongs in vrrp_instance". */
const char *conf_suggest_block(const struct conf_table *top, const struct conf_table *here,
                               const char *word);

#endif
