/* libFuzzer harness for the config loader on whole file sets: the input is
 * split on lines "%%" into a main file and up to FZ_INCLUDES include files
 * (inc0.conf, inc1.conf, ... beside it, so `include inc*.conf`,
 * `include inc1.conf` and include loops all reach fuzzed text), then loaded
 * (lexer, $PARAM and @id, includes, keyword tables, validation, dump).
 * Seeds: tests/fuzz/conf_corpus and the .conf files of tests/conf. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FZ_INCLUDES 3
#define FZ_SEP "\n%%\n"

/* Diagnostics per load: a few per line read is fine, but a count that grows
 * with the square of the input (each duplicate against every earlier copy)
 * is a bug: a 4 KB file set stays far below this with linear reporting. */
#define FZ_REPORTS_MAX 1000000
static unsigned long fz_reports;

static void fuzz_report(void *arg, enum conf_severity sev, const char *file, int line,
                        const char *msg)
{
	(void)arg;
	(void)sev;
	(void)file;
	(void)line;
	(void)msg;
	if (++fz_reports > FZ_REPORTS_MAX)
		abort();
}

/* First occurrence of the separator in [p, end), or end. */
static const uint8_t *fz_next(const uint8_t *p, const uint8_t *end)
{
	size_t n = strlen(FZ_SEP);

	for (; p + n <= end; p++)
		if (memcmp(p, FZ_SEP, n) == 0)
			return p;
	return end;
}

static void fz_write(const char *path, const uint8_t *p, size_t n)
{
	FILE *fp = fopen(path, "wb");

	if (!fp)
		abort();
	if (n && fwrite(p, 1, n, fp) != n)
		abort();
	fclose(fp);
}

static char dir[64];

static void fz_rmdir(void)
{
	if (dir[0])
		rmdir(dir);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[FZ_INCLUDES + 1][96];
	struct conf_diag d = { .report = fuzz_report };
	struct floatd_conf *c = NULL;
	const uint8_t *p = data, *end = data + size, *q;
	int i, nfiles = 0;

	/* one private directory, so "include *" only sees our own files */
	if (!dir[0]) {
		/* tmpfs when there is one: every input is four files */
		snprintf(dir, sizeof(dir), "%s/fuzz_conf.XXXXXX",
		         access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
		if (!mkdtemp(dir))
			abort();
		atexit(fz_rmdir);
	}
	snprintf(path[0], sizeof(path[0]), "%s/main.conf", dir);
	for (i = 1; i <= FZ_INCLUDES; i++)
		snprintf(path[i], sizeof(path[i]), "%s/inc%d.conf", dir, i - 1);
	/* the last file takes the rest, separators included */
	for (i = 0; i <= FZ_INCLUDES; i++) {
		q = i == FZ_INCLUDES ? end : fz_next(p, end);
		fz_write(path[i], p, (size_t)(q - p));
		nfiles++;
		if (q == end)
			break;
		p = q + strlen(FZ_SEP);
	}
	fz_reports = 0;
	if (floatd_conf_load_id(path[0], (size & 1) ? "lb1" : "fuzz", &d, &c) == 0) {
		FILE *null = fopen("/dev/null", "w");

		if (null) {
			floatd_conf_dump(null, c);
			fclose(null);
		}
		floatd_conf_free(c);
	}
	for (i = 0; i < nfiles; i++)
		unlink(path[i]);
	return 0;
}
