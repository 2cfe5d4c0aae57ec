/* TCP_CHECK attempts (see tcp.h).  Each attempt owns one socket, one io
 * watcher and one timer; the result is reported from the loop so callers
 * never see re-entrant callbacks. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check/tcp.h"
#include "loop.h"

struct check_tcp {
	struct loop_io *io;
	struct loop_timer *timer;
	int fd;
	bool finished;              /* outcome decided; timer delivers it */
	struct check_outcome out;
	check_done_cb done;
	void *arg;
};

static void
tcp_release(struct check_tcp *t)
{
	loop_io_free(t->io);
	loop_timer_free(t->timer);
	if (t->fd >= 0) {
		/* Linger 0: close with RST.  At a thousand checks a second a
		 * normal close leaves ~60k TIME_WAIT sockets on our side and
		 * runs the ephemeral ports dry; the handshake is all we test. */
		struct linger lg = { .l_onoff = 1, .l_linger = 0 };

		setsockopt(t->fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
		close(t->fd);
	}
	free(t);
}

static void
tcp_set_outcome(struct check_tcp *t, int err)
{
	memset(&t->out, 0, sizeof(t->out));
	t->out.weight = -1;
	if (err == 0)
		t->out.why = CHECK_WHY_OK;
	else if (err == ETIMEDOUT)
		t->out.why = CHECK_WHY_TIMEOUT;
	else if (err == ECONNREFUSED)
		t->out.why = CHECK_WHY_REFUSED;
	else if (err == ENOMEM)
		t->out.why = CHECK_WHY_INTERNAL;
	else
		t->out.why = CHECK_WHY_CONNECT;
	if (err != 0)
		snprintf(t->out.detail, sizeof(t->out.detail), "%s",
		         err == ETIMEDOUT ? "connect timed out" : strerror(err));
}

/* Decide now, report from the loop (a 0 ms timer). */
static void
tcp_finish_later(struct check_tcp *t, int err)
{
	tcp_set_outcome(t, err);
	t->finished = true;
	if (t->io != NULL)
		loop_io_set_events(t->io, 0);
	loop_timer_after(t->timer, 0);
}

static void
tcp_deliver(struct check_tcp *t)
{
	struct check_outcome out = t->out;
	check_done_cb done = t->done;
	void *arg = t->arg;

	tcp_release(t);
	done(arg, &out);
}

static void
tcp_timer(struct loop_timer *lt, void *arg)
{
	struct check_tcp *t = arg;

	(void)lt;
	if (!t->finished)
		tcp_set_outcome(t, ETIMEDOUT);
	tcp_deliver(t);
}

static void
tcp_writable(struct loop_io *io, int fd, unsigned events, void *arg)
{
	struct check_tcp *t = arg;
	int err = 0;
	socklen_t len = sizeof(err);

	(void)io;
	(void)events;
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
		err = errno;
	tcp_set_outcome(t, err);
	tcp_deliver(t);
}

static int
tcp_open(struct check_tcp *t, const struct check_tcp_params *p)
{
	int one = 1;

	t->fd = socket(p->dst.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (t->fd < 0)
		return errno;
	if (p->fwmark != 0 &&
	    setsockopt(t->fd, SOL_SOCKET, SO_MARK, &p->fwmark, sizeof(p->fwmark)) < 0)
		return errno;
	if (p->bind_if[0] != '\0' &&
	    setsockopt(t->fd, SOL_SOCKET, SO_BINDTODEVICE, p->bind_if,
	               (socklen_t)strlen(p->bind_if)) < 0)
		return errno;
	if (p->src_len > 0) {
		/* a fixed bind_port is reused at every attempt */
		setsockopt(t->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		if (bind(t->fd, (const struct sockaddr *)&p->src, p->src_len) < 0)
			return errno;
	}
	if (connect(t->fd, (const struct sockaddr *)&p->dst, p->dst_len) == 0)
		return 0;
	return errno == EINPROGRESS ? EINPROGRESS : errno;
}

struct check_tcp *
check_tcp_start(struct ev_loop *loop, const struct check_tcp_params *p, check_done_cb done,
                void *arg)
{
	struct check_tcp *t = calloc(1, sizeof(*t));
	int err;

	if (t == NULL)
		return NULL;
	t->fd = -1;
	t->done = done;
	t->arg = arg;
	t->timer = loop_timer_new(loop, tcp_timer, t);
	if (t->timer == NULL) {
		free(t);
		return NULL;
	}
	err = tcp_open(t, p);
	if (err != EINPROGRESS) {
		tcp_finish_later(t, err);   /* connected at once (loopback) or failed */
		return t;
	}
	t->io = loop_io_new_events(loop, t->fd, LOOP_WRITE, tcp_writable, t);
	if (t->io == NULL) {
		tcp_finish_later(t, ENOMEM);
		return t;
	}
	loop_timer_after(t->timer, p->timeout_ms);
	return t;
}

void
check_tcp_cancel(struct check_tcp *t)
{
	if (t != NULL)
		tcp_release(t);
}
