/* Who a script runs as, and whether it may run as root: keepalived's
 * script_user / `user` / enable_script_security rules, shared by VRRP
 * notify scripts, vrrp_script trackers and the LVS checker's scripts
 * (notify_up/down, quorum_up/down, MISC_CHECK). */
#ifndef FLOATD_SCRIPT_USER_H
#define FLOATD_SCRIPT_USER_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "conf_diag.h"
#include "proc.h"

/* The bound on a notify-type script: VRRP notify scripts (vrrp/notify.c)
 * and the checker's notify_up/down and quorum_up/down (check/child.c).
 * keepalived puts no limit on them; floatd kills one after 30 s so that a
 * hung script cannot hold back the scripts of later transitions forever
 * (they are queued behind it). */
#define SCRIPT_NOTIFY_TIMEOUT_MS 30000

/* "user [group]", names or numbers, into uid/gid (the user's primary group
 * unless a group is given).  0 or -1 (unknown user or group). */
int script_user_parse(const char *user, const char *group, uid_t *uid, gid_t *gid);

/* Fill opts->run_as/uid/gid: `user`/`group` when user != NULL, else
 * script_user (conf value, may be NULL), else keepalived's default user
 * `keepalived_script` if it exists, else the daemon's own identity.
 * Returns 0, or -1 if the named user/group does not exist. */
int script_user_resolve(const char *user, const char *group, const char *script_user,
                        const char *script_group, struct proc_opts *opts);

/* A script as configured (notify_*, vrrp_script's script, MISC_CHECK,
 * notify_up/down, quorum_up/down, a FIFO's reader), already split into argv
 * like keepalived. */
struct script_conf {
	char **argv;                 /* NULL-terminated; argv[0] is the program */
	char *user, *group;          /* [USER [[:]GROUP]] after the script; NULL = default */
	struct conf_origin origin;
};

/* The global_defs settings every script follows: script_user [GROUP]
 * (NULL = keepalived's default) and enable_script_security. */
struct script_defaults {
	const char *user, *group;
	bool secure;
};

/* Decide once how a configured script runs: who it runs as (as
 * script_user_resolve), and, with enable_script_security, whether it may
 * when it would run with root's privileges (script_secure.h: every
 * component of its path, its #! interpreter, the file a shell on its
 * command line runs).  `argv` is the command as it will be run (a bare
 * vrrp_script name already looked up).  On success opts is filled and
 * *path holds the checked, resolved file that must be exec'd (malloc'd,
 * opts->path points to it), or NULL when nothing was checked (exec
 * argv[0]).  -1 with why ("user 'x' not found", "refusing to run it as
 * root: ...") when the script must never run. */
int script_user_prepare(const struct script_conf *sc, char *const argv[],
                        const struct script_defaults *dflt, struct proc_opts *opts,
                        char **path, char *why, size_t whylen);

#endif
