/* Shell-like splitting of keepalived script strings (notify_*, script):
 * ' and " quote, adjacent pieces join, backslash escapes as keepalived's
 * man page [Quoted strings] describes.  Pure: no I/O, no logging. */
#ifndef FLOATD_LIB_ARGV_H
#define FLOATD_LIB_ARGV_H

/* Split `s` into a NULL-terminated, malloc'd argv (free with argv_free).
 * Returns 0, or -1 with *why set to a static reason (unterminated quote,
 * out of memory).  An empty or all-blank string gives argc 0. */
int argv_split(const char *s, char ***out, const char **why);
void argv_free(char **argv);
int argv_count(char *const *argv);

#endif
