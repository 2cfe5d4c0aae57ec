/* Who a script runs as, and whether it may run as root: keepalived's
 * script_user / `user` / enable_script_security rules, shared by VRRP
 * notify scripts, vrrp_script trackers and the LVS checker's scripts
 * (notify_up/down, quorum_up/down, MISC_CHECK). */
#ifndef FLOATD_SCRIPT_USER_H
#define FLOATD_SCRIPT_USER_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "proc.h"

/* "user [group]", names or numbers, into uid/gid (the user's primary group
 * unless a group is given).  0 or -1 (unknown user or group). */
int script_user_parse(const char *user, const char *group, uid_t *uid, gid_t *gid);

/* Fill opts->run_as/uid/gid: `user`/`group` when user != NULL, else
 * script_user (conf value, may be NULL), else keepalived's default user
 * `keepalived_script` if it exists, else the daemon's own identity.
 * Returns 0, or -1 if the named user/group does not exist. */
int script_user_resolve(const char *user, const char *group, const char *script_user,
                        const char *script_group, struct proc_opts *opts);

/* enable_script_security: the file and every directory above it owned by
 * root and not writable by a non-root group or others.  false with a
 * reason in why. */
bool script_user_path_secure(const char *prog, char *why, size_t whylen);

#endif
