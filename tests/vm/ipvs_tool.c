/* Test driver for tests/vm: load a config, reconcile IPVS with it (all real
 * servers up) and save ownership, as the checker child does at start.
 * usage: ipvs_tool CONFIG OWNED_FILE   exit 0 ok, 1 error, 3 no IPVS. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "check/conf/conf_lvs.h"
#include "check/ipvs.h"
#include "check/reconcile.h"
#include "conf.h"
#include "log.h"

static void it_report(void *arg, enum conf_severity sev, const char *file, int line,
                      const char *msg)
{
	(void)arg;
	fprintf(stderr, "%s:%d: %s%s\n", file, line, sev == CONF_ERROR ? "error: " : "", msg);
}

int main(int argc, char **argv)
{
	struct conf_diag d = { it_report, NULL, 0, 0 };
	struct floatd_conf *c;
	struct ipvs_handle *h;
	struct ipvs_svc_state *want, *have;
	unsigned n_want, n_have, failed;
	struct ipvs_owned owned, after;
	struct ipvs_ops ops;
	int rc;

	if (argc != 3) {
		fprintf(stderr, "usage: ipvs_tool CONFIG OWNED_FILE\n");
		return 1;
	}
	log_init("ipvs_tool", LOG_TARGET_STDERR, false, false);
	if (floatd_conf_load_id(argv[1], "", &d, &c) < 0)
		return 1;
	rc = ipvs_open(&h);
	if (rc == IPVS_UNAVAILABLE) {
		floatd_conf_free(c);
		return 3;
	}
	if (rc < 0 || ipvs_dump(h, &have, &n_have) < 0 || ipvs_owned_load(argv[2], &owned) < 0 ||
	    ipvs_want_from_conf(c, NULL, NULL, NULL, &want, &n_want) < 0 ||
	    ipvs_reconcile(want, n_want, have, n_have, &owned, &ops, &after) < 0)
		return 1;
	rc = ipvs_apply(h, &ops, &failed);
	if (ipvs_owned_save(argv[2], &after) < 0)
		rc = -1;
	printf("ops %u failed %u owned %u\n", ops.n, failed, after.n);
	ipvs_ops_free(&ops);
	ipvs_owned_free(&owned);
	ipvs_owned_free(&after);
	ipvs_state_free(want, n_want);
	ipvs_state_free(have, n_have);
	ipvs_close(h);
	floatd_conf_free(c);
	return rc < 0 ? 1 : 0;
}
