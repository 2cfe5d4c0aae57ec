/* checker_host: the parent side of the LVS checker alone, for tests of the
 * checker's reload before floatd's own reload drives it: loads FILE as
 * floatd does (recording a configuration snapshot), starts floatd-checker
 * through src/check/supervise.c and, on SIGHUP, loads FILE again and hands
 * the new sealed snapshot to check_supervise_reload() (a file with errors
 * is refused here, as floatd refuses it).  SIGUSR1 prints the supervisor's
 * counters on one line; SIGTERM/SIGINT stop the child and exit.
 *   checker_host -f FILE [other floatd options, passed to the checker]
 * Logs to stderr (the checker too: pass -l). */
#include "config.h"

#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check/supervise.h"
#include "conf.h"
#include "conf_snap.h"
#include "conf_snap_fd.h"
#include "log.h"
#include "loop.h"
#include "signals.h"

struct host {
	struct ev_loop *loop;
	const char *file;
	struct check_supervise *sup;
	struct loop_timer *exit_poll;
};

static void
host_report(void *arg, enum conf_severity sev, const char *file, int line, const char *msg)
{
	(void)arg;
	log_warnx("%s:%d: %s: %s", file, line, sev == CONF_ERROR ? "error" : "warning", msg);
}

/* 0 and a sealed memfd in *fd, or -1 (errors logged). */
static int
host_load(const char *file, int *fd)
{
	struct conf_diag diag = { .report = host_report };
	struct conf_snap *snap = conf_snap_new();
	struct floatd_conf *conf = NULL;
	int rc = -1;

	if (snap != NULL && floatd_conf_load_record(file, NULL, snap, &diag, &conf) == 0 &&
	    conf != NULL) {
		*fd = conf_snap_memfd(snap);
		rc = *fd >= 0 ? 0 : -1;
	}
	if (rc < 0)
		log_warnx("host: %s: %u error(s); configuration kept", file, diag.errors);
	floatd_conf_free(conf);
	conf_snap_free(snap);
	return rc;
}

static void
host_exit_poll(struct loop_timer *t, void *arg)
{
	struct host *h = arg;

	if (check_supervise_running(h->sup))
		loop_timer_after(t, 50);
	else
		loop_break(h->loop);
}

static void
host_signal(struct loop_signal *s, int signum, void *arg)
{
	struct host *h = arg;
	struct check_supervise_stats st;
	int fd;

	(void)s;
	switch (signum) {
	case SIGHUP:
		if (host_load(h->file, &fd) == 0) {
			log_info("host: reload: %s loaded", h->file);
			check_supervise_reload(h->sup, fd);
		}
		break;
	case SIGUSR1:
		check_supervise_stats(h->sup, &st);
		log_info("host: stats starts=%u reloads_sent=%u reloads_ok=%u reloads_failed=%u "
		         "gen=%u child_gen=%u stale=%u bad=%u rs_up=%u rs_down=%u", st.starts,
		         st.reloads_sent, st.reloads_ok, st.reloads_failed, st.gen, st.child_gen,
		         st.stale_msgs, st.bad_msgs, st.rs_up, st.rs_down);
		break;
	default:
		check_supervise_stop(h->sup);
		loop_timer_after(h->exit_poll, 0);
		break;
	}
}

int
main(int argc, char **argv)
{
	struct host h = { 0 };
	struct signals_watch *sigs;
	int fd, i;

	for (i = 1; i + 1 < argc; i++)
		if (strcmp(argv[i], "-f") == 0)
			h.file = argv[i + 1];
	if (h.file == NULL) {
		fprintf(stderr, "usage: checker_host -f FILE [floatd options]\n");
		return 2;
	}
	log_init("checker_host", LOG_TARGET_STDERR, true, true);
	signal(SIGPIPE, SIG_IGN);
	if (host_load(h.file, &fd) < 0)
		return 1;
	h.loop = loop_default();
	h.sup = check_supervise_new(h.loop, argv, fd);
	close(fd);   /* the supervisor keeps its own copy */
	h.exit_poll = loop_timer_new(h.loop, host_exit_poll, &h);
	sigs = signals_watch_terminating(h.loop, host_signal, &h);
	if (h.sup == NULL || h.exit_poll == NULL || sigs == NULL ||
	    check_supervise_start(h.sup) < 0) {
		log_warnx("host: cannot start the checker");
		return 1;
	}
	loop_run(h.loop);
	check_supervise_free(h.sup);
	loop_timer_free(h.exit_poll);
	signals_watch_free(sigs);
	return 0;
}
