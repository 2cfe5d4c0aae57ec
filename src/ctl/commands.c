/* The control commands of floatd (see commands.h).  Each builds a json-c
 * document from what the daemon knows; floatctl formats it. */
#include <unistd.h>

#include <json-c/json.h>

#include "config.h"
#include "ctl/commands.h"
#include "ctl/server.h"
#include "loop.h"

static struct json_object *
cmd_version(void *ctx, struct json_object *args, const char **err)
{
	struct ctl_daemon *d = ctx;
	struct json_object *o = json_object_new_object();

	(void)args;
	if (o == NULL) {
		*err = "out of memory";
		return NULL;
	}
	json_object_object_add(o, "version", json_object_new_string(PACKAGE_VERSION));
	json_object_object_add(o, "pid", json_object_new_int64(getpid()));
	json_object_object_add(o, "uptime_s",
	                       json_object_new_int64((int64_t)((loop_now_ms() - d->started_ms) / 1000)));
	return o;
}

const struct ctl_command ctl_daemon_commands[] = {
	{ "version", cmd_version },
	{ NULL, NULL },
};
