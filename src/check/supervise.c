/* Checker supervision (see supervise.h).  The child is its own executable,
 * floatd-checker, so the VRRP process never maps libcurl and its TLS stack;
 * it starts with a clean libev default loop and signal state.  The report
 * channel is a SOCK_SEQPACKET socketpair at fd 3, the configuration the
 * parent loaded a sealed memfd at fd 4 (the same one for every restart, so
 * a restarted child runs the same configuration). */
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

#include "check/proto.h"
#include "check/supervise.h"
#include "log.h"
#include "loop.h"

#define SUP_CHILD_FD 3
#define SUP_SNAP_FD 4          /* the sealed configuration snapshot */
#define SUP_CHECKER_NAME "floatd-checker"
#define SUP_STABLE_MS 60000    /* a child that lived this long resets back-off */

struct check_supervise {
	struct ev_loop *loop;
	char **argv;
	int snap_fd;                     /* sealed memfd; ours to close if snap_owned */
	bool snap_owned;                 /* given by check_supervise_reload() */
	bool restart_now;                /* a reload stopped the child: no back-off */
	pid_t pid;
	int fd;                          /* our end of the socketpair */
	struct loop_io *io;
	struct loop_child *reaper;
	struct loop_timer *restart, *kill, *watchdog;
	uint64_t started_ms, last_msg_ms;
	uint32_t backoff_ms;
	bool stopping;
	struct check_supervise_stats st;
};

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
	case CHECK_MSG_RS_UP:
		s->st.rs_up++;
		log_debug("checker: vs %u rs %u up (weight %d)", m->vs, m->rs, m->weight);
		break;
	case CHECK_MSG_RS_DOWN:
		s->st.rs_down++;
		log_debug("checker: vs %u rs %u down", m->vs, m->rs);
		break;
	case CHECK_MSG_RS_WEIGHT:
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

static void
sup_readable(struct loop_io *io, int fd, void *arg)
{
	struct check_supervise *s = arg;
	uint8_t buf[CHECK_PROTO_LEN + 1];
	struct check_msg m;
	enum check_proto_err e;
	ssize_t n;

	(void)io;
	/* at most 64 reports per loop iteration: a child gone mad must not
	 * starve the VRRP timers; the rest waits for the next iteration */
	for (int budget = 64; budget > 0; budget--) {
		n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			return;
		if (n <= 0) {
			/* child gone (the reaper restarts it) or channel broken */
			sup_close_channel(s);
			return;
		}
		s->last_msg_ms = loop_now_ms();
		e = check_proto_decode(buf, (size_t)n, &m);
		if (e != CHECK_PROTO_OK) {
			if (s->st.bad_msgs++ == 0)
				log_warnx("checker: bad report (%s)", check_proto_err_name(e));
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
	if (s->restart_now) {
		s->restart_now = false;
		log_info("checker: pid %ld stopped for the reload; starting it with the new "
		         "configuration", (long)pid);
		loop_timer_after(s->restart, 0);
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

/* The checker binary: $FLOATD_CHECKER (tests), else beside our own
 * executable (the build tree), else the installed PKGLIBEXECDIR one. */
static char *
sup_checker_path(void)
{
	const char *env = getenv("FLOATD_CHECKER");
	char self[PATH_MAX], *slash, *path = NULL;
	ssize_t n;

	if (env != NULL && env[0] != '\0')
		return strdup(env);
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n > 0) {
		self[n] = '\0';
		slash = strrchr(self, '/');
		if (slash != NULL) {
			slash[1] = '\0';
			if (asprintf(&path, "%s%s", self, SUP_CHECKER_NAME) < 0)
				path = NULL;
			else if (access(path, X_OK) == 0)
				return path;
			free(path);
		}
	}
	return strdup(PKGLIBEXECDIR "/" SUP_CHECKER_NAME);
}

void
check_supervise_exec_checker(char *const argv[])
{
	char *path = sup_checker_path();

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
	while (argv[n] != NULL)
		n++;
	s->argv = calloc(n + 4, sizeof(char *));
	if (s->argv == NULL)
		goto fail;
	for (i = 1; i < n; i++)
		s->argv[i] = argv[i];     /* main's argv lives as long as the process */
	s->snap_fd = snap_fd;
	s->argv[0] = sup_checker_path();
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

/* INTERIM, replaced by the checker's own reload (h/ckreload): the new
 * snapshot goes to the running child over the socketpair (SCM_RIGHTS) and
 * the child reconciles IPVS by difference.  Until then: keep the new
 * snapshot for every later start and restart the child with it now. */
int
check_supervise_reload(struct check_supervise *s, int snap_fd)
{
	if (s == NULL || s->stopping) {
		if (snap_fd >= 0)
			close(snap_fd);
		return -1;
	}
	if (s->snap_owned && s->snap_fd >= 0)
		close(s->snap_fd);
	s->snap_fd = snap_fd;
	s->snap_owned = true;
	if (s->pid > 0) {
		s->restart_now = true;
		kill(s->pid, SIGTERM);
		loop_timer_after(s->kill, CHECK_SUPERVISE_KILL_MS);
	} else {
		/* waiting for a back-off restart: start now with the new config */
		loop_timer_after(s->restart, 0);
	}
	return 0;
}

bool
check_supervise_running(const struct check_supervise *s)
{
	return s != NULL && s->pid > 0;
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
	if (s->snap_owned && s->snap_fd >= 0)
		close(s->snap_fd);
	if (s->argv != NULL)
		free(s->argv[0]);
	free(s->argv);
	free(s);
}
