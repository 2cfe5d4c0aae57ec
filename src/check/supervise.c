/* Checker supervision (see supervise.h).  The child is its own executable,
 * floatd-checker, so the VRRP process never maps libcurl and its TLS stack;
 * it starts with a clean libev default loop and signal state.  The channel
 * is a SOCK_SEQPACKET socketpair at fd 3 (reports up, RELOAD down), the
 * configuration the parent loaded a sealed memfd at fd 4 (the latest one
 * for every restart, so a restarted child runs the parent's configuration;
 * a reload sends the new memfd to a running child with SCM_RIGHTS). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check/channel.h"
#include "check/proto.h"
#include "check/supervise.h"
#include "exec_path.h"
#include "log.h"
#include "loop.h"

#define SUP_CHILD_FD 3
#define SUP_SNAP_FD 4          /* the sealed configuration snapshot */
#define SUP_CHECKER_NAME "floatd-checker"
#define SUP_STABLE_MS 60000    /* a child that lived this long resets back-off */
#define SUP_MAX_INDEX 65536    /* indexes a report may carry (vs, rs): bounds the table */

/* The child's last report on one real server. */
struct sup_rs {
	bool known, up;
	int32_t weight;
};
struct sup_vs {
	struct sup_rs *rs;
	uint32_t n;
};

struct check_supervise {
	struct ev_loop *loop;
	char **argv;
	int snap_fd;                     /* sealed memfd of the latest configuration (ours) */
	pid_t pid;
	int fd;                          /* our end of the socketpair */
	struct loop_io *io;
	struct loop_child *reaper;
	struct loop_timer *restart, *kill, *watchdog;
	uint64_t started_ms, last_msg_ms;
	uint32_t backoff_ms;
	bool stopping;
	struct check_supervise_stats st;
	struct sup_vs *vs;               /* health by (vs, rs), for the status views */
	uint32_t n_vs;
};

/* Forget every report: a new child, or a configuration with new numbers. */
static void
sup_table_clear(struct check_supervise *s)
{
	for (uint32_t i = 0; i < s->n_vs; i++)
		free(s->vs[i].rs);
	free(s->vs);
	s->vs = NULL;
	s->n_vs = 0;
}

/* up: 1 / 0, or -1 = as it was (a weight change says nothing of health) */
static void
sup_table_set(struct check_supervise *s, const struct check_msg *m, int up)
{
	struct sup_vs *v;

	if (m->vs >= SUP_MAX_INDEX || m->rs >= SUP_MAX_INDEX)
		return;
	if (m->vs >= s->n_vs) {
		struct sup_vs *n = realloc(s->vs, (m->vs + 1) * sizeof(*n));

		if (n == NULL)
			return;
		memset(n + s->n_vs, 0, (m->vs + 1 - s->n_vs) * sizeof(*n));
		s->vs = n;
		s->n_vs = m->vs + 1;
	}
	v = &s->vs[m->vs];
	if (m->rs >= v->n) {
		struct sup_rs *n = realloc(v->rs, (m->rs + 1) * sizeof(*n));

		if (n == NULL)
			return;
		memset(n + v->n, 0, (m->rs + 1 - v->n) * sizeof(*n));
		v->rs = n;
		v->n = m->rs + 1;
	}
	if (up >= 0 || !v->rs[m->rs].known)
		v->rs[m->rs].up = up > 0;
	v->rs[m->rs].known = true;
	v->rs[m->rs].weight = m->weight;
}

int
check_supervise_rs_state(const struct check_supervise *s, uint32_t vs, uint32_t rs, bool *up,
                         int32_t *weight)
{
	if (s == NULL || vs >= s->n_vs || rs >= s->vs[vs].n || !s->vs[vs].rs[rs].known)
		return -1;
	*up = s->vs[vs].rs[rs].up;
	*weight = s->vs[vs].rs[rs].weight;
	return 0;
}

static void sup_spawn_timer(struct loop_timer *, void *);

static void
sup_close_channel(struct check_supervise *s)
{
	loop_io_free(s->io);
	s->io = NULL;
	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
}

static void
sup_handle(struct check_supervise *s, const struct check_msg *m)
{
	switch (m->type) {
	case CHECK_MSG_HEARTBEAT:
		break;
	case CHECK_MSG_RELOAD_RESULT:
		s->st.child_gen = m->gen;
		s->st.last_reload_result = m->why;
		if (m->why == CHECK_RELOAD_OK) {
			s->st.reloads_ok++;
			log_info("checker: reload (generation %u) applied: real servers +%u -%u ~%d",
			         m->count, m->vs, m->rs, m->weight);
		} else {
			s->st.reloads_failed++;
			log_warnx("checker: reload (generation %u) failed in the checker (%s); it "
			          "keeps running generation %u, its next restart reads the new one",
			          m->count, check_reload_result_name((enum check_reload_result)m->why),
			          m->gen);
		}
		break;
	case CHECK_MSG_RELOAD:   /* ours to send, never to receive */
		s->st.bad_msgs++;
		break;
	case CHECK_MSG_RS_UP:
		s->st.rs_up++;
		sup_table_set(s, m, 1);
		log_debug("checker: vs %u rs %u up (weight %d)", m->vs, m->rs, m->weight);
		break;
	case CHECK_MSG_RS_DOWN:
		s->st.rs_down++;
		sup_table_set(s, m, 0);
		log_debug("checker: vs %u rs %u down", m->vs, m->rs);
		break;
	case CHECK_MSG_RS_WEIGHT:
		sup_table_set(s, m, -1);
		log_debug("checker: vs %u rs %u weight %d", m->vs, m->rs, m->weight);
		break;
	case CHECK_MSG_IPVS_UNAVAILABLE:
		/* the child logged the reason; VRRP goes on regardless */
		s->st.ipvs_unavailable = true;
		break;
	case CHECK_MSG_TYPE_MAX:
		break;
	}
}

/* A report numbered for a configuration the parent has replaced since
 * (sent before the child read the RELOAD) is dropped: the child sends every
 * real server's state again, numbered anew, once it has applied it. */
static bool
sup_stale(const struct check_supervise *s, const struct check_msg *m)
{
	switch (m->type) {
	case CHECK_MSG_RS_UP:
	case CHECK_MSG_RS_DOWN:
	case CHECK_MSG_RS_WEIGHT:
		return m->gen != s->st.gen;
	default:
		return false;
	}
}

static void
sup_readable(struct loop_io *io, int fd, void *arg)
{
	struct check_supervise *s = arg;
	struct check_msg m;
	enum check_proto_err e;
	int extra;

	(void)io;
	/* at most 64 reports per loop iteration: a child gone mad must not
	 * starve the VRRP timers; the rest waits for the next iteration */
	for (int budget = 64; budget > 0; budget--) {
		switch (check_channel_recv(fd, &m, &extra, &e)) {
		case CHECK_CHANNEL_AGAIN:
			return;
		case CHECK_CHANNEL_CLOSED:
			/* child gone (the reaper restarts it) or channel broken */
			sup_close_channel(s);
			return;
		case CHECK_CHANNEL_BAD:
			s->last_msg_ms = loop_now_ms();
			if (s->st.bad_msgs++ == 0)
				log_warnx("checker: bad report (%s)", check_proto_err_name(e));
			continue;
		case CHECK_CHANNEL_MSG:
			break;
		}
		s->last_msg_ms = loop_now_ms();
		if (extra >= 0) {   /* the child has no fd to give us */
			close(extra);
			s->st.bad_msgs++;
			continue;
		}
		if (sup_stale(s, &m)) {
			s->st.stale_msgs++;
			continue;
		}
		sup_handle(s, &m);
	}
}

static void
sup_watchdog(struct loop_timer *t, void *arg)
{
	struct check_supervise *s = arg;

	if (s->pid <= 0)
		return;
	if (loop_now_ms() - s->last_msg_ms >= CHECK_SUPERVISE_SILENCE_MS && !s->stopping) {
		log_warnx("checker: pid %ld silent for %u ms, killing it", (long)s->pid,
		          CHECK_SUPERVISE_SILENCE_MS);
		kill(s->pid, SIGKILL);
		return;
	}
	loop_timer_after(t, 1000);
}

static void
sup_exited(struct loop_child *c, pid_t pid, int wstatus, void *arg)
{
	struct check_supervise *s = arg;
	uint64_t lived = loop_now_ms() - s->started_ms;

	(void)c;
	loop_child_free(s->reaper);   /* already stopped; free it now */
	s->reaper = NULL;
	s->pid = 0;
	sup_close_channel(s);
	loop_timer_stop(s->kill);
	loop_timer_stop(s->watchdog);
	if (s->stopping) {
		log_info("checker: pid %ld stopped", (long)pid);
		return;
	}
	if (WIFSIGNALED(wstatus))
		log_warnx("checker: pid %ld killed by signal %d (%s)", (long)pid,
		          WTERMSIG(wstatus), strsignal(WTERMSIG(wstatus)));
	else
		log_warnx("checker: pid %ld exited with status %d", (long)pid,
		          WEXITSTATUS(wstatus));
	if (lived >= SUP_STABLE_MS)
		s->backoff_ms = CHECK_SUPERVISE_BACKOFF_MIN_MS;
	log_info("checker: restarting in %u ms", s->backoff_ms);
	loop_timer_after(s->restart, s->backoff_ms);
	s->backoff_ms = s->backoff_ms * 2 > CHECK_SUPERVISE_BACKOFF_MAX_MS ?
	                CHECK_SUPERVISE_BACKOFF_MAX_MS : s->backoff_ms * 2;
}

static void
sup_kill_timer(struct loop_timer *t, void *arg)
{
	struct check_supervise *s = arg;

	(void)t;
	if (s->pid > 0) {
		log_warnx("checker: pid %ld ignored SIGTERM for %u ms, sending SIGKILL",
		          (long)s->pid, CHECK_SUPERVISE_KILL_MS);
		kill(s->pid, SIGKILL);
	}
}

/* Between fork and exec. */
static _Noreturn void
sup_child_exec(struct check_supervise *s, int fd)
{
	sigset_t none;
	int snap;

	/* the checker must not outlive a parent that died without stopping it */
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	if (getppid() == 1)
		_exit(1);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	/* move both above the targets first, so neither dup2 clobbers the
	 * other; dup2 clears close-on-exec on the copies */
	fd = fcntl(fd, F_DUPFD_CLOEXEC, SUP_SNAP_FD + 1);
	snap = fcntl(s->snap_fd, F_DUPFD_CLOEXEC, SUP_SNAP_FD + 1);
	if (fd < 0 || snap < 0 || dup2(fd, SUP_CHILD_FD) < 0 || dup2(snap, SUP_SNAP_FD) < 0)
		_exit(127);
	/* VRRP sockets, the pid-file lock etc. stay with the parent */
	close_range(SUP_SNAP_FD + 1, ~0U, 0);
	execv(s->argv[0], s->argv);
	_exit(127);
}

void
check_supervise_exec_checker(char *const argv[])
{
	char *path = exec_path_helper("FLOATD_CHECKER", SUP_CHECKER_NAME, PKGLIBEXECDIR);

	if (path != NULL)
		execv(path, argv);
	fprintf(stderr, "floatd: cannot run the checker %s: %s\n",
	        path != NULL ? path : SUP_CHECKER_NAME, strerror(errno));
	free(path);
}

int
check_supervise_start(struct check_supervise *s)
{
	int sv[2];
	pid_t pid;

	if (s->pid > 0 || s->stopping)
		return 0;
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0) {
		log_warn("checker: socketpair");
		return -1;
	}
	pid = fork();
	if (pid < 0) {
		log_warn("checker: fork");
		close(sv[0]);
		close(sv[1]);
		return -1;
	}
	if (pid == 0)
		sup_child_exec(s, sv[1]);
	close(sv[1]);
	s->pid = pid;
	s->fd = sv[0];
	s->st.starts++;
	/* a new child starts at generation 0 with the latest snapshot */
	s->st.gen = s->st.child_gen = 0;
	sup_table_clear(s);
	s->started_ms = s->last_msg_ms = loop_now_ms();
	s->io = loop_io_new(s->loop, s->fd, sup_readable, s);
	s->reaper = loop_child_new(s->loop, pid, sup_exited, s);
	if (s->reaper == NULL) {
		kill(pid, SIGKILL);
		return -1;
	}
	loop_timer_after(s->watchdog, 1000);
	log_info("checker: started pid %ld", (long)pid);
	return 0;
}

static void
sup_spawn_timer(struct loop_timer *t, void *arg)
{
	struct check_supervise *s = arg;

	(void)t;
	if (check_supervise_start(s) < 0) {
		loop_timer_after(s->restart, s->backoff_ms);
		s->backoff_ms = s->backoff_ms * 2 > CHECK_SUPERVISE_BACKOFF_MAX_MS ?
		                CHECK_SUPERVISE_BACKOFF_MAX_MS : s->backoff_ms * 2;
	}
}

struct check_supervise *
check_supervise_new(struct ev_loop *loop, char *const argv[], int snap_fd)
{
	struct check_supervise *s = calloc(1, sizeof(*s));
	unsigned n = 0, i;

	if (s == NULL)
		return NULL;
	s->snap_fd = -1;
	s->st.last_reload_result = -1;
	while (argv[n] != NULL)
		n++;
	s->argv = calloc(n + 4, sizeof(char *));
	if (s->argv == NULL)
		goto fail;
	for (i = 1; i < n; i++)
		s->argv[i] = argv[i];     /* main's argv lives as long as the process */
	s->snap_fd = fcntl(snap_fd, F_DUPFD_CLOEXEC, 0);
	if (s->snap_fd < 0)
		goto fail;
	s->argv[0] = exec_path_helper("FLOATD_CHECKER", SUP_CHECKER_NAME, PKGLIBEXECDIR);
	if (s->argv[0] == NULL)
		goto fail;
	s->argv[n++] = (char *)"--checker-child=3";
	s->argv[n++] = (char *)"--conf-snapshot=4";
	s->loop = loop;
	s->fd = -1;
	s->backoff_ms = CHECK_SUPERVISE_BACKOFF_MIN_MS;
	s->restart = loop_timer_new(loop, sup_spawn_timer, s);
	s->kill = loop_timer_new(loop, sup_kill_timer, s);
	s->watchdog = loop_timer_new(loop, sup_watchdog, s);
	if (s->restart == NULL || s->kill == NULL || s->watchdog == NULL)
		goto fail;
	return s;
fail:
	check_supervise_free(s);
	return NULL;
}

void
check_supervise_stop(struct check_supervise *s)
{
	if (s == NULL)
		return;
	s->stopping = true;
	loop_timer_stop(s->restart);
	if (s->pid > 0) {
		kill(s->pid, SIGTERM);
		loop_timer_after(s->kill, CHECK_SUPERVISE_KILL_MS);
	}
}

bool
check_supervise_running(const struct check_supervise *s)
{
	return s != NULL && s->pid > 0;
}

int
check_supervise_reload(struct check_supervise *s, int snap_fd)
{
	struct check_msg m = { .type = CHECK_MSG_RELOAD };
	int seals = fcntl(snap_fd, F_GET_SEALS);

	if (s == NULL || s->stopping) {
		if (snap_fd >= 0)
			close(snap_fd);
		return -1;
	}
	if (seals < 0 || (seals & F_SEAL_WRITE) == 0) {
		log_warnx("checker: reload: the configuration is not in a sealed memfd; the "
		          "checker keeps the previous one");
		if (snap_fd >= 0)
			close(snap_fd);
		return -1;
	}
	if (s->snap_fd >= 0)
		close(s->snap_fd);
	s->snap_fd = snap_fd;   /* every later start reads this one */
	sup_table_clear(s);     /* numbered for the old configuration */
	if (s->pid <= 0) {
		/* waiting out a back-off: start now, with the new configuration */
		if (loop_timer_pending(s->restart))
			loop_timer_after(s->restart, 0);
		return 0;
	}
	if (s->fd < 0)
		return 0;           /* dying: the reaper's restart reads the new one */
	m.gen = s->st.gen + 1;
	if (check_channel_send(s->fd, &m, snap_fd) < 0) {
		/* SIGKILL leaves IPVS as it is; the restarted child resumes
		 * from the kernel with the new snapshot */
		log_warn("checker: cannot send the new configuration to pid %ld; restarting it",
		         (long)s->pid);
		kill(s->pid, SIGKILL);
		return 0;
	}
	s->st.gen = m.gen;   /* reports numbered otherwise are stale from now on */
	s->st.reloads_sent++;
	log_info("checker: new configuration sent to pid %ld (generation %u)", (long)s->pid, m.gen);
	return 0;
}

void
check_supervise_stats(const struct check_supervise *s, struct check_supervise_stats *out)
{
	*out = s->st;
}

void
check_supervise_free(struct check_supervise *s)
{
	if (s == NULL)
		return;
	if (s->pid > 0) {
		/* the loop is over: nothing else is waiting, so a blocking reap
		 * of a SIGKILLed child is fine here */
		kill(s->pid, SIGKILL);
		waitpid(s->pid, NULL, 0);
	}
	loop_child_free(s->reaper);
	sup_close_channel(s);
	loop_timer_free(s->restart);
	loop_timer_free(s->kill);
	loop_timer_free(s->watchdog);
	if (s->argv != NULL)
		free(s->argv[0]);
	free(s->argv);
	if (s->snap_fd >= 0)
		close(s->snap_fd);
	sup_table_clear(s);
	free(s);
}
