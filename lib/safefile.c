/* See safefile.h.  The pre-open lstat keeps a device or a socket planted at
 * the path from being opened at all (an open can have side effects); the
 * fstat after it catches a swap between the two. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "safefile.h"

static int
safefile_bad(const struct stat *st, const char *path, unsigned want, char *why, size_t whylen)
{
	bool fifo = (want & SAFEFILE_FIFO) != 0;

	if (S_ISLNK(st->st_mode)) {
		snprintf(why, whylen, "%s is a symbolic link (refused)", path);
		return ELOOP;
	}
	if (fifo ? !S_ISFIFO(st->st_mode) : !S_ISREG(st->st_mode)) {
		snprintf(why, whylen, "%s is not a %s", path, fifo ? "FIFO" : "regular file");
		return fifo ? EINVAL : EISDIR;
	}
	if ((want & SAFEFILE_OURS) && st->st_uid != geteuid()) {
		snprintf(why, whylen, "%s is owned by uid %lu, not by floatd's uid %lu", path,
		         (unsigned long)st->st_uid, (unsigned long)geteuid());
		return EPERM;
	}
	/* a hard link to someone else's file must not be truncated */
	if (!fifo && st->st_nlink > 1) {
		snprintf(why, whylen, "%s has %lu hard links (refused)", path,
		         (unsigned long)st->st_nlink);
		return EMLINK;
	}
	return 0;
}

int
safefile_open(const char *path, int flags, mode_t mode, unsigned want, char *why,
              size_t whylen)
{
	struct stat before, st;
	bool existed;
	int fd, err;

	existed = lstat(path, &before) == 0;
	if (!existed && errno != ENOENT) {
		err = errno;
		snprintf(why, whylen, "%s: %s", path, strerror(err));
		errno = err;
		return -1;
	}
	if (existed && (err = safefile_bad(&before, path, want, why, whylen)) != 0) {
		errno = err;
		return -1;
	}
	fd = open(path, (flags & ~O_TRUNC) | O_NOFOLLOW | O_CLOEXEC, mode);
	if (fd == -1) {
		err = errno;
		if (err == ELOOP)
			snprintf(why, whylen, "%s is a symbolic link (refused)", path);
		else
			snprintf(why, whylen, "%s: %s", path, strerror(err));
		errno = err;
		return -1;
	}
	if (fstat(fd, &st) == -1) {
		err = errno;
		snprintf(why, whylen, "%s: %s", path, strerror(err));
		goto fail;
	}
	if ((err = safefile_bad(&st, path, want, why, whylen)) != 0)
		goto fail;
	if (existed && (st.st_dev != before.st_dev || st.st_ino != before.st_ino)) {
		snprintf(why, whylen, "%s was replaced while being opened (refused)", path);
		err = EAGAIN;
		goto fail;
	}
	if ((flags & O_TRUNC) && ftruncate(fd, 0) == -1) {
		err = errno;
		snprintf(why, whylen, "%s: %s", path, strerror(err));
		goto fail;
	}
	return fd;
fail:
	close(fd);
	errno = err;
	return -1;
}
