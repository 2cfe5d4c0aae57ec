/* MISC_CHECK attempts (see misc.h).  The script's pid is reaped by
 * lib/proc's child watcher; a cancelled attempt stays allocated until then
 * so the reaper's callback never touches freed memory. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/misc.h"
#include "loop.h"
#include "proc.h"

struct check_misc {
	bool cancelled;
	bool dynamic;
	check_done_cb done;
	void *arg;
};

static void
misc_done(void *arg, const struct proc_done *d)
{
	struct check_misc *m = arg;
	struct check_outcome out = { .why = CHECK_WHY_OK, .weight = -1 };

	switch (d->result) {
	case PROC_EXITED:
		if (!check_state_misc_exit(d->status, m->dynamic, &out.weight))
			out.why = CHECK_WHY_EXIT;
		snprintf(out.detail, sizeof(out.detail), "exit status %d", d->status);
		break;
	case PROC_SIGNALED:
		out.why = CHECK_WHY_SIGNALED;
		snprintf(out.detail, sizeof(out.detail), "killed by signal %d", d->status);
		break;
	case PROC_TIMEDOUT:
		out.why = CHECK_WHY_TIMEOUT;
		snprintf(out.detail, sizeof(out.detail), "timed out after %llu ms",
		         (unsigned long long)d->runtime_ms);
		break;
	case PROC_SPAWN_FAILED:
		out.why = CHECK_WHY_SPAWN;
		snprintf(out.detail, sizeof(out.detail), "cannot run");
		break;
	}
	if (!m->cancelled)
		m->done(m->arg, &out);
	free(m);
}

struct check_misc *
check_misc_start(struct ev_loop *loop, const struct checker_conf *c,
                 const struct check_script *run, check_done_cb done, void *arg)
{
	struct check_misc *m;

	if (run->argv == NULL || run->argv[0] == NULL)
		return NULL;
	m = calloc(1, sizeof(*m));
	if (m == NULL)
		return NULL;
	m->dynamic = c->misc_dynamic;
	m->done = done;
	m->arg = arg;
	if (proc_spawn(loop, run->argv, &run->opts, misc_done, m) < 0) {
		free(m);
		return NULL;
	}
	return m;
}

void
check_misc_cancel(struct check_misc *m)
{
	if (m != NULL)
		m->cancelled = true;   /* freed by misc_done when the script is reaped */
}
