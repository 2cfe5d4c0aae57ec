/* Private to the tracking configuration (src/vrrp/conf/conf_track_advert.c,
 * conf_script_trackfile.c, conf_sync.c): the helpers they share and the
 * per-block checks and frees that conf_track_advert.c's validate and free
 * call in order.  Other modules use src/vrrp/conf/conf_track.h only. */
#ifndef FLOATD_VRRP_CONF_TRACK_PRIV_H
#define FLOATD_VRRP_CONF_TRACK_PRIV_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "vrrp/conf/vrrp_conf_types.h"
#include "conf_parse.h"

enum vrrp_conf_track_kind { VRRP_CONF_TRACK_SCRIPT, VRRP_CONF_TRACK_IFACE,
                            VRRP_CONF_TRACK_FILE, VRRP_CONF_TRACK_PROCESS };

/* conf_track_advert.c: value parsers (message on error, 0/-1) */
int vrrp_conf_track_int(struct conf_parse *, const struct conf_line *, const char *what,
                        const char *s, long min, long max, int *out);
int vrrp_conf_track_ms(struct conf_parse *, const struct conf_line *, int idx,
                       uint64_t min_us, uint32_t *out);
int vrrp_conf_track_count(struct conf_parse *, const struct conf_line *, int idx,
                          unsigned long min, uint32_t *out);
/* conf_track_advert.c: track_* list items, their resolution, dump and free */
int vrrp_conf_track_ref_add(struct conf_parse *, const struct conf_line *,
                            enum vrrp_conf_track_kind, struct track_ref_conf **arr,
                            unsigned *n);
void vrrp_conf_track_resolve(struct conf_parse *, const struct floatd_conf *,
                             const char *owner, enum vrrp_conf_track_kind,
                             struct track_ref_conf *arr, unsigned *n);
void vrrp_conf_track_dump_refs(FILE *, const char *ind, const char *kw,
                               const struct track_ref_conf *, unsigned n, bool skip_group);
void vrrp_conf_track_refs_free(struct track_ref_conf *arr, unsigned n);

/* conf_script_trackfile.c */
void vrrp_conf_track_check_script(struct conf_parse *, struct vrrp_script_conf *);
void vrrp_conf_track_check_file(struct conf_parse *, struct vrrp_track_file_conf *);
void vrrp_conf_track_scripts_free(struct floatd_conf *);

/* conf_sync.c */
void vrrp_conf_track_check_group(struct conf_parse *, struct floatd_conf *,
                                 struct vrrp_sync_group_conf *);
void vrrp_conf_track_groups_free(struct floatd_conf *);

#endif
