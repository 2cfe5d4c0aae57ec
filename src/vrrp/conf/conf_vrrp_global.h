/* The VRRP process's global_defs keywords (src/vrrp/conf/conf_vrrp_global.c):
 * a sub-table of src/conf_global.c's global_defs table.  Pure. */
#ifndef FLOATD_VRRP_CONF_GLOBAL_H
#define FLOATD_VRRP_CONF_GLOBAL_H

#include "conf_parse.h"

/* Rows fill struct floatd_conf (vrrp_conf_types.h). */
extern const struct conf_table vrrp_conf_global_table;

#endif
