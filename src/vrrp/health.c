/* Instance health: the effective priority and FAULT that trackers
 * (track.h), the instance's own interface and track_reference decide, and
 * vrrp_sync_group behaviour (members move together; one member's FAULT is
 * the group's; group notify scripts run once per group transition).
 * Decides only; the FSM (fsm.c) changes state and instance.c acts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "health.h"
#include "instance_int.h"
#include "notify.h"
#include "reload_plan.h"
#include "vrrp/track/track.h"

/* An instance's health state, reached as vi->health; only this file
 * writes it. */
struct vrrp_health {
	struct vrrp_group *group;       /* NULL = not in a vrrp_sync_group */
	uint64_t last_advert_ms;        /* last valid advert from a peer */
	bool own_fault;                 /* this instance's own reason, not the group's */
	uint8_t priority;               /* effective priority from the last evaluation */
	char fault_reason[128];
};

struct vrrp_group {
	const struct vrrp_sync_group_conf *c;
	struct vrrp_notify *notify;
	enum vrrp_state state;          /* last state reported for the group */
	struct vrrp_group *next;
};

/* The set's health state, reached as set->health (made by
 * vrrp_health_start); only this file reads or writes it. */
struct vrrp_health_set {
	struct vrrp_trackers *trackers;
	struct vrrp_group *groups;      /* sync groups */
	bool group_propagating;         /* no recursion while moving a group */
};

/* NULL until vrrp_health_start made the set's state */
static struct vrrp_trackers *
set_trackers(const struct vrrp_set *set)
{
	return set->health != NULL ? set->health->trackers : NULL;
}

static void
health_changed(void *arg)
{
	vrrp_health_eval_all(arg);
}

static bool
peer_heard_recently(const struct vrrp_instance *vi, uint64_t now)
{
	return vi->health->last_advert_ms != 0 &&
	       now - vi->health->last_advert_ms < vrrp_fsm_master_down_ms(&vi->fsm);
}

static uint8_t
effective_priority(const struct vrrp_instance *vi, const struct vrrp_track_view *v)
{
	int p = vi->c->priority + v->priority_delta;

	/* RFC 5798 §5.2.4: 255 is the address owner's alone, and an owner's
	 * priority never moves (keepalived likewise) */
	if (vi->c->priority == 255)
		return 255;
	/* floatctl release: held at the lowest priority until resumed */
	if (vi->released)
		return 1;
	return (uint8_t)(p < 1 ? 1 : p > 254 ? 254 : p);
}

/* The instance's own reason to be in FAULT (not its group's). */
static bool
own_fault(struct vrrp_instance *vi, const struct vrrp_track_view *v, uint64_t now)
{
	/* dont_track_primary (keepalived): the link going down is ignored; an
	 * interface that is gone or has no address still is a FAULT (nothing
	 * can be sent from it) */
	if (vi->c->dont_track_primary ? vi->ifc->ifindex <= 0 || !vi->ifc->has_primary
	                              : !vrrp_iface_usable(vi->ifc)) {
		snprintf(vi->health->fault_reason, sizeof(vi->health->fault_reason), vi->ifc->ifindex > 0
		         ? "interface %s is down or has no address" : "interface %s does not exist",
		         vi->ifc->name);
		return true;
	}
	if (v->fault) {
		snprintf(vi->health->fault_reason, sizeof(vi->health->fault_reason), "%s", v->fault_reason);
		return true;
	}
	/* track_reference (floatd): a node that hears neither its peer nor any
	 * reference address is the one cut off, and must not hold the VIPs.  A
	 * MASTER never hears its (silent) backups, so for it the reference
	 * alone decides. */
	if (v->has_reference && !v->reference_ok && !peer_heard_recently(vi, now)) {
		snprintf(vi->health->fault_reason, sizeof(vi->health->fault_reason),
		         "no reference address answers and no advertisement from a peer");
		return true;
	}
	return false;
}

static const struct vrrp_instance *
group_member_in_fault(const struct vrrp_instance *vi)
{
	if (vi->health->group == NULL)
		return NULL;
	for (const struct vrrp_instance *m = vi->set->instances; m != NULL; m = m->next)
		if (m != vi && m->health->group == vi->health->group && m->health->own_fault)
			return m;
	return NULL;
}

static void
apply(struct vrrp_instance *vi, bool fault, uint8_t prio)
{
	struct vrrp_event ev = { .kind = VRRP_EV_PRIORITY, .new_priority = prio };

	if (vi->fsm.state == VRRP_STATE_INIT) {
		/* STARTUP will read these */
		vi->fsm.faulted = fault;
		vi->fsm.priority = prio;
		return;
	}
	if (vi->stopped || vi->fsm.state == VRRP_STATE_LEAVING || vi->fsm.state == VRRP_STATE_STOP)
		return;
	if (prio != vi->fsm.priority) {
		log_info("(%s) effective priority %u -> %u", vi->c->name, vi->fsm.priority, prio);
		vrrp_instance_step(vi, &ev);
		if (vi->notify)
			vrrp_notify_priority(vi->notify, vi->fsm.state, prio);
	}
	if (fault && vi->fsm.state != VRRP_STATE_FAULT) {
		log_warnx("(%s) fault: %s", vi->c->name, vi->health->fault_reason);
		ev.kind = VRRP_EV_FAULT;
		vrrp_instance_step(vi, &ev);
	} else if (!fault && vi->fsm.state == VRRP_STATE_FAULT) {
		log_info("(%s) fault cleared", vi->c->name);
		ev.kind = VRRP_EV_FAULT_CLEAR;
		vrrp_instance_step(vi, &ev);
	}
}

void
vrrp_health_eval_all(struct vrrp_set *set)
{
	uint64_t now = loop_now_ms();
	struct vrrp_track_view v;

	/* two passes: a group's FAULT needs every member's own verdict first;
	 * the trackers are read once, in the first */
	for (struct vrrp_instance *vi = set->instances; vi != NULL; vi = vi->next) {
		memset(&v, 0, sizeof(v));
		if (set_trackers(set) != NULL)
			vrrp_trackers_eval(set_trackers(set), vi->c, &v);
		vi->health->own_fault = own_fault(vi, &v, now);
		vi->health->priority = effective_priority(vi, &v);
	}
	for (struct vrrp_instance *vi = set->instances; vi != NULL; vi = vi->next) {
		const struct vrrp_instance *culprit = group_member_in_fault(vi);
		bool fault = vi->health->own_fault || culprit != NULL;

		if (!vi->health->own_fault && culprit != NULL)
			snprintf(vi->health->fault_reason, sizeof(vi->health->fault_reason),
			         "sync group %s: %s is in FAULT", vi->health->group->c->name, culprit->c->name);
		apply(vi, fault, vi->health->priority);
	}
}

bool
vrrp_health_isolated(struct vrrp_instance *vi)
{
	struct vrrp_track_view v;

	if (set_trackers(vi->set) == NULL || vi->c->track_reference.n_addrs == 0)
		return false;
	memset(&v, 0, sizeof(v));
	vrrp_trackers_eval(set_trackers(vi->set), vi->c, &v);
	/* startup: the probes have not settled the reference yet (no answer,
	 * fewer than `fall` misses).  Unknown is no licence to take over: stay
	 * BACKUP and look again after one more probe round. */
	if (v.has_reference && !v.reference_known && !peer_heard_recently(vi, loop_now_ms()) &&
	    vrrp_iface_usable(vi->ifc) && !v.fault) {
		log_info("(%s) master down, but track_reference has no verdict yet: waiting",
		         vi->c->name);
		loop_timer_after(vi->timer, vi->c->track_reference.interval_ms);
		return true;
	}
	if (!own_fault(vi, &v, loop_now_ms()))
		return false;
	vi->health->own_fault = true;
	log_warnx("(%s) master down, but %s: FAULT instead of MASTER", vi->c->name, vi->health->fault_reason);
	vrrp_health_eval_all(vi->set);
	return vi->fsm.state == VRRP_STATE_FAULT;
}

void
vrrp_health_advert_heard(struct vrrp_instance *vi)
{
	vi->health->last_advert_ms = loop_now_ms();
	/* the peer is back: an instance held in FAULT by track_reference may serve */
	if (vi->fsm.state == VRRP_STATE_FAULT && vi->c->track_reference.n_addrs > 0)
		vrrp_health_eval_all(vi->set);
}

void
vrrp_health_netlink_event(struct vrrp_set *set, const struct netlink_event *ev)
{
	if (set_trackers(set) != NULL)
		vrrp_trackers_netlink_event(set_trackers(set), ev);
}

/* ---- sync groups */

static void
group_report(struct vrrp_set *set, struct vrrp_group *g)
{
	enum vrrp_state common = VRRP_STATE_MAX;

	for (const struct vrrp_instance *m = set->instances; m != NULL; m = m->next) {
		if (m->health->group != g)
			continue;
		if (common == VRRP_STATE_MAX)
			common = m->fsm.state;
		else if (common != m->fsm.state)
			return;   /* still moving */
	}
	if (common == VRRP_STATE_MAX || common == g->state)
		return;
	g->state = common;
	if (common == VRRP_STATE_MASTER || common == VRRP_STATE_BACKUP ||
	    common == VRRP_STATE_FAULT || common == VRRP_STATE_STOP) {
		log_info("(%s) sync group Entering %s STATE", g->c->name, vrrp_state_name(common));
		if (g->notify != NULL)
			vrrp_notify_state(g->notify, common, 0);
	}
}

void
vrrp_health_state_changed(struct vrrp_instance *vi, const struct vrrp_actions *acts)
{
	struct vrrp_set *set = vi->set;

	if (vi->health->group == NULL)
		return;
	if (!set->health->group_propagating) {
		struct vrrp_event ev = { .kind = VRRP_EV_MAX };

		if (acts->to == VRRP_STATE_MASTER)
			ev.kind = VRRP_EV_GROUP_MASTER;
		else if (acts->from == VRRP_STATE_MASTER && acts->to == VRRP_STATE_BACKUP)
			ev.kind = VRRP_EV_GROUP_BACKUP;
		if (ev.kind != VRRP_EV_MAX) {
			set->health->group_propagating = true;
			for (struct vrrp_instance *m = set->instances; m != NULL; m = m->next)
				if (m != vi && m->health->group == vi->health->group && !m->stopped)
					vrrp_instance_step(m, &ev);
			set->health->group_propagating = false;
		}
	}
	group_report(set, vi->health->group);
}

/* ---- life cycle */

struct vrrp_health *
vrrp_health_new(void)
{
	return calloc(1, sizeof(struct vrrp_health));
}

void
vrrp_health_inst_free(struct vrrp_health *h)
{
	free(h);
}

uint64_t
vrrp_health_last_advert_ms(const struct vrrp_instance *vi)
{
	return vi->health->last_advert_ms;
}

const char *
vrrp_health_fault_reason(const struct vrrp_instance *vi)
{
	return vi->health->fault_reason;
}

bool
vrrp_health_in_group(const struct vrrp_instance *vi)
{
	return vi->health->group != NULL;
}

const struct vrrp_trackers *
vrrp_health_trackers(const struct vrrp_set *set)
{
	return set_trackers(set);
}

void
vrrp_health_leave_group(struct vrrp_instance *vi)
{
	vi->health->group = NULL;
}

static int
groups_create(struct vrrp_set *set)
{
	for (const struct vrrp_sync_group_conf *gc = set->conf->sync_groups; gc != NULL; gc = gc->next) {
		struct vrrp_group *g = calloc(1, sizeof(*g));

		if (g == NULL)
			return -1;
		g->c = gc;
		g->state = VRRP_STATE_INIT;
		g->next = set->health->groups;
		set->health->groups = g;
		g->notify = vrrp_notify_new_group(set->loop, set->conf, gc);
		if (g->notify == NULL)
			return -1;
		for (unsigned i = 0; i < gc->n_members; i++)
			for (struct vrrp_instance *vi = set->instances; vi != NULL; vi = vi->next)
				if (vi->c == gc->instances[i])
					vi->health->group = g;
	}
	return 0;
}

int
vrrp_health_start(struct vrrp_set *set)
{
	if (set->health == NULL && (set->health = calloc(1, sizeof(*set->health))) == NULL)
		return -1;
	if (groups_create(set) < 0)
		return -1;
	set->health->trackers = vrrp_trackers_new(set->loop, set->nl, set->conf, health_changed, set);
	if (set->health->trackers == NULL || vrrp_trackers_start(set->health->trackers) < 0) {
		log_warnx("cannot start trackers");
		return -1;
	}
	vrrp_health_eval_all(set);
	return 0;
}

void
vrrp_health_groups_assign(struct vrrp_set *set)
{
	if (set->health == NULL)
		return;
	for (struct vrrp_group *g = set->health->groups; g != NULL; g = g->next)
		for (unsigned i = 0; i < g->c->n_members; i++)
			for (struct vrrp_instance *vi = set->instances; vi != NULL; vi = vi->next)
				if (vi->c == g->c->instances[i] && !vi->removing)
					vi->health->group = g;
}

static bool
group_notify_same(const struct vrrp_sync_group_conf *a, const struct vrrp_sync_group_conf *b)
{
	return vrrp_reload_script_same(&a->notify_master, &b->notify_master) &&
	       vrrp_reload_script_same(&a->notify_backup, &b->notify_backup) &&
	       vrrp_reload_script_same(&a->notify_fault, &b->notify_fault) &&
	       vrrp_reload_script_same(&a->notify_stop, &b->notify_stop) &&
	       vrrp_reload_script_same(&a->notify, &b->notify);
}

int
vrrp_health_reload(struct vrrp_set *set, const struct floatd_conf *old_conf)
{
	bool globals = vrrp_reload_script_globals_same(old_conf, set->conf);
	struct vrrp_group *old, *kept = NULL;
	int rc = 0;

	if (set->health == NULL && (set->health = calloc(1, sizeof(*set->health))) == NULL)
		return -1;
	old = set->health->groups;
	set->health->groups = NULL;
	for (struct vrrp_instance *vi = set->instances; vi != NULL; vi = vi->next)
		vi->health->group = NULL;
	for (const struct vrrp_sync_group_conf *gc = set->conf->sync_groups; gc != NULL; gc = gc->next) {
		struct vrrp_group *g = NULL, **pp;

		for (pp = &old; *pp != NULL; pp = &(*pp)->next)
			if (strcmp((*pp)->c->name, gc->name) == 0) {
				g = *pp;
				*pp = g->next;
				break;
			}
		if (g == NULL) {
			if ((g = calloc(1, sizeof(*g))) == NULL) {
				rc = -1;
				continue;
			}
			g->state = VRRP_STATE_INIT;
		} else if (!globals || !group_notify_same(g->c, gc)) {
			vrrp_notify_free(g->notify);
			g->notify = NULL;
		}
		g->c = gc;
		if (g->notify == NULL)
			g->notify = vrrp_notify_new_group(set->loop, set->conf, gc);
		g->next = kept;
		kept = g;
	}
	set->health->groups = kept;
	vrrp_health_groups_assign(set);
	while (old != NULL) {
		struct vrrp_group *g = old;

		old = g->next;
		vrrp_notify_free(g->notify);
		free(g);
	}
	if (set->health->trackers != NULL &&
	    vrrp_trackers_reload(set->health->trackers, set->conf) < 0)
		rc = -1;
	return rc;
}

unsigned
vrrp_health_pending(const struct vrrp_set *set)
{
	unsigned n = 0;

	if (set->health == NULL)
		return 0;
	/* tracker scripts are not waited for: they only matter while running */
	for (const struct vrrp_group *g = set->health->groups; g != NULL; g = g->next)
		n += vrrp_notify_pending(g->notify);
	return n;
}

void
vrrp_health_free(struct vrrp_set *set)
{
	struct vrrp_health_set *hs = set->health;

	if (hs == NULL)
		return;
	vrrp_trackers_free(hs->trackers);
	while (hs->groups != NULL) {
		struct vrrp_group *g = hs->groups;

		hs->groups = g->next;
		vrrp_notify_free(g->notify);
		free(g);
	}
	free(hs);
	set->health = NULL;
}
