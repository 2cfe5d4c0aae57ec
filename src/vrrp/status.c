/* Fills the read-only views of status.h from the running instances.  Reads
 * only: no socket, no netlink, nothing that could move an instance. */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "instance_int.h"
#include "status.h"
#include "vrrp/track/track.h"
#include "advert.h"
#include "master_objects.h"

static void
fill_instance(const struct vrrp_instance *vi, struct vrrp_instance_status *s)
{
	const struct vrrp_iface *ifc = vi->ifc;
	const struct vrrp_trackers *t = vrrp_health_trackers(vi->set);

	memset(s, 0, sizeof(*s));
	s->c = vi->c;
	s->state = vi->fsm.state;
	s->interface = vi->c->interface;
	s->vip_dev = ifc != NULL && vi->c->use_vmac &&
	             vrrp_extras_vip_ifindex(vi->extras, ifc->ifindex) != ifc->ifindex
	             ? vi->c->vmac_name : vi->c->interface;
	s->family = vi->c->family;
	s->vrid = vi->c->vrid;
	s->version = vi->fsm.p.version;
	s->base_priority = vi->c->priority;
	s->effective_priority = vi->fsm.priority;
	s->adver_int_ms = vi->fsm.p.adver_int_ms;
	s->master_adver_int_ms = vi->fsm.master_adver_int_ms;
	if (ifc != NULL && ifc->has_primary) {
		s->has_source = true;
		s->source = vrrp_advert_source(vi->c, &ifc->primary);
	}
	if (vi->fsm.state == VRRP_STATE_MASTER || vi->fsm.state == VRRP_STATE_LEAVING) {
		s->master_known = s->has_source;
		s->master = s->source;
		s->master_priority = vi->fsm.priority;
	} else if (vi->fsm.state == VRRP_STATE_BACKUP && vi->last_master_known) {
		s->master_known = true;
		s->master = vi->last_master;
		s->master_priority = vi->last_master_prio;
	}
	s->last_transition_ms = vi->last_transition_ms;
	s->last_advert_ms = vrrp_health_last_advert_ms(vi);
	s->iface_up = ifc != NULL && vrrp_iface_usable(ifc);
	s->fault_reason = vi->fsm.state == VRRP_STATE_FAULT ? vrrp_health_fault_reason(vi) : "";
	s->in_sync_group = vrrp_health_in_group(vi);
	s->released = vi->released;
	s->history = &vi->history;
	if (t != NULL) {
		struct vrrp_track_view v;

		s->n_trackers = vrrp_trackers_list(t, vi->c, s->trackers, VRRP_STATUS_TRACKERS_MAX);
		vrrp_trackers_eval(t, vi->c, &v);
		s->has_reference = v.has_reference;
		s->reference_ok = v.reference_ok;
		s->reference_known = v.reference_known;
	}
	s->counters.adverts_sent = vi->adverts_sent;
	s->counters.adverts_rcvd = vi->adverts_rcvd;
	s->counters.became_master = vi->became_master;
	s->counters.released_master = vi->released_master;
	s->counters.prio0_sent = vi->prio0_sent;
	s->counters.prio0_rcvd = vi->prio0_rcvd;
	s->counters.dual_master_episodes = vi->dual_master_episodes;
	memcpy(s->counters.drops, vi->drops, sizeof(s->counters.drops));
	memcpy(s->counters.csum_seen, vi->csum_seen, sizeof(s->counters.csum_seen));
}

void
vrrp_status_instances(const struct vrrp_set *set,
                      void (*cb)(const struct vrrp_instance_status *, void *), void *arg)
{
	static struct vrrp_instance_status s;   /* ~2.5 KiB: off the stack */

	if (set == NULL)
		return;
	/* set->instances is in reverse order of creation: walk the config */
	for (const struct vrrp_instance_conf *c = set->conf->instances; c != NULL; c = c->next)
		for (const struct vrrp_instance *vi = set->instances; vi != NULL; vi = vi->next) {
			if (vi->c != c || vi->ifc == NULL)
				continue;
			fill_instance(vi, &s);
			cb(&s, arg);
		}
}

void
vrrp_status_ifaces(const struct vrrp_set *set,
                   void (*cb)(const struct vrrp_iface_status *, void *), void *arg)
{
	struct vrrp_iface_status s;

	if (set == NULL)
		return;
	for (const struct vrrp_iface *ifc = set->ifaces; ifc != NULL; ifc = ifc->next) {
		memset(&s, 0, sizeof(s));
		s.name = ifc->name;
		s.family = ifc->family;
		s.link_up = ifc->link_up;
		s.has_primary = ifc->has_primary;
		s.primary = ifc->primary;
		memcpy(s.drops, ifc->drops, sizeof(s.drops));
		cb(&s, arg);
	}
}

/* The reason of a transition in words, with who caused it where the FSM's
 * short reason leaves that out ("master sent priority 0" -> "priority 0
 * received from 10.0.0.2"). */
static void
transition_reason(const struct vrrp_instance *vi, const struct vrrp_actions *acts, char *out,
                  size_t len)
{
	const char *r = acts->reason != NULL ? acts->reason : "";
	char a[INET6_ADDRSTRLEN] = "?";

	if (vi->last_master_known)
		inet_ntop(vi->c->family, &vi->last_master, a, sizeof(a));
	if (acts->to == VRRP_STATE_FAULT && vrrp_health_fault_reason(vi)[0] != '\0')
		snprintf(out, len, "fault: %s", vrrp_health_fault_reason(vi));
	else if (strcmp(r, "master sent priority 0") == 0 && vi->last_master_known)
		snprintf(out, len, "priority 0 received from %s", a);
	else if (strstr(r, "advertisement") != NULL && vi->last_master_known)
		snprintf(out, len, "%s from %s (priority %u)", r, a, vi->last_master_prio);
	else
		snprintf(out, len, "%s", r);
}

void
vrrp_status_note_transition(struct vrrp_instance *vi, const struct vrrp_actions *acts)
{
	struct timespec ts;
	char reason[VRRP_HISTORY_REASON_MAX];

	clock_gettime(CLOCK_REALTIME, &ts);
	transition_reason(vi, acts, reason, sizeof(reason));
	if (vrrp_history_add(&vi->history, (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000,
	                     acts->from, acts->to, reason) < 0)
		vi->history_lost++;
}
