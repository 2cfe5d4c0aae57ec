/* The socket set-up TCP_CHECK, UDP_CHECK, DNS_CHECK and SMTP_CHECK share:
 * the checker's connection options as socket addresses, and one
 * non-blocking socket with SO_MARK, SO_BINDTODEVICE and bind applied
 * before connect().  No loop, no logging: the caller (check/attempt.c)
 * watches the descriptor. */
#ifndef FLOATD_CHECK_CONN_SOCK_H
#define FLOATD_CHECK_CONN_SOCK_H

#include <stdbool.h>

#include "check/conf/conf_lvs.h"
#include "check/tcp.h"     /* struct check_tcp_params */

/* connect/bindto/bind_if/fwmark/connect_timeout of c into *p */
void check_conn_params(const struct checker_conf *c, struct check_tcp_params *p);
#define CHECK_CONN_RECVERR 1u   /* IP_RECVERR / IPV6_RECVERR (UDP_CHECK) */
/* socket(type) + options (CHECK_CONN_* in opts) + connect(); returns the
 * descriptor (O_NONBLOCK, O_CLOEXEC) with *pending = the connect is still
 * in progress, or -errno. */
int check_conn_open(const struct check_tcp_params *p, int type, unsigned opts, bool *pending);

#endif
