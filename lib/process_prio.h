/* keepalived's vrrp_priority / checker_priority (the process's nice value),
 * vrrp_no_swap / checker_no_swap (its memory locked in RAM) and
 * vrrp_cpu_affinity / checker_cpu_affinity (the CPUs it may run on), applied
 * by the process itself: the VRRP process (src/main.c) and the checker
 * (src/checker_main.c).  Scripts do not inherit a raised priority. */
#ifndef FLOATD_PROCESS_PRIO_H
#define FLOATD_PROCESS_PRIO_H

#include <stdbool.h>
#include <stdint.h>

/* nice -20..19 (0: left as it is); no_swap: mlockall(current and future);
 * cpus: bit n = CPU n, all zero = left as it is (CPUs this host lacks are
 * left out, with a warning).  `who` names the keywords in the log ("vrrp",
 * "checker").  Failures are logged; the process runs on either way. */
void process_prio_apply(const char *who, int nice, bool no_swap, const uint64_t cpus[16]);

#endif
