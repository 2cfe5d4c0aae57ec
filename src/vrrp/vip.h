/* An instance's virtual addresses in the kernel: add them all on MASTER,
 * remove them all on leaving, put back one that somebody else deleted, and
 * clear leftovers of a crashed run at start.  Goes through lib/netlink only. */
#ifndef FLOATD_VRRP_VIP_H
#define FLOATD_VRRP_VIP_H

#include <stdbool.h>
#include <stdint.h>

#include "vrrp/conf/vrrp_conf_types.h"
#include "netlink.h"

struct vrrp_vips;

/* A configured address as netlink adds it, VIPs and static_ipaddress
 * alike (keepalived uses one function for both): flags, brd, lifetimes. */
void vrrp_vip_conf_netlink(const struct vip_conf *, int ifindex, struct netlink_addr *);

/* `name` prefixes log lines; default_ifindex is the instance's interface. */
struct vrrp_vips *vrrp_vips_new(struct netlink *, const struct vrrp_instance_conf *,
                                int default_ifindex);
void vrrp_vips_free(struct vrrp_vips *);
/* Move the VIPs configured without `dev` to `ifindex` (use_vmac: the VMAC
 * is created on each entry to MASTER, with a new ifindex).  Call it while
 * they are not in the kernel; the other calls then use the new ifindex. */
void vrrp_vips_set_ifindex(struct vrrp_vips *, int ifindex);

/* Reload: add / remove the VIP at `pos` (vips, then vips_excluded, as in
 * the config).  0, or -1 (logged). */
int vrrp_vips_add_one(struct vrrp_vips *, unsigned pos);
int vrrp_vips_del_one(struct vrrp_vips *, unsigned pos);

/* Add every VIP (advertised and excluded).  Returns how many failed. */
int vrrp_vips_add_all(struct vrrp_vips *);
/* Remove every VIP that is present.  Returns how many failed. */
int vrrp_vips_del_all(struct vrrp_vips *);
/* Remove VIPs of ours found on the interfaces at start; returns the count removed. */
int vrrp_vips_remove_leftovers(struct vrrp_vips *);
/* An address went away: if it is one of ours and `held` (we are MASTER),
 * re-add it at once.  Returns true when it was ours and re-added. */
bool vrrp_vips_on_deleted(struct vrrp_vips *, const struct netlink_addr *, bool held);
/* Crash-safe VIPs (floatd extension, `vip_lifetime`): with seconds > 0 the
 * VIPs are added with that valid/preferred lifetime, and vrrp_vips_renew()
 * (called with every advertisement) pushes the expiry out again with
 * NLM_F_REPLACE, which updates in place (no delete/add flap).  A daemon that
 * dies without cleaning up loses its VIPs when the kernel expires them. */
void vrrp_vips_set_lifetime(struct vrrp_vips *, uint32_t seconds);
/* Returns how many renewals failed. */
int vrrp_vips_renew(struct vrrp_vips *);
/* After a netlink overrun: re-add any VIP that is missing while held. */
int vrrp_vips_reassert(struct vrrp_vips *);

#endif
