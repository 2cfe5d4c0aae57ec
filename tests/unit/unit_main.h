/* What every unit-test program shares: running its check suite and turning
 * the result into an automake exit status, and reading/writing small files.
 * Header-only (static inline), so each check_* program needs nothing more
 * in Makefile.am than its own source. */
#ifndef FLOATD_TESTS_UNIT_MAIN_H
#define FLOATD_TESTS_UNIT_MAIN_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>

/* Runs every test of `s` (forked, CK_NORMAL output) and returns how many
 * failed; for a main() that has more to decide (a counted skip, 77). */
static inline int
unit_failures(Suite *s)
{
	SRunner *sr = srunner_create(s);
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed;
}

/* main()'s answer: EXIT_SUCCESS when every test of `s` passed. */
static inline int
unit_run(Suite *s)
{
	return unit_failures(s) == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

/* The first 4 KiB of `path` as a string, "" when it cannot be read.  The
 * buffer is static: the next call overwrites it. */
static inline const char *
unit_slurp(const char *path)
{
	static char buf[4096];
	FILE *f = fopen(path, "r");
	size_t n = 0;

	if (f != NULL) {
		n = fread(buf, 1, sizeof(buf) - 1, f);
		fclose(f);
	}
	buf[n] = '\0';
	return buf;
}

/* Writes `text` to `path` (created or truncated); a failure fails the test. */
static inline void
unit_put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	ck_assert_int_ge(fputs(text, f), 0);
	ck_assert_int_eq(fclose(f), 0);
}

#endif
