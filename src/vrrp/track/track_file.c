/* vrrp_track_file trackers: the integer in each file, re-read whenever the
 * file changes.  One inotify descriptor on the event loop watches the
 * directories (not the files), so a file replaced by rename or created
 * later is seen too.  A missing or unreadable file counts as 0. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <unistd.h>

#include "log.h"
#include "loop.h"
#include "safefile.h"
#include "track_int.h"
#include "vrrp/track/track_file_value.h"

#define TRACK_FILE_MASK (IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | \
                         IN_DELETE | IN_MODIFY)

struct track_file {
	struct vrrp_trackers *t;
	const struct vrrp_track_file_conf *conf;
	char *dir;
	const char *base;            /* inside conf->path */
	int wd;                      /* -1: not watched */
	long value;
};

int vrrp_track_file_read(const char *path, long *value)
{
	char buf[128];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	*value = 0;
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	return track_file_value_parse(buf, (size_t)n, value);
}

/* an out-of-range number counts as 0 here, as it always did */
static long track_file_read(const char *path)
{
	long v;

	return vrrp_track_file_read(path, &v) < 0 ? 0 : v;
}

static void track_file_update(struct track_file *f, bool report)
{
	long v = track_file_read(f->conf->path);

	if (v == f->value)
		return;
	log_info("vrrp_track_file %s: value %ld -> %ld", f->conf->name, f->value, v);
	f->value = v;
	if (report)
		track_changed(f->t);
}

/* keepalived's init_file: create the file with VALUE unless it exists, or
 * always with `overwrite`.  Written as root, so never through a symlink,
 * never a FIFO or device, never a file with other hard links (lib/safefile);
 * its owner may be anyone (the application that updates it). */
void track_file_init_conf(const struct vrrp_track_file_conf *fc)
{
	char buf[32], why[PATH_MAX + 64];
	int fd, flags = O_WRONLY | O_CREAT | O_TRUNC;
	int len;

	if (!fc->init_file)
		return;
	if (!fc->init_overwrite)
		flags |= O_EXCL;
	fd = safefile_open(fc->path, flags, 0644, SAFEFILE_REGULAR, why, sizeof(why));
	if (fd < 0) {
		if (errno != EEXIST)
			log_warnx("vrrp_track_file %s: init_file not written: %s", fc->name, why);
		return;
	}
	len = snprintf(buf, sizeof(buf), "%ld\n", fc->init_value);
	if (write(fd, buf, (size_t)len) != len)
		log_warn("vrrp_track_file %s: init_file %s", fc->name, fc->path);
	close(fd);
}

struct track_file *track_file_new(struct vrrp_trackers *t, const struct vrrp_track_file_conf *fc)
{
	struct track_file *f = calloc(1, sizeof(*f));

	if (!f)
		return NULL;
	f->t = t;
	f->conf = fc;
	f->wd = -1;
	/* "/x" -> "/", "/a/x" -> "/a" */
	if (!fc->path || track_file_value_split(fc->path, &f->dir, &f->base) < 0) {
		free(f);
		return NULL;
	}
	return f;
}

static void track_files_event(struct loop_io *io, int fd, void *arg)
{
	struct vrrp_trackers *t = arg;
	char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	bool changed = false;
	ssize_t n;

	(void)io;
	/* a bounded number of reads per loop iteration: a directory written
	 * in a tight loop must not starve the adverts (the rest is read on
	 * the next iteration) */
	for (int budget = 16; budget > 0 && (n = read(fd, buf, sizeof(buf))) > 0; budget--) {
		for (char *p = buf; p < buf + n;) {
			const struct inotify_event *ev = (const struct inotify_event *)p;

			for (unsigned i = 0; i < t->n_files; i++) {
				struct track_file *f = t->files[i];
				long old = f->value;

				if (f->wd != ev->wd)
					continue;
				if ((ev->mask & IN_Q_OVERFLOW) || !ev->len ||
				    strcmp(ev->name, f->base) == 0) {
					track_file_update(f, false);
					changed |= old != f->value;
				}
			}
			if (ev->mask & IN_Q_OVERFLOW)
				for (unsigned i = 0; i < t->n_files; i++) {
					long old = t->files[i]->value;

					track_file_update(t->files[i], false);
					changed |= old != t->files[i]->value;
				}
			p += sizeof(*ev) + ev->len;
		}
	}
	if (changed)
		track_changed(t);
}

static int track_files_open(struct vrrp_trackers *t)
{
	if (t->inotify_fd >= 0)
		return 0;
	t->inotify_fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (t->inotify_fd < 0) {
		log_warn("vrrp_track_file: inotify_init1");
		return -1;
	}
	if (!(t->inotify_io = loop_io_new(t->loop, t->inotify_fd, track_files_event, t))) {
		close(t->inotify_fd);
		t->inotify_fd = -1;
		return -1;
	}
	return 0;
}

int track_file_start_one(struct vrrp_trackers *t, struct track_file *f)
{
	int rc = track_files_open(t);

	track_file_init_conf(f->conf);
	if (t->inotify_fd >= 0) {
		f->wd = inotify_add_watch(t->inotify_fd, f->dir, TRACK_FILE_MASK);
		if (f->wd < 0) {
			log_warn("vrrp_track_file %s: cannot watch %s", f->conf->name, f->dir);
			rc = -1;
		}
	}
	f->value = track_file_read(f->conf->path);
	log_info("vrrp_track_file %s: %s = %ld", f->conf->name, f->conf->path, f->value);
	return rc;
}

void track_file_rebind(struct track_file *f, const struct vrrp_track_file_conf *fc)
{
	/* same path (reload_plan.c): the directory and watch stay */
	f->base = fc->path + (f->base - f->conf->path);
	f->conf = fc;
}

int track_files_start(struct vrrp_trackers *t)
{
	int rc = 0;

	if (!t->n_files)
		return 0;
	t->inotify_fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (t->inotify_fd < 0) {
		log_warn("vrrp_track_file: inotify_init1");
		rc = -1;
	} else if (!(t->inotify_io = loop_io_new(t->loop, t->inotify_fd, track_files_event, t))) {
		close(t->inotify_fd);
		t->inotify_fd = -1;
		rc = -1;
	}
	for (unsigned i = 0; i < t->n_files; i++) {
		struct track_file *f = t->files[i];

		track_file_init_conf(f->conf);
		if (t->inotify_fd >= 0) {
			f->wd = inotify_add_watch(t->inotify_fd, f->dir, TRACK_FILE_MASK);
			if (f->wd < 0) {
				log_warn("vrrp_track_file %s: cannot watch %s", f->conf->name, f->dir);
				rc = -1;
			}
		}
		f->value = track_file_read(f->conf->path);
		log_info("vrrp_track_file %s: %s = %ld", f->conf->name, f->conf->path, f->value);
	}
	return rc;
}

void track_files_stop(struct vrrp_trackers *t)
{
	loop_io_free(t->inotify_io);
	t->inotify_io = NULL;
	if (t->inotify_fd >= 0)
		close(t->inotify_fd);
	t->inotify_fd = -1;
}

const struct vrrp_track_file_conf *track_file_conf(const struct track_file *f)
{
	return f->conf;
}

long track_file_value(const struct track_file *f)
{
	return f->value;
}

void track_file_free(struct track_file *f)
{
	if (!f)
		return;
	free(f->dir);
	free(f);
}
