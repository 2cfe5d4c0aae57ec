/* The checker process: its own loop, every real server's checkers on
 * jittered timers, health applied to IPVS and reported to the parent. */
#ifndef FLOATD_CHECK_CHILD_H
#define FLOATD_CHECK_CHILD_H

struct floatd_conf;

/* Runs until SIGTERM/SIGINT or until the parent's end of `parent_fd` (a
 * SOCK_SEQPACKET socketpair) closes; parent_fd -1 = standalone
 * (--checker-only).  Returns the process exit code. */
int check_child_main(const struct floatd_conf *, int parent_fd);

#endif
