/* Transition history ring (see history.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "history.h"

/* Grows the ring from `cap` to `newcap` entries, keeping order: the entries
 * are unrolled oldest first so that `next` becomes n. */
static int
grow(struct vrrp_history *h, unsigned newcap)
{
	struct vrrp_history_entry *e = calloc(newcap, sizeof(*e));

	if (e == NULL)
		return -1;
	for (unsigned i = 0; i < h->n; i++)
		e[i] = h->e[(h->next + h->cap - h->n + i) % h->cap];
	free(h->e);
	h->e = e;
	h->cap = newcap;
	h->next = h->n;
	return 0;
}

int
vrrp_history_add(struct vrrp_history *h, int64_t wall_us, enum vrrp_state from,
                 enum vrrp_state to, const char *reason)
{
	struct vrrp_history_entry *e;

	if (h->n == h->cap && h->cap < VRRP_HISTORY_MAX) {
		unsigned newcap = h->cap == 0 ? 8 : h->cap * 2;

		if (grow(h, newcap > VRRP_HISTORY_MAX ? VRRP_HISTORY_MAX : newcap) < 0)
			return -1;
	}
	e = &h->e[h->next];
	e->wall_us = wall_us;
	e->from = from;
	e->to = to;
	snprintf(e->reason, sizeof(e->reason), "%s", reason != NULL ? reason : "");
	h->next = (h->next + 1) % h->cap;
	if (h->n < h->cap)
		h->n++;
	return 0;
}

const struct vrrp_history_entry *
vrrp_history_get(const struct vrrp_history *h, unsigned i)
{
	if (i >= h->n)
		return NULL;
	return &h->e[(h->next + h->cap - 1 - i) % h->cap];
}

void
vrrp_history_free(struct vrrp_history *h)
{
	free(h->e);
	memset(h, 0, sizeof(*h));
}
