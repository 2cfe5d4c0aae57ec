/* global_defs keyword table (src/conf_global.c); the block fills struct floatd_conf. */
#ifndef FLOATD_CONF_GLOBAL_H
#define FLOATD_CONF_GLOBAL_H

#include "conf_parse.h"

extern const struct conf_table conf_global_table;

#endif
