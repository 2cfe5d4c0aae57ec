/* TCP_CHECK: one non-blocking connect() per attempt, watched for
 * writability on the loop with a connect_timeout timer.  Success = the
 * three-way handshake completed.  Never blocks, never logs. */
#ifndef FLOATD_CHECK_TCP_H
#define FLOATD_CHECK_TCP_H

#include <net/if.h>
#include <stdint.h>
#include <sys/socket.h>

#include "check/state.h"

struct ev_loop;
struct check_tcp;

struct check_tcp_params {
	struct sockaddr_storage dst;
	socklen_t dst_len;
	struct sockaddr_storage src;     /* bindto / bind_port */
	socklen_t src_len;               /* 0 = no bind */
	char bind_if[IF_NAMESIZE];       /* SO_BINDTODEVICE; "" = none */
	uint32_t fwmark;                 /* SO_MARK; 0 = none */
	uint32_t timeout_ms;
};

typedef void (*check_done_cb)(void *arg, const struct check_outcome *);

/* Start one attempt.  `done` is always called later from the loop (never
 * from inside this call), exactly once, unless check_tcp_cancel() is called
 * first.  NULL on allocation failure. */
struct check_tcp *check_tcp_start(struct ev_loop *, const struct check_tcp_params *,
                                  check_done_cb done, void *arg);
void check_tcp_cancel(struct check_tcp *);

#endif
