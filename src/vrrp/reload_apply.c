/* Applying a reload to the running instances (see vrrp_set_reload() in
 * instance.h): the plan (reload_plan.c) says what changed; this file moves
 * every pointer from the old configuration to the new one, changes what
 * may change in place, lets removed instances leave make-before-break and
 * starts new ones.  Two phases: everything that can fail for lack of
 * memory is allocated first, so a failed reload changes nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "master_objects.h"
#include "statics.h"
#include "instance.h"
#include "instance_int.h"
#include "log.h"
#include "notify.h"
#include "lvs_sync.h"
#include "reload_plan.h"
#include "vip.h"

/* A configuration that removed instances still use while they leave. */
struct vrrp_retired_conf {
	struct floatd_conf *conf;
	void (*conf_free)(struct floatd_conf *);   /* the caller's, handed over with it */
	unsigned users;              /* removed instances not yet freed */
	struct vrrp_retired_conf *next;
};

/* What the first phase prepared for one kept instance. */
struct prepared {
	struct vrrp_instance *vi;    /* NULL: no running instance (start it) */
	struct vrrp_vips *vips;
	union vrrp_addr *adv_addrs;
	struct vrrp_notify *notify;  /* NULL: keep the old one */
};

static struct vrrp_instance *
live_instance(struct vrrp_set *set, const struct vrrp_instance_conf *c)
{
	for (struct vrrp_instance *vi = set->instances; vi != NULL; vi = vi->next)
		if (vi->c == c && !vi->removing)
			return vi;
	return NULL;
}

/* A removed instance still leaving on the same interface and VRID (or of
 * the same name): the new one waits until it stopped. */
static bool
blocked_by_leaving(const struct vrrp_set *set, const struct vrrp_instance_conf *c)
{
	for (const struct vrrp_instance *vi = set->instances; vi != NULL; vi = vi->next)
		if (vi->removing && !vi->stopped &&
		    ((vi->c->vrid == c->vrid && vi->c->family == c->family &&
		      strcmp(vi->c->interface, c->interface) == 0) ||
		     strcmp(vi->c->name, c->name) == 0))
			return true;
	return false;
}

static void
unprepare(struct prepared *p, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		vrrp_vips_free(p[i].vips);
		free(p[i].adv_addrs);
		vrrp_notify_free(p[i].notify);
	}
	free(p);
}

static int
prepare_one(struct vrrp_set *set, const struct floatd_conf *conf, const struct vrrp_reload_item *it,
            struct prepared *p)
{
	const struct vrrp_instance_conf *c = it->new_c;
	struct vrrp_instance *vi = p->vi;
	unsigned n_adv = c->n_vips > VRRP_MAX_ADDRS ? VRRP_MAX_ADDRS : c->n_vips;

	p->vips = vrrp_vips_new(set->nl, c, vrrp_extras_vip_ifindex(vi->extras, vi->ifc->ifindex));
	p->adv_addrs = calloc(n_adv + 1, sizeof(*p->adv_addrs));
	if (p->vips == NULL || p->adv_addrs == NULL)
		return -1;
	if (c->vip_lifetime_s != 0 && c->vip_lifetime_s != UINT32_MAX)
		vrrp_vips_set_lifetime(p->vips, c->vip_lifetime_s);
	for (unsigned i = 0; i < n_adv; i++)
		p->adv_addrs[i] = c->vips[i].addr;
	if (it->changes & VRRP_RELOAD_CH_NOTIFY) {
		/* prepared with the new global script settings */
		p->notify = vrrp_notify_new(set->loop, conf, c);
		if (p->notify == NULL)
			return -1;
	}
	return 0;
}

static void
log_update(const struct vrrp_instance *vi, const struct vrrp_reload_item *it)
{
	static const char *const what[] = {
		"priority", "advert_int", "election settings", "VIPs", "trackers",
		"notify scripts", "GARP settings", "unicast peers", "sync group",
	};
	char buf[256] = "";
	size_t off = 0;

	for (unsigned b = 0; b < sizeof(what) / sizeof(what[0]); b++)
		if (it->changes & (1u << b)) {
			int n = snprintf(buf + off, sizeof(buf) - off, "%s%s", off ? ", " : "", what[b]);

			if (n > 0 && (size_t)n < sizeof(buf) - off)
				off += (size_t)n;
		}
	if (it->changes & VRRP_RELOAD_CH_VIPS)
		log_info("(%s) reload: updated in place (%s; %u VIP(s) added, %u removed)",
		         vi->c->name, buf, it->n_vips_added, it->n_vips_removed);
	else
		log_info("(%s) reload: updated in place (%s)", vi->c->name, buf);
}

/* Same instance, new configuration: no FSM event here (a priority change
 * comes from the health evaluation afterwards), so an unchanged instance
 * sees no transition, no timer change and no VIP removed. */
static void
commit_one(struct vrrp_instance *vi, const struct vrrp_reload_item *it, struct prepared *p)
{
	const struct vrrp_instance_conf *c = it->new_c;
	bool held = vi->fsm.state == VRRP_STATE_MASTER || vi->fsm.state == VRRP_STATE_LEAVING;
	struct vrrp_fsm_params params;

	if (held) {
		for (unsigned i = 0; i < it->n_vips_removed; i++)
			vrrp_vips_del_one(vi->vips, it->vips_removed[i]);
		for (unsigned i = 0; i < it->n_vips_added; i++)
			vrrp_vips_add_one(p->vips, it->vips_added[i]);
	}
	vrrp_vips_free(vi->vips);
	vi->vips = p->vips;
	free(vi->adv_addrs);
	vi->adv_addrs = p->adv_addrs;
	vi->n_adv = (uint8_t)(c->n_vips > VRRP_MAX_ADDRS ? VRRP_MAX_ADDRS : c->n_vips);
	if (p->notify != NULL) {
		vrrp_notify_free(vi->notify);   /* a running script finishes */
		vi->notify = p->notify;
	}
	p->vips = NULL;
	p->adv_addrs = NULL;
	p->notify = NULL;
	/* adver_int, preempt, ...: read by the FSM from its next event on */
	vrrp_instance_fsm_params(c, &params);
	params.version = vi->fsm.p.version;
	vi->fsm.p = params;
	vrrp_extras_rebind(vi->extras, c);
	vi->c = c;
	if (it->kind == VRRP_RELOAD_UPDATED)
		log_update(vi, it);
	/* new VIPs only: clients of the others need no news */
	if (vi->fsm.state == VRRP_STATE_MASTER && it->n_vips_added > 0)
		vrrp_announce_vips(vi, it->vips_added, it->n_vips_added);
}

/* Removed (or replaced): leave as in a shutdown of this one instance. */
static void
remove_one(struct vrrp_instance *vi, struct vrrp_retired_conf *r, const char *why)
{
	struct vrrp_event ev = { .kind = VRRP_EV_SHUTDOWN };

	if (why != NULL)
		log_info("(%s) reload: %s changed: the instance is replaced (removed, then added)",
		         vi->c->name, why);
	else
		log_info("(%s) reload: removed from the configuration; %s", vi->c->name,
		         vi->fsm.state == VRRP_STATE_MASTER ? "handing over" : "stopping");
	vi->removing = true;
	vi->retired = r;
	vrrp_health_leave_group(vi);
	r->users++;
	if (vi->stopped) {
		vrrp_reload_instance_stopped(vi);
		return;
	}
	if (vi->fsm.state == VRRP_STATE_INIT) {
		/* never started: nothing to hand over */
		vi->stopped = true;
		vi->set->running--;
		vrrp_reload_instance_stopped(vi);
		return;
	}
	vrrp_instance_step(vi, &ev);
}

/* Start what the current configuration has and nothing runs for: added
 * instances, and replacements whose predecessor stopped.  As at start-up:
 * trackers decide the first priority, then STARTUP. */
static unsigned
start_missing(struct vrrp_set *set, unsigned *failed)
{
	struct vrrp_event ev = { .kind = VRRP_EV_STARTUP };
	struct vrrp_instance *started[64];
	unsigned n = 0, total = 0;
	bool more = true;

	while (more) {
		more = false;
		n = 0;
		for (const struct vrrp_instance_conf *c = set->conf->instances; c != NULL; c = c->next) {
			struct vrrp_instance *vi;

			if (live_instance(set, c) != NULL || blocked_by_leaving(set, c))
				continue;
			if (n == sizeof(started) / sizeof(started[0])) {
				more = true;
				break;
			}
			if (vrrp_instance_create(set, c, true, &vi) < 0) {
				log_warnx("(%s) reload: cannot create the instance; it does not run", c->name);
				(*failed)++;
				if (vi != NULL) {
					set->instances = vi->next;   /* prepended */
					vrrp_instance_free(vi);
				}
				continue;
			}
			started[n++] = vi;
		}
		if (n == 0)
			break;
		vrrp_health_groups_assign(set);
		vrrp_health_eval_all(set);
		for (unsigned i = 0; i < n; i++) {
			log_info("(%s) reload: new instance starting", started[i]->c->name);
			vrrp_instance_step(started[i], &ev);
		}
		total += n;
	}
	return total;
}

static void
reap_fired(struct loop_timer *t, void *arg)
{
	struct vrrp_set *set = arg;
	struct vrrp_instance **pp = &set->instances;
	struct vrrp_retired_conf **rp = &set->retired;
	unsigned failed = 0;

	(void)t;
	while (*pp != NULL) {
		struct vrrp_instance *vi = *pp;

		if (!vi->removing || !vi->stopped) {
			pp = &vi->next;
			continue;
		}
		*pp = vi->next;
		if (vi->retired != NULL)
			vi->retired->users--;
		vrrp_instance_free(vi);
	}
	while (*rp != NULL) {
		struct vrrp_retired_conf *r = *rp;

		if (r->users > 0) {
			rp = &r->next;
			continue;
		}
		*rp = r->next;
		r->conf_free(r->conf);
		free(r);
	}
	if (!set->shutting_down)
		start_missing(set, &failed);
}

static void
reap_soon(struct vrrp_set *set)
{
	if (set->reap_timer == NULL)
		set->reap_timer = loop_timer_new(set->loop, reap_fired, set);
	if (set->reap_timer != NULL)
		loop_timer_after(set->reap_timer, 0);
}

void
vrrp_reload_instance_stopped(struct vrrp_instance *vi)
{
	reap_soon(vi->set);
}

void
vrrp_reload_free(struct vrrp_set *set)
{
	loop_timer_free(set->reap_timer);
	set->reap_timer = NULL;
	while (set->retired != NULL) {
		struct vrrp_retired_conf *r = set->retired;

		set->retired = r->next;
		r->conf_free(r->conf);
		free(r);
	}
}

int
vrrp_set_reload(struct vrrp_set *set, const struct floatd_conf *conf, struct floatd_conf *old_conf,
                void (*old_free)(struct floatd_conf *), struct vrrp_reload_summary *sum)
{
	struct vrrp_reload_plan plan;
	struct vrrp_retired_conf *r;
	struct prepared *prep;

	memset(sum, 0, sizeof(*sum));
	if (vrrp_reload_plan_build(old_conf, conf, &plan) < 0)
		return -1;
	r = calloc(1, sizeof(*r));
	prep = calloc(plan.n_items + 1, sizeof(*prep));
	if (r == NULL || prep == NULL) {
		free(r);
		free(prep);
		vrrp_reload_plan_free(&plan);
		return -1;
	}
	/* phase 1: allocate */
	for (unsigned i = 0; i < plan.n_items; i++) {
		const struct vrrp_reload_item *it = &plan.items[i];

		if (it->kind != VRRP_RELOAD_UNCHANGED && it->kind != VRRP_RELOAD_UPDATED)
			continue;
		prep[i].vi = live_instance(set, it->old_c);
		if (prep[i].vi != NULL && prepare_one(set, conf, it, &prep[i]) < 0) {
			unprepare(prep, plan.n_items);
			vrrp_reload_plan_free(&plan);
			free(r);
			return -1;
		}
	}
	/* phase 2: nothing below fails for the instances that stay */
	r->conf = old_conf;
	r->conf_free = old_free;
	for (unsigned i = 0; i < plan.n_items; i++) {
		const struct vrrp_reload_item *it = &plan.items[i];
		struct vrrp_instance *vi;

		if (it->kind != VRRP_RELOAD_REMOVED && it->kind != VRRP_RELOAD_REPLACED)
			continue;
		if ((vi = live_instance(set, it->old_c)) != NULL)
			remove_one(vi, r, it->why);
	}
	for (unsigned i = 0; i < plan.n_items; i++)
		if (prep[i].vi != NULL)
			commit_one(prep[i].vi, &plan.items[i], &prep[i]);
	set->conf = conf;
	set->statics = vrrp_statics_reload(set->statics, set->nl, conf);
	if (vrrp_health_reload(set, old_conf) < 0)
		log_warnx("reload: out of memory while moving trackers or sync groups");
	/* priorities and FAULT under the new trackers and weights: a changed
	 * priority goes through the FSM like any tracker's */
	vrrp_health_eval_all(set);
	start_missing(set, &sum->failed);
	/* after the instances: a restarted sync daemon takes its instance's role */
	set->lvs_sync = vrrp_lvs_sync_reload(set->lvs_sync, set->loop, conf, set,
	                                     plan.lvs_changes);
	sum->unchanged = plan.count[VRRP_RELOAD_UNCHANGED];
	sum->updated = plan.count[VRRP_RELOAD_UPDATED];
	sum->added = plan.count[VRRP_RELOAD_ADDED];
	sum->removed = plan.count[VRRP_RELOAD_REMOVED];
	sum->replaced = plan.count[VRRP_RELOAD_REPLACED];
	unprepare(prep, plan.n_items);
	vrrp_reload_plan_free(&plan);
	r->next = set->retired;
	set->retired = r;
	if (r->users == 0)
		reap_soon(set);   /* nothing refers to old_conf any more */
	return 0;
}
