/* Real-time scheduling of the VRRP process (vrrp_rt_priority,
 * vrrp_rlimit_rttime, max_auto_priority, min_auto_priority_delay):
 * SCHED_RR with SCHED_RESET_ON_FORK, so scripts and the checker child run
 * normally, and RLIMIT_RTTIME (soft half, hard the whole limit, as
 * keepalived) so a loop that never blocks is stopped by the kernel instead
 * of freezing the CPU.  With max_auto_priority, a loop that runs late
 * (lib/loop.c's late hook: a timer fired more than min_auto_priority_delay
 * after its deadline) raises the process to SCHED_RR at priority 1, then
 * one step per late wake-up, up to max_auto_priority (keepalived 2.2).
 * Logs; never fails the start.  rt_sched_stats()->priority != 0: the
 * process runs real-time now (SIGXCPU then means the soft limit, not a
 * request to stop). */
#ifndef FLOATD_RT_SCHED_H
#define FLOATD_RT_SCHED_H

#include <stdint.h>

#include "conf.h"

struct ev_loop;

/* What floatctl status shows. */
struct rt_sched_stats {
	int priority;                /* SCHED_RR priority now; 0 = normal scheduling */
	int max_auto;                /* max_auto_priority in force; 0 = off */
	uint32_t min_delay_us;       /* min_auto_priority_delay in force */
	uint64_t late;               /* late wake-ups seen (with max_auto_priority) */
	uint64_t raised;             /* priority raises they caused */
	uint64_t worst_late_us;      /* the latest wake-up */
};

void rt_sched_apply(struct ev_loop *, const struct floatd_conf *);
/* A reload: vrrp_rt_priority / vrrp_rlimit_rttime applied again, the
 * late hook set for the new max_auto_priority and delay; a priority raised
 * automatically is kept within the new bounds (keepalived's
 * restore_priority), normal scheduling when both are off.  `c` must live
 * until the next reload (it is the running configuration). */
void rt_sched_reload(const struct floatd_conf *old_c, const struct floatd_conf *c);
const struct rt_sched_stats *rt_sched_stats(void);

#endif
