/* static_ipaddress, static_routes and static_rules: installed when the
 * VRRP set starts, kept while it runs (re-added when a link they use comes
 * up), not tied to any instance's state, removed when it stops (kept by a
 * restart in place). */
#ifndef FLOATD_VRRP_STATICS_H
#define FLOATD_VRRP_STATICS_H

#include "vrrp/conf/vrrp_conf_types.h"
#include "netlink.h"

struct vrrp_statics;

/* NULL when the configuration has none (all calls accept NULL) or on ENOMEM;
 * failures to add are logged, never fatal (keepalived carries on too). */
struct vrrp_statics *vrrp_statics_start(struct netlink *, const struct floatd_conf *);
/* A link came up: re-add what names it. */
void vrrp_statics_link_up(struct vrrp_statics *, const char *ifname);
/* Reload: the new configuration's entries added, the old ones it no longer
 * has removed, `old` freed (it may be NULL; its configuration must still
 * be alive).  Returns the new object (NULL when there is nothing). */
struct vrrp_statics *vrrp_statics_reload(struct vrrp_statics *old, struct netlink *,
                                         const struct floatd_conf *);
/* Remove everything and free. */
void vrrp_statics_stop(struct vrrp_statics *);
/* Restart in place: free, leaving everything in the kernel for the next
 * floatd, whose start adds (replaces) its own entries without a gap. */
void vrrp_statics_leave(struct vrrp_statics *);

#endif
