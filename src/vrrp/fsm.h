/* The VRRP state machine of RFC 5798 §6.4 (and RFC 3768 §6.4), as a pure
 * function: (state, event, now) -> (new state, actions).  It never sends,
 * logs, reads the clock or touches netlink; instance.c runs the actions.
 * Times are monotonic milliseconds supplied by the caller. */
#ifndef FLOATD_VRRP_FSM_H
#define FLOATD_VRRP_FSM_H

#include <stdbool.h>
#include <stdint.h>

enum vrrp_state {
	VRRP_STATE_INIT = 0,
	VRRP_STATE_BACKUP,
	VRRP_STATE_MASTER,
	VRRP_STATE_FAULT,
	VRRP_STATE_LEAVING,   /* graceful stop: prio-0 sent, VIPs kept until the
	                         new master is heard (make-before-break) */
	VRRP_STATE_STOP,
	VRRP_STATE_MAX
};
const char *vrrp_state_name(enum vrrp_state);   /* "MASTER", "BACKUP", ... */

enum vrrp_event_kind {
	VRRP_EV_STARTUP = 0,  /* leave INIT */
	VRRP_EV_ADVERT,       /* a valid advertisement for our VRID (after §7.1 checks) */
	VRRP_EV_TIMER,        /* the one FSM timer (Adver, Master_Down or leave bound) expired */
	VRRP_EV_SHUTDOWN,     /* graceful stop requested */
	VRRP_EV_PRIORITY,     /* effective priority changed (tracking) */
	VRRP_EV_FAULT,        /* a tracker says the instance cannot serve */
	VRRP_EV_FAULT_CLEAR,  /* every tracker healthy again */
	VRRP_EV_GROUP_MASTER, /* sync group: another member became MASTER */
	VRRP_EV_GROUP_BACKUP, /* sync group: another member left MASTER for BACKUP */
	VRRP_EV_RELEASE,      /* planned handover (floatctl release): hold the
	                         priority at new_priority; a MASTER hands over
	                         make-before-break and then stays BACKUP */
	VRRP_EV_STOP_IN_PLACE, /* restart in place: a MASTER stops silently and
	                         keeps its VIPs for the next floatd; the others
	                         stop as on SHUTDOWN */
	VRRP_EV_MAX
};
const char *vrrp_event_name(enum vrrp_event_kind);

struct vrrp_event {
	enum vrrp_event_kind kind;
	/* VRRP_EV_ADVERT */
	uint8_t adv_priority;
	uint16_t adv_interval_cs;  /* v3: sender's Max Adver Int (centiseconds) */
	int adv_addr_cmp;          /* sign of (sender primary address - ours) */
	/* VRRP_EV_PRIORITY, VRRP_EV_RELEASE */
	uint8_t new_priority;
};

enum vrrp_action_kind {
	VRRP_ACT_SEND_ADVERT,   /* arg: priority to advertise (0 on leave) */
	VRRP_ACT_VIPS_ADD,
	VRRP_ACT_VIPS_DEL,
	VRRP_ACT_GARP,          /* start the gratuitous ARP / NA schedule */
	VRRP_ACT_TIMER_SET,     /* arg: absolute deadline (ms) of the one timer */
	VRRP_ACT_TIMER_CANCEL,
	VRRP_ACT_NOTIFY,        /* arg: state to report (scripts, fifo) */
	VRRP_ACT_STOPPED,       /* the instance reached STOP: the daemon may exit */
};
const char *vrrp_action_name(enum vrrp_action_kind);

struct vrrp_action {
	enum vrrp_action_kind kind;
	uint64_t arg;
};

#define VRRP_ACTIONS_MAX 8
struct vrrp_actions {
	unsigned n;
	struct vrrp_action a[VRRP_ACTIONS_MAX];
	/* set when the step changed state */
	bool changed;
	enum vrrp_state from, to;
	const char *reason;     /* static string, e.g. "master down timer expired" */
};

struct vrrp_fsm_params {
	uint8_t version;            /* 2 or 3: Skew_Time formula differs */
	uint32_t adver_int_ms;      /* our Advertisement_Interval */
	bool preempt;               /* false = nopreempt */
	uint32_t preempt_delay_ms;  /* keepalived preempt_delay */
	bool fast_handover;         /* floatd: a settled BACKUP hearing a lower
	                               priority takes over after Skew_Time */
	bool want_master;           /* config `state MASTER`: the first wait after
	                               STARTUP is Master_Adver_Interval + Skew_Time
	                               instead of Master_Down_Interval */
	bool lower_prio_no_advert;  /* keepalived lower_prio_no_advert: a MASTER
	                               answers a lower priority with GARP/NA only */
	bool higher_prio_send_advert; /* keepalived higher_prio_send_advert: a
	                               MASTER yielding to a higher priority sends
	                               one advert (its own priority) first */
	uint8_t down_timer_adverts; /* keepalived down_timer_adverts: the master's
	                               adverts a BACKUP misses before it takes
	                               over (Master_Down_Interval); 0 = 3 (RFC) */
};

struct vrrp_fsm {
	struct vrrp_fsm_params p;
	enum vrrp_state state;
	uint8_t priority;              /* effective priority (255 = owner) */
	uint32_t master_adver_int_ms;  /* v3: learned from the master */
	uint64_t timer_deadline;       /* 0 when not armed (mirror of TIMER_SET) */
	uint64_t preempt_deadline;     /* 0 = not started */
	bool faulted;
	bool master_leaving;           /* BACKUP: the down timer runs for Skew_Time
	                                  only, because the master sent priority 0 */
	uint64_t lower_answer_next;    /* MASTER: no answer to a lower priority
	                                  before this time (one per interval) */
	uint64_t backup_since;         /* when BACKUP was last entered */
	bool fast_armed;               /* BACKUP: the timer runs for a fast handover */
	bool releasing;                /* LEAVING for a release, not a stop: a new
	                                  master heard means BACKUP, none means
	                                  MASTER again (the VIPs were kept) */
	bool adopt_master;             /* INIT: the previous floatd stopped in
	                                  place as MASTER moments ago; STARTUP
	                                  goes straight to MASTER (cleared then) */
};

void vrrp_fsm_init(struct vrrp_fsm *, const struct vrrp_fsm_params *, uint8_t priority);
/* Feed one event; fills `out` (cleared first).  Returns 0, or -1 if the
 * event is not valid in the current state (then `out` is empty and nothing
 * changed).  The transition table and each row's actions are in fsm.c and
 * tests/unit/check_fsm.c.  Points instance.c may care about:
 *  - MASTER + FAULT emits SEND_ADVERT(0) before VIPS_DEL (fast takeover by
 *    the backup, as keepalived does); the send may fail if the link is down.
 *  - LEAVING + SHUTDOWN (asked again) or FAULT stops at once, with VIPS_DEL.
 *  - FAULT_CLEAR outside FAULT/INIT is a valid no-op; FAULT/FAULT_CLEAR in
 *    INIT only set/clear `faulted`, which STARTUP then honours.
 *  - PRIORITY: owner (255) ignores it; others are clamped to 1..254.  MASTER
 *    advertises at once; BACKUP with an armed timer moves its deadline by
 *    the change in Skew_Time (never before now); other states only store it.
 *  - TIMER_SET/TIMER_CANCEL are mirrored in `timer_deadline`.
 *  - MASTER + a higher-priority ADVERT with higher_prio_send_advert emits
 *    SEND_ADVERT(own priority) before VIPS_DEL.
 *  - MASTER + a lower-priority ADVERT is answered (SEND_ADVERT unless
 *    lower_prio_no_advert, GARP) at most once per Advertisement_Interval;
 *    the others in between change nothing. */
int vrrp_fsm_step(struct vrrp_fsm *, const struct vrrp_event *, uint64_t now_ms,
                  struct vrrp_actions *out);

/* RFC 5798 §6.1 derived timers, in ms, for the current master interval. */
uint32_t vrrp_fsm_skew_ms(const struct vrrp_fsm *);
uint32_t vrrp_fsm_master_down_ms(const struct vrrp_fsm *);

#endif
