/* How the LVS checker runs its scripts (notify_up/down, quorum_up/down,
 * MISC_CHECK): the identity and enable_script_security rules of VRRP's
 * scripts (lib/script_user.h) and a timeout, decided once when the child
 * builds its state.  Reads the user database and the file system; never
 * logs (the caller says why a script is refused). */
#ifndef FLOATD_CHECK_SCRIPT_H
#define FLOATD_CHECK_SCRIPT_H

#include <stddef.h>
#include <stdint.h>

#include "proc.h"

struct floatd_conf;
struct script_conf;

struct check_script {
	char *const *argv;       /* the config's argv; NULL = none, or refused */
	struct proc_opts opts;   /* identity, timeout and checked file for lib/proc */
	char *path;              /* opts.path: the file checked under enable_script_security */
};

/* Resolve `sc`: its own `USER [GROUP]`, else the global script_user, else
 * keepalived's default (script_user.h); refused when it would run as root
 * under enable_script_security from a path others can write (the file run
 * is then the one checked: s->path).  0 (s->argv
 * set, or NULL when sc has no script) or -1 with the reason in why (s->argv
 * NULL: the script never runs). */
int check_script_prepare(struct check_script *s, const struct script_conf *sc,
                         const struct floatd_conf *conf, uint32_t timeout_ms, char *why,
                         size_t whylen);
void check_script_release(struct check_script *s);

#endif
