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

char *
conf_placeholder_neutralise(const char *line)
{
	/* each placeholder is at least 3 bytes and NEUTRAL is 11: at most
	 * 11/3 of the line, plus the terminator */
	char *out = malloc(strlen(line) * 4 + 1), *o = out;
	bool quoted = false;

	if (out == NULL)
		return NULL;
	for (const char *s = line; *s != '\0';) {
		size_t n = 0;

		if (*s == '"')
			quoted = !quoted;
		else if (!quoted)
			n = placeholder_at(s);
		if (n > 0) {
			memcpy(o, NEUTRAL, sizeof(NEUTRAL) - 1);
			o += sizeof(NEUTRAL) - 1;
			s += n;
			continue;
		}
		*o++ = *s++;
	}
	*o = '\0';
	return out;
}
