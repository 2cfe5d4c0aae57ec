/* A list of routes and rules in the kernel: an instance's virtual_routes /
 * virtual_rules (added after the VIPs on MASTER, as a route's `src` must be
 * a local address; removed before the VIPs when leaving), or the
 * static_routes / static_rules (src/vrrp/statics.c).  Goes through
 * lib/netlink only. */
#ifndef FLOATD_VRRP_VROUTES_H
#define FLOATD_VRRP_VROUTES_H

#include "vrrp/conf/vrrp_conf_types.h"
#include "netlink.h"

struct vrrp_vroutes;
struct vroute_conf;
struct vrule_conf;

/* NULL when there is nothing (all calls accept NULL), or on ENOMEM.  The
 * lists and `owner` (for messages) must outlive the object. */
struct vrrp_vroutes *vrrp_vroutes_new(struct netlink *, const struct vrrp_instance_conf *);
struct vrrp_vroutes *vrrp_vroutes_new_list(struct netlink *, const char *owner, bool is_static,
                                           const struct vroute_conf *, unsigned n_routes,
                                           const struct vrule_conf *, unsigned n_rules);
/* Returns how many failed (each logged). */
int vrrp_vroutes_add_all(struct vrrp_vroutes *);
int vrrp_vroutes_del_all(struct vrrp_vroutes *);
/* At start: remove those a killed run left; returns how many. */
unsigned vrrp_vroutes_remove_leftovers(struct vrrp_vroutes *);
void vrrp_vroutes_free(struct vrrp_vroutes *);
/* Reload: the same routes and rules under a new configuration. */
void vrrp_vroutes_rebind(struct vrrp_vroutes *, const struct vrrp_instance_conf *);
/* Reload of the static ones: delete what `old` has and `keep` (the new
 * list, already added; may be NULL) has not. */
void vrrp_vroutes_del_missing(struct vrrp_vroutes *old, const struct vrrp_vroutes *keep);

#endif
