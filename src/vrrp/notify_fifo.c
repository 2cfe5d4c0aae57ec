/* Notify FIFOs of the VRRP process (see notify_fifo.h). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "loop.h"
#include "proc.h"
#include "safefile.h"
#include "script_user.h"
#include "notify.h"
#include "notify_fifo.h"

struct vrrp_notify_fifo {
	char *path;
	int fd;                       /* -1: unusable (logged at open) */
	bool created;                 /* mkfifo'd by us: unlinked at the end */
	pid_t script;                 /* the *_fifo_script, 0 if none */
	unsigned refs;
	uint64_t dropped;
	struct log_ratelimit rl;
	struct vrrp_notify_fifo *next;
};

static struct vrrp_notify_fifo *notify_fifos;
static uint64_t notify_fifo_dropped_total;

uint64_t vrrp_notify_fifo_dropped(void)
{
	return notify_fifo_dropped_total;
}

/* The script reads the FIFO for as long as floatd runs: no timeout; its
 * path comes last, as keepalived appends it. */
static void fifo_start_script(struct vrrp_notify_fifo *f, struct ev_loop *loop,
                              const struct floatd_conf *conf, const struct script_conf *sc)
{
	const struct script_defaults dflt = { conf->script_user, conf->script_group,
	                                      conf->enable_script_security };
	struct proc_opts opts = { 0 };
	char why[PATH_MAX + 192], *path = NULL, **argv;
	size_t n;

	for (n = 0; sc->argv[n]; n++)
		;
	if (!(argv = calloc(n + 2, sizeof(*argv))))
		return;
	memcpy(argv, sc->argv, n * sizeof(*argv));
	argv[n] = f->path;
	if (script_user_prepare(sc, argv, &dflt, &opts, &path, why, sizeof(why)) < 0) {
		log_warnx("notify fifo script %s: %s; script not started", sc->argv[0], why);
	} else if ((f->script = proc_spawn(loop, argv, &opts, NULL, NULL)) < 0) {
		log_warn("notify fifo script %s", sc->argv[0]);
		f->script = 0;
	} else {
		log_info("notify fifo script %s started for %s (pid %d)", sc->argv[0], f->path,
		         (int)f->script);
	}
	free(path);
	free(argv);
}

static void fifo_open(struct vrrp_notify_fifo *f, struct ev_loop *loop,
                      const struct floatd_conf *conf, const struct notify_fifo_conf *fc, bool own)
{
	char why[PATH_MAX + 64];
	uid_t uid = (uid_t)-1;
	gid_t gid = (gid_t)-1;

	if (fc->user && script_user_parse(fc->user, fc->group, &uid, &gid) < 0) {
		log_warnx("notify fifo %s: unknown user/group '%s%s%s'; owner not changed",
		          f->path, fc->user, fc->group ? " " : "", fc->group ? fc->group : "");
		uid = (uid_t)-1;
		gid = (gid_t)-1;
	}
	if (mkfifo(f->path, 0644) == 0)
		f->created = own;
	else if (errno != EEXIST) {
		log_warn("notify fifo %s: mkfifo", f->path);
		return;
	}
	if (fc->script.argv && own)
		fifo_start_script(f, loop, conf, &fc->script);
	/* O_RDWR: never ENXIO without a reader, never EPIPE when it leaves.
	 * Only a FIFO of ours, never through a symlink (a file planted at the
	 * path is not written). */
	f->fd = safefile_open(f->path, O_RDWR | O_NONBLOCK, 0, SAFEFILE_FIFO | SAFEFILE_OURS, why,
	                      sizeof(why));
	if (f->fd < 0) {
		log_warnx("notify fifo %s: %s; not used", f->path, why);
		if (f->created)
			unlink(f->path);
		f->created = false;
		return;
	}
	/* chowned after the checks, through the descriptor we hold */
	if (f->created && (uid != (uid_t)-1 || gid != (gid_t)-1) && fchown(f->fd, uid, gid) < 0)
		log_warn("notify fifo %s: chown", f->path);
}

struct vrrp_notify_fifo *vrrp_notify_fifo_get(struct ev_loop *loop,
                                              const struct floatd_conf *conf,
                                              const struct notify_fifo_conf *fc, bool own)
{
	struct vrrp_notify_fifo *f;

	if (!fc->path || !fc->path[0])
		return NULL;
	for (f = notify_fifos; f; f = f->next)
		if (strcmp(f->path, fc->path) == 0) {
			f->refs++;
			return f;
		}
	if (!(f = calloc(1, sizeof(*f))) || !(f->path = strdup(fc->path))) {
		free(f);
		return NULL;
	}
	f->fd = -1;
	f->refs = 1;
	f->rl = (struct log_ratelimit)LOG_RATELIMIT_INIT(60000, 1);
	fifo_open(f, loop, conf, fc, own);
	f->next = notify_fifos;
	notify_fifos = f;
	return f;
}

void vrrp_notify_fifo_put(struct vrrp_notify_fifo *f)
{
	struct vrrp_notify_fifo **pp;

	if (!f || --f->refs > 0)
		return;
	for (pp = &notify_fifos; *pp; pp = &(*pp)->next)
		if (*pp == f) {
			*pp = f->next;
			break;
		}
	/* unlinked first, so a script that reopens the FIFO in a loop cannot
	 * find this one again (keepalived) */
	if (f->created)
		unlink(f->path);
	if (f->fd >= 0)
		close(f->fd);
	if (f->script > 0)
		kill(-f->script, SIGTERM);
	free(f->path);
	free(f);
}

void vrrp_notify_fifo_write(struct vrrp_notify_fifo *f, const char *line, size_t len)
{
	uint32_t suppressed;
	ssize_t n;

	if (!f || f->fd < 0)
		return;
	n = write(f->fd, line, len);
	if (n == (ssize_t)len)
		return;
	f->dropped++;
	notify_fifo_dropped_total++;
	if (log_ratelimit_ok(&f->rl, loop_now_ms(), &suppressed))
		log_warnx("notify fifo %s: %s, line dropped (%llu dropped so far)", f->path,
		          n < 0 && errno == EAGAIN ? "reader too slow" :
		          n < 0 ? strerror(errno) : "short write", (unsigned long long)f->dropped);
}
