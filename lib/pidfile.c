/* See pidfile.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "pidfile.h"
#include "safefile.h"

int
pidfile_lock(const char *path, pid_t *holder, char *why, size_t whylen)
{
	/* never through a symlink, never someone else's file: the pid file
	 * is truncated and rewritten as root */
	int fd = safefile_open(path, O_RDWR | O_CREAT, 0644, SAFEFILE_REGULAR | SAFEFILE_OURS,
	                       why, whylen);
	char buf[32];
	ssize_t n;

	*holder = 0;
	if (fd < 0)
		return -1;
	if (flock(fd, LOCK_EX | LOCK_NB) == 0)
		return fd;
	int saved = errno;

	n = pread(fd, buf, sizeof(buf) - 1, 0);
	if (n > 0) {
		buf[n] = '\0';
		*holder = (pid_t)strtol(buf, NULL, 10);
	}
	close(fd);
	snprintf(why, whylen, "%s is locked by a running floatd", path);
	errno = saved;
	return -1;
}

int
pidfile_write(int fd)
{
	char buf[32];
	int len = snprintf(buf, sizeof(buf), "%ld\n", (long)getpid());

	if (ftruncate(fd, 0) < 0 || pwrite(fd, buf, (size_t)len, 0) != len)
		return -1;
	return 0;
}

void
pidfile_remove(const char *path, int fd)
{
	if (fd < 0)
		return;
	unlink(path);
	close(fd);
}
