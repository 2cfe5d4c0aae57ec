/* The VRRP state machine (RFC 5798 §6.4, RFC 9568 §6.4, RFC 3768 §6.4) as a
 * transition table of (states, event) -> handler.  Pure: it only returns the
 * new state and a list of actions; instance.c sends, arms timers, adds VIPs
 * and logs.  It must never read the clock: `now` is always passed in. */
#include <stddef.h>

#include "fsm.h"

#define FSM_PRIO_OWNER 255
#define FSM_PRIO_STOP 0

const char *
vrrp_state_name(enum vrrp_state s)
{
	/* keepalived's words, which operators grep for and notify scripts get */
	static const char *const names[VRRP_STATE_MAX] = {
		[VRRP_STATE_INIT] = "INIT",
		[VRRP_STATE_BACKUP] = "BACKUP",
		[VRRP_STATE_MASTER] = "MASTER",
		[VRRP_STATE_FAULT] = "FAULT",
		[VRRP_STATE_LEAVING] = "LEAVING",
		[VRRP_STATE_STOP] = "STOP",
	};

	if ((unsigned)s >= VRRP_STATE_MAX)
		return "UNKNOWN";
	return names[s];
}

const char *
vrrp_event_name(enum vrrp_event_kind e)
{
	static const char *const names[VRRP_EV_MAX] = {
		[VRRP_EV_STARTUP] = "startup",
		[VRRP_EV_ADVERT] = "advert",
		[VRRP_EV_TIMER] = "timer",
		[VRRP_EV_SHUTDOWN] = "shutdown",
		[VRRP_EV_PRIORITY] = "priority",
		[VRRP_EV_FAULT] = "fault",
		[VRRP_EV_RELEASE] = "release",
		[VRRP_EV_FAULT_CLEAR] = "fault_clear",
		[VRRP_EV_GROUP_MASTER] = "group_master",
		[VRRP_EV_GROUP_BACKUP] = "group_backup",
		[VRRP_EV_STOP_IN_PLACE] = "stop_in_place",
	};

	if ((unsigned)e >= VRRP_EV_MAX)
		return "unknown";
	return names[e];
}

const char *
vrrp_action_name(enum vrrp_action_kind k)
{
	switch (k) {
	case VRRP_ACT_SEND_ADVERT: return "send_advert";
	case VRRP_ACT_VIPS_ADD: return "vips_add";
	case VRRP_ACT_VIPS_DEL: return "vips_del";
	case VRRP_ACT_GARP: return "garp";
	case VRRP_ACT_TIMER_SET: return "timer_set";
	case VRRP_ACT_TIMER_CANCEL: return "timer_cancel";
	case VRRP_ACT_NOTIFY: return "notify";
	case VRRP_ACT_STOPPED: return "stopped";
	}
	return "unknown";
}

void
vrrp_fsm_init(struct vrrp_fsm *f, const struct vrrp_fsm_params *p, uint8_t priority)
{
	f->p = *p;
	f->state = VRRP_STATE_INIT;
	f->priority = priority;
	/* RFC 5798 §6.4.1: Master_Adver_Interval starts as our own interval */
	f->master_adver_int_ms = p->adver_int_ms;
	f->timer_deadline = 0;
	f->preempt_deadline = 0;
	f->faulted = false;
	f->releasing = false;
	f->adopt_master = false;
}

/* RFC 5798 §6.1: Skew_Time = ((256 - Priority) * Master_Adver_Interval) / 256
 * in centiseconds; RFC 3768 §6.1: (256 - Priority) / 256 seconds.  Both are
 * evaluated here in ms rather than truncated to whole centiseconds, so 100 at
 * 1 s gives 609 ms in v2 and v3 alike, as keepalived does. */
uint32_t
vrrp_fsm_skew_ms(const struct vrrp_fsm *f)
{
	uint64_t base = f->p.version == 2 ? 1000 : f->master_adver_int_ms;

	return (uint32_t)(((uint64_t)(256 - f->priority) * base) / 256);
}

/* Master_Down_Interval = 3 * Master_Adver_Interval + Skew_Time (3: or
 * keepalived's down_timer_adverts); for v2 the master's interval is ours,
 * since §7.1 drops adverts whose interval differs */
static uint32_t
fsm_master_int_ms(const struct vrrp_fsm *f)
{
	return f->p.version == 2 ? f->p.adver_int_ms : f->master_adver_int_ms;
}

uint32_t
vrrp_fsm_master_down_ms(const struct vrrp_fsm *f)
{
	uint32_t n = f->p.down_timer_adverts ? f->p.down_timer_adverts : 3;

	return n * fsm_master_int_ms(f) + vrrp_fsm_skew_ms(f);
}

static void
fsm_act(struct vrrp_actions *out, enum vrrp_action_kind kind, uint64_t arg)
{
	/* the longest handler emits 6 actions; VRRP_ACTIONS_MAX is 8 */
	if (out->n < VRRP_ACTIONS_MAX) {
		out->a[out->n].kind = kind;
		out->a[out->n].arg = arg;
		out->n++;
	}
}

static void
fsm_timer_set(struct vrrp_fsm *f, struct vrrp_actions *out, uint64_t deadline)
{
	f->timer_deadline = deadline;
	fsm_act(out, VRRP_ACT_TIMER_SET, deadline);
}

static void
fsm_timer_cancel(struct vrrp_fsm *f, struct vrrp_actions *out)
{
	f->timer_deadline = 0;
	fsm_act(out, VRRP_ACT_TIMER_CANCEL, 0);
}

/* The one place that changes state, so `out` always says from -> to. */
static void
fsm_set_state(struct vrrp_fsm *f, struct vrrp_actions *out, enum vrrp_state to,
              const char *reason)
{
	out->changed = true;
	out->from = f->state;
	out->to = to;
	out->reason = reason;
	f->state = to;
}

/* v3 backups adopt the master's interval (RFC 5798 §6.4.2); v2 intervals
 * are equal by §7.1.  A zero interval is nonsense and is not learned. */
static void
fsm_learn_interval(struct vrrp_fsm *f, const struct vrrp_event *ev)
{
	if (f->p.version == 3 && ev->adv_interval_cs > 0)
		f->master_adver_int_ms = (uint32_t)ev->adv_interval_cs * 10;
}

/* RFC 5798 §6.4.1/§6.4.2: send an advert, claim the addresses, announce
 * them and start the Adver_Timer. */
static void
fsm_enter_master(struct vrrp_fsm *f, struct vrrp_actions *out, uint64_t now,
                 const char *reason)
{
	f->preempt_deadline = 0;
	f->master_leaving = false;
	fsm_act(out, VRRP_ACT_SEND_ADVERT, f->priority);
	fsm_act(out, VRRP_ACT_VIPS_ADD, 0);
	fsm_act(out, VRRP_ACT_GARP, 0);
	fsm_timer_set(f, out, now + f->p.adver_int_ms);
	fsm_act(out, VRRP_ACT_NOTIFY, VRRP_STATE_MASTER);
	fsm_set_state(f, out, VRRP_STATE_MASTER, reason);
}

static void
fsm_enter_backup(struct vrrp_fsm *f, struct vrrp_actions *out, uint64_t now, uint64_t deadline,
                 const char *reason)
{
	f->backup_since = now;
	f->fast_armed = false;
	fsm_timer_set(f, out, deadline);
	fsm_act(out, VRRP_ACT_NOTIFY, VRRP_STATE_BACKUP);
	fsm_set_state(f, out, VRRP_STATE_BACKUP, reason);
}

static void
fsm_enter_fault(struct vrrp_fsm *f, struct vrrp_actions *out, const char *reason)
{
	f->faulted = true;
	fsm_timer_cancel(f, out);
	fsm_act(out, VRRP_ACT_NOTIFY, VRRP_STATE_FAULT);
	fsm_set_state(f, out, VRRP_STATE_FAULT, reason);
}

static void
fsm_enter_stop(struct vrrp_fsm *f, struct vrrp_actions *out, bool del_vips,
               const char *reason)
{
	if (del_vips)
		fsm_act(out, VRRP_ACT_VIPS_DEL, 0);
	fsm_timer_cancel(f, out);
	fsm_act(out, VRRP_ACT_NOTIFY, VRRP_STATE_STOP);
	fsm_act(out, VRRP_ACT_STOPPED, 0);
	fsm_set_state(f, out, VRRP_STATE_STOP, reason);
}

/* ---- handlers: one per table row --------------------------------------- */

typedef void (*fsm_handler)(struct vrrp_fsm *, const struct vrrp_event *, uint64_t,
                            struct vrrp_actions *);

/* Valid but nothing to do, e.g. an advert while in FAULT. */
static void
fsm_ignore(struct vrrp_fsm *f, const struct vrrp_event *ev, uint64_t now,
           struct vrrp_actions *out)
{
	(void)f; (void)ev; (void)now; (void)out;
}

/* INIT + STARTUP.  A configured `state MASTER` (want_master) shortens only
 * the first wait to Master_Adver_Interval + Skew_Time: it still listens for
 * one interval so that a node rejoining next to a live master does not grab
 * the addresses and cause a flap, but takes over ~2 intervals sooner than a
 * plain backup when nobody is there. */
static void
fsm_init_startup(struct vrrp_fsm *f, const struct vrrp_event *ev, uint64_t now,
                 struct vrrp_actions *out)
{
	(void)ev;
	if (f->faulted) {
		f->adopt_master = false;
		fsm_enter_fault(f, out, "fault at startup");
		return;
	}
	if (f->adopt_master) {
		/* restart in place: the peer has not missed a Master_Down_Interval
		 * of adverts, so it is still BACKUP; advertise at once */
		f->adopt_master = false;
		fsm_enter_master(f, out, now, "restart in place: adopted the previous floatd's VIPs");
		return;
	}
	if (f->priority == FSM_PRIO_OWNER) {
		/* RFC 5798 §6.4.1: the address owner goes straight to MASTER */
		fsm_enter_master(f, out, now, "owner");
		return;
	}
	fsm_enter_backup(f, out, now, now + (f->p.want_master
	                 ? fsm_master_int_ms(f) + vrrp_fsm_skew_ms(f)
	                 : vrrp_fsm_master_down_ms(f)), "startup");
}

static void
fsm_fault_set(struct vrrp_fsm *f, const struct vrrp_event *ev, uint64_t now,
              struct vrrp_actions *out)
{
	(void)ev; (void)now; (void)out;
	f->faulted = true;
}

static void
fsm_fault_unset(struct vrrp_fsm *f, const struct vrrp_event *ev, uint64_t now,
                struct vrrp_actions *out)
{
	(void)ev; (void)now; (void)out;
	f->faulted = false;
}

/* INIT/BACKUP/FAULT + SHUTDOWN: nothing is held, so stop at once. */
static void
fsm_shutdown_now(struct vrrp_fsm *f, const struct vrrp_event *ev, uint64_t now,
                 struct vrrp_actions *out)
{
	(void)ev; (void)now;
	fsm_enter_stop(f, out, false, "shutdown");
}

/* BACKUP + TIMER: RFC 5798 §6.4.2, Master_Down_Timer fired. */
static void
fsm_backup_timer(struct vrrp_fsm *f, const struct vrrp_event *ev, uint64_t now,
                 struct vrrp_actions *out)
{
	(void)ev;
	fsm_enter_master(f, out, now, f->master_leaving ? "master sent priority 0" :
	                              f->fast_armed ? "fast handover: the master advertises a "
	                                              "lower priority" :
	                              "master down timer expired");
}

/* BACKUP + ADVERT: RFC 5798 §6.4.2. */
static void
fsm_backup_advert(struct vrrp_fsm *f, const struct vrrp_event *ev, uint64_t now,
                  struct vrrp_actions *out)
{
	if (ev->adv_priority == FSM_PRIO_STOP) {
		/* the master is leaving: take over after Skew_Time only */
		f->master_leaving = true;
		fsm_timer_set(f, out, now + vrrp_fsm_skew_ms(f));
		return;
	}
	f->master_leaving = false;
	if (!f->p.preempt || ev->adv_priority >= f->priority) {
		f->fast_armed = false;
		f->preempt_deadline = 0;
		fsm_learn_interval(f, ev);
		fsm_timer_set(f, out, now + vrrp_fsm_master_down_ms(f));
		return;
	}
	/* A lower-priority master and we preempt.  keepalived's preempt_delay
	 * keeps obeying it for that long (after, say, a reboot, to let routes
	 * and trackers settle); the delay starts at the first such advert. */
	if (f->p.preempt_delay_ms > 0) {
		if (f->preempt_deadline == 0)
			f->preempt_deadline = now + f->p.preempt_delay_ms;
		if (now < f->preempt_deadline) {
			f->fast_armed = false;
			fsm_learn_interval(f, ev);
			fsm_timer_set(f, out, now + vrrp_fsm_master_down_ms(f));
			return;
		}
	}
	/* RFC 5798: discard, the down timer keeps running and we take over
	 * when it expires.  floatd's fast handover: a BACKUP settled for a
	 * Master_Down_Interval takes over after Skew_Time, as it would for a
	 * priority 0; the master then hears a higher priority and yields, so
	 * this is wire-compatible.  The settling time is the hysteresis: a
	 * router that just lost MASTER cannot bounce the VIP back faster than
	 * once per Master_Down_Interval. */
	if (f->p.fast_handover && now >= f->backup_since + vrrp_fsm_master_down_ms(f)) {
		uint64_t deadline = now + vrrp_fsm_skew_ms(f);

		if (f->timer_deadline == 0 || deadline < f->timer_deadline) {
			fsm_timer_set(f, out, deadline);
			f->fast_armed = true;
		}
	}
}

/* MASTER + TIMER: RFC 5798 §6.4.3, Adver_Timer fired. */
static void
fsm_master_timer(struct vrrp_fsm *f, const struct vrrp_event *ev, uint64_t now,
                 struct vrrp_actions *out)
{
	(void)ev;
	fsm_act(out, VRRP_ACT_SEND_ADVERT, f->priority);
	fsm_timer_set(f, out, now + f->p.adver_int_ms);
}

/* MASTER + ADVERT: RFC 5798 §6.4.3 as updated by RFC 9568. */
static void
fsm_master_advert(struct vrrp_fsm *f, const struct vrrp_event *ev, uint64_t now,
                  struct vrrp_actions *out)
{
	if (ev->adv_priority == FSM_PRIO_STOP) {
		/* another master is leaving: reassert ourselves at once */
		fsm_act(out, VRRP_ACT_SEND_ADVERT, f->priority);
		fsm_timer_set(f, out, now + f->p.adver_int_ms);
		return;
	}
	if (ev->adv_priority > f->priority ||
	    (ev->adv_priority == f->priority && ev->adv_addr_cmp > 0)) {
		/* keepalived's higher_prio_send_advert: one advert of ours before
		 * yielding, so that after a split brain the winner hears a lower
		 * priority and repeats its GARPs (clients that followed us go
		 * back); without it the winner may never learn it has to. */
		if (f->p.higher_prio_send_advert)
			fsm_act(out, VRRP_ACT_SEND_ADVERT, f->priority);
		fsm_act(out, VRRP_ACT_VIPS_DEL, 0);
		fsm_learn_interval(f, ev);
		fsm_enter_backup(f, out, now, now + vrrp_fsm_master_down_ms(f),
		                 "higher priority advertisement");
		return;
	}
	/* RFC 9568 §6.4.3: a lower-priority master exists (split brain
	 * healing).  Advertise now and re-announce the addresses so that hosts
	 * which followed the other router come back without waiting.  Once
	 * per Advertisement_Interval at most: a peer (or an attacker) sending
	 * lower-priority adverts at any rate gets no more than the regular
	 * adverts' rate of answers, and no GARP storm on the segment.  With
	 * lower_prio_no_advert (keepalived) only the GARP/NA round goes out,
	 * and the Adver_Timer keeps its phase. */
	if (now < f->lower_answer_next)
		return;
	f->lower_answer_next = now + f->p.adver_int_ms;
	if (f->p.lower_prio_no_advert) {
		fsm_act(out, VRRP_ACT_GARP, 0);
		return;
	}
	fsm_act(out, VRRP_ACT_SEND_ADVERT, f->priority);
	fsm_act(out, VRRP_ACT_GARP, 0);
	fsm_timer_set(f, out, now + f->p.adver_int_ms);
}

/* MASTER + SHUTDOWN: RFC 5798 §6.4.3 says send priority 0.  The addresses
 * stay until a new master is heard or Master_Down_Interval passes
 * (make-before-break), so no packet is lost during a planned switch. */
static void
fsm_master_shutdown(struct vrrp_fsm *f, const struct vrrp_event *ev, uint64_t now,
                    struct vrrp_actions *out)
{
	(void)ev;
	fsm_act(out, VRRP_ACT_SEND_ADVERT, FSM_PRIO_STOP);
	fsm_timer_set(f, out, now + vrrp_fsm_master_down_ms(f));
	fsm_set_state(f, out, VRRP_STATE_LEAVING, "shutdown");
}

/* MASTER + STOP_IN_PLACE: no priority 0, the VIPs (and whatever goes with
 * them) stay, no notify: the next floatd adopts them within
 * Master_Down_Interval and the peer never notices. */
static void
fsm_master_keep(struct vrrp_fsm *f, const struct vrrp_event *ev, uint64_t now,
                struct vrrp_actions *out)
{
	(void)ev; (void)now;
	fsm_timer_cancel(f, out);
	fsm_act(out, VRRP_ACT_STOPPED, 0);
	fsm_set_state(f, out, VRRP_STATE_STOP, "stopped in place: VIPs kept for the next floatd");
}

/* MASTER + FAULT.  Like keepalived, a priority-0 advert goes first so the
 * backup takes over after Skew_Time instead of Master_Down_Interval (if the
 * link is down the send just fails). */
static void
fsm_master_fault(struct vrrp_fsm *f, const struct vrrp_event *ev, uint64_t now,
                 struct vrrp_actions *out)
{
	(void)ev; (void)now;
	fsm_act(out, VRRP_ACT_SEND_ADVERT, FSM_PRIO_STOP);
	fsm_act(out, VRRP_ACT_VIPS_DEL, 0);
	fsm_enter_fault(f, out, "fault");
}

static void
fsm_backup_fault(struct vrrp_fsm *f, const struct vrrp_event *ev, uint64_t now,
                 struct vrrp_actions *out)
{
	(void)ev; (void)now;
	fsm_enter_fault(f, out, "fault");
}

/* FAULT + FAULT_CLEAR: back to listening, as at startup (the owner takes
 * the addresses at once). */
static void
fsm_fault_clear(struct vrrp_fsm *f, const struct vrrp_event *ev, uint64_t now,
                struct vrrp_actions *out)
{
	(void)ev;
	f->faulted = false;
	if (f->priority == FSM_PRIO_OWNER)
		fsm_enter_master(f, out, now, "owner");
	else
		fsm_enter_backup(f, out, now, now + vrrp_fsm_master_down_ms(f), "fault cleared");
}

/* LEAVING + ADVERT: a priority > 0 advert means a new master holds the
 * addresses; another leaver's priority 0 changes nothing.  A release ends
 * in BACKUP (held at its low priority), a stop in STOP. */
static void
fsm_leaving_advert(struct vrrp_fsm *f, const struct vrrp_event *ev, uint64_t now,
                   struct vrrp_actions *out)
{
	if (ev->adv_priority == FSM_PRIO_STOP)
		return;
	if (f->releasing) {
		f->releasing = false;
		fsm_act(out, VRRP_ACT_VIPS_DEL, 0);
		fsm_enter_backup(f, out, now, now + vrrp_fsm_master_down_ms(f),
		                 "released: new master heard");
		return;
	}
	fsm_enter_stop(f, out, true, "new master heard");
}

/* LEAVING + TIMER: nobody took over within Master_Down_Interval.  A stop
 * goes anyway; a release keeps serving (the VIPs never left), because
 * handing over to nobody would only drop the traffic. */
static void
fsm_leaving_timer(struct vrrp_fsm *f, const struct vrrp_event *ev, uint64_t now,
                  struct vrrp_actions *out)
{
	(void)ev;
	if (f->releasing) {
		f->releasing = false;
		fsm_act(out, VRRP_ACT_SEND_ADVERT, f->priority);
		fsm_timer_set(f, out, now + f->p.adver_int_ms);
		fsm_set_state(f, out, VRRP_STATE_MASTER, "release: no other router took over");
		return;
	}
	fsm_enter_stop(f, out, true, "leave bound reached");
}

/* LEAVING + SHUTDOWN (asked twice: the operator insists, or a stop during a
 * release) or FAULT (we can no longer serve): release the addresses now.  A
 * fault during a release is a FAULT like any other, not a stop. */
static void
fsm_leaving_now(struct vrrp_fsm *f, const struct vrrp_event *ev, uint64_t now,
                struct vrrp_actions *out)
{
	(void)now;
	if (f->releasing && ev->kind == VRRP_EV_FAULT) {
		f->releasing = false;
		fsm_act(out, VRRP_ACT_VIPS_DEL, 0);
		fsm_enter_fault(f, out, "fault");
		return;
	}
	f->releasing = false;
	fsm_enter_stop(f, out, true, ev->kind == VRRP_EV_FAULT ? "fault" : "shutdown");
}

/* MASTER + RELEASE (floatctl release): as a graceful stop -- priority 0
 * sent, the VIPs kept until the new master is heard -- but ending in BACKUP
 * with the held priority.  The owner (255) cannot hand over: its row is
 * never reached, since the caller refuses an owner. */
static void
fsm_master_release(struct vrrp_fsm *f, const struct vrrp_event *ev, uint64_t now,
                   struct vrrp_actions *out)
{
	/* the leave bound is a graceful stop's: Master_Down at our priority */
	fsm_act(out, VRRP_ACT_SEND_ADVERT, FSM_PRIO_STOP);
	fsm_timer_set(f, out, now + vrrp_fsm_master_down_ms(f));
	if (f->priority != FSM_PRIO_OWNER)
		f->priority = ev->new_priority == FSM_PRIO_STOP ? 1 : ev->new_priority;
	f->releasing = true;
	fsm_set_state(f, out, VRRP_STATE_LEAVING, "released by floatctl");
}

/* PRIORITY in any live state.  The owner's 255 is fixed (RFC 5798 §6.1);
 * others are kept in 1..254, since 0 means "leaving" and 255 "owner" on the
 * wire.  A master advertises the new value at once.  A backup keeps its
 * down deadline relative to the last advert heard: only the Skew_Time part
 * moves, by the difference, so a priority change neither restarts nor
 * forgets the wait already done. */
static void
fsm_priority(struct vrrp_fsm *f, const struct vrrp_event *ev, uint64_t now,
             struct vrrp_actions *out)
{
	uint8_t prio = ev->new_priority;
	uint32_t old_skew;
	uint64_t deadline;

	if (f->priority == FSM_PRIO_OWNER)
		return;
	if (prio == FSM_PRIO_STOP)
		prio = 1;
	else if (prio == FSM_PRIO_OWNER)
		prio = FSM_PRIO_OWNER - 1;
	if (prio == f->priority)
		return;
	old_skew = vrrp_fsm_skew_ms(f);
	f->priority = prio;
	if (f->state == VRRP_STATE_MASTER) {
		fsm_act(out, VRRP_ACT_SEND_ADVERT, f->priority);
		fsm_timer_set(f, out, now + f->p.adver_int_ms);
	} else if (f->state == VRRP_STATE_BACKUP && f->timer_deadline != 0) {
		deadline = f->timer_deadline < old_skew ? 0 : f->timer_deadline - old_skew;
		deadline += vrrp_fsm_skew_ms(f);
		fsm_timer_set(f, out, deadline < now ? now : deadline);
	}
}

/* ---- sync groups: members move together (keepalived vrrp_sync_group) */

/* BACKUP + GROUP_MASTER: a member took over, so must we, at once. */
static void
fsm_group_master(struct vrrp_fsm *f, const struct vrrp_event *ev, uint64_t now,
                 struct vrrp_actions *out)
{
	(void)ev;
	fsm_enter_master(f, out, now, "sync group member became MASTER");
}

/* MASTER + GROUP_BACKUP: a member lost its election, so we hand over too:
 * a group's addresses must not be split between two routers. */
static void
fsm_group_backup(struct vrrp_fsm *f, const struct vrrp_event *ev, uint64_t now,
                 struct vrrp_actions *out)
{
	(void)ev;
	fsm_act(out, VRRP_ACT_VIPS_DEL, 0);
	fsm_enter_backup(f, out, now, now + vrrp_fsm_master_down_ms(f),
	                 "sync group member left MASTER");
}

/* ---- the table --------------------------------------------------------- */

#define S(x) (1u << VRRP_STATE_##x)

/* (states, event) -> handler, first match wins; a pair with no row is an
 * invalid event for that state (vrrp_fsm_step returns -1).  Each row is one
 * test in tests/unit/check_fsm.c. */
static const struct {
	unsigned states;
	enum vrrp_event_kind event;
	fsm_handler handler;
} fsm_tbl[] = {
	{ S(INIT),			VRRP_EV_STARTUP,	fsm_init_startup },
	{ S(INIT),			VRRP_EV_FAULT,		fsm_fault_set },
	{ S(INIT),			VRRP_EV_FAULT_CLEAR,	fsm_fault_unset },
	{ S(INIT)|S(BACKUP)|S(FAULT),	VRRP_EV_SHUTDOWN,	fsm_shutdown_now },
	{ S(BACKUP),			VRRP_EV_TIMER,		fsm_backup_timer },
	{ S(BACKUP),			VRRP_EV_ADVERT,		fsm_backup_advert },
	{ S(BACKUP),			VRRP_EV_FAULT,		fsm_backup_fault },
	{ S(MASTER),			VRRP_EV_TIMER,		fsm_master_timer },
	{ S(MASTER),			VRRP_EV_ADVERT,		fsm_master_advert },
	{ S(MASTER),			VRRP_EV_SHUTDOWN,	fsm_master_shutdown },
	{ S(MASTER),			VRRP_EV_FAULT,		fsm_master_fault },
	{ S(BACKUP)|S(MASTER)|S(LEAVING), VRRP_EV_FAULT_CLEAR,	fsm_ignore },
	{ S(FAULT),			VRRP_EV_ADVERT,		fsm_ignore },
	{ S(FAULT),			VRRP_EV_TIMER,		fsm_ignore },
	{ S(FAULT),			VRRP_EV_FAULT,		fsm_ignore },
	{ S(FAULT),			VRRP_EV_FAULT_CLEAR,	fsm_fault_clear },
	{ S(LEAVING),			VRRP_EV_ADVERT,		fsm_leaving_advert },
	{ S(LEAVING),			VRRP_EV_TIMER,		fsm_leaving_timer },
	{ S(LEAVING),			VRRP_EV_SHUTDOWN,	fsm_leaving_now },
	{ S(LEAVING),			VRRP_EV_FAULT,		fsm_leaving_now },
	{ S(INIT)|S(BACKUP)|S(MASTER)|S(FAULT)|S(LEAVING),
					VRRP_EV_PRIORITY,	fsm_priority },
	{ S(BACKUP),			VRRP_EV_GROUP_MASTER,	fsm_group_master },
	{ S(MASTER),			VRRP_EV_GROUP_BACKUP,	fsm_group_backup },
	{ S(MASTER),			VRRP_EV_GROUP_MASTER,	fsm_ignore },
	{ S(BACKUP)|S(FAULT)|S(INIT),	VRRP_EV_GROUP_BACKUP,	fsm_ignore },
	{ S(FAULT)|S(INIT)|S(LEAVING),	VRRP_EV_GROUP_MASTER,	fsm_ignore },
	{ S(MASTER),			VRRP_EV_RELEASE,	fsm_master_release },
	{ S(INIT)|S(BACKUP)|S(FAULT),	VRRP_EV_RELEASE,	fsm_priority },
	{ S(LEAVING),			VRRP_EV_RELEASE,	fsm_ignore },
	{ S(MASTER),			VRRP_EV_STOP_IN_PLACE,	fsm_master_keep },
	{ S(INIT)|S(BACKUP)|S(FAULT),	VRRP_EV_STOP_IN_PLACE,	fsm_shutdown_now },
	{ S(LEAVING),			VRRP_EV_STOP_IN_PLACE,	fsm_leaving_now },
};

int
vrrp_fsm_step(struct vrrp_fsm *f, const struct vrrp_event *ev, uint64_t now_ms,
              struct vrrp_actions *out)
{
	size_t i;

	out->n = 0;
	out->changed = false;
	out->from = out->to = f->state;
	out->reason = NULL;
	if ((unsigned)f->state >= VRRP_STATE_MAX)
		return -1;
	for (i = 0; i < sizeof(fsm_tbl) / sizeof(fsm_tbl[0]); i++) {
		if ((fsm_tbl[i].states & (1u << f->state)) && fsm_tbl[i].event == ev->kind) {
			fsm_tbl[i].handler(f, ev, now_ms, out);
			return 0;
		}
	}
	return -1;
}
