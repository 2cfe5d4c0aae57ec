/* LVS script identities (see script.h): one place where the checker applies
 * src/script_user.c, so notify, quorum and MISC_CHECK scripts cannot drift
 * apart from each other or from VRRP's. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "check/conf.h"     /* struct script_conf, floatd_conf */
#include "check/script.h"
#include "script_user.h"

int
check_script_prepare(struct check_script *s, const struct script_conf *sc,
                     const struct floatd_conf *conf, uint32_t timeout_ms, char *why,
                     size_t whylen)
{
	char reason[512];
	uid_t uid;

	memset(s, 0, sizeof(*s));
	s->opts.timeout_ms = timeout_ms;
	if (sc->argv == NULL || sc->argv[0] == NULL)
		return 0;
	if (script_user_resolve(sc->user, sc->group, conf->script_user, conf->script_group,
	                        &s->opts) < 0) {
		snprintf(why, whylen, "user '%s' not found",
		         sc->user != NULL ? sc->user : conf->script_user);
		return -1;
	}
	uid = s->opts.run_as ? s->opts.uid : geteuid();
	if (conf->enable_script_security && uid == 0 &&
	    !script_user_path_secure(sc->argv[0], reason, sizeof(reason))) {
		snprintf(why, whylen, "refusing to run it as root: %s (enable_script_security)",
		         reason);
		return -1;
	}
	s->argv = sc->argv;
	return 0;
}
