/* global_defs vrrp_rt_priority and vrrp_rlimit_rttime (also the older
 * spelling vrrp_rlimit_rtime), max_auto_priority [PRIORITY] and
 * min_auto_priority_delay USECS: real-time scheduling of the VRRP process;
 * vrrp_priority / checker_priority NICE, vrrp_no_swap / checker_no_swap and
 * vrrp_cpu_affinity / checker_cpu_affinity CPU...; checker_rt_priority and
 * checker_rlimit_rttime, the checker's real-time scheduling;
 * keepalived's meanings (src/conf_sched.c).  Pure. */
#ifndef FLOATD_CONF_SCHED_H
#define FLOATD_CONF_SCHED_H

#include <stdio.h>

#include "conf.h"
#include "conf_parse.h"

/* keepalived's RT_RLIMIT_DEFAULT: CPU microseconds without blocking */
#define CONF_SCHED_RLIMIT_DEFAULT 10000u

/* The `arg` of conf_sched_global_table's rows. */
enum conf_sched_kw { CONF_SCHED_KW_RT_PRIORITY = 1, CONF_SCHED_KW_RLIMIT,
                     CONF_SCHED_KW_RLIMIT_OLD, CONF_SCHED_KW_MAX_AUTO,
                     CONF_SCHED_KW_MIN_AUTO_DELAY, CONF_SCHED_KW_VRRP_NICE,
                     CONF_SCHED_KW_CHECKER_NICE, CONF_SCHED_KW_VRRP_NO_SWAP,
                     CONF_SCHED_KW_CHECKER_NO_SWAP, CONF_SCHED_KW_VRRP_CPUS,
                     CONF_SCHED_KW_CHECKER_CPUS, CONF_SCHED_KW_CHECKER_RT_PRIORITY,
                     CONF_SCHED_KW_CHECKER_RLIMIT, CONF_SCHED_KW_CHECKER_RLIMIT_OLD };
/* keepalived's default min_auto_priority_delay: one second late */
#define CONF_SCHED_AUTO_DELAY_DEFAULT 1000000u
#define CONF_SCHED_AUTO_DELAY_MAX 10000000u
/* The five keywords' rows: a sub-table of src/conf_global.c's global_defs
 * (obj = struct floatd_conf). */
extern const struct conf_table conf_sched_global_table;
void conf_sched_dump(FILE *, const struct floatd_conf *);

#endif
