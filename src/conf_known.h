/* keepalived keywords floatd does not implement (yet), per block, so that
 * they are reported as "not supported" warnings rather than unknown-keyword
 * errors.  Block names as in keepalived: "(top)", "global_defs", ... */
#ifndef FLOATD_CONF_KNOWN_H
#define FLOATD_CONF_KNOWN_H

#include <stdbool.h>

bool conf_known_keyword(const char *block, const char *keyword);

#endif
