/* Real-time scheduling of the VRRP process (see rt_sched.h). */
#include "config.h"

#include <errno.h>
#include <sched.h>
#include <string.h>
#include <sys/resource.h>

#include "conf_sched.h"
#include "log.h"
#include "loop.h"
#include "process_prio.h"
#include "rt_sched.h"

/* What this process runs with now (one process, one state). */
static struct rt_sched_stats state;
static struct ev_loop *sched_loop;

static rlim_t
rttime_limit(const struct floatd_conf *c)
{
	return c->vrrp_rlimit_rttime_us ? c->vrrp_rlimit_rttime_us : CONF_SCHED_RLIMIT_DEFAULT;
}

/* SCHED_RR at `prio`, the RLIMIT_RTTIME first: never real-time without it. */
static int
set_rr(const struct floatd_conf *c, int prio, const char *why)
{
	if (process_prio_rr(why, prio, rttime_limit(c)) < 0)
		return -1;
	state.priority = prio;
	return 0;
}

static void
set_other(const char *why)
{
	struct sched_param sp = { .sched_priority = 0 };

	if (sched_setscheduler(0, SCHED_OTHER | SCHED_RESET_ON_FORK, &sp) < 0) {
		log_warn("%s: sched_setscheduler(SCHED_OTHER)", why);
		return;
	}
	state.priority = 0;
	log_info("%s: normal scheduling", why);
}

/* keepalived's increment_process_priority(): the loop woke late, so it
 * was not given the CPU in time; real-time at the lowest priority first,
 * then one step more each time, up to max_auto_priority. */
static void
loop_late(uint64_t late_us, void *arg)
{
	const struct floatd_conf *c = arg;
	int next = state.priority ? state.priority + 1 : sched_get_priority_min(SCHED_RR);

	state.late++;
	if (late_us > state.worst_late_us)
		state.worst_late_us = late_us;
	if (state.priority >= state.max_auto) {
		log_warnx_every(60000, 1, "the event loop ran %llu.%06llu s late; already at "
		                "max_auto_priority %d", (unsigned long long)(late_us / 1000000),
		                (unsigned long long)(late_us % 1000000), state.max_auto);
		return;
	}
	log_warnx("the event loop ran %llu.%06llu s late (min_auto_priority_delay %u us): raising "
	          "the scheduling priority", (unsigned long long)(late_us / 1000000),
	          (unsigned long long)(late_us % 1000000), state.min_delay_us);
	if (next < 1)
		next = 1;
	if (set_rr(c, next, "max_auto_priority") == 0)
		state.raised++;
}

static void
auto_setup(const struct floatd_conf *c)
{
	state.max_auto = c->max_auto_priority > 0 ? c->max_auto_priority : 0;
	state.min_delay_us = c->min_auto_priority_delay_us ? c->min_auto_priority_delay_us
	                                                   : CONF_SCHED_AUTO_DELAY_DEFAULT;
	if (sched_loop == NULL)
		return;
	if (state.max_auto)
		loop_set_late_hook(sched_loop, state.min_delay_us, loop_late, (void *)c);
	else
		loop_set_late_hook(sched_loop, 0, NULL, NULL);
}

void
rt_sched_apply(struct ev_loop *loop, const struct floatd_conf *c)
{
	sched_loop = loop;
	if (c->vrrp_rt_priority)
		set_rr(c, c->vrrp_rt_priority, "vrrp_rt_priority");
	process_prio_apply("vrrp", c->vrrp_nice, c->vrrp_no_swap, c->vrrp_cpus);
	auto_setup(c);
	if (state.max_auto)
		log_info("max_auto_priority %d: SCHED_RR (raised one step at a time) when the event "
		         "loop runs more than %u us late", state.max_auto, state.min_delay_us);
}

void
rt_sched_reload(const struct floatd_conf *old_c, const struct floatd_conf *c)
{
	int floor = c->vrrp_rt_priority;
	int ceiling = c->max_auto_priority > floor ? c->max_auto_priority : floor;

	/* the hook's argument is the configuration: the new one from now */
	auto_setup(c);
	if (old_c->vrrp_rt_priority == c->vrrp_rt_priority &&
	    old_c->vrrp_rlimit_rttime_us == c->vrrp_rlimit_rttime_us &&
	    state.priority >= floor && state.priority <= ceiling)
		return;
	/* keepalived's restore_priority(): up to the new vrrp_rt_priority, down
	 * to the new max_auto_priority, what was raised in between kept */
	if (state.priority < floor)
		set_rr(c, floor, "reload: vrrp_rt_priority");
	else if (state.priority > ceiling && ceiling > 0)
		set_rr(c, ceiling, "reload: max_auto_priority");
	else if (state.priority > ceiling)
		set_other("reload: vrrp_rt_priority and max_auto_priority off");
	else if (state.priority > 0)
		set_rr(c, state.priority, "reload: vrrp_rlimit_rttime");
}

const struct rt_sched_stats *
rt_sched_stats(void)
{
	return &state;
}
