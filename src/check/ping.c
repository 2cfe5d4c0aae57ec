/* PING_CHECK attempts and the ping sockets (see ping.h).  Raw sockets,
 * not the kernel's ping sockets (SOCK_DGRAM/IPPROTO_ICMP): those need the
 * group in net.ipv4.ping_group_range, which is "1 0" (nobody) in a new
 * network namespace, and keepalived rewrites that sysctl; the checker runs
 * as root, so a raw socket needs no system change.  The price is that a
 * raw ICMP socket sees every echo reply of the namespace: ICMP_FILTER /
 * ICMP6_FILTER pass only echo replies and destination unreachables, and
 * check/ping_pkt.c keeps only ours (identifier + cookie). */
#include <errno.h>
#include <netinet/icmp6.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "check/ping.h"
#include "check/ping_pkt.h"
#include "loop.h"

#ifndef ICMP_FILTER
#define ICMP_FILTER 1                /* <linux/icmp.h>, which clashes with <net/if.h> */
#endif
#define PING_READ_BUDGET 64          /* datagrams per loop iteration */
#define PING_RX_MAX 1500

struct ping_sock;

struct check_ping {
	struct ping_sock *s;
	struct check_ping *prev, *next;  /* s->attempts */
	uint16_t seq;
	uint8_t dst[16];
	struct loop_timer *timer;
	bool finished;                   /* outcome decided; the timer delivers it */
	struct check_outcome out;
	check_done_cb done;
	void *arg;
};

struct ping_sock {
	struct ping_sock *next;          /* ping_socks */
	int family;
	struct sockaddr_storage src;
	socklen_t src_len;
	char bind_if[IF_NAMESIZE];
	uint32_t fwmark;
	int fd;
	struct loop_io *io;
	uint16_t id, next_seq;
	uint8_t cookie[CHECK_PING_COOKIE_LEN];
	struct check_ping *attempts;
};

/* The checker child has one loop, so one list: the sockets in use. */
static struct ping_sock *ping_socks;
static uint64_t ping_dropped;

uint64_t
check_ping_dropped(void)
{
	return ping_dropped;
}

static void
ping_sock_close(struct ping_sock *s)
{
	struct ping_sock **pp;

	for (pp = &ping_socks; *pp != NULL; pp = &(*pp)->next)
		if (*pp == s) {
			*pp = s->next;
			break;
		}
	loop_io_free(s->io);
	if (s->fd >= 0)
		close(s->fd);
	free(s);
}

static void
ping_release(struct check_ping *a)
{
	struct ping_sock *s = a->s;

	if (s != NULL) {
		if (a->prev != NULL)
			a->prev->next = a->next;
		else
			s->attempts = a->next;
		if (a->next != NULL)
			a->next->prev = a->prev;
		if (s->attempts == NULL)
			ping_sock_close(s);   /* the last attempt closes it */
	}
	loop_timer_free(a->timer);
	free(a);
}

static void
ping_outcome(struct check_ping *a, enum check_why why, const char *detail)
{
	memset(&a->out, 0, sizeof(a->out));
	a->out.weight = -1;
	a->out.why = why;
	if (detail != NULL)
		snprintf(a->out.detail, sizeof(a->out.detail), "%s", detail);
}

static void
ping_finish_later(struct check_ping *a)
{
	a->finished = true;
	loop_timer_after(a->timer, 0);
}

static void
ping_timer(struct loop_timer *lt, void *arg)
{
	struct check_ping *a = arg;
	struct check_outcome out;
	check_done_cb done = a->done;
	void *darg = a->arg;

	(void)lt;
	if (!a->finished)
		ping_outcome(a, CHECK_WHY_TIMEOUT, "no echo reply");
	out = a->out;
	ping_release(a);
	done(darg, &out);
}

static bool
ping_addr_eq(int family, const uint8_t *a, const struct sockaddr_storage *ss)
{
	if (family == AF_INET6)
		return memcmp(a, &((const struct sockaddr_in6 *)ss)->sin6_addr, 16) == 0;
	return memcmp(a, &((const struct sockaddr_in *)ss)->sin_addr, 4) == 0;
}

static void
ping_match(struct ping_sock *s, const uint8_t *buf, size_t len,
           const struct sockaddr_storage *from)
{
	struct check_ping_msg m;
	enum check_ping_rx rx = check_ping_parse(s->family, buf, len, s->id, s->cookie, &m);
	struct check_ping *a;
	char detail[64];

	if (rx != CHECK_PING_RX_REPLY && rx != CHECK_PING_RX_UNREACH) {
		ping_dropped++;
		return;
	}
	for (a = s->attempts; a != NULL; a = a->next) {
		if (a->finished || a->seq != m.seq)
			continue;
		if (rx == CHECK_PING_RX_REPLY && !ping_addr_eq(s->family, a->dst, from))
			continue;
		if (rx == CHECK_PING_RX_UNREACH &&
		    memcmp(a->dst, m.dst, s->family == AF_INET6 ? 16 : 4) != 0)
			continue;
		if (rx == CHECK_PING_RX_REPLY) {
			ping_outcome(a, CHECK_WHY_OK, NULL);
		} else {
			snprintf(detail, sizeof(detail), "ICMP %s",
			         check_ping_unreach_name(s->family, m.code));
			ping_outcome(a, CHECK_WHY_CONNECT, detail);
		}
		ping_finish_later(a);
		return;
	}
	ping_dropped++;   /* late (the attempt timed out) or a duplicate */
}

static void
ping_readable(struct loop_io *io, int fd, void *arg)
{
	struct ping_sock *s = arg;
	uint8_t buf[PING_RX_MAX];

	(void)io;
	for (int budget = PING_READ_BUDGET; budget > 0; budget--) {
		struct sockaddr_storage from;
		socklen_t fl = sizeof(from);
		ssize_t n = recvfrom(fd, buf, sizeof(buf), 0, (struct sockaddr *)&from, &fl);

		if (n < 0)
			return;   /* EAGAIN: drained; an error: the timers decide */
		if (from.ss_family != s->family) {
			ping_dropped++;
			continue;
		}
		ping_match(s, buf, (size_t)n, &from);
		/* a match may have been the socket's last reader: s lives
		 * until every attempt was delivered (from the loop), so it is
		 * still here */
	}
}

static int
ping_sock_setup(struct ping_sock *s)
{
	int proto = s->family == AF_INET6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP;

	s->fd = socket(s->family, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, proto);
	if (s->fd < 0)
		return errno;
	if (s->family == AF_INET6) {
		struct icmp6_filter f;

		ICMP6_FILTER_SETBLOCKALL(&f);
		ICMP6_FILTER_SETPASS(ICMP6_ECHO_REPLY, &f);
		ICMP6_FILTER_SETPASS(ICMP6_DST_UNREACH, &f);
		if (setsockopt(s->fd, IPPROTO_ICMPV6, ICMP6_FILTER, &f, sizeof(f)) < 0)
			return errno;
	} else {
		/* a set bit blocks that type: pass echo reply (0) and unreachable (3) */
		uint32_t blocked = ~((1u << 0) | (1u << 3));

		if (setsockopt(s->fd, SOL_RAW, ICMP_FILTER, &blocked, sizeof(blocked)) < 0)
			return errno;
	}
	if (s->fwmark != 0 &&
	    setsockopt(s->fd, SOL_SOCKET, SO_MARK, &s->fwmark, sizeof(s->fwmark)) < 0)
		return errno;
	if (s->bind_if[0] != '\0' &&
	    setsockopt(s->fd, SOL_SOCKET, SO_BINDTODEVICE, s->bind_if,
	               (socklen_t)strlen(s->bind_if)) < 0)
		return errno;
	if (s->src_len > 0 && bind(s->fd, (const struct sockaddr *)&s->src, s->src_len) < 0)
		return errno;
	return 0;
}

static bool
ping_sock_is(const struct ping_sock *s, const struct check_tcp_params *p)
{
	return s->family == p->dst.ss_family && s->src_len == p->src_len &&
	       memcmp(&s->src, &p->src, p->src_len) == 0 &&
	       strcmp(s->bind_if, p->bind_if) == 0 && s->fwmark == p->fwmark;
}

/* The socket for these parameters, opened if none is; *err on failure. */
static struct ping_sock *
ping_sock_get(struct ev_loop *loop, const struct check_tcp_params *p, int *err)
{
	struct ping_sock *s;

	for (s = ping_socks; s != NULL; s = s->next)
		if (ping_sock_is(s, p))
			return s;
	if ((s = calloc(1, sizeof(*s))) == NULL) {
		*err = ENOMEM;
		return NULL;
	}
	s->family = p->dst.ss_family;
	s->src = p->src;
	s->src_len = p->src_len;
	memcpy(s->bind_if, p->bind_if, sizeof(s->bind_if));
	s->fwmark = p->fwmark;
	/* random(): the child seeds it; the id and cookie only need to
	 * differ from other pingers' on this host, not to be secret */
	s->id = (uint16_t)random();
	s->next_seq = (uint16_t)random();
	for (unsigned i = 0; i < CHECK_PING_COOKIE_LEN; i++)
		s->cookie[i] = (uint8_t)random();
	*err = ping_sock_setup(s);
	if (*err == 0 && (s->io = loop_io_new(loop, s->fd, ping_readable, s)) == NULL)
		*err = ENOMEM;
	if (*err != 0) {
		if (s->fd >= 0)
			close(s->fd);
		free(s);
		return NULL;
	}
	s->next = ping_socks;
	ping_socks = s;
	return s;
}

struct check_ping *
check_ping_start(struct ev_loop *loop, const struct check_tcp_params *p, check_done_cb done,
                 void *arg)
{
	struct check_ping *a = calloc(1, sizeof(*a));
	struct sockaddr_storage dst = p->dst;
	uint8_t pkt[CHECK_PING_REQ_LEN];
	size_t len;
	int err;

	if (a == NULL)
		return NULL;
	a->done = done;
	a->arg = arg;
	if ((a->timer = loop_timer_new(loop, ping_timer, a)) == NULL) {
		free(a);
		return NULL;
	}
	if (p->dst.ss_family == AF_INET6) {
		memcpy(a->dst, &((const struct sockaddr_in6 *)&p->dst)->sin6_addr, 16);
		((struct sockaddr_in6 *)&dst)->sin6_port = 0;
	} else {
		memcpy(a->dst, &((const struct sockaddr_in *)&p->dst)->sin_addr, 4);
		((struct sockaddr_in *)&dst)->sin_port = 0;
	}
	a->s = ping_sock_get(loop, p, &err);
	if (a->s == NULL) {
		ping_outcome(a, err == ENOMEM ? CHECK_WHY_INTERNAL : CHECK_WHY_CONNECT,
		             strerror(err));
		ping_finish_later(a);
		return a;
	}
	a->next = a->s->attempts;
	if (a->next != NULL)
		a->next->prev = a;
	a->s->attempts = a;
	a->seq = a->s->next_seq++;
	len = check_ping_build(a->s->family, a->s->id, a->seq, a->s->cookie, pkt, sizeof(pkt));
	if (sendto(a->s->fd, pkt, len, 0, (const struct sockaddr *)&dst, p->dst_len) < 0) {
		ping_outcome(a, CHECK_WHY_CONNECT, strerror(errno));
		ping_finish_later(a);
		return a;
	}
	loop_timer_after(a->timer, p->timeout_ms);
	return a;
}

void
check_ping_cancel(struct check_ping *a)
{
	if (a != NULL)
		ping_release(a);
}
