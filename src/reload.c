/* Reload orchestration (see reload.h): parse, refuse or apply, tell the
 * checker, the control socket and the service manager.  The VRRP side is
 * src/vrrp/reload_apply.c; the decision what changed is src/vrrp/reload_plan.c. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "conf.h"
#include "conf_snap.h"
#include "conf_snap_fd.h"
#include "log.h"
#include "netns_daemon.h"
#include "reload.h"
#include "rt_sched.h"
#include "service.h"
#include "check/supervise.h"
#include "vrrp/instance.h"
#include "vrrp/reload_plan.h"

struct collected {
	FILE *errors;                /* the answer's error lines */
};

/* Every problem is logged as `file:line: ...`; the errors also go into the
 * answer. */
static void
collect(void *arg, enum conf_severity sev, const char *file, int line, const char *msg)
{
	struct collected *c = arg;

	if (sev == CONF_ERROR) {
		log_warnx("reload: %s:%d: error: %s", file, line, msg);
		if (c->errors != NULL)
			fprintf(c->errors, "\n%s:%d: error: %s", file, line, msg);
	} else {
		log_warnx("reload: %s:%d: warning: %s", file, line, msg);
	}
}

static int64_t
mono_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static void
set_answer(struct floatd_reload *r, char *text)
{
	free(r->answer);
	r->answer = text;
}

/* The checker runs what the new configuration says: the new snapshot for a
 * running one, a new one when virtual servers appeared, none when they all
 * went. */
static void
reload_checker(struct floatd_reload *r, const struct conf_snap *snap)
{
	bool want = !r->no_checker && r->conf->n_virtual_servers > 0;
	int fd;

	if (!want) {
		if (r->checker != NULL) {
			log_info("reload: no virtual_server left; stopping the LVS checker");
			check_supervise_stop(r->checker);
			/* freed at the end (or by the next stop): SIGTERM's answer is
			 * the child's own clean-up */
			check_supervise_free(r->retired_checker);
			r->retired_checker = r->checker;
			r->checker = NULL;
		}
		return;
	}
	fd = conf_snap_memfd(snap);
	if (fd < 0) {
		errno = -fd;
		log_warn("reload: cannot seal the configuration for the LVS checker; it keeps "
		         "the previous one");
		return;
	}
	if (r->checker != NULL) {
		/* the supervisor owns fd from here */
		if (check_supervise_reload(r->checker, fd) < 0)
			log_warnx("reload: the LVS checker did not take the new configuration");
		else if (r->snap_fd >= 0) {
			close(r->snap_fd);   /* the start-up snapshot: nobody uses it now */
			r->snap_fd = -1;
		}
		return;
	}
	log_info("reload: virtual servers configured; starting the LVS checker");
	if (r->snap_fd >= 0)
		close(r->snap_fd);
	r->snap_fd = fd;
	r->checker = check_supervise_new(r->loop, r->argv, fd);
	if (r->checker == NULL || check_supervise_start(r->checker) < 0)
		log_warnx("reload: cannot start the LVS checker; VRRP runs without it");
}

static int
refuse(struct floatd_reload *r, const char *origin, char *text, int64_t t0)
{
	struct timespec now;

	clock_gettime(CLOCK_REALTIME, &now);
	r->stats.any = true;
	r->stats.failed++;
	r->stats.last_ok = false;
	r->stats.last_wall_us = (int64_t)now.tv_sec * 1000000 + now.tv_nsec / 1000;
	r->stats.last_ms = (uint32_t)((mono_us() - t0) / 1000);
	log_warnx("reload (%s) refused: %s", origin, text != NULL ? text : "out of memory");
	service_reload_refused(text != NULL ? text : "out of memory");
	set_answer(r, text);
	return -1;
}

/* A refused reload: the new configuration goes, the running one stays.
 * `answer` (taken; NULL = out of memory) says why.  Returns -1. */
static int
reload_refused(struct floatd_reload *r, const char *origin, struct conf_snap *snap,
               struct floatd_conf *conf, char *answer, int64_t t0, const char **text)
{
	conf_snap_free(snap);
	floatd_conf_free(conf);
	refuse(r, origin, answer, t0);
	service_reloaded();
	*text = r->answer != NULL ? r->answer : "out of memory";
	return -1;
}

/* Reads the file again into *conf, recording *snap, every problem reported
 * through diag (whose arg is a struct collected).  0, or -1 with *answer
 * the counts and each error line (NULL: out of memory). */
static int
reload_parse(const struct floatd_reload *r, struct conf_diag *diag, struct floatd_conf **conf,
             struct conf_snap **snap, char **answer)
{
	struct collected *col = diag->arg;
	char *errors = NULL;
	size_t errors_len = 0;
	int rc;

	col->errors = open_memstream(&errors, &errors_len);
	*snap = conf_snap_new();
	rc = *snap == NULL ? -1
	                   : floatd_conf_load_record(r->conf_file, r->config_id, *snap, diag, conf);
	if (col->errors != NULL)
		fclose(col->errors);
	if (rc < 0 || *conf == NULL) {
		if (asprintf(answer, "%s: %u error(s), %u warning(s); the running configuration "
		             "is kept%s", r->conf_file, diag->errors, diag->warnings,
		             errors != NULL ? errors : "") < 0)
			*answer = NULL;
		free(errors);
		return -1;
	}
	free(errors);
	return 0;
}

/* The applied configuration is the running one now: the control socket,
 * the log facility and the checker follow it. */
static void
reload_follow(struct floatd_reload *r, struct floatd_conf *conf, const struct conf_snap *snap)
{
	r->conf = conf;
	if (r->ctl != NULL)
		r->ctl->conf = conf;
	if (!r->facility_from_cli)
		log_set_facility(conf->log_facility);
	reload_checker(r, snap);
	if (r->ctl != NULL)   /* the status views follow the checker that runs */
		r->ctl->checker = r->checker;
}

/* An applied reload: counted, answered, logged and told to the service
 * manager. */
static void
reload_applied(struct floatd_reload *r, const char *origin, const struct vrrp_reload_summary *sum,
               unsigned warnings, int64_t t0, int64_t t_parsed)
{
	struct timespec now;
	char *answer;

	clock_gettime(CLOCK_REALTIME, &now);
	r->stats.any = true;
	r->stats.ok++;
	r->stats.last_ok = true;
	r->stats.last_wall_us = (int64_t)now.tv_sec * 1000000 + now.tv_nsec / 1000;
	r->stats.last_ms = (uint32_t)((mono_us() - t0) / 1000);
	if (asprintf(&answer, "reloaded: %u unchanged, %u updated, %u added, %u removed, "
	             "%u replaced%s", sum->unchanged, sum->updated, sum->added, sum->removed,
	             sum->replaced, sum->failed > 0 ? " (some new instances failed: see the log)"
	                                            : "") < 0)
		answer = NULL;
	set_answer(r, answer);
	log_info("reload (%s): %s (%u warning(s)) in %.1f ms (parse %.1f ms, apply %.1f ms)",
	         origin, r->answer != NULL ? r->answer : "reloaded", warnings,
	         (mono_us() - t0) / 1000.0, (t_parsed - t0) / 1000.0,
	         (mono_us() - t_parsed) / 1000.0);
	service_reload_applied(r->vrrp);
}

int
floatd_reload_run(struct floatd_reload *r, const char *origin, const char **text)
{
	struct collected col = { 0 };
	struct conf_diag diag = { .report = collect, .arg = &col };
	struct floatd_conf *conf = NULL;
	struct conf_snap *snap = NULL;
	struct vrrp_reload_summary sum;
	char *answer = NULL;
	int64_t t0 = mono_us(), t_parsed;
	const struct floatd_conf *old_conf;
	const char *restart_only[8];
	unsigned n_restart;
	int rc;

	*text = "";
	if (r->stopping) {
		*text = "floatd is stopping; no reload";
		return -1;
	}
	log_info("reload (%s): reading %s", origin, r->conf_file);
	service_reloading();
	rc = reload_parse(r, &diag, &conf, &snap, &answer);
	t_parsed = mono_us();
	if (rc < 0)
		return reload_refused(r, origin, snap, conf, answer, t0, text);
	if ((answer = netns_daemon_reload_change(r->conf, conf)) != NULL)
		return reload_refused(r, origin, snap, conf, answer, t0, text);
	old_conf = r->conf;
	n_restart = vrrp_reload_restart_only(old_conf, conf, restart_only,
	                                     sizeof(restart_only) / sizeof(restart_only[0]));
	if (vrrp_set_reload(r->vrrp, conf, r->conf, floatd_conf_free, &sum) < 0)
		return reload_refused(r, origin, snap, conf,
		                      strdup("out of memory while applying; the running "
		                             "configuration is kept"), t0, text);
	/* before the set may free the old configuration */
	rt_sched_reload(old_conf, conf);
	for (unsigned i = 0; i < n_restart; i++)
		log_warnx("reload: %s changed; it applies at the next start of floatd, the "
		          "running value is kept", restart_only[i]);
	/* the set owns the old configuration now (freed once unused) */
	reload_follow(r, conf, snap);
	conf_snap_free(snap);
	reload_applied(r, origin, &sum, diag.warnings, t0, t_parsed);
	*text = r->answer != NULL ? r->answer : "reloaded";
	return 0;
}

void
floatd_reload_end(struct floatd_reload *r)
{
	check_supervise_free(r->checker);
	check_supervise_free(r->retired_checker);
	r->checker = r->retired_checker = NULL;
	if (r->snap_fd >= 0)
		close(r->snap_fd);
	r->snap_fd = -1;
	floatd_conf_free(r->conf);
	r->conf = NULL;
	free(r->answer);
	r->answer = NULL;
}
