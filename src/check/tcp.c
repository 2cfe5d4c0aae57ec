/* TCP_CHECK attempts (see tcp.h): the attempt's socket, watcher, timer
 * and delivery are check/attempt.c's; this file only says what the
 * connect's result means. */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include "check/attempt.h"
#include "check/tcp.h"
#include "loop.h"

struct check_tcp {
	struct check_attempt a;
};

static void
tcp_set_outcome(struct check_attempt *a, int err)
{
	if (err == 0)
		check_attempt_set(a, CHECK_WHY_OK, "%s", "");
	else if (err == ETIMEDOUT)
		check_attempt_set(a, CHECK_WHY_TIMEOUT, "%s", "connect timed out");
	else
		check_attempt_set(a, check_attempt_errno_why(err, CHECK_WHY_CONNECT), "%s",
		                  strerror(err));
}

static void
tcp_timed_out(struct check_attempt *a)
{
	tcp_set_outcome(a, ETIMEDOUT);
}

static void
tcp_writable(struct check_attempt *a, int fd, unsigned events)
{
	int err = 0;
	socklen_t len = sizeof(err);

	(void)events;
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
		err = errno;
	tcp_set_outcome(a, err);
	check_attempt_deliver(a);
}

static const struct check_attempt_ops tcp_ops = {
	.size = sizeof(struct check_tcp),
	/* Linger 0: close with RST.  At a thousand checks a second a normal
	 * close leaves ~60k TIME_WAIT sockets on our side and runs the
	 * ephemeral ports dry; the handshake is all we test. */
	.close_rst = true,
	.io = tcp_writable,
	.timed_out = tcp_timed_out,
};

struct check_tcp *
check_tcp_start(struct ev_loop *loop, const struct check_tcp_params *p, check_done_cb done,
                void *arg)
{
	struct check_attempt *a = check_attempt_new(loop, &tcp_ops, p->timeout_ms, done, arg);
	bool pending;
	int err;

	if (a == NULL)
		return NULL;
	err = check_attempt_connect(a, p, SOCK_STREAM, 0, &pending);
	if (err != 0 || !pending) {
		/* connected at once (loopback) or failed */
		tcp_set_outcome(a, err);
		check_attempt_finish_later(a);
	} else if (check_attempt_watch(a, LOOP_WRITE) < 0) {
		tcp_set_outcome(a, ENOMEM);
		check_attempt_finish_later(a);
	}
	return (struct check_tcp *)a;
}

void
check_tcp_cancel(struct check_tcp *t)
{
	check_attempt_free(t != NULL ? &t->a : NULL);
}
