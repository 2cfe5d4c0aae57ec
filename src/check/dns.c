/* DNS_CHECK attempts (see dns.h): one connected UDP socket per attempt,
 * its watcher, timer and delivery check/attempt.c's.  Datagrams that are
 * not our reply are skipped (dns_msg.c) and the wait goes on to the
 * timeout. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "check/attempt.h"
#include "check/conn_sock.h"
#include "check/dns.h"
#include "check/dns_msg.h"
#include "loop.h"

#define DNS_READS_PER_EVENT 16   /* a flood of strays never starves the loop */

struct check_dns {
	struct check_attempt a;
	unsigned ignored;           /* datagrams that were not our reply */
	uint8_t query[CHECK_DNS_QUERY_MAX];
	size_t query_len;
};

static void dns_errno(struct check_attempt *a, int err)
{
	check_attempt_finish(a, check_attempt_errno_why(err, CHECK_WHY_CONNECT), "%s",
	                     err == ECONNREFUSED ? "port unreachable" : strerror(err));
}

static void dns_timed_out(struct check_attempt *a)
{
	check_attempt_set(a, CHECK_WHY_TIMEOUT, "no reply in %u ms%s", a->timeout_ms,
	                  ((struct check_dns *)a)->ignored ? " (other datagrams ignored)" : "");
}

static void dns_readable(struct check_attempt *a, int fd, unsigned events)
{
	struct check_dns *d = (struct check_dns *)a;
	uint8_t buf[CHECK_DNS_REPLY_MAX];

	(void)events;
	for (int i = 0; i < DNS_READS_PER_EVENT && !a->finished; i++) {
		ssize_t n = recv(fd, buf, sizeof(buf), 0);
		unsigned rcode;

		if (n < 0) {
			if (errno != EAGAIN && errno != EINTR)
				dns_errno(a, errno);
			return;
		}
		switch (check_dns_reply_check(d->query, d->query_len, buf, (size_t)n, &rcode)) {
		case CHECK_DNS_OK:
			check_attempt_finish(a, CHECK_WHY_OK, "%s", "");
			break;
		case CHECK_DNS_RCODE:
			check_attempt_finish(a, CHECK_WHY_STATUS, "reply rcode %u (%s)", rcode,
			                     check_dns_rcode_name(rcode));
			break;
		default:
			d->ignored++;
			break;
		}
	}
}

static const struct check_attempt_ops dns_ops = {
	.size = sizeof(struct check_dns),
	.io = dns_readable,
	.timed_out = dns_timed_out,
};

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
	struct check_attempt *a = check_attempt_new(loop, &dns_ops, c->connect_timeout_ms, done,
	                                            arg);
	struct check_dns *d = (struct check_dns *)a;
	struct check_tcp_params p;
	bool pending;
	int n, err;

	if (a == NULL)
		return NULL;
	n = check_dns_query_build(d->query, sizeof(d->query), dns_random_id(), c->dns_name,
	                          c->dns_type);
	if (n < 0) {
		check_attempt_finish(a, CHECK_WHY_INTERNAL, "%s", "invalid name");
		return d;
	}
	d->query_len = (size_t)n;
	check_conn_params(c, &p);
	err = check_attempt_connect(a, &p, SOCK_DGRAM, 0, &pending);
	if (err != 0) {
		dns_errno(a, err);
		return d;
	}
	/* a fresh UDP socket's send buffer is empty: one datagram fits */
	if (send(a->fd, d->query, d->query_len, 0) != (ssize_t)d->query_len) {
		dns_errno(a, errno);
		return d;
	}
	if (check_attempt_watch(a, LOOP_READ) < 0)
		dns_errno(a, ENOMEM);
	return d;
}

void check_dns_cancel(struct check_dns *d)
{
	check_attempt_free(d != NULL ? &d->a : NULL);
}
