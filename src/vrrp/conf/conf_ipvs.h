/* keepalived's IPVS keywords in global_defs that floatd's VRRP process
 * applies (src/vrrp/conf/conf_ipvs.c): lvs_sync_daemon, lvs_timeouts,
 * lvs_flush, lvs_flush_onstop / lvs_flush_on_stop, and vrrp_instance's
 * older lvs_sync_daemon_interface.  Values in struct lvs_conf
 * (vrrp_conf_types.h).  Pure. */
#ifndef FLOATD_CONF_IPVS_H
#define FLOATD_CONF_IPVS_H

#include <stdbool.h>
#include <stdio.h>

#include "vrrp/conf/vrrp_conf_types.h"
#include "conf_parse.h"

/* conf_ipvs_global's row argument (struct conf_kw.arg) */
enum conf_ipvs_kw { CONF_IPVS_KW_SYNC_DAEMON = 1, CONF_IPVS_KW_TIMEOUTS, CONF_IPVS_KW_FLUSH,
                   CONF_IPVS_KW_FLUSH_ONSTOP };

/* keepalived's bound for lvs_timeouts: 31 days */
#define CONF_IPVS_TIMEOUT_MAX (86400u * 31)

int conf_ipvs_global(struct conf_parse *, const struct conf_line *, void *obj, void **child);
/* vrrp_instance's lvs_sync_daemon_interface IFNAME (obj: the instance) */
int conf_ipvs_instance(struct conf_parse *, const struct conf_line *, void *obj, void **child);
/* After the instances are read: the instance form moved to the global
 * settings, the followed instance looked up (an unknown one is an error),
 * the sync id defaulted to its VRID. */
void conf_ipvs_validate(struct conf_parse *, struct floatd_conf *);
void conf_ipvs_dump_global(FILE *, const struct floatd_conf *);
void conf_ipvs_free(struct floatd_conf *);

/* For a reload: the same sync daemon (interface, instance, id, maxlen,
 * port, TTL, group) / the same timeouts. */
bool conf_ipvs_sync_same(const struct lvs_sync_conf *, const struct lvs_sync_conf *);
bool conf_ipvs_timeouts_same(const struct lvs_conf *, const struct lvs_conf *);
/* Anything for the VRRP process to do with IPVS. */
bool conf_ipvs_wanted(const struct lvs_conf *);

#endif
