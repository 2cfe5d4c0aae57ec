/* Which signals end a process by default, and one watcher for all of them.
 * A daemon that holds kernel state (VIPs, VMACs, routes, an nftables table)
 * must not die on any signal an operator or a stray tool may send, so it
 * catches every catchable signal whose default action terminates, except
 * the program-error ones (SEGV, BUS, FPE, ILL, ABRT, TRAP, SYS): those mean
 * the process cannot be trusted to run on, and start-up cleanup covers them
 * as it covers SIGKILL. */
#ifndef FLOATD_SIGNALS_H
#define FLOATD_SIGNALS_H

#include <stdbool.h>
#include <stddef.h>

#include "loop.h"

/* The list (HUP INT QUIT USR1 USR2 ALRM TERM STKFLT VTALRM PROF IO PWR XCPU
 * XFSZ and SIGRTMIN..SIGRTMAX), ascending; returns how many, writing at
 * most `max`. */
size_t signals_terminating(int *out, size_t max);
bool signals_is_terminating(int signum);

/* Watch every signal of signals_terminating() on `loop`; `cb` gets each one
 * (the caller dispatches on signum).  NULL on ENOMEM. */
struct signals_watch *signals_watch_terminating(struct ev_loop *, loop_signal_cb, void *arg);
void signals_watch_free(struct signals_watch *);

#endif
