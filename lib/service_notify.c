/* sd_notify's wire protocol (see service_notify.h): one AF_UNIX datagram
 * per message to $NOTIFY_SOCKET, a leading '@' meaning the abstract
 * namespace.  Non-blocking: a full manager queue loses a status line, it
 * never stalls the VRRP loop. */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "service_notify.h"

static int notify_fd = -1;
static struct sockaddr_un notify_addr;
static socklen_t notify_addr_len;

int
service_notify_init(void)
{
	const char *path = getenv("NOTIFY_SOCKET");
	size_t len;
	int err = 0;

	if (path == NULL || path[0] == '\0')
		return 0;
	len = strlen(path);
	if (path[0] != '/' && path[0] != '@')
		err = -EAFNOSUPPORT;            /* e.g. vsock: not for a local daemon */
	else if (len >= sizeof(notify_addr.sun_path))
		err = -ENAMETOOLONG;
	if (err == 0) {
		memset(&notify_addr, 0, sizeof(notify_addr));
		notify_addr.sun_family = AF_UNIX;
		memcpy(notify_addr.sun_path, path, len);
		if (path[0] == '@')
			notify_addr.sun_path[0] = '\0';
		/* abstract names are not NUL-terminated: the length is the name */
		notify_addr_len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len +
		                              (path[0] == '/' ? 1 : 0));
		notify_fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
		if (notify_fd < 0)
			err = -errno;
	}
	unsetenv("NOTIFY_SOCKET");
	return err < 0 ? err : 1;
}

bool
service_notify_enabled(void)
{
	return notify_fd >= 0;
}

int
service_notify(const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	int n;

	if (notify_fd < 0)
		return 0;
	va_start(ap, fmt);
	n = vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (n < 0)
		return -EINVAL;
	if ((size_t)n >= sizeof(msg))
		n = sizeof(msg) - 1;   /* a clipped STATUS line is still useful */
	if (sendto(notify_fd, msg, (size_t)n, MSG_NOSIGNAL | MSG_DONTWAIT,
	           (const struct sockaddr *)&notify_addr, notify_addr_len) < 0)
		return -errno;
	return 0;
}
