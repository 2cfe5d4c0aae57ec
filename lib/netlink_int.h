/* Internals shared by lib/netlink.c (addresses, links, events) and
 * lib/netlink_route.c (routes, rules, macvlan links); nothing else
 * includes this. */
#ifndef FLOATD_NETLINK_INT_H
#define FLOATD_NETLINK_INT_H

#include <stddef.h>
#include <stdint.h>

#include "log.h"
#include "netlink.h"

struct nl_sock;
struct loop_io;

struct netlink {
	struct nl_sock *req;
	struct nl_sock *ev;
	struct loop_io *io;
	netlink_event_cb cb;
	void *arg;
	uint8_t *buf;
	struct log_ratelimit overrun_rl;
};

/* libnl's NLE_* code (either sign) -> -errno. */
int netlink_errno(int nlerr);
/* Address length of AF_INET / AF_INET6, 0 for anything else. */
size_t netlink_addr_len(int family);

#endif
