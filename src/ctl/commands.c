/* The control commands of floatd (see commands.h).  Each builds a json-c
 * document from the daemon's read-only status views; floatctl formats it. */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>

#include "config.h"
#include "check/supervise.h"
#include "conf.h"
#include "ctl/commands.h"
#include "ctl/maintenance.h"
#include "ctl/server.h"
#include "ctl/view.h"
#include "ctl/view_lvs.h"
#include "log.h"
#include "loop.h"
#include "rt_sched.h"
#include "vrrp/instance.h"
#include "vrrp/status.h"

static struct ctl_view_clock
view_clock(void)
{
	struct timespec ts;
	struct ctl_view_clock c;

	clock_gettime(CLOCK_REALTIME, &ts);
	c.now_ms = loop_now_ms();
	c.wall_us = (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
	return c;
}

/* The optional "instance" argument: NULL when absent; *bad when present but
 * not a string. */
static const char *
arg_instance(struct json_object *args, bool *bad)
{
	struct json_object *v;

	*bad = false;
	if (!json_object_object_get_ex(args, "instance", &v) || json_object_is_type(v, json_type_null))
		return NULL;
	if (!json_object_is_type(v, json_type_string)) {
		*bad = true;
		return NULL;
	}
	return json_object_get_string(v);
}

static struct json_object *
cmd_version(void *ctx, struct json_object *args, const char **err)
{
	struct ctl_daemon *d = ctx;
	struct json_object *o = json_object_new_object();

	(void)args;
	(void)err;
	json_object_object_add(o, "version", json_object_new_string(PACKAGE_VERSION));
	json_object_object_add(o, "pid", json_object_new_int64(getpid()));
	json_object_object_add(o, "uptime_s",
	                       json_object_new_int64((int64_t)((loop_now_ms() - d->started_ms) / 1000)));
	json_object_object_add(o, "config_file", json_object_new_string(d->conf_file));
	json_object_object_add(o, "config_id",
	                       d->config_id != NULL ? json_object_new_string(d->config_id) : NULL);
	return o;
}

struct collect {
	const char *only;            /* instance name filter, NULL = all */
	struct ctl_view_clock clk;
	struct json_object *list;
	unsigned matched;
	unsigned limit;              /* history: entries per instance */
	FILE *out;                   /* metrics */
	unsigned family;
};

static void
collect_status(const struct vrrp_instance_status *s, void *arg)
{
	struct collect *c = arg;

	if (c->only != NULL && strcmp(c->only, s->c->name) != 0)
		return;
	c->matched++;
	json_object_array_add(c->list, ctl_view_instance(s, &c->clk));
}

static int
lvs_rs_state(void *arg, uint32_t vs, uint32_t rs, bool *up, int32_t *weight)
{
	return check_supervise_rs_state(arg, vs, rs, up, weight);
}

/* The checker's view, or NULL when the configuration has no virtual_server
 * (or the checker is not run). */
static bool
lvs_view(const struct ctl_daemon *d, struct ctl_lvs_view *v)
{
	struct check_supervise_stats st;

	if (d->checker == NULL || d->conf == NULL || d->conf->virtual_servers == NULL)
		return false;
	check_supervise_stats(d->checker, &st);
	memset(v, 0, sizeof(*v));
	v->conf = d->conf;
	v->running = check_supervise_running(d->checker);
	v->ipvs_unavailable = st.ipvs_unavailable;
	v->starts = st.starts;
	v->reloads_ok = st.reloads_ok;
	v->reloads_failed = st.reloads_failed;
	v->generation = st.child_gen;
	v->rs_state = lvs_rs_state;
	v->arg = d->checker;
	return true;
}

/* vrrp_rt_priority / max_auto_priority as they stand */
static struct json_object *
sched_view(const struct rt_sched_stats *s)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "policy", json_object_new_string(s->priority ? "SCHED_RR"
	                                                                        : "SCHED_OTHER"));
	json_object_object_add(o, "rt_priority", json_object_new_int(s->priority));
	json_object_object_add(o, "max_auto_priority", json_object_new_int(s->max_auto));
	json_object_object_add(o, "min_auto_priority_delay_us",
	                       json_object_new_int64((int64_t)s->min_delay_us));
	json_object_object_add(o, "late_wakeups", json_object_new_int64((int64_t)s->late));
	json_object_object_add(o, "auto_raises", json_object_new_int64((int64_t)s->raised));
	json_object_object_add(o, "worst_late_us", json_object_new_int64((int64_t)s->worst_late_us));
	return o;
}

static struct json_object *
cmd_status(void *ctx, struct json_object *args, const char **err)
{
	struct ctl_daemon *d = ctx;
	struct collect c = { .clk = view_clock() };
	struct ctl_lvs_view lv;
	struct json_object *o;
	bool bad;

	c.only = arg_instance(args, &bad);
	if (bad) {
		*err = "\"instance\" must be a string";
		return NULL;
	}
	c.list = json_object_new_array();
	vrrp_status_instances(d->vrrp, collect_status, &c);
	if (c.only != NULL && c.matched == 0) {
		json_object_put(c.list);
		*err = "no such VRRP instance";
		return NULL;
	}
	o = json_object_new_object();
	json_object_object_add(o, "maintenance",
	                       json_object_new_boolean(ctl_maintenance_is_on(d->maintenance_file)));
	json_object_object_add(o, "instances", c.list);
	if (d->reload_stats != NULL)
		json_object_object_add(o, "reload", ctl_view_reload(d->reload_stats));
	json_object_object_add(o, "checker", lvs_view(d, &lv) ? ctl_view_lvs(&lv) : NULL);
	if (d->sched != NULL)
		json_object_object_add(o, "scheduling", sched_view(d->sched));
	return o;
}

static void
collect_history(const struct vrrp_instance_status *s, void *arg)
{
	struct collect *c = arg;
	const struct vrrp_history_entry *e;

	if (c->only != NULL && strcmp(c->only, s->c->name) != 0)
		return;
	c->matched++;
	for (unsigned i = 0; i < c->limit && (e = vrrp_history_get(s->history, i)) != NULL; i++)
		json_object_array_add(c->list, ctl_view_history_entry(s->c->name, e));
}

/* newest first across instances */
static int
by_time_desc(const void *a, const void *b)
{
	struct json_object *x = *(struct json_object *const *)a, *y = *(struct json_object *const *)b;
	struct json_object *tx, *ty;
	int64_t ux, uy;

	json_object_object_get_ex(x, "at_us", &tx);
	json_object_object_get_ex(y, "at_us", &ty);
	ux = json_object_get_int64(tx);
	uy = json_object_get_int64(ty);
	return ux < uy ? 1 : ux > uy ? -1 : 0;
}

static struct json_object *
cmd_history(void *ctx, struct json_object *args, const char **err)
{
	struct ctl_daemon *d = ctx;
	struct collect c = { .limit = 20 };
	struct json_object *o, *v;
	bool bad;

	c.only = arg_instance(args, &bad);
	if (bad) {
		*err = "\"instance\" must be a string";
		return NULL;
	}
	if (json_object_object_get_ex(args, "n", &v)) {
		int64_t n = json_object_get_int64(v);

		if (!json_object_is_type(v, json_type_int) || n < 1 || n > VRRP_HISTORY_MAX) {
			*err = "\"n\" must be an integer from 1 to 256";
			return NULL;
		}
		c.limit = (unsigned)n;
	}
	c.list = json_object_new_array();
	vrrp_status_instances(d->vrrp, collect_history, &c);
	if (c.only != NULL && c.matched == 0) {
		json_object_put(c.list);
		*err = "no such VRRP instance";
		return NULL;
	}
	json_object_array_sort(c.list, by_time_desc);
	/* across instances the limit applies to the merged list too */
	if (json_object_array_length(c.list) > c.limit)
		json_object_array_del_idx(c.list, c.limit, json_object_array_length(c.list) - c.limit);
	o = json_object_new_object();
	json_object_object_add(o, "transitions", c.list);
	return o;
}

static void
collect_metrics(const struct vrrp_instance_status *s, void *arg)
{
	struct collect *c = arg;

	ctl_view_metrics_instance_family(c->out, c->family, s);
}

static struct json_object *
cmd_metrics(void *ctx, struct json_object *args, const char **err)
{
	struct ctl_daemon *d = ctx;
	struct collect c = { 0 };
	struct ctl_lvs_view lv;
	struct json_object *o;
	char *text = NULL;
	size_t len = 0;

	(void)args;
	c.out = open_memstream(&text, &len);
	if (c.out == NULL) {
		*err = "out of memory";
		return NULL;
	}
	ctl_view_metrics_header(c.out, PACKAGE_VERSION, d->started_wall_us);
	for (c.family = CTL_VIEW_METRICS_FIRST; c.family < ctl_view_metrics_families(); c.family++) {
		ctl_view_metrics_family_header(c.out, c.family);
		vrrp_status_instances(d->vrrp, collect_metrics, &c);
	}
	if (d->reload_stats != NULL)
		ctl_view_metrics_reload(c.out, d->reload_stats);
	if (lvs_view(d, &lv))
		ctl_view_lvs_metrics(c.out, &lv);
	fclose(c.out);
	o = json_object_new_object();
	json_object_object_add(o, "text", json_object_new_string_len(text, (int)len));
	free(text);
	return o;
}

/* release / resume: {"instance": NAME} or {"all": true} */
static struct json_object *
release_or_resume(struct ctl_daemon *d, struct json_object *args, bool release, const char **err)
{
	struct json_object *o, *v;
	const char *name;
	unsigned changed;
	bool bad, all = false;

	name = arg_instance(args, &bad);
	if (json_object_object_get_ex(args, "all", &v))
		all = json_object_get_boolean(v);
	if (bad || (name == NULL) == !all) {
		*err = "name one instance, or all";
		return NULL;
	}
	if (vrrp_set_release(d->vrrp, name, release, &changed, err) < 0)
		return NULL;
	o = json_object_new_object();
	json_object_object_add(o, "changed", json_object_new_int64(changed));
	return o;
}

static struct json_object *
cmd_release(void *ctx, struct json_object *args, const char **err)
{
	return release_or_resume(ctx, args, true, err);
}

static struct json_object *
cmd_resume(void *ctx, struct json_object *args, const char **err)
{
	return release_or_resume(ctx, args, false, err);
}

/* maintenance: {"on": true|false}.  The flag file is written before the
 * instances move, so a crash in between still comes back released. */
static struct json_object *
cmd_maintenance(void *ctx, struct json_object *args, const char **err)
{
	struct ctl_daemon *d = ctx;
	struct json_object *o, *v;
	unsigned changed;
	bool on;

	if (!json_object_object_get_ex(args, "on", &v) || !json_object_is_type(v, json_type_boolean)) {
		*err = "say on or off";
		return NULL;
	}
	on = json_object_get_boolean(v);
	if (ctl_maintenance_set(d->maintenance_file, on) < 0) {
		*err = "cannot write the maintenance flag file";
		return NULL;
	}
	log_info("maintenance mode %s (floatctl)", on ? "on" : "off");
	if (vrrp_set_release(d->vrrp, NULL, on, &changed, err) < 0)
		return NULL;
	o = json_object_new_object();
	json_object_object_add(o, "maintenance", json_object_new_boolean(on));
	json_object_object_add(o, "changed", json_object_new_int64(changed));
	return o;
}

/* prepare-restart: the next stop (within a minute) is a restart in place,
 * for package upgrades: the MASTERs keep their VIPs for the next floatd. */
static struct json_object *
cmd_prepare_restart(void *ctx, struct json_object *args, const char **err)
{
	struct ctl_daemon *d = ctx;
	struct json_object *o;
	unsigned masters;

	(void)args; (void)err;
	masters = vrrp_set_arm_in_place(d->vrrp, CTL_RESTART_ARM_MS);
	log_info("restart in place prepared (floatctl): a stop within %u s keeps the VIPs of "
	         "%u MASTER instance(s) for the next floatd", CTL_RESTART_ARM_MS / 1000, masters);
	o = json_object_new_object();
	json_object_object_add(o, "masters", json_object_new_int64(masters));
	json_object_object_add(o, "seconds", json_object_new_int64(CTL_RESTART_ARM_MS / 1000));
	return o;
}

/* dump: the running configuration as floatd understood it (floatd -t -v) */
static struct json_object *
cmd_dump(void *ctx, struct json_object *args, const char **err)
{
	struct ctl_daemon *d = ctx;
	struct json_object *o;
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	(void)args;
	if (f == NULL) {
		*err = "out of memory";
		return NULL;
	}
	floatd_conf_dump(f, d->conf);
	fclose(f);
	o = json_object_new_object();
	json_object_object_add(o, "text", json_object_new_string_len(text, (int)len));
	free(text);
	return o;
}

/* reload: as SIGHUP, answered when done.  A refused configuration is an
 * error answer whose message lists every file:line (floatctl exits 1). */
static struct json_object *
cmd_reload(void *ctx, struct json_object *args, const char **err)
{
	struct ctl_daemon *d = ctx;
	struct json_object *o;
	const char *text;

	(void)args;
	if (d->reload == NULL) {
		*err = "reload is not available";
		return NULL;
	}
	if (d->reload(d->reload_arg, &text) < 0) {
		*err = text;
		return NULL;
	}
	o = json_object_new_object();
	json_object_object_add(o, "result", json_object_new_string(text));
	return o;
}

const struct ctl_command ctl_daemon_commands[] = {
	{ "version", cmd_version },
	{ "status", cmd_status },
	{ "history", cmd_history },
	{ "metrics", cmd_metrics },
	{ "release", cmd_release },
	{ "resume", cmd_resume },
	{ "maintenance", cmd_maintenance },
	{ "dump", cmd_dump },
	{ "reload", cmd_reload },
	{ "prepare-restart", cmd_prepare_restart },
	{ NULL, NULL },
};
