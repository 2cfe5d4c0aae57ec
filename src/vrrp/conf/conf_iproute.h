/* keepalived's ip-route and ip-rule grammar, as virtual_routes /
 * virtual_rules (per instance) and static_routes / static_rules (top
 * level) take it: one word table per grammar (conf_iproute.c,
 * conf_iprule.c) over shared word readers (conf_ipwords.c), and the
 * static_* blocks (conf_static.c).  Pure: the result is the lib/route_msg.h
 * spec plus the names resolved when installing. */
#ifndef FLOATD_VRRP_CONF_IPROUTE_H
#define FLOATD_VRRP_CONF_IPROUTE_H

#include <stdio.h>

#include "vrrp/conf/vrrp_conf_types.h"
#include "conf_parse.h"
#include "route_msg.h"

#define CONF_IP_GROUP_MAX 64         /* a track_group name */

struct vroute_conf {
	struct route_spec rt;        /* oif and nexthop oifs filled at add */
	char dev[IF_NAMESIZE];       /* "" = none (the kernel picks from via) */
	char nh_dev[ROUTE_NH_MAX][IF_NAMESIZE];
	char vrf[IF_NAMESIZE];       /* the table is the VRF's, looked up at add */
	bool no_track;
	bool from_or;                /* keepalived's legacy `via A or B` */
	char track_group[CONF_IP_GROUP_MAX];
	struct conf_origin origin;
};

struct vrule_conf {
	struct rule_spec ru;
	bool no_track;
	char track_group[CONF_IP_GROUP_MAX];
	struct conf_origin origin;
};

/* What one line's parse says: at most one error, a few warnings. */
#define CONF_IP_MSG_MAX 240
#define CONF_IP_WARN_MAX 4
struct conf_ip_diag {
	char error[CONF_IP_MSG_MAX];
	unsigned n_warn;
	char warn[CONF_IP_WARN_MAX][CONF_IP_MSG_MAX];
};

/* One line's words.  is_static: static_routes / static_rules (track_group
 * allowed).  0, or -1 with d->error naming the word at fault. */
int vrrp_conf_route_parse(int argc, char *const *argv, bool is_static, struct vroute_conf *,
                          struct conf_ip_diag *d);
int vrrp_conf_rule_parse(int argc, char *const *argv, bool is_static, struct vrule_conf *,
                         struct conf_ip_diag *d);
/* One route / rule in the grammar it was read from (no indent, no newline). */
void vrrp_conf_route_dump(FILE *, const struct vroute_conf *);
void vrrp_conf_rule_dump(FILE *, const struct vrule_conf *);

/* Same route / rule in every field but the origin (reload). */
bool vrrp_conf_route_same(const struct vroute_conf *, const struct vroute_conf *);
bool vrrp_conf_rule_same(const struct vrule_conf *, const struct vrule_conf *);

/* Parse a line and append it to (*arr, *n), reporting with `block`'s name. */
int vrrp_conf_route_append(struct conf_parse *, const struct conf_line *, const char *block,
                           bool is_static, struct vroute_conf **arr, unsigned *n);
int vrrp_conf_rule_append(struct conf_parse *, const struct conf_line *, const char *block,
                          bool is_static, struct vrule_conf **arr, unsigned *n);

/* virtual_routes / virtual_rules items of vrrp_instance (child = instance) */
int vrrp_conf_vroute_item(struct conf_parse *, const struct conf_line *, void *child);
int vrrp_conf_vrule_item(struct conf_parse *, const struct conf_line *, void *child);
void vrrp_conf_iproute_dump_instance(FILE *, const struct vrrp_instance_conf *);

/* static_ipaddress / static_routes / static_rules at the top level */
int vrrp_conf_static_open(struct conf_parse *, const struct conf_line *, void *obj,
                          void **child);
int vrrp_conf_static_route_item(struct conf_parse *, const struct conf_line *, void *child);
int vrrp_conf_static_rule_item(struct conf_parse *, const struct conf_line *, void *child);
int vrrp_conf_static_addr_item(struct conf_parse *, const struct conf_line *, void *child);
/* static_ipaddress lines without dev take default_interface (eth0) */
void vrrp_conf_static_validate(struct floatd_conf *);
void vrrp_conf_static_dump(FILE *, const struct floatd_conf *);
void vrrp_conf_static_free(struct floatd_conf *);

#endif
