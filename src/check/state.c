/* Checker state transitions (see state.h).  keepalived's rules: a healthy
 * checker that fails is retried `retry` times, delay_before_retry apart, and
 * only then declared down; a down checker is tried every delay_loop and one
 * success brings it up (no "rise" count).  Pure: no clock, no logging. */
#include <stddef.h>

#include "check/state.h"

static const char *const why_names[CHECK_WHY_MAX] = {
	[CHECK_WHY_OK] = "ok",
	[CHECK_WHY_TIMEOUT] = "timeout",
	[CHECK_WHY_REFUSED] = "connection refused",
	[CHECK_WHY_CONNECT] = "connect error",
	[CHECK_WHY_STATUS] = "bad reply status",
	[CHECK_WHY_DIGEST] = "digest mismatch",
	[CHECK_WHY_TRANSFER] = "transfer error",
	[CHECK_WHY_EXIT] = "exit status",
	[CHECK_WHY_SIGNALED] = "killed by signal",
	[CHECK_WHY_SPAWN] = "cannot run",
	[CHECK_WHY_INTERNAL] = "internal error",
	[CHECK_WHY_REPLY] = "bad reply",
	[CHECK_WHY_FILE] = "file value",
};

const char *
check_why_name(enum check_why w)
{
	return (unsigned)w < CHECK_WHY_MAX ? why_names[w] : "?";
}

const char *
check_state_change_name(enum check_state_change c)
{
	switch (c) {
	case CHECK_STATE_SAME: return "same";
	case CHECK_STATE_WENT_UP: return "up";
	case CHECK_STATE_WENT_DOWN: return "down";
	}
	return "?";
}

void
check_state_init(struct check_state *s, const struct check_state_params *p,
                 uint64_t now_ms, uint32_t rnd)
{
	s->p = *p;
	s->up = !p->alpha;
	s->failures = 0;
	s->runs = 0;
	s->fails_total = 0;
	/* warmup spreads the first checks of thousands of real servers over a
	 * whole interval; after that each keeps its own phase. */
	s->next_run_ms = now_ms + (p->warmup_ms > 0 ? rnd % ((uint64_t)p->warmup_ms + 1) : 0);
}

enum check_state_change
check_state_result(struct check_state *s, bool ok, uint64_t now_ms)
{
	s->runs++;
	if (ok) {
		s->failures = 0;
		s->next_run_ms = now_ms + s->p.delay_loop_ms;
		if (!s->up) {
			s->up = true;
			return CHECK_STATE_WENT_UP;
		}
		return CHECK_STATE_SAME;
	}
	s->fails_total++;
	if (!s->up) {
		/* Already down: no retries, just the next regular check. */
		s->next_run_ms = now_ms + s->p.delay_loop_ms;
		return CHECK_STATE_SAME;
	}
	s->failures++;
	if (s->failures <= s->p.retry) {
		s->next_run_ms = now_ms + s->p.delay_before_retry_ms;
		return CHECK_STATE_SAME;
	}
	s->failures = 0;
	s->up = false;
	s->next_run_ms = now_ms + s->p.delay_loop_ms;
	return CHECK_STATE_WENT_DOWN;
}

bool
check_state_misc_exit(int status, bool dynamic, int *weight)
{
	*weight = -1;
	if (status == 0)
		return true;
	if (!dynamic || status == 1 || status < 0 || status > 255)
		return false;
	*weight = status - 2;
	return true;
}
