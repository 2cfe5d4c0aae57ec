/* Real-time scheduling of the VRRP process (vrrp_rt_priority,
 * vrrp_rlimit_rttime): SCHED_RR with SCHED_RESET_ON_FORK, so scripts and
 * the checker child run normally, and RLIMIT_RTTIME (soft half, hard the
 * whole limit, as keepalived) so a loop that never blocks is stopped by
 * the kernel instead of freezing the CPU.  Logs; never fails the start.
 * Returns whether the process now runs real-time (SIGXCPU then means the
 * soft limit, not a request to stop). */
#ifndef FLOATD_RT_SCHED_H
#define FLOATD_RT_SCHED_H

#include "conf.h"

#include <stdbool.h>

bool rt_sched_apply(const struct floatd_conf *);
/* A reload: applied again when vrrp_rt_priority or vrrp_rlimit_rttime
 * changed (back to SCHED_OTHER when the priority went away). */
void rt_sched_reload(const struct floatd_conf *old_c, const struct floatd_conf *c);

#endif
