/* keepalived keywords floatd does not implement (yet), per block, so that
 * they are reported as "not supported" warnings rather than unknown-keyword
 * errors; and the keywords of keepalived's forks, reported as warnings
 * naming the fork.  Block names as in keepalived: "(top)", "global_defs". */
#ifndef FLOATD_CONF_KNOWN_H
#define FLOATD_CONF_KNOWN_H

#include <stdbool.h>

bool conf_known_keyword(const char *block, const char *keyword);
/* The keepalived keywords of a block (NULL-ended), or NULL. */
const char *const *conf_known_list(const char *block);
/* The name of the keepalived fork that has `keyword` in `block`, or NULL. */
const char *conf_fork_keyword(const char *block, const char *keyword);

#endif
