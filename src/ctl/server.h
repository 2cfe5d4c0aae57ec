/* The control socket: a Unix stream socket served on the event loop.  Each
 * connection carries one request line and gets one answer line (ctl/ctl_proto.h),
 * then is closed.  A bounded number of clients at once; a request that is
 * malformed, larger than 64 KiB or not complete within a few seconds gets an
 * error answer, and nothing a client does can block the loop. */
#ifndef FLOATD_CTL_SERVER_H
#define FLOATD_CTL_SERVER_H

#include <sys/types.h>

struct ev_loop;
struct json_object;
struct ctl_server;

/* A command: returns the answer's data (owned by the server), or NULL with
 * *err set to the error answer's message (a string that lives at least
 * until the handler is called again). */
typedef struct json_object *(*ctl_handler_fn)(void *ctx, struct json_object *args,
                                              const char **err);
struct ctl_command {
	const char *name;
	ctl_handler_fn fn;
};

/* At most this many connections are served at once; more are answered
 * "busy" and closed. */
#define CTL_SERVER_MAX_CLIENTS 16
/* A client must send its request (and read the answer) within this time. */
#define CTL_SERVER_TIMEOUT_MS 5000

/* Binds `path` (its directory is created 0755 if missing), mode 0660, group
 * `gid` (-1: leave root's).  A stale socket left by a crashed run is
 * replaced; a live one (another daemon answers) or a path that is not a
 * socket is refused.  `cmds` ends with a { NULL, NULL } row and must outlive
 * the server.  NULL on error (errno; EADDRINUSE when a daemon answers). */
struct ctl_server *ctl_server_open(struct ev_loop *, const char *path, gid_t gid,
                                   const struct ctl_command *cmds, void *ctx);
/* Closes every connection and removes the socket file (if it is still ours). */
void ctl_server_close(struct ctl_server *);

#endif
