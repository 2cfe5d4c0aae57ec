/* UDP_CHECK attempts (see udp.h).  Each attempt owns one socket, one io
 * watcher and one timer; the result is always delivered from the loop.
 * keepalived's outcome rules (check_udp.c, layer4.c udp_socket_state):
 *  - send() failing, or recv() failing (the ICMP error the kernel queued
 *    because of IP_RECVERR: ECONNREFUSED = port unreachable) = down;
 *  - a reply = up; with `require_reply HEX` it must also match;
 *  - connect_timeout without anything = up, or down with require_reply. */
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "check/udp.h"
#include "loop.h"

#define UDP_RX_MAX (CHECK_UDP_HEX_MAX + 1)

struct check_udp {
	struct loop_io *io;
	struct loop_timer *timer;
	int fd;
	bool finished;               /* outcome decided; the timer delivers it */
	const struct check_udp_conf *u;
	struct check_outcome out;
	check_done_cb done;
	void *arg;
};

static void
udp_release(struct check_udp *t)
{
	loop_io_free(t->io);
	loop_timer_free(t->timer);
	if (t->fd >= 0)
		close(t->fd);
	free(t);
}

static void
udp_outcome(struct check_udp *t, enum check_why why, const char *fmt, const char *a)
{
	memset(&t->out, 0, sizeof(t->out));
	t->out.weight = -1;
	t->out.why = why;
	if (fmt != NULL)
		snprintf(t->out.detail, sizeof(t->out.detail), fmt, a);
}

/* an errno as an outcome: ECONNREFUSED is the ICMP port unreachable */
static void
udp_errno_outcome(struct check_udp *t, int err)
{
	if (err == ECONNREFUSED)
		udp_outcome(t, CHECK_WHY_REFUSED, "%s", "ICMP port unreachable");
	else if (err == ENOMEM || err == ENOBUFS)
		udp_outcome(t, CHECK_WHY_INTERNAL, "%s", strerror(err));
	else
		udp_outcome(t, CHECK_WHY_CONNECT, "%s", strerror(err));
}

static void
udp_finish_later(struct check_udp *t)
{
	t->finished = true;
	if (t->io != NULL)
		loop_io_set_events(t->io, 0);
	loop_timer_after(t->timer, 0);
}

static void
udp_deliver(struct check_udp *t)
{
	struct check_outcome out = t->out;
	check_done_cb done = t->done;
	void *arg = t->arg;

	udp_release(t);
	done(arg, &out);
}

static void
udp_timer(struct loop_timer *lt, void *arg)
{
	struct check_udp *t = arg;

	(void)lt;
	if (!t->finished) {
		if (t->u->require_reply)
			udp_outcome(t, CHECK_WHY_TIMEOUT, "%s", "no reply");
		else
			udp_outcome(t, CHECK_WHY_OK, NULL, NULL);   /* silence is success */
	}
	udp_deliver(t);
}

static void
udp_readable(struct loop_io *io, int fd, unsigned events, void *arg)
{
	struct check_udp *t = arg;
	size_t cap = t->u->require_reply ? (size_t)t->u->max_reply_len + 1 : 1;
	uint8_t *buf = malloc(cap ? cap : 1);
	ssize_t n;

	(void)io;
	(void)events;
	if (buf == NULL) {
		udp_outcome(t, CHECK_WHY_INTERNAL, "%s", "out of memory");
		udp_deliver(t);
		return;
	}
	n = recv(fd, buf, cap, MSG_TRUNC);
	if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
		free(buf);
		return;   /* spurious wake-up: keep waiting */
	}
	if (n < 0)
		udp_errno_outcome(t, errno);
	else if (t->u->reply != NULL && !check_udp_reply_ok(t->u, buf, (size_t)n))
		udp_outcome(t, CHECK_WHY_REPLY, "%s", "reply does not match require_reply");
	else
		udp_outcome(t, CHECK_WHY_OK, NULL, NULL);
	free(buf);
	udp_deliver(t);
}

static int
udp_open(struct check_udp *t, const struct check_tcp_params *p)
{
	uint8_t dflt[CHECK_UDP_DEFAULT_LEN];
	const uint8_t *data = t->u->payload;
	size_t len = t->u->payload_len;
	int one = 1;
	ssize_t n;

	t->fd = socket(p->dst.ss_family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_UDP);
	if (t->fd < 0)
		return errno;
	/* ICMP errors become recv() errors (port unreachable: ECONNREFUSED) */
	if (p->dst.ss_family == AF_INET6)
		setsockopt(t->fd, SOL_IPV6, IPV6_RECVERR, &one, sizeof(one));
	else
		setsockopt(t->fd, SOL_IP, IP_RECVERR, &one, sizeof(one));
	if (p->fwmark != 0 &&
	    setsockopt(t->fd, SOL_SOCKET, SO_MARK, &p->fwmark, sizeof(p->fwmark)) < 0)
		return errno;
	if (p->bind_if[0] != '\0' &&
	    setsockopt(t->fd, SOL_SOCKET, SO_BINDTODEVICE, p->bind_if,
	               (socklen_t)strlen(p->bind_if)) < 0)
		return errno;
	if (p->src_len > 0) {
		setsockopt(t->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		if (bind(t->fd, (const struct sockaddr *)&p->src, p->src_len) < 0)
			return errno;
	}
	if (connect(t->fd, (const struct sockaddr *)&p->dst, p->dst_len) < 0)
		return errno;
	if (data == NULL) {
		len = check_udp_default_payload(dflt, sizeof(dflt));
		data = dflt;
	}
	n = send(t->fd, data, len, 0);
	if (n < 0)
		return errno;
	return (size_t)n == len ? 0 : EMSGSIZE;
}

struct check_udp *
check_udp_start(struct ev_loop *loop, const struct check_tcp_params *p,
                const struct check_udp_conf *u, check_done_cb done, void *arg)
{
	struct check_udp *t = calloc(1, sizeof(*t));
	int err;

	if (t == NULL)
		return NULL;
	t->fd = -1;
	t->u = u;
	t->done = done;
	t->arg = arg;
	t->timer = loop_timer_new(loop, udp_timer, t);
	if (t->timer == NULL) {
		free(t);
		return NULL;
	}
	err = udp_open(t, p);
	if (err != 0) {
		udp_errno_outcome(t, err);
		udp_finish_later(t);
		return t;
	}
	t->io = loop_io_new_events(loop, t->fd, LOOP_READ, udp_readable, t);
	if (t->io == NULL) {
		udp_outcome(t, CHECK_WHY_INTERNAL, "%s", "out of memory");
		udp_finish_later(t);
		return t;
	}
	loop_timer_after(t->timer, p->timeout_ms);
	return t;
}

void
check_udp_cancel(struct check_udp *t)
{
	if (t != NULL)
		udp_release(t);
}
