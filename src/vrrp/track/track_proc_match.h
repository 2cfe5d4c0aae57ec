/* Pure parts of process tracking (vrrp_track_process): does a process
 * match a tracker's configuration, keepalived's quorum rules with the
 * fork/terminate delays as a small state machine, and the decoding of the
 * kernel's proc connector messages and of /proc/PID/stat.  No clock, no
 * I/O: unit-tested directly (check_track_proc); track_proc.c runs them. */
#ifndef FLOATD_VRRP_TRACK_PROC_MATCH_H
#define FLOATD_VRRP_TRACK_PROC_MATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "vrrp/conf/vrrp_conf_types.h"

/* Does a process match?  `comm` is the kernel's 15-character name (NULL if
 * not read); `cmdline`/`cmdline_len` the raw /proc/PID/cmdline bytes
 * (arguments NUL-separated; NULL/0 if not read).  Without full_command the
 * configured name is compared with comm; with it, with argv[0], and then
 * the parameters by param_match:
 *   exact    the process's parameters are exactly the configured ones;
 *   partial  the configured parameters are the process's first ones;
 *   initial  as partial, but the last configured one may be a prefix. */
bool track_proc_match(const struct vrrp_track_process_conf *, const char *comm,
                      const char *cmdline, size_t cmdline_len);

/* Quorum: the tracker is up while count is in [quorum, quorum_max].  A
 * change that comes from a fork waits fork_delay, one from an exit waits
 * terminate_delay (keepalived); meanwhile the reported state is kept, and a
 * count that comes back cancels the wait. */
struct track_proc_quorum {
	uint32_t quorum, quorum_max;
	uint32_t count;             /* matching processes now */
	bool up;                    /* the state the instances see */
	int8_t pending;             /* +1 waiting to go up, -1 to go down, 0 none */
};

enum track_proc_step {
	TRACK_PROC_SAME,            /* nothing to do */
	TRACK_PROC_CHANGED,         /* `up` flipped: re-evaluate the instances */
	TRACK_PROC_ARM,             /* start the delay timer (ms from the call) */
	TRACK_PROC_DISARM,          /* stop the delay timer; `up` unchanged */
};

void track_proc_quorum_init(struct track_proc_quorum *, uint32_t quorum, uint32_t quorum_max);
bool track_proc_quorum_in_range(const struct track_proc_quorum *, uint32_t count);
/* Set the count (initial scan: both delays 0, so the state is taken at
 * once).  up_delay_ms applies if the change gains quorum, down_delay_ms if
 * it loses it; *delay_ms is set for TRACK_PROC_ARM. */
enum track_proc_step track_proc_quorum_set(struct track_proc_quorum *, uint32_t count,
                                           uint32_t up_delay_ms, uint32_t down_delay_ms,
                                           uint32_t *delay_ms);
/* The delay timer ran out: the state follows the count now. */
bool track_proc_quorum_timer(struct track_proc_quorum *);

/* One proc connector event (linux/cn_proc.h), only what tracking needs. */
enum cn_proc_kind { CN_PROC_ACK, CN_PROC_FORK, CN_PROC_EXEC, CN_PROC_COMM, CN_PROC_EXIT,
                    CN_PROC_OTHER };
struct cn_proc_event {
	enum cn_proc_kind kind;
	pid_t pid, tgid;            /* EXEC, COMM, EXIT: the task; FORK: the child */
	pid_t parent_tgid;          /* FORK */
	uint32_t ack_err;           /* ACK: the kernel's answer to LISTEN (0 = ok) */
	char comm[17];              /* COMM: the new name */
};
/* Decode one datagram read from the connector socket (nlmsghdr, cn_msg,
 * proc_event; no alignment assumed).  0, or -1 when it is malformed or not
 * a proc connector message (NLMSG_NOOP/ERROR, another connector index). */
int cn_proc_parse(const void *buf, size_t len, struct cn_proc_event *out);
/* The LISTEN (on) / IGNORE (off) request for the connector: writes at most
 * `size` bytes into buf and returns the length (0 if it does not fit). */
size_t cn_proc_listen_msg(void *buf, size_t size, bool on);

/* /proc/PID/stat: the name between the first '(' and the last ')', and the
 * state letter after it.  0 / -1 (malformed). */
int track_proc_stat_parse(const char *buf, size_t len, char comm[17], char *state);

#endif
