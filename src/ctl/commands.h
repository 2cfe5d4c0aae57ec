/* The daemon's control commands: the table the control socket serves,
 * filled from the daemon's own state. */
#ifndef FLOATD_CTL_COMMANDS_H
#define FLOATD_CTL_COMMANDS_H

#include <stdbool.h>
#include <stdint.h>

#include "ctl/server.h"

struct vrrp_set;
struct floatd_conf;
struct check_supervise;
struct rt_sched_stats;

/* Reloads so far and how the last one went (status, metrics). */
struct ctl_reload_stats {
	uint64_t ok, failed;
	bool any;                    /* a reload was tried */
	bool last_ok;
	int64_t last_wall_us;        /* CLOCK_REALTIME of the last one */
	uint32_t last_ms;            /* how long it took (parse + apply) */
};

struct ctl_daemon {
	uint64_t started_ms;         /* loop_now_ms() at start */
	int64_t started_wall_us;     /* CLOCK_REALTIME at start */
	struct vrrp_set *vrrp;
	const char *maintenance_file;   /* the flag of maintenance mode */
	const struct floatd_conf *conf; /* the running configuration */
	const char *conf_file;          /* its path (absolute: the daemon chdir'd to /) */
	const char *config_id;          /* -i, NULL = host name */
	/* reload: 0 applied / -1 refused, *text the summary or the errors
	 * (valid until the next call); NULL = not offered */
	int (*reload)(void *arg, const char **text);
	void *reload_arg;
	const struct ctl_reload_stats *reload_stats;   /* NULL = none yet */
	struct check_supervise *checker;   /* NULL: no LVS checker */
	const struct rt_sched_stats *sched;   /* src/rt_sched.h; NULL = not shown */
};

/* prepare-restart: how long the next stop stays a restart in place */
#define CTL_RESTART_ARM_MS 60000

/* The command table for ctl_server_open(); its ctx is a struct ctl_daemon. */
extern const struct ctl_command ctl_daemon_commands[];

#endif
