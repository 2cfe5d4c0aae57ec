/* The socket set-up DNS_CHECK and SMTP_CHECK share: the checker's
 * connection options as socket addresses, and one non-blocking socket
 * with SO_MARK, SO_BINDTODEVICE and bind applied before connect().  No
 * loop, no logging: the caller watches the descriptor. */
#ifndef FLOATD_CHECK_CONN_SOCK_H
#define FLOATD_CHECK_CONN_SOCK_H

#include <stdbool.h>

#include "check/conf/conf_lvs.h"
#include "check/tcp.h"     /* struct check_tcp_params */

/* connect/bindto/bind_if/fwmark/connect_timeout of c into *p */
void check_conn_params(const struct checker_conf *c, struct check_tcp_params *p);
/* socket(type) + options + connect(); returns the descriptor (O_NONBLOCK,
 * O_CLOEXEC) with *pending = the connect is still in progress, or -errno. */
int check_conn_open(const struct check_tcp_params *p, int type, bool *pending);

#endif
