/* libFuzzer harness for whole configurations with includes, without a
 * disk: the input is a set of files (NUL-separated: main file's text, then
 * name, text, name, text ...), turned into a configuration snapshot under
 * /f/ and loaded from it (lexer, include globs, $PARAM, tables, validation,
 * dump).  The raw input also goes through the snapshot decoder.
 * Seeds: tests/fuzz/conf_snap_corpus (several files) and tests/fuzz/conf_corpus
 * (a main file each).  Build with configure --enable-fuzz CC=clang. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "conf_snap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_MAX_FILES 8

static void fuzz_report(void *arg, enum conf_severity sev, const char *file, int line,
                        const char *msg)
{
	(void)arg;
	(void)sev;
	(void)file;
	(void)line;
	(void)msg;
}

/* Glob answers as include lines ask them: each path answers the plain
 * include of itself, and the pattern "*.conf" in /f all but the main file. */
static void fuzz_add_globs(struct conf_snap *s, char paths[][80], unsigned n)
{
	char all[FUZZ_MAX_FILES * 80];
	size_t len = 0;

	for (unsigned i = 0; i < n; i++) {
		size_t k = strlen(paths[i]) + 1;

		conf_snap_add(s, CONF_SNAP_GLOB, paths[i], 0, 0, 0, paths[i], k);
		if (i > 0) {
			memcpy(all + len, paths[i], k);
			len += k;
		}
	}
	if (len)
		conf_snap_add(s, CONF_SNAP_GLOB, "/f/*.conf", 0, 0, 0, all, len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct conf_diag d = { .report = fuzz_report };
	struct floatd_conf *c = NULL;
	struct conf_snap *s, *dec = NULL;
	char paths[FUZZ_MAX_FILES][80];
	const uint8_t *p = data, *end = data + size;
	unsigned n = 0;

	if (conf_snap_decode(data, size, &dec) == CONF_SNAP_OK)
		conf_snap_free(dec);
	if (!(s = conf_snap_new()))
		return 0;
	conf_snap_add(s, CONF_SNAP_META, "main", 0, 0, 0, "/f/main.conf", 12);
	conf_snap_add(s, CONF_SNAP_META, "config_id", 0, 0, 0, "fuzz", 4);
	conf_snap_add(s, CONF_SNAP_META, "host", 0, 0, 0, "fuzzhost", 8);
	while (n < FUZZ_MAX_FILES) {
		const uint8_t *z = memchr(p, '\0', (size_t)(end - p));
		const uint8_t *text = p, *tend;

		if (n > 0) {
			/* a name, then its text */
			if (!z || z - p == 0 || z - p > 60)
				break;
			snprintf(paths[n], sizeof(paths[n]), "/f/%.*s", (int)(z - p), (const char *)p);
			if (strchr(paths[n] + 3, '/'))
				break;
			text = z + 1;
			z = memchr(text, '\0', (size_t)(end - text));
		} else {
			snprintf(paths[0], sizeof(paths[0]), "/f/main.conf");
		}
		tend = z ? z : end;
		conf_snap_add(s, CONF_SNAP_FILE, paths[n], 0, 0, n + 1, text, (size_t)(tend - text));
		n++;
		if (!z)
			break;
		p = z + 1;
	}
	fuzz_add_globs(s, paths, n);
	if (floatd_conf_load_snap(s, &d, &c) == 0) {
		FILE *null = fopen("/dev/null", "w");

		if (null) {
			floatd_conf_dump(null, c);
			fclose(null);
		}
		floatd_conf_free(c);
	}
	conf_snap_free(s);
	return 0;
}
