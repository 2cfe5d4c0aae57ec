/* Tracking configuration (src/vrrp/conf/conf_track_advert.c, with
 * vrrp_script and vrrp_track_file in conf_script_trackfile.c, vrrp_sync_group
 * in conf_sync.c, shared helpers in conf_track_priv.h): top-level vrrp_script, vrrp_track_file and
 * vrrp_sync_group blocks, the tracking keywords inside
 * vrrp_instance, their validation (names resolved, file:line messages), the
 * dump and free.  Fills the structs of vrrp_conf_types.h.  Pure. */
#ifndef FLOATD_VRRP_CONF_TRACK_H
#define FLOATD_VRRP_CONF_TRACK_H

#include <stdio.h>

#include "vrrp/conf/vrrp_conf_types.h"
#include "conf_parse.h"

/* Top level: "vrrp_script NAME {", "vrrp_track_file NAME {" (and the newer
 * spelling "track_file NAME {"), "vrrp_sync_group NAME {"; obj = floatd_conf. */
int vrrp_conf_track_script_open(struct conf_parse *, const struct conf_line *, void *obj,
                                void **child);
extern const struct conf_table vrrp_conf_track_script_table;
int vrrp_conf_track_file_open(struct conf_parse *, const struct conf_line *, void *obj,
                              void **child);
extern const struct conf_table vrrp_conf_track_file_table;
int vrrp_conf_track_group_open(struct conf_parse *, const struct conf_line *, void *obj,
                               void **child);
extern const struct conf_table vrrp_conf_track_group_table;

/* Keyword handlers for vrrp_instance's table (conf_instance.c); obj/child =
 * the instance.  VALUES blocks use vrrp_conf_track_self_open. */
int vrrp_conf_track_self_open(struct conf_parse *, const struct conf_line *, void *obj,
                              void **child);
int vrrp_conf_track_inst_script_item(struct conf_parse *, const struct conf_line *, void *);
int vrrp_conf_track_inst_iface_item(struct conf_parse *, const struct conf_line *, void *);
int vrrp_conf_track_inst_file_item(struct conf_parse *, const struct conf_line *, void *);
int vrrp_conf_track_reference_open(struct conf_parse *, const struct conf_line *, void *obj,
                                   void **child);
int vrrp_conf_track_reference_item(struct conf_parse *, const struct conf_line *, void *);
/* The `arg` of the rows of the two handlers below: which field they fill. */
enum vrrp_conf_track_kw {
	VRRP_TRACK_KW_VIP_LIFETIME = 1,
	VRRP_TRACK_KW_HIGHER_PRIO_SEND_ADVERT,
	VRRP_TRACK_KW_LOWER_PRIO_NO_ADVERT,
	VRRP_TRACK_KW_GARP_LOWER_PRIO_REPEAT,
	VRRP_TRACK_KW_GARP_LOWER_PRIO_DELAY,
	VRRP_TRACK_KW_DONT_TRACK_PRIMARY,     /* instance only */
	VRRP_TRACK_KW_SKIP_CHECK_ADV_ADDR,
	VRRP_TRACK_KW_DOWN_TIMER_ADVERTS,
	VRRP_TRACK_KW_V3_CHECKSUM_AS_V2,      /* instance only (global: conf_vrrp_global.c) */
};
/* vip_lifetime, higher_prio_send_advert, lower_prio_no_advert,
 * garp_lower_prio_repeat/_delay */
int vrrp_conf_track_inst_simple(struct conf_parse *, const struct conf_line *, void *obj,
                                void **child);
/* global_defs: vip_lifetime, vrrp_higher_prio_send_advert,
 * vrrp_garp_lower_prio_repeat/_delay; obj = floatd_conf */
int vrrp_conf_track_global_simple(struct conf_parse *, const struct conf_line *, void *obj,
                                  void **child);

/* Defaults in a fresh floatd_conf / instance (called by their constructors). */
void vrrp_conf_track_conf_defaults(struct floatd_conf *);
void vrrp_conf_track_instance_defaults(struct vrrp_instance_conf *);

/* After vrrp_conf_validate: inherit globals, resolve names, check groups,
 * copy group trackers into members. */
void vrrp_conf_track_validate(struct conf_parse *, struct floatd_conf *);
/* Blocks before the instances; the instance's own lines inside its block. */
void vrrp_conf_track_dump_top(FILE *, const struct floatd_conf *);
void vrrp_conf_track_dump_instance(FILE *, const struct vrrp_instance_conf *);
void vrrp_conf_track_dump_groups(FILE *, const struct floatd_conf *);
void vrrp_conf_track_free(struct floatd_conf *);
void vrrp_conf_track_instance_free(struct vrrp_instance_conf *);

#endif
