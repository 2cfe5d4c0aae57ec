/* The checker child's state, shared by child.c (start-up, checks, health,
 * reports, stop), child_build.c (servers and checkers built from a
 * configuration, and freed) and child_reload.c (a new configuration
 * applied by difference).  Nothing outside the child includes this. */
#ifndef FLOATD_CHECK_CHILD_INT_H
#define FLOATD_CHECK_CHILD_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "check/conf/conf_lvs.h"
#include "check/proto.h"
#include "check/script.h"
#include "check/state.h"

struct child;
struct child_rs;
struct file_sub;

struct child_vs {
	const struct virtual_server_conf *vs;
	char name[64];               /* "[VS 10.0.0.10:80]" */
	bool quorum_up;
	/* quorum_up/down, latest state wins; never behind real-server scripts */
	struct proc_queue *quorum_scripts;
	struct check_script on_quorum_up, on_quorum_down;   /* quorum_up/down */
};

/* A configuration a reload replaced, kept while attempts that started
 * under it (HTTP checks read their checker_conf until they end) run. */
struct child_hold {
	struct floatd_conf *conf;
	void (*conf_free)(struct floatd_conf *);
	unsigned refs;
};

struct child_ck {
	struct child_rs *rs;
	const struct checker_conf *c;
	struct check_state st;
	struct loop_timer *timer;
	void *attempt;               /* check_tcp / check_http / check_misc */
	struct child_hold *hold;     /* the replaced configuration `attempt` reads */
	int dyn_weight;              /* misc_dynamic weight; -1 = none */
	struct check_script misc;    /* MISC_CHECK's misc_path, user and timeout */
	enum check_why last_why;
	struct file_sub *file_watch; /* FILE_CHECK: its track_file (check/file_check.c) */
	int64_t file_delta;          /* FILE_CHECK: added to the real server's weight */
};

struct child_rs {
	struct child *ch;
	const struct virtual_server_conf *vs;
	const struct real_server_conf *rc;
	struct child_vs *cvs;
	uint32_t vs_idx, rs_idx;
	struct child_ck *cks;
	unsigned n_cks, n_down;
	bool up;
	int weight;                  /* effective weight reported */
	struct check_script notify_up, notify_down;
	struct proc_queue *scripts;  /* notify_up/down, latest state wins */
	char name[176];              /* "[VS 10.0.0.10:80] real server 10.0.0.2:8080" */
};

struct child {
	struct ev_loop *loop;
	int parent_fd;
	const struct floatd_conf *conf;   /* the running configuration */
	struct floatd_conf *owned;   /* = conf when a reload loaded it (ours to free) */
	const struct check_conf_ops *conf_ops;   /* loads and frees configurations */
	uint32_t gen;                /* generation of `conf` (check/proto.h) */
	struct check_http_ctx *http;
	struct child_rs *rss;
	unsigned n_rss;
	struct child_vs *vss;
	unsigned n_vss;
	struct loop_timer *heartbeat;
	struct loop_io *parent_io;
	uint32_t seq, checks_done;
	struct check_lvs *lvs;       /* NULL: no IPVS, checks and reports only */
	struct loop_timer *sync;     /* coalesces health changes into one IPVS pass */
	unsigned cursor;             /* child_want_rs: next rss[] in config order */
	struct loop_timer *stop;     /* waits for omega scripts, then ends the loop */
	struct vrrp_notify_fifo *fifo[2];   /* notify_fifo (not ours), lvs_notify_fifo */
	uint64_t stop_deadline;
	bool stopping;
	struct mail_alert *mail;     /* NULL: no email alerts configured */
	bool no_checker_emails;      /* mail a checker's change only if the RS's changes */
	struct check_files *files;   /* FILE_CHECK's track_files (check/file_check.c) */
};

/* child.c */
void child_send(struct child *, struct check_msg *);
void child_send_rs(struct child *, const struct child_rs *, enum check_msg_type, enum check_why);
void child_send_all(struct child *);       /* every real server's state, as at start-up */
void child_notify(struct proc_queue *, const struct check_script *);
void child_quorum(struct child *, struct child_vs *, bool scripts);
void child_ipvs_changed(struct child *);
void child_ipvs_sync_now(struct child *);
void child_ck_cancel(struct child_ck *);
/* a checker's timer (arg: the child_ck): starts its next attempt */
void child_ck_run(struct loop_timer *, void *);
int child_rs_weight(const struct child_rs *);
/* a checker's state or weight changed: the real server's health follows */
void child_rs_update(struct child_rs *, const struct child_ck *, const char *detail);

/* child_build.c: the servers and their checkers from ch->conf (build:
 * start-up, with the first quorum), and back (teardown) */
int child_build(struct child *);
void child_teardown(struct child *);
/* `seed`: -1 the config's alpha decides, 0 start down, 1 start up (with
 * `kweight` the kernel's weight for misc_dynamic) */
int child_build_checks(struct child *, struct child_rs *, int seed, int32_t kweight, uint64_t now);
int child_seed(struct child *, const struct real_server_conf *, const struct virtual_server_conf *,
               int32_t *kweight);
void child_vs_init(struct child *, struct child_vs *, const struct virtual_server_conf *);
void child_rs_init(struct child *, struct child_rs *, struct child_vs *, uint32_t vi, uint32_t ri,
                   const struct real_server_conf *);
void child_rs_scripts(struct child *, struct child_rs *);
void child_vs_scripts(struct child *, struct child_vs *);
void child_rs_free(struct child_rs *);
void child_vs_free(struct child_vs *);

/* child_reload.c: apply the snapshot in `fd` (closed here) as generation
 * `gen`; reports the result to the parent. */
void child_reload(struct child *, int fd, uint32_t gen);
void child_hold_release(struct child_ck *);

#endif
