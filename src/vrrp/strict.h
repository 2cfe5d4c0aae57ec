/* Accept mode (RFC 5798 §6.1 Accept_Mode) enforced with nftables: while a
 * non-owner instance without `accept` holds its VIPs (MASTER), packets to
 * them are dropped by floatd's own table `inet floatd` (lib/nft.c).  One
 * state change is one atomic set update.  The table is created when the
 * first such instance starts and deleted when the last one is freed. */
#ifndef FLOATD_VRRP_STRICT_H
#define FLOATD_VRRP_STRICT_H

#include <stdbool.h>

#include "vrrp/conf/vrrp_conf_types.h"

#define VRRP_STRICT_TABLE "floatd"

struct vrrp_strict;

/* keepalived's rule: block unless accept, and never for the address owner. */
bool vrrp_strict_needed(const struct vrrp_instance_conf *);
/* NULL when not needed (all calls below accept NULL) or on error (logged;
 * *failed set so the caller can refuse to start). */
struct vrrp_strict *vrrp_strict_new(const struct vrrp_instance_conf *, bool *failed);
/* Add (on) or remove the instance's VIPs and excluded VIPs in the block
 * sets.  0 or -1 (logged). */
int vrrp_strict_block(struct vrrp_strict *, bool on);
void vrrp_strict_free(struct vrrp_strict *);
/* Reload: the same instance under a new configuration (names only: the
 * blocked VIPs are the same, reload_plan.c replaces the instance otherwise). */
void vrrp_strict_rebind(struct vrrp_strict *, const struct vrrp_instance_conf *);
/* restart in place: free() leaves the VIPs blocked and the table in place */
void vrrp_strict_keep(struct vrrp_strict *);

#endif
