/* use_vmac: a macvlan (private mode) named vrrp.VRID by default on the
 * instance's interface, MAC 00:00:5e:00:01:VRID (IPv4) / 00:00:5e:00:02:VRID
 * (IPv6) (RFC 5798 §7.3).  Created at instance start on every node, as
 * keepalived does, so the VIPs' ifindex is stable; floatd keeps it down
 * except while MASTER so a backup never sources the virtual MAC.  Removed
 * when the instance is freed.  Sysctls set (and restored) are in vmac.c. */
#ifndef FLOATD_VRRP_VMAC_H
#define FLOATD_VRRP_VMAC_H

#include <stdbool.h>

#include "../conf.h"
#include "garp.h"
#include "netlink.h"

struct vrrp_vmac;

/* NULL on error (logged).  Reuses a leftover macvlan of the same name on
 * the same parent with the right MAC; replaces one with another MAC;
 * refuses a link of that name that is not such a macvlan. */
struct vrrp_vmac *vrrp_vmac_new(struct netlink *, const struct vrrp_instance_conf *,
                                int base_ifindex);
int vrrp_vmac_ifindex(const struct vrrp_vmac *);
int vrrp_vmac_set_up(struct vrrp_vmac *, bool up);
/* GARP socket on the VMAC (source MAC = virtual MAC); NULL if none. */
struct vrrp_garp *vrrp_vmac_garp(const struct vrrp_vmac *);
/* Send-only advert socket bound to the VMAC, or -1 (vmac_xmit_base). */
int vrrp_vmac_tx_fd(const struct vrrp_vmac *);
void vrrp_vmac_free(struct vrrp_vmac *);
/* The virtual MAC for a VRID and family (pure). */
void vrrp_vmac_addr(uint8_t vrid, int family, uint8_t mac[6]);

#endif
