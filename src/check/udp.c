/* UDP_CHECK attempts (see udp.h): the attempt's socket, watcher, timer
 * and delivery are check/attempt.c's; this file sends the payload and
 * judges the reply.  keepalived's outcome rules (check_udp.c, layer4.c
 * udp_socket_state):
 *  - send() failing, or recv() failing (the ICMP error the kernel queued
 *    because of IP_RECVERR: ECONNREFUSED = port unreachable) = down;
 *  - a reply = up; with `require_reply HEX` it must also match;
 *  - connect_timeout without anything = up, or down with require_reply. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "check/attempt.h"
#include "check/conn_sock.h"
#include "check/udp.h"
#include "loop.h"

struct check_udp {
	struct check_attempt a;
	const struct check_udp_conf *u;
};

/* an errno as an outcome: ECONNREFUSED is the ICMP port unreachable */
static void
udp_errno_outcome(struct check_attempt *a, int err)
{
	if (err == ECONNREFUSED)
		check_attempt_set(a, CHECK_WHY_REFUSED, "%s", "ICMP port unreachable");
	else if (err == ENOMEM || err == ENOBUFS)
		check_attempt_set(a, CHECK_WHY_INTERNAL, "%s", strerror(err));
	else
		check_attempt_set(a, CHECK_WHY_CONNECT, "%s", strerror(err));
}

static void
udp_timed_out(struct check_attempt *a)
{
	if (((struct check_udp *)a)->u->require_reply)
		check_attempt_set(a, CHECK_WHY_TIMEOUT, "%s", "no reply");
	else
		check_attempt_set(a, CHECK_WHY_OK, "%s", "");   /* silence is success */
}

static void
udp_readable(struct check_attempt *a, int fd, unsigned events)
{
	const struct check_udp_conf *u = ((struct check_udp *)a)->u;
	size_t cap = u->require_reply ? (size_t)u->max_reply_len + 1 : 1;
	uint8_t *buf = malloc(cap ? cap : 1);
	ssize_t n;

	(void)events;
	if (buf == NULL) {
		check_attempt_set(a, CHECK_WHY_INTERNAL, "%s", "out of memory");
		check_attempt_deliver(a);
		return;
	}
	n = recv(fd, buf, cap, MSG_TRUNC);
	if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
		free(buf);
		return;   /* spurious wake-up: keep waiting */
	}
	if (n < 0)
		udp_errno_outcome(a, errno);
	else if (u->reply != NULL && !check_udp_reply_ok(u, buf, (size_t)n))
		check_attempt_set(a, CHECK_WHY_REPLY, "%s", "reply does not match require_reply");
	else
		check_attempt_set(a, CHECK_WHY_OK, "%s", "");
	free(buf);
	check_attempt_deliver(a);
}

/* the connected socket, then the payload: 0 or an errno */
static int
udp_send(struct check_udp *t, const struct check_tcp_params *p)
{
	uint8_t dflt[CHECK_UDP_DEFAULT_LEN];
	const uint8_t *data = t->u->payload;
	size_t len = t->u->payload_len;
	bool pending;
	ssize_t n;
	int err = check_attempt_connect(&t->a, p, SOCK_DGRAM, CHECK_CONN_RECVERR, &pending);

	if (err != 0)
		return err;
	if (data == NULL) {
		len = check_udp_default_payload(dflt, sizeof(dflt));
		data = dflt;
	}
	n = send(t->a.fd, data, len, 0);
	if (n < 0)
		return errno;
	return (size_t)n == len ? 0 : EMSGSIZE;
}

static const struct check_attempt_ops udp_ops = {
	.size = sizeof(struct check_udp),
	.io = udp_readable,
	.timed_out = udp_timed_out,
};

struct check_udp *
check_udp_start(struct ev_loop *loop, const struct check_tcp_params *p,
                const struct check_udp_conf *u, check_done_cb done, void *arg)
{
	struct check_attempt *a = check_attempt_new(loop, &udp_ops, p->timeout_ms, done, arg);
	struct check_udp *t = (struct check_udp *)a;
	int err;

	if (a == NULL)
		return NULL;
	t->u = u;
	err = udp_send(t, p);
	if (err != 0) {
		udp_errno_outcome(a, err);
		check_attempt_finish_later(a);
	} else if (check_attempt_watch(a, LOOP_READ) < 0) {
		check_attempt_finish(a, CHECK_WHY_INTERNAL, "%s", "out of memory");
	}
	return t;
}

void
check_udp_cancel(struct check_udp *t)
{
	check_attempt_free(t != NULL ? &t->a : NULL);
}
