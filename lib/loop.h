/* Thin wrapper over libev: millisecond timers, fd watchers, child and signal
 * watchers, one monotonic clock.  The only header that knows about <ev.h>;
 * everything else passes `struct ev_loop *` opaquely and uses these calls. */
#ifndef FLOATD_LOOP_H
#define FLOATD_LOOP_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

struct ev_loop;
struct loop_timer;
struct loop_io;
struct loop_child;
struct loop_signal;

typedef void (*loop_timer_cb)(struct loop_timer *, void *arg);
typedef void (*loop_io_cb)(struct loop_io *, int fd, void *arg);
typedef void (*loop_child_cb)(struct loop_child *, pid_t pid, int wstatus, void *arg);
typedef void (*loop_signal_cb)(struct loop_signal *, int signum, void *arg);

/* Monotonic milliseconds (CLOCK_MONOTONIC).  The one clock of the daemon. */
uint64_t loop_now_ms(void);

struct ev_loop *loop_default(void);
void loop_run(struct ev_loop *);
void loop_break(struct ev_loop *);

/* One-shot timer; loop_timer_at() re-arms (cancelling any pending expiry). */
struct loop_timer *loop_timer_new(struct ev_loop *, loop_timer_cb, void *arg);
void loop_timer_at(struct loop_timer *, uint64_t deadline_ms);
void loop_timer_after(struct loop_timer *, uint64_t delay_ms);
void loop_timer_stop(struct loop_timer *);
bool loop_timer_pending(const struct loop_timer *);
void loop_timer_free(struct loop_timer *);

/* Loop lateness (max_auto_priority): `cb` runs, at most once per loop
 * iteration and before the timer's own callback, when a timer fires more
 * than threshold_us after its deadline: the process was not run in time
 * (CPU starvation, a stopped process) or a callback ran long.  late_us is
 * how late it was.  Timers armed before the hook is set are not measured.
 * threshold_us 0 or cb NULL: off. */
typedef void (*loop_late_cb)(uint64_t late_us, void *arg);
void loop_set_late_hook(struct ev_loop *, uint64_t threshold_us, loop_late_cb, void *arg);

/* Readable-fd watcher, started at creation. */
struct loop_io *loop_io_new(struct ev_loop *, int fd, loop_io_cb, void *arg);
void loop_io_free(struct loop_io *);

/* Watcher for readability and/or writability (non-blocking connect, curl
 * sockets).  The callback gets which of them fired.  Started unless both
 * wants are false; loop_io_set_events() changes them (both false = pause). */
#define LOOP_READ 1u
#define LOOP_WRITE 2u
typedef void (*loop_io_events_cb)(struct loop_io *, int fd, unsigned events, void *arg);
struct loop_io *loop_io_new_events(struct ev_loop *, int fd, unsigned want,
                                   loop_io_events_cb, void *arg);
void loop_io_set_events(struct loop_io *, unsigned want);

/* Reaps one child pid; the watcher stops itself after the callback. */
struct loop_child *loop_child_new(struct ev_loop *, pid_t, loop_child_cb, void *arg);
void loop_child_free(struct loop_child *);

struct loop_signal *loop_signal_new(struct ev_loop *, int signum, loop_signal_cb, void *arg);
void loop_signal_free(struct loop_signal *);

#endif
