/* See attempt.h: the life of one check attempt (socket, io watcher,
 * timeout, deliver once).  The protocols' files keep their protocol. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "check/attempt.h"
#include "check/conn_sock.h"
#include "loop.h"

static void attempt_timer(struct loop_timer *lt, void *arg)
{
	struct check_attempt *a = arg;

	(void)lt;
	if (!a->finished)
		a->ops->timed_out(a);
	check_attempt_deliver(a);
}

static void attempt_io(struct loop_io *io, int fd, unsigned events, void *arg)
{
	struct check_attempt *a = arg;

	(void)io;
	a->ops->io(a, fd, events);
}

struct check_attempt *check_attempt_new(struct ev_loop *loop, const struct check_attempt_ops *ops,
                                        uint32_t timeout_ms, check_done_cb done, void *arg)
{
	struct check_attempt *a = calloc(1, ops->size);

	if (a == NULL)
		return NULL;
	a->ops = ops;
	a->loop = loop;
	a->fd = -1;
	a->timeout_ms = timeout_ms;
	a->out.weight = -1;
	a->done = done;
	a->arg = arg;
	a->timer = loop_timer_new(loop, attempt_timer, a);
	if (a->timer == NULL) {
		free(a);
		return NULL;
	}
	return a;
}

int check_attempt_connect(struct check_attempt *a, const struct check_tcp_params *p, int type,
                          unsigned opts, bool *pending)
{
	int fd = check_conn_open(p, type, opts, pending);

	if (fd < 0)
		return -fd;
	a->fd = fd;
	return 0;
}

int check_attempt_watch(struct check_attempt *a, unsigned events)
{
	a->io = loop_io_new_events(a->loop, a->fd, events, attempt_io, a);
	if (a->io == NULL)
		return -1;
	loop_timer_after(a->timer, a->timeout_ms);
	return 0;
}

static void attempt_vset(struct check_attempt *a, enum check_why why, const char *fmt, va_list ap)
{
	memset(&a->out, 0, sizeof(a->out));
	a->out.weight = -1;
	a->out.why = why;
	vsnprintf(a->out.detail, sizeof(a->out.detail), fmt, ap);
}

void check_attempt_set(struct check_attempt *a, enum check_why why, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	attempt_vset(a, why, fmt, ap);
	va_end(ap);
}

void check_attempt_finish_later(struct check_attempt *a)
{
	a->finished = true;
	if (a->io != NULL)
		loop_io_set_events(a->io, 0);
	loop_timer_after(a->timer, 0);
}

void check_attempt_finish(struct check_attempt *a, enum check_why why, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	attempt_vset(a, why, fmt, ap);
	va_end(ap);
	check_attempt_finish_later(a);
}

void check_attempt_deliver(struct check_attempt *a)
{
	struct check_outcome out = a->out;
	check_done_cb done = a->done;
	void *arg = a->arg;

	check_attempt_free(a);
	done(arg, &out);
}

void check_attempt_free(struct check_attempt *a)
{
	if (a == NULL)
		return;
	loop_io_free(a->io);
	loop_timer_free(a->timer);
	if (a->fd >= 0) {
		if (a->ops->close_rst) {
			struct linger lg = { .l_onoff = 1, .l_linger = 0 };

			setsockopt(a->fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
		}
		close(a->fd);
	}
	free(a);
}

enum check_why check_attempt_errno_why(int err, enum check_why other)
{
	if (err == ECONNREFUSED)
		return CHECK_WHY_REFUSED;
	if (err == ENOMEM)
		return CHECK_WHY_INTERNAL;
	return other;
}
