/* keepalived-compatible splitting of a script command string into argv.
 * Unlike sh(1), escapes are honoured inside both quote kinds, because
 * keepalived's own examples rely on it ('\"s p a c e \"'). */
#include "config.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "argv.h"

static int argv_hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	return tolower(c) - 'a' + 10;
}

/* Decode the escape starting after the backslash at s[*i]; returns the byte. */
static char argv_escape(const char *s, size_t *i)
{
	char c = s[*i];
	int v, n;

	(*i)++;
	switch (c) {
	case 'a': return '\a';
	case 'b': return '\b';
	case 'E': return 0x1b;
	case 'f': return '\f';
	case 'n': return '\n';
	case 'r': return '\r';
	case 't': return '\t';
	case 'v': return '\v';
	case 'x':
		if (!isxdigit((unsigned char)s[*i]))
			return 'x';
		for (v = 0, n = 0; n < 2 && isxdigit((unsigned char)s[*i]); n++)
			v = v * 16 + argv_hexval(s[(*i)++]);
		return (char)v;
	case 'c':
		if (s[*i] == '\0')
			return 'c';
		return (char)(s[(*i)++] & 0x1f);
	default:
		if (c >= '0' && c <= '7') {
			v = c - '0';
			for (n = 1; n < 3 && s[*i] >= '0' && s[*i] <= '7'; n++)
				v = v * 8 + (s[(*i)++] - '0');
			return (char)v;
		}
		return c;
	}
}

void argv_free(char **argv)
{
	if (!argv)
		return;
	for (char **a = argv; *a; a++)
		free(*a);
	free(argv);
}

int argv_count(char *const *argv)
{
	int n = 0;

	while (argv && argv[n])
		n++;
	return n;
}

static int argv_push(char ***v, int *n, const char *w, size_t len)
{
	char **nv = realloc(*v, (size_t)(*n + 2) * sizeof(*nv));

	if (!nv)
		return -1;
	*v = nv;
	nv[*n] = malloc(len + 1);
	if (!nv[*n])
		return -1;
	memcpy(nv[*n], w, len);
	nv[*n][len] = '\0';
	(*n)++;
	nv[*n] = NULL;
	return 0;
}

int argv_split(const char *s, char ***out, const char **why)
{
	size_t len = strlen(s), i = 0, wl = 0;
	char *word = malloc(len + 1);
	char **v = calloc(1, sizeof(*v));
	int n = 0;
	char quote = 0;
	bool inword = false;

	*out = NULL;
	if (!word || !v)
		goto oom;
	while (i < len) {
		char c = s[i];

		if (!quote && (c == ' ' || c == '\t' || c == '\f' || c == '\v' ||
		               c == '\n' || c == '\r')) {
			if (inword && argv_push(&v, &n, word, wl) < 0)
				goto oom;
			inword = false;
			wl = 0;
			i++;
			continue;
		}
		inword = true;
		if (c == '\\' && i + 1 < len) {
			i++;
			word[wl++] = argv_escape(s, &i);
		} else if (!quote && (c == '\'' || c == '"')) {
			quote = c;
			i++;
		} else if (quote && c == quote) {
			quote = 0;
			i++;
		} else {
			word[wl++] = c;
			i++;
		}
	}
	if (quote) {
		*why = quote == '"' ? "unterminated \" in script" : "unterminated ' in script";
		free(word);
		argv_free(v);
		return -1;
	}
	if (inword && argv_push(&v, &n, word, wl) < 0)
		goto oom;
	free(word);
	*out = v;
	return 0;
oom:
	*why = "out of memory";
	free(word);
	argv_free(v);
	return -1;
}
