/* Notify FIFOs of the VRRP process: notify_fifo and vrrp_notify_fifo
 * (keepalived's semantics).  A FIFO is shared by every instance and group
 * that writes to it (by path).  At first use it is created if missing
 * (mkfifo 0644, then chowned to the configured USER [GROUP]), its
 * *_fifo_script is started with the FIFO's path as last argument, and the
 * FIFO is opened O_RDWR|O_NONBLOCK like keepalived: lines written before
 * a reader comes wait in the pipe, and a reader that goes away loses
 * nothing already written.  A line that does not fit (reader too slow) is
 * dropped and counted, never waited for.  When the last user lets go, a
 * FIFO floatd created is unlinked, closed, and its script gets SIGTERM.
 * The checker child uses it too, for lvs_notify_fifo and its lines on
 * notify_fifo. */
#ifndef FLOATD_VRRP_NOTIFY_FIFO_H
#define FLOATD_VRRP_NOTIFY_FIFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vrrp/conf/vrrp_conf_types.h"

struct ev_loop;
struct vrrp_notify_fifo;

/* NULL when fc->path is unset, or on failure (logged; lines then go
 * nowhere, as keepalived's do).  `own` false (the checker child writing
 * to notify_fifo, which the VRRP process owns): no script is started and
 * the FIFO is never unlinked. */
struct vrrp_notify_fifo *vrrp_notify_fifo_get(struct ev_loop *, const struct floatd_conf *,
                                              const struct notify_fifo_conf *fc, bool own);
void vrrp_notify_fifo_put(struct vrrp_notify_fifo *);
/* One whole line (shorter than PIPE_BUF, so written whole or not at all). */
void vrrp_notify_fifo_write(struct vrrp_notify_fifo *, const char *line, size_t len);

#endif
