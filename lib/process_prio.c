/* Nice value and locked memory of this process (see process_prio.h). */
#include "config.h"

#include <errno.h>
#include <sched.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

#include "log.h"
#include "process_prio.h"

/* Stack touched once before locking, as keepalived reserves it, so that
 * the first deep call after mlockall() does not fault a page in. */
#define PROCESS_PRIO_STACK_RESERVE 4096

static void
touch_stack(void)
{
	volatile char stack[PROCESS_PRIO_STACK_RESERVE];

	for (size_t i = 0; i < sizeof(stack); i += 256)
		stack[i] = 0;
}

/* sched_setaffinity() with the CPUs of `cpus` this host has */
static void
set_cpus(const char *who, const uint64_t cpus[16])
{
	cpu_set_t set;
	int n_want = 0, n_set = 0, ncpu = (int)sysconf(_SC_NPROCESSORS_CONF);

	CPU_ZERO(&set);
	for (int n = 0; n < 1024; n++) {
		if (!(cpus[n / 64] & (1ull << (n % 64))))
			continue;
		n_want++;
		if (n < ncpu && n < CPU_SETSIZE) {
			CPU_SET(n, &set);
			n_set++;
		} else {
			log_warnx("%s_cpu_affinity: this host has no CPU %d (it has %d); left out",
			          who, n, ncpu);
		}
	}
	if (n_want == 0)
		return;
	if (n_set == 0) {
		log_warnx("%s_cpu_affinity: none of its CPUs exists here; affinity left as it is",
		          who);
		return;
	}
	if (sched_setaffinity(0, sizeof(set), &set) < 0)
		log_warn("%s_cpu_affinity: sched_setaffinity", who);
	else
		log_info("%s_cpu_affinity: %d CPU(s)", who, n_set);
}

int
process_prio_rr(const char *why, int prio, uint64_t limit_us)
{
	struct sched_param sp = { .sched_priority = prio };
	struct rlimit rl = { (rlim_t)limit_us / 2, (rlim_t)limit_us };

	if (setrlimit(RLIMIT_RTTIME, &rl) < 0) {
		log_warn("%s: SCHED_RR priority %d not set: RLIMIT_RTTIME %llu us", why, prio,
		         (unsigned long long)limit_us);
		return -1;
	}
	if (sched_setscheduler(0, SCHED_RR | SCHED_RESET_ON_FORK, &sp) < 0) {
		log_warn("%s: SCHED_RR priority %d: sched_setscheduler", why, prio);
		return -1;
	}
	log_info("real-time scheduling (%s): SCHED_RR priority %d, at most %llu us of CPU "
	         "without blocking (warning at %llu)", why, prio, (unsigned long long)limit_us,
	         (unsigned long long)limit_us / 2);
	return 0;
}

void
process_prio_apply(const char *who, int nice, bool no_swap, const uint64_t cpus[16])
{
	set_cpus(who, cpus);
	if (nice != 0) {
		int policy = sched_getscheduler(0);

		if (setpriority(PRIO_PROCESS, 0, nice) < 0)
			log_warn("%s_priority %d: setpriority", who, nice);
		else
			log_info("%s_priority: nice %d", who, nice);
		/* a negative nice must not pass to the scripts we start: with
		 * SCHED_RESET_ON_FORK the kernel gives children nice 0 (a
		 * real-time policy sets the flag itself, src/rt_sched.c) */
		if (nice < 0 && policy == SCHED_OTHER) {
			struct sched_param sp = { .sched_priority = 0 };

			if (sched_setscheduler(0, SCHED_OTHER | SCHED_RESET_ON_FORK, &sp) < 0)
				log_warn("%s_priority: SCHED_RESET_ON_FORK", who);
		}
	}
	if (no_swap) {
		touch_stack();
		if (mlockall(MCL_CURRENT | MCL_FUTURE) < 0)
			log_warn("%s_no_swap: mlockall", who);
		else
			log_info("%s_no_swap: memory locked", who);
	}
}
