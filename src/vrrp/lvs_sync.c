/* The VRRP process's IPVS requests (see lvs_sync.h).  One NETLINK_GENERIC
 * socket, non-blocking (libmnl, as nftables): the family "IPVS" is looked
 * up with the controller's GETFAMILY; requests wait in a short queue until
 * it is known.  Generic netlink handles a request inside sendmsg() and
 * queues its answer before the call returns, so each send is followed by a
 * MSG_DONTWAIT read; an io watcher reads anything later.  Every request
 * asks for an ack and is matched to it by sequence number, so the kernel's
 * errors are logged with what they answer.  The checker child keeps its own
 * IPVS socket (src/check/ipvs.c) for services and real servers. */
#include "config.h"

#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/ip_vs.h>
#include <linux/netlink.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "check/ipvs.h"
#include "vrrp/conf/conf_ipvs.h"
#include "instance_int.h"
#include "log.h"
#include "loop.h"
#include "lvs_sync.h"
#include "netns.h"
#include "reload_plan.h"

#define LVS_QUEUE 16          /* requests waiting for the family or an ack */
#define LVS_MSG_MAX 256       /* the largest request (a daemon with an IPv6 group) */
#define LVS_READ_BUDGET 16    /* datagrams per read pass */

enum lvs_op_kind { LVS_OP_FLUSH, LVS_OP_GET_CONFIG, LVS_OP_TIMEOUTS, LVS_OP_START,
                   LVS_OP_STOP };

struct lvs_op {
	enum lvs_op_kind kind;
	uint32_t state;           /* START / STOP: IP_VS_STATE_MASTER or _BACKUP */
	struct ipvs_daemon d;     /* START / STOP: the daemon's settings */
	struct ipvs_timeouts t;   /* TIMEOUTS: what to set (0 = keep) */
	bool quiet;               /* STOP of a daemon that may not run: ESRCH is fine */
	uint32_t seq;
};

struct vrrp_lvs_sync {
	struct mnl_socket *nl;
	struct loop_io *io;
	uint32_t seq;
	int family;               /* > 0 known; 0 asked (lookup_seq); < 0 no IPVS */
	uint32_t lookup_seq;
	struct lvs_op queue[LVS_QUEUE];   /* waiting for the family */
	unsigned n_queue;
	struct lvs_op sent[LVS_QUEUE];    /* waiting for their ack */
	unsigned n_sent;
	/* the sync daemon: settings, the instance it follows, what runs */
	bool have_sync;
	struct ipvs_daemon d;
	char *instance;           /* NULL: master and backup, always */
	uint32_t role;            /* IP_VS_STATE_* asked for (both bits without instance) */
	uint32_t failed;          /* IP_VS_STATE_* whose last start the kernel refused */
	/* timeouts: wanted, the kernel's before we changed them */
	struct ipvs_timeouts want, orig;
	bool have_orig, timeouts_set;
	enum lvs_flush_onstop flush_onstop;
	bool kept;
	struct log_ratelimit rl;
};

static bool lvs_unavailable_logged;

static const char *lvs_role_name(uint32_t state)
{
	return state == IP_VS_STATE_MASTER ? "master" : "backup";
}

static const char *lvs_op_name(const struct lvs_op *op, char *buf, size_t size)
{
	switch (op->kind) {
	case LVS_OP_FLUSH:
		return "lvs_flush";
	case LVS_OP_GET_CONFIG:
		return "reading the IPVS timeouts";
	case LVS_OP_TIMEOUTS:
		return "lvs_timeouts";
	case LVS_OP_START:
	case LVS_OP_STOP:
		snprintf(buf, size, "%s the sync daemon (%s, %s, id %u)",
		         op->kind == LVS_OP_START ? "starting" : "stopping", lvs_role_name(op->state),
		         op->d.ifname, op->d.syncid);
		return buf;
	}
	return "?";
}

/* ---- transport */

static void lvs_read(struct vrrp_lvs_sync *l);

static void lvs_unavailable(struct vrrp_lvs_sync *l, int err)
{
	l->family = -1;
	l->n_queue = 0;
	if (!lvs_unavailable_logged)
		log_warnx("IPVS not available: generic netlink family \"%s\" not found (%s; kernel "
		          "without CONFIG_IP_VS or module not loadable); lvs_sync_daemon, "
		          "lvs_timeouts and lvs_flush have no effect, VRRP goes on",
		          IPVS_GENL_NAME, strerror(err));
	lvs_unavailable_logged = true;
}

static int lvs_build(struct vrrp_lvs_sync *l, struct lvs_op *op, uint8_t *buf)
{
	uint16_t fam = (uint16_t)l->family;
	struct ipvs_daemon d;
	struct ipvs_timeouts t;

	switch (op->kind) {
	case LVS_OP_FLUSH:
		return ipvs_msg_cmd(buf, LVS_MSG_MAX, fam, IPVS_CMD_FLUSH, op->seq);
	case LVS_OP_GET_CONFIG:
		return ipvs_msg_cmd(buf, LVS_MSG_MAX, fam, IPVS_CMD_GET_CONFIG, op->seq);
	case LVS_OP_TIMEOUTS:
		/* keepalived's way: an unset timeout gets the original back, so a
		 * reload that drops one restores it */
		t = op->t;
		if (l->have_orig) {
			t.tcp = t.tcp ? t.tcp : l->orig.tcp;
			t.tcpfin = t.tcpfin ? t.tcpfin : l->orig.tcpfin;
			t.udp = t.udp ? t.udp : l->orig.udp;
		}
		return ipvs_msg_timeouts(buf, LVS_MSG_MAX, fam, op->seq, &t);
	case LVS_OP_START:
	case LVS_OP_STOP:
		d = op->d;
		d.state = op->state;
		return ipvs_msg_daemon(buf, LVS_MSG_MAX, fam, op->seq, op->kind == LVS_OP_START, &d);
	}
	return -1;
}

static void lvs_send(struct vrrp_lvs_sync *l, struct lvs_op *op)
{
	uint8_t buf[LVS_MSG_MAX];
	char what[96];
	int len;

	if (l->n_sent >= LVS_QUEUE) {
		log_warnx_rl(&l->rl, "IPVS: too many requests unanswered; %s dropped",
		             lvs_op_name(op, what, sizeof(what)));
		return;
	}
	op->seq = ++l->seq;
	if ((len = lvs_build(l, op, buf)) < 0 ||
	    mnl_socket_sendto(l->nl, buf, (size_t)len) < 0) {
		log_warn_rl(&l->rl, "IPVS: %s: cannot send", lvs_op_name(op, what, sizeof(what)));
		return;
	}
	l->sent[l->n_sent++] = *op;
	lvs_read(l);
}

static void lvs_push(struct vrrp_lvs_sync *l, struct lvs_op op)
{
	char what[96];

	if (!l || l->family < 0 || !l->nl)
		return;
	if (l->family > 0) {
		lvs_send(l, &op);
		return;
	}
	if (l->n_queue >= LVS_QUEUE) {
		log_warnx_rl(&l->rl, "IPVS: queue full; %s dropped",
		             lvs_op_name(&op, what, sizeof(what)));
		return;
	}
	l->queue[l->n_queue++] = op;
}

/* The kernel's answer to one of our requests. */
static void lvs_done(struct vrrp_lvs_sync *l, const struct lvs_op *op, int err)
{
	char what[96];

	if (err == 0) {
		if (op->kind == LVS_OP_TIMEOUTS)
			l->timeouts_set = op->t.tcp || op->t.tcpfin || op->t.udp;
		return;
	}
	/* a daemon already running in that state: a leftover we could not
	 * stop, or ours; either way it runs */
	if (op->kind == LVS_OP_START && err == EEXIST)
		return;
	if (op->kind == LVS_OP_STOP && err == ESRCH) {
		if (!op->quiet)
			log_info("IPVS: the sync daemon (%s) was not running", lvs_role_name(op->state));
		return;
	}
	/* the role stays wanted: the next transition (or reload) tries again */
	if (op->kind == LVS_OP_START)
		l->failed |= op->state;
	log_warnx_rl(&l->rl, "IPVS: %s failed: %s", lvs_op_name(op, what, sizeof(what)),
	             strerror(err));
}

static void lvs_message(struct vrrp_lvs_sync *l, const struct nlmsghdr *h, size_t len)
{
	unsigned i;

	if (l->family == 0 && h->nlmsg_seq == l->lookup_seq) {
		uint16_t id;

		if (h->nlmsg_type == NLMSG_ERROR) {
			const struct nlmsgerr *e = mnl_nlmsg_get_payload(h);

			if (e->error != 0)
				lvs_unavailable(l, -e->error);
			return;
		}
		if (h->nlmsg_type != GENL_ID_CTRL ||
		    ipvs_msg_parse_family((const uint8_t *)h, len, &id) != IPVS_PARSE_OK)
			return;
		l->family = id;
		for (i = 0; i < l->n_queue; i++)
			lvs_send(l, &l->queue[i]);
		l->n_queue = 0;
		return;
	}
	for (i = 0; i < l->n_sent && l->sent[i].seq != h->nlmsg_seq; i++)
		;
	if (i == l->n_sent)
		return;   /* not ours, or already answered */
	if (h->nlmsg_type == NLMSG_ERROR) {
		const struct nlmsgerr *e = mnl_nlmsg_get_payload(h);
		struct lvs_op op = l->sent[i];

		memmove(&l->sent[i], &l->sent[i + 1], (l->n_sent - i - 1) * sizeof(l->sent[0]));
		l->n_sent--;
		lvs_done(l, &op, -e->error);
		return;
	}
	if (l->sent[i].kind == LVS_OP_GET_CONFIG && h->nlmsg_type == l->family &&
	    ipvs_msg_parse_timeouts((const uint8_t *)h, len, &l->orig) == IPVS_PARSE_OK)
		l->have_orig = true;
}

static void lvs_read(struct vrrp_lvs_sync *l)
{
	uint8_t buf[MNL_SOCKET_BUFFER_SIZE];

	for (unsigned n = 0; n < LVS_READ_BUDGET && l->nl; n++) {
		struct sockaddr_nl from;
		socklen_t fl = sizeof(from);
		ssize_t len = recvfrom(mnl_socket_get_fd(l->nl), buf, sizeof(buf), MSG_DONTWAIT,
		                       (struct sockaddr *)&from, &fl);
		int left;

		if (len < 0) {
			if (errno != EAGAIN && errno != EINTR)
				log_warn_rl(&l->rl, "IPVS: reading answers");
			return;
		}
		if (from.nl_pid != 0)
			continue;   /* only the kernel answers us */
		left = (int)len;
		for (const struct nlmsghdr *h = (const struct nlmsghdr *)buf; mnl_nlmsg_ok(h, left);
		     h = mnl_nlmsg_next(h, &left))
			lvs_message(l, h, (size_t)left);
	}
}

static void lvs_readable(struct loop_io *io, int fd, void *arg)
{
	(void)io;
	(void)fd;
	lvs_read(arg);
}

/* Open the socket (in net_namespace_ipvs when given) and ask for the family. */
static int lvs_open(struct vrrp_lvs_sync *l, struct ev_loop *loop, const char *ns)
{
	uint8_t buf[LVS_MSG_MAX];
	char why[160];
	int saved = -1, len;

	if (ns && (saved = netns_visit(ns, why, sizeof(why))) < 0) {
		log_warnx("IPVS: net_namespace_ipvs %s: %s", ns[0] ? ns : "(default)", why);
		return -1;
	}
	l->nl = mnl_socket_open2(NETLINK_GENERIC, SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (saved >= 0 && netns_return(saved) < 0)
		log_warn("IPVS: cannot return from net_namespace_ipvs");
	if (!l->nl || mnl_socket_bind(l->nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		log_warn("IPVS: generic netlink socket");
		return -1;
	}
	if (!(l->io = loop_io_new(loop, mnl_socket_get_fd(l->nl), lvs_readable, l)))
		return -1;
	l->seq = (uint32_t)time(NULL);
	l->lookup_seq = ++l->seq;
	l->family = 0;
	if ((len = ipvs_msg_family_lookup(buf, sizeof(buf), l->lookup_seq)) < 0 ||
	    mnl_socket_sendto(l->nl, buf, (size_t)len) < 0) {
		log_warn("IPVS: family lookup");
		return -1;
	}
	lvs_read(l);
	return 0;
}

static void lvs_close(struct vrrp_lvs_sync *l)
{
	loop_io_free(l->io);
	l->io = NULL;
	if (l->nl)
		mnl_socket_close(l->nl);
	l->nl = NULL;
}

/* ---- what to ask */

static void lvs_take_conf(struct vrrp_lvs_sync *l, const struct floatd_conf *c)
{
	const struct lvs_sync_conf *s = &c->lvs.sync;

	free(l->instance);
	l->instance = NULL;
	memset(&l->d, 0, sizeof(l->d));
	l->have_sync = s->ifname != NULL;
	if (l->have_sync) {
		snprintf(l->d.ifname, sizeof(l->d.ifname), "%s", s->ifname);
		l->d.syncid = (uint32_t)(s->syncid < 0 ? 0 : s->syncid);
		l->d.maxlen = s->maxlen;
		l->d.port = s->port;
		l->d.ttl = s->ttl;
		l->d.group_af = (uint16_t)s->group_family;
		l->d.group = s->group;
		if (s->instance)
			l->instance = strdup(s->instance);
	}
	l->want = (struct ipvs_timeouts){ c->lvs.timeout_tcp, c->lvs.timeout_tcpfin,
	                                  c->lvs.timeout_udp };
	l->flush_onstop = c->lvs.flush_onstop;
}

static void lvs_daemon(struct vrrp_lvs_sync *l, enum lvs_op_kind kind, uint32_t state, bool quiet)
{
	/* stopping one that failed to start: "not running" is expected */
	struct lvs_op op = { .kind = kind, .state = state, .d = l->d,
	                     .quiet = quiet || (kind == LVS_OP_STOP && (l->failed & state)) };

	if (kind == LVS_OP_START)
		l->failed &= ~state;
	lvs_push(l, op);
}

static void lvs_set_timeouts(struct vrrp_lvs_sync *l)
{
	bool any = l->want.tcp || l->want.tcpfin || l->want.udp;

	if (!any && !l->timeouts_set)
		return;
	if (!l->have_orig)
		lvs_push(l, (struct lvs_op){ .kind = LVS_OP_GET_CONFIG });
	/* none wanted any more: the originals (lvs_build fills them in) */
	lvs_push(l, (struct lvs_op){ .kind = LVS_OP_TIMEOUTS, .t = l->want });
}

/* Start the daemon(s) for `role` (0 = the default: backup, or both). */
static void lvs_sync_begin(struct vrrp_lvs_sync *l, uint32_t role)
{
	if (!l->have_sync || !l->nl || l->family < 0)
		return;
	/* a daemon left by a killed run (or another program) would make ours
	 * fail with EEXIST while running other settings */
	lvs_daemon(l, LVS_OP_STOP, IP_VS_STATE_MASTER, true);
	lvs_daemon(l, LVS_OP_STOP, IP_VS_STATE_BACKUP, true);
	l->role = l->instance ? (role ? role : IP_VS_STATE_BACKUP)
	                      : IP_VS_STATE_MASTER | IP_VS_STATE_BACKUP;
	log_info("IPVS sync daemon on %s, id %u: %s%s%s", l->d.ifname, l->d.syncid,
	         l->role == (IP_VS_STATE_MASTER | IP_VS_STATE_BACKUP) ? "master and backup"
	                                                               : lvs_role_name(l->role),
	         l->instance ? ", following " : "", l->instance ? l->instance : "");
	if (l->role & IP_VS_STATE_MASTER)
		lvs_daemon(l, LVS_OP_START, IP_VS_STATE_MASTER, false);
	if (l->role & IP_VS_STATE_BACKUP)
		lvs_daemon(l, LVS_OP_START, IP_VS_STATE_BACKUP, false);
}

static void lvs_sync_end(struct vrrp_lvs_sync *l)
{
	if (!l->have_sync)
		return;
	if (l->role & IP_VS_STATE_MASTER)
		lvs_daemon(l, LVS_OP_STOP, IP_VS_STATE_MASTER, false);
	if (l->role & IP_VS_STATE_BACKUP)
		lvs_daemon(l, LVS_OP_STOP, IP_VS_STATE_BACKUP, false);
	l->role = 0;
}

static uint32_t lvs_role_of(enum vrrp_state st)
{
	/* LEAVING still holds the VIPs (make-before-break): still the master */
	return st == VRRP_STATE_MASTER || st == VRRP_STATE_LEAVING ? IP_VS_STATE_MASTER
	                                                            : IP_VS_STATE_BACKUP;
}

static struct vrrp_lvs_sync *lvs_new(struct ev_loop *loop, const struct floatd_conf *c)
{
	struct vrrp_lvs_sync *l = calloc(1, sizeof(*l));

	if (!l) {
		log_warnx("IPVS: out of memory; lvs_sync_daemon, lvs_timeouts, lvs_flush ignored");
		return NULL;
	}
	l->rl = (struct log_ratelimit)LOG_RATELIMIT_INIT(60000, 5);
	lvs_take_conf(l, c);
	if (lvs_open(l, loop, c->net_namespace_ipvs) < 0)
		lvs_close(l);   /* kept, inert: a reload tries again */
	return l;
}

struct vrrp_lvs_sync *vrrp_lvs_sync_start(struct ev_loop *loop, const struct floatd_conf *c)
{
	struct vrrp_lvs_sync *l;

	if (!conf_ipvs_wanted(&c->lvs) || !(l = lvs_new(loop, c)))
		return NULL;
	if (c->lvs.flush)
		lvs_push(l, (struct lvs_op){ .kind = LVS_OP_FLUSH });
	lvs_set_timeouts(l);
	lvs_sync_begin(l, 0);
	return l;
}

void vrrp_lvs_sync_state(struct vrrp_lvs_sync *l, const struct vrrp_instance *vi)
{
	enum vrrp_state st = vi->fsm.state;
	const char *instance = vi->c->name;
	uint32_t role;

	if (!l || !l->have_sync || !l->instance || vi->removing || !l->nl || l->family < 0 ||
	    strcmp(l->instance, instance) != 0 || st == VRRP_STATE_STOP || !l->role)
		return;
	if ((role = lvs_role_of(st)) == l->role)
		return;
	/* keepalived's order: stop the other role, then start this one */
	log_info("IPVS sync daemon: %s -> %s (%s is %s)", lvs_role_name(l->role),
	         lvs_role_name(role), instance, vrrp_state_name(st));
	lvs_daemon(l, LVS_OP_STOP, l->role, false);
	l->role = role;
	lvs_daemon(l, LVS_OP_START, role, false);
}

void vrrp_lvs_sync_link_up(struct vrrp_lvs_sync *l, const char *ifname)
{
	uint32_t again;

	if (!l || !l->have_sync || !l->nl || l->family <= 0 ||
	    strcmp(ifname, l->d.ifname) != 0 || !(again = l->failed & l->role))
		return;
	log_info("IPVS: %s is up; starting the sync daemon again", ifname);
	if (again & IP_VS_STATE_MASTER)
		lvs_daemon(l, LVS_OP_START, IP_VS_STATE_MASTER, false);
	if (again & IP_VS_STATE_BACKUP)
		lvs_daemon(l, LVS_OP_START, IP_VS_STATE_BACKUP, false);
}

static uint32_t lvs_role_in(const struct vrrp_set *set, const char *name)
{
	for (const struct vrrp_instance *vi = set->instances; vi; vi = vi->next)
		if (!vi->removing && strcmp(vi->c->name, name) == 0)
			return lvs_role_of(vi->fsm.state);
	return IP_VS_STATE_BACKUP;
}

struct vrrp_lvs_sync *vrrp_lvs_sync_reload(struct vrrp_lvs_sync *l, struct ev_loop *loop,
                                           const struct floatd_conf *c,
                                           const struct vrrp_set *set, unsigned changes)
{
	const char *inst = c->lvs.sync.instance;

	if (!l) {
		/* keepalived flushes only at start, never on a reload */
		if (!conf_ipvs_wanted(&c->lvs) || !(l = lvs_new(loop, c)))
			return NULL;
		lvs_set_timeouts(l);
		lvs_sync_begin(l, inst ? lvs_role_in(set, inst) : 0);
		return l;
	}
	if (!l->nl || l->family < 0) {
		/* no socket or no IPVS since its start: nothing in the kernel is
		 * ours; start afresh (the module may be there now) */
		lvs_close(l);
		free(l->instance);
		free(l);
		return vrrp_lvs_sync_reload(NULL, loop, c, set, changes);
	}
	if (changes & VRRP_RELOAD_LVS_SYNC) {
		log_info("reload: lvs_sync_daemon changed; the sync daemon restarts");
		lvs_sync_end(l);
	}
	l->flush_onstop = c->lvs.flush_onstop;
	if (changes & (VRRP_RELOAD_LVS_SYNC | VRRP_RELOAD_LVS_TIMEOUTS)) {
		bool timeouts = changes & VRRP_RELOAD_LVS_TIMEOUTS;

		lvs_take_conf(l, c);
		if (timeouts)
			lvs_set_timeouts(l);
		if (changes & VRRP_RELOAD_LVS_SYNC)
			lvs_sync_begin(l, inst ? lvs_role_in(set, inst) : 0);
	}
	if (!conf_ipvs_wanted(&c->lvs)) {
		/* nothing left to do: the timeouts went back above */
		lvs_close(l);
		free(l->instance);
		free(l);
		return NULL;
	}
	return l;
}

void vrrp_lvs_sync_keep(struct vrrp_lvs_sync *l)
{
	if (l)
		l->kept = true;
}

void vrrp_lvs_sync_stop(struct vrrp_lvs_sync *l)
{
	if (!l)
		return;
	if (!l->kept && l->nl) {
		lvs_sync_end(l);
		if (l->timeouts_set) {
			l->want = (struct ipvs_timeouts){ 0, 0, 0 };
			if (l->have_orig)
				lvs_push(l, (struct lvs_op){ .kind = LVS_OP_TIMEOUTS });
		}
		if (l->flush_onstop == LVS_FLUSH_ONSTOP_FULL)
			lvs_push(l, (struct lvs_op){ .kind = LVS_OP_FLUSH });
		/* the answers came with the sends; log what they said */
		lvs_read(l);
	}
	lvs_close(l);
	free(l->instance);
	free(l);
}
