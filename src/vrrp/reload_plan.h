/* What a reload changes (pure): the VRRP instances of the running and the
 * new configuration matched by name and sorted into unchanged, updated in
 * place, replaced (remove + add: what an instance cannot change while it
 * runs), removed and added, with the VIPs each updated instance gains and
 * loses.  Never logs, reads the clock or touches the kernel; reload.c acts
 * on the plan. */
#ifndef FLOATD_VRRP_RELOAD_PLAN_H
#define FLOATD_VRRP_RELOAD_PLAN_H

#include <stdbool.h>

#include "vrrp/conf/vrrp_conf_types.h"

enum vrrp_reload_kind {
	VRRP_RELOAD_UNCHANGED,
	VRRP_RELOAD_UPDATED,       /* changed in place: FSM, timers, VIPs kept */
	VRRP_RELOAD_REPLACED,      /* removed (make-before-break), then added */
	VRRP_RELOAD_REMOVED,
	VRRP_RELOAD_ADDED,
	VRRP_RELOAD_KIND_MAX
};

/* What an updated instance changes (bits of vrrp_reload_item.changes). */
enum {
	VRRP_RELOAD_CH_PRIORITY = 1u << 0,   /* base priority: re-evaluated by health */
	VRRP_RELOAD_CH_ADVER_INT = 1u << 1,  /* taken with the next advert */
	VRRP_RELOAD_CH_ELECTION = 1u << 2,   /* preempt, preempt_delay, state, fast_handover, ... */
	VRRP_RELOAD_CH_VIPS = 1u << 3,       /* VIPs added / removed (lists below) */
	VRRP_RELOAD_CH_TRACKERS = 1u << 4,   /* track_* lines, weights, scripts, reference */
	VRRP_RELOAD_CH_NOTIFY = 1u << 5,     /* notify scripts (or their global settings) */
	VRRP_RELOAD_CH_GARP = 1u << 6,       /* garp_*, vip_lifetime */
	VRRP_RELOAD_CH_PEERS = 1u << 7,      /* unicast_peer list (still unicast) */
	VRRP_RELOAD_CH_GROUP = 1u << 8,      /* vrrp_sync_group membership */
};

/* A VIP by position: i < n_vips is vips[i], else vips_excluded[i - n_vips]. */
struct vrrp_reload_item {
	enum vrrp_reload_kind kind;
	const struct vrrp_instance_conf *old_c;   /* NULL: added */
	const struct vrrp_instance_conf *new_c;   /* NULL: removed */
	unsigned changes;                 /* VRRP_RELOAD_CH_* (updated) */
	const char *why;                  /* replaced: the first difference that forces it */
	unsigned *vips_added;             /* positions in new_c */
	unsigned n_vips_added;
	unsigned *vips_removed;           /* positions in old_c */
	unsigned n_vips_removed;
};

/* What changes in the IPVS settings (bits of vrrp_reload_plan.lvs_changes):
 * a changed sync daemon restarts (stopped, started with the new settings);
 * changed timeouts are set again; lvs_flush_onstop is taken as it is;
 * lvs_flush acts only at start, as keepalived's. */
enum {
	VRRP_RELOAD_LVS_SYNC = 1u << 0,      /* lvs_sync_daemon (any field, the instance's VRID) */
	VRRP_RELOAD_LVS_TIMEOUTS = 1u << 1,  /* lvs_timeouts */
	VRRP_RELOAD_LVS_FLUSH_ONSTOP = 1u << 2,
};

struct vrrp_reload_plan {
	struct vrrp_reload_item *items;   /* new config order, then the removed ones */
	unsigned n_items;
	unsigned count[VRRP_RELOAD_KIND_MAX];
	unsigned lvs_changes;             /* VRRP_RELOAD_LVS_* */
};

/* Compare two validated configurations.  0, or -1 on ENOMEM (nothing to free). */
int vrrp_reload_plan_build(const struct floatd_conf *old_conf, const struct floatd_conf *new_conf,
                           struct vrrp_reload_plan *out);
void vrrp_reload_plan_free(struct vrrp_reload_plan *);
const char *vrrp_reload_kind_name(enum vrrp_reload_kind);

/* Shared with the trackers and sync groups, which keep their state across a
 * reload when these say "same". */
bool vrrp_reload_script_same(const struct script_conf *, const struct script_conf *);
/* A vrrp_script that may keep its result and rise/fall counters: same name,
 * command, user, timeout, rise, fall and init_fail (interval and weight
 * may differ: they apply from the next run / evaluation). */
bool vrrp_reload_vrrp_script_same(const struct vrrp_script_conf *,
                                  const struct vrrp_script_conf *);
/* A vrrp_track_file that may keep its watch and value: same name, path, init_*. */
bool vrrp_reload_track_file_same(const struct vrrp_track_file_conf *,
                                 const struct vrrp_track_file_conf *);
bool vrrp_reload_reference_same(const struct track_reference_conf *,
                                const struct track_reference_conf *);
/* The global settings every notify and script object was prepared with
 * (script_user, script_group, enable_script_security, notify_fifo, and the
 * email-alert settings: src/conf_mail.c). */
bool vrrp_reload_script_globals_same(const struct floatd_conf *, const struct floatd_conf *);
/* A vrrp_track_process that may keep its counted processes and quorum:
 * same name, process, parameters, match and quorum settings (weight and
 * reverse are the track_process line's). */
bool vrrp_reload_track_process_same(const struct vrrp_track_process_conf *,
                                    const struct vrrp_track_process_conf *);
/* notify_fifo / vrrp_notify_fifo / lvs_notify_fifo: same path, owner and script. */
bool vrrp_reload_fifo_same(const struct notify_fifo_conf *, const struct notify_fifo_conf *);
/* Global settings that a reload cannot apply (they take effect at the next
 * start): the keywords whose value differs, at most `max` into names[]. */
unsigned vrrp_reload_restart_only(const struct floatd_conf *, const struct floatd_conf *,
                                  const char **names, unsigned max);
bool vrrp_reload_vip_same(const struct vip_conf *, const struct vip_conf *);

#endif
