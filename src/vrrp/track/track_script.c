/* vrrp_script trackers: run each script every `interval` through lib/proc
 * (own process group, SIGTERM then SIGKILL at `timeout`, which counts as a
 * failure), at most one run per script at a time, and turn the results into
 * an OK/failed state with rise/fall.  Never waits for a script. */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "loop.h"
#include "proc.h"
#include "script_user.h"
#include "track_int.h"

/* keepalived looks bare program names up in a fixed PATH */
#define TRACK_SCRIPT_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

struct track_script {
	struct vrrp_trackers *t;
	const struct vrrp_script_conf *conf;
	char **argv;                 /* argv[0] resolved to a path */
	struct proc_opts opts;
	char *path;                  /* opts.path: checked (enable_script_security) */
	struct loop_timer *timer;
	struct vrrp_track_rf rf;
	bool disabled;               /* not found / refused: ignored, counts as OK */
	bool running;
	bool orphan;                 /* freed while running: free when reaped */
	uint64_t runs, timeouts;
};

static char **track_script_argv(const struct vrrp_script_conf *sc)
{
	unsigned n = 0;
	char **argv;

	while (sc->script.argv[n])
		n++;
	if (!(argv = calloc(n + 1, sizeof(*argv))))
		return NULL;
	for (unsigned i = 0; i < n; i++)
		if (!(argv[i] = strdup(sc->script.argv[i]))) {
			for (unsigned k = 0; k < i; k++)
				free(argv[k]);
			free(argv);
			return NULL;
		}
	return argv;
}

/* A bare name is searched in TRACK_SCRIPT_PATH; 0 or -1 (not found). */
static int track_script_which(char **argv0)
{
	char path[PATH_MAX], dirs[] = TRACK_SCRIPT_PATH, *save = NULL;

	if (strchr(*argv0, '/'))
		return 0;
	for (char *d = strtok_r(dirs, ":", &save); d; d = strtok_r(NULL, ":", &save)) {
		char *s;

		snprintf(path, sizeof(path), "%s/%s", d, *argv0);
		if (access(path, X_OK) == 0 && (s = strdup(path))) {
			free(*argv0);
			*argv0 = s;
			return 0;
		}
	}
	return -1;
}

static void track_script_free_now(struct track_script *s)
{
	if (s->argv)
		for (unsigned i = 0; s->argv[i]; i++)
			free(s->argv[i]);
	free(s->argv);
	free(s->path);
	loop_timer_free(s->timer);
	free(s);
}

static void track_script_done(void *arg, const struct proc_done *d)
{
	struct track_script *s = arg;
	bool ok = d->result == PROC_EXITED && d->status == 0;

	s->running = false;
	if (s->orphan) {
		track_script_free_now(s);
		return;
	}
	if (d->result == PROC_TIMEDOUT) {
		s->timeouts++;
		log_warnx_every(10000, 5, "vrrp_script %s timed out after %u ms (killed, counted as a failure)",
		          s->conf->name, s->conf->timeout_ms);
	}
	if (vrrp_track_rf_feed(&s->rf, ok, s->conf->rise, s->conf->fall)) {
		log_info("vrrp_script %s is now %s", s->conf->name, s->rf.ok ? "OK" : "failed");
		track_changed(s->t);
	}
}

static void track_script_tick(struct loop_timer *tm, void *arg)
{
	struct track_script *s = arg;

	/* the next run is scheduled from now, whatever this one does */
	loop_timer_after(tm, s->conf->interval_ms);
	if (s->running)
		return;   /* at most one run at a time; the timeout ends a hung one */
	s->opts.timeout_ms = s->conf->timeout_ms;
	if (proc_spawn(s->t->loop, s->argv, &s->opts, track_script_done, s) < 0) {
		log_warn_every(10000, 5, "vrrp_script %s: cannot start %s", s->conf->name, s->argv[0]);
		if (vrrp_track_rf_feed(&s->rf, false, s->conf->rise, s->conf->fall)) {
			log_info("vrrp_script %s is now failed", s->conf->name);
			track_changed(s->t);
		}
		return;
	}
	s->running = true;
	s->runs++;
}

struct track_script *track_script_new(struct vrrp_trackers *t, const struct vrrp_script_conf *sc)
{
	const struct floatd_conf *c = t->conf;
	const struct script_defaults dflt = { c->script_user, c->script_group,
	                                      c->enable_script_security };
	struct track_script *s = calloc(1, sizeof(*s));
	char why[PATH_MAX + 192];

	if (!s)
		return NULL;
	s->t = t;
	s->conf = sc;
	vrrp_track_rf_init(&s->rf, sc->init_fail);
	if (!sc->script.argv || !(s->argv = track_script_argv(sc)) ||
	    !(s->timer = loop_timer_new(t->loop, track_script_tick, s))) {
		track_script_free_now(s);
		return NULL;
	}
	if (track_script_which(&s->argv[0]) < 0) {
		log_warnx("vrrp_script %s: '%s' not found in %s, script disabled", sc->name,
		          s->argv[0], TRACK_SCRIPT_PATH);
		s->disabled = true;
	} else if (script_user_prepare(&sc->script, s->argv, &dflt, &s->opts, &s->path, why,
	                               sizeof(why)) == -1) {
		log_warnx("vrrp_script %s: %s: %s; script disabled", sc->name, s->argv[0], why);
		s->disabled = true;
	}
	return s;
}

void track_script_start(struct track_script *s)
{
	if (!s->disabled)
		loop_timer_after(s->timer, 0);
}

const struct vrrp_script_conf *track_script_conf(const struct track_script *s)
{
	return s->conf;
}

bool track_script_ok(const struct track_script *s)
{
	return s->disabled || s->rf.ok;
}

bool track_script_running(const struct track_script *s)
{
	return s->running;
}

void track_script_free(struct track_script *s)
{
	if (!s)
		return;
	if (s->running) {
		/* lib/proc still holds `s` as the callback argument */
		loop_timer_stop(s->timer);
		s->orphan = true;
		return;
	}
	track_script_free_now(s);
}

void track_script_rebind(struct track_script *s, const struct vrrp_script_conf *sc)
{
	s->conf = sc;
}

void track_script_carry(struct track_script *to, const struct track_script *from)
{
	to->rf = from->rf;
	to->runs = from->runs;
	to->timeouts = from->timeouts;
}
