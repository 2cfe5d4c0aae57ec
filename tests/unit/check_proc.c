/* lib/proc.c against real children on a real libev loop (no root needed):
 * queue order, exit codes, signals, timeouts with group kill, exec failure,
 * and what a script inherits (fds, stdin). */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "loop.h"
#include "proc.h"
#include "unit_main.h"

static char tmpdir[64];

struct result {
	int calls;
	struct proc_done d;
};

static void
on_done(void *arg, const struct proc_done *d)
{
	struct result *r = arg;

	r->calls++;
	r->d = *d;
}

/* Run the loop until *flag becomes nonzero (or the queue drains), with a
 * hard deadline so a broken module fails the test instead of hanging it. */
struct waiter {
	struct ev_loop *loop;
	const int *flag;
	struct proc_queue *q;
	uint64_t deadline;
};

static void
poll_tick(struct loop_timer *t, void *arg)
{
	struct waiter *w = arg;

	if ((w->flag != NULL && *w->flag) ||
	    (w->q != NULL && proc_queue_pending(w->q) == 0) ||
	    loop_now_ms() >= w->deadline) {
		loop_break(w->loop);
		return;
	}
	loop_timer_after(t, 10);
}

static void
run_until(struct ev_loop *loop, const int *flag, struct proc_queue *q, uint64_t max_ms)
{
	struct waiter w = { loop, flag, q, loop_now_ms() + max_ms };
	struct loop_timer *t = loop_timer_new(loop, poll_tick, &w);

	loop_timer_after(t, 0);
	loop_run(loop);
	loop_timer_free(t);
}

static void
setup(void)
{
	log_init("check_proc", LOG_TARGET_STDERR, false, false);
	strcpy(tmpdir, "/tmp/check_proc.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void
teardown(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", tmpdir);
}

static struct result
run_sh(const char *script, uint32_t timeout_ms)
{
	struct ev_loop *loop = loop_default();
	struct result r;
	struct proc_opts o = { .timeout_ms = timeout_ms };
	char *argv[] = { "/bin/sh", "-c", (char *)script, NULL };

	memset(&r, 0, sizeof(r));
	ck_assert_int_gt(proc_spawn(loop, argv, &o, on_done, &r), 0);
	run_until(loop, &r.calls, NULL, 10000);
	ck_assert_int_eq(r.calls, 1);
	return r;
}

START_TEST(test_exit_code)
{
	struct result r = run_sh("exit 3", 0);

	ck_assert_int_eq(r.d.result, PROC_EXITED);
	ck_assert_int_eq(r.d.status, 3);
	r = run_sh("true", 0);
	ck_assert_int_eq(r.d.result, PROC_EXITED);
	ck_assert_int_eq(r.d.status, 0);
}
END_TEST

START_TEST(test_signaled)
{
	struct result r = run_sh("kill -USR1 $$; sleep 5", 0);

	ck_assert_int_eq(r.d.result, PROC_SIGNALED);
	ck_assert_int_eq(r.d.status, SIGUSR1);
}
END_TEST

START_TEST(test_exec_failure)
{
	struct ev_loop *loop = loop_default();
	struct result r = { 0 };
	char *argv[] = { "/nonexistent/floatd-script", "x", NULL };

	ck_assert_int_gt(proc_spawn(loop, argv, NULL, on_done, &r), 0);
	run_until(loop, &r.calls, NULL, 5000);
	ck_assert_int_eq(r.calls, 1);
	ck_assert_int_eq(r.d.result, PROC_EXITED);
	ck_assert_int_eq(r.d.status, 127);
}
END_TEST

START_TEST(test_no_argv)
{
	char *argv[] = { NULL };

	ck_assert_int_eq(proc_spawn(loop_default(), argv, NULL, NULL, NULL), -1);
	ck_assert_int_eq(errno, EINVAL);
}
END_TEST

START_TEST(test_timeout_term)
{
	struct ev_loop *loop = loop_default();
	struct result r = { 0 };
	struct proc_opts o = { .timeout_ms = 300 };
	char *argv[] = { "/bin/sleep", "100", NULL };

	ck_assert_int_gt(proc_spawn(loop, argv, &o, on_done, &r), 0);
	run_until(loop, &r.calls, NULL, 10000);
	ck_assert_int_eq(r.calls, 1);
	ck_assert_int_eq(r.d.result, PROC_TIMEDOUT);
	ck_assert_int_eq(r.d.status, SIGTERM);
	ck_assert_uint_ge(r.d.runtime_ms, 300);
	ck_assert_uint_lt(r.d.runtime_ms, 300 + 1500);
}
END_TEST

/* A script that ignores SIGTERM (and so do its children: ignored
 * dispositions survive exec) needs the SIGKILL 1 s later. */
START_TEST(test_timeout_kill)
{
	struct result r = run_sh("trap '' TERM; while :; do sleep 0.05; done", 200);

	ck_assert_int_eq(r.d.result, PROC_TIMEDOUT);
	ck_assert_int_eq(r.d.status, SIGKILL);
	ck_assert_uint_ge(r.d.runtime_ms, 200 + 900);
	ck_assert_uint_lt(r.d.runtime_ms, 200 + 2500);
}
END_TEST

static int
pid_alive(pid_t pid)
{
	char path[64], buf[256], *p;
	FILE *f;
	int alive = 0;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	f = fopen(path, "r");
	if (f == NULL)
		return 0;
	if (fgets(buf, sizeof(buf), f) != NULL && (p = strrchr(buf, ')')) != NULL)
		alive = p[2] != 'Z';
	fclose(f);
	return alive;
}

/* The timeout kills the whole process group, not just the shell. */
START_TEST(test_timeout_group)
{
	char script[256], path[128], line[32];
	struct result r;
	FILE *f;
	pid_t gc;
	int i;

	snprintf(path, sizeof(path), "%s/gc.pid", tmpdir);
	snprintf(script, sizeof(script), "sleep 100 & echo $! > %s; wait", path);
	r = run_sh(script, 300);
	ck_assert_int_eq(r.d.result, PROC_TIMEDOUT);
	f = fopen(path, "r");
	ck_assert_ptr_nonnull(f);
	ck_assert_ptr_nonnull(fgets(line, sizeof(line), f));
	fclose(f);
	gc = (pid_t)atoi(line);
	ck_assert_int_gt(gc, 1);
	for (i = 0; i < 100 && pid_alive(gc); i++)
		usleep(20000);
	ck_assert_msg(!pid_alive(gc), "grandchild %d survived the timeout", (int)gc);
}
END_TEST

/* Scripts get no daemon fds beyond 0-2, and stdin is /dev/null. */
START_TEST(test_inherit)
{
	int fd = open("/dev/null", O_RDONLY);
	struct result r;

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(dup2(fd, 7), 7);   /* no O_CLOEXEC on purpose */
	r = run_sh("[ ! -e /proc/$$/fd/7 ] || exit 1; "
	           "[ \"$(readlink /proc/$$/fd/0)\" = /dev/null ] || exit 2; exit 0", 0);
	close(7);
	close(fd);
	ck_assert_int_eq(r.d.result, PROC_EXITED);
	ck_assert_int_eq(r.d.status, 0);
}
END_TEST

/* Ignored signals in the daemon must not be ignored in the script. */
START_TEST(test_signal_reset)
{
	struct result r;

	signal(SIGTERM, SIG_IGN);
	r = run_sh("kill -TERM $$; sleep 5; exit 0", 0);
	signal(SIGTERM, SIG_DFL);
	ck_assert_int_eq(r.d.result, PROC_SIGNALED);
	ck_assert_int_eq(r.d.status, SIGTERM);
}
END_TEST

START_TEST(test_queue_order)
{
	struct ev_loop *loop = loop_default();
	struct proc_queue *q = proc_queue_new(loop, "VI_T");
	char out[128], cmd[3][256], buf[64];
	size_t n;
	FILE *f;
	int i;

	ck_assert_ptr_nonnull(q);
	snprintf(out, sizeof(out), "%s/order", tmpdir);
	/* The first is the slowest: without serialisation 2 and 3 would land
	 * before it. */
	snprintf(cmd[0], sizeof(cmd[0]), "sleep 0.3; echo 1 >> %s", out);
	snprintf(cmd[1], sizeof(cmd[1]), "sleep 0.1; echo 2 >> %s", out);
	snprintf(cmd[2], sizeof(cmd[2]), "echo 3 >> %s; exit 4", out);
	for (i = 0; i < 3; i++) {
		char *argv[] = { "/bin/sh", "-c", cmd[i], NULL };

		ck_assert_int_eq(proc_queue_push(q, argv, NULL), 0);
		ck_assert_uint_eq(proc_queue_pending(q), (unsigned)i + 1);
	}
	run_until(loop, NULL, q, 10000);
	ck_assert_uint_eq(proc_queue_pending(q), 0);
	f = fopen(out, "r");
	ck_assert_ptr_nonnull(f);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	ck_assert_str_eq(buf, "1\n2\n3\n");
	proc_queue_free(q);
}
END_TEST

/* A timed-out entry does not block the ones behind it; a failed exec does
 * not either. */
START_TEST(test_queue_timeout_then_next)
{
	struct ev_loop *loop = loop_default();
	struct proc_queue *q = proc_queue_new(loop, "VI_T");
	struct proc_opts o = { .timeout_ms = 200 };
	char *a1[] = { "/bin/sleep", "100", NULL };
	char *a2[] = { "/nonexistent", NULL };
	char out[128], cmd[256];
	char *a3[] = { "/bin/sh", "-c", cmd, NULL };
	uint64_t t0 = loop_now_ms();

	snprintf(out, sizeof(out), "%s/after", tmpdir);
	snprintf(cmd, sizeof(cmd), "touch %s", out);
	ck_assert_int_eq(proc_queue_push(q, a1, &o), 0);
	ck_assert_int_eq(proc_queue_push(q, a2, &o), 0);
	ck_assert_int_eq(proc_queue_push(q, a3, &o), 0);
	run_until(loop, NULL, q, 10000);
	ck_assert_uint_eq(proc_queue_pending(q), 0);
	ck_assert_uint_lt(loop_now_ms() - t0, 200 + 1500);
	ck_assert_int_eq(access(out, F_OK), 0);
	proc_queue_free(q);
}
END_TEST

/* Freeing a queue with a running child: the child finishes, nothing else
 * runs, nothing leaks (ASan checks the latter). */
START_TEST(test_queue_free_running)
{
	struct ev_loop *loop = loop_default();
	struct proc_queue *q = proc_queue_new(loop, "VI_T");
	char out[128], cmd[256];
	char *a1[] = { "/bin/sleep", "0.2", NULL };
	char *a2[] = { "/bin/sh", "-c", cmd, NULL };
	int never = 0;

	snprintf(out, sizeof(out), "%s/never", tmpdir);
	snprintf(cmd, sizeof(cmd), "touch %s", out);
	ck_assert_int_eq(proc_queue_push(q, a1, NULL), 0);
	ck_assert_int_eq(proc_queue_push(q, a2, NULL), 0);
	proc_queue_free(q);
	run_until(loop, &never, NULL, 600);
	ck_assert_int_eq(access(out, F_OK), -1);
}
END_TEST

/* A one-command batch that appends `word` to `out` after `delay` s. */
static void
push_latest_word(struct proc_queue *q, const char *out, const char *word, const char *delay)
{
	char cmd[256];
	char *argv[] = { "/bin/sh", "-c", cmd, NULL };
	struct proc_cmd c = { argv, NULL };

	snprintf(cmd, sizeof(cmd), "sleep %s; echo %s >> %s", delay, word, out);
	ck_assert_int_eq(proc_queue_push_latest(q, &c, 1), 0);
}

/* Transitions while a script runs: the waiting entry is replaced each
 * time, so only the running one and the latest run. */
START_TEST(test_latest_replaces_waiting)
{
	struct ev_loop *loop = loop_default();
	struct proc_queue *q = proc_queue_new(loop, "VI_T");
	char out[128];

	snprintf(out, sizeof(out), "%s/latest", tmpdir);
	push_latest_word(q, out, "MASTER", "0.3");
	ck_assert_uint_eq(proc_queue_pending(q), 1);
	push_latest_word(q, out, "BACKUP", "0");
	push_latest_word(q, out, "FAULT", "0");
	push_latest_word(q, out, "MASTER", "0");
	push_latest_word(q, out, "BACKUP", "0");
	ck_assert_uint_eq(proc_queue_pending(q), 2);
	ck_assert_uint_eq(proc_queue_replaced(q), 3);
	run_until(loop, NULL, q, 10000);
	ck_assert_uint_eq(proc_queue_pending(q), 0);
	ck_assert_str_eq(unit_slurp(out), "MASTER\nBACKUP\n");
	proc_queue_free(q);
}
END_TEST

/* A batch that has started runs to its end (notify_master, then notify);
 * the batches behind it collapse to the latest, whose commands run in
 * order after it. */
START_TEST(test_latest_keeps_started_batch)
{
	struct ev_loop *loop = loop_default();
	struct proc_queue *q = proc_queue_new(loop, "VI_T");
	char out[128], c[6][256];
	char *argv[6][4];
	struct proc_cmd b[3][2];
	int i;

	snprintf(out, sizeof(out), "%s/batch", tmpdir);
	for (i = 0; i < 6; i++) {
		snprintf(c[i], sizeof(c[i]), "%secho %c%d >> %s", i == 0 ? "sleep 0.3; " : "",
		         'A' + i / 2, i % 2 + 1, out);
		argv[i][0] = "/bin/sh";
		argv[i][1] = "-c";
		argv[i][2] = c[i];
		argv[i][3] = NULL;
		b[i / 2][i % 2] = (struct proc_cmd){ argv[i], NULL };
	}
	ck_assert_int_eq(proc_queue_push_latest(q, b[0], 2), 0);
	ck_assert_int_eq(proc_queue_push_latest(q, b[1], 2), 0);
	ck_assert_int_eq(proc_queue_push_latest(q, b[2], 2), 0);
	/* A1 runs; A2, C1, C2 wait; B1 and B2 were replaced */
	ck_assert_uint_eq(proc_queue_pending(q), 4);
	ck_assert_uint_eq(proc_queue_replaced(q), 2);
	ck_assert_int_eq(proc_queue_push_latest(q, b[0], 0), -1);
	ck_assert_int_eq(errno, EINVAL);
	run_until(loop, NULL, q, 10000);
	ck_assert_str_eq(unit_slurp(out), "A1\nA2\nC1\nC2\n");
	proc_queue_free(q);
}
END_TEST

/* A flapping link: 50 transitions in a burst while the first script takes
 * a while, then 11 more once it has ended.  The number of runs stays
 * bounded by the bursts, not the transitions, and the last run is the
 * final state. */
START_TEST(test_latest_flap_bounded)
{
	struct ev_loop *loop = loop_default();
	struct proc_queue *q = proc_queue_new(loop, "VI_T");
	char out[128];
	const char *s;
	int i, lines = 0;

	snprintf(out, sizeof(out), "%s/flap", tmpdir);
	for (i = 0; i < 50; i++)
		push_latest_word(q, out, i % 2 ? "BACKUP" : "MASTER", "0.2");
	ck_assert_uint_le(proc_queue_pending(q), 2);
	run_until(loop, NULL, q, 10000);
	s = unit_slurp(out);
	for (const char *p = s; *p; p++)
		lines += *p == '\n';
	ck_assert_int_eq(lines, 2);
	ck_assert_str_eq(s, "MASTER\nBACKUP\n");
	ck_assert_uint_eq(proc_queue_replaced(q), 48);
	/* a second burst, ending in MASTER */
	for (i = 0; i < 11; i++)
		push_latest_word(q, out, i % 2 ? "BACKUP" : "MASTER", "0.1");
	run_until(loop, NULL, q, 10000);
	ck_assert_str_eq(unit_slurp(out), "MASTER\nBACKUP\nMASTER\nMASTER\n");
	ck_assert_uint_eq(proc_queue_replaced(q), 48 + 9);
	proc_queue_free(q);
}
END_TEST

/* opts.path is what runs; argv[0] stays as configured ($0). */
START_TEST(test_exec_path)
{
	struct ev_loop *loop = loop_default();
	struct proc_queue *q = proc_queue_new(loop, "VI_T");
	char out[128], cmd[256];
	char *argv[] = { "/nonexistent/notify", "-c", cmd, NULL };
	struct proc_opts o = { .path = "/bin/sh" };
	struct proc_cmd c = { argv, &o };

	snprintf(out, sizeof(out), "%s/path", tmpdir);
	snprintf(cmd, sizeof(cmd), "echo \"$0\" > %s", out);
	ck_assert_int_eq(proc_queue_push_latest(q, &c, 1), 0);
	run_until(loop, NULL, q, 10000);
	ck_assert_str_eq(unit_slurp(out), "/nonexistent/notify\n");
	proc_queue_free(q);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("proc");
	TCase *tc = tcase_create("proc");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, test_exit_code);
	tcase_add_test(tc, test_signaled);
	tcase_add_test(tc, test_exec_failure);
	tcase_add_test(tc, test_no_argv);
	tcase_add_test(tc, test_timeout_term);
	tcase_add_test(tc, test_timeout_kill);
	tcase_add_test(tc, test_timeout_group);
	tcase_add_test(tc, test_inherit);
	tcase_add_test(tc, test_signal_reset);
	tcase_add_test(tc, test_queue_order);
	tcase_add_test(tc, test_queue_timeout_then_next);
	tcase_add_test(tc, test_queue_free_running);
	tcase_add_test(tc, test_latest_replaces_waiting);
	tcase_add_test(tc, test_latest_keeps_started_batch);
	tcase_add_test(tc, test_latest_flap_bounded);
	tcase_add_test(tc, test_exec_path);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
