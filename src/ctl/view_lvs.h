/* JSON and Prometheus renderings of the LVS checker as the VRRP process
 * sees it: the configured virtual and real servers (its configuration)
 * with the health the checker child last reported (check/supervise.h).
 * Pure: the caller passes the configuration and a lookup of the reports. */
#ifndef FLOATD_CTL_VIEW_LVS_H
#define FLOATD_CTL_VIEW_LVS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct floatd_conf;
struct json_object;

struct ctl_lvs_view {
	const struct floatd_conf *conf;   /* vs/rs indexes are positions in it */
	bool running;                     /* a checker child is alive */
	bool ipvs_unavailable;
	uint32_t starts, reloads_ok, reloads_failed, generation;
	/* real server `rs` of virtual server `vs`: 0 with *up, *weight, or -1
	 * when the checker has not said (yet) */
	int (*rs_state)(void *arg, uint32_t vs, uint32_t rs, bool *up, int32_t *weight);
	void *arg;
};

/* {"running", "starts", "generation", "reloads_applied", "reloads_failed",
 *  "ipvs", "virtual_servers": [{"name", "protocol", "scheduler", "quorum",
 *  "hysteresis", "live_weight", "quorum_up", "real_servers": [{"address",
 *  "weight", "effective_weight", "state"}]}]} */
struct json_object *ctl_view_lvs(const struct ctl_lvs_view *);
/* floatd_real_server_up{vs,rs} (known ones) and
 * floatd_checker_reloads_total{result}, headers included. */
void ctl_view_lvs_metrics(FILE *, const struct ctl_lvs_view *);

#endif
