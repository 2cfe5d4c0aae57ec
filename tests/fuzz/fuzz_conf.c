/* libFuzzer harness for the config loader: each input is written to a
 * temporary file and loaded (lexer, includes, tables, validation, dump).
 * Seeds: tests/fuzz/conf_corpus and the .conf files of tests/conf. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "conf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fuzz_report(void *arg, enum conf_severity sev, const char *file, int line,
                        const char *msg)
{
	(void)arg;
	(void)sev;
	(void)file;
	(void)line;
	(void)msg;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char dir[64];
	char path[96];
	struct conf_diag d = { .report = fuzz_report };
	struct floatd_conf *c = NULL;
	FILE *fp;

	/* one private directory, so "include *" only sees our own file */
	if (!dir[0]) {
		snprintf(dir, sizeof(dir), "/tmp/fuzz_conf.XXXXXX");
		if (!mkdtemp(dir))
			abort();
	}
	snprintf(path, sizeof(path), "%s/f.conf", dir);
	fp = fopen(path, "wb");
	if (!fp)
		return 0;
	fwrite(data, 1, size, fp);
	fclose(fp);
	if (floatd_conf_load_id(path, "fuzz", &d, &c) == 0) {
		FILE *null = fopen("/dev/null", "w");

		if (null) {
			floatd_conf_dump(null, c);
			fclose(null);
		}
		floatd_conf_free(c);
	}
	unlink(path);
	return 0;
}
