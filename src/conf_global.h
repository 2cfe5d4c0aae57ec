/* global_defs keyword table (src/conf_global.c: its own rows, then the
 * subsystems' sub-tables); the block fills struct floatd_conf. */
#ifndef FLOATD_CONF_GLOBAL_H
#define FLOATD_CONF_GLOBAL_H

#include "conf_parse.h"

extern const struct conf_table conf_global_table;
/* top level: net_namespace NAME, net_namespace_ipvs [NAME] (the row's arg) */
enum conf_global_netns_kw { CONF_GLOBAL_NETNS = 1, CONF_GLOBAL_NETNS_IPVS };
int conf_global_net_namespace(struct conf_parse *, const struct conf_line *, void *obj,
                              void **child);

#endif
