/* vrrp_rt_priority / vrrp_rlimit_rttime (see conf_sched.h).  keepalived's
 * rules (global_parser.c): a priority outside SCHED_RR's 1..99 is reported
 * and clamped; the limit is 1..UINT32_MAX microseconds, 1 counts as 2 (half
 * of it is the soft limit, which must not be 0); `*_rlimit_rtime` is the
 * deprecated spelling. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "conf_sched.h"

#define SCHED_RT_MIN 1
#define SCHED_RT_MAX 99   /* sched_get_priority_max(SCHED_RR) on Linux */

int conf_sched_global(struct conf_parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct floatd_conf *c = obj;
	const char *kw = l->argv[0], *v = l->argv[1];
	int arg = conf_parse_kw_arg(p);
	char *end;
	long long n;

	(void)child;
	if (arg < CONF_SCHED_KW_RT_PRIORITY || arg > CONF_SCHED_KW_RLIMIT_OLD)
		return conf_parse_bad_arg(p, l);
	errno = 0;
	n = strtoll(v, &end, 10);
	if (!*v || *end || errno) {
		conf_parse_warn(p, l, "invalid %s '%s'; ignored, as keepalived does", kw, v);
		return 0;
	}
	if (arg == CONF_SCHED_KW_RT_PRIORITY) {
		if (n < SCHED_RT_MIN || n > SCHED_RT_MAX) {
			conf_parse_warn(p, l, "vrrp_rt_priority %lld outside %d..%d; using %d, as "
			                "keepalived does", n, SCHED_RT_MIN, SCHED_RT_MAX,
			                n < SCHED_RT_MIN ? SCHED_RT_MIN : SCHED_RT_MAX);
			n = n < SCHED_RT_MIN ? SCHED_RT_MIN : SCHED_RT_MAX;
		}
		c->vrrp_rt_priority = (int)n;
		return 0;
	}
	if (arg == CONF_SCHED_KW_RLIMIT_OLD)
		conf_parse_warn(p, l, "'vrrp_rlimit_rtime' is the old spelling of "
		                "'vrrp_rlimit_rttime' (accepted)");
	if (n < 1 || n > UINT32_MAX) {
		conf_parse_warn(p, l, "invalid %s '%s' (expected 1..%u microseconds); ignored, as "
		                "keepalived does", kw, v, UINT32_MAX);
		return 0;
	}
	c->vrrp_rlimit_rttime_us = n == 1 ? 2 : (uint32_t)n;
	return 0;
}

void conf_sched_dump(FILE *fp, const struct floatd_conf *c)
{
	if (c->vrrp_rt_priority)
		fprintf(fp, "\tvrrp_rt_priority %d\n", c->vrrp_rt_priority);
	if (c->vrrp_rlimit_rttime_us && c->vrrp_rlimit_rttime_us != CONF_SCHED_RLIMIT_DEFAULT)
		fprintf(fp, "\tvrrp_rlimit_rttime %u\n", c->vrrp_rlimit_rttime_us);
}
