/* Entering named network namespaces (see netns.h).  floatd is
 * single-threaded, so setns() moves the whole process. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "netns.h"

int
netns_open(const char *name, char *why, size_t why_size)
{
	char path[300];
	int fd;

	if (name[0] == '\0')
		snprintf(path, sizeof(path), "/proc/1/ns/net");
	else if (strchr(name, '/') != NULL || strcmp(name, ".") == 0 || strcmp(name, "..") == 0) {
		snprintf(why, why_size, "invalid namespace name '%s'", name);
		errno = EINVAL;
		return -1;
	} else if ((size_t)snprintf(path, sizeof(path), "%s/%s", NETNS_RUN_DIR, name) >=
	           sizeof(path)) {
		snprintf(why, why_size, "namespace name too long");
		errno = ENAMETOOLONG;
		return -1;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd == -1)
		snprintf(why, why_size, "%s: %s", path, strerror(errno));
	return fd;
}

int
netns_enter(const char *name, char *why, size_t why_size)
{
	int fd = netns_open(name, why, why_size), saved;

	if (fd == -1)
		return -1;
	if (setns(fd, CLONE_NEWNET) == -1) {
		saved = errno;
		snprintf(why, why_size, "setns %s: %s", name[0] ? name : "(default)",
		         strerror(saved));
		close(fd);
		errno = saved;
		return -1;
	}
	close(fd);
	return 0;
}

int
netns_visit(const char *name, char *why, size_t why_size)
{
	int here = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC), saved;

	if (here == -1) {
		snprintf(why, why_size, "/proc/self/ns/net: %s", strerror(errno));
		return -1;
	}
	if (netns_enter(name, why, why_size) == -1) {
		saved = errno;
		close(here);
		errno = saved;
		return -1;
	}
	return here;
}

int
netns_return(int saved_fd)
{
	int rc = setns(saved_fd, CLONE_NEWNET);

	close(saved_fd);
	return rc == -1 ? -1 : 0;
}
