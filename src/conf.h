/* Loading the daemon's configuration: parse (the top-level keyword table
 * calls down into src/vrrp/conf and src/check/conf), validate, dump, free.
 * The structs it fills are src/vrrp/conf/vrrp_conf_types.h's (struct
 * floatd_conf and the VRRP parts), src/check/conf/conf_lvs.h's (LVS) and
 * lib's (conf_diag.h: source positions and diagnostics; mail_alert.h,
 * script_user.h). */
#ifndef FLOATD_CONF_H
#define FLOATD_CONF_H

#include <stdio.h>

#include "conf_diag.h"
#include "vrrp/conf/vrrp_conf_types.h"

#define FLOATD_DEFAULT_CONF "/etc/floatd/floatd.conf"

/* Parse and validate `path`.  On success returns 0 and *out (free with
 * floatd_conf_free).  Every problem goes to diag->report; returns -1 if any
 * error was reported (then *out is NULL).  Never exits, never logs. */
int floatd_conf_load(const char *path, struct conf_diag *diag, struct floatd_conf **out);
/* Same with an explicit config id for `@id` lines (keepalived -i); NULL or ""
 * keeps only `@^id` lines.  floatd_conf_load uses the host name up to the
 * first dot. */
int floatd_conf_load_id(const char *path, const char *config_id, struct conf_diag *diag,
                        struct floatd_conf **out);
/* Load from the disk as floatd_conf_load_id (config_id NULL: the default),
 * recording into `snap` every file read (exact bytes), include match and
 * ${_ENV} value, with the config id and host name used. */
struct conf_snap;
int floatd_conf_load_record(const char *path, const char *config_id, struct conf_snap *snap,
                            struct conf_diag *diag, struct floatd_conf **out);
/* Load from a snapshot alone, never touching the disk: the same
 * configuration and the same file:line messages as the recorded load. */
int floatd_conf_load_snap(const struct conf_snap *snap, struct conf_diag *diag,
                          struct floatd_conf **out);
void floatd_conf_free(struct floatd_conf *);
/* Normalised dump for `floatd -t -v` and the golden tests in tests/conf. */
void floatd_conf_dump(FILE *, const struct floatd_conf *);

#endif
