/* LVS script identities (see script.h): one place where the checker applies
 * lib/script_user.c, so notify, quorum and MISC_CHECK scripts cannot drift
 * apart from each other or from VRRP's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vrrp/conf/vrrp_conf_types.h"
#include "check/conf/conf_lvs.h"     /* struct script_conf, floatd_conf */
#include "check/script.h"
#include "script_user.h"

int
check_script_prepare(struct check_script *s, const struct script_conf *sc,
                     const struct floatd_conf *conf, uint32_t timeout_ms, char *why,
                     size_t whylen)
{
	const struct script_defaults dflt = { conf->script_user, conf->script_group,
	                                      conf->enable_script_security };

	memset(s, 0, sizeof(*s));
	s->opts.timeout_ms = timeout_ms;
	if (sc->argv == NULL || sc->argv[0] == NULL)
		return 0;
	if (script_user_prepare(sc, sc->argv, &dflt, &s->opts, &s->path, why, whylen) == -1)
		return -1;
	s->argv = sc->argv;
	return 0;
}

void
check_script_release(struct check_script *s)
{
	free(s->path);
	s->path = NULL;
	s->opts.path = NULL;
	s->argv = NULL;
}
