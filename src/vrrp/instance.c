/* VRRP instances at run time (see instance.h).  Per interface one raw
 * socket (struct vrrp_iface) receives for every instance on it and
 * dispatches by VRID; per instance one FSM timer and one GARP timer.
 * Everything here runs on the event loop and never blocks. */
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "advert.h"
#include "auth_ah.h"
#include "master_objects.h"
#include "garp.h"
#include "instance.h"
#include "instance_int.h"
#include "log.h"
#include "loop.h"
#include "ndisc.h"
#include "notify.h"
#include "pkt.h"
#include "sock.h"
#include "lvs_sync.h"
#include "statics.h"
#include "vip.h"

static void instance_step(struct vrrp_instance *, const struct vrrp_event *);

/* ---- sending */

static void
send_advert(struct vrrp_instance *vi, uint8_t priority)
{
	struct vrrp_advert_tx tx;
	int rc;

	if (!vi->ifc->has_primary || vi->ifc->fd < 0)
		return;
	memset(&tx, 0, sizeof(tx));
	tx.fd = vrrp_extras_tx_fd(vi->extras, vi->ifc->fd);
	tx.ifindex = vrrp_extras_tx_ifindex(vi->extras, vi->ifc->ifindex);
	tx.src = vrrp_advert_source(vi->c, &vi->ifc->primary);
	tx.c = vi->c;
	tx.version = vi->fsm.p.version;
	/* keepalived's default for v3/IPv4 includes the pseudo-header; its
	 * v3_checksum_as_v2 switches to the RFC 9568 form (see pkt.h) */
	tx.v3_plain = vi->c->family == AF_INET && vi->c->v3_checksum_as_v2;
	tx.addrs = vi->adv_addrs;
	tx.naddr = vi->n_adv;
	tx.ah_fd = vi->ifc->ah_fd;
	if (vi->c->auth_type == VRRP_AUTH_AH)
		vi->ah_seq = vrrp_ah_seq_floor(vi->ah_seq, (uint64_t)time(NULL));
	tx.ah_seq = &vi->ah_seq;
	tx.ip_id = &vi->ip_id;
	rc = vrrp_advert_send(&tx, priority);
	if (rc == -2) {
		log_warnx("(%s) cannot encode advertisement", vi->c->name);
		return;
	}
	if (rc < 0) {
		uint32_t suppressed;

		if (log_ratelimit_ok(&vi->drop_rl, loop_now_ms(), &suppressed))
			log_warn("(%s) cannot send advertisement on %s", vi->c->name, vi->ifc->name);
		return;
	}
	vi->adverts_sent++;
	if (priority == 0)
		vi->prio0_sent++;
	else
		vi->last_sent_ms = loop_now_ms();
	if (priority > 0 && (vi->fsm.state == VRRP_STATE_MASTER || vi->fsm.state == VRRP_STATE_LEAVING))
		vrrp_vips_renew(vi->vips);
}

/* ---- running FSM actions */

static void
log_transition(const struct vrrp_instance *vi, const struct vrrp_actions *acts)
{
	/* keepalived's wording: runbooks and alerts grep for it */
	if (acts->to == VRRP_STATE_LEAVING)
		log_info("(%s) Leaving MASTER STATE: sent priority 0, keeping VIPs until the new "
		         "master is heard (at most %u ms)", vi->c->name, vrrp_fsm_master_down_ms(&vi->fsm));
	else
		log_info("(%s) Entering %s STATE (%s)", vi->c->name, vrrp_state_name(acts->to),
		         acts->reason ? acts->reason : "");
}

static void
run_actions(struct vrrp_instance *vi, const struct vrrp_actions *acts)
{
	if (acts->changed) {
		log_transition(vi, acts);
		vrrp_status_note_transition(vi, acts);
		vi->last_transition_ms = loop_now_ms();
		if (acts->from == VRRP_STATE_MASTER) {
			vi->dual_master = false;
			vi->released_master++;
		}
		if (acts->to == VRRP_STATE_MASTER) {
			vi->master_since_ms = vi->last_transition_ms;
			vi->became_master++;
		}
	}
	for (unsigned i = 0; i < acts->n; i++) {
		const struct vrrp_action *a = &acts->a[i];

		switch (a->kind) {
		case VRRP_ACT_SEND_ADVERT:
			send_advert(vi, (uint8_t)a->arg);
			break;
		case VRRP_ACT_VIPS_ADD:
			vrrp_extras_before_vips_add(vi->extras, vi->vips);   /* creates the VMAC */
			vrrp_vips_add_all(vi->vips);
			vrrp_extras_after_vips_add(vi->extras);
			break;
		case VRRP_ACT_VIPS_DEL:
			vrrp_announce_stop(vi);
			vrrp_extras_before_vips_del(vi->extras);
			vrrp_vips_del_all(vi->vips);
			vrrp_extras_after_vips_del(vi->extras);
			break;
		case VRRP_ACT_GARP:
			/* MASTER staying MASTER: the lower-priority advert row */
			vrrp_announce_start(vi, !acts->changed && acts->to == VRRP_STATE_MASTER);
			if (!acts->changed && acts->to == VRRP_STATE_MASTER)
				vrrp_notify_rx_lower(vi->notify, vi->fsm.priority);
			break;
		case VRRP_ACT_TIMER_SET:
			loop_timer_at(vi->timer, a->arg);
			break;
		case VRRP_ACT_TIMER_CANCEL:
			loop_timer_stop(vi->timer);
			break;
		case VRRP_ACT_NOTIFY:
			vrrp_notify_state(vi->notify, (enum vrrp_state)a->arg, vi->fsm.priority);
			break;
		case VRRP_ACT_STOPPED:
			if (!vi->stopped) {
				vi->stopped = true;
				/* an instance removed by a reload stops alone: the
				 * daemon goes on */
				if (--vi->set->running == 0 && vi->set->shutting_down &&
				    vi->set->on_all_stopped != NULL)
					vi->set->on_all_stopped(vi->set->arg);
				if (vi->removing)
					vrrp_reload_instance_stopped(vi);
			}
			break;
		}
	}
	if (acts->changed) {
		vrrp_health_state_changed(vi, acts);
		vrrp_lvs_sync_state(vi->set->lvs_sync, vi);
		if (vi->set->on_state_change != NULL)
			vi->set->on_state_change(vi->set->state_arg);
	}
}

void
vrrp_instance_step(struct vrrp_instance *vi, const struct vrrp_event *ev)
{
	instance_step(vi, ev);
}

static void
instance_step(struct vrrp_instance *vi, const struct vrrp_event *ev)
{
	struct vrrp_actions acts;

	if (vrrp_fsm_step(&vi->fsm, ev, loop_now_ms(), &acts) < 0) {
		log_debug("(%s) event %s ignored in state %s", vi->c->name,
		          vrrp_event_name(ev->kind), vrrp_state_name(vi->fsm.state));
		return;
	}
	run_actions(vi, &acts);
}

static void
fsm_timer_fired(struct loop_timer *t, void *arg)
{
	struct vrrp_instance *vi = arg;
	struct vrrp_event ev = { .kind = VRRP_EV_TIMER };

	(void)t;
	/* track_reference: an isolated backup goes to FAULT, not MASTER */
	if (vi->fsm.state == VRRP_STATE_BACKUP && vrrp_health_isolated(vi))
		return;
	instance_step(vi, &ev);
}

/* ---- receiving */

static void
count_drop(uint64_t *drops, struct log_ratelimit *rl, const char *who,
           enum vrrp_drop why, const struct vrrp_rx *rx)
{
	char src[INET6_ADDRSTRLEN] = "?";
	uint32_t suppressed = 0;

	drops[why]++;
	if (!log_ratelimit_ok(rl, loop_now_ms(), &suppressed))
		return;
	if (rx != NULL)
		inet_ntop(rx->family, &rx->src, src, sizeof(src));
	if (suppressed > 0)
		log_warnx("(%s) dropped advertisement from %s: %s (%u similar messages suppressed)",
		          who, src, vrrp_drop_name(why), suppressed);
	else
		log_warnx("(%s) dropped advertisement from %s: %s", who, src, vrrp_drop_name(why));
}

/* An instance that a reload removed is still heard while it leaves, unless
 * its replacement (same interface and VRID) runs already. */
static struct vrrp_instance *
find_instance(struct vrrp_set *set, const struct vrrp_iface *ifc, uint8_t vrid)
{
	struct vrrp_instance *leaving = NULL;

	for (struct vrrp_instance *vi = set->instances; vi != NULL; vi = vi->next) {
		if (vi->ifc != ifc || vi->c->vrid != vrid)
			continue;
		if (!vi->removing)
			return vi;
		if (!vi->stopped)
			leaving = vi;
	}
	return leaving;
}


/* Backups are silent, so an advertisement heard while MASTER comes from
 * another MASTER: a split brain (or its healing).  A preemption looks the
 * same for a moment (the old master's last advert, the new one's first), so
 * an episode is counted by the side that wins (the other one is lower, or
 * loses the tie) and that has been MASTER for at least a
 * Master_Down_Interval; the loser logs its step down to BACKUP.  Logged
 * once per episode; an episode ends when we leave MASTER or hear no other
 * master for a Master_Down_Interval.  The FSM resolves it (RFC 5798 §6.4.3). */
static void
note_dual_master(struct vrrp_instance *vi, const struct vrrp_rx *rx, uint8_t their_prio,
                 int addr_cmp)
{
	uint64_t now = loop_now_ms();
	uint32_t down = vrrp_fsm_master_down_ms(&vi->fsm);
	char them[INET6_ADDRSTRLEN], us[INET6_ADDRSTRLEN];

	if (their_prio > vi->fsm.priority || (their_prio == vi->fsm.priority && addr_cmp > 0))
		return;
	if (now - vi->master_since_ms < down)
		return;
	if (vi->dual_master && now - vi->dual_master_last_ms <= vrrp_fsm_master_down_ms(&vi->fsm)) {
		vi->dual_master_last_ms = now;
		return;
	}
	vi->dual_master = true;
	vi->dual_master_last_ms = now;
	vi->dual_master_episodes++;
	inet_ntop(rx->family, &rx->src, them, sizeof(them));
	inet_ntop(vi->ifc->family, &vi->ifc->primary, us, sizeof(us));
	log_warnx("(%s) dual master detected: %s (priority %u) and us %s (priority %u); "
	          "episode %llu", vi->c->name, them, their_prio, us, vi->fsm.priority,
	          (unsigned long long)vi->dual_master_episodes);
}

/* The instance a decoded advert is for, or NULL (counted, and logged with
 * log_unknown_vrids): by VRID, then only if sent to its group. */
static struct vrrp_instance *
advert_instance(struct vrrp_iface *ifc, const struct vrrp_rx *rx, uint8_t vrid)
{
	struct vrrp_instance *vi = find_instance(ifc->set, ifc, vrid);
	uint32_t suppressed;

	if (vi == NULL) {
		/* other VRIDs on a shared LAN are normal: count, and log only
		 * with keepalived's log_unknown_vrids (rate-limited) */
		ifc->drops[VRRP_DROP_VRID]++;
		if (ifc->set->conf->log_unknown_vrids &&
		    log_ratelimit_ok(&ifc->set->unknown_vrid_rl, loop_now_ms(), &suppressed))
			log_info("unknown VRID %u received on %s; ignored", vrid, ifc->name);
		return NULL;
	}
	/* the same VRID of another cluster on the LAN, told apart by its
	 * group (vrrp_mcast_group4/6, mcast_dst_ip): not ours */
	if (vi->c->n_unicast_peers == 0 && vrrp_addr_is_multicast(ifc->family, &rx->dst) &&
	    vrrp_advert_addr_cmp(ifc->family, &rx->dst, &vi->c->mcast_group) != 0) {
		ifc->drops[VRRP_DROP_VRID]++;
		return NULL;
	}
	return vi;
}

/* What RFC 3768/5798 §7.1 compares an advert of this instance with. */
static void
advert_expect(const struct vrrp_instance *vi, const struct vrrp_rx *rx,
              struct vrrp_pkt_expect *exp)
{
	memset(exp, 0, sizeof(*exp));
	exp->version = vi->fsm.p.version;
	exp->adver_int_cs = (uint16_t)(vi->c->adver_int_ms / 10);
	exp->auth_type = exp->version == 2 ? vi->c->auth_type : VRRP_AUTH_NONE;
	memcpy(exp->auth_data, vi->c->auth_pass, VRRP_AUTH_LEN);
	exp->naddr = vi->n_adv;
	exp->addrs = vi->adv_addrs;
	/* keepalived's skip_check_adv_addr: a BACKUP takes the list of the
	 * master it already follows as it comes (that master may have been
	 * reloaded with other VIPs first; a new sender is still checked) */
	exp->skip_addrs = vi->c->skip_check_adv_addr && vi->fsm.state == VRRP_STATE_BACKUP &&
	                  vi->last_master_known &&
	                  vrrp_advert_addr_cmp(rx->family, &rx->src, &vi->last_master) == 0;
}

/* A valid advert of this instance: counters, the master's address, the FSM. */
static void
advert_take(struct vrrp_instance *vi, const struct vrrp_rx *rx, const struct vrrp_pkt *pkt,
            const union vrrp_addr *self)
{
	struct vrrp_event ev;

	vi->adverts_rcvd++;
	vi->csum_seen[pkt->csum_form]++;
	if (pkt->priority == 0) {
		vi->prio0_rcvd++;
	} else {
		vi->last_master = rx->src;
		vi->last_master_prio = pkt->priority;
		vi->last_master_known = true;
	}
	vrrp_health_advert_heard(vi);
	memset(&ev, 0, sizeof(ev));
	ev.kind = VRRP_EV_ADVERT;
	ev.adv_priority = pkt->priority;
	ev.adv_interval_cs = pkt->adver_int_cs;
	ev.adv_addr_cmp = vrrp_advert_addr_cmp(vi->ifc->family, &rx->src, self);
	if (vi->fsm.state == VRRP_STATE_MASTER && pkt->priority > 0)
		note_dual_master(vi, rx, pkt->priority, ev.adv_addr_cmp);
	instance_step(vi, &ev);
}

static void
handle_datagram(struct vrrp_iface *ifc, const struct vrrp_rx *rx)
{
	static struct vrrp_pkt pkt;   /* 4 KiB: keep it off the stack */
	struct vrrp_instance *vi;
	struct vrrp_pkt_expect exp;
	enum vrrp_drop why;
	struct vrrp_rx rx_copy = *rx;
	union vrrp_addr self;

	/* unicast_peer mode does not check the TTL (keepalived): look the
	 * VRID up before decoding to know the mode */
	if (rx->len >= 2) {
		vi = find_instance(ifc->set, ifc, rx->data[1]);
		if (vi != NULL && vi->c->n_unicast_peers > 0)
			rx_copy.skip_ttl = true;
	}
	rx = &rx_copy;
	why = vrrp_pkt_decode(rx, &pkt);
	if (why != VRRP_DROP_NONE) {
		/* counted where keepalived counts them (per instance, its .stats
		 * file) when the VRID byte names one of ours */
		vi = rx->len >= 2 ? find_instance(ifc->set, ifc, rx->data[1]) : NULL;
		if (vi != NULL)
			count_drop(vi->drops, &vi->drop_rl, vi->c->name, why, rx);
		else
			count_drop(ifc->drops, &ifc->drop_rl, ifc->name, why, rx);
		return;
	}
	if ((vi = advert_instance(ifc, rx, pkt.vrid)) == NULL)
		return;
	self = vrrp_advert_source(vi->c, &ifc->primary);
	if (vrrp_advert_addr_cmp(ifc->family, &rx->src, &self) == 0) {
		vi->drops[VRRP_DROP_OWN]++;
		return;
	}
	if (!vrrp_advert_from_peer(vi->c, rx)) {
		count_drop(vi->drops, &vi->drop_rl, vi->c->name, VRRP_DROP_NOT_PEER, rx);
		return;
	}
	/* an AH instance hears only what ah_readable() verified */
	if (vi->c->auth_type == VRRP_AUTH_AH && vi->fsm.p.version == 2 && !rx->ah_verified) {
		count_drop(vi->drops, &vi->drop_rl, vi->c->name, VRRP_DROP_AUTH, rx);
		return;
	}
	advert_expect(vi, rx, &exp);
	why = vrrp_pkt_check_instance(&pkt, &exp);
	if (why != VRRP_DROP_NONE) {
		count_drop(vi->drops, &vi->drop_rl, vi->c->name, why, rx);
		return;
	}
	advert_take(vi, rx, &pkt, &self);
}

void
vrrp_iface_readable(struct loop_io *io, int fd, void *arg)
{
	struct vrrp_iface *ifc = arg;
	uint8_t buf[65536];
	struct vrrp_rx rx;

	(void)io;
	for (int budget = 64; budget > 0; budget--) {
		int rc = ifc->family == AF_INET6 ? vrrp_sock_recv6(fd, buf, sizeof(buf), &rx)
		                                 : vrrp_sock_recv4(fd, buf, sizeof(buf), &rx);

		if (rc == 0)
			return;
		if (rc == -1) {
			log_warn_every(5000, 5, "(%s) receive error", ifc->name);
			return;
		}
		if (rc == -2) {
			count_drop(ifc->drops, &ifc->drop_rl, ifc->name, VRRP_DROP_TRUNCATED, NULL);
			continue;
		}
		handle_datagram(ifc, &rx);
	}
}

/* AH-authenticated adverts (auth_ah.h): the ICV is keyed per instance, so
 * the VRID is read before verifying; then the VRRP message goes through
 * handle_datagram() like any other. */
static void
ah_readable(struct loop_io *io, int fd, void *arg)
{
	struct vrrp_iface *ifc = arg;
	uint8_t buf[65536];

	(void)io;
	for (int budget = 64; budget > 0; budget--) {
		ssize_t n = recv(fd, buf, sizeof(buf), 0);
		struct vrrp_instance *vi;
		struct vrrp_rx rx;
		enum vrrp_drop why;
		size_t off = 0;
		uint32_t seq = 0;

		if (n < 0) {
			if (errno != EAGAIN && errno != EWOULDBLOCK)
				log_warn_every(5000, 5, "(%s) AH receive error", ifc->name);
			return;
		}
		memset(&rx, 0, sizeof(rx));
		rx.family = AF_INET;
		if ((size_t)n >= VRRP_AH_IP_LEN) {
			memcpy(&rx.src.v4, buf + 12, 4);
			memcpy(&rx.dst.v4, buf + 16, 4);
			rx.ttl = buf[8];
		}
		why = vrrp_ah_parse(buf, (size_t)n, &off, &seq);
		if (why == VRRP_DROP_NONE && off + 2 > (size_t)n)
			why = VRRP_DROP_TRUNCATED;
		if (why != VRRP_DROP_NONE) {
			count_drop(ifc->drops, &ifc->drop_rl, ifc->name, why, &rx);
			continue;
		}
		vi = find_instance(ifc->set, ifc, buf[off + 1]);
		if (vi == NULL || vi->c->auth_type != VRRP_AUTH_AH) {
			ifc->drops[VRRP_DROP_VRID]++;
			continue;
		}
		if (vrrp_ah_verify(buf, (size_t)n, vi->c->auth_pass) != VRRP_DROP_NONE) {
			count_drop(vi->drops, &vi->drop_rl, vi->c->name, VRRP_DROP_AUTH, &rx);
			continue;
		}
		if (!vrrp_ah_replay_ok(vi->ah_replay, rx.src.v4, seq)) {
			count_drop(vi->drops, &vi->drop_rl, vi->c->name, VRRP_DROP_REPLAY, &rx);
			continue;
		}
		rx.data = buf + off;
		rx.len = (size_t)n - off;
		rx.ah_verified = true;
		handle_datagram(ifc, &rx);
	}
}

int
vrrp_iface_open_ah(struct vrrp_iface *ifc)
{
	if (ifc->ah_io != NULL || ifc->ifindex <= 0)
		return 0;
	ifc->ah_fd = vrrp_sock_open_ah(ifc->name, ifc->ifindex);
	if (ifc->ah_fd < 0)
		return -1;
	ifc->ah_io = loop_io_new(ifc->set->loop, ifc->ah_fd, ah_readable, ifc);
	if (ifc->ah_io == NULL) {
		close(ifc->ah_fd);
		ifc->ah_fd = -1;
		return -1;
	}
	return 0;
}

/* ---- set life cycle */

struct vrrp_set *
vrrp_set_new(struct ev_loop *loop, const struct floatd_conf *conf,
             void (*on_all_stopped)(void *), void *arg)
{
	struct vrrp_set *set = calloc(1, sizeof(*set));

	if (set == NULL)
		return NULL;
	set->loop = loop;
	set->conf = conf;
	set->on_all_stopped = on_all_stopped;
	set->arg = arg;
	return set;
}

int
vrrp_instance_create(struct vrrp_set *set, const struct vrrp_instance_conf *c, bool reloading,
                     struct vrrp_instance **out)
{
	struct vrrp_instance *vi = calloc(1, sizeof(*vi));
	struct vrrp_fsm_params p;

	if (out != NULL)
		*out = vi;
	if (vi == NULL)
		return -1;
	vi->set = set;
	vi->c = c;
	vi->drop_rl = (struct log_ratelimit)LOG_RATELIMIT_INIT(5000, 5);
	vi->next = set->instances;
	set->instances = vi;
	/* a missing interface is no error: the instance waits in FAULT */
	vi->ifc = vrrp_iface_get(set, c->interface, c->family);
	if (vi->ifc == NULL)
		return -1;
	if (c->auth_type == VRRP_AUTH_AH) {
		vi->ah_replay = calloc(1, sizeof(*vi->ah_replay));
		if (vi->ah_replay == NULL)
			return -1;
	}
	if (c->auth_type == VRRP_AUTH_AH && c->version == 2) {
		vi->ifc->want_ah = true;
		if (vrrp_iface_open_ah(vi->ifc) < 0) {
			log_warn("(%s) cannot open the AH socket on %s", c->name, c->interface);
			return -1;
		}
	}
	vrrp_iface_join_group(vi->ifc, c);
	if (c->promote_secondaries)
		vrrp_iface_want_promote(vi->ifc);
	vi->n_adv = (uint8_t)(c->n_vips > VRRP_MAX_ADDRS ? VRRP_MAX_ADDRS : c->n_vips);
	vi->adv_addrs = calloc(vi->n_adv + 1, sizeof(*vi->adv_addrs));
	vi->timer = loop_timer_new(set->loop, fsm_timer_fired, vi);
	vi->announce = vrrp_announce_new(vi);
	vi->extras = vrrp_extras_new(set->nl, c, vi->ifc->ifindex);
	if (vi->extras == NULL)
		return -1;
	vi->vips = vrrp_vips_new(set->nl, c, vrrp_extras_vip_ifindex(vi->extras, vi->ifc->ifindex));
	vi->notify = vrrp_notify_new(set->loop, set->conf, c);
	vi->health = vrrp_health_new();
	if (vi->adv_addrs == NULL || vi->timer == NULL || vi->announce == NULL ||
	    vi->vips == NULL || vi->notify == NULL || vi->health == NULL)
		return -1;
	if (c->vip_lifetime_s != 0 && c->vip_lifetime_s != UINT32_MAX)
		vrrp_vips_set_lifetime(vi->vips, c->vip_lifetime_s);
	for (unsigned i = 0; i < vi->n_adv; i++)
		vi->adv_addrs[i] = c->vips[i].addr;
	vrrp_instance_fsm_params(c, &p);
	vrrp_fsm_init(&vi->fsm, &p, c->priority);
	vi->fsm.faulted = !vrrp_iface_usable(vi->ifc);
	/* restart in place: the previous floatd left its VIPs for us */
	vi->adopted = !reloading && !vi->fsm.faulted &&
	              vrrp_set_adopts(set, c, vrrp_fsm_master_down_ms(&vi->fsm), c->adver_int_ms);
	vi->fsm.adopt_master = vi->adopted;
	/* An owner goes straight to MASTER and re-adds the VIPs; everyone else
	 * starts as BACKUP and must not hold VIPs (nor a VMAC) left by a
	 * crashed run.  After a reload, VIPs found are an instance's still
	 * leaving (make-before-break), never a crash's. */
	if (c->priority != 255 && !reloading && !vi->adopted) {
		vrrp_vips_remove_leftovers(vi->vips);
		vrrp_extras_remove_leftovers(vi->extras, vi->vips);
	}
	set->running++;
	return 0;
}

void
vrrp_instance_fsm_params(const struct vrrp_instance_conf *c, struct vrrp_fsm_params *p)
{
	memset(p, 0, sizeof(*p));
	p->version = c->version;
	p->adver_int_ms = c->adver_int_ms;
	p->preempt = c->preempt;
	p->preempt_delay_ms = c->preempt_delay_ms;
	p->fast_handover = c->fast_handover != 0;
	p->want_master = c->want_master;
	p->lower_prio_no_advert = c->lower_prio_no_advert;
	p->higher_prio_send_advert = c->higher_prio_send_advert;
	p->down_timer_adverts = c->down_timer_adverts;
}

static void
startup_fired(struct loop_timer *t, void *arg)
{
	struct vrrp_set *set = arg;
	struct vrrp_event ev = { .kind = VRRP_EV_STARTUP };

	(void)t;
	for (struct vrrp_instance *vi = set->instances; vi != NULL; vi = vi->next) {
		if (vi->fsm.faulted && vi->ifc->ifindex <= 0)
			log_warnx("(%s) interface %s does not exist", vi->c->name, vi->ifc->name);
		else if (vi->fsm.faulted)
			log_warnx("(%s) interface %s is down or has no %s address", vi->c->name, vi->ifc->name,
			          vi->ifc->family == AF_INET6 ? "IPv6 link-local" : "IPv4");
		instance_step(vi, &ev);
		/* adopted, but a tracker or sync group said no: what the previous
		 * floatd left is a leftover after all */
		if (vi->adopted && vi->fsm.state != VRRP_STATE_MASTER && vi->c->priority != 255) {
			vrrp_vips_remove_leftovers(vi->vips);
			vrrp_extras_remove_leftovers(vi->extras, vi->vips);
		}
		vi->adopted = false;
	}
}

/* vrrp_startup_delay, or what is left of vrrp_delay_after_boot since the
 * system booted (CLOCK_BOOTTIME), whichever is longer */
static uint32_t
startup_delay_ms(const struct floatd_conf *c)
{
	struct timespec ts;
	uint64_t up_ms;

	if (c->delay_after_boot_ms == 0 || clock_gettime(CLOCK_BOOTTIME, &ts) < 0)
		return c->startup_delay_ms;
	up_ms = (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
	if (up_ms >= c->delay_after_boot_ms ||
	    c->delay_after_boot_ms - up_ms <= c->startup_delay_ms)
		return c->startup_delay_ms;
	log_info("vrrp_delay_after_boot: up %" PRIu64 " ms, no election for %" PRIu64 " ms", up_ms,
	         c->delay_after_boot_ms - up_ms);
	return (uint32_t)(c->delay_after_boot_ms - up_ms);
}

int
vrrp_set_start(struct vrrp_set *set)
{
	set->nl = netlink_open(set->loop, vrrp_ifaces_netlink_event, set);
	if (set->nl == NULL) {
		log_warn("cannot open rtnetlink");
		return -1;
	}
	set->startup_delay_ms = startup_delay_ms(set->conf);
	set->unknown_vrid_rl = (struct log_ratelimit)LOG_RATELIMIT_INIT(10000, 10);
	set->statics = vrrp_statics_start(set->nl, set->conf);
	set->lvs_sync = vrrp_lvs_sync_start(set->loop, set->conf);
	for (const struct vrrp_instance_conf *c = set->conf->instances; c != NULL; c = c->next)
		if (vrrp_instance_create(set, c, false, NULL) < 0)
			return -1;
	/* the restart-in-place list served its one purpose */
	free(set->adopt);
	set->adopt = NULL;
	set->n_adopt = 0;
	/* trackers and sync groups decide the first priority and FAULT */
	if (vrrp_health_start(set) < 0)
		return -1;
	set->startup_timer = loop_timer_new(set->loop, startup_fired, set);
	if (set->startup_timer == NULL)
		return -1;
	loop_timer_after(set->startup_timer, set->startup_delay_ms);
	return 0;
}

void
vrrp_set_shutdown(struct vrrp_set *set)
{
	struct vrrp_event shut = { .kind = VRRP_EV_SHUTDOWN };
	struct vrrp_event bound = { .kind = VRRP_EV_TIMER };
	bool again = set->shutting_down;

	set->shutting_down = true;
	if (set->startup_timer != NULL)
		loop_timer_stop(set->startup_timer);
	if (set->running == 0 && set->on_all_stopped != NULL) {
		set->on_all_stopped(set->arg);
		return;
	}
	for (struct vrrp_instance *vi = set->instances; vi != NULL; vi = vi->next) {
		/* one removed by a reload is leaving already (a second signal
		 * hurries it like the others) */
		if (vi->stopped || (vi->removing && !again))
			continue;
		if (vi->fsm.state == VRRP_STATE_INIT) {
			/* never started: nothing to hand over */
			vi->stopped = true;
			if (--set->running == 0 && set->on_all_stopped != NULL)
				set->on_all_stopped(set->arg);
			continue;
		}
		/* a second signal while leaving: stop waiting for the new master */
		instance_step(vi, again && vi->fsm.state == VRRP_STATE_LEAVING ? &bound : &shut);
	}
}

void
vrrp_set_on_state_change(struct vrrp_set *set, void (*cb)(void *), void *arg)
{
	set->on_state_change = cb;
	set->state_arg = arg;
}

void
vrrp_set_count_states(const struct vrrp_set *set, unsigned counts[VRRP_STATE_MAX])
{
	memset(counts, 0, VRRP_STATE_MAX * sizeof(counts[0]));
	for (const struct vrrp_instance *vi = set->instances; vi != NULL; vi = vi->next)
		counts[vi->fsm.state]++;
}

unsigned
vrrp_set_notify_pending(const struct vrrp_set *set)
{
	unsigned n = 0;

	for (const struct vrrp_instance *vi = set->instances; vi != NULL; vi = vi->next)
		if (vi->notify != NULL)
			n += vrrp_notify_pending(vi->notify);
	return n + vrrp_health_pending(set);
}

static void
instance_log_stats(const struct vrrp_instance *vi)
{
	char drops[512] = "";
	size_t off = 0;

	for (int r = 1; r < VRRP_DROP_MAX; r++) {
		if (vi->drops[r] == 0 || off >= sizeof(drops))
			continue;
		int n = snprintf(drops + off, sizeof(drops) - off, " %s=%llu", vrrp_drop_name(r),
		                 (unsigned long long)vi->drops[r]);
		if (n > 0)
			off += (size_t)n;
	}
	log_info("(%s) sent %llu adverts, received %llu, dual-master episodes %llu (checksum "
	         "forms: pseudo-header %llu, plain %llu), dropped:%s", vi->c->name,
	         (unsigned long long)vi->adverts_sent, (unsigned long long)vi->adverts_rcvd,
	         (unsigned long long)vi->dual_master_episodes,
	         (unsigned long long)vi->csum_seen[VRRP_CSUM_PSEUDO],
	         (unsigned long long)vi->csum_seen[VRRP_CSUM_PLAIN], off ? drops : " none");
}

void
vrrp_instance_free(struct vrrp_instance *vi)
{
	if (vi->c != NULL && vi->ifc != NULL)
		instance_log_stats(vi);
	loop_timer_free(vi->timer);
	vrrp_announce_free(vi->announce);
	vrrp_vips_free(vi->vips);
	if (vi->kept)
		vrrp_extras_keep(vi->extras);
	vrrp_extras_free(vi->extras);
	vrrp_notify_free(vi->notify);
	free(vi->adv_addrs);
	vrrp_history_free(&vi->history);
	vrrp_health_inst_free(vi->health);
	free(vi->ah_replay);
	free(vi);
}

void
vrrp_set_free(struct vrrp_set *set)
{
	if (set == NULL)
		return;
	vrrp_health_free(set);
	while (set->instances != NULL) {
		struct vrrp_instance *vi = set->instances;

		set->instances = vi->next;
		vrrp_instance_free(vi);
	}
	vrrp_reload_free(set);
	vrrp_ifaces_free(set);
	free(set->adopt);
	loop_timer_free(set->startup_timer);
	if (set->statics_kept)
		vrrp_statics_leave(set->statics);
	else
		vrrp_statics_stop(set->statics);
	vrrp_lvs_sync_stop(set->lvs_sync);
	netlink_close(set->nl);
	free(set);
}
