/* lib/safefile.c against real files, links and FIFOs in a temporary
 * directory (root or not; a foreign owner is only made as root). */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pidfile.h"
#include "safefile.h"
#include "unit_main.h"

static char tmpdir[64];
static char why[PATH_MAX + 128];

static void
setup(void)
{
	strcpy(tmpdir, "/tmp/check_safefile.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void
teardown(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", tmpdir);
}

static const char *
at(const char *name)
{
	static char p[4][PATH_MAX];
	static int k;
	char *s = p[k++ % 4];

	snprintf(s, PATH_MAX, "%s/%s", tmpdir, name);
	return s;
}

#define ck_refused(call, err, text)                                                     \
	do {                                                                            \
		ck_assert_int_eq((call), -1);                                            \
		ck_assert_int_eq(errno, (err));                                          \
		ck_assert_msg(strstr(why, (text)) != NULL, "why '%s' lacks '%s'", why, (text)); \
	} while (0)

START_TEST(test_create_and_truncate)
{
	const char *p = at("pid");
	int fd = safefile_open(p, O_RDWR | O_CREAT, 0644, SAFEFILE_OURS, why, sizeof(why));

	ck_assert_msg(fd >= 0, "%s", why);
	ck_assert_int_eq(write(fd, "123\n", 4), 4);
	close(fd);
	fd = safefile_open(p, O_WRONLY | O_TRUNC, 0, SAFEFILE_OURS, why, sizeof(why));
	ck_assert_msg(fd >= 0, "%s", why);
	close(fd);
	ck_assert_str_eq(unit_slurp(p), "");
}
END_TEST

/* A symlink is refused and its target neither created nor truncated. */
START_TEST(test_symlink)
{
	const char *target = at("target"), *p = at("pid"), *dangling = at("dangling");

	unit_put(target, "keep\n");
	ck_assert_int_eq(symlink(target, p), 0);
	ck_refused(safefile_open(p, O_RDWR | O_CREAT | O_TRUNC, 0644, 0, why, sizeof(why)),
	           ELOOP, "is a symbolic link");
	ck_assert_str_eq(unit_slurp(target), "keep\n");
	ck_assert_int_eq(symlink(at("nothing"), dangling), 0);
	ck_refused(safefile_open(dangling, O_WRONLY | O_CREAT, 0644, 0, why, sizeof(why)),
	           ELOOP, "is a symbolic link");
	ck_assert_int_eq(access(at("nothing"), F_OK), -1);
}
END_TEST

/* Another hard link: someone else's file must not be truncated. */
START_TEST(test_hard_link)
{
	const char *target = at("target"), *p = at("pid");

	unit_put(target, "keep\n");
	ck_assert_int_eq(link(target, p), 0);
	ck_refused(safefile_open(p, O_WRONLY | O_TRUNC, 0, 0, why, sizeof(why)), EMLINK,
	           "hard links");
	ck_assert_str_eq(unit_slurp(target), "keep\n");
}
END_TEST

/* The wrong type is refused before any open: a FIFO without a reader
 * would otherwise block a blocking open. */
START_TEST(test_types)
{
	const char *fifo = at("fifo"), *reg = at("reg");
	int fd;

	ck_assert_int_eq(mkfifo(fifo, 0600), 0);
	ck_refused(safefile_open(fifo, O_WRONLY, 0, SAFEFILE_REGULAR, why, sizeof(why)), EISDIR,
	           "is not a regular file");
	ck_refused(safefile_open(tmpdir, O_RDONLY, 0, SAFEFILE_REGULAR, why, sizeof(why)), EISDIR,
	           "is not a regular file");
	unit_put(reg, "x\n");
	ck_refused(safefile_open(reg, O_WRONLY | O_NONBLOCK, 0, SAFEFILE_FIFO, why, sizeof(why)),
	           EINVAL, "is not a FIFO");
	/* a FIFO without a reader: ENXIO, as open(2) says */
	ck_assert_int_eq(safefile_open(fifo, O_WRONLY | O_NONBLOCK, 0, SAFEFILE_FIFO | SAFEFILE_OURS,
	                               why, sizeof(why)), -1);
	ck_assert_int_eq(errno, ENXIO);
	fd = open(fifo, O_RDONLY | O_NONBLOCK);
	ck_assert_int_ge(fd, 0);
	{
		int w = safefile_open(fifo, O_WRONLY | O_NONBLOCK, 0, SAFEFILE_FIFO | SAFEFILE_OURS,
		                      why, sizeof(why));

		ck_assert_msg(w >= 0, "%s", why);
		close(w);
	}
	close(fd);
}
END_TEST

START_TEST(test_owner)
{
	const char *p = at("pid");
	int fd;

	unit_put(p, "1\n");
	if (geteuid() == 0) {
		ck_assert_int_eq(chown(p, 65534, (gid_t)-1), 0);
		ck_refused(safefile_open(p, O_RDWR, 0, SAFEFILE_OURS, why, sizeof(why)), EPERM,
		           "is owned by uid 65534");
	} else {
		/* not root: a file of root's is someone else's */
		p = "/etc/passwd";
		ck_refused(safefile_open(p, O_RDONLY, 0, SAFEFILE_OURS, why, sizeof(why)), EPERM,
		           "is owned by uid 0");
	}
	/* without SAFEFILE_OURS (init_file: the application's file) it is fine */
	fd = safefile_open(p, geteuid() == 0 ? O_RDWR : O_RDONLY, 0, 0, why, sizeof(why));
	ck_assert_msg(fd >= 0, "%s", why);
	close(fd);
}
END_TEST

/* lib/pidfile on top of it: a symlink planted at the pid file's path is
 * refused (its target untouched); a real one is locked once. */
START_TEST(test_pidfile)
{
	const char *target = at("target"), *link = at("link.pid"), *p = at("floatd.pid");
	pid_t holder;
	int fd;

	unit_put(target, "keep\n");
	ck_assert_int_eq(symlink(target, link), 0);
	ck_assert_int_eq(pidfile_lock(link, &holder, why, sizeof(why)), -1);
	ck_assert_msg(strstr(why, "is a symbolic link") != NULL, "%s", why);
	ck_assert_str_eq(unit_slurp(target), "keep\n");
	fd = pidfile_lock(p, &holder, why, sizeof(why));
	ck_assert_msg(fd >= 0, "%s", why);
	ck_assert_int_eq(pidfile_write(fd), 0);
	ck_assert_int_eq(pidfile_lock(p, &holder, why, sizeof(why)), -1);
	ck_assert_int_eq(errno, EWOULDBLOCK);
	ck_assert_int_eq(holder, getpid());
	pidfile_remove(p, fd);
	ck_assert_int_eq(access(p, F_OK), -1);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("safefile");
	TCase *tc = tcase_create("safefile");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_create_and_truncate);
	tcase_add_test(tc, test_symlink);
	tcase_add_test(tc, test_hard_link);
	tcase_add_test(tc, test_types);
	tcase_add_test(tc, test_owner);
	tcase_add_test(tc, test_pidfile);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
