/* JSON and Prometheus renderings of the VRRP status views (vrrp/status.h):
 * what `floatctl status`, `history` and `metrics` print.  Pure: the caller
 * passes the clocks. */
#ifndef FLOATD_CTL_VIEW_H
#define FLOATD_CTL_VIEW_H

#include <stdint.h>
#include <stdio.h>

#include "vrrp/status.h"

struct json_object;
struct ctl_reload_stats;

struct ctl_view_clock {
	uint64_t now_ms;             /* loop_now_ms(): the base of the views' stamps */
	int64_t wall_us;             /* CLOCK_REALTIME at now_ms */
};

/* One instance as a JSON object (owned by the caller). */
struct json_object *ctl_view_instance(const struct vrrp_instance_status *,
                                      const struct ctl_view_clock *);
/* A history entry as a JSON object, naming its instance. */
struct json_object *ctl_view_history_entry(const char *instance,
                                           const struct vrrp_history_entry *);
/* "2026-12-03T20:41:07.123456Z" */
void ctl_view_iso_time(int64_t wall_us, char *out, size_t len);

/* Prometheus text exposition (format 0.0.4).  A family's samples must be
 * contiguous, so the caller writes the process-wide families, then for each
 * per-instance family (CTL_VIEW_METRICS_FIRST .. ctl_view_metrics_families()-1)
 * its header and every instance's samples of it. */
#define CTL_VIEW_METRICS_FIRST 2   /* after floatd_info and floatd_start_time_seconds */
void ctl_view_metrics_header(FILE *, const char *version, int64_t start_wall_us);
unsigned ctl_view_metrics_families(void);
void ctl_view_metrics_family_header(FILE *, unsigned family);
void ctl_view_metrics_instance_family(FILE *, unsigned family, const struct vrrp_instance_status *);
/* Reloads: {"ok": N, "failed": N, "last": {"result": "ok|failed", "at": ISO,
 * "at_us": N, "duration_ms": N}} (last is null before the first); and the
 * floatd_reloads_total / floatd_last_reload_* families, written last. */
struct json_object *ctl_view_reload(const struct ctl_reload_stats *);
void ctl_view_metrics_reload(FILE *, const struct ctl_reload_stats *);

#endif
