/* Process tracking configuration (src/vrrp/conf/conf_track_process.c): the
 * top-level `vrrp_track_process NAME { }` block, the `track_process { }`
 * items of vrrp_instance and vrrp_sync_group, their validation (names
 * resolved, group items copied into the members), dump and free.
 * keepalived 2.2's grammar and meanings; where keepalived reports a bad
 * value and carries on without it, floatd warns and does the same.  Pure. */
#ifndef FLOATD_VRRP_CONF_TRACK_PROCESS_H
#define FLOATD_VRRP_CONF_TRACK_PROCESS_H

#include <stdio.h>

#include "vrrp/conf/vrrp_conf_types.h"
#include "conf_parse.h"

/* Top level "vrrp_track_process NAME {"; obj = floatd_conf. */
int vrrp_conf_track_process_open(struct conf_parse *, const struct conf_line *, void *obj,
                                 void **child);
extern const struct conf_table vrrp_conf_track_process_table;

/* VALUES items of `track_process { NAME [weight W [reverse|noreverse]] }`:
 * in a vrrp_instance (child = the instance) and a vrrp_sync_group (child =
 * the group); open the block with vrrp_conf_track_self_open. */
int vrrp_conf_track_process_inst_item(struct conf_parse *, const struct conf_line *, void *);
int vrrp_conf_track_process_group_item(struct conf_parse *, const struct conf_line *, void *);

/* After the other tracking validation (sync groups resolved): check each
 * block, resolve instance and group items, copy group items into members. */
void vrrp_conf_track_process_validate(struct conf_parse *, struct floatd_conf *);
/* Blocks before the instances; an instance's / group's own items. */
void vrrp_conf_track_process_dump_top(FILE *, const struct floatd_conf *);
void vrrp_conf_track_process_dump_refs(FILE *, const char *ind, const struct track_ref_conf *,
                                       unsigned n, bool skip_group);
void vrrp_conf_track_process_free(struct floatd_conf *);

#endif
