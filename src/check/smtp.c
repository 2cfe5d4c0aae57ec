/* SMTP_CHECK attempts (see smtp.h).  Each attempt owns one socket, one io
 * watcher and one timer; the conversation's decisions are the pure
 * smtp_proto.c's, this file only moves bytes.  The result is reported
 * from the loop, never from inside check_smtp_start(). */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check/conn_sock.h"
#include "check/smtp.h"
#include "check/smtp_proto.h"
#include "loop.h"

#define SMTP_READS_PER_EVENT 8

struct check_smtp {
	struct loop_io *io;
	struct loop_timer *timer;
	int fd;
	bool connected;
	bool finished;              /* outcome decided; the timer delivers it */
	uint32_t timeout_ms;
	size_t out_off;             /* bytes of proto.out already written */
	bool writing;               /* proto.out not all written yet */
	struct check_smtp_proto proto;
	struct check_outcome out;
	check_done_cb done;
	void *arg;
};

static void smtp_release(struct check_smtp *s)
{
	loop_io_free(s->io);
	loop_timer_free(s->timer);
	if (s->fd >= 0)
		close(s->fd);
	free(s);
}

static void smtp_deliver(struct check_smtp *s)
{
	struct check_outcome out = s->out;
	check_done_cb done = s->done;
	void *arg = s->arg;

	smtp_release(s);
	done(arg, &out);
}

static void __attribute__((format(printf, 3, 4)))
smtp_finish_later(struct check_smtp *s, enum check_why why, const char *fmt, ...)
{
	va_list ap;

	s->finished = true;
	s->out.why = why;
	va_start(ap, fmt);
	vsnprintf(s->out.detail, sizeof(s->out.detail), fmt, ap);
	va_end(ap);
	if (s->io != NULL)
		loop_io_set_events(s->io, 0);
	loop_timer_after(s->timer, 0);
}

static void smtp_errno(struct check_smtp *s, int err)
{
	enum check_why why = err == ECONNREFUSED ? CHECK_WHY_REFUSED
	                   : err == ENOMEM ? CHECK_WHY_INTERNAL
	                   : s->connected ? CHECK_WHY_TRANSFER : CHECK_WHY_CONNECT;

	smtp_finish_later(s, why, "%s", strerror(err));
}

static void smtp_timer(struct loop_timer *lt, void *arg)
{
	struct check_smtp *s = arg;

	(void)lt;
	if (!s->finished) {
		s->out.why = CHECK_WHY_TIMEOUT;
		if (!s->connected)
			snprintf(s->out.detail, sizeof(s->out.detail), "connect timed out");
		else
			snprintf(s->out.detail, sizeof(s->out.detail), "no %s in %u ms",
			         check_smtp_step_name(s->proto.step), s->timeout_ms);
	}
	smtp_deliver(s);
}

/* Write what is left of the command; true when all of it is out. */
static bool smtp_flush(struct check_smtp *s)
{
	while (s->out_off < s->proto.out_len) {
		ssize_t n = send(s->fd, s->proto.out + s->out_off, s->proto.out_len - s->out_off,
		                 MSG_NOSIGNAL);

		if (n < 0) {
			if (errno == EAGAIN || errno == EINTR) {
				s->writing = true;
				loop_io_set_events(s->io, LOOP_WRITE);
				return false;
			}
			smtp_errno(s, errno);
			return false;
		}
		s->out_off += (size_t)n;
	}
	s->writing = false;
	loop_io_set_events(s->io, LOOP_READ);
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
			smtp_finish_later(s, CHECK_WHY_OK, "%s", "");
			return;
		case CHECK_SMTP_ACT_DOWN:
			check_smtp_proto_describe(&s->proto, why, sizeof(why));
			smtp_finish_later(s, s->proto.code >= 0 ? CHECK_WHY_STATUS : CHECK_WHY_TRANSFER,
			                  "%s", why);
			return;
		case CHECK_SMTP_ACT_SEND:
			/* a new step: its reply gets a full connect_timeout */
			loop_timer_after(s->timer, s->timeout_ms);
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

	for (int i = 0; i < SMTP_READS_PER_EVENT && !s->finished && !s->writing; i++) {
		ssize_t n = recv(s->fd, buf, sizeof(buf), 0);

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

static void smtp_io(struct loop_io *io, int fd, unsigned events, void *arg)
{
	struct check_smtp *s = arg;
	int err = 0;
	socklen_t len = sizeof(err);

	(void)io;
	if (s->finished)
		return;
	if (!s->connected) {
		if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
			err = errno;
		if (err != 0) {
			smtp_errno(s, err);
			return;
		}
		s->connected = true;
		loop_io_set_events(s->io, LOOP_READ);
		loop_timer_after(s->timer, s->timeout_ms);   /* now: the greeting */
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

struct check_smtp *check_smtp_start(struct ev_loop *loop, const struct checker_conf *c,
                                    check_done_cb done, void *arg)
{
	struct check_smtp *s = calloc(1, sizeof(*s));
	struct check_tcp_params p;
	bool pending;

	if (s == NULL)
		return NULL;
	s->fd = -1;
	s->done = done;
	s->arg = arg;
	s->out.weight = -1;
	s->timeout_ms = c->connect_timeout_ms;
	check_smtp_proto_init(&s->proto, c->smtp_helo ? c->smtp_helo : CHECK_SMTP_DEF_HELO);
	s->timer = loop_timer_new(loop, smtp_timer, s);
	if (s->timer == NULL) {
		free(s);
		return NULL;
	}
	check_conn_params(c, &p);
	s->fd = check_conn_open(&p, SOCK_STREAM, &pending);
	if (s->fd < 0) {
		int err = -s->fd;

		s->fd = -1;
		smtp_errno(s, err);
		return s;
	}
	s->connected = !pending;
	s->io = loop_io_new_events(loop, s->fd, pending ? LOOP_WRITE : LOOP_READ, smtp_io, s);
	if (s->io == NULL) {
		smtp_errno(s, ENOMEM);
		return s;
	}
	loop_timer_after(s->timer, s->timeout_ms);
	return s;
}

void check_smtp_cancel(struct check_smtp *s)
{
	if (s != NULL)
		smtp_release(s);
}
