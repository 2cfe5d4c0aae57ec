/* virtual_routes and virtual_rules of one instance in the kernel: added
 * after the VIPs on MASTER (a route's `src` must be a local address),
 * removed before the VIPs when leaving.  Goes through lib/netlink only. */
#ifndef FLOATD_VRRP_VROUTES_H
#define FLOATD_VRRP_VROUTES_H

#include "../conf.h"
#include "netlink.h"

struct vrrp_vroutes;

/* NULL when the instance has neither (all calls accept NULL), or on ENOMEM. */
struct vrrp_vroutes *vrrp_vroutes_new(struct netlink *, const struct vrrp_instance_conf *);
/* Returns how many failed (each logged). */
int vrrp_vroutes_add_all(struct vrrp_vroutes *);
int vrrp_vroutes_del_all(struct vrrp_vroutes *);
/* At start as BACKUP: remove those a killed run left; returns how many. */
unsigned vrrp_vroutes_remove_leftovers(struct vrrp_vroutes *);
void vrrp_vroutes_free(struct vrrp_vroutes *);
/* Reload: the same routes and rules under a new configuration. */
void vrrp_vroutes_rebind(struct vrrp_vroutes *, const struct vrrp_instance_conf *);

#endif
