/* use_vmac: a macvlan (private mode) named vrrp.VRID by default on the
 * instance's interface, MAC 00:00:5e:00:01:VRID (IPv4) / 00:00:5e:00:02:VRID
 * (IPv6) (RFC 5798 §7.3).  It exists on the MASTER only: created when the
 * instance enters MASTER (before the VIPs go on it) and deleted when it
 * leaves (after the VIPs are gone), so a backup never holds or sources the
 * virtual MAC and `ip link` shows who is master.  Unlike keepalived, which
 * creates it on every node at start, the VIPs' ifindex therefore changes
 * with each creation (the caller retargets them: vrrp_vips_set_ifindex()).
 * Sysctls set (and restored) are in vmac.c. */
#ifndef FLOATD_VRRP_VMAC_H
#define FLOATD_VRRP_VMAC_H

#include <stdbool.h>

#include "vrrp/conf/vrrp_conf_types.h"
#include "garp.h"
#include "netlink.h"

struct vrrp_vmac;

/* Nothing is created yet.  NULL on error (logged): a link of that name
 * exists that is not a macvlan on the base interface. */
struct vrrp_vmac *vrrp_vmac_new(struct netlink *, const struct vrrp_instance_conf *,
                                int base_ifindex);
/* A macvlan of our name on our base found by vrrp_vmac_new() (a crashed
 * run's): its ifindex, or 0. */
int vrrp_vmac_leftover(const struct vrrp_vmac *);
/* Delete that leftover (starting as BACKUP); 0, or -1 (logged). */
int vrrp_vmac_remove_leftover(struct vrrp_vmac *);
/* Starting as BACKUP: put back the base's sysctls a killed run changed
 * (saved in /run/floatd), unless a VMAC of ours uses that base now. */
void vrrp_vmac_restore_leftover_sysctls(struct vrrp_vmac *);
/* Entering MASTER: create the macvlan (reusing a leftover with the right
 * MAC, replacing one with another), set the sysctls, bring it up, open its
 * GARP and advert sockets.  Returns its ifindex, or -1 (logged). */
int vrrp_vmac_create(struct vrrp_vmac *);
/* Leaving MASTER: close the sockets, delete the macvlan, restore the base
 * sysctls if it was the last VMAC on that base.  No-op when not created. */
void vrrp_vmac_destroy(struct vrrp_vmac *);
/* The base interface was re-created with a new ifindex (not while created). */
void vrrp_vmac_set_base(struct vrrp_vmac *, int base_ifindex);
/* Link `ifindex` was deleted (by someone else, or with its base): if it was
 * ours, forget it as vrrp_vmac_destroy() would, without deleting; true then. */
bool vrrp_vmac_gone(struct vrrp_vmac *, int ifindex);
/* Current ifindex; 0 while not created. */
int vrrp_vmac_ifindex(const struct vrrp_vmac *);
/* GARP socket on the VMAC (source MAC = virtual MAC); NULL if none. */
struct vrrp_garp *vrrp_vmac_garp(const struct vrrp_vmac *);
/* Send-only advert socket bound to the VMAC, or -1 (vmac_xmit_base, IPv6,
 * or not created). */
int vrrp_vmac_tx_fd(const struct vrrp_vmac *);
/* Destroys it if created. */
void vrrp_vmac_free(struct vrrp_vmac *);
/* Reload: the same VMAC under a new configuration (the name in logs). */
void vrrp_vmac_rebind(struct vrrp_vmac *, const struct vrrp_instance_conf *);
/* restart in place: forget the VMAC without deleting it (free() after) */
void vrrp_vmac_keep(struct vrrp_vmac *);
/* The virtual MAC for a VRID and family (pure). */
void vrrp_vmac_addr(uint8_t vrid, int family, uint8_t mac[6]);

#endif
