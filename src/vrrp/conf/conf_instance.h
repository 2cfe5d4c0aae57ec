/* vrrp_instance keyword table, per-instance validation and dump
 * (src/vrrp/conf/conf_instance.c).  Fills struct vrrp_instance_conf
 * (vrrp_conf_types.h). */
#ifndef FLOATD_VRRP_CONF_INSTANCE_H
#define FLOATD_VRRP_CONF_INSTANCE_H

#include <stdio.h>

#include "vrrp/conf/vrrp_conf_types.h"
#include "conf_parse.h"

/* Handler for the top-level "vrrp_instance NAME {": appends a new instance
 * with keepalived's defaults to the floatd_conf `obj`. */
int vrrp_conf_instance_open(struct conf_parse *, const struct conf_line *, void *obj,
                            void **child);
extern const struct conf_table vrrp_conf_instance_table;

/* After parsing: fill inherited values, round timers as keepalived does,
 * check required keywords and duplicates.  Reports through the parser. */
void vrrp_conf_validate(struct conf_parse *, struct floatd_conf *);
void vrrp_conf_dump(FILE *, const struct vrrp_instance_conf *);
void vrrp_conf_instance_free(struct vrrp_instance_conf *);

/* Shared with conf_sync.c (vrrp_sync_group notify_*) and conf_fifo.c. */
/* `KW SCRIPT [USER [[:]GROUP]]` into *s (replacing it); 0 / -1 (reported). */
int vrrp_conf_script_line(struct conf_parse *, const struct conf_line *, struct script_conf *);
/* The `arg` of the notify rows of vrrp_instance and vrrp_sync_group. */
enum vrrp_conf_notify_kw {
	VRRP_NOTIFY_KW_MASTER = 1,
	VRRP_NOTIFY_KW_BACKUP,
	VRRP_NOTIFY_KW_FAULT,
	VRRP_NOTIFY_KW_STOP,
	VRRP_NOTIFY_KW_ANY,      /* `notify`: every transition */
	VRRP_NOTIFY_KW_RX_LOWER, /* notify_master_rx_lower_pri (instances only) */
};
void vrrp_conf_script_clear(struct script_conf *);
/* `\tKW "'arg' 'arg'" [USER [GROUP]]` or nothing when unset. */
void vrrp_conf_dump_script(FILE *, const char *kw, const struct script_conf *);
/* conf_vip.c: one virtual_ipaddress-style line (also static_ipaddress)
 * into *v; 0 / -1 (reported). */
int vrrp_conf_vip_line(struct conf_parse *, const struct conf_line *, const char *block,
                       struct vip_conf *v);
/* `INDENT KW {` and one address per line, or nothing when n is 0. */
void vrrp_conf_dump_vips(FILE *, const char *indent, const char *kw, const struct vip_conf *,
                         unsigned n);

#endif
