/* vrrp_rt_priority / vrrp_rlimit_rttime (see conf_sched.h).  keepalived's
 * rules (global_parser.c): a priority outside SCHED_RR's 1..99 is reported
 * and clamped; the limit is 1..UINT32_MAX microseconds, 1 counts as 2 (half
 * of it is the soft limit, which must not be 0); `*_rlimit_rtime` is the
 * deprecated spelling.  max_auto_priority takes -1..99 (no value: 99; -1
 * and 0 are off), min_auto_priority_delay 1..10000000 microseconds; other
 * values are reported and ignored, as keepalived does. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "conf_sched.h"

#define SCHED_RT_MIN 1
#define SCHED_RT_MAX 99   /* sched_get_priority_max(SCHED_RR) on Linux */

/* vrrp_cpu_affinity / checker_cpu_affinity CPU...: keepalived drops the
 * whole set at the first bad number (here: not 0..1023; a CPU this host
 * lacks is found when the process applies the set) */
static int sched_cpus(struct conf_parse *p, const struct conf_line *l, uint64_t cpus[16])
{
	memset(cpus, 0, 16 * sizeof(cpus[0]));
	for (int i = 1; i < l->argc; i++) {
		char *end;
		long n;

		errno = 0;
		n = strtol(l->argv[i], &end, 10);
		if (!l->argv[i][0] || *end || errno || n < 0 || n > 1023) {
			conf_parse_warn(p, l, "invalid CPU '%s' in %s (expected 0..1023); no CPU "
			                "affinity, as keepalived does", l->argv[i], l->argv[0]);
			memset(cpus, 0, 16 * sizeof(cpus[0]));
			return 0;
		}
		cpus[n / 64] |= 1ull << (n % 64);
	}
	return 0;
}

/* vrrp_priority / checker_priority NICE (-20..19), vrrp_no_swap /
 * checker_no_swap: keepalived reports a bad priority and keeps 0 */
static int conf_sched_process(struct conf_parse *p, const struct conf_line *l, void *obj,
                              void **child)
{
	struct floatd_conf *c = obj;

	(void)child;
	switch ((enum conf_sched_kw)conf_parse_kw_arg(p)) {
	case CONF_SCHED_KW_VRRP_CPUS:
		return sched_cpus(p, l, c->vrrp_cpus);
	case CONF_SCHED_KW_CHECKER_CPUS:
		return sched_cpus(p, l, c->checker_cpus);
	case CONF_SCHED_KW_VRRP_NO_SWAP:
		c->vrrp_no_swap = true;
		return 0;
	case CONF_SCHED_KW_CHECKER_NO_SWAP:
		c->checker_no_swap = true;
		return 0;
	case CONF_SCHED_KW_VRRP_NICE:
	case CONF_SCHED_KW_CHECKER_NICE: {
		int *out = conf_parse_kw_arg(p) == CONF_SCHED_KW_VRRP_NICE ? &c->vrrp_nice :
		                                                             &c->checker_nice;
		char *end;
		long n;

		errno = 0;
		n = strtol(l->argv[1], &end, 10);
		if (!l->argv[1][0] || *end || errno || n < -20 || n > 19) {
			conf_parse_warn(p, l, "invalid %s '%s' (expected -20..19); using 0, as "
			                "keepalived does", l->argv[0], l->argv[1]);
			*out = 0;
			return 0;
		}
		*out = (int)n;
		return 0;
	}
	default:
		return conf_parse_bad_arg(p, l);
	}
}

static int conf_sched_global(struct conf_parse *p, const struct conf_line *l, void *obj,
                             void **child)
{
	struct floatd_conf *c = obj;
	const char *kw = l->argv[0], *v = l->argv[1];
	int arg = conf_parse_kw_arg(p);
	char *end;
	long long n;

	(void)child;
	bool checker = arg == CONF_SCHED_KW_CHECKER_RT_PRIORITY ||
	               arg == CONF_SCHED_KW_CHECKER_RLIMIT || arg == CONF_SCHED_KW_CHECKER_RLIMIT_OLD;

	if (checker)   /* the same rules for the checker process's pair */
		arg = arg == CONF_SCHED_KW_CHECKER_RT_PRIORITY ? CONF_SCHED_KW_RT_PRIORITY :
		      arg == CONF_SCHED_KW_CHECKER_RLIMIT ? CONF_SCHED_KW_RLIMIT :
		                                            CONF_SCHED_KW_RLIMIT_OLD;
	if (arg < CONF_SCHED_KW_RT_PRIORITY || arg > CONF_SCHED_KW_MIN_AUTO_DELAY)
		return conf_parse_bad_arg(p, l);
	/* keepalived: `max_auto_priority` alone is the highest priority */
	if (arg == CONF_SCHED_KW_MAX_AUTO && l->argc < 2) {
		c->max_auto_priority = SCHED_RT_MAX;
		return 0;
	}
	errno = 0;
	n = strtoll(v, &end, 10);
	if (!*v || *end || errno) {
		conf_parse_warn(p, l, "invalid %s '%s'; ignored, as keepalived does", kw, v);
		return 0;
	}
	if (arg == CONF_SCHED_KW_RT_PRIORITY) {
		if (n < SCHED_RT_MIN || n > SCHED_RT_MAX) {
			conf_parse_warn(p, l, "%s %lld outside %d..%d; using %d, as "
			                "keepalived does", kw, n, SCHED_RT_MIN, SCHED_RT_MAX,
			                n < SCHED_RT_MIN ? SCHED_RT_MIN : SCHED_RT_MAX);
			n = n < SCHED_RT_MIN ? SCHED_RT_MIN : SCHED_RT_MAX;
		}
		*(checker ? &c->checker_rt_priority : &c->vrrp_rt_priority) = (int)n;
		return 0;
	}
	if (arg == CONF_SCHED_KW_MAX_AUTO) {
		if (n < -1 || n > SCHED_RT_MAX) {
			conf_parse_warn(p, l, "max_auto_priority '%s' must be in 0..%d (or -1 to "
			                "disable); ignored, as keepalived does", v, SCHED_RT_MAX);
			return 0;
		}
		c->max_auto_priority = (int)n;
		return 0;
	}
	if (arg == CONF_SCHED_KW_MIN_AUTO_DELAY) {
		if (n < 1 || n > CONF_SCHED_AUTO_DELAY_MAX) {
			conf_parse_warn(p, l, "min_auto_priority_delay '%s' must be in 1..%u "
			                "microseconds; ignored, as keepalived does", v,
			                CONF_SCHED_AUTO_DELAY_MAX);
			return 0;
		}
		c->min_auto_priority_delay_us = (uint32_t)n;
		return 0;
	}
	if (arg == CONF_SCHED_KW_RLIMIT_OLD)
		conf_parse_warn(p, l, "'%s' is the old spelling of '%s_rlimit_rttime' (accepted)",
		                kw, checker ? "checker" : "vrrp");
	if (n < 1 || n > UINT32_MAX) {
		conf_parse_warn(p, l, "invalid %s '%s' (expected 1..%u microseconds); ignored, as "
		                "keepalived does", kw, v, UINT32_MAX);
		return 0;
	}
	*(checker ? &c->checker_rlimit_rttime_us : &c->vrrp_rlimit_rttime_us) =
		n == 1 ? 2 : (uint32_t)n;
	return 0;
}

static void dump_cpus(FILE *fp, const char *kw, const uint64_t cpus[16])
{
	bool any = false;

	for (int n = 0; n < 1024; n++) {
		if (!(cpus[n / 64] & (1ull << (n % 64))))
			continue;
		if (!any)
			fprintf(fp, "\t%s", kw);
		fprintf(fp, " %d", n);
		any = true;
	}
	if (any)
		fputc('\n', fp);
}

void conf_sched_dump(FILE *fp, const struct floatd_conf *c)
{
	if (c->vrrp_rt_priority)
		fprintf(fp, "\tvrrp_rt_priority %d\n", c->vrrp_rt_priority);
	if (c->vrrp_rlimit_rttime_us && c->vrrp_rlimit_rttime_us != CONF_SCHED_RLIMIT_DEFAULT)
		fprintf(fp, "\tvrrp_rlimit_rttime %u\n", c->vrrp_rlimit_rttime_us);
	if (c->max_auto_priority)
		fprintf(fp, "\tmax_auto_priority %d\n", c->max_auto_priority);
	if (c->min_auto_priority_delay_us &&
	    c->min_auto_priority_delay_us != CONF_SCHED_AUTO_DELAY_DEFAULT)
		fprintf(fp, "\tmin_auto_priority_delay %u\n", c->min_auto_priority_delay_us);
	if (c->vrrp_nice)
		fprintf(fp, "\tvrrp_priority %d\n", c->vrrp_nice);
	if (c->checker_nice)
		fprintf(fp, "\tchecker_priority %d\n", c->checker_nice);
	if (c->vrrp_no_swap)
		fprintf(fp, "\tvrrp_no_swap\n");
	if (c->checker_no_swap)
		fprintf(fp, "\tchecker_no_swap\n");
	if (c->checker_rt_priority)
		fprintf(fp, "\tchecker_rt_priority %d\n", c->checker_rt_priority);
	if (c->checker_rlimit_rttime_us &&
	    c->checker_rlimit_rttime_us != CONF_SCHED_RLIMIT_DEFAULT)
		fprintf(fp, "\tchecker_rlimit_rttime %u\n", c->checker_rlimit_rttime_us);
	dump_cpus(fp, "vrrp_cpu_affinity", c->vrrp_cpus);
	dump_cpus(fp, "checker_cpu_affinity", c->checker_cpus);
}

/* global_defs rows (a sub-table of src/conf_global.c's global_defs) */
static const struct conf_kw sched_global_kws[] = {
	{ "vrrp_rt_priority", CONF_KW_SIMPLE, 1, 1, conf_sched_global, NULL, NULL,
	  CONF_SCHED_KW_RT_PRIORITY },
	{ "vrrp_rlimit_rttime", CONF_KW_SIMPLE, 1, 1, conf_sched_global, NULL, NULL,
	  CONF_SCHED_KW_RLIMIT },
	{ "vrrp_rlimit_rtime", CONF_KW_SIMPLE, 1, 1, conf_sched_global, NULL, NULL,
	  CONF_SCHED_KW_RLIMIT_OLD },
	{ "max_auto_priority", CONF_KW_SIMPLE, 0, 1, conf_sched_global, NULL, NULL,
	  CONF_SCHED_KW_MAX_AUTO },
	{ "min_auto_priority_delay", CONF_KW_SIMPLE, 1, 1, conf_sched_global, NULL, NULL,
	  CONF_SCHED_KW_MIN_AUTO_DELAY },
	{ "checker_rt_priority", CONF_KW_SIMPLE, 1, 1, conf_sched_global, NULL, NULL,
	  CONF_SCHED_KW_CHECKER_RT_PRIORITY },
	{ "checker_rlimit_rttime", CONF_KW_SIMPLE, 1, 1, conf_sched_global, NULL, NULL,
	  CONF_SCHED_KW_CHECKER_RLIMIT },
	{ "checker_rlimit_rtime", CONF_KW_SIMPLE, 1, 1, conf_sched_global, NULL, NULL,
	  CONF_SCHED_KW_CHECKER_RLIMIT_OLD },
	{ "vrrp_priority", CONF_KW_SIMPLE, 1, 1, conf_sched_process, NULL, NULL,
	  CONF_SCHED_KW_VRRP_NICE },
	{ "checker_priority", CONF_KW_SIMPLE, 1, 1, conf_sched_process, NULL, NULL,
	  CONF_SCHED_KW_CHECKER_NICE },
	{ "vrrp_no_swap", CONF_KW_SIMPLE, 0, 0, conf_sched_process, NULL, NULL,
	  CONF_SCHED_KW_VRRP_NO_SWAP },
	{ "vrrp_cpu_affinity", CONF_KW_SIMPLE, 1, -1, conf_sched_process, NULL, NULL,
	  CONF_SCHED_KW_VRRP_CPUS },
	{ "checker_cpu_affinity", CONF_KW_SIMPLE, 1, -1, conf_sched_process, NULL, NULL,
	  CONF_SCHED_KW_CHECKER_CPUS },
	{ "checker_no_swap", CONF_KW_SIMPLE, 0, 0, conf_sched_process, NULL, NULL,
	  CONF_SCHED_KW_CHECKER_NO_SWAP },
	{ NULL, CONF_KW_SIMPLE, 0, 0, NULL, NULL, NULL, 0 },
};

const struct conf_table conf_sched_global_table = { "global_defs", sched_global_kws, NULL };
