/* SMTP_CHECK attempts (see smtp.h): the attempt's socket, watcher, timer
 * and delivery are check/attempt.c's; the conversation's decisions are
 * the pure smtp_proto.c's; this file only moves bytes. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/attempt.h"
#include "check/conn_sock.h"
#include "check/smtp.h"
#include "check/smtp_proto.h"
#include "loop.h"

#define SMTP_READS_PER_EVENT 8

struct check_smtp {
	struct check_attempt a;
	bool connected;
	size_t out_off;             /* bytes of proto.out already written */
	bool writing;               /* proto.out not all written yet */
	struct check_smtp_proto proto;
};

static void smtp_errno(struct check_smtp *s, int err)
{
	enum check_why why = check_attempt_errno_why(err, s->connected ? CHECK_WHY_TRANSFER
	                                                               : CHECK_WHY_CONNECT);

	check_attempt_finish(&s->a, why, "%s", strerror(err));
}

static void smtp_timed_out(struct check_attempt *a)
{
	struct check_smtp *s = (struct check_smtp *)a;

	if (!s->connected)
		check_attempt_set(a, CHECK_WHY_TIMEOUT, "%s", "connect timed out");
	else
		check_attempt_set(a, CHECK_WHY_TIMEOUT, "no %s in %u ms",
		                  check_smtp_step_name(s->proto.step), a->timeout_ms);
}

/* Write what is left of the command; true when all of it is out. */
static bool smtp_flush(struct check_smtp *s)
{
	while (s->out_off < s->proto.out_len) {
		ssize_t n = send(s->a.fd, s->proto.out + s->out_off, s->proto.out_len - s->out_off,
		                 MSG_NOSIGNAL);

		if (n < 0) {
			if (errno == EAGAIN || errno == EINTR) {
				s->writing = true;
				loop_io_set_events(s->a.io, LOOP_WRITE);
				return false;
			}
			smtp_errno(s, errno);
			return false;
		}
		s->out_off += (size_t)n;
	}
	s->writing = false;
	loop_io_set_events(s->a.io, LOOP_READ);
	return true;
}

/* Act on the machine's answers until it needs more bytes. */
static void smtp_act(struct check_smtp *s, enum check_smtp_action a)
{
	char why[CHECK_SMTP_LINE_MAX / 4];

	for (;;) {
		switch (a) {
		case CHECK_SMTP_ACT_WAIT:
			return;
		case CHECK_SMTP_ACT_UP:
			check_attempt_finish(&s->a, CHECK_WHY_OK, "%s", "");
			return;
		case CHECK_SMTP_ACT_DOWN:
			check_smtp_proto_describe(&s->proto, why, sizeof(why));
			check_attempt_finish(&s->a,
			                     s->proto.code >= 0 ? CHECK_WHY_STATUS : CHECK_WHY_TRANSFER,
			                     "%s", why);
			return;
		case CHECK_SMTP_ACT_SEND:
			/* a new step: its reply gets a full connect_timeout */
			loop_timer_after(s->a.timer, s->a.timeout_ms);
			s->out_off = 0;
			if (!smtp_flush(s))
				return;
			a = check_smtp_proto_feed(&s->proto, NULL, 0);
			break;
		}
	}
}

static void smtp_readable(struct check_smtp *s)
{
	char buf[1024];

	for (int i = 0; i < SMTP_READS_PER_EVENT && !s->a.finished && !s->writing; i++) {
		ssize_t n = recv(s->a.fd, buf, sizeof(buf), 0);

		if (n < 0) {
			if (errno != EAGAIN && errno != EINTR)
				smtp_errno(s, errno);
			return;
		}
		if (n == 0) {
			smtp_act(s, check_smtp_proto_eof(&s->proto));
			return;
		}
		smtp_act(s, check_smtp_proto_feed(&s->proto, buf, (size_t)n));
	}
}

static void smtp_io(struct check_attempt *a, int fd, unsigned events)
{
	struct check_smtp *s = (struct check_smtp *)a;
	int err = 0;
	socklen_t len = sizeof(err);

	if (a->finished)
		return;
	if (!s->connected) {
		if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
			err = errno;
		if (err != 0) {
			smtp_errno(s, err);
			return;
		}
		s->connected = true;
		loop_io_set_events(a->io, LOOP_READ);
		loop_timer_after(a->timer, a->timeout_ms);   /* now: the greeting */
		return;
	}
	if (s->writing && (events & LOOP_WRITE)) {
		if (smtp_flush(s))
			smtp_act(s, check_smtp_proto_feed(&s->proto, NULL, 0));
		return;
	}
	if (events & LOOP_READ)
		smtp_readable(s);
}

static const struct check_attempt_ops smtp_ops = {
	.size = sizeof(struct check_smtp),
	.io = smtp_io,
	.timed_out = smtp_timed_out,
};

struct check_smtp *check_smtp_start(struct ev_loop *loop, const struct checker_conf *c,
                                    check_done_cb done, void *arg)
{
	struct check_attempt *a = check_attempt_new(loop, &smtp_ops, c->connect_timeout_ms, done,
	                                            arg);
	struct check_smtp *s = (struct check_smtp *)a;
	struct check_tcp_params p;
	bool pending;
	int err;

	if (a == NULL)
		return NULL;
	check_smtp_proto_init(&s->proto, c->smtp_helo ? c->smtp_helo : CHECK_SMTP_DEF_HELO);
	check_conn_params(c, &p);
	err = check_attempt_connect(a, &p, SOCK_STREAM, 0, &pending);
	if (err != 0) {
		smtp_errno(s, err);
		return s;
	}
	s->connected = !pending;
	if (check_attempt_watch(a, pending ? LOOP_WRITE : LOOP_READ) < 0)
		smtp_errno(s, ENOMEM);
	return s;
}

void check_smtp_cancel(struct check_smtp *s)
{
	check_attempt_free(s != NULL ? &s->a : NULL);
}
