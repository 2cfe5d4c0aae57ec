/* DNS_CHECK: one UDP query per attempt (keepalived's: random id, RD, one
 * question, class IN) to connect_ip:connect_port, on the loop with a
 * connect_timeout timer.  Up = a reply with our id and question, QR set
 * and RCODE NOERROR (check/dns_msg.c decides); another RCODE, ICMP port
 * unreachable or no reply in time = down.  Never blocks, never logs. */
#ifndef FLOATD_CHECK_DNS_H
#define FLOATD_CHECK_DNS_H

#include "check/conf/conf_lvs.h"
#include "check/tcp.h"     /* check_done_cb */

struct ev_loop;
struct check_dns;

/* Start one attempt for c (read only during this call).  `done` is called
 * later from the loop, exactly once, unless check_dns_cancel() comes
 * first.  NULL on allocation failure. */
struct check_dns *check_dns_start(struct ev_loop *, const struct checker_conf *c,
                                  check_done_cb done, void *arg);
void check_dns_cancel(struct check_dns *);

#endif
