/* Parent side of the checker: start the checker child (floatd-checker
 * --checker-child=3), read its reports on the loop, restart it with
 * back-off when it dies, stop it on exit.  VRRP never waits on it. */
#ifndef FLOATD_CHECK_SUPERVISE_H
#define FLOATD_CHECK_SUPERVISE_H

#include <stdbool.h>
#include <stdint.h>

struct ev_loop;
struct check_supervise;

#define CHECK_SUPERVISE_BACKOFF_MIN_MS 1000
#define CHECK_SUPERVISE_BACKOFF_MAX_MS 30000
#define CHECK_SUPERVISE_KILL_MS 5000     /* SIGTERM -> SIGKILL on stop */
#define CHECK_SUPERVISE_SILENCE_MS 10000 /* no heartbeat this long = wedged */

/* `argv`: floatd's own argv (copied); the child, floatd-checker (found as
 * check_supervise_exec_checker says), gets it plus "--checker-child=3
 * --conf-snapshot=4" and parses the configuration from `snap_fd` (a sealed
 * memfd from conf_snap_memfd()), never from the disk.  The supervisor
 * keeps its own duplicate of `snap_fd`: the caller may close its copy. */
struct check_supervise *check_supervise_new(struct ev_loop *, char *const argv[],
                                            int snap_fd);
int check_supervise_start(struct check_supervise *);    /* 0 or -1 */
/* SIGTERM now, SIGKILL after CHECK_SUPERVISE_KILL_MS; no more restarts. */
void check_supervise_stop(struct check_supervise *);
bool check_supervise_running(const struct check_supervise *);
/* A reload: `snap_fd` (a sealed memfd from conf_snap_memfd() holding the
 * new configuration) becomes the supervisor's, whatever the result: every
 * later (re)start of the child reads it, and a running child receives it
 * now over the socketpair (CHECK_MSG_RELOAD with SCM_RIGHTS) and applies it
 * by difference; its answer (CHECK_MSG_RELOAD_RESULT) is logged and counted
 * when it comes.  A child that cannot be sent it is SIGKILLed, which leaves
 * IPVS as it is, and restarted on the new snapshot.  0, or -1 (logged)
 * when `snap_fd` is not a sealed memfd or the supervisor is NULL or
 * stopping: it is closed and the previous configuration stays. */
int check_supervise_reload(struct check_supervise *, int snap_fd);
/* Kills (SIGKILL) and reaps a child that is still there; call after the loop. */
void check_supervise_free(struct check_supervise *);
/* Replace this process by floatd-checker with `argv` (--checker-only).  The
 * binary is $FLOATD_CHECKER if set (tests), else floatd-checker beside
 * /proc/self/exe (the build tree), else PKGLIBEXECDIR/floatd-checker.
 * Returns only on failure, having said why on stderr. */
void check_supervise_exec_checker(char *const argv[]);

struct check_supervise_stats {
	uint32_t starts, rs_up, rs_down, bad_msgs;
	uint32_t stale_msgs;             /* numbered for a configuration already replaced */
	uint32_t reloads_sent, reloads_ok, reloads_failed;
	uint32_t gen;                    /* generation sent to the current child */
	uint32_t child_gen;              /* generation the child says it runs */
	int last_reload_result;          /* enum check_reload_result; -1 = none yet */
	bool ipvs_unavailable;
};
void check_supervise_stats(const struct check_supervise *, struct check_supervise_stats *);

/* The child's last word on real server `rs` of virtual server `vs`
 * (indexes in the configuration last handed to the supervisor): 0 with
 * *up and *weight (the effective weight), or -1 when unknown (no child, or
 * no report yet for this configuration). */
int check_supervise_rs_state(const struct check_supervise *, uint32_t vs, uint32_t rs, bool *up,
                             int32_t *weight);

#endif
