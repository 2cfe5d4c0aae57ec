/* Script children: fork/exec in a fresh process group, reaped by a libev
 * child watcher, killed (group-wide) on timeout.  Nothing here ever calls a
 * blocking waitpid(): an HA daemon must keep advertising while a notify
 * script hangs.  proc_queue serialises one owner's scripts and, for owners
 * that only need the latest state, bounds what waits (push_latest). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "log.h"
#include "loop.h"
#include "proc.h"

#define PROC_KILL_GRACE_MS 1000   /* SIGTERM -> SIGKILL */

struct proc_child {
	struct ev_loop *loop;
	pid_t pid;
	uint64_t started_ms;
	struct loop_child *reaper;
	struct loop_timer *timer;
	bool timed_out;     /* SIGTERM sent */
	bool killed;        /* SIGKILL sent */
	proc_done_cb done;
	void *arg;
};

/* ---- the child side (between fork and exec: async-signal-safe calls,
 * except getpwuid(), which is fine because floatd is single-threaded) ---- */

static void
proc_child_close_fds(void)
{
	long max, fd;

	if (close_range(3, ~0U, 0) == 0)
		return;
	/* Kernels before 5.9: close them one by one. */
	max = sysconf(_SC_OPEN_MAX);
	if (max < 0 || max > 65536)
		max = 65536;
	for (fd = 3; fd < max; fd++)
		close((int)fd);
}

static _Noreturn void
proc_child_exec(char *const argv[], const struct proc_opts *opts)
{
	struct sigaction sa;
	sigset_t all;
	int sig, fd;

	/* Own process group, so a timeout kills the script and whatever it
	 * started (sleep, curl ...) with one kill(-pgid). */
	setpgid(0, 0);

	/* Dispositions the daemon set (SIGPIPE ignored, libev's handlers) must
	 * not leak into scripts; handlers are reset by exec anyway, but ignored
	 * signals would not be. */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	sigemptyset(&sa.sa_mask);
	for (sig = 1; sig < NSIG; sig++)
		sigaction(sig, &sa, NULL);
	sigemptyset(&all);
	sigprocmask(SIG_SETMASK, &all, NULL);

	proc_child_close_fds();
	fd = open("/dev/null", O_RDONLY);
	if (fd > 0) {
		dup2(fd, STDIN_FILENO);
		close(fd);
	} else if (fd < 0) {
		close(STDIN_FILENO);
	}

	if (opts != NULL && opts->run_as) {
		struct passwd *pw = getpwuid(opts->uid);

		if (setgid(opts->gid) == -1)
			_exit(127);
		if (pw != NULL ? initgroups(pw->pw_name, opts->gid) == -1
		               : setgroups(1, &opts->gid) == -1)
			_exit(127);
		if (setuid(opts->uid) == -1)
			_exit(127);
	}
	/* the checked, resolved file; argv[0] stays as configured */
	execv(opts != NULL && opts->path != NULL ? opts->path : argv[0], argv);
	_exit(127);
}

/* ---- the parent side ---- */

static void
proc_child_free(struct proc_child *c)
{
	loop_timer_free(c->timer);
	loop_child_free(c->reaper);
	free(c);
}

static void
proc_timer_fired(struct loop_timer *t, void *arg)
{
	struct proc_child *c = arg;

	if (!c->timed_out) {
		c->timed_out = true;
		kill(-c->pid, SIGTERM);
		loop_timer_after(t, PROC_KILL_GRACE_MS);
	} else if (!c->killed) {
		c->killed = true;
		kill(-c->pid, SIGKILL);
	}
}

static void
proc_reaped(struct loop_child *lc, pid_t pid, int wstatus, void *arg)
{
	struct proc_child *c = arg;
	struct proc_done d;

	(void)lc;
	(void)pid;
	memset(&d, 0, sizeof(d));
	d.runtime_ms = loop_now_ms() - c->started_ms;
	if (WIFSIGNALED(wstatus)) {
		d.result = PROC_SIGNALED;
		d.status = WTERMSIG(wstatus);
	} else {
		d.result = PROC_EXITED;
		d.status = WEXITSTATUS(wstatus);
	}
	if (c->timed_out) {
		d.result = PROC_TIMEDOUT;
		/* The leader is gone; anything it left in its group goes too. */
		kill(-c->pid, SIGKILL);
	}
	if (c->done != NULL)
		c->done(c->arg, &d);
	proc_child_free(c);
}

pid_t
proc_spawn(struct ev_loop *loop, char *const argv[], const struct proc_opts *opts,
           proc_done_cb done, void *arg)
{
	struct proc_child *c;
	int saved;

	if (argv == NULL || argv[0] == NULL) {
		errno = EINVAL;
		return -1;
	}
	c = calloc(1, sizeof(*c));
	if (c == NULL)
		return -1;
	c->loop = loop;
	c->done = done;
	c->arg = arg;
	c->timer = loop_timer_new(loop, proc_timer_fired, c);
	if (c->timer == NULL)
		goto fail;
	c->started_ms = loop_now_ms();
	c->pid = fork();
	if (c->pid == -1)
		goto fail;
	if (c->pid == 0)
		proc_child_exec(argv, opts);
	/* Also from the parent, so kill(-pid) works even before the child
	 * has run (EACCES after its exec is harmless). */
	setpgid(c->pid, c->pid);
	/* libev reaps in the loop, after this returns: the exit cannot be
	 * missed even if the child is already dead. */
	c->reaper = loop_child_new(loop, c->pid, proc_reaped, c);
	if (c->reaper == NULL) {
		/* Cannot watch it: do not leave an unsupervised script running. */
		kill(-c->pid, SIGKILL);
		errno = ENOMEM;
		goto fail;
	}
	if (opts != NULL && opts->timeout_ms > 0)
		loop_timer_after(c->timer, opts->timeout_ms);
	return c->pid;
fail:
	saved = errno;
	loop_timer_free(c->timer);
	free(c);
	errno = saved;
	return -1;
}

/* ---- ordered queue ---- */

struct proc_item {
	char **argv;
	char *path;                 /* opts.path points here */
	struct proc_opts opts;
	unsigned long batch;        /* push_latest drops whole batches not yet started */
	struct proc_item *next;
};

struct proc_queue {
	struct ev_loop *loop;
	char *name;
	struct proc_item *head, *tail;   /* waiting */
	struct proc_item *running;
	unsigned n_waiting;
	unsigned long batch;             /* last batch number given out */
	unsigned long running_batch;     /* batch of the running item */
	unsigned long replaced;          /* dropped by push_latest */
	bool orphaned;                   /* freed while a child runs */
};

static void
proc_item_free(struct proc_item *it)
{
	char **p;

	if (it == NULL)
		return;
	for (p = it->argv; p != NULL && *p != NULL; p++)
		free(*p);
	free(it->argv);
	free(it->path);
	free(it);
}

static void proc_queue_next(struct proc_queue *);

static void
proc_queue_done(void *arg, const struct proc_done *d)
{
	struct proc_queue *q = arg;
	const char *prog = q->running->argv[0];

	switch (d->result) {
	case PROC_EXITED:
		if (d->status != 0)
			log_warnx("(%s) script %s exited with status %d", q->name, prog,
			          d->status);
		break;
	case PROC_SIGNALED:
		log_warnx("(%s) script %s killed by signal %d", q->name, prog, d->status);
		break;
	case PROC_TIMEDOUT:
		log_warnx("(%s) script %s timed out after %llu ms, killed", q->name, prog,
		          (unsigned long long)d->runtime_ms);
		break;
	case PROC_SPAWN_FAILED:
		break;
	}
	proc_item_free(q->running);
	q->running = NULL;
	if (q->orphaned) {
		free(q->name);
		free(q);
		return;
	}
	proc_queue_next(q);
}

static void
proc_queue_next(struct proc_queue *q)
{
	struct proc_item *it;

	while (q->running == NULL && q->head != NULL) {
		it = q->head;
		q->head = it->next;
		if (q->head == NULL)
			q->tail = NULL;
		q->n_waiting--;
		q->running = it;
		q->running_batch = it->batch;
		if (proc_spawn(q->loop, it->argv, &it->opts, proc_queue_done, q) == -1) {
			log_warn("(%s) cannot run script %s", q->name, it->argv[0]);
			proc_item_free(it);
			q->running = NULL;
		}
	}
}

struct proc_queue *
proc_queue_new(struct ev_loop *loop, const char *name)
{
	struct proc_queue *q = calloc(1, sizeof(*q));

	if (q == NULL)
		return NULL;
	q->loop = loop;
	q->name = strdup(name != NULL ? name : "");
	if (q->name == NULL) {
		free(q);
		return NULL;
	}
	return q;
}

static struct proc_item *
proc_item_new(char *const argv[], const struct proc_opts *opts, unsigned long batch)
{
	struct proc_item *it;
	size_t n, i;

	if (argv == NULL || argv[0] == NULL) {
		errno = EINVAL;
		return NULL;
	}
	for (n = 0; argv[n] != NULL; n++)
		;
	it = calloc(1, sizeof(*it));
	if (it == NULL)
		return NULL;
	it->batch = batch;
	it->argv = calloc(n + 1, sizeof(*it->argv));
	if (it->argv == NULL)
		goto nomem;
	for (i = 0; i < n; i++)
		if ((it->argv[i] = strdup(argv[i])) == NULL)
			goto nomem;
	if (opts != NULL) {
		it->opts = *opts;
		if (opts->path != NULL && (it->path = strdup(opts->path)) == NULL)
			goto nomem;
		it->opts.path = it->path;
	}
	return it;
nomem:
	proc_item_free(it);
	errno = ENOMEM;
	return NULL;
}

static void
proc_queue_append(struct proc_queue *q, struct proc_item *it)
{
	if (q->tail != NULL)
		q->tail->next = it;
	else
		q->head = it;
	q->tail = it;
	q->n_waiting++;
}

int
proc_queue_push(struct proc_queue *q, char *const argv[], const struct proc_opts *opts)
{
	struct proc_item *it = proc_item_new(argv, opts, ++q->batch);

	if (it == NULL)
		return -1;
	proc_queue_append(q, it);
	proc_queue_next(q);
	return 0;
}

int
proc_queue_push_latest(struct proc_queue *q, const struct proc_cmd *cmds, unsigned n)
{
	struct proc_item *first = NULL, **link = &first, *it, *next, *keep = NULL,
	                 **keep_link = &keep;
	unsigned long batch = q->batch + 1;
	unsigned i;

	if (n == 0) {
		errno = EINVAL;
		return -1;
	}
	/* build the whole batch first: on ENOMEM the queue is left as it was */
	for (i = 0; i < n; i++) {
		if ((it = proc_item_new(cmds[i].argv, cmds[i].opts, batch)) == NULL) {
			for (it = first; it != NULL; it = next) {
				next = it->next;
				proc_item_free(it);
			}
			return -1;
		}
		*link = it;
		link = &it->next;
	}
	q->batch = batch;
	/* keep only the rest of the batch that has started */
	for (it = q->head; it != NULL; it = next) {
		next = it->next;
		it->next = NULL;
		if (q->running != NULL && it->batch == q->running_batch) {
			*keep_link = it;
			keep_link = &it->next;
		} else {
			q->n_waiting--;
			q->replaced++;
			proc_item_free(it);
		}
	}
	q->head = keep;
	q->tail = NULL;
	for (it = keep; it != NULL; it = it->next)
		q->tail = it;
	for (it = first; it != NULL; it = next) {
		next = it->next;
		it->next = NULL;
		proc_queue_append(q, it);
	}
	proc_queue_next(q);
	return 0;
}

unsigned long
proc_queue_replaced(const struct proc_queue *q)
{
	return q->replaced;
}

unsigned
proc_queue_pending(const struct proc_queue *q)
{
	return q->n_waiting + (q->running != NULL ? 1 : 0);
}

void
proc_queue_free(struct proc_queue *q)
{
	struct proc_item *it, *next;

	if (q == NULL)
		return;
	for (it = q->head; it != NULL; it = next) {
		next = it->next;
		proc_item_free(it);
	}
	q->head = q->tail = NULL;
	q->n_waiting = 0;
	if (q->running != NULL) {
		q->orphaned = true;   /* proc_queue_done frees it */
		return;
	}
	free(q->name);
	free(q);
}
