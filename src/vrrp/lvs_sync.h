/* keepalived's IPVS settings that belong to the VRRP process, run there
 * whether or not a checker runs: the IPVS sync daemon following one VRRP
 * instance (master while it is MASTER, backup otherwise; both when
 * lvs_sync_daemon names no instance), lvs_timeouts (originals restored at
 * stop), lvs_flush at start and lvs_flush_onstop at the end.  Its own
 * non-blocking generic-netlink socket (libmnl); messages built by the pure
 * src/check/ipvs_msg.c.  No IPVS in the kernel: logged once, nothing else
 * changes. */
#ifndef FLOATD_VRRP_LVS_SYNC_H
#define FLOATD_VRRP_LVS_SYNC_H

#include "vrrp/conf/vrrp_conf_types.h"
#include "fsm.h"

struct ev_loop;
struct vrrp_instance;
struct vrrp_lvs_sync;
struct vrrp_set;

/* NULL when the configuration has no such setting (every call accepts
 * NULL) or on ENOMEM.  Flushes (lvs_flush), sets the timeouts, stops a
 * sync daemon left by an earlier run and starts the configured one as
 * backup (master and backup without an instance). */
struct vrrp_lvs_sync *vrrp_lvs_sync_start(struct ev_loop *, const struct floatd_conf *);
/* An instance changed state: the daemon follows the instance it names
 * (not one a reload removed, which is leaving). */
void vrrp_lvs_sync_state(struct vrrp_lvs_sync *, const struct vrrp_instance *);
/* A link came up: a daemon the kernel refused on it (ENODEV: the
 * interface was missing) is started again. */
void vrrp_lvs_sync_link_up(struct vrrp_lvs_sync *, const char *ifname);
/* Reload (changes: VRRP_RELOAD_LVS_* of reload_plan.h): a changed sync
 * daemon is stopped and started again with the new settings, in the role
 * of its instance in `set` now; changed timeouts are set (the originals
 * where none is given any more); no flush.  Returns the object to keep. */
struct vrrp_lvs_sync *vrrp_lvs_sync_reload(struct vrrp_lvs_sync *, struct ev_loop *,
                                           const struct floatd_conf *,
                                           const struct vrrp_set *, unsigned changes);
/* Restart in place: the next floatd takes the daemon over (nothing stopped). */
void vrrp_lvs_sync_keep(struct vrrp_lvs_sync *);
/* The end: daemons stopped, timeouts restored, lvs_flush_onstop; freed. */
void vrrp_lvs_sync_stop(struct vrrp_lvs_sync *);

#endif
