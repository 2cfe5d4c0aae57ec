/* keepalived's notify FIFO lines for the LVS checker (pure):
 *   VS [192.0.2.10]:tcp:80 UP          virtual server quorum
 *   VS FWM 7 DOWN / VS [group]:0 UP    fwmark / group virtual servers
 *   RS [10.0.0.2]:tcp:8080 [192.0.2.10]:tcp:80 DOWN   real server
 * keepalived also writes the string's NUL byte; floatd does not (a line
 * reader sees the same text). */
#ifndef FLOATD_CHECK_FIFO_LINE_H
#define FLOATD_CHECK_FIFO_LINE_H

#include <stdbool.h>
#include <stddef.h>

#include "check/conf/conf_lvs.h"

/* Both return the length written (with the newline), or 0 if buf is too
 * small. */
size_t check_fifo_vs_line(const struct virtual_server_conf *, bool up, char *buf, size_t len);
size_t check_fifo_rs_line(const struct virtual_server_conf *, const struct real_server_conf *,
                          bool up, char *buf, size_t len);

#endif
