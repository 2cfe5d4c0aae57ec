/* Notify FIFO configuration (src/vrrp/conf/conf_fifo.c): the global_defs
 * keywords notify_fifo, vrrp_notify_fifo, lvs_notify_fifo (FILE [USER
 * [GROUP]]), their *_fifo_script (SCRIPT [USER [GROUP]]) and
 * vrrp_notify_priority_changes; the instance's notify_priority_changes.
 * keepalived 2.2's meanings.  Pure. */
#ifndef FLOATD_VRRP_CONF_FIFO_H
#define FLOATD_VRRP_CONF_FIFO_H

#include <stdbool.h>
#include <stdio.h>

#include "vrrp/conf/vrrp_conf_types.h"
#include "conf_parse.h"

/* The `arg` of vrrp_conf_fifo_global's rows. */
enum vrrp_conf_fifo_kw {
	VRRP_FIFO_KW_ALL = 1, VRRP_FIFO_KW_VRRP, VRRP_FIFO_KW_LVS,
	VRRP_FIFO_KW_ALL_SCRIPT, VRRP_FIFO_KW_VRRP_SCRIPT, VRRP_FIFO_KW_LVS_SCRIPT,
	VRRP_FIFO_KW_PRIORITY_CHANGES,
};
/* global_defs handler for all seven keywords; obj = floatd_conf. */
int vrrp_conf_fifo_global(struct conf_parse *, const struct conf_line *, void *obj,
                          void **child);
/* vrrp_instance `notify_priority_changes [BOOL]`; obj = the instance. */
int vrrp_conf_fifo_instance(struct conf_parse *, const struct conf_line *, void *obj,
                            void **child);
/* Does the instance write MASTER_PRIORITY / BACKUP_PRIORITY lines? */
bool vrrp_conf_fifo_priority_changes(const struct floatd_conf *,
                                     const struct vrrp_instance_conf *);
/* The lines inside global_defs; the instance's own line. */
void vrrp_conf_fifo_dump_global(FILE *, const struct floatd_conf *);
void vrrp_conf_fifo_dump_instance(FILE *, const struct vrrp_instance_conf *);
void vrrp_conf_fifo_free(struct floatd_conf *);

#endif
