/* The gratuitous ARP / unsolicited NA schedule of a MASTER (keepalived's
 * garp_master_* and garp_lower_prio_* settings, paced by vrrp_garp_interval
 * / vrrp_gna_interval).  Sends only; never blocks: paced messages leave
 * from a timer.  Runs on the instance's two announce timers; its state is
 * struct vrrp_announce, which no other file sees. */
#include <stdlib.h>
#include <string.h>

#include "announce.h"
#include "master_objects.h"
#include "garp.h"
#include "garp_pace.h"
#include "instance_int.h"
#include "ndisc.h"

/* An instance's announce state, reached as vi->announce. */
struct vrrp_announce {
	struct loop_timer *timer;       /* garp_master_delay, then _refresh */
	bool delayed_done;              /* the garp_master_delay round was sent */
	struct loop_timer *pace_timer;  /* next paced GARP / NA of a burst */
	uint32_t rounds_left;           /* burst in progress: rounds still to send, */
	unsigned pos;                   /* and the next VIP (vips, then excluded) */
};

static uint32_t
pick(uint32_t instance_value, uint32_t global_value)
{
	return instance_value == UINT32_MAX ? global_value : instance_value;
}

/* ---- gratuitous ARP: a burst at once, another after garp_master_delay,
 * then every garp_master_refresh (keepalived's schedule and defaults).
 * vrrp_garp_interval / vrrp_gna_interval space the messages of a burst on
 * the interface: the rest of the burst then goes from the pace timer, so
 * the loop never waits. */

static void
garp_pace_run(struct vrrp_instance *vi)
{
	const struct vrrp_instance_conf *c = vi->c;
	const struct floatd_conf *g = vi->set->conf;
	struct vrrp_garp *garp = vrrp_extras_garp(vi->extras, vi->ifc->garp);   /* VMAC's */
	unsigned n = c->n_vips + c->n_vips_excluded;

	while (vi->announce->rounds_left > 0) {
		const struct vip_conf *v;
		uint64_t wake;
		uint32_t gap;
		bool na;

		if (vi->announce->pos >= n) {
			vi->announce->pos = 0;
			vi->announce->rounds_left--;
			continue;
		}
		v = vi->announce->pos < c->n_vips ? &c->vips[vi->announce->pos]
		                             : &c->vips_excluded[vi->announce->pos - c->n_vips];
		/* VIPs on another device are announced by that device's owner
		 * path later.  RFC 5798 §8.2: IPv6 uses unsolicited NA
		 * (ndisc.c); an excluded VIP of the other family has no socket here */
		na = v->family == AF_INET6 && vi->ifc->ndisc != NULL;
		if ((v->dev[0] != '\0' && strcmp(v->dev, c->interface) != 0) ||
		    (!na && (v->family != AF_INET || garp == NULL))) {
			vi->announce->pos++;
			continue;
		}
		gap = vrrp_garp_pace_gap_ms(na ? g->gna_interval_us : g->garp_interval_us);
		wake = vrrp_garp_pace_take(&vi->ifc->pace, loop_now_ms(), gap);
		if (wake != 0) {
			loop_timer_at(vi->announce->pace_timer, wake);
			return;
		}
		vi->announce->pos++;
		if (na && vrrp_ndisc_send_na(vi->ifc->ndisc, &v->addr.v6) < 0)
			log_warn_every(5000, 5, "(%s) cannot send unsolicited NA on %s", c->name, vi->ifc->name);
		else if (!na && vrrp_garp_send(garp, v->addr.v4) < 0)
			log_warn_every(5000, 5, "(%s) cannot send gratuitous ARP on %s", c->name, vi->ifc->name);
		vrrp_garp_pace_sent(&vi->ifc->pace, loop_now_ms(), gap);
	}
}

static void
garp_pace_fired(struct loop_timer *t, void *arg)
{
	struct vrrp_instance *vi = arg;

	(void)t;
	if (vi->fsm.state != VRRP_STATE_MASTER) {
		vi->announce->rounds_left = 0;
		return;
	}
	garp_pace_run(vi);
}

/* A new burst replaces what is left of the previous one. */
static void
garp_burst(struct vrrp_instance *vi, uint32_t repeat)
{
	if (vrrp_extras_garp(vi->extras, vi->ifc->garp) == NULL && vi->ifc->ndisc == NULL)
		return;
	loop_timer_stop(vi->announce->pace_timer);
	vi->announce->rounds_left = repeat;
	vi->announce->pos = 0;
	garp_pace_run(vi);
}

static void
garp_timer_fired(struct loop_timer *t, void *arg)
{
	struct vrrp_instance *vi = arg;
	const struct floatd_conf *g = vi->set->conf;
	uint32_t refresh = pick(vi->c->garp_master_refresh_s, g->garp_master_refresh_s);

	if (vi->fsm.state != VRRP_STATE_MASTER)
		return;
	if (!vi->announce->delayed_done) {
		vi->announce->delayed_done = true;
		garp_burst(vi, pick(vi->c->garp_master_repeat, g->garp_master_repeat));
	} else {
		garp_burst(vi, pick(vi->c->garp_master_refresh_repeat, g->garp_master_refresh_repeat));
	}
	if (refresh > 0)
		loop_timer_after(t, (uint64_t)refresh * 1000);
}

/* lower_prio: a MASTER heard a lower-priority advertisement (a split brain
 * healing): keepalived's garp_lower_prio_repeat / garp_lower_prio_delay,
 * which default to the garp_master_* values, win back clients that
 * followed the other node. */
void
vrrp_announce_start(struct vrrp_instance *vi, bool lower_prio)
{
	const struct floatd_conf *g = vi->set->conf;
	uint32_t delay = pick(vi->c->garp_master_delay_s, g->garp_master_delay_s);
	uint32_t refresh = pick(vi->c->garp_master_refresh_s, g->garp_master_refresh_s);
	uint32_t repeat = pick(vi->c->garp_master_repeat, g->garp_master_repeat);

	if (lower_prio) {
		delay = pick(vi->c->garp_lower_prio_delay_s, pick(g->garp_lower_prio_delay_s, delay));
		repeat = pick(vi->c->garp_lower_prio_repeat, pick(g->garp_lower_prio_repeat, repeat));
	}
	garp_burst(vi, repeat);
	vi->announce->delayed_done = delay == 0;
	if (delay > 0)
		loop_timer_after(vi->announce->timer, (uint64_t)delay * 1000);
	else if (refresh > 0)
		loop_timer_after(vi->announce->timer, (uint64_t)refresh * 1000);
}

void
vrrp_announce_vips(struct vrrp_instance *vi, const unsigned *pos, unsigned n)
{
	const struct vrrp_instance_conf *c = vi->c;
	struct vrrp_garp *garp = vrrp_extras_garp(vi->extras, vi->ifc->garp);

	for (unsigned i = 0; i < n; i++) {
		const struct vip_conf *v = pos[i] < c->n_vips ? &c->vips[pos[i]]
		                                              : &c->vips_excluded[pos[i] - c->n_vips];

		if (v->dev[0] != '\0' && strcmp(v->dev, c->interface) != 0)
			continue;
		if (v->family == AF_INET6 && vi->ifc->ndisc != NULL) {
			if (vrrp_ndisc_send_na(vi->ifc->ndisc, &v->addr.v6) < 0)
				log_warn_every(5000, 5, "(%s) cannot send unsolicited NA on %s", c->name,
				               vi->ifc->name);
		} else if (v->family == AF_INET && garp != NULL && vrrp_garp_send(garp, v->addr.v4) < 0) {
			log_warn_every(5000, 5, "(%s) cannot send gratuitous ARP on %s", c->name,
			               vi->ifc->name);
		}
	}
}

void
vrrp_announce_stop(struct vrrp_instance *vi)
{
	loop_timer_stop(vi->announce->timer);
	loop_timer_stop(vi->announce->pace_timer);
	vi->announce->rounds_left = 0;
}

struct vrrp_announce *
vrrp_announce_new(struct vrrp_instance *vi)
{
	struct vrrp_announce *a = calloc(1, sizeof(*a));

	if (a == NULL)
		return NULL;
	a->timer = loop_timer_new(vi->set->loop, garp_timer_fired, vi);
	a->pace_timer = loop_timer_new(vi->set->loop, garp_pace_fired, vi);
	if (a->timer == NULL || a->pace_timer == NULL) {
		vrrp_announce_free(a);
		return NULL;
	}
	return a;
}

void
vrrp_announce_free(struct vrrp_announce *a)
{
	if (a == NULL)
		return;
	loop_timer_free(a->timer);
	loop_timer_free(a->pace_timer);
	free(a);
}
