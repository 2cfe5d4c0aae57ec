/* Records over the checker socketpair, with SCM_RIGHTS (see channel.h). */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "check/channel.h"

/* room for a few fds: a peer sending more than one gets them all closed */
#define CHANNEL_MAX_FDS 8

int
check_channel_send(int sock, const struct check_msg *m, int fd)
{
	uint8_t buf[CHECK_PROTO_LEN];
	union {
		struct cmsghdr h;
		char space[CMSG_SPACE(sizeof(int))];
	} ctl;
	struct iovec iov = { .iov_base = buf, .iov_len = sizeof(buf) };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };

	if (check_proto_encode(m, buf) < 0) {
		errno = EINVAL;
		return -1;
	}
	if (fd >= 0) {
		memset(&ctl, 0, sizeof(ctl));
		mh.msg_control = ctl.space;
		mh.msg_controllen = sizeof(ctl.space);
		ctl.h.cmsg_level = SOL_SOCKET;
		ctl.h.cmsg_type = SCM_RIGHTS;
		ctl.h.cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(&ctl.h), &fd, sizeof(int));
	}
	for (;;) {
		ssize_t n = sendmsg(sock, &mh, MSG_DONTWAIT | MSG_NOSIGNAL);

		if (n == (ssize_t)sizeof(buf))
			return 0;
		if (n < 0 && errno == EINTR)
			continue;
		if (n >= 0)
			errno = EMSGSIZE;   /* SEQPACKET sends whole records or nothing */
		return -1;
	}
}

/* Take the fds of every SCM_RIGHTS message: the first one into *keep (when
 * keep is not NULL), every other one closed. */
static void
channel_take_fds(struct msghdr *mh, int *keep)
{
	struct cmsghdr *c;

	for (c = CMSG_FIRSTHDR(mh); c != NULL; c = CMSG_NXTHDR(mh, c)) {
		size_t n, i;

		if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
			continue;
		n = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		for (i = 0; i < n; i++) {
			int fd;

			memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof(int));
			if (keep != NULL && *keep < 0)
				*keep = fd;
			else
				close(fd);
		}
	}
}

enum check_channel_rc
check_channel_recv(int sock, struct check_msg *m, int *fd, enum check_proto_err *err)
{
	uint8_t buf[CHECK_PROTO_LEN + 1];
	union {
		struct cmsghdr h;
		char space[CMSG_SPACE(CHANNEL_MAX_FDS * sizeof(int))];
	} ctl;
	struct iovec iov = { .iov_base = buf, .iov_len = sizeof(buf) };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl.space,
	                     .msg_controllen = sizeof(ctl.space) };
	ssize_t n;

	*fd = -1;
	*err = CHECK_PROTO_OK;
	do
		n = recvmsg(sock, &mh, MSG_DONTWAIT | MSG_CMSG_CLOEXEC);
	while (n < 0 && errno == EINTR);
	if (n < 0 && errno == EAGAIN)
		return CHECK_CHANNEL_AGAIN;
	if (n <= 0)
		return CHECK_CHANNEL_CLOSED;
	/* a record cut short (MSG_TRUNC) or control data cut short
	 * (MSG_CTRUNC: the kernel closed what did not fit) is not trusted */
	if ((mh.msg_flags & (MSG_TRUNC | MSG_CTRUNC)) != 0) {
		channel_take_fds(&mh, NULL);
		*err = CHECK_PROTO_BAD_LEN;
		return CHECK_CHANNEL_BAD;
	}
	*err = check_proto_decode(buf, (size_t)n, m);
	if (*err != CHECK_PROTO_OK) {
		channel_take_fds(&mh, NULL);
		return CHECK_CHANNEL_BAD;
	}
	channel_take_fds(&mh, fd);
	return CHECK_CHANNEL_MSG;
}
