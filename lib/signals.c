/* Signal policy of the daemons (see signals.h): the list of catchable
 * signals whose default action terminates, and one loop watcher per signal.
 * The watchers run their callback from the loop, never in signal context. */
#include <signal.h>
#include <stdlib.h>

#include "signals.h"

/* Default action "terminate" or "core" (signal(7)), catchable, and not
 * raised by the kernel for a fault in this program. */
static const int fixed[] = {
	SIGHUP, SIGINT, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM, SIGTERM,
#ifdef SIGSTKFLT
	SIGSTKFLT,
#endif
	SIGVTALRM, SIGPROF, SIGIO, SIGPWR, SIGXCPU, SIGXFSZ,
};

size_t
signals_terminating(int *out, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++, n++)
		if (n < max)
			out[n] = fixed[i];
	/* SIGRTMIN is a function call in glibc: it skips the signals the
	 * threads library keeps for itself */
	for (int s = SIGRTMIN; s <= SIGRTMAX; s++, n++)
		if (n < max)
			out[n] = s;
	return n;
}

bool
signals_is_terminating(int signum)
{
	if (signum >= SIGRTMIN && signum <= SIGRTMAX)
		return true;
	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		if (fixed[i] == signum)
			return true;
	return false;
}

struct signals_watch {
	size_t n;
	struct loop_signal *w[];
};

struct signals_watch *
signals_watch_terminating(struct ev_loop *loop, loop_signal_cb cb, void *arg)
{
	int sigs[NSIG];
	size_t n = signals_terminating(sigs, NSIG);
	struct signals_watch *sw;

	if (n > NSIG)
		n = NSIG;
	sw = calloc(1, sizeof(*sw) + n * sizeof(sw->w[0]));
	if (sw == NULL)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		sw->w[sw->n] = loop_signal_new(loop, sigs[i], cb, arg);
		if (sw->w[sw->n] == NULL) {
			signals_watch_free(sw);
			return NULL;
		}
		sw->n++;
	}
	return sw;
}

void
signals_watch_free(struct signals_watch *sw)
{
	if (sw == NULL)
		return;
	for (size_t i = 0; i < sw->n; i++)
		loop_signal_free(sw->w[i]);
	free(sw);
}
