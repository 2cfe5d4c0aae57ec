/* Runs an instance's notify scripts and writes notify_fifo lines, in
 * transition order, without blocking the loop.  keepalived's contract:
 * notify_master/backup/fault/stop get no arguments added; the generic
 * `notify` script gets TYPE NAME STATE PRIORITY appended ("INSTANCE" "VI_1"
 * "MASTER" "100"); the fifo gets one line `INSTANCE "VI_1" MASTER 100`. */
#ifndef FLOATD_VRRP_NOTIFY_H
#define FLOATD_VRRP_NOTIFY_H

#include <stdint.h>

#include "../conf.h"
#include "fsm.h"

struct ev_loop;
struct vrrp_notify;

struct vrrp_notify *vrrp_notify_new(struct ev_loop *, const struct floatd_conf *,
                                    const struct vrrp_instance_conf *);
/* Queue the scripts for entering `state` with `priority`. */
void vrrp_notify_state(struct vrrp_notify *, enum vrrp_state state, uint8_t priority);
unsigned vrrp_notify_pending(const struct vrrp_notify *);
void vrrp_notify_free(struct vrrp_notify *);

#endif
