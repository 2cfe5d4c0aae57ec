/* A running VRRP instance: the glue that feeds socket, timer and netlink
 * events to the pure FSM (fsm.c) and carries out the actions it returns
 * (send, VIPs, GARP, notify).  Owns the instance's timers; sockets are
 * shared per interface (struct vrrp_iface, followed by name in iface.c). */
#ifndef FLOATD_VRRP_INSTANCE_H
#define FLOATD_VRRP_INSTANCE_H

#include <stdbool.h>
#include <stdint.h>

#include "../conf.h"
#include "fsm.h"
#include "netlink.h"

struct ev_loop;
struct vrrp_instance;
struct vrrp_set;

/* All instances of one config.  `on_all_stopped` is called once every
 * instance reached STOP after vrrp_set_shutdown(). */
struct vrrp_set *vrrp_set_new(struct ev_loop *, const struct floatd_conf *,
                              void (*on_all_stopped)(void *), void *arg);
/* Open sockets, clear leftover VIPs, start the FSMs.  -1 on a fatal error. */
int vrrp_set_start(struct vrrp_set *);
/* Graceful stop (make-before-break for masters).  A second call drops the
 * VIPs at once. */
void vrrp_set_shutdown(struct vrrp_set *);
/* Scripts still queued or running (the daemon waits for them before exit). */
unsigned vrrp_set_notify_pending(const struct vrrp_set *);
void vrrp_set_free(struct vrrp_set *);
/* floatctl release (release = true) / resume of one instance (name) or of
 * all (name NULL; owners are passed over).  *changed counts the instances
 * whose state of release changed.  0, or -1 with *err (unknown name, an
 * owner named). */
int vrrp_set_release(struct vrrp_set *, const char *name, bool release, unsigned *changed,
                     const char **err);
/* `cb` runs after any instance changed state (e.g. to tell the service
 * manager); vrrp_set_count_states() gives the instances per state. */
void vrrp_set_on_state_change(struct vrrp_set *, void (*cb)(void *), void *arg);
void vrrp_set_count_states(const struct vrrp_set *, unsigned counts[VRRP_STATE_MAX]);

#endif
