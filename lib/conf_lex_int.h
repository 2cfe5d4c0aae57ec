/* Private to the keepalived.conf lexer (conf_lex.c, conf_param.c,
 * conf_include.c): the lexer state and the calls between its parts.
 * Nothing outside lib/conf_*.c includes this. */
#ifndef FLOATD_LIB_CONF_LEX_INT_H
#define FLOATD_LIB_CONF_LEX_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "conf_lex.h"
#include "conf_snap.h"

/* `\#`, `\!`, ${_HASH} and ${_BANG} survive comment stripping as these
 * bytes and become '#' / '!' only when words are built. */
#define LEX_HASH '\001'
#define LEX_BANG '\002'

struct lex_seq;

struct lex_src {
	bool is_file;          /* a file, or else an expanded multi-line value */
	struct lex_seq *seq;   /* a ~SEQ / ~LST loop (conf_seq.c), or NULL */
	const char *text;      /* a file's bytes (owned by the snapshot) or the value */
	char *own_text;        /* the value, freed with the source */
	size_t pos, len;
	const char *file;      /* interned */
	char *dir;             /* for relative includes and ${_PWD} */
	int line;
	int depth;             /* include depth */
	int text_depth;        /* nesting of multi-line parameter values */
	uint64_t dev, ino;
	struct lex_src *up;     /* stack order */
	struct lex_src *parent; /* who included us: for loop detection */
};

struct lex_var {
	char *name, *value;
	struct lex_var *next;
};

struct conf_lex {
	struct lex_src *src;
	struct lex_var *vars;
	char *config_id;
	struct conf_report rep;
	char **files;
	unsigned n_files;
	struct conf_line *pend;
	unsigned n_pend, i_pend, cap_pend;
	char *ml_name, *ml_val;   /* multi-line $NAME= being collected */
	size_t expanded;          /* against LEX_EXPAND_BUDGET */
	bool over_budget;
	struct conf_snap *snap;   /* every answer from the system (conf_source.c) */
	bool snap_owned;          /* a private one: freed with the lexer */
	bool replay;              /* answer only from snap, never the system */
	unsigned opened;          /* against CONF_LEX_INCLUDE_OPENS */
	/* lines that held a template placeholder: reported once, every other
	 * report about them (the cascade) is dropped */
	struct { const char *file; int line; } *quiet;
	unsigned n_quiet;
	bool over_opens;
	unsigned long seq_lines;  /* lines read from ~SEQ / ~LST loops, per load */
	bool seq_over;            /* ... past LEX_SEQ_LINES_MAX: loops ignored */
	bool have_random;         /* rand_state seeded (conf_source_random_seed) */
	uint64_t rand_state;      /* ${_RANDOM}: replayed in the checker child */
};

static inline bool lex_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\f' || c == '\v' || c == '\r';
}

static inline void lex_restore(char *s)
{
	for (; *s; s++) {
		if (*s == LEX_HASH)
			*s = '#';
		else if (*s == LEX_BANG)
			*s = '!';
	}
}

/* conf_lex.c */
const char *conf_lex_intern(struct conf_lex *lx, const char *name);

/* conf_param.c: $NAME=value definitions and ${NAME} / $NAME expansion */
void conf_param_define(struct conf_lex *lx, const char *name, const char *value);
/* Length of NAME in "$NAME=...", or 0 if s is not a definition. */
size_t conf_param_def_name(const char *s);
/* One expansion pass over `in`.  *changed tells whether anything was replaced.
 * NULL if the result would exceed the expansion limit (or memory). */
char *conf_param_expand_pass(struct conf_lex *lx, const char *in, bool *changed, bool warn,
                             const char *file, int line);

/* conf_source.c: the lexer's only questions to the system, answered from
 * the snapshot (replay) or from the system and recorded in it.  File bytes
 * stay owned by the snapshot. */
#define CONF_LEX_FILE_MAX (16u << 20)
/* 0 and the file's bytes and identity, or -errno. */
int conf_source_file(struct conf_lex *lx, const char *path, const char **data, size_t *len,
                     uint64_t *dev, uint64_t *ino);
/* The paths matching `pattern` (glob(3) with GLOB_BRACE), each NUL-ended,
 * in *list; returns their number (0: none matched). */
size_t conf_source_glob(struct conf_lex *lx, const char *pattern, const char **list,
                        size_t *len);
/* ${_ENV NAME}: the value, or NULL if unset. */
const char *conf_source_env(struct conf_lex *lx, const char *name);
/* ${_RANDOM}'s seed: drawn once per load and recorded, or replayed. */
uint64_t conf_source_random_seed(struct conf_lex *lx);

/* conf_seq.c: ~SEQ / ~SEQx / ~LST loops */
/* The loop of a line starting "~SEQ" or "~LST", or NULL and *why. */
struct lex_seq *conf_seq_parse(struct conf_lex *lx, const char *s, const char **why,
                               const char *file, int line);
/* Defines the next value's parameter(s) and returns the text to read;
 * NULL when the loop is done. */
const char *conf_seq_next(struct conf_lex *lx, struct lex_seq *q);
void conf_seq_free(struct lex_seq *q);

/* conf_include.c: files on the source stack, the include family */
/* Open `path` as a new source on top of the stack.  Returns 0, or -1 with
 * errno set (nothing pushed). */
int conf_include_push_file(struct conf_lex *lx, const char *path, struct lex_src *parent);
/* The include family is recognised on the whole line, before braces split
 * it, so that csh-style {a,b} patterns survive.  True if it was one. */
bool conf_include_line(struct conf_lex *lx, const char *s, const char *file, int line);

#endif
