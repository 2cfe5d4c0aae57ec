/* MISC_CHECK: run misc_path through lib/proc (own process group, killed at
 * misc_timeout, as the user check/script.h resolved) and turn its exit status into an outcome, misc_dynamic
 * weights included (check_state_misc_exit).  Never waits, never logs. */
#ifndef FLOATD_CHECK_MISC_H
#define FLOATD_CHECK_MISC_H

#include "check/conf/conf_lvs.h"
#include "check/script.h"
#include "check/tcp.h"     /* check_done_cb */

struct ev_loop;
struct check_misc;

/* Runs `run` (misc_path as check/script.h prepared it: identity and
 * misc_timeout); `c` gives misc_dynamic.  `done` is called later from the
 * loop, exactly once (a cancelled attempt's script is left to finish and
 * its result dropped).  NULL if the script cannot be started at all, or
 * was refused (run->argv NULL). */
struct check_misc *check_misc_start(struct ev_loop *, const struct checker_conf *c,
                                    const struct check_script *run, check_done_cb done,
                                    void *arg);
void check_misc_cancel(struct check_misc *);

#endif
