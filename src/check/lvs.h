/* The checker child's side of IPVS: one handle, the ownership file, and
 * "sync passes" that make the kernel match the config and the current
 * health (dump -> ipvs_want_from_conf -> ipvs_reconcile -> ipvs_apply ->
 * save ownership).  Also what the kernel held when the child started, so a
 * restarted child resumes from it instead of flapping destinations. */
#ifndef FLOATD_CHECK_LVS_H
#define FLOATD_CHECK_LVS_H

#include <stdbool.h>
#include <stdint.h>

struct floatd_conf;
struct virtual_server_conf;
struct real_server_conf;
struct check_lvs;

/* 0 and *out; IPVS_UNAVAILABLE (logged once by ipvs_open); -1 (logged).
 * `owned_path` NULL = IPVS_OWNED_FILE.  Dumps the kernel once for
 * check_lvs_seen. */
int check_lvs_open(const struct floatd_conf *, const char *owned_path, struct check_lvs **out);

/* What the kernel held at open for this real server of this virtual server
 * (its first service when it is a group): -1 the service was absent;
 * 0 the service was there without this destination (or `rs` is NULL);
 * 1 with it (*weight). */
int check_lvs_seen(const struct check_lvs *, const struct virtual_server_conf *,
                   const struct real_server_conf *, int32_t *weight);

/* A reload: passes now build from `conf` (the caller keeps it alive). */
void check_lvs_set_conf(struct check_lvs *, const struct floatd_conf *);
/* Read the kernel again for check_lvs_seen (a reload seeds its new real
 * servers from what the kernel holds now).  0 or -1 (the old view kept). */
int check_lvs_refresh(struct check_lvs *);

/* One pass; callbacks as ipvs_want_from_conf.  0 or -1 (logged). */
int check_lvs_sync(struct check_lvs *,
                   int (*rs_weight)(void *, const struct virtual_server_conf *,
                                    const struct real_server_conf *),
                   int (*sorry)(void *, const struct virtual_server_conf *), void *arg);

/* Clean stop: delete the services floatd created (the ownership file),
 * leave adopted and foreign ones as they are.  0 or -1. */
int check_lvs_release(struct check_lvs *);
void check_lvs_close(struct check_lvs *);

#endif
