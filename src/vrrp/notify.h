/* Runs an instance's notify scripts and writes notify_fifo lines, in
 * transition order, without blocking the loop.  keepalived's contract:
 * notify_master/backup/fault/stop get no arguments added; the generic
 * `notify` script gets TYPE NAME STATE PRIORITY appended ("INSTANCE" "VI_1"
 * "MASTER" "100"); the fifo gets one line `INSTANCE "VI_1" MASTER 100`. */
#ifndef FLOATD_VRRP_NOTIFY_H
#define FLOATD_VRRP_NOTIFY_H

#include <stdint.h>

#include "vrrp/conf/vrrp_conf_types.h"
#include "fsm.h"

struct ev_loop;
struct vrrp_notify;

/* Copies what it needs from the conf (which may be freed afterwards).
 * Resolves each script's user once, here: the script's own `USER [GROUP]`,
 * else conf->script_user, else keepalived's default `keepalived_script` if
 * that user exists, else root; an unknown user disables that script (logged).
 * With enable_script_security, a script that would run as root and whose
 * file or any parent directory is writable by a non-root user is refused
 * (logged once, here) and never run.  Scripts are killed after 30 s (a
 * floatd choice; keepalived has no limit) so a hung one cannot hold back
 * later transitions.  notify_fifo and vrrp_notify_fifo are shared by all
 * instances (notify_fifo.h).  NULL on ENOMEM. */
struct vrrp_notify *vrrp_notify_new(struct ev_loop *, const struct floatd_conf *,
                                    const struct vrrp_instance_conf *);
/* The same for a vrrp_sync_group: TYPE is "GROUP", NAME the group's. */
struct vrrp_notify *vrrp_notify_new_group(struct ev_loop *, const struct floatd_conf *,
                                          const struct vrrp_sync_group_conf *);
/* Queue the scripts for entering `state` with `priority` and write the fifo
 * line (never blocks: without a reader the line is dropped and counted).
 * Only MASTER, BACKUP, FAULT and STOP are reported; other states are ignored. */
void vrrp_notify_state(struct vrrp_notify *, enum vrrp_state state, uint8_t priority);
/* notify_priority_changes: the effective priority moved; writes
 * `INSTANCE "VI_1" MASTER_PRIORITY 120` (BACKUP_PRIORITY outside MASTER)
 * to the FIFOs, as keepalived does.  No script runs. */
void vrrp_notify_priority(struct vrrp_notify *, enum vrrp_state state, uint8_t priority);
/* A MASTER answered a lower priority's advert: `INSTANCE "VI_1"
 * MASTER_RX_LOWER_PRI 150` to the FIFOs (keepalived writes one per such
 * advert; floatd one per answer, at most one per advert interval). */
void vrrp_notify_rx_lower(struct vrrp_notify *, uint8_t priority);
unsigned vrrp_notify_pending(const struct vrrp_notify *);   /* queued + running */
/* A running script is left to finish (and is still reaped). */
void vrrp_notify_free(struct vrrp_notify *);
/* fifo lines dropped so far (no reader, reader too slow), all fifos. */
uint64_t vrrp_notify_fifo_dropped(void);

#endif
