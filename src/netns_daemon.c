/* floatd in a named network namespace (see netns_daemon.h). */
#define _GNU_SOURCE
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "log.h"
#include "netns.h"
#include "netns_daemon.h"

const char *
netns_daemon_pid_file(const struct floatd_conf *c, const char *given, const char *dflt)
{
	static char buf[300];

	if (c->net_namespace == NULL || strcmp(given, dflt) != 0)
		return given;
	if ((size_t)snprintf(buf, sizeof(buf), "/run/floatd-%s.pid", c->net_namespace) >=
	    sizeof(buf))
		return given;
	return buf;
}

const char *
netns_daemon_ctl_id(const struct floatd_conf *c, const char *config_id)
{
	return config_id != NULL ? config_id : c->net_namespace;
}

const char *
netns_daemon_ident(const struct floatd_conf *c, const char *base)
{
	static char buf[300];

	if (c->net_namespace == NULL ||
	    (size_t)snprintf(buf, sizeof(buf), "%s_%s", base, c->net_namespace) >= sizeof(buf))
		return base;
	return buf;
}

static bool
netns_same(const char *a, const char *b)
{
	return a == b || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

char *
netns_daemon_reload_change(const struct floatd_conf *o, const struct floatd_conf *n)
{
	const char *what = !netns_same(o->net_namespace, n->net_namespace) ? "net_namespace"
	                 : !netns_same(o->net_namespace_ipvs, n->net_namespace_ipvs)
	                     ? "net_namespace_ipvs" : NULL;
	char *text;

	if (what == NULL)
		return NULL;
	if (asprintf(&text, "%s cannot change at a reload (as in keepalived); restart floatd; "
	             "the running configuration is kept", what) < 0)
		return strdup("net_namespace cannot change at a reload");
	return text;
}

int
netns_daemon_enter(const struct floatd_conf *c)
{
	char why[512];

	if (c->net_namespace == NULL)
		return 0;
	if (netns_enter(c->net_namespace, why, sizeof(why)) < 0) {
		log_warnx("cannot enter network namespace %s (%s); exiting", c->net_namespace, why);
		return -1;
	}
	log_info("running in network namespace %s (%s/%s)", c->net_namespace, NETNS_RUN_DIR,
	         c->net_namespace);
	return 0;
}
