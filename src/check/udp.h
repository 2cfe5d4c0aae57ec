/* UDP_CHECK: one connected, non-blocking UDP socket per attempt (as
 * keepalived's check_udp.c): send the payload, then wait connect_timeout
 * for a reply or an error.  An ICMP error (port/host unreachable, seen
 * through IP_RECVERR) fails; without require_reply silence is success;
 * with it a reply must come and match (check/udp_payload.h).  Never
 * blocks, never logs. */
#ifndef FLOATD_CHECK_UDP_H
#define FLOATD_CHECK_UDP_H

#include "check/tcp.h"          /* struct check_tcp_params, check_done_cb */
#include "check/udp_payload.h"

struct ev_loop;
struct check_udp;

/* `p`: the address, binding and connect_timeout (as TCP_CHECK's); `u`:
 * payload and reply rules, read during the attempt (it must outlive it).
 * `done` is called later from the loop, exactly once, unless
 * check_udp_cancel() comes first.  NULL on allocation failure. */
struct check_udp *check_udp_start(struct ev_loop *, const struct check_tcp_params *p,
                                  const struct check_udp_conf *u, check_done_cb done,
                                  void *arg);
void check_udp_cancel(struct check_udp *);

#endif
