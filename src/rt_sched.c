/* Real-time scheduling of the VRRP process (see rt_sched.h). */
#include "config.h"

#include <errno.h>
#include <sched.h>
#include <string.h>
#include <sys/resource.h>

#include "conf_sched.h"
#include "log.h"
#include "rt_sched.h"

#ifndef SCHED_RESET_ON_FORK
#define SCHED_RESET_ON_FORK 0x40000000
#endif

bool rt_sched_apply(const struct floatd_conf *c)
{
	struct sched_param sp = { .sched_priority = c->vrrp_rt_priority };
	rlim_t lim = c->vrrp_rlimit_rttime_us ? c->vrrp_rlimit_rttime_us
	                                      : CONF_SCHED_RLIMIT_DEFAULT;
	struct rlimit rl = { lim / 2, lim };

	if (!c->vrrp_rt_priority)
		return false;
	/* the limit first: never run real-time without it */
	if (setrlimit(RLIMIT_RTTIME, &rl) < 0) {
		log_warn("vrrp_rt_priority %d not set: RLIMIT_RTTIME %llu us",
		         c->vrrp_rt_priority, (unsigned long long)lim);
		return false;
	}
	if (sched_setscheduler(0, SCHED_RR | SCHED_RESET_ON_FORK, &sp) < 0) {
		log_warn("vrrp_rt_priority %d: sched_setscheduler", c->vrrp_rt_priority);
		return false;
	}
	log_info("real-time scheduling: SCHED_RR priority %d, at most %llu us of CPU without "
	         "blocking (warning at %llu)", c->vrrp_rt_priority, (unsigned long long)lim,
	         (unsigned long long)lim / 2);
	return true;
}

void rt_sched_reload(const struct floatd_conf *old_c, const struct floatd_conf *c)
{
	struct sched_param sp = { .sched_priority = 0 };

	if (old_c->vrrp_rt_priority == c->vrrp_rt_priority &&
	    old_c->vrrp_rlimit_rttime_us == c->vrrp_rlimit_rttime_us)
		return;
	if (c->vrrp_rt_priority) {
		rt_sched_apply(c);
		return;
	}
	/* vrrp_rt_priority removed: back to normal scheduling (the limit
	 * only matters to real-time threads) */
	if (sched_setscheduler(0, SCHED_OTHER | SCHED_RESET_ON_FORK, &sp) < 0)
		log_warn("reload: vrrp_rt_priority removed: sched_setscheduler(SCHED_OTHER)");
	else
		log_info("reload: vrrp_rt_priority removed: normal scheduling");
}
