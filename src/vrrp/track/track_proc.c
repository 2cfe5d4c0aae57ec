/* vrrp_track_process trackers: the processes that match each tracked
 * vrrp_track_process, followed through the kernel's process events
 * connector (netlink NETLINK_CONNECTOR, group CN_IDX_PROC): an initial
 * /proc scan, then FORK / EXEC / COMM / EXIT events; no polling.
 *
 * The connector answers only sockets of the initial network namespace: a
 * floatd started inside another one gets ECONNREFUSED on the LISTEN
 * request, logs it, and its process trackers stay down (as keepalived's
 * do).  Under net_namespace, main.c has vrrp_trackers_preopen() make the
 * socket before setns() (keepalived does the same); the socket is kept
 * for the life of the process, across reloads (IGNORE while nothing is
 * tracked, LISTEN again when a reload tracks a process).
 *
 * What counts is kept as (pid, tracker) pairs: a pid enters a tracker when
 * the scan or an EXEC/COMM event finds it matching, or when it is forked by
 * a pid already counted (the child runs the same program until it execs);
 * it leaves on EXIT or when an EXEC/COMM no longer matches.  Adding is
 * idempotent, so events queued while the scan ran count nothing twice.
 * An overrun (ENOBUFS: events were lost) doubles the receive buffer and
 * rescans /proc shortly after.  Matching, quorum and decoding are pure
 * (track_proc_match.c). */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <linux/connector.h>
#include <linux/netlink.h>

#include "log.h"
#include "loop.h"
#include "track_int.h"
#include "vrrp/reload_plan.h"
#include "track_proc_match.h"

/* messages read per loop iteration (a fork storm must not starve adverts) */
#define TP_READ_BUDGET 64
/* receive buffer: ~1300 events at the kernel's per-message cost */
#define TP_RCVBUF (1u << 20)
#define TP_RCVBUF_MAX (16u << 20)
/* after an overrun, let the burst pass before reading /proc again */
#define TP_RESCAN_MS 100
#define TP_CMDLINE_MAX 4096

struct tp_one {
	struct track_procs *tp;
	const struct vrrp_track_process_conf *c;
	struct track_proc_quorum q;
	uint32_t n;                  /* pairs counted now (q.count: last fed) */
	struct loop_timer *timer;    /* fork_delay / terminate_delay */
};

struct tp_pair {
	pid_t pid;
	uint32_t idx;
};

struct track_procs {
	struct vrrp_trackers *t;
	struct tp_one **v;           /* each allocated alone: timers point at it */
	unsigned n;
	bool need_comm, need_cmdline;
	int fd;
	bool listening;              /* LISTEN sent (IGNORE when nothing is tracked) */
	struct loop_io *io;
	struct loop_timer *rescan;
	unsigned rcvbuf;
	struct tp_pair *pairs;
	unsigned n_pairs, cap_pairs;
	bool changed;                /* some `up` flipped since the last report */
	uint64_t events, overruns, dropped;
};

/* ---- the (pid, tracker) pairs */

static bool tp_has(const struct track_procs *tp, pid_t pid, uint32_t idx)
{
	for (unsigned i = 0; i < tp->n_pairs; i++)
		if (tp->pairs[i].pid == pid && tp->pairs[i].idx == idx)
			return true;
	return false;
}

static void tp_add(struct track_procs *tp, pid_t pid, uint32_t idx)
{
	if (tp_has(tp, pid, idx))
		return;
	if (tp->n_pairs == tp->cap_pairs) {
		unsigned cap = tp->cap_pairs ? tp->cap_pairs * 2 : 16;
		struct tp_pair *n = realloc(tp->pairs, cap * sizeof(*n));

		if (!n) {
			log_warnx_every(60000, 1, "track_process: out of memory, pid %d not counted",
			                (int)pid);
			return;
		}
		tp->pairs = n;
		tp->cap_pairs = cap;
	}
	tp->pairs[tp->n_pairs++] = (struct tp_pair){ pid, idx };
	tp->v[idx]->n++;
}

static void tp_remove(struct track_procs *tp, pid_t pid, int64_t idx)
{
	for (unsigned i = 0; i < tp->n_pairs;) {
		if (tp->pairs[i].pid == pid && (idx < 0 || tp->pairs[i].idx == idx)) {
			tp->v[tp->pairs[i].idx]->n--;
			tp->pairs[i] = tp->pairs[--tp->n_pairs];
			continue;
		}
		i++;
	}
}

/* Feed every tracker whose count moved; the delays are those of the cause. */
static void tp_settle(struct track_procs *tp, bool fork_cause, bool exit_cause)
{
	for (unsigned i = 0; i < tp->n; i++) {
		struct tp_one *o = tp->v[i];
		uint32_t delay = 0;
		enum track_proc_step st;

		if (o->n == o->q.count)
			continue;
		st = track_proc_quorum_set(&o->q, o->n, fork_cause ? o->c->fork_delay_ms : 0,
		                           exit_cause ? o->c->terminate_delay_ms : 0, &delay);
		switch (st) {
		case TRACK_PROC_SAME:
			break;
		case TRACK_PROC_ARM:
			loop_timer_after(o->timer, delay);
			break;
		case TRACK_PROC_DISARM:
			loop_timer_stop(o->timer);
			break;
		case TRACK_PROC_CHANGED:
			loop_timer_stop(o->timer);
			log_info("track_process %s: quorum %s (%u process%s, quorum %u..%u)",
			         o->c->name, o->q.up ? "gained" : "lost", o->n, o->n == 1 ? "" : "es",
			         o->q.quorum, o->q.quorum_max);
			tp->changed = true;
			break;
		}
	}
}

static void tp_report(struct track_procs *tp)
{
	if (!tp->changed)
		return;
	tp->changed = false;
	track_changed(tp->t);
}

static void tp_timer(struct loop_timer *tm, void *arg)
{
	struct tp_one *o = arg;

	(void)tm;
	if (!track_proc_quorum_timer(&o->q))
		return;
	log_info("track_process %s: quorum %s after the %s delay (%u process%s)", o->c->name,
	         o->q.up ? "gained" : "lost", o->q.up ? "fork" : "terminate", o->q.count,
	         o->q.count == 1 ? "" : "es");
	track_changed(o->tp->t);
}

/* ---- reading one process */

static ssize_t tp_read_file(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, size);
	close(fd);
	return n;
}

/* Match pid against every tracker (comm from the caller or /proc/PID/comm);
 * `comm_only`: a COMM event, where full_command trackers are not asked. */
static void tp_check(struct track_procs *tp, pid_t pid, const char *comm_in, bool comm_only)
{
	char path[64], comm[17], cmdline[TP_CMDLINE_MAX];
	const char *cm = comm_in;
	ssize_t clen = 0;

	if (!cm && tp->need_comm) {
		ssize_t n;

		snprintf(path, sizeof(path), "/proc/%d/comm", (int)pid);
		if ((n = tp_read_file(path, comm, sizeof(comm) - 1)) < 0)
			return;   /* gone already: its EXIT event follows */
		comm[n] = '\0';
		if (n && comm[n - 1] == '\n')
			comm[n - 1] = '\0';
		cm = comm;
	}
	if (!comm_only && tp->need_cmdline) {
		snprintf(path, sizeof(path), "/proc/%d/cmdline", (int)pid);
		if ((clen = tp_read_file(path, cmdline, sizeof(cmdline))) < 0)
			return;
	}
	for (unsigned i = 0; i < tp->n; i++) {
		const struct vrrp_track_process_conf *c = tp->v[i]->c;

		if (comm_only && c->full_command)
			continue;
		if (track_proc_match(c, cm, cmdline, (size_t)clen))
			tp_add(tp, pid, i);
		else
			tp_remove(tp, pid, i);
	}
}

/* Every process now; zombies (state Z) no longer run their program. */
static void tp_scan(struct track_procs *tp)
{
	DIR *d = opendir("/proc");
	struct dirent *de;

	if (!d) {
		log_warn("track_process: /proc");
		return;
	}
	while ((de = readdir(d))) {
		char path[300], buf[512], comm[17], state;
		char *end;
		long pid = strtol(de->d_name, &end, 10);
		ssize_t n;

		if (*end || pid <= 0)
			continue;
		snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
		if ((n = tp_read_file(path, buf, sizeof(buf))) <= 0 ||
		    track_proc_stat_parse(buf, (size_t)n, comm, &state) < 0 || state == 'Z')
			continue;
		tp_check(tp, (pid_t)pid, comm, false);
	}
	closedir(d);
}

static void tp_rescan(struct loop_timer *tm, void *arg)
{
	struct track_procs *tp = arg;

	(void)tm;
	tp->n_pairs = 0;
	for (unsigned i = 0; i < tp->n; i++)
		tp->v[i]->n = 0;
	tp_scan(tp);
	log_info("track_process: /proc read again after lost events");
	tp_settle(tp, true, true);
	tp_report(tp);
}

/* ---- the connector socket */

static void tp_overrun(struct track_procs *tp)
{
	unsigned want = tp->rcvbuf * 2;

	tp->overruns++;
	if (want <= TP_RCVBUF_MAX && want > tp->rcvbuf &&
	    (setsockopt(tp->fd, SOL_SOCKET, SO_RCVBUFFORCE, &want, sizeof(want)) == 0 ||
	     setsockopt(tp->fd, SOL_SOCKET, SO_RCVBUF, &want, sizeof(want)) == 0))
		tp->rcvbuf = want;
	log_warnx_every(5000, 1, "track_process: process events lost (receive buffer full, "
	                "%llu overruns); reading /proc again, buffer now %u bytes",
	                (unsigned long long)tp->overruns, tp->rcvbuf);
	if (!loop_timer_pending(tp->rescan))
		loop_timer_after(tp->rescan, TP_RESCAN_MS);
}

static void tp_event(struct track_procs *tp, const struct cn_proc_event *ev)
{
	tp->events++;
	switch (ev->kind) {
	case CN_PROC_ACK:
		if (ev->ack_err)
			log_warnx("track_process: the kernel refused process events (error %u)",
			          ev->ack_err);
		return;
	case CN_PROC_FORK:
		/* a new thread (child_pid != child_tgid) is no new process */
		if (ev->pid != ev->tgid)
			return;
		for (unsigned i = 0, n = tp->n_pairs; i < n; i++)
			if (tp->pairs[i].pid == ev->parent_tgid)
				tp_add(tp, ev->tgid, tp->pairs[i].idx);
		tp_settle(tp, true, false);
		return;
	case CN_PROC_EXEC:
		if (ev->pid != ev->tgid)
			return;
		tp_check(tp, ev->tgid, NULL, false);
		tp_settle(tp, false, false);
		return;
	case CN_PROC_COMM:
		if (ev->pid != ev->tgid || !tp->need_comm)
			return;
		tp_check(tp, ev->tgid, ev->comm, true);
		tp_settle(tp, false, false);
		return;
	case CN_PROC_EXIT:
		if (ev->pid != ev->tgid)
			return;
		tp_remove(tp, ev->tgid, -1);
		tp_settle(tp, false, true);
		return;
	case CN_PROC_OTHER:
		return;
	}
}

static void tp_readable(struct loop_io *io, int fd, void *arg)
{
	struct track_procs *tp = arg;
	union {
		struct nlmsghdr nh;
		char b[1024];
	} buf;

	(void)io;
	for (int budget = TP_READ_BUDGET; budget > 0; budget--) {
		struct sockaddr_nl from;
		socklen_t fl = sizeof(from);
		struct cn_proc_event ev;
		ssize_t n = recvfrom(fd, &buf, sizeof(buf), 0, (struct sockaddr *)&from, &fl);

		if (n < 0) {
			if (errno == ENOBUFS) {
				tp_overrun(tp);
				continue;
			}
			if (errno != EAGAIN && errno != EINTR)
				log_warn_every(5000, 1, "track_process: recv");
			break;
		}
		/* only the kernel speaks on this group */
		if (fl != sizeof(from) || from.nl_pid != 0 || cn_proc_parse(&buf, (size_t)n, &ev) < 0) {
			tp->dropped++;
			log_warnx_every(5000, 1, "track_process: malformed or foreign connector "
			                "message dropped (%llu so far)", (unsigned long long)tp->dropped);
			continue;
		}
		tp_event(tp, &ev);
	}
	tp_report(tp);
}

/* A socket opened before floatd entered net_namespace (see
 * vrrp_trackers_preopen); taken by the first tp_socket(). */
static int tp_preopened = -1;

static int tp_socket_new(unsigned *rcvbuf)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK, .nl_groups = CN_IDX_PROC };
	unsigned rb = TP_RCVBUF;
	int fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, NETLINK_CONNECTOR);

	if (fd < 0) {
		log_warn("track_process: cannot open the process events connector%s",
		         errno == EPROTONOSUPPORT ? " (kernel without CONFIG_PROC_EVENTS)" : "");
		return -1;
	}
	*rcvbuf = 0;
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rb, sizeof(rb)) == 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rb, sizeof(rb)) == 0)
		*rcvbuf = rb;
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		log_warn("track_process: bind to the process events connector");
		close(fd);
		return -1;
	}
	return fd;
}

static unsigned tp_preopened_rcvbuf;

void vrrp_trackers_preopen(const struct floatd_conf *conf)
{
	if (tp_preopened >= 0 || conf->track_processes == NULL)
		return;
	/* the socket belongs to the namespace it was made in, whatever
	 * namespace floatd moves to afterwards */
	tp_preopened = tp_socket_new(&tp_preopened_rcvbuf);
	if (tp_preopened >= 0)
		log_debug("track_process: connector socket opened in the initial "
		          "network namespace");
}

/* Subscribe to (or leave) the process events; the kernel sends events
 * while any socket listens. */
static int tp_listen(struct track_procs *tp, bool on)
{
	char msg[64];
	size_t len = cn_proc_listen_msg(msg, sizeof(msg), on);

	if (tp->listening == on)
		return 0;
	if (send(tp->fd, msg, len, 0) != (ssize_t)len) {
		if (!on)
			log_debug("track_process: IGNORE request: %s", strerror(errno));
		else if (errno == ECONNREFUSED)
			log_warnx("track_process: the kernel's process events connector answers only "
			          "the initial network namespace, and floatd runs in another one; "
			          "track_process trackers stay down");
		else
			log_warn("track_process: cannot subscribe to process events");
		return -1;
	}
	tp->listening = on;
	return 0;
}

static int tp_open(struct track_procs *tp)
{
	if (tp_preopened >= 0) {
		tp->fd = tp_preopened;
		tp->rcvbuf = tp_preopened_rcvbuf;
		tp_preopened = -1;
	} else if ((tp->fd = tp_socket_new(&tp->rcvbuf)) < 0) {
		return -1;
	}
	if (tp_listen(tp, true) < 0)
		goto fail;
	if (!(tp->io = loop_io_new(tp->t->loop, tp->fd, tp_readable, tp)))
		goto fail;
	return 0;
fail:
	close(tp->fd);
	tp->fd = -1;
	tp->listening = false;
	return -1;
}

/* ---- life cycle */

static bool tp_used(const struct floatd_conf *conf, const struct vrrp_track_process_conf *c)
{
	/* only what some instance tracks is followed (keepalived too) */
	for (const struct vrrp_instance_conf *vi = conf->instances; vi; vi = vi->next)
		for (unsigned i = 0; i < vi->n_track_processes; i++)
			if (vi->track_processes[i].process == c)
				return true;
	return false;
}

static void tp_one_free(struct tp_one *o)
{
	if (o) {
		loop_timer_free(o->timer);
		free(o);
	}
}

/* The trackers of `conf`.  An old one with the same settings
 * (vrrp_reload_track_process_same) is kept with its counted processes,
 * quorum state and delay timer, now pointing at the new block; the others
 * start from nothing.  Returns how many are new, or -1 on ENOMEM (then
 * nothing changed). */
static int tp_build(struct track_procs *tp, const struct floatd_conf *conf)
{
	unsigned n = 0, k = 0, fresh = 0;
	struct tp_one **v;
	int *take;
	uint32_t *map;
	bool *taken;

	for (const struct vrrp_track_process_conf *c = conf->track_processes; c; c = c->next)
		n += tp_used(conf, c);
	v = calloc(n + 1, sizeof(*v));
	take = calloc(n + 1, sizeof(*take));
	map = calloc(tp->n + 1, sizeof(*map));
	taken = calloc(tp->n + 1, sizeof(*taken));
	if (!v || !take || !map || !taken)
		goto fail;
	for (const struct vrrp_track_process_conf *c = conf->track_processes; c; c = c->next) {
		if (!tp_used(conf, c))
			continue;
		take[k] = -1;
		for (unsigned j = 0; j < tp->n && take[k] < 0; j++)
			if (!taken[j] && vrrp_reload_track_process_same(tp->v[j]->c, c)) {
				take[k] = (int)j;
				taken[j] = true;
			}
		if (take[k] < 0) {
			struct tp_one *o = calloc(1, sizeof(*o));

			v[k] = o;
			if (!o || !(o->timer = loop_timer_new(tp->t->loop, tp_timer, o)))
				goto fail;
			o->tp = tp;
			track_proc_quorum_init(&o->q, c->quorum, c->quorum_max);
			fresh++;
		}
		k++;
	}
	/* commit: nothing below fails */
	k = 0;
	tp->need_comm = tp->need_cmdline = false;
	for (const struct vrrp_track_process_conf *c = conf->track_processes; c; c = c->next) {
		if (!tp_used(conf, c))
			continue;
		if (take[k] >= 0) {
			v[k] = tp->v[take[k]];
			map[take[k]] = k + 1;   /* 0: dropped */
		}
		v[k]->c = c;
		if (c->full_command)
			tp->need_cmdline = true;
		else
			tp->need_comm = true;
		k++;
	}
	for (unsigned i = 0; i < tp->n_pairs;) {
		if (!map[tp->pairs[i].idx]) {
			tp->pairs[i] = tp->pairs[--tp->n_pairs];
			continue;
		}
		tp->pairs[i].idx = map[tp->pairs[i].idx] - 1;
		i++;
	}
	for (unsigned j = 0; j < tp->n; j++)
		if (!taken[j])
			tp_one_free(tp->v[j]);
	free(tp->v);
	tp->v = v;
	tp->n = n;
	free(take);
	free(map);
	free(taken);
	return (int)fresh;
fail:
	for (unsigned i = 0; v && i < n; i++)
		if (take && take[i] < 0)
			tp_one_free(v[i]);
	free(v);
	free(take);
	free(map);
	free(taken);
	return -1;
}

struct track_procs *track_procs_new(struct vrrp_trackers *t, const struct floatd_conf *conf)
{
	struct track_procs *tp = calloc(1, sizeof(*tp));

	if (!tp)
		return NULL;
	tp->t = t;
	tp->fd = -1;
	if (!(tp->rescan = loop_timer_new(t->loop, tp_rescan, tp)) || tp_build(tp, conf) < 0) {
		track_procs_free(tp);
		return NULL;
	}
	return tp;
}

static void tp_log_state(const struct tp_one *o)
{
	log_info("track_process %s: %u process%s, quorum %u..%u: %s", o->c->name, o->n,
	         o->n == 1 ? "" : "es", o->q.quorum, o->q.quorum_max, o->q.up ? "up" : "down");
}

void track_procs_start(struct track_procs *tp)
{
	if (!tp || !tp->n)
		return;
	/* subscribe first, then scan: whatever happens during the scan is
	 * queued on the socket and applied after it (adds are idempotent) */
	if (tp_open(tp) == 0)
		tp_scan(tp);
	tp_settle(tp, false, false);
	tp->changed = false;   /* the start's state is read by the first evaluation */
	for (unsigned i = 0; i < tp->n; i++)
		tp_log_state(tp->v[i]);
}

int track_procs_reload(struct track_procs *tp, const struct floatd_conf *conf)
{
	int fresh;

	if ((fresh = tp_build(tp, conf)) < 0)
		return -1;
	if (!tp->n) {
		/* the socket stays (under net_namespace no new one could be
		 * made), only the kernel stops sending */
		if (tp->fd >= 0)
			tp_listen(tp, false);
		loop_timer_stop(tp->rescan);
		tp->n_pairs = 0;
		return 0;
	}
	if (!tp->t->started)
		return 0;   /* track_procs_start() comes */
	if (tp->fd < 0) {
		if (tp_open(tp) == 0)
			tp_scan(tp);
	} else if (!tp->listening) {
		if (tp_listen(tp, true) == 0)
			tp_scan(tp);
	} else if (fresh > 0) {
		/* counts the new trackers; the kept ones find what they have */
		tp_scan(tp);
	}
	tp_settle(tp, false, false);
	tp->changed = false;   /* the caller evaluates after a reload */
	for (unsigned i = 0; i < tp->n; i++)
		if (fresh > 0 || tp->v[i]->n != tp->v[i]->q.count)
			tp_log_state(tp->v[i]);
	return 0;
}

static const struct tp_one *tp_find(const struct track_procs *tp,
                                    const struct vrrp_track_process_conf *c)
{
	for (unsigned i = 0; tp && i < tp->n; i++)
		if (tp->v[i]->c == c)
			return tp->v[i];
	return NULL;
}

bool track_procs_known(const struct track_procs *tp, const struct vrrp_track_process_conf *c)
{
	return tp_find(tp, c) != NULL;
}

bool track_procs_up(const struct track_procs *tp, const struct vrrp_track_process_conf *c)
{
	const struct tp_one *o = tp_find(tp, c);

	return o && o->q.up;
}

uint32_t track_procs_count(const struct track_procs *tp, const struct vrrp_track_process_conf *c)
{
	const struct tp_one *o = tp_find(tp, c);

	return o ? o->q.count : 0;
}

void track_procs_free(struct track_procs *tp)
{
	if (!tp)
		return;
	/* the kernel counts listeners; tell it we leave */
	if (tp->fd >= 0)
		tp_listen(tp, false);
	loop_io_free(tp->io);
	if (tp->fd >= 0)
		close(tp->fd);
	for (unsigned i = 0; i < tp->n; i++)
		tp_one_free(tp->v[i]);
	loop_timer_free(tp->rescan);
	free(tp->v);
	free(tp->pairs);
	free(tp);
}
