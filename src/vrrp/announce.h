/* The MASTER's gratuitous ARP / unsolicited NA schedule (announce.c).  Its
 * state (timers, burst position) is struct vrrp_announce, reached as
 * vi->announce and touched by announce.c alone. */
#ifndef FLOATD_VRRP_ANNOUNCE_H
#define FLOATD_VRRP_ANNOUNCE_H

#include <stdbool.h>

struct vrrp_instance;
struct vrrp_announce;

/* new: the two timers of the instance's schedule, idle; NULL on ENOMEM.
 * free: NULL is fine. */
struct vrrp_announce *vrrp_announce_new(struct vrrp_instance *);
void vrrp_announce_free(struct vrrp_announce *);
void vrrp_announce_start(struct vrrp_instance *, bool lower_prio);
void vrrp_announce_stop(struct vrrp_instance *);
/* Reload: one GARP / NA now for the VIPs at these positions (just added). */
void vrrp_announce_vips(struct vrrp_instance *, const unsigned *pos, unsigned n);

#endif
