/* What a reload changes in the LVS configuration: the old and the new
 * virtual_server lists matched by identity, so the checker child keeps
 * everything that did not change (check state, timers, IPVS entries) and
 * touches only what did.  Pure: compares two parsed configurations, no
 * I/O, no logging.
 *
 * Identity: a virtual server is its kind and key (address + port +
 * protocol, fwmark + family, or group name + protocol); a real server is
 * its address and port within a matched virtual server.  Everything else
 * is a change of a kept object. */
#ifndef FLOATD_CHECK_CONF_DIFF_H
#define FLOATD_CHECK_CONF_DIFF_H

#include <stdbool.h>
#include <stdint.h>

struct floatd_conf;

/* A kept virtual server's changes (bits) */
#define CHECK_DIFF_VS_SERVICE 0x01   /* scheduler, flags, persistence, engine: a service edit */
#define CHECK_DIFF_VS_QUORUM  0x02   /* quorum, hysteresis, sorry server: re-evaluated */
#define CHECK_DIFF_VS_SCRIPTS 0x04   /* quorum_up/down */

/* A kept real server's changes (bits) */
#define CHECK_DIFF_RS_WEIGHT  0x01   /* configured weight: an IPVS edit of the destination */
#define CHECK_DIFF_RS_DEST    0x02   /* method, thresholds, inhibit_on_failure: an IPVS edit */
#define CHECK_DIFF_RS_CHECKS  0x04   /* checkers added/removed/changed: restart its checks */
#define CHECK_DIFF_RS_SCRIPTS 0x08   /* notify_up/down */

struct check_diff_vs {
	int old;                     /* index in the old list; -1 = new */
	unsigned changed;            /* CHECK_DIFF_VS_* (kept ones only) */
};

struct check_diff_rs {
	int old;                     /* old flat index (all real servers in config
	                              * order, virtual server by virtual server); -1 = new */
	unsigned changed;            /* CHECK_DIFF_RS_* (kept ones only) */
};

struct check_diff {
	struct check_diff_vs *vs;    /* one per new virtual server, config order */
	unsigned n_vs;
	struct check_diff_rs *rs;    /* one per new real server, flat config order */
	unsigned n_rs;
	bool *old_rs_kept;           /* one per old real server (flat order) */
	bool *old_vs_kept;           /* one per old virtual server */
	unsigned n_old_vs, n_old_rs;
	/* totals, for the log and the reload result */
	unsigned vs_added, vs_removed, vs_changed, rs_added, rs_removed, rs_changed;
};

/* 0, or -1 (memory; *out is then empty). */
int check_conf_diff(const struct floatd_conf *old, const struct floatd_conf *new,
                    struct check_diff *out);
void check_diff_free(struct check_diff *);

/* Exposed for the tests: equal checker lists (kind and every parameter, in order). */
struct checker_conf;
bool check_diff_checkers_equal(const struct checker_conf *a, const struct checker_conf *b);

#endif
