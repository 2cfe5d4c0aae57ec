/* The checker process: its own loop, every real server's checkers on
 * jittered timers, health applied to IPVS and reported to the parent. */
#ifndef FLOATD_CHECK_CHILD_H
#define FLOATD_CHECK_CHILD_H

struct conf_diag;
struct conf_snap;
struct floatd_conf;

/* How the child loads a reload's snapshot and frees a configuration: the
 * top-level loader's (src/conf.c), handed down by floatd-checker's main so
 * that the checker never reaches up to it. */
struct check_conf_ops {
	int (*load_snap)(const struct conf_snap *, struct conf_diag *, struct floatd_conf **);
	void (*free)(struct floatd_conf *);
};

/* Runs until SIGTERM/SIGINT or until the parent's end of `parent_fd` (a
 * SOCK_SEQPACKET socketpair) closes; parent_fd -1 = standalone
 * (--checker-only).  `ops` must live as long.  Returns the process exit
 * code. */
int check_child_main(const struct floatd_conf *, const struct check_conf_ops *ops,
                     int parent_fd);

#endif
