/* The control socket server (see server.h).  Owns the listening socket and
 * its connections; knows nothing of VRRP: commands come from a table. */
#define _GNU_SOURCE   /* accept4 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <json-c/json.h>

#include "ctl/ctl_proto.h"
#include "ctl/server.h"
#include "log.h"
#include "loop.h"

/* connections accepted per loop iteration: a connect flood cannot starve
 * the VRRP sockets */
#define ACCEPT_BUDGET 16

struct ctl_client {
	struct ctl_server *srv;
	int fd;                      /* -1: slot free */
	struct loop_io *io;
	struct loop_timer *deadline;
	char *in;                    /* request bytes read so far */
	size_t in_len, in_cap;
	char *out;                   /* answer line being written */
	size_t out_len, out_off;
};

struct ctl_server {
	struct ev_loop *loop;
	int fd;
	struct loop_io *io;
	char *path;
	ino_t ino;                   /* of the socket file we bound */
	const struct ctl_command *cmds;
	void *ctx;
	struct ctl_client clients[CTL_SERVER_MAX_CLIENTS];
	struct log_ratelimit busy_rl;
};

static void
client_close(struct ctl_client *c)
{
	if (c->fd < 0)
		return;
	loop_io_free(c->io);
	loop_timer_free(c->deadline);
	close(c->fd);
	free(c->in);
	free(c->out);
	memset(c, 0, sizeof(*c));
	c->fd = -1;
}

static void
client_send(struct ctl_client *c)
{
	while (c->out_off < c->out_len) {
		ssize_t n = send(c->fd, c->out + c->out_off, c->out_len - c->out_off,
		                 MSG_NOSIGNAL | MSG_DONTWAIT);

		if (n < 0) {
			if (errno == EAGAIN || errno == EINTR) {
				loop_io_set_events(c->io, LOOP_WRITE);
				return;
			}
			break;   /* the client went away: nothing more to do */
		}
		c->out_off += (size_t)n;
	}
	client_close(c);
}

/* Queues `line` (owned) as the answer and starts writing it. */
static void
client_answer(struct ctl_client *c, char *line)
{
	if (line == NULL) {
		client_close(c);
		return;
	}
	c->out = line;
	c->out_len = strlen(line);
	c->out_off = 0;
	free(c->in);
	c->in = NULL;
	c->in_len = c->in_cap = 0;
	client_send(c);
}

static void
client_dispatch(struct ctl_client *c, const char *buf, size_t len)
{
	struct ctl_request req;
	const struct ctl_command *cmd;
	const char *err = NULL;

	if (ctl_proto_parse_request(buf, len, &req, &err) < 0) {
		client_answer(c, ctl_proto_answer_error(err));
		return;
	}
	for (cmd = c->srv->cmds; cmd->name != NULL; cmd++)
		if (strcmp(cmd->name, req.command) == 0)
			break;
	if (cmd->name == NULL) {
		char msg[128];

		snprintf(msg, sizeof(msg), "unknown command '%s'", req.command);
		ctl_proto_request_free(&req);
		client_answer(c, ctl_proto_answer_error(msg));
		return;
	}
	{
		struct json_object *data = cmd->fn(c->srv->ctx, req.args, &err);

		ctl_proto_request_free(&req);
		if (data == NULL)
			client_answer(c, ctl_proto_answer_error(err != NULL ? err : "command failed"));
		else
			client_answer(c, ctl_proto_answer_ok(data));
	}
}

/* Reads what the client sent; answers once a whole line (or EOF) is in. */
static void
client_read(struct ctl_client *c)
{
	for (;;) {
		char *nl;
		ssize_t n;

		if (c->in_len == c->in_cap) {
			/* room for the largest request plus its newline, never more */
			size_t cap = c->in_cap ? c->in_cap * 2 : 1024;
			char *p;

			if (c->in_cap >= CTL_PROTO_MAX_REQUEST + 1) {
				client_answer(c, ctl_proto_answer_error("request too large (limit 64 KiB)"));
				return;
			}
			if (cap > CTL_PROTO_MAX_REQUEST + 1)
				cap = CTL_PROTO_MAX_REQUEST + 1;
			p = realloc(c->in, cap);
			if (p == NULL) {
				client_close(c);
				return;
			}
			c->in = p;
			c->in_cap = cap;
		}
		n = recv(c->fd, c->in + c->in_len, c->in_cap - c->in_len, MSG_DONTWAIT);
		if (n < 0) {
			if (errno != EAGAIN && errno != EINTR)
				client_close(c);
			return;   /* wait for more */
		}
		if (n == 0) {   /* EOF: what came is the request */
			if (c->in_len == 0)
				client_close(c);
			else
				client_dispatch(c, c->in, c->in_len);
			return;
		}
		nl = memchr(c->in + c->in_len, '\n', (size_t)n);
		c->in_len += (size_t)n;
		if (nl != NULL) {
			client_dispatch(c, c->in, (size_t)(nl - c->in));
			return;
		}
	}
}

static void
client_event(struct loop_io *io, int fd, unsigned events, void *arg)
{
	struct ctl_client *c = arg;

	(void)io;
	(void)fd;
	if (c->out != NULL) {
		if (events & LOOP_WRITE)
			client_send(c);
	} else if (events & LOOP_READ) {
		client_read(c);
	}
}

static void
client_timeout(struct loop_timer *t, void *arg)
{
	struct ctl_client *c = arg;

	(void)t;
	if (c->out == NULL) {
		/* a slow or silent client: say so (best effort), then hang up */
		client_answer(c, ctl_proto_answer_error("timeout: no complete request within 5 s"));
		if (c->fd >= 0)
			client_close(c);   /* the answer did not go out at once: give up */
		return;
	}
	client_close(c);   /* a client that does not read its answer */
}

static void
busy_answer(struct ctl_server *srv, int fd)
{
	char *line = ctl_proto_answer_error("busy: too many control connections, try again");
	uint32_t suppressed;

	if (line != NULL) {
		/* small enough for an empty socket buffer: never blocks */
		(void)!send(fd, line, strlen(line), MSG_NOSIGNAL | MSG_DONTWAIT);
		free(line);
	}
	if (log_ratelimit_ok(&srv->busy_rl, loop_now_ms(), &suppressed))
		log_warnx("control socket: more than %d clients at once; refusing the rest "
		          "(%u refusals not logged)", CTL_SERVER_MAX_CLIENTS, suppressed);
	close(fd);
}

static void
server_accept(struct loop_io *io, int lfd, void *arg)
{
	struct ctl_server *srv = arg;

	(void)io;
	for (int budget = 0; budget < ACCEPT_BUDGET; budget++) {
		struct ctl_client *c = NULL;
		int fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);

		if (fd < 0)
			return;   /* EAGAIN, or a transient error: the loop calls again */
		for (int i = 0; i < CTL_SERVER_MAX_CLIENTS; i++)
			if (srv->clients[i].fd < 0) {
				c = &srv->clients[i];
				break;
			}
		if (c == NULL) {
			busy_answer(srv, fd);
			continue;
		}
		c->srv = srv;
		c->fd = fd;
		c->io = loop_io_new_events(srv->loop, fd, LOOP_READ, client_event, c);
		c->deadline = loop_timer_new(srv->loop, client_timeout, c);
		if (c->io == NULL || c->deadline == NULL) {
			client_close(c);
			continue;
		}
		loop_timer_after(c->deadline, CTL_SERVER_TIMEOUT_MS);
	}
}

/* Makes the socket's directory (one level, like /run/floatd). */
static int
make_parent(const char *path)
{
	char *dir = strdup(path), *slash;
	int rc = 0;

	if (dir == NULL)
		return -1;
	slash = strrchr(dir, '/');
	if (slash != NULL && slash != dir) {
		*slash = '\0';
		if (mkdir(dir, 0755) < 0 && errno != EEXIST)
			rc = -1;
	}
	free(dir);
	return rc;
}

/* A socket file already at `path`: stale (nobody answers) is removed; a live
 * one, or anything that is not a socket, is refused. */
static int
clear_stale(const struct sockaddr_un *sun)
{
	struct stat st;
	int fd, rc;

	if (lstat(sun->sun_path, &st) < 0)
		return errno == ENOENT ? 0 : -1;
	if (!S_ISSOCK(st.st_mode)) {
		errno = EEXIST;
		return -1;
	}
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	rc = connect(fd, (const struct sockaddr *)sun, sizeof(*sun));
	close(fd);
	if (rc == 0) {
		errno = EADDRINUSE;
		return -1;
	}
	return unlink(sun->sun_path);
}

struct ctl_server *
ctl_server_open(struct ev_loop *loop, const char *path, gid_t gid,
                const struct ctl_command *cmds, void *ctx)
{
	struct ctl_server *srv;
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	struct stat st;
	int saved;

	if (strlen(path) >= sizeof(sun.sun_path)) {
		errno = ENAMETOOLONG;
		return NULL;
	}
	strcpy(sun.sun_path, path);
	srv = calloc(1, sizeof(*srv));
	if (srv == NULL)
		return NULL;
	srv->fd = -1;
	for (int i = 0; i < CTL_SERVER_MAX_CLIENTS; i++)
		srv->clients[i].fd = -1;
	srv->busy_rl = (struct log_ratelimit)LOG_RATELIMIT_INIT(10000, 1);
	srv->loop = loop;
	srv->cmds = cmds;
	srv->ctx = ctx;
	srv->path = strdup(path);
	if (srv->path == NULL || make_parent(path) < 0 || clear_stale(&sun) < 0)
		goto fail;
	srv->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (srv->fd < 0 || bind(srv->fd, (struct sockaddr *)&sun, sizeof(sun)) < 0)
		goto fail;
	/* 0660: connecting needs write permission, so only root and `gid` */
	if (chmod(path, 0660) < 0 || (gid != (gid_t)-1 && chown(path, 0, gid) < 0) ||
	    lstat(path, &st) < 0 || listen(srv->fd, 64) < 0) {
		saved = errno;
		unlink(path);
		errno = saved;
		goto fail;
	}
	srv->ino = st.st_ino;
	srv->io = loop_io_new(loop, srv->fd, server_accept, srv);
	if (srv->io == NULL) {
		saved = errno;
		unlink(path);
		errno = saved;
		goto fail;
	}
	return srv;
fail:
	saved = errno;
	if (srv->fd >= 0)
		close(srv->fd);
	free(srv->path);
	free(srv);
	errno = saved;
	return NULL;
}

void
ctl_server_close(struct ctl_server *srv)
{
	struct stat st;

	if (srv == NULL)
		return;
	for (int i = 0; i < CTL_SERVER_MAX_CLIENTS; i++)
		client_close(&srv->clients[i]);
	loop_io_free(srv->io);
	close(srv->fd);
	/* remove the file only if it is still the socket we bound */
	if (lstat(srv->path, &st) == 0 && S_ISSOCK(st.st_mode) && st.st_ino == srv->ino)
		unlink(srv->path);
	free(srv->path);
	free(srv);
}
