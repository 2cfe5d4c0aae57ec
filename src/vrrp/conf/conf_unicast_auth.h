/* vrrp_instance keywords for the protocol options: unicast_src_ip,
 * unicast_peer, unicast_ttl and authentication.  Pure (parser side). */
#ifndef FLOATD_VRRP_CONF_UNICAST_AUTH_H
#define FLOATD_VRRP_CONF_UNICAST_AUTH_H

#include <stdio.h>

#include "conf_instance.h"
#include "conf_parse.h"

int vrrp_conf_unicast_src(struct conf_parse *, const struct conf_line *, void *obj, void **child);
int vrrp_conf_unicast_ttl(struct conf_parse *, const struct conf_line *, void *obj, void **child);
/* vrrp_instance mcast_dst_ip; global_defs vrrp_mcast_group4/6 (obj: floatd_conf) */
int vrrp_conf_mcast_dst(struct conf_parse *, const struct conf_line *, void *obj, void **child);
int vrrp_conf_mcast_group(struct conf_parse *, const struct conf_line *, void *obj, void **child);
int vrrp_conf_unicast_peer_open(struct conf_parse *, const struct conf_line *, void *obj,
                                void **child);
int vrrp_conf_unicast_peer_item(struct conf_parse *, const struct conf_line *, void *child);
int vrrp_conf_auth_open(struct conf_parse *, const struct conf_line *, void *obj, void **child);
extern const struct conf_table vrrp_conf_auth_table;

/* After family and version are known: families match, authentication only
 * with VRRPv2 (errors at the keyword's file:line); defaults filled; the
 * multicast group resolved (mcast_group). */
void vrrp_conf_unicast_auth_validate(struct conf_parse *, const struct floatd_conf *,
                                     struct vrrp_instance_conf *);
void vrrp_conf_unicast_auth_dump(FILE *, const struct vrrp_instance_conf *);
void vrrp_conf_unicast_auth_free(struct vrrp_instance_conf *);

#endif
