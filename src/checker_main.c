/* floatd-checker: the LVS checker as its own executable, so that only this
 * process maps libcurl and its TLS stack.  floatd starts it as
 * "floatd-checker <floatd's options> --checker-child=3 --conf-snapshot=4"
 * (the configuration floatd loaded, as a sealed memfd) and supervises it;
 * `floatd --checker-only` execs it with neither (standalone, keepalived's
 * -C: it reads the file).  It accepts floatd's whole command line and
 * ignores what concerns only VRRP. */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "conf.h"
#include "conf_snap.h"
#include "conf_snap_fd.h"
#include "conf_sched.h"
#include "log.h"
#include "netns_daemon.h"
#include "pidfile.h"
#include "process_prio.h"
#include "check/child.h"
#include "check/conf/conf_udp_ping_file.h"
#include "vrrp/track/track.h"

/* the child loads and frees configurations with the top-level loader */
static const struct check_conf_ops checker_conf_ops = {
	.load_snap = floatd_conf_load_snap,
	.free = floatd_conf_free,
};

struct checker_options {
	const char *conf_file, *pid_file, *config_id;
	bool foreground, console, detail;
	int log_facility;                /* -S; -1 = daemon */
	int parent_fd;                   /* --checker-child=FD; -1 = standalone */
	int snap_fd;                     /* --conf-snapshot=FD; -1 = read the file */
};

static void
checker_parse_options(int argc, char **argv, struct checker_options *o)
{
	/* floatd's options (src/main.c), so its argv can be passed on as is */
	static const struct option longopts[] = {
		{ "use-file", required_argument, NULL, 'f' },
		{ "config-id", required_argument, NULL, 'i' },
		{ "dont-fork", no_argument, NULL, 'n' },
		{ "log-console", no_argument, NULL, 'l' },
		{ "log-detail", no_argument, NULL, 'D' },
		{ "log-facility", required_argument, NULL, 'S' },
		{ "pid", required_argument, NULL, 'p' },
		{ "version", no_argument, NULL, 'V' },
		{ "no-checker", no_argument, NULL, 'P' + 256 },
		{ "checker-only", no_argument, NULL, 'C' + 256 },
		{ "checker-child", required_argument, NULL, 'X' + 256 },
		{ "conf-snapshot", required_argument, NULL, 'Y' + 256 },
		/* the VRRP process's own options, passed through with floatd's
		 * command line: accepted and ignored here */
		{ "dump-dir", required_argument, NULL, 'Z' + 256 },
		{ "control-socket", required_argument, NULL, 'Z' + 256 },
		{ "state-dir", required_argument, NULL, 'Z' + 256 },
		{ "restart-state", required_argument, NULL, 'Z' + 256 },
		{ NULL, 0, NULL, 0 },
	};
	int ch;

	memset(o, 0, sizeof(*o));
	o->conf_file = FLOATD_DEFAULT_CONF;
	o->pid_file = "/run/floatd.pid";   /* as floatd --checker-only always had */
	o->log_facility = -1;
	o->parent_fd = -1;
	o->snap_fd = -1;
	while ((ch = getopt_long(argc, argv, "f:i:nlDS:p:V", longopts, NULL)) != -1) {
		switch (ch) {
		case 'f': o->conf_file = optarg; break;
		case 'i': o->config_id = optarg; break;
		case 'n': o->foreground = true; break;
		case 'l': o->console = true; break;
		case 'D': o->detail = true; break;
		case 'S': o->log_facility = log_facility_parse(optarg); break;
		case 'p': o->pid_file = optarg; break;
		case 'V': printf("floatd-checker %s\n", PACKAGE_VERSION); exit(0);
		case 'P' + 256: case 'C' + 256: case 'Z' + 256: break;
		case 'X' + 256: o->parent_fd = atoi(optarg); break;
		case 'Y' + 256: o->snap_fd = atoi(optarg); break;
		default:
			fprintf(stderr, "usage: floatd-checker [floatd's options] [--checker-child=FD]\n");
			exit(2);
		}
	}
}

static void
checker_report_conf(void *arg, enum conf_severity sev, const char *file, int line,
                    const char *msg)
{
	(void)arg;
	fprintf(stderr, "%s:%d: %s: %s\n", file, line, sev == CONF_ERROR ? "error" : "warning", msg);
}

static void
checker_report_errors(void *arg, enum conf_severity sev, const char *file, int line,
                      const char *msg)
{
	if (sev == CONF_ERROR)
		checker_report_conf(arg, sev, file, line, msg);
}

static int
checker_load_conf(const struct checker_options *o, struct conf_diag *diag,
                  struct floatd_conf **conf)
{
	struct conf_snap *snap = NULL;
	const char *why;
	int rc;

	*conf = NULL;
	if (o->snap_fd < 0)
		return o->config_id != NULL ? floatd_conf_load_id(o->conf_file, o->config_id, diag, conf)
		                            : floatd_conf_load(o->conf_file, diag, conf);
	if (conf_snap_read_fd(o->snap_fd, &snap, &why) < 0) {
		fprintf(stderr, "floatd-checker: configuration snapshot (fd %d): %s\n", o->snap_fd,
		        why);
		return -1;
	}
	close(o->snap_fd);
	/* floatd printed these very warnings when it read the files */
	diag->report = checker_report_errors;
	rc = floatd_conf_load_snap(snap, diag, conf);
	conf_snap_free(snap);
	return rc;
}

/* keepalived's checker writes the init_file of each track_file its
 * FILE_CHECKs read; run by floatd, the VRRP process has written them
 * already (src/vrrp/track/track.c), standalone nobody else will. */
static void
write_file_check_init_files(const struct floatd_conf *conf)
{
	for (const struct vrrp_track_file_conf *fc = conf->track_files; fc; fc = fc->next)
		if (check_conf_file_check_reads(conf, fc->name))
			track_file_init_conf(fc);
}

/* checker_rt_priority (with checker_rlimit_rttime), checker_priority,
 * checker_no_swap, checker_cpu_affinity: in the process that checks, after
 * daemon() (locked memory does not pass through fork) */
static void
checker_sched(const struct floatd_conf *conf)
{
	if (conf->checker_rt_priority)
		process_prio_rr("checker_rt_priority", conf->checker_rt_priority,
		                conf->checker_rlimit_rttime_us ? conf->checker_rlimit_rttime_us :
		                                                 CONF_SCHED_RLIMIT_DEFAULT);
	process_prio_apply("checker", conf->checker_nice, conf->checker_no_swap,
	                   conf->checker_cpus);
}

/* --checker-only: pid file, daemonize, run in this process. */
static int
checker_standalone(const struct checker_options *o, const struct floatd_conf *conf)
{
	char why[256];
	pid_t holder;
	int pid_fd, rc;

	pid_fd = pidfile_lock(o->pid_file, &holder, why, sizeof(why));
	if (pid_fd < 0) {
		if (errno == EWOULDBLOCK)
			fprintf(stderr, "floatd-checker: already running (pid %ld, pid file %s)\n",
			        (long)holder, o->pid_file);
		else
			fprintf(stderr, "floatd-checker: cannot use pid file: %s\n", why);
		return 1;
	}
	if (!o->foreground && daemon(0, 0) < 0) {
		perror("floatd-checker: daemon");
		return 1;
	}
	if (pidfile_write(pid_fd) < 0)
		log_warn("cannot write pid file %s", o->pid_file);
	/* as a child it is already in floatd's namespace */
	if (netns_daemon_enter(conf) < 0) {
		pidfile_remove(o->pid_file, pid_fd);
		return 1;
	}
	signal(SIGPIPE, SIG_IGN);
	/* after daemon(): locked memory does not pass through fork */
	checker_sched(conf);
	write_file_check_init_files(conf);
	rc = check_child_main(conf, &checker_conf_ops, -1);
	pidfile_remove(o->pid_file, pid_fd);
	return rc;
}

int
main(int argc, char **argv)
{
	struct checker_options o;
	struct conf_diag diag = { .report = checker_report_conf };
	struct floatd_conf *conf = NULL;
	int rc;

	checker_parse_options(argc, argv, &o);
	if (checker_load_conf(&o, &diag, &conf) < 0 || conf == NULL) {
		fprintf(stderr, "floatd-checker: %s: %u error(s), %u warning(s)\n", o.conf_file,
		        diag.errors, diag.warnings);
		return 1;
	}
	log_set_facility(o.log_facility >= 0 ? o.log_facility : conf->log_facility);
	log_init(netns_daemon_ident(conf, "floatd-checker"), o.console ? LOG_TARGET_STDERR : LOG_TARGET_SYSLOG, o.detail,
	         o.detail);
	if (o.parent_fd >= 0) {
		checker_sched(conf);
		rc = check_child_main(conf, &checker_conf_ops, o.parent_fd);
	}
	else
		rc = checker_standalone(&o, conf);
	floatd_conf_free(conf);
	return rc;
}
