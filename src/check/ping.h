/* PING_CHECK: ICMP / ICMPv6 echo requests from raw sockets the checker
 * child owns, on its loop.  One socket per (family, bindto, bind_if,
 * fwmark), shared by the attempts that use it, opened by the first and
 * closed with the last; replies are matched to attempts by identifier,
 * sequence number, the socket's random cookie in the data and the source
 * address.  Success = the echo reply within connect_timeout; an ICMP
 * destination unreachable quoting the request fails at once.  Never
 * blocks, never logs (drops are counted, see check_ping_dropped). */
#ifndef FLOATD_CHECK_PING_H
#define FLOATD_CHECK_PING_H

#include <stdint.h>

#include "check/tcp.h"          /* struct check_tcp_params, check_done_cb */

struct ev_loop;
struct check_ping;

/* `p`: dst (port ignored), src/bind_if/fwmark, timeout_ms.  `done` is
 * called later from the loop, exactly once, unless check_ping_cancel()
 * comes first.  NULL on allocation failure. */
struct check_ping *check_ping_start(struct ev_loop *, const struct check_tcp_params *p,
                                    check_done_cb done, void *arg);
void check_ping_cancel(struct check_ping *);

/* Datagrams read from the ping sockets and not used (others' echoes,
 * late replies, malformed), since the start: for logs and tests. */
uint64_t check_ping_dropped(void);

#endif
