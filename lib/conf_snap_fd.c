/* A configuration snapshot in a sealed memfd: written once by the parent,
 * inherited by (or later sent to) the checker child, read with pread so
 * every restart of the child reads the same bytes.  The seals make the
 * bytes immutable: nobody, not even the parent, can change them. */
#define _GNU_SOURCE
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conf_snap.h"
#include "conf_snap_fd.h"

#define SNAP_SEALS (F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE)

int conf_snap_memfd(const struct conf_snap *snap)
{
	uint8_t *buf;
	size_t len, off = 0;
	int fd, err;

	if (conf_snap_encode(snap, &buf, &len) < 0)
		return -ENOMEM;
	fd = memfd_create("floatd-conf-snapshot", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (fd < 0) {
		err = errno;
		free(buf);
		return -err;
	}
	while (off < len) {
		ssize_t r = write(fd, buf + off, len - off);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			err = r < 0 ? errno : EIO;
			goto fail;
		}
		off += (size_t)r;
	}
	free(buf);
	buf = NULL;
	if (fcntl(fd, F_ADD_SEALS, SNAP_SEALS) < 0) {
		err = errno;
		goto fail;
	}
	return fd;
fail:
	free(buf);
	close(fd);
	return -err;
}

int conf_snap_read_fd(int fd, struct conf_snap **out, const char **why)
{
	struct stat st;
	uint8_t *buf;
	size_t off = 0;
	int seals = fcntl(fd, F_GET_SEALS);
	enum conf_snap_err e;

	*out = NULL;
	if (seals < 0 || (seals & SNAP_SEALS) != SNAP_SEALS) {
		*why = "not a sealed memfd";
		return -1;
	}
	if (fstat(fd, &st) < 0 || st.st_size <= 0 ||
	    (uint64_t)st.st_size > CONF_SNAP_MAX_BYTES + (16u << 20)) {
		*why = "bad size";
		return -1;
	}
	if (!(buf = malloc((size_t)st.st_size))) {
		*why = "out of memory";
		return -1;
	}
	while (off < (size_t)st.st_size) {
		/* pread: the offset is shared with every other holder of the fd */
		ssize_t r = pread(fd, buf + off, (size_t)st.st_size - off, (off_t)off);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			free(buf);
			*why = "read failed";
			return -1;
		}
		off += (size_t)r;
	}
	e = conf_snap_decode(buf, off, out);
	free(buf);
	if (e != CONF_SNAP_OK) {
		*why = conf_snap_err_name(e);
		return -1;
	}
	return 0;
}
