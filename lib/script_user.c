/* Script identities and enable_script_security (see script_user.h).  One
 * implementation for VRRP and the LVS checker, so every script follows the
 * same rules.  Reads the user database and the file system; never logs. */
#include "config.h"

#include <errno.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "script_secure.h"
#include "script_user.h"

/* keepalived's default script user when script_user is not given. */
#define SCRIPT_USER_DEFAULT "keepalived_script"

int script_user_parse(const char *user, const char *group, uid_t *uid, gid_t *gid)
{
	struct passwd *pw;
	struct group *gr;
	char *end;

	if (!user || !*user)
		return -1;
	if ((pw = getpwnam(user)) == NULL) {
		unsigned long v = strtoul(user, &end, 10);

		if (*end != '\0' || end == user || (pw = getpwuid((uid_t)v)) == NULL)
			return -1;
	}
	*uid = pw->pw_uid;
	*gid = pw->pw_gid;
	if (group && *group) {
		/* keepalived: a leading ':' asks for supplementary groups too;
		 * the group itself is the same */
		if (*group == ':')
			group++;
		if ((gr = getgrnam(group)) != NULL) {
			*gid = gr->gr_gid;
		} else {
			unsigned long v = strtoul(group, &end, 10);

			if (*end != '\0' || end == group)
				return -1;
			*gid = (gid_t)v;
		}
	}
	return 0;
}

int script_user_resolve(const char *user, const char *group, const char *script_user,
                        const char *script_group, struct proc_opts *opts)
{
	struct passwd *pw;
	uid_t uid = geteuid();   /* root, when floatd runs as a daemon */
	gid_t gid = getegid();

	if (user && *user) {
		if (script_user_parse(user, group, &uid, &gid) == -1)
			return -1;
	} else if (script_user && *script_user) {
		if (script_user_parse(script_user, script_group, &uid, &gid) == -1)
			return -1;
	} else if ((pw = getpwnam(SCRIPT_USER_DEFAULT)) != NULL) {
		uid = pw->pw_uid;
		gid = pw->pw_gid;
	}
	/* Switching to the identity we already have is pointless and, when
	 * not root, impossible. */
	opts->run_as = uid != geteuid() || gid != getegid();
	opts->uid = uid;
	opts->gid = gid;
	return 0;
}

int script_user_prepare(const struct script_conf *sc, char *const argv[],
                        const struct script_defaults *dflt, struct proc_opts *opts,
                        char **path, char *why, size_t whylen)
{
	char reason[PATH_MAX + 128], *real = NULL;
	uid_t uid;
	gid_t gid;

	*path = NULL;
	opts->path = NULL;
	if (script_user_resolve(sc->user, sc->group, dflt->user, dflt->group,
	                        opts) == -1) {
		snprintf(why, whylen, "user '%s' not found",
		         sc->user != NULL ? sc->user : dflt->user);
		return -1;
	}
	if (!dflt->secure)
		return 0;
	uid = opts->run_as ? opts->uid : geteuid();
	gid = opts->run_as ? opts->gid : getegid();
	/* realpath() first only to learn whether the file is setuid root */
	real = argv[0] != NULL ? realpath(argv[0], NULL) : NULL;
	if (!script_secure_needed(real, uid, gid)) {
		free(real);
		return 0;
	}
	free(real);
	if (script_secure_argv(argv, 0, &real, reason, sizeof(reason)) == -1) {
		snprintf(why, whylen, "refusing to run it as root: %s (enable_script_security)",
		         reason);
		return -1;
	}
	*path = real;
	opts->path = real;
	return 0;
}
