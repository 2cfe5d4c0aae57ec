/* floatd entry point: command line, config check (-t), daemonizing, PID
 * file, signals, and wiring the VRRP instances to one event loop.  No
 * protocol logic lives here. */
#include <errno.h>
#include <getopt.h>
#include <grp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "conf.h"
#include "conf_snap.h"
#include "conf_snap_fd.h"
#include "dump_file.h"
#include "log.h"
#include "loop.h"
#include "netns_daemon.h"
#include "pidfile.h"
#include "reload.h"
#include "signals.h"
#include "rt_sched.h"
#include "service.h"
#include "service_notify.h"
#include "check/supervise.h"
#include "ctl/commands.h"
#include "ctl/maintenance.h"
#include "ctl/path.h"
#include "ctl/server.h"
#include "vrrp/instance.h"
#include "vrrp/track/track.h"

#define FLOATD_DEFAULT_PIDFILE "/run/floatd.pid"
/* restart in place (src/vrrp/inplace.c): seconds old at most, so /run */
#define FLOATD_RESTART_STATE "/run/floatd/restart-state"
/* How long stop waits for notify_stop scripts after the last instance stopped */
#define FLOATD_EXIT_SCRIPT_WAIT_MS 10000
#define FLOATD_EXIT_TEST_WARNINGS 3     /* -t: no error, some warnings */

struct options {
	const char *conf_file;
	const char *pid_file;
	const char *config_id;           /* -i: for @ID lines; NULL = host name */
	const char *dump_dir;            /* SIGUSR1/SIGUSR2 dump files */
	const char *control_socket;      /* --control-socket; NULL = default path */
	const char *state_dir;           /* --state-dir: maintenance flag */
	const char *restart_state;       /* --restart-state; NULL = default path */
	bool foreground, console, detail, test_only, verbose;
	bool no_checker, checker_only;   /* keepalived -P / -C */
	int log_facility;                /* -S 0..7 = LOG_LOCAL0..7; -1 = log_facility or daemon */
};

struct daemon {
	struct ev_loop *loop;
	struct vrrp_set *vrrp;
	struct floatd_reload reload;     /* owns the running conf, the checker, its snapshot */
	struct ctl_daemon ctl;
	struct ctl_server *ctl_server;
	char maintenance_file[4096];
	struct loop_timer *exit_timer;
	uint64_t exit_deadline;
	const char *dump_dir;
	char restart_state[4096];        /* restart in place: the state file */
	/* held by main() from the start up to the end */
	char *conf_abs;                  /* for floatctl check/version: daemon() moves us to / */
	const char *pid_file;
	int pid_fd;                      /* -1 = not locked (yet) */
	struct signals_watch *sigs;
};

static void
usage(FILE *out)
{
	fprintf(out,
	    "usage: floatd [-f FILE] [-i ID] [-n] [-l] [-D] [-S 0-7] [-p PIDFILE] [--dump-dir DIR]\n"
	    "              [-t [-v]] [--version] [--help]\n"
	    "  -f, --use-file FILE    configuration file (default %s)\n"
	    "  -i, --config-id ID     config id for @ID lines (default: host name up to the first dot)\n"
	    "  -n, --dont-fork        stay in the foreground\n"
	    "  -l, --log-console      log to stderr instead of syslog\n"
	    "  -D, --log-detail       detailed (debug) log\n"
	    "  -S, --log-facility N   syslog facility local0..local7 (default daemon)\n"
	    "  -p, --pid PIDFILE      pid file (default %s)\n"
	    "      --dump-dir DIR     directory of the SIGUSR1/SIGUSR2 dumps (default %s)\n"
	    "  -t, --config-test      check the configuration, print every problem;\n"
	    "                         exit 0 clean, 1 errors, 3 warnings only\n"
	    "  -v, --verbose          with -t: print the normalised configuration\n"
	    "  -V, --version          print the version\n"
	    "      --no-checker       do not run the LVS checker (VRRP only)\n"
	    "      --checker-only     run only the LVS checker (execs floatd-checker)\n"
	    "      --control-socket PATH  floatctl's socket (default %s,\n"
	    "                         with -i ID /run/floatd/floatd-ID.sock)\n"
	    "      --state-dir DIR    where maintenance mode is kept (default %s)\n"
	    "      --restart-state FILE  restart in place: the MASTERs a stop armed by\n"
	    "                         `floatctl prepare-restart` left (default %s,\n"
	    "                         with -i ID %s-ID)\n",
	    FLOATD_DEFAULT_CONF, FLOATD_DEFAULT_PIDFILE, FLOATD_DUMP_DIR, CTL_DEFAULT_SOCKET,
	    CTL_DEFAULT_STATE_DIR, FLOATD_RESTART_STATE, FLOATD_RESTART_STATE);
}

static void
parse_options(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{ "use-file", required_argument, NULL, 'f' },
		{ "config-id", required_argument, NULL, 'i' },
		{ "dont-fork", no_argument, NULL, 'n' },
		{ "log-console", no_argument, NULL, 'l' },
		{ "log-detail", no_argument, NULL, 'D' },
		{ "pid", required_argument, NULL, 'p' },
		{ "config-test", no_argument, NULL, 't' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{ "no-checker", no_argument, NULL, 'P' + 256 },
		{ "checker-only", no_argument, NULL, 'C' + 256 },
		{ "dump-dir", required_argument, NULL, 'd' + 256 },
		{ "control-socket", required_argument, NULL, 'c' + 256 },
		{ "state-dir", required_argument, NULL, 's' + 256 },
		{ "restart-state", required_argument, NULL, 'r' + 256 },
		{ "log-facility", required_argument, NULL, 'S' },
		{ NULL, 0, NULL, 0 },
	};
	int ch;

	memset(o, 0, sizeof(*o));
	o->conf_file = FLOATD_DEFAULT_CONF;
	o->pid_file = FLOATD_DEFAULT_PIDFILE;
	o->dump_dir = FLOATD_DUMP_DIR;
	o->state_dir = CTL_DEFAULT_STATE_DIR;
	o->log_facility = -1;
	while ((ch = getopt_long(argc, argv, "f:i:nlDS:p:tvVh", longopts, NULL)) != -1) {
		switch (ch) {
		case 'f': o->conf_file = optarg; break;
		case 'i': o->config_id = optarg; break;
		case 'n': o->foreground = true; break;
		case 'l': o->console = true; break;
		case 'D': o->detail = true; break;
		case 'p': o->pid_file = optarg; break;
		case 't': o->test_only = true; break;
		case 'v': o->verbose = true; break;
		case 'V': printf("floatd %s\n", PACKAGE_VERSION); exit(0);
		case 'h': usage(stdout); exit(0);
		case 'P' + 256: o->no_checker = true; break;
		case 'C' + 256: o->checker_only = true; break;
		case 'd' + 256: o->dump_dir = optarg; break;
		case 'c' + 256: o->control_socket = optarg; break;
		case 's' + 256: o->state_dir = optarg; break;
		case 'r' + 256: o->restart_state = optarg; break;
		case 'S':
			o->log_facility = log_facility_parse(optarg);
			if (o->log_facility < 0) {
				fprintf(stderr, "floatd: -S wants 0..7 (local0..local7), not '%s'\n", optarg);
				exit(2);
			}
			break;
		default: usage(stderr); exit(2);
		}
	}
	if (optind < argc) {
		fprintf(stderr, "floatd: unexpected argument '%s'\n", argv[optind]);
		usage(stderr);
		exit(2);
	}
}

/* Config problems go to stderr as "file:line: error|warning: ..." (what -t
 * shows; under systemd stderr is the journal). */
static void
report_conf(void *arg, enum conf_severity sev, const char *file, int line, const char *msg)
{
	(void)arg;
	fprintf(stderr, "%s:%d: %s: %s\n", file, line, sev == CONF_ERROR ? "error" : "warning", msg);
}

/* floatd reads the file, recording every byte it read into *snap; the
 * checker (floatd-checker --conf-snapshot) parses that snapshot, never the
 * disk, so both run one configuration whatever happened to the files. */
static int
load_conf(const struct options *o, struct conf_diag *diag, struct conf_snap **snap,
          struct floatd_conf **conf)
{
	*conf = NULL;
	if ((*snap = conf_snap_new()) == NULL)
		return -1;
	return floatd_conf_load_record(o->conf_file, o->config_id, *snap, diag, conf);
}

static void
exit_check(struct loop_timer *t, void *arg)
{
	struct daemon *d = arg;
	unsigned pending = vrrp_set_notify_pending(d->vrrp);

	if ((check_supervise_running(d->reload.checker) ||
	     check_supervise_running(d->reload.retired_checker)) && loop_now_ms() < d->exit_deadline) {
		loop_timer_after(t, 50);   /* it gets SIGKILL after 5 s */
		return;
	}
	if (pending == 0 || loop_now_ms() >= d->exit_deadline) {
		if (pending > 0)
			log_warnx("exiting with %u notify script(s) still running", pending);
		loop_break(d->loop);
		return;
	}
	loop_timer_after(t, 50);
}

static void
all_stopped(void *arg)
{
	struct daemon *d = arg;

	d->exit_deadline = loop_now_ms() + FLOATD_EXIT_SCRIPT_WAIT_MS;
	loop_timer_after(d->exit_timer, 0);
}

/* A stop armed by `floatctl prepare-restart` (package upgrades) keeps the
 * MASTERs' VIPs for the next floatd; any other is make-before-break. */
static void
stop(struct daemon *d, int signum)
{
	bool in_place = vrrp_set_in_place_armed(d->vrrp);

	log_info("received %s, stopping%s", strsignal(signum), in_place ? " in place" : "");
	service_stopping();
	d->reload.stopping = true;
	check_supervise_stop(d->reload.checker);
	if (!in_place || vrrp_set_stop_in_place(d->vrrp, d->restart_state) < 0)
		vrrp_set_shutdown(d->vrrp);
}

static void
dump_files(struct daemon *d, int signum)
{
	const char *name = signum == SIGUSR1 ? FLOATD_DUMP_DATA : FLOATD_DUMP_STATS;
	int rc = signum == SIGUSR1 ? floatd_dump_data(d->vrrp, d->dump_dir)
	                           : floatd_dump_stats(d->vrrp, d->dump_dir);

	if (rc < 0)
		log_warnx("%s: cannot write %s/%s: %s", strsignal(signum), d->dump_dir, name,
		          strerror(-rc));
	else
		log_info("%s: wrote %s/%s", strsignal(signum), d->dump_dir, name);
}

/* Every catchable signal whose default action would end the process comes
 * here (lib/signals.h): a dying daemon would leave its VIPs, VMACs, routes,
 * nftables table and sysctls behind while the peer takes over, so whatever
 * is not a known request is a clean stop like SIGTERM. */
static void
on_signal(struct loop_signal *s, int signum, void *arg)
{
	struct daemon *d = arg;

	(void)s;
	switch (signum) {
	case SIGHUP: {
		const char *text;

		/* RELOADING=1 ... READY=1 around it (src/reload.c) */
		floatd_reload_run(&d->reload, "SIGHUP", &text);
		break;
	}
	case SIGUSR1:
	case SIGUSR2:
		dump_files(d, signum);
		break;
	case SIGXCPU:
		/* while real-time (vrrp_rt_priority, or max_auto_priority
		 * raised it) it is RLIMIT_RTTIME's soft limit: half
		 * the real-time budget was used without blocking (the kernel kills
		 * at the hard limit); otherwise a terminating signal like the rest */
		if (rt_sched_stats()->priority == 0) {
			stop(d, signum);
			break;
		}
		log_warnx_every(60000, 1, "real-time CPU limit half used without blocking "
		                "(vrrp_rlimit_rttime)");
		break;
	default:
		stop(d, signum);
		break;
	}
}

/* Maintenance mode survives restarts: a flag left by `floatctl maintenance
 * on` releases every instance before it can become MASTER. */
static void
resume_maintenance(struct daemon *d, const struct options *o)
{
	unsigned changed;
	const char *err;

	if (ctl_maintenance_path(o->state_dir, o->config_id, d->maintenance_file,
	                         sizeof(d->maintenance_file)) < 0) {
		log_warnx("state directory path too long: %s; maintenance mode unavailable",
		          o->state_dir);
		snprintf(d->maintenance_file, sizeof(d->maintenance_file), "/nonexistent");
		return;
	}
	if (!ctl_maintenance_is_on(d->maintenance_file))
		return;
	log_info("maintenance mode is on (%s): every instance starts released",
	         d->maintenance_file);
	if (vrrp_set_release(d->vrrp, NULL, true, &changed, &err) < 0)
		log_warnx("maintenance mode: %s", err);
}

static int
ctl_reload(void *arg, const char **text)
{
	return floatd_reload_run(arg, "floatctl", text);
}

/* The control socket for floatctl.  Without it floatd still runs (VRRP
 * matters more than its status), but says so. */
static void
open_control_socket(struct daemon *d, const struct options *o, const char *conf_file,
                    const struct floatd_conf *conf)
{
	char id_path[108];
	const char *path = o->control_socket, *id = netns_daemon_ctl_id(conf, o->config_id);
	struct timespec now;
	gid_t gid = (gid_t)-1;

	if (path == NULL && id != NULL && ctl_path_for_id(id, id_path, sizeof(id_path)) == 0)
		path = id_path;
	if (path == NULL)
		path = CTL_DEFAULT_SOCKET;
	clock_gettime(CLOCK_REALTIME, &now);
	d->ctl.started_ms = loop_now_ms();
	d->ctl.started_wall_us = (int64_t)now.tv_sec * 1000000 + now.tv_nsec / 1000;
	d->ctl.vrrp = d->vrrp;
	d->ctl.maintenance_file = d->maintenance_file;
	d->ctl.conf_file = conf_file;
	d->ctl.conf = conf;
	d->ctl.config_id = o->config_id;
	d->ctl.reload = ctl_reload;
	d->ctl.reload_arg = &d->reload;
	d->ctl.reload_stats = &d->reload.stats;
	d->ctl.sched = rt_sched_stats();
	if (conf->control_group != NULL) {
		struct group *g = getgrnam(conf->control_group);

		if (g == NULL)
			log_warnx("control_group %s: no such group; the control socket is root's only",
			          conf->control_group);
		else
			gid = g->gr_gid;
	}
	d->ctl_server = ctl_server_open(d->loop, path, gid, ctl_daemon_commands, &d->ctl);
	if (d->ctl_server == NULL)
		log_warn("cannot open the control socket %s; floatctl will not reach this daemon",
		         path);
}

/* Loads the configuration (counts on stderr when it cannot), starts logging
 * as it and the options say and seals the checker child's copy of it. */
static int
load_config(const struct options *o, struct conf_diag *diag, struct floatd_conf **conf,
            int *snap_fd)
{
	struct conf_snap *snap = NULL;

	if (load_conf(o, diag, &snap, conf) < 0 || *conf == NULL) {
		fprintf(stderr, "floatd: %s: %u error(s), %u warning(s)\n", o->conf_file,
		        diag->errors, diag->warnings);
		conf_snap_free(snap);
		return -1;
	}
	/* after the load (which reports on stderr): -S wins over log_facility */
	log_set_facility(o->log_facility >= 0 ? o->log_facility : (*conf)->log_facility);
	log_init(netns_daemon_ident(*conf, "floatd"),
	         o->console || o->test_only ? LOG_TARGET_STDERR : LOG_TARGET_SYSLOG, o->detail,
	         o->detail);
	/* the checker child gets exactly these bytes: seal them now */
	if (!o->test_only && !o->checker_only && !o->no_checker &&
	    (*conf)->n_virtual_servers > 0)
		*snap_fd = conf_snap_memfd(snap);
	conf_snap_free(snap);
	return 0;
}

/* -t: the configuration loaded; print it with -v.  The exit status. */
static int
config_test(const struct options *o, const struct conf_diag *diag, struct floatd_conf *conf)
{
	if (o->verbose)
		floatd_conf_dump(stdout, conf);
	fprintf(stderr, "floatd: %s: configuration OK (%u warning(s))\n", o->conf_file,
	        diag->warnings);
	floatd_conf_free(conf);
	/* 3: floatd would start, but said something (see floatd(8)) */
	return diag->warnings > 0 ? FLOATD_EXIT_TEST_WARNINGS : 0;
}

/* The PID file lock, the network namespace, the fork into the background.
 * 0 / -1 (said on stderr). */
static int
lock_and_detach(struct daemon *d, const struct floatd_conf *conf, bool foreground)
{
	pid_t holder;
	char pid_why[512];

	d->pid_fd = pidfile_lock(d->pid_file, &holder, pid_why, sizeof(pid_why));
	if (d->pid_fd < 0) {
		if (errno == EWOULDBLOCK)
			fprintf(stderr, "floatd: already running (pid %ld, pid file %s)\n",
			        (long)holder, d->pid_file);
		else
			fprintf(stderr, "floatd: cannot use pid file: %s\n", pid_why);
		return -1;
	}
	/* the process events connector answers only sockets of the initial
	 * network namespace: made here, used inside net_namespace */
	if (conf->net_namespace != NULL)
		vrrp_trackers_preopen(conf);
	/* the PID file, dump and control socket paths are not network objects:
	 * they stay where the host sees them */
	if (netns_daemon_enter(conf) < 0)
		return -1;
	/* the lock is held by the open file description, which the child keeps */
	if (!foreground && daemon(0, 0) < 0) {
		perror("floatd: daemon");
		return -1;
	}
	if (pidfile_write(d->pid_fd) < 0)
		log_warn("cannot write pid file %s", d->pid_file);
	return 0;
}

/* The loop, its exit timer and every terminating signal.  0 / -1 (logged). */
static int
loop_setup(struct daemon *d, const struct options *o)
{
	signal(SIGPIPE, SIG_IGN);
	d->loop = loop_default();
	d->dump_dir = o->dump_dir;
	d->reload.snap_fd = -1;
	d->exit_timer = loop_timer_new(d->loop, exit_check, d);
	/* watched before anything is set up: a signal from now on is queued
	 * and handled by the loop, never fatal */
	d->sigs = signals_watch_terminating(d->loop, on_signal, d);
	if (d->sigs == NULL || d->exit_timer == NULL) {
		log_warnx("cannot set up signal handling; exiting");
		return -1;
	}
	return 0;
}

static void
restart_state_path(struct daemon *d, const struct options *o)
{
	if (o->restart_state != NULL)
		snprintf(d->restart_state, sizeof(d->restart_state), "%s", o->restart_state);
	else if (o->config_id != NULL)
		snprintf(d->restart_state, sizeof(d->restart_state), "%s-%s", FLOATD_RESTART_STATE,
		         o->config_id);
	else
		snprintf(d->restart_state, sizeof(d->restart_state), "%s", FLOATD_RESTART_STATE);
}

/* The VRRP instances, adopting what a restart in place left.  0 / -1
 * (logged; the caller frees d->vrrp). */
static int
vrrp_setup(struct daemon *d, const struct options *o, const struct floatd_conf *conf)
{
	log_info("floatd %s starting with %s (%u instance(s))", PACKAGE_VERSION, o->conf_file,
	         conf->n_instances);
	rt_sched_apply(d->loop, conf);
	restart_state_path(d, o);
	d->vrrp = vrrp_set_new(d->loop, conf, all_stopped, d);
	if (d->vrrp != NULL)
		vrrp_set_adopt_from(d->vrrp, d->restart_state);
	if (d->vrrp == NULL || vrrp_set_start(d->vrrp) < 0) {
		log_warnx("cannot start; removing what was set up and exiting");
		return -1;
	}
	return 0;
}

/* From here the reload state owns conf, the checker and its snapshot. */
static void
reload_take_over(struct daemon *d, const struct options *o, char **argv,
                 struct floatd_conf *conf)
{
	d->reload.loop = d->loop;
	/* daemon() chdir'd to / */
	d->reload.conf_file = d->conf_abs != NULL ? d->conf_abs : o->conf_file;
	d->reload.config_id = o->config_id;
	d->reload.argv = argv;
	d->reload.no_checker = o->no_checker;
	d->reload.facility_from_cli = o->log_facility >= 0;
	d->reload.vrrp = d->vrrp;
	d->reload.conf = conf;
	d->reload.ctl = &d->ctl;
}

/* The LVS checker child, when there are virtual servers.  Without it VRRP
 * still runs. */
static void
checker_start(struct daemon *d, char **argv, int snap_fd)
{
	if (snap_fd < 0) {
		errno = -snap_fd;
		log_warn("cannot seal the configuration for the LVS checker; VRRP runs "
		         "without it");
		return;
	}
	d->reload.snap_fd = snap_fd;
	d->reload.checker = check_supervise_new(d->loop, argv, snap_fd);
	d->ctl.checker = d->reload.checker;   /* floatctl status: its virtual servers */
	if (d->reload.checker == NULL || check_supervise_start(d->reload.checker) < 0)
		log_warnx("cannot start the LVS checker; VRRP runs without it");
}

/* A start that failed half-way: whatever was made, in reverse.  Exit status 1. */
static int
startup_failed(struct daemon *d, struct floatd_conf *conf, int snap_fd)
{
	vrrp_set_free(d->vrrp);
	signals_watch_free(d->sigs);
	loop_timer_free(d->exit_timer);
	pidfile_remove(d->pid_file, d->pid_fd);
	floatd_conf_free(conf);
	if (snap_fd >= 0)
		close(snap_fd);
	free(d->conf_abs);
	return 1;
}

/* After the loop: the reload state frees the configuration it owns. */
static void
shutdown_done(struct daemon *d)
{
	ctl_server_close(d->ctl_server);
	/* the instances first: removed ones still leaving use retired confs */
	vrrp_set_free(d->vrrp);
	floatd_reload_end(&d->reload);
	loop_timer_free(d->exit_timer);
	signals_watch_free(d->sigs);
	log_info("stopped");
	pidfile_remove(d->pid_file, d->pid_fd);
	free(d->conf_abs);
}

int
main(int argc, char **argv)
{
	struct options o;
	struct conf_diag diag = { .report = report_conf };
	struct floatd_conf *conf = NULL;
	struct daemon d;
	int snap_fd = -1;

	/* before any file is created (PID file, dumps, notify FIFO, scripts'
	 * files): nothing floatd makes is group- or world-writable */
	umask(022);
	parse_options(argc, argv, &o);
	service_notify_init();
	if (load_config(&o, &diag, &conf, &snap_fd) < 0)
		return 1;
	if (o.test_only)
		return config_test(&o, &diag, conf);
	memset(&d, 0, sizeof(d));
	d.pid_fd = -1;
	d.conf_abs = realpath(o.conf_file, NULL);
	if (o.checker_only) {
		/* keepalived's -C: the checker binary takes the same options */
		check_supervise_exec_checker(argv);
		return startup_failed(&d, conf, snap_fd);
	}
	d.pid_file = netns_daemon_pid_file(conf, o.pid_file, FLOATD_DEFAULT_PIDFILE);
	if (lock_and_detach(&d, conf, o.foreground) < 0 || loop_setup(&d, &o) < 0 ||
	    vrrp_setup(&d, &o, conf) < 0)
		return startup_failed(&d, conf, snap_fd);
	resume_maintenance(&d, &o);
	open_control_socket(&d, &o, d.conf_abs ? d.conf_abs : o.conf_file, conf);
	reload_take_over(&d, &o, argv, conf);
	if (conf->n_virtual_servers > 0 && !o.no_checker)
		checker_start(&d, argv, snap_fd);
	service_ready(d.vrrp);
	loop_run(d.loop);
	shutdown_done(&d);
	return 0;
}
