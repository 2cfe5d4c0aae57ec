/* The checker socketpair's system side: one record (check/proto.h) per
 * SOCK_SEQPACKET datagram, optionally with one file descriptor as
 * SCM_RIGHTS (the parent's RELOAD carries a configuration snapshot memfd).
 * Non-blocking; never logs (callers count and rate-limit). */
#ifndef FLOATD_CHECK_CHANNEL_H
#define FLOATD_CHECK_CHANNEL_H

#include "check/proto.h"

/* Encode and send `m` with `fd` attached (-1 = none).  The fd stays the
 * caller's (the kernel gives the peer its own copy).  0, or -1 with errno
 * (EAGAIN when the peer's queue is full, EINVAL for a record that cannot be
 * encoded). */
int check_channel_send(int sock, const struct check_msg *m, int fd);

enum check_channel_rc {
	CHECK_CHANNEL_MSG,      /* *m decoded; *fd is the received fd or -1 */
	CHECK_CHANNEL_BAD,      /* a datagram that does not decode (*err says why); any fd closed */
	CHECK_CHANNEL_AGAIN,    /* nothing queued */
	CHECK_CHANNEL_CLOSED,   /* end of file or error (errno): the peer is gone */
};
/* Receive one datagram.  A received fd is close-on-exec and becomes the
 * caller's; extra fds (a confused or hostile peer) are closed here, and so
 * is an fd that arrives with a truncated or undecodable record. */
enum check_channel_rc check_channel_recv(int sock, struct check_msg *m, int *fd,
                                         enum check_proto_err *err);

#endif
