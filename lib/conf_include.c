/* keepalived.conf include family (part of the lexer, see conf_lex.c):
 * opening files onto the source stack, include/includer/includem/includew/
 * includeb/includea with glob(3) patterns, depth and loop checks.  Files and
 * matches come from conf_source.c (the disk, or a snapshot of it). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf_lex_int.h"

static char *lex_dirname(const char *path)
{
	const char *sl = strrchr(path, '/');

	if (!sl)
		return strdup(".");
	if (sl == path)
		return strdup("/");
	return strndup(path, (size_t)(sl - path));
}

int conf_include_push_file(struct conf_lex *lx, const char *path, struct lex_src *parent)
{
	struct lex_src *s;
	const char *data;
	size_t len;
	uint64_t dev, ino;
	int r = conf_source_file(lx, path, &data, &len, &dev, &ino);

	if (r < 0) {
		errno = -r;
		return -1;
	}
	s = calloc(1, sizeof(*s));
	if (!s || !(s->dir = lex_dirname(path))) {
		free(s);
		errno = ENOMEM;
		return -1;
	}
	s->is_file = true;
	s->text = data;
	s->len = len;
	lx->opened++;
	s->file = conf_lex_intern(lx, path);
	s->dev = dev;
	s->ino = ino;
	s->parent = parent;
	s->depth = parent ? parent->depth + 1 : 0;
	s->up = lx->src;
	lx->src = s;
	return 0;
}

enum {
	LEX_INC_READABLE = 1, LEX_INC_MATCH = 2, LEX_INC_WILDCARD = 4, LEX_INC_BRACE = 8,
};

static int lex_include_kind(const char *w)
{
	static const struct { const char *name; int checks; } kinds[] = {
		{ "include", 0 },
		{ "includer", LEX_INC_READABLE },
		{ "includem", LEX_INC_MATCH | LEX_INC_READABLE },
		{ "includew", LEX_INC_WILDCARD | LEX_INC_READABLE },
		{ "includeb", LEX_INC_BRACE | LEX_INC_READABLE },
		{ "includea", LEX_INC_READABLE | LEX_INC_MATCH | LEX_INC_WILDCARD | LEX_INC_BRACE },
	};

	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strcmp(w, kinds[i].name) == 0)
			return kinds[i].checks;
	return -1;
}

static bool lex_in_chain(struct lex_src *s, uint64_t dev, uint64_t ino)
{
	for (; s; s = s->parent)
		if (s->is_file && s->dev == dev && s->ino == ino)
			return true;
	return false;
}

static void lex_include(struct conf_lex *lx, const char *kw, const char *pat, int checks,
                        const char *file, int lineno)
{
	struct lex_src *cur = lx->src;
	const char *dir = cur ? cur->dir : ".";
	bool wild;
	char *full;
	const char *list, **paths;
	size_t n, len;

	if (!*pat) {
		conf_lex_report(lx, 1, file, lineno, "'%s' needs a file name", kw);
		return;
	}
	if (cur && cur->depth >= CONF_LEX_INCLUDE_DEPTH) {
		conf_lex_report(lx, 1, file, lineno,
		                "include nesting deeper than %d levels (include loop?)",
		                CONF_LEX_INCLUDE_DEPTH);
		return;
	}
	if (lx->opened >= CONF_LEX_INCLUDE_OPENS) {
		if (!lx->over_opens)
			conf_lex_report(lx, 1, file, lineno,
			                "more than %d files included (include fan-out?), "
			                "ignoring further includes", CONF_LEX_INCLUDE_OPENS);
		lx->over_opens = true;
		return;
	}
	if (pat[0] == '/' || strcmp(dir, ".") == 0)
		full = strdup(pat);
	else if (asprintf(&full, "%s/%s", dir, pat) < 0)
		full = NULL;
	if (!full)
		return;
	wild = strpbrk(pat, "*?[{") != NULL;
	n = conf_source_glob(lx, full, &list, &len);
	if (n == 0) {
		if ((wild && (checks & (LEX_INC_WILDCARD | LEX_INC_BRACE))) ||
		    (!wild && (checks & LEX_INC_MATCH)))
			conf_lex_report(lx, 1, file, lineno, "%s '%s': no file matches",
			                kw, full);
		free(full);
		return;
	}
	paths = calloc(n, sizeof(*paths));
	if (!paths) {
		free(full);
		return;
	}
	for (size_t i = 0, off = 0; i < n; i++, off += strlen(list + off) + 1)
		paths[i] = list + off;
	/* push in reverse so the first match is read first */
	for (size_t i = n; i-- > 0;) {
		const char *data;
		size_t dlen;
		uint64_t dev, ino;

		if (conf_source_file(lx, paths[i], &data, &dlen, &dev, &ino) == 0 &&
		    lex_in_chain(cur, dev, ino)) {
			conf_lex_report(lx, 1, file, lineno,
			                "include loop: '%s' is already being read", paths[i]);
			continue;
		}
		if (conf_include_push_file(lx, paths[i], cur) < 0 &&
		    (checks & LEX_INC_READABLE))
			conf_lex_report(lx, 1, file, lineno, "%s: cannot read '%s': %s",
			                kw, paths[i], strerror(errno));
	}
	free(paths);
	free(full);
}

bool conf_include_line(struct conf_lex *lx, const char *s, const char *file, int line)
{
	size_t n = strcspn(s, " \t");
	char kw[16], *pat;
	int checks;

	if (n >= sizeof(kw))
		return false;
	memcpy(kw, s, n);
	kw[n] = '\0';
	if ((checks = lex_include_kind(kw)) < 0)
		return false;
	s += n;
	while (lex_blank(*s))
		s++;
	n = strlen(s);
	if (n >= 2 && s[0] == '"' && s[n - 1] == '"')
		pat = strndup(s + 1, n - 2);
	else
		pat = strdup(s);
	if (pat) {
		lex_restore(pat);
		lex_include(lx, kw, pat, checks, file, line);
		free(pat);
	}
	return true;
}
