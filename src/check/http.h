/* HTTP_GET / SSL_GET: libcurl's multi interface driven by the loop (its
 * sockets become loop io watchers, its timeout one loop timer), so
 * thousands of checks share one thread and nothing blocks.  One attempt
 * fetches every url { } of the checker in turn; all must pass: status in
 * the accepted set (default 200-299) and, when given, MD5 of the body
 * (check/digest.h, which floatd-genhash shares). */
#ifndef FLOATD_CHECK_HTTP_H
#define FLOATD_CHECK_HTTP_H

#include "check/conf/conf_lvs.h"
#include "check/tcp.h"     /* check_done_cb */

struct ev_loop;
struct check_http_ctx;
struct check_http;

/* One per loop; NULL if libcurl cannot be initialised. */
struct check_http_ctx *check_http_ctx_new(struct ev_loop *);
void check_http_ctx_free(struct check_http_ctx *);   /* cancels nothing: cancel first */

/* `c` must outlive the attempt.  `done` is called later from the loop,
 * exactly once, unless cancelled.  NULL if the attempt cannot be set up. */
struct check_http *check_http_start(struct check_http_ctx *, const struct checker_conf *c,
                                    check_done_cb done, void *arg);
void check_http_cancel(struct check_http *);

#endif
