/* Child processes for scripts: fork/exec with a timeout, in their own
 * process group, reaped by a libev child watcher.  Never blocks the loop.
 * A proc_queue runs its commands one after another, in push order, so the
 * scripts of one owner see transitions in the order they happened; owners
 * that only care about the latest state (notify, real-server and quorum
 * scripts) push batches that replace what has not started yet, so a
 * flapping link queues at most one batch behind the running one. */
#ifndef FLOATD_PROC_H
#define FLOATD_PROC_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

struct ev_loop;
struct proc_queue;

enum proc_result { PROC_EXITED, PROC_SIGNALED, PROC_TIMEDOUT, PROC_SPAWN_FAILED };

struct proc_done {
	enum proc_result result;
	int status;          /* exit code, or signal number */
	uint64_t runtime_ms;
};

typedef void (*proc_done_cb)(void *arg, const struct proc_done *);

struct proc_opts {
	uint32_t timeout_ms;  /* 0 = none; on expiry SIGTERM to the group, SIGKILL 1 s later */
	uid_t uid;            /* run as (when run_as is set) */
	gid_t gid;
	bool run_as;
	/* The file to exec, resolved and checked once (enable_script_security:
	 * lib/script_secure.h), so that what runs is what was checked even if
	 * argv[0] names a symlink; NULL = argv[0].  Borrowed: proc_spawn uses
	 * it before returning, proc_queue_push* copy it. */
	const char *path;
};

/* One command of a batch. */
struct proc_cmd {
	char *const *argv;
	const struct proc_opts *opts;
};

/* Start argv[0] with argv (PATH is not searched: argv[0] must be a path, as
 * keepalived requires).  Returns the pid or -1 (errno). `done` may be NULL. */
pid_t proc_spawn(struct ev_loop *, char *const argv[], const struct proc_opts *,
                 proc_done_cb done, void *arg);

/* Ordered queue.  `name` is used in log lines ("(VI_1) notify ... timed out"). */
struct proc_queue *proc_queue_new(struct ev_loop *, const char *name);
/* Copies argv; starts it now if the queue is idle.  0 or -1 (ENOMEM). */
int proc_queue_push(struct proc_queue *, char *const argv[], const struct proc_opts *);
/* Latest state wins: the commands of one state change, run in order as a
 * batch.  Every command still waiting that belongs to a batch that has not
 * started is dropped first (the rest of the batch now running is kept, so
 * a started transition's scripts all run), so at most one batch runs and
 * one, the latest, waits.  All or nothing: 0, or -1 (ENOMEM, EINVAL) with
 * the queue unchanged. */
int proc_queue_push_latest(struct proc_queue *, const struct proc_cmd *cmds, unsigned n);
unsigned proc_queue_pending(const struct proc_queue *);   /* queued + running */
/* Commands dropped by proc_queue_push_latest so far. */
unsigned long proc_queue_replaced(const struct proc_queue *);
void proc_queue_free(struct proc_queue *);  /* running child is left to finish */

#endif
