/* Test driver for tests/conf/run.sh: load a config like `floatd -t -v`
 * (same "file:line: error: msg" lines, then the dump, same exit status)
 * without the daemon.
 * Usage: conftest [-i CONFIG_ID] FILE */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "conf.h"

static void conftest_report(void *arg, enum conf_severity sev, const char *file, int line,
                            const char *msg)
{
	(void)arg;
	printf("%s:%d: %s: %s\n", file, line, sev == CONF_ERROR ? "error" : "warning", msg);
}

int main(int argc, char **argv)
{
	struct conf_diag diag = { .report = conftest_report };
	struct floatd_conf *c;
	const char *id = NULL;
	int rc;

	if (argc == 4 && strcmp(argv[1], "-i") == 0) {
		id = argv[2];
		argv += 2;
		argc -= 2;
	}
	if (argc != 2) {
		fprintf(stderr, "usage: conftest [-i CONFIG_ID] FILE\n");
		return 2;
	}
	rc = id ? floatd_conf_load_id(argv[1], id, &diag, &c)
	        : floatd_conf_load_id(argv[1], "", &diag, &c);
	if (rc == 0) {
		floatd_conf_dump(stdout, c);
		floatd_conf_free(c);
	}
	/* floatd -t's codes: 0 clean, 1 errors, 3 warnings only */
	if (rc != 0)
		return 1;
	return diag.warnings > 0 ? 3 : 0;
}
