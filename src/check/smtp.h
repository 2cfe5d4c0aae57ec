/* SMTP_CHECK: per attempt one non-blocking TCP connection to
 * connect_ip:connect_port on the loop, then keepalived's conversation
 * (check/smtp_proto.c: 220 greeting, HELO -> 250, QUIT -> any reply).
 * connect_timeout bounds the connect and each wait for a reply.  Never
 * blocks, never logs. */
#ifndef FLOATD_CHECK_SMTP_H
#define FLOATD_CHECK_SMTP_H

#include "check/conf/conf_lvs.h"
#include "check/tcp.h"     /* check_done_cb */

struct ev_loop;
struct check_smtp;

/* Start one attempt for c (read only during this call).  `done` is called
 * later from the loop, exactly once, unless check_smtp_cancel() comes
 * first.  NULL on allocation failure. */
struct check_smtp *check_smtp_start(struct ev_loop *, const struct checker_conf *c,
                                    check_done_cb done, void *arg);
void check_smtp_cancel(struct check_smtp *);

#endif
