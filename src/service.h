/* floatd as a systemd service: what it tells the manager (READY, RELOADING,
 * STOPPING, and a STATUS line of instance states kept current on every
 * transition).  Silent when not started with NOTIFY_SOCKET. */
#ifndef FLOATD_SERVICE_H
#define FLOATD_SERVICE_H

#include <stddef.h>

#include "vrrp/fsm.h"

struct vrrp_set;

/* Config loaded, sockets open: READY=1 plus the first STATUS; from now on
 * every state change of `set` (may be NULL: checker only) updates STATUS. */
void service_ready(struct vrrp_set *set);
/* Around a reload: RELOADING=1 + MONOTONIC_USEC, then READY=1. */
void service_reloading(void);
void service_reloaded(void);
/* A reload applied: the current STATUS line (it replaces a "reload refused"
 * one), then READY=1. */
void service_reload_applied(struct vrrp_set *set);
/* A reload was refused: STATUS= says so (the next state change or applied
 * reload replaces it). */
void service_reload_refused(const char *why);
void service_stopping(void);

/* "2 MASTER, 1 BACKUP": the non-zero counts in a fixed order (pure). */
void service_status_line(const unsigned counts[VRRP_STATE_MAX], char *buf, size_t len);

#endif
