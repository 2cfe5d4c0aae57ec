/* The check-attempt skeleton TCP_CHECK, UDP_CHECK, DNS_CHECK and
 * SMTP_CHECK share: one socket, one io watcher and one timeout timer per
 * attempt, the outcome decided once and handed to the caller from the
 * loop (never from inside a *_start()), exactly once unless cancelled.
 * A protocol embeds struct check_attempt first in its own struct and
 * supplies only its callbacks.  Never blocks, never logs. */
#ifndef FLOATD_CHECK_ATTEMPT_H
#define FLOATD_CHECK_ATTEMPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "check/state.h"
#include "check/tcp.h"     /* struct check_tcp_params, check_done_cb */

struct ev_loop;
struct loop_io;
struct loop_timer;
struct check_attempt;

struct check_attempt_ops {
	size_t size;       /* of the protocol's struct, which begins with a check_attempt */
	bool close_rst;    /* close with linger 0 (RST) */
	/* the socket is ready (LOOP_READ / LOOP_WRITE in events) */
	void (*io)(struct check_attempt *, int fd, unsigned events);
	/* the timeout came with no outcome decided: set a->out */
	void (*timed_out)(struct check_attempt *);
};

struct check_attempt {
	const struct check_attempt_ops *ops;
	struct ev_loop *loop;
	struct loop_io *io;
	struct loop_timer *timer;
	int fd;                     /* -1 = none */
	bool finished;              /* outcome decided; the timer delivers it */
	uint32_t timeout_ms;
	struct check_outcome out;
	check_done_cb done;
	void *arg;
};

/* ops->size zeroed bytes with the timer made and out.weight = -1 (the
 * caller casts it to its own struct); NULL on allocation failure. */
struct check_attempt *check_attempt_new(struct ev_loop *, const struct check_attempt_ops *,
                                        uint32_t timeout_ms, check_done_cb done, void *arg);
/* check_conn_open(p, type, opts) into a->fd: 0, or an errno (a->fd = -1);
 * *pending = the connect is still in progress. */
int check_attempt_connect(struct check_attempt *, const struct check_tcp_params *p, int type,
                          unsigned opts, bool *pending);
/* Watch a->fd for `events` and arm the timeout; -1 on allocation failure
 * (nothing armed: the caller finishes the attempt). */
int check_attempt_watch(struct check_attempt *, unsigned events);
/* a->out = why + detail (weight -1), nothing else changes */
void check_attempt_set(struct check_attempt *, enum check_why why, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The outcome in a->out is final: stop watching, report from the loop
 * (a 0 ms timer). */
void check_attempt_finish_later(struct check_attempt *);
/* check_attempt_set() + check_attempt_finish_later() */
void check_attempt_finish(struct check_attempt *, enum check_why why, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Release the attempt, then hand its outcome to the caller (now). */
void check_attempt_deliver(struct check_attempt *);
/* Release without reporting (cancel); NULL is a no-op. */
void check_attempt_free(struct check_attempt *);
/* ECONNREFUSED = REFUSED, ENOMEM = INTERNAL, any other = `other` */
enum check_why check_attempt_errno_why(int err, enum check_why other);

#endif
