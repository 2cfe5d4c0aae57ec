/* lib/script_secure.c against real files in a temporary directory.  Works
 * as root (CI: the files are root's, a foreign owner is made with chown)
 * and as another user (the test passes its own uid as the trusted owner,
 * the daemon passes root's). */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "script_secure.h"
#include "unit_main.h"

/* a group that is not root's, for "writable by a non-root group" */
#define OTHER_ID 65534

static char tmpdir[64];
static uid_t me;
static char why[PATH_MAX + 256];

static void
setup(void)
{
	char *real;

	strcpy(tmpdir, "/tmp/check_secure.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
	/* /tmp may itself be a symlink somewhere: work in the real place */
	real = realpath(tmpdir, NULL);
	ck_assert_ptr_nonnull(real);
	ck_assert_uint_lt(strlen(real), 64);
	strcpy(tmpdir, real);
	free(real);
	ck_assert_int_eq(chmod(tmpdir, 0755), 0);
	me = getuid();
}

static void
teardown(void)
{
	char cmd[2 * PATH_MAX + 64];

	snprintf(cmd, sizeof(cmd), "chmod -R u+rwx %s; rm -rf %s", tmpdir, tmpdir);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", tmpdir);
}

/* tmpdir/rel, a directory with `mode` */
static const char *
mkd(const char *rel, mode_t mode)
{
	static char path[4][PATH_MAX];
	static int k;
	char *p = path[k++ % 4];

	snprintf(p, PATH_MAX, "%s/%s", tmpdir, rel);
	ck_assert_int_eq(mkdir(p, 0755), 0);
	ck_assert_int_eq(chmod(p, mode), 0);
	return p;
}

/* tmpdir/rel, an executable file with `body`, then `mode` */
static const char *
mkf(const char *rel, const char *body, mode_t mode)
{
	static char path[4][PATH_MAX];
	static int k;
	char *p = path[k++ % 4];
	FILE *f;

	snprintf(p, PATH_MAX, "%s/%s", tmpdir, rel);
	f = fopen(p, "w");
	ck_assert_ptr_nonnull(f);
	fputs(body, f);
	fclose(f);
	ck_assert_int_eq(chmod(p, mode), 0);
	return p;
}

static int
check_path(const char *path, char **resolved)
{
	why[0] = '\0';
	return script_secure_path(path, me, resolved, why, sizeof(why));
}

static int
check_argv(char *const argv[])
{
	why[0] = '\0';
	return script_secure_argv(argv, me, NULL, why, sizeof(why));
}

#define ck_refused(call, text)                                                          \
	do {                                                                            \
		ck_assert_int_eq((call), -1);                                            \
		ck_assert_msg(strstr(why, (text)) != NULL, "why '%s' lacks '%s'", why, (text)); \
	} while (0)

START_TEST(test_secure_ok)
{
	char *resolved = NULL;
	const char *f;

	mkd("bin", 0755);
	f = mkf("bin/notify.sh", "#!/bin/sh\nexit 0\n", 0755);
	ck_assert_msg(check_path(f, &resolved) == 0, "%s", why);
	ck_assert_str_eq(resolved, f);
	free(resolved);
}
END_TEST

/* keepalived's rules: a group-writable component is refused unless its
 * group is root's; a world-writable one always, except a sticky directory. */
START_TEST(test_group_writable_dir)
{
	const char *d = mkd("bin", 0775), *f = mkf("bin/notify.sh", "#!/bin/sh\n", 0755);

	if (me == 0) {
		ck_assert_msg(check_path(f, NULL) == 0, "group root: %s", why);
		ck_assert_int_eq(chown(d, (uid_t)-1, OTHER_ID), 0);
	}
	ck_refused(check_path(f, NULL), "is writable by a non-root group");
	ck_assert_msg(strstr(why, d) != NULL, "%s", why);
}
END_TEST

START_TEST(test_writable_file_and_dirs)
{
	const char *f;

	mkd("bin", 0755);
	f = mkf("bin/notify.sh", "#!/bin/sh\n", 0757);
	ck_refused(check_path(f, NULL), "notify.sh is writable by others");
	ck_assert_int_eq(chmod(f, 0755), 0);
	ck_assert_int_eq(chmod(tmpdir, 0777), 0);
	ck_refused(check_path(f, NULL), "is writable by others");
	/* sticky, like /tmp: nobody else can rename or replace our entry */
	ck_assert_int_eq(chmod(tmpdir, 01777), 0);
	ck_assert_msg(check_path(f, NULL) == 0, "sticky: %s", why);
}
END_TEST

START_TEST(test_owner)
{
	const char *f;

	mkd("bin", 0755);
	f = mkf("bin/notify.sh", "#!/bin/sh\n", 0755);
	if (me == 0) {
		ck_assert_int_eq(chown(f, OTHER_ID, (gid_t)-1), 0);
		ck_refused(check_path(f, NULL), "is owned by uid 65534, not root");
	} else {
		/* our files are not trusted when the trusted owner is someone else */
		ck_refused(script_secure_path(f, me + 1, NULL, why, sizeof(why)), "not root");
	}
}
END_TEST

/* A symlink is followed for the check: its target's directories count,
 * and the file to exec is the target. */
START_TEST(test_symlink)
{
	char link[PATH_MAX], *resolved = NULL;
	const char *good, *bad;

	mkd("bin", 0755);
	mkd("open", 0777);
	good = mkf("bin/real.sh", "#!/bin/sh\n", 0755);
	bad = mkf("open/evil.sh", "#!/bin/sh\n", 0755);
	snprintf(link, sizeof(link), "%s/bin/notify.sh", tmpdir);
	ck_assert_int_eq(symlink(good, link), 0);
	ck_assert_msg(check_path(link, &resolved) == 0, "%s", why);
	ck_assert_str_eq(resolved, good);
	free(resolved);
	/* the same link name, now through a directory anyone can write */
	ck_assert_int_eq(unlink(link), 0);
	ck_assert_int_eq(symlink(bad, link), 0);
	ck_refused(check_path(link, &resolved), "open is writable by others");
	ck_assert_ptr_null(resolved);
	/* a symlinked directory on the way: the same */
	ck_assert_int_eq(unlink(link), 0);
	snprintf(link, sizeof(link), "%s/via", tmpdir);
	ck_assert_int_eq(symlink("open", link), 0);
	snprintf(link, sizeof(link), "%s/via/evil.sh", tmpdir);
	ck_refused(check_path(link, NULL), "open is writable by others");
}
END_TEST

START_TEST(test_types)
{
	char p[PATH_MAX];
	const char *f;

	mkd("bin", 0755);
	f = mkf("bin/notify.sh", "#!/bin/sh\n", 0755);
	ck_refused(check_path("bin/notify.sh", NULL), "not an absolute path");
	snprintf(p, sizeof(p), "%s/bin", tmpdir);
	ck_refused(check_path(p, NULL), "is not a regular file");
	snprintf(p, sizeof(p), "%s/x", f);
	ck_refused(check_path(p, NULL), "is not a directory");
	snprintf(p, sizeof(p), "%s/bin/missing", tmpdir);
	ck_refused(check_path(p, NULL), "No such file");
}
END_TEST

/* The #! interpreter runs as root too. */
START_TEST(test_shebang)
{
	char body[PATH_MAX + 16];
	const char *interp, *f;
	char *argv[2] = { NULL, NULL };

	mkd("bin", 0755);
	mkd("open", 0777);
	interp = mkf("open/interp", "#!/bin/sh\n", 0755);
	snprintf(body, sizeof(body), "#!%s\n", interp);
	f = mkf("bin/notify.sh", body, 0755);
	argv[0] = (char *)f;
	ck_refused(check_argv(argv), "#! interpreter");
	ck_assert_msg(strstr(why, "open is writable by others") != NULL, "%s", why);
	f = mkf("bin/ok.sh", "#! /bin/sh -e\nexit 0\n", 0755);
	argv[0] = (char *)f;
	ck_assert_msg(check_argv(argv) == 0, "%s", why);
	f = mkf("bin/rel.sh", "#!sh\n", 0755);
	argv[0] = (char *)f;
	ck_refused(check_argv(argv), "relative #! interpreter");
}
END_TEST

/* Not only argv[0]: the script a shell or an interpreter runs, and the
 * program a `sh -c` command starts with. */
START_TEST(test_command_line)
{
	char cmd[PATH_MAX + 16];
	const char *good, *bad;

	mkd("bin", 0755);
	mkd("open", 0777);
	good = mkf("bin/ok.sh", "exit 0\n", 0644);
	bad = mkf("open/evil.sh", "exit 0\n", 0644);
	{
		char *a[] = { "/bin/sh", (char *)good, "MASTER", NULL };

		ck_assert_msg(check_argv(a) == 0, "%s", why);
	}
	{
		char *a[] = { "/bin/sh", (char *)bad, "MASTER", NULL };

		ck_refused(check_argv(a), "/bin/sh runs");
		ck_assert_msg(strstr(why, "open is writable by others") != NULL, "%s", why);
	}
	{
		char *a[] = { "/bin/bash", "-e", "-o", "pipefail", (char *)bad, NULL };

		ck_refused(check_argv(a), "open is writable by others");
	}
	{
		char *a[] = { "/bin/sh", "--", (char *)bad, NULL };

		ck_refused(check_argv(a), "open is writable by others");
	}
	{
		char *a[] = { "/usr/bin/python3", "-u", (char *)bad, NULL };

		ck_refused(check_argv(a), "open is writable by others");
	}
	{
		char *a[] = { "/bin/sh", "-c", cmd, NULL };

		snprintf(cmd, sizeof(cmd), "%s MASTER; echo done", bad);
		ck_refused(check_argv(a), "open is writable by others");
		snprintf(cmd, sizeof(cmd), "echo %s", bad);   /* echo: a builtin */
		ck_assert_msg(check_argv(a) == 0, "%s", why);
		snprintf(cmd, sizeof(cmd), "/bin/true %s", bad);
		ck_assert_msg(check_argv(a) == 0, "%s", why);
		snprintf(cmd, sizeof(cmd), "LANG=C exec %s;echo done", bad);
		ck_refused(check_argv(a), "open is writable by others");
		snprintf(cmd, sizeof(cmd), "/bin/true;%s", bad);   /* a later command: unchecked */
		ck_assert_msg(check_argv(a) == 0, "%s", why);
	}
	{
		/* not an interpreter: its arguments are data */
		char *a[] = { "/bin/true", (char *)bad, NULL };

		ck_assert_msg(check_argv(a) == 0, "%s", why);
	}
	{
		/* and argv[0] itself, of course */
		char *a[] = { (char *)bad, NULL };

		ck_refused(check_argv(a), "open is writable by others");
	}
}
END_TEST

START_TEST(test_needed)
{
	const char *f = mkf("suid", "#!/bin/sh\n", 0755);

	ck_assert(script_secure_needed(f, 0, 1000));
	ck_assert(script_secure_needed(f, 1000, 0));
	ck_assert(!script_secure_needed(f, 1000, 1000));
	/* setuid: only a setuid-root file runs with root's privileges */
	ck_assert_int_eq(chmod(f, 04755), 0);
	ck_assert(script_secure_needed(f, 1000, 1000) == (me == 0));
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("script_secure");
	TCase *tc = tcase_create("script_secure");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_secure_ok);
	tcase_add_test(tc, test_group_writable_dir);
	tcase_add_test(tc, test_writable_file_and_dirs);
	tcase_add_test(tc, test_owner);
	tcase_add_test(tc, test_symlink);
	tcase_add_test(tc, test_types);
	tcase_add_test(tc, test_shebang);
	tcase_add_test(tc, test_command_line);
	tcase_add_test(tc, test_needed);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
