/* libev behind a small ms-based API (see loop.h).  This is the only file
 * that includes <ev.h>.  Watchers are heap objects owned by their creator. */
#include <ev.h>
#include <errno.h>
#include <stdlib.h>
#include <time.h>

#include "log.h"
#include "loop.h"

struct loop_timer {
	ev_timer w;
	struct ev_loop *loop;
	loop_timer_cb cb;
	void *arg;
	uint64_t due_us;             /* monotonic deadline, kept while a late hook is set */
};

/* The late hook (loop_set_late_hook): one per process, as the loop is. */
static struct {
	uint64_t threshold_us;       /* 0 = off */
	loop_late_cb cb;
	void *arg;
	unsigned iteration;          /* ev_iteration() of the last report */
	bool reported;
} late;

struct loop_io {
	ev_io w;
	struct ev_loop *loop;
	loop_io_cb cb;
	loop_io_events_cb events_cb;   /* set by loop_io_new_events instead of cb */
	void *arg;
};

struct loop_child {
	ev_child w;
	struct ev_loop *loop;
	loop_child_cb cb;
	void *arg;
};

struct loop_signal {
	ev_signal w;
	struct ev_loop *loop;
	loop_signal_cb cb;
	void *arg;
};

static uint64_t
mono_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

uint64_t
loop_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* Before each wait: a "N log lines dropped" that is still pending goes out
 * as soon as the log sink has room, even if no other line follows. */
static void
log_flush_prepare(struct ev_loop *loop, ev_prepare *w, int revents)
{
	(void)loop;
	(void)w;
	(void)revents;
	log_flush();
}

struct ev_loop *
loop_default(void)
{
	static ev_prepare flush;
	/* EVFLAG_NOSIGMASK: scripts we fork must not inherit a blocked mask. */
	struct ev_loop *loop = ev_default_loop(EVBACKEND_EPOLL | EVFLAG_NOSIGMASK);

	if (loop != NULL && !ev_is_active(&flush)) {
		ev_prepare_init(&flush, log_flush_prepare);
		ev_prepare_start(loop, &flush);
		ev_unref(loop);   /* it must not keep loop_run() from returning */
	}
	return loop;
}

void
loop_run(struct ev_loop *loop)
{
	ev_run(loop, 0);
}

void
loop_break(struct ev_loop *loop)
{
	ev_break(loop, EVBREAK_ALL);
}

static void
timer_fired(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct loop_timer *t = (struct loop_timer *)w;

	(void)revents;
	if (late.threshold_us != 0 && t->due_us != 0) {
		uint64_t now = mono_us();

		/* the first late timer of an iteration says how late the loop
		 * woke (keepalived looks at its earliest timer once per wait) */
		if (now > t->due_us + late.threshold_us &&
		    (!late.reported || late.iteration != ev_iteration(loop))) {
			late.reported = true;
			late.iteration = ev_iteration(loop);
			late.cb(now - t->due_us, late.arg);
		}
	}
	t->cb(t, t->arg);
}

struct loop_timer *
loop_timer_new(struct ev_loop *loop, loop_timer_cb cb, void *arg)
{
	struct loop_timer *t = calloc(1, sizeof(*t));

	if (t == NULL)
		return NULL;
	t->loop = loop;
	t->cb = cb;
	t->arg = arg;
	ev_init(&t->w, timer_fired);
	return t;
}

void
loop_timer_after(struct loop_timer *t, uint64_t delay_ms)
{
	ev_timer_stop(t->loop, &t->w);
	/* ev_now() may lag the monotonic clock after a long callback; refresh it
	 * so deadlines are measured from the real present. */
	ev_now_update(t->loop);
	t->due_us = late.threshold_us != 0 ? mono_us() + delay_ms * 1000 : 0;
	ev_timer_set(&t->w, (ev_tstamp)delay_ms / 1000.0, 0.);
	ev_timer_start(t->loop, &t->w);
}

void
loop_timer_at(struct loop_timer *t, uint64_t deadline_ms)
{
	uint64_t now = loop_now_ms();

	loop_timer_after(t, deadline_ms > now ? deadline_ms - now : 0);
}

void
loop_set_late_hook(struct ev_loop *loop, uint64_t threshold_us, loop_late_cb cb, void *arg)
{
	(void)loop;   /* one loop per process */
	late.threshold_us = cb != NULL ? threshold_us : 0;
	late.cb = cb;
	late.arg = arg;
	late.reported = false;
}

void
loop_timer_stop(struct loop_timer *t)
{
	ev_timer_stop(t->loop, &t->w);
}

bool
loop_timer_pending(const struct loop_timer *t)
{
	return ev_is_active(&t->w) || ev_is_pending(&t->w);
}

void
loop_timer_free(struct loop_timer *t)
{
	if (t == NULL)
		return;
	ev_timer_stop(t->loop, &t->w);
	free(t);
}

static void
io_ready(struct ev_loop *loop, ev_io *w, int revents)
{
	struct loop_io *io = (struct loop_io *)w;

	(void)loop;
	if (io->events_cb != NULL) {
		io->events_cb(io, io->w.fd, ((revents & EV_READ) ? LOOP_READ : 0) |
		              ((revents & EV_WRITE) ? LOOP_WRITE : 0), io->arg);
		return;
	}
	io->cb(io, io->w.fd, io->arg);
}

struct loop_io *
loop_io_new(struct ev_loop *loop, int fd, loop_io_cb cb, void *arg)
{
	struct loop_io *io = calloc(1, sizeof(*io));

	if (io == NULL)
		return NULL;
	io->loop = loop;
	io->cb = cb;
	io->arg = arg;
	ev_io_init(&io->w, io_ready, fd, EV_READ);
	ev_io_start(loop, &io->w);
	return io;
}

static int
io_ev_mask(unsigned want)
{
	return ((want & LOOP_READ) ? EV_READ : 0) | ((want & LOOP_WRITE) ? EV_WRITE : 0);
}

struct loop_io *
loop_io_new_events(struct ev_loop *loop, int fd, unsigned want, loop_io_events_cb cb,
                   void *arg)
{
	struct loop_io *io = calloc(1, sizeof(*io));

	if (io == NULL)
		return NULL;
	io->loop = loop;
	io->events_cb = cb;
	io->arg = arg;
	ev_io_init(&io->w, io_ready, fd, io_ev_mask(want));
	if (io_ev_mask(want) != 0)
		ev_io_start(loop, &io->w);
	return io;
}

void
loop_io_set_events(struct loop_io *io, unsigned want)
{
	int mask = io_ev_mask(want);

	/* libev wants the watcher stopped while its events change */
	if (ev_is_active(&io->w) && (io->w.events & (EV_READ | EV_WRITE)) == mask)
		return;
	ev_io_stop(io->loop, &io->w);
	ev_io_set(&io->w, io->w.fd, mask);
	if (mask != 0)
		ev_io_start(io->loop, &io->w);
}

void
loop_io_free(struct loop_io *io)
{
	if (io == NULL)
		return;
	ev_io_stop(io->loop, &io->w);
	free(io);
}

static void
child_exited(struct ev_loop *loop, ev_child *w, int revents)
{
	struct loop_child *c = (struct loop_child *)w;

	(void)revents;
	ev_child_stop(loop, w);
	c->cb(c, w->rpid, w->rstatus, c->arg);
}

struct loop_child *
loop_child_new(struct ev_loop *loop, pid_t pid, loop_child_cb cb, void *arg)
{
	struct loop_child *c = calloc(1, sizeof(*c));

	if (c == NULL)
		return NULL;
	c->loop = loop;
	c->cb = cb;
	c->arg = arg;
	ev_child_init(&c->w, child_exited, pid, 0);
	ev_child_start(loop, &c->w);
	return c;
}

void
loop_child_free(struct loop_child *c)
{
	if (c == NULL)
		return;
	ev_child_stop(c->loop, &c->w);
	free(c);
}

static void
signal_caught(struct ev_loop *loop, ev_signal *w, int revents)
{
	struct loop_signal *s = (struct loop_signal *)w;

	(void)loop;
	(void)revents;
	s->cb(s, w->signum, s->arg);
}

struct loop_signal *
loop_signal_new(struct ev_loop *loop, int signum, loop_signal_cb cb, void *arg)
{
	struct loop_signal *s = calloc(1, sizeof(*s));

	if (s == NULL)
		return NULL;
	s->loop = loop;
	s->cb = cb;
	s->arg = arg;
	ev_signal_init(&s->w, signal_caught, signum);
	ev_signal_start(loop, &s->w);
	return s;
}

void
loop_signal_free(struct loop_signal *s)
{
	if (s == NULL)
		return;
	ev_signal_stop(s->loop, &s->w);
	free(s);
}
