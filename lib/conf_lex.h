/* keepalived.conf lexer: turns files into logical lines of words, each with
 * file:line.  Owns comments, brace splitting, quoting, include/glob, $NAME
 * parameters and @id conditions.  Knows no keyword except the include family.
 * Never logs: every problem goes to the caller's report callback. */
#ifndef FLOATD_LIB_CONF_LEX_H
#define FLOATD_LIB_CONF_LEX_H

#include <stdbool.h>

#define CONF_LEX_LINE_MAX 1023   /* keepalived's logical line limit */
#define CONF_LEX_INCLUDE_DEPTH 16
/* files read per load, each inclusion counted: a few include lines per file
 * over a chain of files multiply (3 per level over 10 levels is 3^9 files) */
#define CONF_LEX_INCLUDE_OPENS 10000

enum conf_line_kind {
	CONF_LINE_WORDS,   /* keyword and arguments */
	CONF_LINE_OPEN,    /* a '{' (braces always form lines of their own) */
	CONF_LINE_CLOSE,   /* a '}' */
};

struct conf_line {
	enum conf_line_kind kind;
	const char *file;   /* interned; lives until the lexer's files are freed */
	int line;
	int argc;
	char **argv;        /* NULL-terminated; double quotes removed */
	const char *raw;    /* text after argv[0], verbatim (quotes kept), "" if none */
};

/* is_error: 0 = warning, 1 = error.  line 0 = the whole file. */
struct conf_report {
	void (*fn)(void *arg, int is_error, const char *file, int line, const char *msg);
	void *arg;
};

struct conf_lex;

/* config_id selects @id lines ("" or NULL: only @^id lines are kept).
 * Never fails except for memory; a missing file is reported, then EOF. */
struct conf_lex *conf_lex_open(const char *path, const char *config_id,
                               const struct conf_report *rep);
/* The same, with every answer from the system (each file's bytes, include
 * glob matches, ${_ENV} values) taken from `snap` (replay: the system is
 * never asked; a question the snapshot lacks gets "no such file") or, with
 * replay false, asked of the system and recorded into `snap`. */
struct conf_snap;
struct conf_lex *conf_lex_open_snap(const char *path, const char *config_id,
                                    const struct conf_report *rep, struct conf_snap *snap,
                                    bool replay);
/* 1 and *out filled (valid until the next call), or 0 at the end. */
int conf_lex_next(struct conf_lex *, struct conf_line *out);
void conf_lex_report(struct conf_lex *, int is_error, const char *file, int line,
                     const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Hand over the interned file names (then conf_lex_close keeps them). */
char **conf_lex_take_files(struct conf_lex *, unsigned *n);
void conf_lex_close(struct conf_lex *);

#endif
