/* keepalived's vrrp_priority / checker_priority (the process's nice value),
 * vrrp_no_swap / checker_no_swap (its memory locked in RAM) and
 * vrrp_cpu_affinity / checker_cpu_affinity (the CPUs it may run on), applied
 * by the process itself: the VRRP process (src/main.c) and the checker
 * (src/checker_main.c).  Scripts do not inherit a raised priority. */
#ifndef FLOATD_PROCESS_PRIO_H
#define FLOATD_PROCESS_PRIO_H

#include <sched.h>
#include <stdbool.h>
#include <stdint.h>

/* <sched.h> has it only with _GNU_SOURCE and a recent libc */
#ifndef SCHED_RESET_ON_FORK
#define SCHED_RESET_ON_FORK 0x40000000
#endif

/* nice -20..19 (0: left as it is); no_swap: mlockall(current and future);
 * cpus: bit n = CPU n, all zero = left as it is (CPUs this host lacks are
 * left out, with a warning).  `who` names the keywords in the log ("vrrp",
 * "checker").  Failures are logged; the process runs on either way. */
void process_prio_apply(const char *who, int nice, bool no_swap, const uint64_t cpus[16]);
/* SCHED_RR at prio (1..99) with SCHED_RESET_ON_FORK (scripts run
 * normally), after RLIMIT_RTTIME: soft half of limit_us, hard all of it,
 * as keepalived, so a loop that never blocks is stopped by the kernel.
 * `why` names the keyword in the log.  0, or -1 (logged, nothing set). */
int process_prio_rr(const char *why, int prio, uint64_t limit_us);

#endif
