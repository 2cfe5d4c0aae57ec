/* Transition history ring (see history.h). */
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

/* The reason, cut to VRRP_HISTORY_REASON_MAX - 1 bytes, in its own
 * allocation of just that size: most instances keep two or three entries,
 * and a fixed buffer per entry was most of an idle instance's memory. */
static char *
reason_dup(const char *reason)
{
	size_t len = reason != NULL ? strnlen(reason, VRRP_HISTORY_REASON_MAX - 1) : 0;
	char *s = malloc(len + 1);

	if (s == NULL)
		return NULL;
	if (len > 0)
		memcpy(s, reason, len);
	s[len] = '\0';
	return s;
}

int
vrrp_history_add(struct vrrp_history *h, int64_t wall_us, enum vrrp_state from,
                 enum vrrp_state to, const char *reason)
{
	struct vrrp_history_entry *e;
	char *r = reason_dup(reason);

	if (r == NULL)
		return -1;
	if (h->n == h->cap && h->cap < VRRP_HISTORY_MAX) {
		unsigned newcap = h->cap == 0 ? 2 : h->cap * 2;

		if (grow(h, newcap > VRRP_HISTORY_MAX ? VRRP_HISTORY_MAX : newcap) < 0) {
			free(r);
			return -1;
		}
	}
	e = &h->e[h->next];
	free(e->reason);                /* the oldest entry's, once the ring is full */
	e->wall_us = wall_us;
	e->from = from;
	e->to = to;
	e->reason = r;
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
	for (unsigned i = 0; i < h->cap; i++)
		free(h->e[i].reason);
	free(h->e);
	memset(h, 0, sizeof(*h));
}
