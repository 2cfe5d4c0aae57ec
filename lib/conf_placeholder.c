/* Template placeholder detection (see conf_placeholder.h). */
#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "conf_placeholder.h"

#define NEUTRAL "placeholder"

/* Length of a placeholder starting at s, or 0. */
static size_t
placeholder_at(const char *s)
{
	const char *e;

	/* Jinja / Go templates / Mustache: {{ x }}, {% ... %}, {# ... #} */
	if (s[0] == '{' && (s[1] == '{' || s[1] == '%' || s[1] == '#')) {
		char close[3] = { s[1] == '{' ? '}' : s[1], '}', '\0' };

		e = strstr(s + 2, close);
		return e != NULL ? (size_t)(e + 2 - s) : strlen(s);
	}
	/* <name> as in documentation and blog posts: a letter first, then
	 * letters, digits, '_', '-', '.', ' ' */
	if (s[0] == '<' && isalpha((unsigned char)s[1])) {
		size_t i = 2;

		while (isalnum((unsigned char)s[i]) || s[i] == '_' || s[i] == '-' || s[i] == '.' ||
		       s[i] == ' ')
			i++;
		return s[i] == '>' ? i + 1 : 0;
	}
	/* __NAME__ (sed / envsubst style): capitals, digits and '_' */
	if (s[0] == '_' && s[1] == '_' && isupper((unsigned char)s[2])) {
		size_t i = 3;

		while (isupper((unsigned char)s[i]) || isdigit((unsigned char)s[i]) ||
		       (s[i] == '_' && s[i + 1] != '_'))
			i++;
		return s[i] == '_' && s[i + 1] == '_' ? i + 2 : 0;
	}
	/* ${NAME} still there after parameter expansion: never defined */
	if (s[0] == '$' && s[1] == '{' && (isalpha((unsigned char)s[2]) || s[2] == '_')) {
		e = strchr(s + 2, '}');
		return e != NULL ? (size_t)(e + 1 - s) : 0;
	}
	return 0;
}

const char *
conf_placeholder_find(const char *line, size_t *len)
{
	bool quoted = false;

	for (const char *s = line; *s != '\0'; s++) {
		size_t n;

		if (*s == '"') {
			quoted = !quoted;
			continue;
		}
		if (quoted)
			continue;
		n = placeholder_at(s);
		if (n > 0) {
			*len = n;
			return s;
		}
	}
	return NULL;
}

/* Walks the line as conf_placeholder_neutralise() writes it; with out NULL
 * only counts.  Returns the output length without the terminator. */
static size_t
neutralise(const char *line, char *out)
{
	bool quoted = false;
	size_t len = 0;

	for (const char *s = line; *s != '\0';) {
		size_t n = 0;

		if (*s == '"')
			quoted = !quoted;
		else if (!quoted)
			n = placeholder_at(s);
		if (n > 0) {
			if (out != NULL)
				memcpy(out + len, NEUTRAL, sizeof(NEUTRAL) - 1);
			len += sizeof(NEUTRAL) - 1;
			s += n;
			continue;
		}
		if (out != NULL)
			out[len] = *s;
		len++;
		s++;
	}
	return len;
}

char *
conf_placeholder_neutralise(const char *line)
{
	/* sized by a counting pass: an unclosed "{{" at the end of a line is a
	 * 2-byte placeholder that becomes 11 bytes, so no fixed ratio holds */
	size_t len = neutralise(line, NULL);
	char *out = malloc(len + 1);

	if (out == NULL)
		return NULL;
	neutralise(line, out);
	out[len] = '\0';
	return out;
}
