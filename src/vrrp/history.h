/* The last transitions of one instance, newest first, for `floatctl
 * history`: when, from -> to, and the reason in words.  Pure: the caller
 * passes the wall-clock time.  Memory grows with use, up to
 * VRRP_HISTORY_MAX entries (an instance that never moves costs nothing;
 * one that moved twice, two entries and two short strings). */
#ifndef FLOATD_VRRP_HISTORY_H
#define FLOATD_VRRP_HISTORY_H

#include <stdint.h>

#include "fsm.h"

#define VRRP_HISTORY_MAX 256
#define VRRP_HISTORY_REASON_MAX 160    /* bytes with the NUL; longer is cut */

struct vrrp_history_entry {
	int64_t wall_us;             /* CLOCK_REALTIME, microseconds */
	enum vrrp_state from, to;
	char *reason;                /* never NULL in an entry returned */
};

struct vrrp_history {
	struct vrrp_history_entry *e;   /* ring of `cap` entries */
	unsigned cap, n, next;          /* next: where the next entry goes */
};

/* Appends (the oldest goes once VRRP_HISTORY_MAX are kept).  The reason is
 * cut to fit.  -1 only when out of memory (the entry is lost, nothing else). */
int vrrp_history_add(struct vrrp_history *, int64_t wall_us, enum vrrp_state from,
                     enum vrrp_state to, const char *reason);
/* The i-th newest entry (0 = the last transition), NULL past the end. */
const struct vrrp_history_entry *vrrp_history_get(const struct vrrp_history *, unsigned i);
void vrrp_history_free(struct vrrp_history *);

#endif
