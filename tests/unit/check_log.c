/* Logging never blocks: syslog lines go to a datagram socket nobody reads
 * (each call returns at once, the surplus is dropped and counted, and
 * "N log lines dropped" precedes the next line that fits), in RFC 3164
 * form; a syslog socket that goes away and comes back (journald restart)
 * is reconnected; a full stderr pipe in console mode drops too. */
#include "config.h"

#include <check.h>
#include <fcntl.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "unit_main.h"

static char dir[] = "/tmp/check_log-XXXXXX";
static char sock_path[64];

static int bind_dgram(void)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	ck_assert_int_ge(fd, 0);
	unlink(sock_path);
	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", sock_path);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&sun, sizeof(sun)), 0);
	return fd;
}

/* One datagram, or "" when none is queued. */
static void recv_line(int fd, char *buf, size_t size)
{
	ssize_t n = recv(fd, buf, size - 1, MSG_DONTWAIT);

	buf[n > 0 ? n : 0] = '\0';
}

static double mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void setup(void)
{
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(sock_path, sizeof(sock_path), "%s/log", dir);
	setenv("FLOATD_SYSLOG_SOCKET", sock_path, 1);
}

static void teardown(void)
{
	unlink(sock_path);
	rmdir(dir);
	strcpy(dir, "/tmp/check_log-XXXXXX");
}

START_TEST(test_unread_syslog_drops_and_counts)
{
	int fd = bind_dgram(), got = 0;
	unsigned long long dropped = 0;
	char line[2048];
	regex_t re;
	double t0, took;

	ck_assert_str_eq(log_syslog_path(), sock_path);
	log_init("tlog", LOG_TARGET_SYSLOG, false, false);
	t0 = mono();
	for (int i = 0; i < 500; i++)
		log_info("line %d", i);
	took = mono() - t0;
	/* glibc's syslog() would block here for ever once the queue is full */
	ck_assert_msg(took < 1.0, "500 lines took %.3f s", took);
	ck_assert_uint_gt(log_dropped_total(), 0);
	ck_assert_int_eq(regcomp(&re, "^<30>[A-Z][a-z][a-z] [ 1-3][0-9] [0-9][0-9]:[0-9][0-9]:"
	                              "[0-9][0-9] tlog\\[[0-9]+\\]: line 0$",
	                         REG_EXTENDED | REG_NOSUB), 0);
	recv_line(fd, line, sizeof(line));
	ck_assert_msg(regexec(&re, line, 0, NULL, 0) == 0, "not RFC 3164: '%s'", line);
	regfree(&re);
	got = 1;
	for (;;) {
		recv_line(fd, line, sizeof(line));
		if (!*line)
			break;
		got++;
	}
	ck_assert_int_eq(got + (int)log_dropped_total(), 500);
	/* drained: the count goes out first (a warning), then the line */
	log_warnx("after");
	recv_line(fd, line, sizeof(line));
	ck_assert_ptr_nonnull(strstr(line, "log lines dropped"));
	ck_assert_int_eq(strncmp(line, "<28>", 4), 0);
	sscanf(strstr(line, "]: ") + 3, "%llu", &dropped);
	ck_assert_uint_eq(dropped, log_dropped_total());
	recv_line(fd, line, sizeof(line));
	ck_assert_ptr_nonnull(strstr(line, "]: after"));
	log_flush();   /* nothing pending: sends nothing */
	recv_line(fd, line, sizeof(line));
	ck_assert_str_eq(line, "");
	/* once only */
	log_info("again");
	recv_line(fd, line, sizeof(line));
	ck_assert_ptr_nonnull(strstr(line, "]: again"));
	close(fd);
}
END_TEST

/* The loop's flush sends a pending count without another line. */
START_TEST(test_flush_sends_pending_count)
{
	int fd = bind_dgram();
	char line[2048];

	log_init("tlog", LOG_TARGET_SYSLOG, false, false);
	for (int i = 0; i < 200; i++)
		log_info("line %d", i);
	log_flush();   /* still full: stays pending */
	while (recv_line(fd, line, sizeof(line)), *line)
		ck_assert_ptr_null(strstr(line, "dropped"));
	log_flush();
	recv_line(fd, line, sizeof(line));
	ck_assert_ptr_nonnull(strstr(line, "log lines dropped"));
	log_flush();
	recv_line(fd, line, sizeof(line));
	ck_assert_str_eq(line, "");
	close(fd);
}
END_TEST

START_TEST(test_syslog_reconnects)
{
	int fd = bind_dgram();
	char line[2048];
	uint64_t d0;
	double deadline;

	log_init("tlog", LOG_TARGET_SYSLOG, false, false);
	log_info("first");
	recv_line(fd, line, sizeof(line));
	ck_assert_ptr_nonnull(strstr(line, "]: first"));
	/* the reader restarts: old socket gone, a new one at the same path */
	close(fd);
	d0 = log_dropped_total();
	log_info("while gone");
	fd = bind_dgram();
	/* reconnects are paced (one a second): within 3 s a line arrives */
	deadline = mono() + 3;
	*line = '\0';
	while (!*line && mono() < deadline) {
		log_info("back");
		recv_line(fd, line, sizeof(line));
		if (!*line)
			usleep(20000);
	}
	ck_assert_msg(*line, "no line after the socket came back");
	ck_assert_uint_gt(log_dropped_total(), d0);
	ck_assert_ptr_nonnull(strstr(line, "log lines dropped"));
	recv_line(fd, line, sizeof(line));
	ck_assert_ptr_nonnull(strstr(line, "]: back"));
	close(fd);
}
END_TEST

START_TEST(test_full_stderr_pipe_drops)
{
	int p[2], saved = dup(STDERR_FILENO);
	uint64_t d0;
	double t0, took;
	char buf[65536] = "";

	ck_assert_int_eq(pipe(p), 0);
	fcntl(p[1], F_SETPIPE_SZ, 4096);
	dup2(p[1], STDERR_FILENO);
	log_init("tlog", LOG_TARGET_STDERR, false, false);
	d0 = log_dropped_total();
	t0 = mono();
	for (int i = 0; i < 2000; i++)
		log_info("a console line that nobody reads %d", i);
	took = mono() - t0;
	dup2(saved, STDERR_FILENO);
	ck_assert_msg(took < 1.0, "2000 lines took %.3f s", took);
	ck_assert_uint_gt(log_dropped_total(), d0);
	/* drain, then the next line reports the count */
	fcntl(p[0], F_SETFL, O_NONBLOCK);
	while (read(p[0], buf, sizeof(buf)) > 0)
		;
	dup2(p[1], STDERR_FILENO);
	log_info("drained");
	dup2(saved, STDERR_FILENO);
	close(saved);
	ck_assert_int_gt(read(p[0], buf, sizeof(buf) - 1), 0);
	ck_assert_ptr_nonnull(strstr(buf, "log lines dropped"));
	close(p[0]);
	close(p[1]);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("log");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_unread_syslog_drops_and_counts);
	tcase_add_test(tc, test_flush_sends_pending_count);
	tcase_add_test(tc, test_syslog_reconnects);
	tcase_add_test(tc, test_full_stderr_pipe_drops);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
