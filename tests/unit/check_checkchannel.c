/* The checker socketpair with a file descriptor (src/check/channel.c): a
 * sealed configuration snapshot memfd sent with RELOAD over a real
 * SOCK_SEQPACKET socketpair and read back on the other end; what a confused
 * peer sends (extra fds, short records) is closed and rejected. */
#define _GNU_SOURCE
#include "config.h"

#include <check.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check/channel.h"
#include "conf_snap.h"
#include "conf_snap_fd.h"
#include "unit_main.h"

static void
pair(int sv[2])
{
	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv), 0);
}

static bool
fd_open(int fd)
{
	return fcntl(fd, F_GETFD) >= 0;
}

START_TEST(test_snapshot_memfd_round_trip)
{
	struct conf_snap *snap = conf_snap_new(), *back = NULL;
	struct check_msg m = { .type = CHECK_MSG_RELOAD, .gen = 3 }, r;
	enum check_proto_err err;
	struct stat a, b;
	const char *why = NULL;
	int sv[2], fd, got = -1;

	conf_snap_add(snap, CONF_SNAP_META, "main", 0, 0, 0, "/etc/f.conf", 11);
	conf_snap_add(snap, CONF_SNAP_FILE, "/etc/f.conf", 0, 1, 2, "global_defs {\n}\n", 16);
	fd = conf_snap_memfd(snap);
	ck_assert_int_ge(fd, 0);
	pair(sv);
	ck_assert_int_eq(check_channel_send(sv[0], &m, fd), 0);
	ck_assert_int_eq(check_channel_recv(sv[1], &r, &got, &err), CHECK_CHANNEL_MSG);
	ck_assert_int_eq(err, CHECK_PROTO_OK);
	ck_assert_int_eq(r.type, CHECK_MSG_RELOAD);
	ck_assert_uint_eq(r.gen, 3);
	ck_assert_int_ge(got, 0);
	ck_assert_int_ne(got, fd);
	/* the same open file: same inode, still sealed, close-on-exec */
	ck_assert_int_eq(fstat(fd, &a), 0);
	ck_assert_int_eq(fstat(got, &b), 0);
	ck_assert(a.st_ino == b.st_ino && a.st_dev == b.st_dev);
	ck_assert_int_ne(fcntl(got, F_GETFD) & FD_CLOEXEC, 0);
	ck_assert_int_ne(fcntl(got, F_GET_SEALS) & F_SEAL_WRITE, 0);
	ck_assert_int_eq(conf_snap_read_fd(got, &back, &why), 0);
	ck_assert_str_eq(conf_snap_meta(back, "main"), "/etc/f.conf");
	ck_assert_uint_eq(conf_snap_find(back, CONF_SNAP_FILE, "/etc/f.conf")->len, 16);
	/* the sender keeps its own copy */
	ck_assert(fd_open(fd));
	ck_assert_int_eq(check_channel_recv(sv[1], &r, &got, &err), CHECK_CHANNEL_AGAIN);
	conf_snap_free(back);
	conf_snap_free(snap);
	close(fd);
	close(sv[0]);
	ck_assert_int_eq(check_channel_recv(sv[1], &r, &got, &err), CHECK_CHANNEL_CLOSED);
	close(sv[1]);
}
END_TEST

/* A record without an fd reads back with *fd = -1; two fds: the first is
 * kept, the second closed by the receiver. */
START_TEST(test_no_fd_and_extra_fds)
{
	struct check_msg m = { .type = CHECK_MSG_RS_UP, .vs = 1, .rs = 2, .gen = 9 }, r;
	enum check_proto_err err;
	uint8_t rec[CHECK_PROTO_LEN];
	union {
		struct cmsghdr h;
		char space[CMSG_SPACE(2 * sizeof(int))];
	} ctl;
	struct iovec iov = { .iov_base = rec, .iov_len = sizeof(rec) };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl.space,
	                     .msg_controllen = sizeof(ctl.space) };
	int sv[2], got = 5, two[2];
	char c;

	pair(sv);
	ck_assert_int_eq(check_channel_send(sv[0], &m, -1), 0);
	ck_assert_int_eq(check_channel_recv(sv[1], &r, &got, &err), CHECK_CHANNEL_MSG);
	ck_assert_int_eq(got, -1);
	ck_assert_uint_eq(r.rs, 2);
	ck_assert_uint_eq(r.gen, 9);

	/* two fds by hand: a pipe's read and write ends */
	ck_assert_int_eq(pipe2(two, O_CLOEXEC | O_NONBLOCK), 0);
	ck_assert_int_eq(check_proto_encode(&m, rec), 0);
	memset(&ctl, 0, sizeof(ctl));
	ctl.h.cmsg_level = SOL_SOCKET;
	ctl.h.cmsg_type = SCM_RIGHTS;
	ctl.h.cmsg_len = CMSG_LEN(2 * sizeof(int));
	memcpy(CMSG_DATA(&ctl.h), two, sizeof(two));
	ck_assert_int_eq(sendmsg(sv[0], &mh, 0), (ssize_t)sizeof(rec));
	close(two[0]);
	close(two[1]);
	ck_assert_int_eq(check_channel_recv(sv[1], &r, &got, &err), CHECK_CHANNEL_MSG);
	ck_assert_int_ge(got, 0);
	/* the first (the read end) is ours; end of file on it means the
	 * receiver closed the write end it was also given */
	ck_assert_int_eq(read(got, &c, 1), 0);
	close(got);
	close(sv[0]);
	close(sv[1]);
}
END_TEST

/* A short record with an fd: rejected, and the fd does not leak. */
START_TEST(test_bad_record_closes_fd)
{
	struct check_msg r;
	enum check_proto_err err;
	uint8_t junk[10] = { 0x46, 2 };
	union {
		struct cmsghdr h;
		char space[CMSG_SPACE(sizeof(int))];
	} ctl;
	struct iovec iov = { .iov_base = junk, .iov_len = sizeof(junk) };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl.space,
	                     .msg_controllen = sizeof(ctl.space) };
	int sv[2], got = 7, p[2], fd;
	char c;

	pair(sv);
	ck_assert_int_eq(pipe2(p, O_CLOEXEC | O_NONBLOCK), 0);
	fd = p[1];   /* the write end rides along */
	memset(&ctl, 0, sizeof(ctl));
	ctl.h.cmsg_level = SOL_SOCKET;
	ctl.h.cmsg_type = SCM_RIGHTS;
	ctl.h.cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(&ctl.h), &fd, sizeof(int));
	ck_assert_int_eq(sendmsg(sv[0], &mh, 0), (ssize_t)sizeof(junk));
	close(fd);
	ck_assert_int_eq(read(p[0], &c, 1), -1);   /* the write end is in flight */
	ck_assert_int_eq(check_channel_recv(sv[1], &r, &got, &err), CHECK_CHANNEL_BAD);
	ck_assert_int_eq(err, CHECK_PROTO_BAD_LEN);
	ck_assert_int_eq(got, -1);
	ck_assert_int_eq(read(p[0], &c, 1), 0);   /* closed by the receiver */
	close(p[0]);
	/* an unencodable record is not sent */
	r.type = CHECK_MSG_TYPE_MAX;
	r.family = 0;
	ck_assert_int_eq(check_channel_send(sv[0], &r, -1), -1);
	close(sv[0]);
	close(sv[1]);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("checkchannel");
	TCase *tc = tcase_create("channel");

	tcase_add_test(tc, test_snapshot_memfd_round_trip);
	tcase_add_test(tc, test_no_fd_and_extra_fds);
	tcase_add_test(tc, test_bad_record_closes_fd);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
