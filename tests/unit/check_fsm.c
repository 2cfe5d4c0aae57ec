/* Unit tests for src/vrrp/fsm.c: one test per transition-table row, with a
 * fake clock (a plain uint64_t), asserting the exact action list and new
 * state; the RFC 5798/3768 timer numbers; preempt_delay; a full scenario. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vrrp/fsm.h"
#include "unit_main.h"

#define T0 100000u   /* fake clock start, ms */

static struct vrrp_fsm f;
static struct vrrp_actions out;

static struct vrrp_fsm_params
params(uint8_t version, uint32_t adver_ms)
{
	struct vrrp_fsm_params p;

	memset(&p, 0, sizeof p);
	p.version = version;
	p.adver_int_ms = adver_ms;
	p.preempt = true;
	return p;
}

static void
init3(uint8_t prio)
{
	struct vrrp_fsm_params p = params(3, 1000);

	vrrp_fsm_init(&f, &p, prio);
}

static int
step(enum vrrp_event_kind kind, uint64_t now)
{
	struct vrrp_event ev;

	memset(&ev, 0, sizeof ev);
	ev.kind = kind;
	return vrrp_fsm_step(&f, &ev, now, &out);
}

static int
advert(uint8_t prio, uint16_t interval_cs, int cmp, uint64_t now)
{
	struct vrrp_event ev;

	memset(&ev, 0, sizeof ev);
	ev.kind = VRRP_EV_ADVERT;
	ev.adv_priority = prio;
	ev.adv_interval_cs = interval_cs;
	ev.adv_addr_cmp = cmp;
	return vrrp_fsm_step(&f, &ev, now, &out);
}

static int
set_prio(uint8_t prio, uint64_t now)
{
	struct vrrp_event ev;

	memset(&ev, 0, sizeof ev);
	ev.kind = VRRP_EV_PRIORITY;
	ev.new_priority = prio;
	return vrrp_fsm_step(&f, &ev, now, &out);
}

static int
release(uint8_t held, uint64_t now)
{
	struct vrrp_event ev;

	memset(&ev, 0, sizeof ev);
	ev.kind = VRRP_EV_RELEASE;
	ev.new_priority = held;
	return vrrp_fsm_step(&f, &ev, now, &out);
}

/* Compare the whole action list, with a readable message on mismatch. */
static void
assert_acts(const struct vrrp_action *want, unsigned n, int line)
{
	char got[512] = "", exp[512] = "";
	size_t gl = 0, el = 0;
	unsigned i;
	bool same = out.n == n;

	for (i = 0; i < out.n; i++) {
		gl += (size_t)snprintf(got + gl, sizeof got - gl, " %s(%llu)",
		                       vrrp_action_name(out.a[i].kind),
		                       (unsigned long long)out.a[i].arg);
		if (i < n && (out.a[i].kind != want[i].kind || out.a[i].arg != want[i].arg))
			same = false;
	}
	for (i = 0; i < n; i++)
		el += (size_t)snprintf(exp + el, sizeof exp - el, " %s(%llu)",
		                       vrrp_action_name(want[i].kind),
		                       (unsigned long long)want[i].arg);
	ck_assert_msg(same, "line %d: actions\n got:%s\nwant:%s", line, got, exp);
}

#define A(k, arg) { VRRP_ACT_##k, (uint64_t)(arg) }
#define ACTS(...) do { \
	const struct vrrp_action w_[] = { __VA_ARGS__ }; \
	assert_acts(w_, sizeof w_ / sizeof w_[0], __LINE__); \
} while (0)
#define NO_ACTS() assert_acts(NULL, 0, __LINE__)

static void
assert_change(enum vrrp_state from, enum vrrp_state to, const char *reason)
{
	ck_assert(out.changed);
	ck_assert_int_eq(out.from, from);
	ck_assert_int_eq(out.to, to);
	ck_assert_ptr_nonnull(out.reason);
	ck_assert_str_eq(out.reason, reason);
	ck_assert_int_eq(f.state, to);
}

static void
assert_same(enum vrrp_state s)
{
	ck_assert(!out.changed);
	ck_assert_int_eq(f.state, s);
}

/* v3, 1 s, priority 100: Skew 609, Master_Down 3609 */
static void
to_backup(uint8_t prio)
{
	init3(prio);
	ck_assert_int_eq(step(VRRP_EV_STARTUP, T0), 0);
	ck_assert_int_eq(f.state, VRRP_STATE_BACKUP);
}

static void
to_master(uint8_t prio)
{
	to_backup(prio);
	ck_assert_int_eq(step(VRRP_EV_TIMER, T0 + 3609), 0);
	ck_assert_int_eq(f.state, VRRP_STATE_MASTER);
}

static void
to_fault(void)
{
	to_backup(100);
	ck_assert_int_eq(step(VRRP_EV_FAULT, T0), 0);
	ck_assert_int_eq(f.state, VRRP_STATE_FAULT);
}

static void
to_leaving(void)
{
	to_master(100);
	ck_assert_int_eq(step(VRRP_EV_SHUTDOWN, T0 + 5000), 0);
	ck_assert_int_eq(f.state, VRRP_STATE_LEAVING);
}

/* ---- timer arithmetic (RFC 5798 §6.1, RFC 3768 §6.1) ------------------- */

static const struct {
	uint8_t version;
	uint32_t adver_ms;
	uint8_t prio;
	uint32_t skew, down;
} timer_cases[] = {
	{ 3, 1000, 100, 609, 3609 },
	{ 2, 1000, 100, 609, 3609 },
	{ 3, 1000, 200, 218, 3218 },
	{ 2, 1000, 200, 218, 3218 },
	{ 3, 1000, 1, 996, 3996 },
	{ 3, 1000, 254, 7, 3007 },
	{ 3, 1000, 255, 3, 3003 },
	{ 3, 500, 200, 109, 1609 },
	{ 3, 40950, 1, 40790, 163640 },   /* the 12-bit maximum */
	{ 2, 3000, 100, 609, 9609 },      /* v2 skew ignores the interval */
	{ 2, 255000, 1, 996, 765996 },
};

START_TEST(test_timers)
{
	struct vrrp_fsm_params p = params(timer_cases[_i].version, timer_cases[_i].adver_ms);

	vrrp_fsm_init(&f, &p, timer_cases[_i].prio);
	ck_assert_uint_eq(vrrp_fsm_skew_ms(&f), timer_cases[_i].skew);
	ck_assert_uint_eq(vrrp_fsm_master_down_ms(&f), timer_cases[_i].down);
}
END_TEST

/* v3 uses the learned Master_Adver_Interval; v2 never learns one. */
START_TEST(test_timers_learned)
{
	struct vrrp_fsm_params p = params(2, 1000);

	to_backup(100);
	ck_assert_int_eq(advert(200, 200, 1, T0 + 10), 0);
	ck_assert_uint_eq(f.master_adver_int_ms, 2000);
	ck_assert_uint_eq(vrrp_fsm_skew_ms(&f), 1218);
	ck_assert_uint_eq(vrrp_fsm_master_down_ms(&f), 7218);
	ACTS(A(TIMER_SET, T0 + 10 + 7218));

	vrrp_fsm_init(&f, &p, 100);
	ck_assert_int_eq(step(VRRP_EV_STARTUP, T0), 0);
	ck_assert_int_eq(advert(200, 200, 1, T0 + 10), 0);
	ck_assert_uint_eq(vrrp_fsm_master_down_ms(&f), 3609);
	ACTS(A(TIMER_SET, T0 + 10 + 3609));
}
END_TEST

/* keepalived's down_timer_adverts: Master_Down_Interval is that many of
 * the master's intervals plus Skew_Time (0 means the RFC's 3); a BACKUP
 * hearing nothing takes over that much later. */
START_TEST(test_timers_down_adverts)
{
	struct vrrp_fsm_params p = params(3, 1000);

	p.down_timer_adverts = 1;
	vrrp_fsm_init(&f, &p, 100);
	ck_assert_uint_eq(vrrp_fsm_master_down_ms(&f), 1000 + 609);
	ck_assert_int_eq(step(VRRP_EV_STARTUP, T0), 0);
	ck_assert_int_eq(advert(200, 100, 1, T0 + 10), 0);
	ACTS(A(TIMER_SET, T0 + 10 + 1000 + 609));
	p.down_timer_adverts = 10;
	vrrp_fsm_init(&f, &p, 100);
	ck_assert_uint_eq(vrrp_fsm_master_down_ms(&f), 10000 + 609);
	p.down_timer_adverts = 0;
	vrrp_fsm_init(&f, &p, 100);
	ck_assert_uint_eq(vrrp_fsm_master_down_ms(&f), 3609);
}
END_TEST

/* ---- INIT rows --------------------------------------------------------- */

START_TEST(test_init_startup_backup)
{
	init3(100);
	ck_assert_int_eq(step(VRRP_EV_STARTUP, T0), 0);
	ACTS(A(TIMER_SET, T0 + 3609), A(NOTIFY, VRRP_STATE_BACKUP));
	assert_change(VRRP_STATE_INIT, VRRP_STATE_BACKUP, "startup");
	ck_assert_uint_eq(f.timer_deadline, T0 + 3609);
}
END_TEST

START_TEST(test_init_startup_owner)
{
	init3(255);
	ck_assert_int_eq(step(VRRP_EV_STARTUP, T0), 0);
	ACTS(A(SEND_ADVERT, 255), A(VIPS_ADD, 0), A(GARP, 0), A(TIMER_SET, T0 + 1000),
	     A(NOTIFY, VRRP_STATE_MASTER));
	assert_change(VRRP_STATE_INIT, VRRP_STATE_MASTER, "owner");
}
END_TEST

/* `state MASTER`: one interval plus skew, not three. */
START_TEST(test_init_startup_want_master)
{
	struct vrrp_fsm_params p = params(3, 1000);

	p.want_master = true;
	vrrp_fsm_init(&f, &p, 100);
	ck_assert_int_eq(step(VRRP_EV_STARTUP, T0), 0);
	ACTS(A(TIMER_SET, T0 + 1609), A(NOTIFY, VRRP_STATE_BACKUP));
	assert_change(VRRP_STATE_INIT, VRRP_STATE_BACKUP, "startup");
	/* only the first wait is short */
	ck_assert_int_eq(advert(150, 100, 1, T0 + 500), 0);
	ACTS(A(TIMER_SET, T0 + 500 + 3609));
}
END_TEST

START_TEST(test_init_fault_then_startup)
{
	init3(100);
	ck_assert_int_eq(step(VRRP_EV_FAULT, T0), 0);
	NO_ACTS();
	assert_same(VRRP_STATE_INIT);
	ck_assert(f.faulted);
	ck_assert_int_eq(step(VRRP_EV_STARTUP, T0 + 1), 0);
	ACTS(A(TIMER_CANCEL, 0), A(NOTIFY, VRRP_STATE_FAULT));
	assert_change(VRRP_STATE_INIT, VRRP_STATE_FAULT, "fault at startup");
}
END_TEST

START_TEST(test_init_fault_clear)
{
	init3(100);
	f.faulted = true;
	ck_assert_int_eq(step(VRRP_EV_FAULT_CLEAR, T0), 0);
	NO_ACTS();
	assert_same(VRRP_STATE_INIT);
	ck_assert(!f.faulted);
	ck_assert_int_eq(step(VRRP_EV_STARTUP, T0), 0);
	ck_assert_int_eq(f.state, VRRP_STATE_BACKUP);
}
END_TEST

START_TEST(test_init_shutdown)
{
	init3(100);
	ck_assert_int_eq(step(VRRP_EV_SHUTDOWN, T0), 0);
	ACTS(A(TIMER_CANCEL, 0), A(NOTIFY, VRRP_STATE_STOP), A(STOPPED, 0));
	assert_change(VRRP_STATE_INIT, VRRP_STATE_STOP, "shutdown");
}
END_TEST

/* ---- BACKUP rows ------------------------------------------------------- */

START_TEST(test_backup_timer)
{
	to_backup(100);
	f.preempt_deadline = 1;   /* must be reset on entering MASTER */
	ck_assert_int_eq(step(VRRP_EV_TIMER, T0 + 3609), 0);
	ACTS(A(SEND_ADVERT, 100), A(VIPS_ADD, 0), A(GARP, 0), A(TIMER_SET, T0 + 4609),
	     A(NOTIFY, VRRP_STATE_MASTER));
	assert_change(VRRP_STATE_BACKUP, VRRP_STATE_MASTER, "master down timer expired");
	ck_assert_uint_eq(f.preempt_deadline, 0);
}
END_TEST

START_TEST(test_backup_advert_prio0)
{
	to_backup(100);
	ck_assert_int_eq(advert(0, 100, 1, T0 + 2000), 0);
	ACTS(A(TIMER_SET, T0 + 2000 + 609));
	assert_same(VRRP_STATE_BACKUP);
	/* the takeover names the real cause, not a missed-advert timeout */
	ck_assert_int_eq(step(VRRP_EV_TIMER, T0 + 2609), 0);
	assert_change(VRRP_STATE_BACKUP, VRRP_STATE_MASTER, "master sent priority 0");
}
END_TEST

START_TEST(test_backup_advert_higher)
{
	to_backup(100);
	ck_assert_int_eq(advert(150, 100, -1, T0 + 2000), 0);
	ACTS(A(TIMER_SET, T0 + 2000 + 3609));
	assert_same(VRRP_STATE_BACKUP);
	/* v3: the master's interval is learned before the timer is set */
	ck_assert_int_eq(advert(150, 50, -1, T0 + 3000), 0);
	ACTS(A(TIMER_SET, T0 + 3000 + 1500 + 304));
	ck_assert_uint_eq(f.master_adver_int_ms, 500);
	/* a zero interval is not learned */
	ck_assert_int_eq(advert(150, 0, -1, T0 + 4000), 0);
	ck_assert_uint_eq(f.master_adver_int_ms, 500);
}
END_TEST

/* RFC 5798 §6.4.2: ">= local priority" keeps the master, whatever the
 * address comparison says. */
START_TEST(test_backup_advert_equal)
{
	to_backup(100);
	ck_assert_int_eq(advert(100, 100, -1, T0 + 2000), 0);
	ACTS(A(TIMER_SET, T0 + 2000 + 3609));
	ck_assert_int_eq(advert(100, 100, 1, T0 + 2500), 0);
	ACTS(A(TIMER_SET, T0 + 2500 + 3609));
}
END_TEST

START_TEST(test_backup_advert_lower_nopreempt)
{
	struct vrrp_fsm_params p = params(3, 1000);

	p.preempt = false;
	vrrp_fsm_init(&f, &p, 100);
	ck_assert_int_eq(step(VRRP_EV_STARTUP, T0), 0);
	ck_assert_int_eq(advert(50, 100, -1, T0 + 2000), 0);
	ACTS(A(TIMER_SET, T0 + 2000 + 3609));
	assert_same(VRRP_STATE_BACKUP);
}
END_TEST

/* Preempt without delay: discarded, the down timer runs on. */
START_TEST(test_backup_advert_lower_preempt)
{
	to_backup(100);
	ck_assert_int_eq(advert(50, 100, -1, T0 + 2000), 0);
	NO_ACTS();
	assert_same(VRRP_STATE_BACKUP);
	ck_assert_uint_eq(f.timer_deadline, T0 + 3609);
	ck_assert_int_eq(step(VRRP_EV_TIMER, T0 + 3609), 0);
	ck_assert_int_eq(f.state, VRRP_STATE_MASTER);
}
END_TEST

/* ---- fast handover (floatd extension): BACKUP + ADVERT lower, preempt */

static void
init_fast(uint8_t prio, uint32_t preempt_delay_ms)
{
	struct vrrp_fsm_params p = params(3, 1000);

	p.fast_handover = true;
	p.preempt_delay_ms = preempt_delay_ms;
	vrrp_fsm_init(&f, &p, prio);
	ck_assert_int_eq(step(VRRP_EV_STARTUP, T0), 0);
}

/* A BACKUP settled for Master_Down (3609 ms at 100) that hears a lower
 * priority takes over after Skew_Time (609 ms), with its own reason. */
START_TEST(test_backup_fast_handover)
{
	init_fast(100, 0);
	/* the higher master keeps us back */
	ck_assert_int_eq(advert(150, 100, 1, T0 + 1000), 0);
	ck_assert_int_eq(advert(150, 100, 1, T0 + 4000), 0);
	ACTS(A(TIMER_SET, T0 + 4000 + 3609));
	/* its priority drops below ours: Skew_Time, not Master_Down */
	ck_assert_int_eq(advert(90, 100, 1, T0 + 4500), 0);
	ACTS(A(TIMER_SET, T0 + 4500 + 609));
	/* a second lower advert does not push the deadline back */
	ck_assert_int_eq(advert(90, 100, 1, T0 + 4800), 0);
	NO_ACTS();
	ck_assert_int_eq(step(VRRP_EV_TIMER, T0 + 4500 + 609), 0);
	assert_change(VRRP_STATE_BACKUP, VRRP_STATE_MASTER,
	              "fast handover: the master advertises a lower priority");
}
END_TEST

/* Hysteresis: not before a Master_Down_Interval in BACKUP (here right after
 * startup), so a router that just yielded cannot bounce the VIP back sooner;
 * nopreempt, off, and preempt_delay keep their meaning. */
START_TEST(test_backup_fast_handover_guards)
{
	init_fast(100, 0);
	ck_assert_int_eq(advert(90, 100, 1, T0 + 3000), 0);
	NO_ACTS();   /* in BACKUP for 3000 < 3609 ms: the RFC timer runs */
	ck_assert_uint_eq(f.timer_deadline, T0 + 3609);
	/* a master that just yielded: BACKUP since its yield */
	to_master(100);
	ck_assert_int_eq(advert(150, 100, 1, T0 + 5000), 0);
	ck_assert_int_eq(f.state, VRRP_STATE_BACKUP);
	ck_assert_int_eq(advert(90, 100, 1, T0 + 6000), 0);
	NO_ACTS();
	/* nopreempt: never */
	{
		struct vrrp_fsm_params p = params(3, 1000);

		p.fast_handover = true;
		p.preempt = false;
		vrrp_fsm_init(&f, &p, 100);
		ck_assert_int_eq(step(VRRP_EV_STARTUP, T0), 0);
		ck_assert_int_eq(advert(90, 100, 1, T0 + 5000), 0);
		ACTS(A(TIMER_SET, T0 + 5000 + 3609));
	}
	/* off (RFC timing): never */
	to_backup(100);
	ck_assert_int_eq(advert(90, 100, 1, T0 + 5000), 0);
	NO_ACTS();
	/* preempt_delay obeyed first, then fast */
	init_fast(100, 2000);
	ck_assert_int_eq(advert(90, 100, 1, T0 + 5000), 0);
	ACTS(A(TIMER_SET, T0 + 5000 + 3609));
	ck_assert_int_eq(advert(90, 100, 1, T0 + 7000), 0);
	ACTS(A(TIMER_SET, T0 + 7000 + 609));
}
END_TEST

START_TEST(test_backup_preempt_delay)
{
	struct vrrp_fsm_params p = params(3, 1000);

	p.preempt_delay_ms = 5000;
	vrrp_fsm_init(&f, &p, 100);
	ck_assert_int_eq(step(VRRP_EV_STARTUP, T0), 0);
	/* first lower advert starts the delay and is obeyed */
	ck_assert_int_eq(advert(50, 100, -1, T0 + 1000), 0);
	ck_assert_uint_eq(f.preempt_deadline, T0 + 6000);
	ACTS(A(TIMER_SET, T0 + 1000 + 3609));
	ck_assert_int_eq(advert(50, 100, -1, T0 + 5999), 0);
	ACTS(A(TIMER_SET, T0 + 5999 + 3609));
	ck_assert_uint_eq(f.preempt_deadline, T0 + 6000);
	/* delay over: discarded from now on */
	ck_assert_int_eq(advert(50, 100, -1, T0 + 6000), 0);
	NO_ACTS();
	ck_assert_int_eq(advert(50, 100, -1, T0 + 7000), 0);
	NO_ACTS();
	ck_assert_int_eq(step(VRRP_EV_TIMER, T0 + 5999 + 3609), 0);
	ck_assert_int_eq(f.state, VRRP_STATE_MASTER);
	ck_assert_uint_eq(f.preempt_deadline, 0);
}
END_TEST

/* A higher-priority master during the delay cancels it: the next
 * lower-priority master gets the full delay again. */
START_TEST(test_backup_preempt_delay_reset)
{
	struct vrrp_fsm_params p = params(3, 1000);

	p.preempt_delay_ms = 5000;
	vrrp_fsm_init(&f, &p, 100);
	ck_assert_int_eq(step(VRRP_EV_STARTUP, T0), 0);
	ck_assert_int_eq(advert(50, 100, -1, T0 + 1000), 0);
	ck_assert_int_eq(advert(200, 100, 1, T0 + 2000), 0);
	ck_assert_uint_eq(f.preempt_deadline, 0);
	ck_assert_int_eq(advert(50, 100, -1, T0 + 3000), 0);
	ck_assert_uint_eq(f.preempt_deadline, T0 + 8000);
	ACTS(A(TIMER_SET, T0 + 3000 + 3609));
}
END_TEST

START_TEST(test_backup_fault)
{
	to_backup(100);
	ck_assert_int_eq(step(VRRP_EV_FAULT, T0 + 10), 0);
	ACTS(A(TIMER_CANCEL, 0), A(NOTIFY, VRRP_STATE_FAULT));
	assert_change(VRRP_STATE_BACKUP, VRRP_STATE_FAULT, "fault");
	ck_assert(f.faulted);
	ck_assert_uint_eq(f.timer_deadline, 0);
}
END_TEST

START_TEST(test_backup_shutdown)
{
	to_backup(100);
	ck_assert_int_eq(step(VRRP_EV_SHUTDOWN, T0 + 10), 0);
	ACTS(A(TIMER_CANCEL, 0), A(NOTIFY, VRRP_STATE_STOP), A(STOPPED, 0));
	assert_change(VRRP_STATE_BACKUP, VRRP_STATE_STOP, "shutdown");
}
END_TEST

/* ---- MASTER rows ------------------------------------------------------- */

START_TEST(test_master_timer)
{
	to_master(100);
	ck_assert_int_eq(step(VRRP_EV_TIMER, T0 + 4609), 0);
	ACTS(A(SEND_ADVERT, 100), A(TIMER_SET, T0 + 5609));
	assert_same(VRRP_STATE_MASTER);
}
END_TEST

START_TEST(test_master_advert_prio0)
{
	to_master(100);
	ck_assert_int_eq(advert(0, 100, 1, T0 + 4000), 0);
	ACTS(A(SEND_ADVERT, 100), A(TIMER_SET, T0 + 5000));
	assert_same(VRRP_STATE_MASTER);
}
END_TEST

START_TEST(test_master_advert_higher)
{
	to_master(100);
	ck_assert_int_eq(advert(150, 200, -1, T0 + 4000), 0);
	/* v3: 2 s learned first, so 3 * 2000 + 1218 */
	ACTS(A(VIPS_DEL, 0), A(TIMER_SET, T0 + 4000 + 7218), A(NOTIFY, VRRP_STATE_BACKUP));
	assert_change(VRRP_STATE_MASTER, VRRP_STATE_BACKUP, "higher priority advertisement");
}
END_TEST

/* Equal priority: the higher primary address wins (RFC 5798 §6.4.3). */
START_TEST(test_master_advert_equal)
{
	to_master(100);
	ck_assert_int_eq(advert(100, 100, -1, T0 + 4000), 0);
	ACTS(A(SEND_ADVERT, 100), A(GARP, 0), A(TIMER_SET, T0 + 5000));
	assert_same(VRRP_STATE_MASTER);
	ck_assert_int_eq(advert(100, 100, 1, T0 + 4100), 0);
	ACTS(A(VIPS_DEL, 0), A(TIMER_SET, T0 + 4100 + 3609), A(NOTIFY, VRRP_STATE_BACKUP));
	assert_change(VRRP_STATE_MASTER, VRRP_STATE_BACKUP, "higher priority advertisement");
}
END_TEST

/* keepalived's higher_prio_send_advert: a MASTER about to yield (higher
 * priority, or equal and a higher address) sends one advert of its own
 * priority before it lets the VIPs go; a priority 0 or a lower priority is
 * answered as without it. */
START_TEST(test_master_advert_higher_send_advert)
{
	to_master(100);
	f.p.higher_prio_send_advert = true;
	ck_assert_int_eq(advert(0, 100, 1, T0 + 3700), 0);
	ACTS(A(SEND_ADVERT, 100), A(TIMER_SET, T0 + 4700));
	ck_assert_int_eq(advert(99, 100, 1, T0 + 3800), 0);
	ACTS(A(SEND_ADVERT, 100), A(GARP, 0), A(TIMER_SET, T0 + 4800));
	ck_assert_int_eq(advert(150, 200, -1, T0 + 4000), 0);
	ACTS(A(SEND_ADVERT, 100), A(VIPS_DEL, 0), A(TIMER_SET, T0 + 4000 + 7218),
	     A(NOTIFY, VRRP_STATE_BACKUP));
	assert_change(VRRP_STATE_MASTER, VRRP_STATE_BACKUP, "higher priority advertisement");
}
END_TEST

START_TEST(test_master_advert_equal_send_advert)
{
	to_master(100);
	f.p.higher_prio_send_advert = true;
	/* equal priority, lower address: we stay, answering once */
	ck_assert_int_eq(advert(100, 100, -1, T0 + 4000), 0);
	ACTS(A(SEND_ADVERT, 100), A(GARP, 0), A(TIMER_SET, T0 + 5000));
	assert_same(VRRP_STATE_MASTER);
	/* equal priority, higher address: advert, then yield */
	ck_assert_int_eq(advert(100, 100, 1, T0 + 4100), 0);
	ACTS(A(SEND_ADVERT, 100), A(VIPS_DEL, 0), A(TIMER_SET, T0 + 4100 + 3609),
	     A(NOTIFY, VRRP_STATE_BACKUP));
	assert_change(VRRP_STATE_MASTER, VRRP_STATE_BACKUP, "higher priority advertisement");
	/* only a MASTER yielding sends it: a BACKUP hearing a higher priority
	 * just restarts its down timer */
	ck_assert_int_eq(advert(150, 100, 1, T0 + 4200), 0);
	ACTS(A(TIMER_SET, T0 + 4200 + 3609));
}
END_TEST

/* RFC 9568 §6.4.3: a lower-priority master is answered at once. */
START_TEST(test_master_advert_lower)
{
	to_master(100);
	ck_assert_int_eq(advert(99, 100, 1, T0 + 4000), 0);
	ACTS(A(SEND_ADVERT, 100), A(GARP, 0), A(TIMER_SET, T0 + 5000));
	assert_same(VRRP_STATE_MASTER);
}
END_TEST

/* The answer to lower priorities is rate-limited to one per
 * Advertisement_Interval (1 s here), whatever their rate: a flood of
 * lower-priority adverts changes nothing in between, and the regular
 * Adver_Timer keeps running. */
START_TEST(test_master_advert_lower_rate)
{
	to_master(100);
	ck_assert_int_eq(advert(99, 100, 1, T0 + 4000), 0);
	ACTS(A(SEND_ADVERT, 100), A(GARP, 0), A(TIMER_SET, T0 + 5000));
	for (uint64_t t = T0 + 4001; t < T0 + 5000; t += 10) {
		ck_assert_int_eq(advert(99, 100, 1, t), 0);
		ck_assert_uint_eq(out.n, 0);
		assert_same(VRRP_STATE_MASTER);
	}
	ck_assert_uint_eq(f.timer_deadline, T0 + 5000);
	/* a priority-0 advert is still answered at once (not an answer to a
	 * lower priority) */
	ck_assert_int_eq(advert(0, 100, 1, T0 + 4500), 0);
	ACTS(A(SEND_ADVERT, 100), A(TIMER_SET, T0 + 5500));
	/* one interval after the last answer: answered again */
	ck_assert_int_eq(advert(99, 100, 1, T0 + 5000), 0);
	ACTS(A(SEND_ADVERT, 100), A(GARP, 0), A(TIMER_SET, T0 + 6000));
	ck_assert_int_eq(advert(50, 100, -1, T0 + 5999), 0);
	ck_assert_uint_eq(out.n, 0);
	ck_assert_int_eq(advert(50, 100, -1, T0 + 6000), 0);
	ACTS(A(SEND_ADVERT, 100), A(GARP, 0), A(TIMER_SET, T0 + 7000));
}
END_TEST

/* keepalived's lower_prio_no_advert: the GARP/NA round only, once per
 * interval; the Adver_Timer is not moved. */
START_TEST(test_master_advert_lower_no_advert)
{
	struct vrrp_fsm_params p = params(3, 1000);

	p.lower_prio_no_advert = true;
	vrrp_fsm_init(&f, &p, 100);
	ck_assert_int_eq(step(VRRP_EV_STARTUP, T0), 0);
	ck_assert_int_eq(step(VRRP_EV_TIMER, T0 + 3609), 0);
	ck_assert_int_eq(f.state, VRRP_STATE_MASTER);
	ck_assert_int_eq(advert(99, 100, 1, T0 + 4000), 0);
	ACTS(A(GARP, 0));
	assert_same(VRRP_STATE_MASTER);
	ck_assert_uint_eq(f.timer_deadline, T0 + 3609 + 1000);
	ck_assert_int_eq(advert(99, 100, 1, T0 + 4999), 0);
	ck_assert_uint_eq(out.n, 0);
	ck_assert_int_eq(advert(99, 100, 1, T0 + 5000), 0);
	ACTS(A(GARP, 0));
	/* a higher priority still wins */
	ck_assert_int_eq(advert(101, 100, 1, T0 + 5001), 0);
	ck_assert_int_eq(f.state, VRRP_STATE_BACKUP);
}
END_TEST

START_TEST(test_master_shutdown)
{
	to_master(100);
	ck_assert_int_eq(step(VRRP_EV_SHUTDOWN, T0 + 5000), 0);
	/* make-before-break: VIPs kept, no NOTIFY yet */
	ACTS(A(SEND_ADVERT, 0), A(TIMER_SET, T0 + 5000 + 3609));
	assert_change(VRRP_STATE_MASTER, VRRP_STATE_LEAVING, "shutdown");
}
END_TEST

/* restart in place: a MASTER stops silently, the VIPs stay, no notify */
START_TEST(test_master_stop_in_place)
{
	to_master(100);
	ck_assert_int_eq(step(VRRP_EV_STOP_IN_PLACE, T0 + 5000), 0);
	ACTS(A(TIMER_CANCEL, 0), A(STOPPED, 0));
	assert_change(VRRP_STATE_MASTER, VRRP_STATE_STOP,
	              "stopped in place: VIPs kept for the next floatd");
	/* everyone else stops as on SHUTDOWN */
	to_backup(100);
	ck_assert_int_eq(step(VRRP_EV_STOP_IN_PLACE, T0 + 5000), 0);
	ACTS(A(TIMER_CANCEL, 0), A(NOTIFY, VRRP_STATE_STOP), A(STOPPED, 0));
	assert_change(VRRP_STATE_BACKUP, VRRP_STATE_STOP, "shutdown");
}
END_TEST

/* the next floatd adopts: STARTUP goes straight to MASTER, advert first;
 * a fault at startup wins (and forgets the adoption) */
START_TEST(test_init_startup_adopt)
{
	init3(100);
	f.adopt_master = true;
	ck_assert_int_eq(step(VRRP_EV_STARTUP, T0), 0);
	ACTS(A(SEND_ADVERT, 100), A(VIPS_ADD, 0), A(GARP, 0), A(TIMER_SET, T0 + 1000),
	     A(NOTIFY, VRRP_STATE_MASTER));
	assert_change(VRRP_STATE_INIT, VRRP_STATE_MASTER,
	              "restart in place: adopted the previous floatd's VIPs");
	ck_assert(!f.adopt_master);
	init3(100);
	f.adopt_master = true;
	f.faulted = true;
	ck_assert_int_eq(step(VRRP_EV_STARTUP, T0), 0);
	ck_assert_int_eq(f.state, VRRP_STATE_FAULT);
	ck_assert(!f.adopt_master);
}
END_TEST

START_TEST(test_master_fault)
{
	to_master(100);
	ck_assert_int_eq(step(VRRP_EV_FAULT, T0 + 5000), 0);
	ACTS(A(SEND_ADVERT, 0), A(VIPS_DEL, 0), A(TIMER_CANCEL, 0),
	     A(NOTIFY, VRRP_STATE_FAULT));
	assert_change(VRRP_STATE_MASTER, VRRP_STATE_FAULT, "fault");
	ck_assert(f.faulted);
}
END_TEST

/* FAULT_CLEAR where no fault is held: valid, nothing to do. */
START_TEST(test_fault_clear_ignored)
{
	to_backup(100);
	ck_assert_int_eq(step(VRRP_EV_FAULT_CLEAR, T0), 0);
	NO_ACTS();
	assert_same(VRRP_STATE_BACKUP);
	to_master(100);
	ck_assert_int_eq(step(VRRP_EV_FAULT_CLEAR, T0), 0);
	NO_ACTS();
	assert_same(VRRP_STATE_MASTER);
	to_leaving();
	ck_assert_int_eq(step(VRRP_EV_FAULT_CLEAR, T0), 0);
	NO_ACTS();
	assert_same(VRRP_STATE_LEAVING);
}
END_TEST

/* ---- FAULT rows -------------------------------------------------------- */

START_TEST(test_fault_ignores)
{
	to_fault();
	ck_assert_int_eq(advert(200, 100, 1, T0 + 10), 0);
	NO_ACTS();
	ck_assert_int_eq(step(VRRP_EV_TIMER, T0 + 20), 0);
	NO_ACTS();
	ck_assert_int_eq(step(VRRP_EV_FAULT, T0 + 30), 0);
	NO_ACTS();
	assert_same(VRRP_STATE_FAULT);
}
END_TEST

START_TEST(test_fault_clear)
{
	to_fault();
	ck_assert_int_eq(step(VRRP_EV_FAULT_CLEAR, T0 + 10), 0);
	ACTS(A(TIMER_SET, T0 + 10 + 3609), A(NOTIFY, VRRP_STATE_BACKUP));
	assert_change(VRRP_STATE_FAULT, VRRP_STATE_BACKUP, "fault cleared");
	ck_assert(!f.faulted);
}
END_TEST

START_TEST(test_fault_clear_owner)
{
	init3(255);
	f.faulted = true;
	ck_assert_int_eq(step(VRRP_EV_STARTUP, T0), 0);
	ck_assert_int_eq(f.state, VRRP_STATE_FAULT);
	ck_assert_int_eq(step(VRRP_EV_FAULT_CLEAR, T0 + 10), 0);
	ACTS(A(SEND_ADVERT, 255), A(VIPS_ADD, 0), A(GARP, 0), A(TIMER_SET, T0 + 1010),
	     A(NOTIFY, VRRP_STATE_MASTER));
	assert_change(VRRP_STATE_FAULT, VRRP_STATE_MASTER, "owner");
}
END_TEST

START_TEST(test_fault_shutdown)
{
	to_fault();
	ck_assert_int_eq(step(VRRP_EV_SHUTDOWN, T0 + 10), 0);
	/* no VIPS_DEL: FAULT already removed them */
	ACTS(A(TIMER_CANCEL, 0), A(NOTIFY, VRRP_STATE_STOP), A(STOPPED, 0));
	assert_change(VRRP_STATE_FAULT, VRRP_STATE_STOP, "shutdown");
}
END_TEST

/* ---- LEAVING rows ------------------------------------------------------ */

START_TEST(test_leaving_advert)
{
	to_leaving();
	/* another leaver's priority 0 is no new master */
	ck_assert_int_eq(advert(0, 100, 1, T0 + 5100), 0);
	NO_ACTS();
	assert_same(VRRP_STATE_LEAVING);
	ck_assert_int_eq(advert(90, 100, -1, T0 + 5700), 0);
	ACTS(A(VIPS_DEL, 0), A(TIMER_CANCEL, 0), A(NOTIFY, VRRP_STATE_STOP), A(STOPPED, 0));
	assert_change(VRRP_STATE_LEAVING, VRRP_STATE_STOP, "new master heard");
}
END_TEST

START_TEST(test_leaving_timer)
{
	to_leaving();
	ck_assert_int_eq(step(VRRP_EV_TIMER, T0 + 5000 + 3609), 0);
	ACTS(A(VIPS_DEL, 0), A(TIMER_CANCEL, 0), A(NOTIFY, VRRP_STATE_STOP), A(STOPPED, 0));
	assert_change(VRRP_STATE_LEAVING, VRRP_STATE_STOP, "leave bound reached");
}
END_TEST

START_TEST(test_leaving_shutdown_again)
{
	to_leaving();
	ck_assert_int_eq(step(VRRP_EV_SHUTDOWN, T0 + 5100), 0);
	ACTS(A(VIPS_DEL, 0), A(TIMER_CANCEL, 0), A(NOTIFY, VRRP_STATE_STOP), A(STOPPED, 0));
	assert_change(VRRP_STATE_LEAVING, VRRP_STATE_STOP, "shutdown");
}
END_TEST

START_TEST(test_leaving_fault)
{
	to_leaving();
	ck_assert_int_eq(step(VRRP_EV_FAULT, T0 + 5100), 0);
	ACTS(A(VIPS_DEL, 0), A(TIMER_CANCEL, 0), A(NOTIFY, VRRP_STATE_STOP), A(STOPPED, 0));
	assert_change(VRRP_STATE_LEAVING, VRRP_STATE_STOP, "fault");
}
END_TEST

/* ---- RELEASE rows (floatctl release: planned handover) ----------------- */

/* MASTER + RELEASE: priority 0 sent, VIPs kept (make-before-break), the
 * held priority stored; a new master heard ends it in BACKUP. */
START_TEST(test_master_release)
{
	to_master(100);
	ck_assert_int_eq(release(1, T0 + 5000), 0);
	ACTS(A(SEND_ADVERT, 0), A(TIMER_SET, T0 + 5000 + 3609));
	assert_change(VRRP_STATE_MASTER, VRRP_STATE_LEAVING, "released by floatctl");
	ck_assert_int_eq(f.priority, 1);
	/* another leaver's priority 0 changes nothing */
	ck_assert_int_eq(advert(0, 100, 1, T0 + 5050), 0);
	NO_ACTS();
	ck_assert_int_eq(advert(90, 100, 1, T0 + 5100), 0);
	/* Master_Down at priority 1: 3 s + 996 ms */
	ACTS(A(VIPS_DEL, 0), A(TIMER_SET, T0 + 5100 + 3996), A(NOTIFY, VRRP_STATE_BACKUP));
	assert_change(VRRP_STATE_LEAVING, VRRP_STATE_BACKUP, "released: new master heard");
	/* and it stays there: lower-priority adverts reset its timer */
	ck_assert_int_eq(advert(90, 100, 1, T0 + 6100), 0);
	assert_same(VRRP_STATE_BACKUP);
}
END_TEST

/* LEAVING (release) + TIMER: nobody took over, so keep serving: back to
 * MASTER without touching the VIPs (they never left) and without a notify
 * (no state was announced in between). */
START_TEST(test_release_no_taker)
{
	to_master(100);
	ck_assert_int_eq(release(1, T0 + 5000), 0);
	ck_assert_int_eq(step(VRRP_EV_TIMER, T0 + 5000 + 3609), 0);
	ACTS(A(SEND_ADVERT, 1), A(TIMER_SET, T0 + 5000 + 3609 + 1000));
	assert_change(VRRP_STATE_LEAVING, VRRP_STATE_MASTER, "release: no other router took over");
	/* a later stop is an ordinary stop again */
	ck_assert_int_eq(step(VRRP_EV_SHUTDOWN, T0 + 9000), 0);
	ck_assert_int_eq(step(VRRP_EV_TIMER, T0 + 9000 + 3996), 0);
	assert_change(VRRP_STATE_LEAVING, VRRP_STATE_STOP, "leave bound reached");
}
END_TEST

/* LEAVING (release) + FAULT is a FAULT, not a stop; + SHUTDOWN a stop. */
START_TEST(test_release_fault_and_shutdown)
{
	to_master(100);
	ck_assert_int_eq(release(1, T0 + 5000), 0);
	ck_assert_int_eq(step(VRRP_EV_FAULT, T0 + 5100), 0);
	ACTS(A(VIPS_DEL, 0), A(TIMER_CANCEL, 0), A(NOTIFY, VRRP_STATE_FAULT));
	assert_change(VRRP_STATE_LEAVING, VRRP_STATE_FAULT, "fault");
	to_master(100);
	ck_assert_int_eq(release(1, T0 + 5000), 0);
	ck_assert_int_eq(step(VRRP_EV_SHUTDOWN, T0 + 5100), 0);
	ACTS(A(VIPS_DEL, 0), A(TIMER_CANCEL, 0), A(NOTIFY, VRRP_STATE_STOP), A(STOPPED, 0));
	assert_change(VRRP_STATE_LEAVING, VRRP_STATE_STOP, "shutdown");
}
END_TEST

/* BACKUP/FAULT + RELEASE: only the priority is held (as a PRIORITY event);
 * LEAVING + RELEASE is ignored. */
START_TEST(test_release_not_master)
{
	to_backup(100);
	ck_assert_int_eq(release(1, T0 + 100), 0);
	assert_same(VRRP_STATE_BACKUP);
	ck_assert_int_eq(f.priority, 1);
	/* the down deadline moves by the change in Skew_Time: 609 -> 996 */
	ACTS(A(TIMER_SET, T0 + 3609 + 996 - 609));
	to_fault();
	ck_assert_int_eq(release(1, T0 + 100), 0);
	NO_ACTS();
	assert_same(VRRP_STATE_FAULT);
	ck_assert_int_eq(f.priority, 1);
	to_leaving();
	ck_assert_int_eq(release(1, T0 + 5100), 0);
	NO_ACTS();
	assert_same(VRRP_STATE_LEAVING);
}
END_TEST

/* ---- PRIORITY rows ----------------------------------------------------- */

START_TEST(test_priority_master)
{
	to_master(100);
	ck_assert_int_eq(set_prio(90, T0 + 4000), 0);
	ACTS(A(SEND_ADVERT, 90), A(TIMER_SET, T0 + 5000));
	assert_same(VRRP_STATE_MASTER);
	ck_assert_int_eq(f.priority, 90);
	/* unchanged: nothing */
	ck_assert_int_eq(set_prio(90, T0 + 4100), 0);
	NO_ACTS();
}
END_TEST

/* The backup deadline keeps its 3 * interval part; only the skew moves:
 * 100 -> 200 is 609 -> 218 ms. */
START_TEST(test_priority_backup)
{
	to_backup(100);
	ck_assert_int_eq(set_prio(200, T0 + 1000), 0);
	ACTS(A(TIMER_SET, T0 + 3000 + 218));
	ck_assert_uint_eq(f.timer_deadline, T0 + 3218);
	ck_assert_int_eq(set_prio(1, T0 + 1000), 0);
	ACTS(A(TIMER_SET, T0 + 3000 + 996));
	/* a deadline that would fall in the past fires now */
	ck_assert_int_eq(set_prio(254, T0 + 3995), 0);
	ACTS(A(TIMER_SET, T0 + 3995));
	assert_same(VRRP_STATE_BACKUP);
}
END_TEST

START_TEST(test_priority_owner_fixed)
{
	init3(255);
	ck_assert_int_eq(step(VRRP_EV_STARTUP, T0), 0);
	ck_assert_int_eq(f.state, VRRP_STATE_MASTER);
	ck_assert_int_eq(set_prio(10, T0 + 4000), 0);
	NO_ACTS();
	ck_assert_int_eq(f.priority, 255);
}
END_TEST

/* 0 and 255 have wire meanings (leaving, owner): clamp into 1..254. */
START_TEST(test_priority_clamp)
{
	init3(100);
	ck_assert_int_eq(set_prio(0, T0), 0);
	NO_ACTS();
	ck_assert_int_eq(f.priority, 1);
	ck_assert_int_eq(set_prio(255, T0), 0);
	ck_assert_int_eq(f.priority, 254);
	to_fault();
	ck_assert_int_eq(set_prio(120, T0), 0);
	NO_ACTS();
	ck_assert_int_eq(f.priority, 120);
	to_leaving();
	ck_assert_int_eq(set_prio(120, T0), 0);
	NO_ACTS();
	ck_assert_int_eq(f.priority, 120);
}
END_TEST

/* ---- invalid pairs ----------------------------------------------------- */

static void
assert_invalid(enum vrrp_event_kind kind)
{
	enum vrrp_state s = f.state;
	uint64_t deadline = f.timer_deadline;

	out.n = 5;   /* must be cleared */
	ck_assert_int_eq(step(kind, T0 + 99), -1);
	NO_ACTS();
	ck_assert(!out.changed);
	ck_assert_int_eq(f.state, s);
	ck_assert_uint_eq(f.timer_deadline, deadline);
}

START_TEST(test_invalid)
{
	int e;

	init3(100);
	assert_invalid(VRRP_EV_ADVERT);
	assert_invalid(VRRP_EV_TIMER);
	to_backup(100);
	assert_invalid(VRRP_EV_STARTUP);
	to_master(100);
	assert_invalid(VRRP_EV_STARTUP);
	to_fault();
	assert_invalid(VRRP_EV_STARTUP);
	to_leaving();
	assert_invalid(VRRP_EV_STARTUP);
	to_backup(100);
	ck_assert_int_eq(step(VRRP_EV_SHUTDOWN, T0), 0);
	for (e = 0; e < VRRP_EV_MAX; e++)
		assert_invalid((enum vrrp_event_kind)e);
	f.state = VRRP_STATE_MAX;
	assert_invalid(VRRP_EV_TIMER);
}
END_TEST

START_TEST(test_names)
{
	ck_assert_str_eq(vrrp_state_name(VRRP_STATE_INIT), "INIT");
	ck_assert_str_eq(vrrp_state_name(VRRP_STATE_BACKUP), "BACKUP");
	ck_assert_str_eq(vrrp_state_name(VRRP_STATE_MASTER), "MASTER");
	ck_assert_str_eq(vrrp_state_name(VRRP_STATE_FAULT), "FAULT");
	ck_assert_str_eq(vrrp_state_name(VRRP_STATE_LEAVING), "LEAVING");
	ck_assert_str_eq(vrrp_state_name(VRRP_STATE_STOP), "STOP");
	ck_assert_str_eq(vrrp_state_name(VRRP_STATE_MAX), "UNKNOWN");
	ck_assert_str_eq(vrrp_event_name(VRRP_EV_FAULT_CLEAR), "fault_clear");
	ck_assert_str_eq(vrrp_event_name(VRRP_EV_MAX), "unknown");
	ck_assert_str_eq(vrrp_action_name(VRRP_ACT_TIMER_SET), "timer_set");
	ck_assert_str_eq(vrrp_action_name(VRRP_ACT_STOPPED), "stopped");
}
END_TEST

/* startup -> backup -> master -> higher-priority advert -> backup ->
 * master again -> graceful shutdown via LEAVING, v2 this time. */

/* ---- sync groups -------------------------------------------------------- */

START_TEST(test_group_master)
{
	to_backup(100);
	ck_assert_int_eq(step(VRRP_EV_GROUP_MASTER, T0 + 1000), 0);
	ACTS(A(SEND_ADVERT, 100), A(VIPS_ADD, 0), A(GARP, 0), A(TIMER_SET, T0 + 2000),
	     A(NOTIFY, VRRP_STATE_MASTER));
	assert_change(VRRP_STATE_BACKUP, VRRP_STATE_MASTER, "sync group member became MASTER");
	/* already MASTER: nothing to do */
	ck_assert_int_eq(step(VRRP_EV_GROUP_MASTER, T0 + 1100), 0);
	ck_assert_uint_eq(out.n, 0);
	assert_same(VRRP_STATE_MASTER);
}
END_TEST

START_TEST(test_group_backup)
{
	to_master(100);
	ck_assert_int_eq(step(VRRP_EV_GROUP_BACKUP, T0 + 4000), 0);
	ACTS(A(VIPS_DEL, 0), A(TIMER_SET, T0 + 4000 + 3609), A(NOTIFY, VRRP_STATE_BACKUP));
	assert_change(VRRP_STATE_MASTER, VRRP_STATE_BACKUP, "sync group member left MASTER");
	ck_assert_int_eq(step(VRRP_EV_GROUP_BACKUP, T0 + 4100), 0);
	ck_assert_uint_eq(out.n, 0);
	assert_same(VRRP_STATE_BACKUP);
}
END_TEST

START_TEST(test_group_ignored_in_fault_and_leaving)
{
	to_fault();
	ck_assert_int_eq(step(VRRP_EV_GROUP_MASTER, T0 + 100), 0);
	ck_assert_uint_eq(out.n, 0);
	assert_same(VRRP_STATE_FAULT);
	to_leaving();
	ck_assert_int_eq(step(VRRP_EV_GROUP_MASTER, T0 + 5100), 0);
	ck_assert_uint_eq(out.n, 0);
	assert_same(VRRP_STATE_LEAVING);
	/* a LEAVING master keeps its make-before-break wait */
	ck_assert_int_eq(step(VRRP_EV_GROUP_BACKUP, T0 + 5200), -1);
}
END_TEST

START_TEST(test_scenario)
{
	struct vrrp_fsm_params p = params(2, 1000);
	uint64_t now = T0;

	vrrp_fsm_init(&f, &p, 150);   /* skew (106*1000)/256 = 414, down 3414 */
	ck_assert_int_eq(step(VRRP_EV_STARTUP, now), 0);
	ACTS(A(TIMER_SET, now + 3414), A(NOTIFY, VRRP_STATE_BACKUP));
	/* nobody there */
	now = f.timer_deadline;
	ck_assert_int_eq(step(VRRP_EV_TIMER, now), 0);
	ck_assert_int_eq(f.state, VRRP_STATE_MASTER);
	for (int i = 0; i < 3; i++) {
		now = f.timer_deadline;
		ck_assert_int_eq(step(VRRP_EV_TIMER, now), 0);
		ACTS(A(SEND_ADVERT, 150), A(TIMER_SET, now + 1000));
	}
	/* a router with 200 comes up and preempts us */
	now += 300;
	ck_assert_int_eq(advert(200, 100, 1, now), 0);
	ACTS(A(VIPS_DEL, 0), A(TIMER_SET, now + 3414), A(NOTIFY, VRRP_STATE_BACKUP));
	assert_change(VRRP_STATE_MASTER, VRRP_STATE_BACKUP, "higher priority advertisement");
	for (int i = 0; i < 5; i++) {
		now += 1000;
		ck_assert_int_eq(advert(200, 100, 1, now), 0);
		ACTS(A(TIMER_SET, now + 3414));
	}
	/* it leaves gracefully: we take over after Skew_Time */
	now += 200;
	ck_assert_int_eq(advert(0, 100, 1, now), 0);
	ACTS(A(TIMER_SET, now + 414));
	now += 414;
	ck_assert_int_eq(step(VRRP_EV_TIMER, now), 0);
	ACTS(A(SEND_ADVERT, 150), A(VIPS_ADD, 0), A(GARP, 0), A(TIMER_SET, now + 1000),
	     A(NOTIFY, VRRP_STATE_MASTER));
	/* now we stop, and the other side answers within the bound */
	now += 500;
	ck_assert_int_eq(step(VRRP_EV_SHUTDOWN, now), 0);
	ACTS(A(SEND_ADVERT, 0), A(TIMER_SET, now + 3414));
	ck_assert_int_eq(f.state, VRRP_STATE_LEAVING);
	now += 414;
	ck_assert_int_eq(advert(100, 100, -1, now), 0);
	ACTS(A(VIPS_DEL, 0), A(TIMER_CANCEL, 0), A(NOTIFY, VRRP_STATE_STOP), A(STOPPED, 0));
	assert_change(VRRP_STATE_LEAVING, VRRP_STATE_STOP, "new master heard");
	ck_assert_uint_eq(f.timer_deadline, 0);
}
END_TEST

static Suite *
fsm_suite(void)
{
	Suite *s = suite_create("fsm");
	TCase *tt = tcase_create("timers");
	TCase *tr = tcase_create("rows");
	TCase *tx = tcase_create("scenario");

	tcase_add_loop_test(tt, test_timers, 0, (int)(sizeof timer_cases / sizeof timer_cases[0]));
	tcase_add_test(tt, test_timers_learned);
	tcase_add_test(tt, test_timers_down_adverts);
	suite_add_tcase(s, tt);

	tcase_add_test(tr, test_init_startup_backup);
	tcase_add_test(tr, test_init_startup_owner);
	tcase_add_test(tr, test_init_startup_want_master);
	tcase_add_test(tr, test_init_fault_then_startup);
	tcase_add_test(tr, test_init_fault_clear);
	tcase_add_test(tr, test_init_shutdown);
	tcase_add_test(tr, test_backup_timer);
	tcase_add_test(tr, test_backup_advert_prio0);
	tcase_add_test(tr, test_backup_advert_higher);
	tcase_add_test(tr, test_backup_advert_equal);
	tcase_add_test(tr, test_backup_advert_lower_nopreempt);
	tcase_add_test(tr, test_backup_advert_lower_preempt);
	tcase_add_test(tr, test_backup_preempt_delay);
	tcase_add_test(tr, test_backup_preempt_delay_reset);
	tcase_add_test(tr, test_backup_fault);
	tcase_add_test(tr, test_backup_shutdown);
	tcase_add_test(tr, test_master_timer);
	tcase_add_test(tr, test_master_advert_prio0);
	tcase_add_test(tr, test_master_advert_higher);
	tcase_add_test(tr, test_master_advert_equal);
	tcase_add_test(tr, test_master_advert_higher_send_advert);
	tcase_add_test(tr, test_master_advert_equal_send_advert);
	tcase_add_test(tr, test_master_advert_lower);
	tcase_add_test(tr, test_master_advert_lower_rate);
	tcase_add_test(tr, test_master_advert_lower_no_advert);
	tcase_add_test(tr, test_master_shutdown);
	tcase_add_test(tr, test_master_stop_in_place);
	tcase_add_test(tr, test_init_startup_adopt);
	tcase_add_test(tr, test_master_fault);
	tcase_add_test(tr, test_fault_clear_ignored);
	tcase_add_test(tr, test_fault_ignores);
	tcase_add_test(tr, test_fault_clear);
	tcase_add_test(tr, test_fault_clear_owner);
	tcase_add_test(tr, test_fault_shutdown);
	tcase_add_test(tr, test_leaving_advert);
	tcase_add_test(tr, test_leaving_timer);
	tcase_add_test(tr, test_leaving_shutdown_again);
	tcase_add_test(tr, test_leaving_fault);
	tcase_add_test(tr, test_backup_fast_handover);
	tcase_add_test(tr, test_backup_fast_handover_guards);
	tcase_add_test(tr, test_master_release);
	tcase_add_test(tr, test_release_no_taker);
	tcase_add_test(tr, test_release_fault_and_shutdown);
	tcase_add_test(tr, test_release_not_master);
	tcase_add_test(tr, test_priority_master);
	tcase_add_test(tr, test_priority_backup);
	tcase_add_test(tr, test_priority_owner_fixed);
	tcase_add_test(tr, test_priority_clamp);
	tcase_add_test(tr, test_invalid);
	tcase_add_test(tr, test_names);
	suite_add_tcase(s, tr);

	tcase_add_test(tx, test_scenario);
	tcase_add_test(tx, test_group_master);
	tcase_add_test(tx, test_group_backup);
	tcase_add_test(tx, test_group_ignored_in_fault_and_leaving);
	suite_add_tcase(s, tx);
	return s;
}

int
main(void)
{
	return unit_run(fsm_suite());
}
