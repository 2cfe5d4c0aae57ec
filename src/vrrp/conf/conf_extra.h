/* vrrp_instance keywords: accept / no_accept / strict_mode,
 * use_vmac / vmac_xmit_base, the virtual_routes / virtual_rules blocks; the global
 * vrrp_strict checks; dump and free.  Pure (part of the parser). */
#ifndef FLOATD_VRRP_CONF_EXTRA_H
#define FLOATD_VRRP_CONF_EXTRA_H

#include <stdio.h>

#include "vrrp/conf/vrrp_conf_types.h"
#include "conf_parse.h"
#include "vrrp/conf/conf_iproute.h"   /* virtual_routes / virtual_rules */

/* The `arg` of the rows vrrp_conf_extra_simple fills. */
enum vrrp_conf_extra_kw {
	VRRP_EXTRA_KW_ACCEPT = 1,
	VRRP_EXTRA_KW_NO_ACCEPT,
	VRRP_EXTRA_KW_STRICT_MODE,
	VRRP_EXTRA_KW_USE_VMAC,
	VRRP_EXTRA_KW_VMAC_XMIT_BASE,
};
int vrrp_conf_extra_simple(struct conf_parse *, const struct conf_line *, void *obj,
                           void **child);
int vrrp_conf_extra_block_open(struct conf_parse *, const struct conf_line *, void *obj,
                               void **child);
int vrrp_conf_global_strict(struct conf_parse *, const struct conf_line *, void *obj,
                            void **child);

/* Effective accept/strict/VMAC name and the vrrp_strict restrictions with
 * the instance's file:line: errors where keepalived refuses the instance (no
 * VIP, unicast_peer), otherwise warnings with keepalived's correction applied
 * (authentication dropped, initial state from the priority, preempt_delay 0,
 * accept off for VRRPv2, vmac_xmit_base / higher_prio_send_advert /
 * lower-priority GARPs off).  Call after version and family are final and
 * before vrrp_conf_unicast_auth_validate and vrrp_conf_track_validate. */
void vrrp_conf_extra_validate(struct conf_parse *, const struct floatd_conf *,
                              struct vrrp_instance_conf *);
void vrrp_conf_extra_dump(FILE *, const struct vrrp_instance_conf *);
void vrrp_conf_extra_free(struct vrrp_instance_conf *);

#endif
