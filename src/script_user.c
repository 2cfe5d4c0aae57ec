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

bool script_user_path_secure(const char *prog, char *why, size_t whylen)
{
	char real[PATH_MAX], *slash;
	struct stat st;

	if (realpath(prog, real) == NULL) {
		snprintf(why, whylen, "%s: %s", prog, strerror(errno));
		return false;
	}
	for (;;) {
		if (stat(real[0] != '\0' ? real : "/", &st) == -1) {
			snprintf(why, whylen, "%s: %s", real, strerror(errno));
			return false;
		}
		/* sticky directories (/tmp) count as writable */
		if (st.st_uid != 0 || (st.st_mode & S_IWOTH) ||
		    ((st.st_mode & S_IWGRP) && st.st_gid != 0)) {
			snprintf(why, whylen, "%s is writable by a non-root user",
			         real[0] != '\0' ? real : "/");
			return false;
		}
		if (real[0] == '\0')
			return true;
		slash = strrchr(real, '/');
		*slash = '\0';   /* "/usr/bin" -> "/usr" -> "" (the root) */
	}
}
