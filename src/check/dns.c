/* DNS_CHECK attempts (see dns.h).  Each attempt owns one connected UDP
 * socket, one io watcher and one timer; the result is reported from the
 * loop (never from inside check_dns_start).  Datagrams that are not our
 * reply are skipped (dns_msg.c) and the wait goes on to the timeout. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "check/conn_sock.h"
#include "check/dns.h"
#include "check/dns_msg.h"
#include "loop.h"

#define DNS_READS_PER_EVENT 16   /* a flood of strays never starves the loop */

struct check_dns {
	struct loop_io *io;
	struct loop_timer *timer;
	int fd;
	bool finished;              /* outcome decided; the timer delivers it */
	uint32_t timeout_ms;
	unsigned ignored;           /* datagrams that were not our reply */
	uint8_t query[CHECK_DNS_QUERY_MAX];
	size_t query_len;
	struct check_outcome out;
	check_done_cb done;
	void *arg;
};

static void dns_release(struct check_dns *d)
{
	loop_io_free(d->io);
	loop_timer_free(d->timer);
	if (d->fd >= 0)
		close(d->fd);
	free(d);
}

static void dns_deliver(struct check_dns *d)
{
	struct check_outcome out = d->out;
	check_done_cb done = d->done;
	void *arg = d->arg;

	dns_release(d);
	done(arg, &out);
}

/* Decide now, report from the loop (a 0 ms timer). */
static void __attribute__((format(printf, 3, 4)))
dns_finish_later(struct check_dns *d, enum check_why why, const char *fmt, ...)
{
	va_list ap;

	d->finished = true;
	d->out.why = why;
	va_start(ap, fmt);
	vsnprintf(d->out.detail, sizeof(d->out.detail), fmt, ap);
	va_end(ap);
	if (d->io != NULL)
		loop_io_set_events(d->io, 0);
	loop_timer_after(d->timer, 0);
}

static void dns_errno(struct check_dns *d, int err)
{
	dns_finish_later(d, err == ECONNREFUSED ? CHECK_WHY_REFUSED
	                    : err == ENOMEM ? CHECK_WHY_INTERNAL : CHECK_WHY_CONNECT,
	                 "%s", err == ECONNREFUSED ? "port unreachable" : strerror(err));
}

static void dns_timer(struct loop_timer *lt, void *arg)
{
	struct check_dns *d = arg;

	(void)lt;
	if (!d->finished) {
		d->out.why = CHECK_WHY_TIMEOUT;
		snprintf(d->out.detail, sizeof(d->out.detail), "no reply in %u ms%s",
		         d->timeout_ms, d->ignored ? " (other datagrams ignored)" : "");
	}
	dns_deliver(d);
}

static void dns_readable(struct loop_io *io, int fd, unsigned events, void *arg)
{
	struct check_dns *d = arg;
	uint8_t buf[CHECK_DNS_REPLY_MAX];

	(void)io;
	(void)events;
	for (int i = 0; i < DNS_READS_PER_EVENT && !d->finished; i++) {
		ssize_t n = recv(fd, buf, sizeof(buf), 0);
		unsigned rcode;

		if (n < 0) {
			if (errno != EAGAIN && errno != EINTR)
				dns_errno(d, errno);
			return;
		}
		switch (check_dns_reply_check(d->query, d->query_len, buf, (size_t)n, &rcode)) {
		case CHECK_DNS_OK:
			dns_finish_later(d, CHECK_WHY_OK, "%s", "");
			break;
		case CHECK_DNS_RCODE:
			dns_finish_later(d, CHECK_WHY_STATUS, "reply rcode %u (%s)", rcode,
			                 check_dns_rcode_name(rcode));
			break;
		default:
			d->ignored++;
			break;
		}
	}
}

static uint16_t dns_random_id(void)
{
	uint16_t id;

	/* a guessable id would let anyone on the path answer for the server */
	if (getrandom(&id, sizeof(id), GRND_NONBLOCK) == (ssize_t)sizeof(id))
		return id;
	return (uint16_t)random();
}

struct check_dns *check_dns_start(struct ev_loop *loop, const struct checker_conf *c,
                                  check_done_cb done, void *arg)
{
	struct check_dns *d = calloc(1, sizeof(*d));
	struct check_tcp_params p;
	bool pending;
	int n;

	if (d == NULL)
		return NULL;
	d->fd = -1;
	d->done = done;
	d->arg = arg;
	d->out.weight = -1;
	d->timeout_ms = c->connect_timeout_ms;
	d->timer = loop_timer_new(loop, dns_timer, d);
	if (d->timer == NULL) {
		free(d);
		return NULL;
	}
	n = check_dns_query_build(d->query, sizeof(d->query), dns_random_id(), c->dns_name,
	                          c->dns_type);
	if (n < 0) {
		dns_finish_later(d, CHECK_WHY_INTERNAL, "%s", "invalid name");
		return d;
	}
	d->query_len = (size_t)n;
	check_conn_params(c, &p);
	d->fd = check_conn_open(&p, SOCK_DGRAM, &pending);
	if (d->fd < 0) {
		int err = -d->fd;

		d->fd = -1;
		dns_errno(d, err);
		return d;
	}
	/* a fresh UDP socket's send buffer is empty: one datagram fits */
	if (send(d->fd, d->query, d->query_len, 0) != (ssize_t)d->query_len) {
		dns_errno(d, errno);
		return d;
	}
	d->io = loop_io_new_events(loop, d->fd, LOOP_READ, dns_readable, d);
	if (d->io == NULL) {
		dns_errno(d, ENOMEM);
		return d;
	}
	loop_timer_after(d->timer, d->timeout_ms);
	return d;
}

void check_dns_cancel(struct check_dns *d)
{
	if (d != NULL)
		dns_release(d);
}
