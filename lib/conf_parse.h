/* Generic keyword-table walker over conf_lex lines: nested keyword blocks,
 * value blocks, unknown/unsupported keywords skipped with their block, and
 * typed value readers that report "file:line: ..." with the token quoted.
 * Knows no keyword itself; tables come from each feature's config readers. */
#ifndef FLOATD_LIB_CONF_PARSE_H
#define FLOATD_LIB_CONF_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "conf_lex.h"

struct conf_parse;

enum conf_kw_kind {
	CONF_KW_SIMPLE,   /* keyword [args] */
	CONF_KW_BLOCK,    /* keyword [args] { keyword lines of `sub` } */
	CONF_KW_VALUES,   /* keyword { item lines, each passed to `item` } */
	/* Fallback (name unused): a line whose first word is neither in the table
	 * nor a keepalived keyword of the block goes to fn(obj, child NULL);
	 * 0 = taken (fn reports any warning), -1 = the usual "unknown keyword". */
	CONF_KW_OTHER,
};

struct conf_table;

struct conf_kw {
	const char *name;
	enum conf_kw_kind kind;
	int min_args, max_args;  /* words after the keyword; max -1 = any */
	/* SIMPLE: apply the line to obj.  BLOCK/VALUES: set *child to the object
	 * the block fills (NULL or a -1 return: the block is skipped). */
	int (*fn)(struct conf_parse *, const struct conf_line *, void *obj, void **child);
	const struct conf_table *sub;                                          /* BLOCK */
	int (*item)(struct conf_parse *, const struct conf_line *, void *child); /* VALUES */
	/* Which field or variant a handler shared by several rows fills: a value
	 * of that handler's own enum, read with conf_parse_kw_arg().  Such
	 * enums start at 1, so a row that forgets its argument (0) or names one
	 * the handler does not know is an error (conf_parse_bad_arg), never a
	 * silent write to some default field. */
	int arg;
};

struct conf_table {
	const char *name;             /* "vrrp_instance", "(top)": messages, known-list */
	const struct conf_kw *kws;    /* ends with a { NULL } entry */
	/* Optional (NULL: none): more tables whose rows belong to this block,
	 * ending with NULL, so that each subsystem lists its own keywords of a
	 * shared block (global_defs).  A keyword is looked up in `kws`, then in
	 * each of these in order; the first row of that name is the one, so a
	 * name repeated in a later table is never reached (the global_defs
	 * tables are checked for that by unit check_conf).  Only their `kws`
	 * are read: their name is for the reader, their own `more` is unused. */
	const struct conf_table *const *more;
};

/* The rows of block `t`, part by part: part 0 is t->kws, part i the kws of
 * t->more[i - 1]; NULL past the last.  Every walk over a block's keywords
 * goes through this, so the sub-tables count wherever the rows do. */
static inline const struct conf_kw *conf_table_part(const struct conf_table *t, unsigned i)
{
	if (i == 0)
		return t->kws;
	if (t->more == NULL)
		return NULL;
	for (unsigned j = 0; j < i - 1; j++)
		if (t->more[j] == NULL)
			return NULL;
	return t->more[i - 1] != NULL ? t->more[i - 1]->kws : NULL;
}

/* The first row named `name` in block `t` (its own rows, then its
 * sub-tables'), a CONF_KW_OTHER row never; NULL if none. */
const struct conf_kw *conf_table_find(const struct conf_table *t, const char *name);

/* For keywords not in a table: true if keepalived knows it in that block
 * (then it is a warning, else an error). */
typedef bool conf_known_fn(const char *block, const char *keyword);

struct conf_parse *conf_parse_new(struct conf_lex *lx, conf_known_fn *known);

/* Optional, for keywords in no table and not keepalived's.  `fork`: the
 * name of the keepalived fork that defines it in that block (Alibaba LVS,
 * DPVS, ...), or NULL; such a keyword is a warning naming the fork and its
 * block is skipped.  `known_list`: the keepalived keywords of a block (NULL
 * if none), so that did-you-mean also offers keywords floatd only warns
 * about (lvs_sync_daemon_inteface -> lvs_sync_daemon_interface). */
typedef const char *conf_fork_fn(const char *block, const char *keyword);
typedef const char *const *conf_known_list_fn(const char *block);
void conf_parse_set_forks(struct conf_parse *, conf_fork_fn *fork,
                          conf_known_list_fn *known_list);
/* Walk every line of the lexer against `top`.  Returns the errors so far. */
unsigned conf_parse_run(struct conf_parse *, const struct conf_table *top, void *obj);
unsigned conf_parse_errors(const struct conf_parse *);
unsigned conf_parse_warnings(const struct conf_parse *);
void conf_parse_free(struct conf_parse *);

void conf_parse_error(struct conf_parse *, const struct conf_line *, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void conf_parse_warn(struct conf_parse *, const struct conf_line *, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void conf_parse_report_at(struct conf_parse *, int is_error, const char *file, int line,
                          const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* The `arg` of the table row whose handler is running (0 outside one). */
int conf_parse_kw_arg(const struct conf_parse *);
/* A handler's answer to an `arg` it does not know: reports
 * "internal error: keyword 'K' has no field (table argument N)" and
 * returns -1. */
int conf_parse_bad_arg(struct conf_parse *, const struct conf_line *);

/* Typed readers for argv[idx]; on a bad value they report an error naming
 * the keyword and quoting the token, and return -1. */
int conf_parse_uint(struct conf_parse *, const struct conf_line *, int idx,
                    unsigned long min, unsigned long max, unsigned long *out);
/* A keepalived <TIMER>: decimal seconds, fractions to the microsecond. */
int conf_parse_timer_us(struct conf_parse *, const struct conf_line *, int idx,
                        uint64_t min_us, uint64_t max_us, uint64_t *out);
/* The same two for values keepalived reports and then ignores, keeping what
 * it had: a warning ("...; using KEPT, as keepalived does", or "ignored"
 * when kept is NULL), -1 and *out untouched. */
int conf_parse_uint_or(struct conf_parse *, const struct conf_line *, int idx,
                       unsigned long min, unsigned long max, unsigned long *out,
                       const char *kept);
int conf_parse_timer_us_or(struct conf_parse *, const struct conf_line *, int idx,
                           uint64_t min_us, uint64_t max_us, uint64_t *out, const char *kept);
/* A keyword whose meaning floatd always has (the row says why): accepted,
 * nothing to store, no warning. */
int conf_parse_accept(struct conf_parse *, const struct conf_line *, void *obj, void **child);
/* [<BOOL>]: a missing argument means on. */
int conf_parse_bool(struct conf_parse *, const struct conf_line *, int idx, bool *out);
/* KEYWORD [<BOOL>] as keepalived's check_true_false (smtp_alert & co): no
 * word is on (*cfg = 1), on|true|yes 1, off|false|no 2; another word is
 * warned about ("invalid WHEREKEYWORD ...") and *cfg left as it was. */
void conf_parse_onoff(struct conf_parse *, const struct conf_line *, const char *where,
                      uint8_t *cfg);
/* Copy argv[idx] into a fixed buffer (interface names); error if too long. */
int conf_parse_name(struct conf_parse *, const struct conf_line *, int idx,
                    char *buf, unsigned size);

/* A script keyword's line, keepalived style: the command is the first word
 * of the raw text (usually double-quoted and kept whole, since argv_split()
 * splits it again shell-like), then the words after it (USER [GROUP] ...).
 * With take_rest false an unquoted command ends the line.  Stores the first
 * `max` words in words[] (the caller frees them and *cmd) and returns how
 * many words there were in all, or -1 on ENOMEM. */
int conf_parse_script_words(const struct conf_line *, bool take_rest, char **cmd,
                            char *words[], int max);

/* Pure helpers, also used by tests. */
int conf_parse_str_timer_us(const char *s, uint64_t *out);

#endif
