/* A running VRRP instance: the glue that feeds socket, timer and netlink
 * events to the pure FSM (fsm.c) and carries out the actions it returns
 * (send, VIPs, GARP, notify).  Owns the instance's timers; sockets are
 * shared per interface (struct vrrp_iface, followed by name in iface.c). */
#ifndef FLOATD_VRRP_INSTANCE_H
#define FLOATD_VRRP_INSTANCE_H

#include <stdbool.h>
#include <stdint.h>

#include "vrrp/conf/vrrp_conf_types.h"
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
/* Restart in place (inplace.c, floatd extension).  arm: a stop within
 * `for_ms` is a restart in place; returns the MASTER instances now.
 * stop_in_place: instead of vrrp_set_shutdown(): MASTERs stop without a
 * priority-0 advert and keep their VIPs, VMAC, routes and nftables table,
 * the others stop as usual, and `path` says so to the next floatd; -1 (and
 * nothing done) when the file cannot be written.  adopt_from: before
 * vrrp_set_start(), read (and remove) such a file. */
unsigned vrrp_set_arm_in_place(struct vrrp_set *, uint32_t for_ms);
bool vrrp_set_in_place_armed(const struct vrrp_set *);
int vrrp_set_stop_in_place(struct vrrp_set *, const char *path);
void vrrp_set_adopt_from(struct vrrp_set *, const char *path);
/* floatctl release (release = true) / resume of one instance (name) or of
 * all (name NULL; owners are passed over).  *changed counts the instances
 * whose state of release changed.  0, or -1 with *err (unknown name, an
 * owner named). */
int vrrp_set_release(struct vrrp_set *, const char *name, bool release, unsigned *changed,
                     const char **err);
/* Reload: run `conf` instead of the running configuration, by difference
 * (src/vrrp/reload_plan.h).  Unchanged instances keep state, timers and
 * VIPs; updated ones change in place (priority through health, VIPs added
 * and removed, advert_int from the next advert); removed ones leave
 * make-before-break; new ones start as at start-up (a replacement of an
 * instance on the same interface and VRID once the old one stopped).
 * Release state, history and counters stay with their instance.
 * `conf` must live until the next reload or the end of the set;
 * `old_conf` is the configuration the set ran until now and is handed
 * over: the set frees it with `old_free` (the loader's, floatd_conf_free)
 * once no leaving instance refers to it.  -1 (out
 * of memory) before anything changed: the set still runs `old_conf`, which
 * stays the caller's. */
struct vrrp_reload_summary {
	unsigned unchanged, updated, added, removed, replaced;
	unsigned failed;             /* new instances that could not be created */
};
int vrrp_set_reload(struct vrrp_set *, const struct floatd_conf *conf,
                    struct floatd_conf *old_conf, void (*old_free)(struct floatd_conf *),
                    struct vrrp_reload_summary *);

/* `cb` runs after any instance changed state (e.g. to tell the service
 * manager); vrrp_set_count_states() gives the instances per state. */
void vrrp_set_on_state_change(struct vrrp_set *, void (*cb)(void *), void *arg);
void vrrp_set_count_states(const struct vrrp_set *, unsigned counts[VRRP_STATE_MAX]);

#endif
