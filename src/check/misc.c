/* MISC_CHECK attempts (see misc.h).  The script's pid is reaped by
 * lib/proc's child watcher; a cancelled attempt stays allocated until then
 * so the reaper's callback never touches freed memory. */
#include <grp.h>
#include <pwd.h>
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

/* keepalived's `user USERNAME [GROUPNAME]`; unknown names were reported by
 * the config check, so here they only mean "as ourselves". */
static void
misc_user(const struct checker_conf *c, struct proc_opts *o)
{
	struct passwd *pw;
	struct group *gr;

	if (c->misc.user == NULL)
		return;
	pw = getpwnam(c->misc.user);
	if (pw == NULL)
		return;
	o->run_as = true;
	o->uid = pw->pw_uid;
	o->gid = pw->pw_gid;
	if (c->misc.group != NULL && (gr = getgrnam(c->misc.group)) != NULL)
		o->gid = gr->gr_gid;
}

struct check_misc *
check_misc_start(struct ev_loop *loop, const struct checker_conf *c, check_done_cb done,
                 void *arg)
{
	struct check_misc *m;
	struct proc_opts o = { .timeout_ms = c->misc_timeout_ms };

	if (c->misc.argv == NULL || c->misc.argv[0] == NULL)
		return NULL;
	m = calloc(1, sizeof(*m));
	if (m == NULL)
		return NULL;
	m->dynamic = c->misc_dynamic;
	m->done = done;
	m->arg = arg;
	misc_user(c, &o);
	if (proc_spawn(loop, c->misc.argv, &o, misc_done, m) < 0) {
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
