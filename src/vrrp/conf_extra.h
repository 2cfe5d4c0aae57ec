/* vrrp_instance keywords: accept / no_accept / strict_mode,
 * use_vmac / vmac_xmit_base, virtual_routes and virtual_rules; the global
 * vrrp_strict checks; dump and free.  Pure (part of the parser). */
#ifndef FLOATD_VRRP_CONF_EXTRA_H
#define FLOATD_VRRP_CONF_EXTRA_H

#include <stdio.h>

#include "../conf.h"
#include "conf_parse.h"

/* virtual_routes line:
 * [src ADDR] [to] PREFIX [via|gw ADDR [or ADDR]] [dev IF] [table N] [metric N]
 * [scope S] [blackhole|unreachable|prohibit] */
struct vroute_conf {
	int family;
	union vrrp_addr dst;
	uint8_t dst_len;
	bool has_src, has_via, has_metric;
	union vrrp_addr src, via;
	char dev[IF_NAMESIZE];       /* empty = none (the kernel picks from via) */
	uint32_t table;              /* 0 = main (254) */
	uint32_t metric;
	int scope;                   /* RT_SCOPE_*; -1 = the kernel's default */
	uint8_t type;                /* RTN_UNICAST / RTN_BLACKHOLE / RTN_UNREACHABLE / RTN_PROHIBIT */
	/* keepalived's legacy multipath `via GW1 or GW2`: floatd installs no
	 * multipath routes; the route uses GW1 and the item warns (has_or) */
	bool has_or;
	union vrrp_addr or_via;      /* the last `or` gateway, for the message */
	struct conf_origin origin;
};

/* virtual_rules line: [from P] [to P] [iif IF] [oif IF] [fwmark N]
 * [table N] [priority|preference|pref N] */
struct vrule_conf {
	int family;
	bool has_from, has_to, has_priority, has_fwmark;
	union vrrp_addr from, to;
	uint8_t from_len, to_len;
	char iif[IF_NAMESIZE], oif[IF_NAMESIZE];
	uint32_t fwmark;
	uint32_t table;
	uint32_t priority;
	struct conf_origin origin;
};

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
int vrrp_conf_vroute_item(struct conf_parse *, const struct conf_line *, void *child);
int vrrp_conf_vrule_item(struct conf_parse *, const struct conf_line *, void *child);
int vrrp_conf_global_strict(struct conf_parse *, const struct conf_line *, void *obj,
                            void **child);

/* Pure helpers (also for tests): parse one line's words. 0 or -1 with *why. */
int vrrp_conf_vroute_parse(int argc, char *const *argv, struct vroute_conf *, const char **why);
int vrrp_conf_vrule_parse(int argc, char *const *argv, struct vrule_conf *, const char **why);

/* Effective accept/strict/VMAC name and the vrrp_strict restrictions with
 * the instance's file:line: errors where keepalived refuses the instance (no
 * VIP, unicast_peer), otherwise warnings with keepalived's correction applied
 * (authentication dropped, initial state from the priority, preempt_delay 0,
 * accept off for VRRPv2, vmac_xmit_base / higher_prio_send_advert /
 * lower-priority GARPs off).  Call after version and family are final and
 * before vrrp_conf_proto_validate and vrrp_conf_track_validate. */
void vrrp_conf_extra_validate(struct conf_parse *, const struct floatd_conf *,
                              struct vrrp_instance_conf *);
void vrrp_conf_extra_dump(FILE *, const struct vrrp_instance_conf *);
void vrrp_conf_extra_free(struct vrrp_instance_conf *);

#endif
