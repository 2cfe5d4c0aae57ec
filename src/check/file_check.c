/* FILE_CHECK in the checker child (see file_check.h).  keepalived's rules
 * (check_file.c, track_file.c): the value is read when the file is
 * written, moved in, moved away or deleted (gone = 0); a number out of
 * range is ignored (the previous value stays); weight 0 makes the checker
 * up on 0 and down otherwise (reverse: the opposite), any other weight
 * adds value × weight to the real server's weight.  Watches are shared by
 * path, so one file named by many FILE_CHECKs is read once per change. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <unistd.h>

#include "check/alert.h"
#include "check/child_int.h"
#include "check/file_check.h"
#include "check/file_eval.h"
#include "log.h"
#include "loop.h"
#include "vrrp/track/track_file_value.h"

#define FILE_EVENTS (IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE | \
                     IN_MODIFY)
#define FILE_READ_BUDGET 16          /* inotify reads per loop iteration */

struct file_sub {
	struct file_sub *next;
	struct file_watch *w;
	struct child_ck *ck;
};

struct file_watch {
	struct file_watch *next;
	char *path;
	char *dir;
	const char *base;            /* inside path */
	int wd;                      /* -1: not watched (inotify failed) */
	long value;
	struct file_sub *subs;
};

struct check_files {
	struct ev_loop *loop;
	int fd;                      /* inotify; -1 until the first watch */
	struct loop_io *io;
	struct file_watch *watches;
};

static void file_apply(struct child_ck *ck, long value, bool report);

struct check_files *
check_files_new(struct ev_loop *loop)
{
	struct check_files *f = calloc(1, sizeof(*f));

	if (f != NULL) {
		f->loop = loop;
		f->fd = -1;
	}
	return f;
}

void
check_files_free(struct check_files *f)
{
	if (f == NULL)
		return;
	while (f->watches != NULL) {   /* none left once every checker stopped */
		struct file_watch *w = f->watches;

		f->watches = w->next;
		free(w->path);
		free(w->dir);
		free(w);
	}
	loop_io_free(f->io);
	if (f->fd >= 0)
		close(f->fd);
	free(f);
}

/* Read the file again; tell its checkers when the value changed. */
static void
file_reread(struct file_watch *w)
{
	long v;

	if (vrrp_track_file_read(w->path, &v) < 0) {
		log_warnx_every(10000, 3, "checker: track_file %s: number out of range, ignored "
		                "(value stays %ld)", w->path, w->value);
		return;
	}
	if (v == w->value)
		return;
	log_info("checker: track_file %s: value %ld -> %ld", w->path, w->value, v);
	w->value = v;
	for (struct file_sub *s = w->subs; s != NULL; s = s->next)
		file_apply(s->ck, v, true);
}

static void
file_events(struct loop_io *io, int fd, void *arg)
{
	struct check_files *f = arg;
	char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	ssize_t n;

	(void)io;
	/* bounded, so a directory written in a tight loop cannot starve the
	 * other checks (libev calls again for the rest) */
	for (int budget = FILE_READ_BUDGET; budget > 0 && (n = read(fd, buf, sizeof(buf))) > 0;
	     budget--) {
		for (char *p = buf; p < buf + n;) {
			const struct inotify_event *ev = (const struct inotify_event *)p;
			struct file_watch *w, *next;

			for (w = f->watches; w != NULL; w = next) {
				next = w->next;
				if ((ev->mask & IN_Q_OVERFLOW) ||
				    (w->wd == ev->wd && (!ev->len || strcmp(ev->name, w->base) == 0)))
					file_reread(w);
			}
			p += sizeof(*ev) + ev->len;
		}
	}
}

static int
file_inotify(struct check_files *f)
{
	if (f->fd >= 0)
		return 0;
	f->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (f->fd < 0) {
		log_warn("checker: inotify_init1 (FILE_CHECK values are read once only)");
		return -1;
	}
	if ((f->io = loop_io_new(f->loop, f->fd, file_events, f)) == NULL) {
		close(f->fd);
		f->fd = -1;
		return -1;
	}
	return 0;
}

static struct file_watch *
file_watch_get(struct check_files *f, const char *path)
{
	struct file_watch *w;

	for (w = f->watches; w != NULL; w = w->next)
		if (strcmp(w->path, path) == 0)
			return w;
	if ((w = calloc(1, sizeof(*w))) == NULL)
		return NULL;
	w->wd = -1;
	if ((w->path = strdup(path)) == NULL ||
	    track_file_value_split(w->path, &w->dir, &w->base) < 0) {
		free(w->path);
		free(w);
		return NULL;
	}
	if (file_inotify(f) == 0) {
		w->wd = inotify_add_watch(f->fd, w->dir, FILE_EVENTS);
		if (w->wd < 0)
			log_warn("checker: track_file %s: cannot watch %s", path, w->dir);
	}
	if (vrrp_track_file_read(path, &w->value) < 0)
		w->value = 0;
	log_info("checker: track_file %s = %ld", path, w->value);
	w->next = f->watches;
	f->watches = w;
	return w;
}

static void
file_watch_put(struct check_files *f, struct file_watch *w)
{
	struct file_watch **pp;

	if (w->subs != NULL)
		return;
	for (pp = &f->watches; *pp != NULL; pp = &(*pp)->next)
		if (*pp == w) {
			*pp = w->next;
			break;
		}
	/* another watch may share the directory (same wd): keep it then */
	if (w->wd >= 0) {
		bool shared = false;

		for (struct file_watch *o = f->watches; o != NULL; o = o->next)
			shared |= o->wd == w->wd;
		if (!shared)
			inotify_rm_watch(f->fd, w->wd);
	}
	free(w->path);
	free(w->dir);
	free(w);
}

/* The value applied to one checker; `report`: a change after start-up
 * (logged, sent to the parent, scripts and mail as for any checker). */
static void
file_apply(struct child_ck *ck, long value, bool report)
{
	struct child_rs *rs = ck->rs;
	const struct check_file_conf *fc = &ck->c->file;
	bool rs_was_up = rs->up, was_up = ck->st.up;
	int64_t delta;
	bool up = check_file_eval(value, fc->weight, fc->reverse, &delta);
	char detail[96];

	ck->file_delta = delta;
	ck->st.up = up;
	ck->last_why = up ? CHECK_WHY_OK : CHECK_WHY_FILE;
	if (!report)
		return;
	if (up != was_up)
		rs->n_down = up ? rs->n_down - 1 : rs->n_down + 1;
	snprintf(detail, sizeof(detail), "track_file %s = %ld", fc->name, value);
	child_rs_update(rs, ck, detail);
	if (up != was_up && (rs->up != rs_was_up || !rs->ch->no_checker_emails))
		check_alert_rs(rs->ch->mail, rs->vs, rs->rc, rs->up, up, ck->c->kind);
}

int
child_file_start(struct child *ch, struct child_ck *ck)
{
	struct file_sub *s;
	struct file_watch *w;

	if (ck->c->file.path == NULL)
		return 0;   /* validation refused such a configuration */
	if (ch->files == NULL && (ch->files = check_files_new(ch->loop)) == NULL)
		return -1;
	if ((s = calloc(1, sizeof(*s))) == NULL)
		return -1;
	if ((w = file_watch_get(ch->files, ck->c->file.path)) == NULL) {
		free(s);
		return -1;
	}
	s->w = w;
	s->ck = ck;
	s->next = w->subs;
	w->subs = s;
	ck->file_watch = s;
	file_apply(ck, w->value, false);
	return 0;
}

void
child_file_stop(struct child_ck *ck)
{
	struct file_sub *s = ck->file_watch, **pp;
	struct file_watch *w;

	if (s == NULL)
		return;
	ck->file_watch = NULL;
	ck->file_delta = 0;
	w = s->w;
	for (pp = &w->subs; *pp != NULL; pp = &(*pp)->next)
		if (*pp == s) {
			*pp = s->next;
			break;
		}
	free(s);
	file_watch_put(ck->rs->ch->files, w);
}
