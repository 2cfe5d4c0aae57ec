/* atomic_file_write(): temporary file beside the target, then rename().
 * No fsync: the files written this way are diagnostics (state dumps); a
 * reader needs atomicity, not durability, and an fsync could stall the
 * event loop behind a busy disk for longer than an advert interval. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic_file.h"

int
atomic_file_write(const char *path, mode_t mode, int (*fill)(FILE *, void *), void *arg)
{
	static unsigned serial;
	char tmp[PATH_MAX];
	FILE *f;
	int fd = -1, err;

	/* O_EXCL refuses any existing name, a symlink included; a name in use
	 * (planted or left over) just moves us to the next one */
	for (int tries = 0; fd < 0 && tries < 16; tries++) {
		if (snprintf(tmp, sizeof(tmp), "%s.tmp.%ld.%u", path, (long)getpid(), serial++) >=
		    (int)sizeof(tmp))
			return -ENAMETOOLONG;
		fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
		if (fd < 0 && errno != EEXIST)
			return -errno;
	}
	if (fd < 0)
		return -EEXIST;
	/* the umask must not narrow what readers of the file were promised */
	if (fchmod(fd, mode) < 0 || (f = fdopen(fd, "w")) == NULL) {
		err = -errno;
		close(fd);
		unlink(tmp);
		return err;
	}
	err = fill(f, arg) < 0 ? -EIO : 0;
	if (fflush(f) != 0 || ferror(f))
		err = err != 0 ? err : -errno;
	if (fclose(f) != 0 && err == 0)
		err = -errno;
	if (err == 0 && rename(tmp, path) < 0)
		err = -errno;
	if (err != 0)
		unlink(tmp);
	return err;
}
