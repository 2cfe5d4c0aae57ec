/* Instance health (health.c): effective priority and FAULT from trackers,
 * interface, track_reference and sync group; sync-group moves and group
 * notify.  Its state is struct vrrp_health (per instance, vi->health) and
 * struct vrrp_health_set (trackers and sync groups, set->health), touched
 * by health.c alone. */
#ifndef FLOATD_VRRP_HEALTH_H
#define FLOATD_VRRP_HEALTH_H

#include <stdbool.h>
#include <stdint.h>

struct floatd_conf;
struct netlink_event;
struct vrrp_actions;
struct vrrp_instance;
struct vrrp_set;
struct vrrp_trackers;
struct vrrp_health;

/* An instance's health state: trackers' verdict, FAULT reason, sync group,
 * last advert heard.  new: NULL on ENOMEM; free: NULL is fine. */
struct vrrp_health *vrrp_health_new(void);
void vrrp_health_inst_free(struct vrrp_health *);
/* Read-only views for status.c: when a peer's advert was last heard (0 =
 * never), why the instance is in FAULT ("" = no reason recorded), whether
 * it is in a vrrp_sync_group, and the set's trackers (NULL before
 * vrrp_health_start). */
uint64_t vrrp_health_last_advert_ms(const struct vrrp_instance *);
const char *vrrp_health_fault_reason(const struct vrrp_instance *);
bool vrrp_health_in_group(const struct vrrp_instance *);
const struct vrrp_trackers *vrrp_health_trackers(const struct vrrp_set *);
/* The instance no longer moves with its sync group (reload: removed). */
void vrrp_health_leave_group(struct vrrp_instance *);
/* The set's sync groups and trackers (set->health), then a first
 * evaluation.  0 / -1 (vrrp_health_free frees what was made). */
int vrrp_health_start(struct vrrp_set *);
void vrrp_health_eval_all(struct vrrp_set *);
/* BACKUP's down timer expired: true when the instance must not become
 * MASTER: it went to FAULT (track_reference: neither peer nor reference
 * reachable), or it re-armed the timer to wait for the reference's first
 * verdict at startup. */
bool vrrp_health_isolated(struct vrrp_instance *);
void vrrp_health_advert_heard(struct vrrp_instance *);
void vrrp_health_netlink_event(struct vrrp_set *, const struct netlink_event *);
void vrrp_health_state_changed(struct vrrp_instance *, const struct vrrp_actions *);
unsigned vrrp_health_pending(const struct vrrp_set *);
/* Reload (set->conf is the new configuration already): sync groups matched
 * by name keep their reported state (their notify scripts are prepared
 * again only when they changed), members are assigned again, the trackers
 * follow (track.h).  Does not evaluate: the caller does, once.  0 / -1. */
int vrrp_health_reload(struct vrrp_set *, const struct floatd_conf *old_conf);
/* Each instance of the set into its vrrp_sync_group (instances added later). */
void vrrp_health_groups_assign(struct vrrp_set *);
/* The set's health state (set->health); NULL is fine. */
void vrrp_health_free(struct vrrp_set *);

#endif
