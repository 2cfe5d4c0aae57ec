/* See conn_sock.h: one socket per check attempt, options before connect. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "check/conn_sock.h"

static void conn_sockaddr(const struct check_sockaddr *a, struct sockaddr_storage *ss,
                          socklen_t *len)
{
	memset(ss, 0, sizeof(*ss));
	if (a->family == AF_INET) {
		struct sockaddr_in *sin = (struct sockaddr_in *)ss;

		sin->sin_family = AF_INET;
		sin->sin_port = htons(a->port);
		memcpy(&sin->sin_addr, &a->addr, 4);
		*len = sizeof(*sin);
	} else {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;

		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(a->port);
		memcpy(&sin6->sin6_addr, &a->addr, 16);
		*len = sizeof(*sin6);
	}
}

void check_conn_params(const struct checker_conf *c, struct check_tcp_params *p)
{
	memset(p, 0, sizeof(*p));
	conn_sockaddr(&c->connect, &p->dst, &p->dst_len);
	if (c->bindto.family != 0)
		conn_sockaddr(&c->bindto, &p->src, &p->src_len);
	memcpy(p->bind_if, c->bind_if, sizeof(p->bind_if));
	p->fwmark = c->fwmark;
	p->timeout_ms = c->connect_timeout_ms;
}

int check_conn_open(const struct check_tcp_params *p, int type, unsigned opts, bool *pending)
{
	int one = 1, err;
	int fd = socket(p->dst.ss_family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

	*pending = false;
	if (fd < 0)
		return -errno;
	/* ICMP errors become recv() errors (port unreachable: ECONNREFUSED) */
	if (opts & CHECK_CONN_RECVERR) {
		if (p->dst.ss_family == AF_INET6)
			setsockopt(fd, SOL_IPV6, IPV6_RECVERR, &one, sizeof(one));
		else
			setsockopt(fd, SOL_IP, IP_RECVERR, &one, sizeof(one));
	}
	if (p->fwmark != 0 && setsockopt(fd, SOL_SOCKET, SO_MARK, &p->fwmark, sizeof(p->fwmark)) < 0)
		goto fail;
	if (p->bind_if[0] != '\0' &&
	    setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, p->bind_if,
	               (socklen_t)strlen(p->bind_if)) < 0)
		goto fail;
	if (p->src_len > 0) {
		/* a fixed bind_port is reused at every attempt */
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		if (bind(fd, (const struct sockaddr *)&p->src, p->src_len) < 0)
			goto fail;
	}
	if (connect(fd, (const struct sockaddr *)&p->dst, p->dst_len) == 0)
		return fd;
	if (errno == EINPROGRESS) {
		*pending = true;
		return fd;
	}
fail:
	err = errno;
	close(fd);
	return -err;
}
