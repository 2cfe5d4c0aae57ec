/* Reload of the running daemon (SIGHUP, `floatctl reload`, systemd's
 * ExecReload): parse the configuration again, recording a new snapshot;
 * refuse it with every file:line error and keep running the old one; or
 * apply the difference to the VRRP instances (vrrp_set_reload()) and hand
 * the new snapshot to the LVS checker, started or stopped as the new
 * configuration has virtual servers or not. */
#ifndef FLOATD_RELOAD_H
#define FLOATD_RELOAD_H

#include <stdbool.h>

#include "ctl/commands.h"

struct ev_loop;
struct vrrp_set;
struct floatd_conf;
struct check_supervise;

struct floatd_reload {
	/* filled by main.c before the first reload */
	struct ev_loop *loop;
	const char *conf_file;
	const char *config_id;       /* -i, NULL = host name */
	char *const *argv;           /* floatd's own, for a checker started by a reload */
	bool no_checker;             /* --no-checker */
	bool facility_from_cli;      /* -S given: log_facility in the file is ignored */
	struct vrrp_set *vrrp;
	struct floatd_conf *conf;    /* the running configuration (owned; floatd_reload_end) */
	struct check_supervise *checker;   /* NULL = none runs */
	int snap_fd;                 /* the snapshot main.c sealed for the checker, -1 = none */
	struct ctl_daemon *ctl;      /* its conf pointer follows */
	bool stopping;               /* the daemon is stopping: no more reloads */
	/* results */
	struct ctl_reload_stats stats;
	char *answer;                /* the last reload's summary or errors */
	struct check_supervise *retired_checker;   /* stopped by a reload, not yet freed */
};

/* One reload; `origin` names who asked, for the log.  0 applied, -1 refused
 * (errors in the configuration, out of memory, or stopping).  *text: the
 * summary ("reloaded: 3 unchanged, ...") or the refusal with each
 * `file:line: error: ...` line; valid until the next call. */
int floatd_reload_run(struct floatd_reload *, const char *origin, const char **text);
/* After the loop: the checkers, the snapshot, the running configuration. */
void floatd_reload_end(struct floatd_reload *);

#endif
