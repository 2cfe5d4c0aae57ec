/* vrrp_track_process trackers: the processes that match each tracked
 * vrrp_track_process, followed through the kernel's process events
 * connector (netlink NETLINK_CONNECTOR, group CN_IDX_PROC): an initial
 * /proc scan, then FORK / EXEC / COMM / EXIT events; no polling.
 *
 * The connector answers only sockets of the initial network namespace: a
 * floatd started inside another one gets ECONNREFUSED on the LISTEN
 * request, logs it, and its process trackers stay down (as keepalived's
 * do).  A future net_namespace keyword must open this socket before
 * setns(), as keepalived does.
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
	struct tp_one *v;
	unsigned n;
	bool need_comm, need_cmdline;
	int fd;
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
	tp->v[idx].n++;
}

static void tp_remove(struct track_procs *tp, pid_t pid, int64_t idx)
{
	for (unsigned i = 0; i < tp->n_pairs;) {
		if (tp->pairs[i].pid == pid && (idx < 0 || tp->pairs[i].idx == idx)) {
			tp->v[tp->pairs[i].idx].n--;
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
		struct tp_one *o = &tp->v[i];
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
		const struct vrrp_track_process_conf *c = tp->v[i].c;

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
		tp->v[i].n = 0;
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

static int tp_open(struct track_procs *tp)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK, .nl_groups = CN_IDX_PROC };
	char msg[64];
	size_t len = cn_proc_listen_msg(msg, sizeof(msg), true);
	unsigned rb = TP_RCVBUF;

	tp->fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, NETLINK_CONNECTOR);
	if (tp->fd < 0) {
		log_warn("track_process: cannot open the process events connector%s",
		         errno == EPROTONOSUPPORT ? " (kernel without CONFIG_PROC_EVENTS)" : "");
		return -1;
	}
	if (setsockopt(tp->fd, SOL_SOCKET, SO_RCVBUFFORCE, &rb, sizeof(rb)) == 0 ||
	    setsockopt(tp->fd, SOL_SOCKET, SO_RCVBUF, &rb, sizeof(rb)) == 0)
		tp->rcvbuf = rb;
	if (bind(tp->fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		log_warn("track_process: bind to the process events connector");
		goto fail;
	}
	if (send(tp->fd, msg, len, 0) != (ssize_t)len) {
		if (errno == ECONNREFUSED)
			log_warnx("track_process: the kernel's process events connector answers only "
			          "the initial network namespace, and floatd runs in another one; "
			          "track_process trackers stay down");
		else
			log_warn("track_process: cannot subscribe to process events");
		goto fail;
	}
	if (!(tp->io = loop_io_new(tp->t->loop, tp->fd, tp_readable, tp)))
		goto fail;
	return 0;
fail:
	close(tp->fd);
	tp->fd = -1;
	return -1;
}

/* ---- life cycle */

struct track_procs *track_procs_new(struct vrrp_trackers *t, const struct floatd_conf *conf)
{
	struct track_procs *tp = calloc(1, sizeof(*tp));
	unsigned n = 0;

	if (!tp)
		return NULL;
	tp->t = t;
	tp->fd = -1;
	/* only what some instance tracks is followed (keepalived too) */
	for (const struct vrrp_track_process_conf *c = conf->track_processes; c; c = c->next) {
		bool used = false;

		for (const struct vrrp_instance_conf *vi = conf->instances; vi && !used; vi = vi->next)
			for (unsigned i = 0; i < vi->n_track_processes; i++)
				used |= vi->track_processes[i].process == c;
		if (!used)
			continue;
		n++;
	}
	if (!n)
		return tp;
	if (!(tp->v = calloc(n, sizeof(*tp->v))) ||
	    !(tp->rescan = loop_timer_new(t->loop, tp_rescan, tp)))
		goto fail;
	for (const struct vrrp_track_process_conf *c = conf->track_processes; c; c = c->next) {
		bool used = false;
		struct tp_one *o;

		for (const struct vrrp_instance_conf *vi = conf->instances; vi && !used; vi = vi->next)
			for (unsigned i = 0; i < vi->n_track_processes; i++)
				used |= vi->track_processes[i].process == c;
		if (!used)
			continue;
		o = &tp->v[tp->n++];
		o->tp = tp;
		o->c = c;
		track_proc_quorum_init(&o->q, c->quorum, c->quorum_max);
		if (!(o->timer = loop_timer_new(t->loop, tp_timer, o)))
			goto fail;
		if (c->full_command)
			tp->need_cmdline = true;
		else
			tp->need_comm = true;
	}
	return tp;
fail:
	track_procs_free(tp);
	return NULL;
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
		log_info("track_process %s: %u process%s, quorum %u..%u: %s", tp->v[i].c->name,
		         tp->v[i].n, tp->v[i].n == 1 ? "" : "es", tp->v[i].q.quorum,
		         tp->v[i].q.quorum_max, tp->v[i].q.up ? "up" : "down");
}

static const struct tp_one *tp_find(const struct track_procs *tp,
                                    const struct vrrp_track_process_conf *c)
{
	for (unsigned i = 0; tp && i < tp->n; i++)
		if (tp->v[i].c == c)
			return &tp->v[i];
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
	if (tp->fd >= 0) {
		char msg[64];
		size_t len = cn_proc_listen_msg(msg, sizeof(msg), false);

		/* the kernel counts listeners; tell it we leave */
		if (send(tp->fd, msg, len, 0) < 0)
			log_debug("track_process: IGNORE request: %s", strerror(errno));
	}
	loop_io_free(tp->io);
	if (tp->fd >= 0)
		close(tp->fd);
	for (unsigned i = 0; i < tp->n; i++)
		loop_timer_free(tp->v[i].timer);
	loop_timer_free(tp->rescan);
	free(tp->v);
	free(tp->pairs);
	free(tp);
}
