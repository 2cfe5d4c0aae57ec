/* What an instance holds beyond its VIPs (accept mode, VMAC, virtual
 * routes/rules), behind one hook set for instance.c (strict.h, vmac.h and
 * vroutes.h do the work).
 * Order on MASTER: create the VMAC, block VIPs (no_accept), VIPs,
 * routes/rules.  On leaving: routes/rules, VIPs, unblock, delete the VMAC. */
#ifndef FLOATD_VRRP_MASTER_OBJECTS_H
#define FLOATD_VRRP_MASTER_OBJECTS_H

#include "vrrp/conf/vrrp_conf_types.h"
#include "garp.h"
#include "netlink.h"

struct vrrp_extras;
struct vrrp_vips;

/* NULL on a fatal error (logged): the instance must not start. */
struct vrrp_extras *vrrp_extras_new(struct netlink *, const struct vrrp_instance_conf *,
                                    int base_ifindex);
void vrrp_extras_free(struct vrrp_extras *);
/* Reload: point at the new configuration of the same instance (what the
 * extras set up is the same there: reload_plan.c replaces it otherwise). */
void vrrp_extras_rebind(struct vrrp_extras *, const struct vrrp_instance_conf *);
/* restart in place: free() leaves the VMAC, the nftables table and the
 * blocked VIPs for the next floatd (virtual routes are never removed by
 * free()) */
void vrrp_extras_keep(struct vrrp_extras *);
/* Where VIPs without `dev` live now: the VMAC while it exists (MASTER),
 * else the base interface. */
int vrrp_extras_vip_ifindex(const struct vrrp_extras *, int base_ifindex);
/* At start as BACKUP: remove the VIPs on a macvlan of ours a crashed run
 * left, and that macvlan. */
void vrrp_extras_remove_leftovers(struct vrrp_extras *, struct vrrp_vips *);
/* Creates the VMAC and points `vips` at it (vrrp_vips_set_ifindex()). */
void vrrp_extras_before_vips_add(struct vrrp_extras *, struct vrrp_vips *);
void vrrp_extras_after_vips_add(struct vrrp_extras *);
void vrrp_extras_before_vips_del(struct vrrp_extras *);
void vrrp_extras_after_vips_del(struct vrrp_extras *);
/* The base interface has a new ifindex (deleted and re-created; iface.c):
 * VMAC base and VIP fallback follow.  Only while no VIP is held. */
void vrrp_extras_set_base(struct vrrp_extras *, int base_ifindex);
/* Link `ifindex` was deleted: true when it was our VMAC (now forgotten:
 * sockets closed, base sysctls released; vrrp_extras_before_vips_add()
 * creates it again). */
bool vrrp_extras_vmac_gone(struct vrrp_extras *, int ifindex);
/* After lost events: true when our VMAC no longer exists (forgotten as above). */
bool vrrp_extras_vmac_check(struct vrrp_extras *);
/* GARP from the VMAC when there is one, else `base`. */
struct vrrp_garp *vrrp_extras_garp(const struct vrrp_extras *, struct vrrp_garp *base);
/* Advert socket/ifindex: the VMAC's while it exists (unless vmac_xmit_base),
 * else the base ones passed in. */
int vrrp_extras_tx_fd(const struct vrrp_extras *, int base_fd);
int vrrp_extras_tx_ifindex(const struct vrrp_extras *, int base_ifindex);

#endif
