/* Checker child entry (see child.h).  Owns the per-checker timers and
 * attempts, aggregates checkers into real-server health (up only while all
 * its checkers are up, as keepalived), keeps each virtual server's quorum,
 * applies that to IPVS (check/lvs.h) and tells the parent.  Runs in its own
 * process, so a wedged check cannot stall VRRP.
 *
 * Stopping: SIGTERM/SIGINT (the parent stopping it), any other signal
 * whose default action would end the process (lib/signals.h), or the
 * parent gone = a clean stop: omega scripts, then the services floatd
 * created are deleted; never a death half-way through IPVS changes.
 * SIGHUP, SIGUSR1 and SIGUSR2 (reload and dumps, the parent's business; a
 * `pkill -USR1 floatd` reaches this process too) are ignored.  SIGKILL (the supervisor's watchdog) leaves IPVS as it is; the
 * next child resumes from what the kernel holds (child_seed). */
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "process_prio.h"
#include "check/channel.h"
#include "check/child.h"
#include "check/child_int.h"
#include "check/conf/conf_lvs.h"
#include "check/conn_sock.h"
#include "check/fifo_line.h"
#include "check/file_check.h"
#include "check/file_eval.h"
#include "check/http.h"
#include "check/ipvs.h"
#include "check/lvs.h"
#include "check/misc.h"
#include "check/ping.h"
#include "check/alert.h"
#include "check/proto.h"
#include "check/quorum.h"
#include "check/script.h"
#include "check/state.h"
#include "check/tcp.h"
#include "check/dns.h"
#include "check/smtp.h"
#include "check/udp.h"
#include "log.h"
#include "loop.h"
#include "mail_alert.h"
#include "proc.h"
#include "signals.h"
#include "vrrp/notify_fifo.h"

#define CHILD_HEARTBEAT_MS 1000
#define CHILD_STOP_SCRIPTS_MS 3000   /* omega scripts; the parent SIGKILLs at 5 s */

/* ---- IPVS ---- */

static struct child_rs *
child_find_rs(struct child *ch, const struct real_server_conf *rc)
{
	unsigned i;

	/* passes walk the config in the order rss[] was built: O(1) per call */
	if (ch->cursor < ch->n_rss && ch->rss[ch->cursor].rc == rc)
		return &ch->rss[ch->cursor++];
	for (i = 0; i < ch->n_rss; i++)
		if (ch->rss[i].rc == rc) {
			ch->cursor = i + 1;
			return &ch->rss[i];
		}
	return NULL;
}

static int
child_want_rs(void *arg, const struct virtual_server_conf *vs, const struct real_server_conf *rc)
{
	struct child_rs *rs = child_find_rs(arg, rc);

	(void)vs;
	if (rs == NULL)
		return -1;
	return check_quorum_rs_weight(rs->up, rs->weight, rc->inhibit_on_failure,
	                              rs->cvs->quorum_up, rs->vs->sorry.family != 0);
}

static int
child_want_sorry(void *arg, const struct virtual_server_conf *vs)
{
	struct child *ch = arg;
	unsigned i;

	for (i = 0; i < ch->n_vss; i++)
		if (ch->vss[i].vs == vs)
			return check_quorum_sorry_weight(ch->vss[i].quorum_up, vs->sorry_inhibit);
	return -1;
}

void
child_ipvs_sync_now(struct child *ch)
{
	if (ch->lvs == NULL || ch->stopping)
		return;
	loop_timer_stop(ch->sync);
	ch->cursor = 0;
	check_lvs_sync(ch->lvs, child_want_rs, child_want_sorry, ch);
}

static void
child_ipvs_sync(struct loop_timer *t, void *arg)
{
	(void)t;
	child_ipvs_sync_now(arg);
}

/* Health changed: one pass at the next loop iteration covers every change
 * made in this one (thousands of servers going down together = one dump). */
void
child_ipvs_changed(struct child *ch)
{
	if (ch->lvs != NULL && ch->sync != NULL && !loop_timer_pending(ch->sync))
		loop_timer_after(ch->sync, 0);
}

/* ---- messages to the parent ---- */

void
child_send(struct child *ch, struct check_msg *m)
{
	if (ch->parent_fd < 0)
		return;
	m->seq = ++ch->seq;
	m->gen = ch->gen;
	/* non-blocking: a parent that stopped reading must not stall checks;
	 * the next transition or heartbeat carries the news again. */
	if (check_channel_send(ch->parent_fd, m, -1) < 0 && errno != EAGAIN)
		log_warn_every(10000, 1, "checker: cannot report to the parent");
}

void
child_send_rs(struct child *ch, const struct child_rs *rs, enum check_msg_type type,
              enum check_why why)
{
	struct check_msg m = { .type = type, .vs = rs->vs_idx, .rs = rs->rs_idx,
	                       .weight = rs->weight, .family = rs->rc->addr.family,
	                       .port = rs->rc->addr.port, .why = (uint8_t)why };

	memcpy(m.addr, &rs->rc->addr.addr, rs->rc->addr.family == AF_INET ? 4 : 16);
	child_send(ch, &m);
}

static void
child_heartbeat(struct loop_timer *t, void *arg)
{
	struct child *ch = arg;
	struct check_msg m = { .type = CHECK_MSG_HEARTBEAT, .count = ch->checks_done };

	child_send(ch, &m);
	loop_timer_after(t, CHILD_HEARTBEAT_MS);
}

/* ---- real-server health ---- */

int
child_rs_weight(const struct child_rs *rs)
{
	int64_t base = rs->rc->weight, files = 0;
	unsigned i;

	for (i = 0; i < rs->n_cks; i++)
		files += rs->cks[i].file_delta;   /* FILE_CHECK weights */
	for (i = 0; i < rs->n_cks; i++)
		if (rs->cks[i].dyn_weight >= 0) {
			base = rs->cks[i].dyn_weight;
			break;
		}
	return check_file_weight(base, files);
}

/* One owner's scripts (a real server, a virtual server's quorum) run one
 * at a time; a change while one runs replaces the one waiting, so a
 * flapping real server costs at most two runs, the last for its latest
 * state. */
void
child_notify(struct proc_queue *q, const struct check_script *s)
{
	struct proc_cmd cmd = { .argv = s->argv, .opts = &s->opts };

	if (s->argv == NULL)
		return;   /* none, or refused when the child was built */
	if (q == NULL || proc_queue_push_latest(q, &cmd, 1) < 0)
		log_warn_every(10000, 5, "checker: cannot run %s", s->argv[0]);
}

/* keepalived's VS / RS lines to notify_fifo and lvs_notify_fifo */
static void
child_fifo(struct child *ch, const char *line, size_t len)
{
	if (len == 0)
		return;
	vrrp_notify_fifo_write(ch->fifo[0], line, len);
	if (ch->fifo[1] != ch->fifo[0])
		vrrp_notify_fifo_write(ch->fifo[1], line, len);
}

/* keepalived's quorum: the sum of the weights of the live real servers of
 * a virtual server against quorum -/+ hysteresis.  `scripts` false when
 * resuming a state the kernel already shows (restarted child). */
void
child_quorum(struct child *ch, struct child_vs *cv, bool scripts)
{
	const struct virtual_server_conf *vs = cv->vs;
	uint64_t live = 0;
	unsigned i;
	char line[512];

	for (i = 0; i < ch->n_rss; i++)
		if (ch->rss[i].cvs == cv && ch->rss[i].up && ch->rss[i].weight > 0)
			live += (uint64_t)ch->rss[i].weight;
	switch (check_quorum_eval(&cv->quorum_up, live, vs->quorum, vs->hysteresis)) {
	case CHECK_QUORUM_SAME:
		return;
	case CHECK_QUORUM_LOST:
		log_info("%s lost quorum (live weight %llu, quorum %u, hysteresis %u)%s", cv->name,
		         (unsigned long long)live, vs->quorum, vs->hysteresis,
		         vs->sorry.family ? ": sorry server in" : "");
		if (scripts) {
			child_notify(cv->quorum_scripts, &cv->on_quorum_down);
			child_fifo(ch, line, check_fifo_vs_line(vs, false, line, sizeof(line)));
			check_alert_vs(ch->mail, vs, false, live);
		}
		break;
	case CHECK_QUORUM_GAINED:
		log_info("%s gained quorum (live weight %llu, quorum %u, hysteresis %u)%s", cv->name,
		         (unsigned long long)live, vs->quorum, vs->hysteresis,
		         vs->sorry.family ? ": sorry server out" : "");
		if (scripts) {
			child_notify(cv->quorum_scripts, &cv->on_quorum_up);
			child_fifo(ch, line, check_fifo_vs_line(vs, true, line, sizeof(line)));
			check_alert_vs(ch->mail, vs, true, live);
		}
		break;
	}
}

void
child_rs_update(struct child_rs *rs, const struct child_ck *ck, const char *detail)
{
	struct child *ch = rs->ch;
	bool up = rs->n_down == 0;
	int weight = child_rs_weight(rs);

	if (up == rs->up && weight == rs->weight)
		return;
	if (up != rs->up) {
		char line[512];

		rs->up = up;
		rs->weight = weight;
		child_fifo(ch, line, check_fifo_rs_line(rs->vs, rs->rc, up, line, sizeof(line)));
		if (up) {
			log_info("%s UP (weight %d)", rs->name, weight);
			child_notify(rs->scripts, &rs->notify_up);
		} else {
			log_info("%s DOWN: %s %s%s%s", rs->name, check_kind_name(ck->c->kind),
			         check_why_name(ck->last_why), detail[0] ? ": " : "", detail);
			child_notify(rs->scripts, &rs->notify_down);
		}
		child_send_rs(ch, rs, up ? CHECK_MSG_RS_UP : CHECK_MSG_RS_DOWN, ck->last_why);
	} else {
		log_info("%s weight %d -> %d (%s)", rs->name, rs->weight, weight,
		         ck->c->kind == CHECK_KIND_FILE ? "FILE_CHECK" : "misc_dynamic");
		rs->weight = weight;
		child_send_rs(ch, rs, CHECK_MSG_RS_WEIGHT, ck->last_why);
	}
	child_quorum(ch, rs->cvs, true);
	child_ipvs_changed(ch);
}

/* ---- one checker ---- */

static void
child_ck_done(void *arg, const struct check_outcome *out)
{
	struct child_ck *ck = arg;
	struct child_rs *rs = ck->rs;
	bool ok = out->why == CHECK_WHY_OK;
	bool was_up = ck->st.up, rs_was_up = rs->up;
	enum check_state_change chg;

	ck->attempt = NULL;
	child_hold_release(ck);
	ck->last_why = out->why;
	rs->ch->checks_done++;
	if (!ok && (ck->c->log_all_failures || was_up))
		log_debug("%s %s failed: %s%s%s", rs->name, check_kind_name(ck->c->kind),
		          check_why_name(out->why), out->detail[0] ? ": " : "", out->detail);
	if (ok)
		ck->dyn_weight = out->weight;
	chg = check_state_result(&ck->st, ok, loop_now_ms());
	switch (chg) {
	case CHECK_STATE_WENT_UP: rs->n_down--; break;
	case CHECK_STATE_WENT_DOWN: rs->n_down++; break;
	case CHECK_STATE_SAME: break;
	}
	child_rs_update(rs, ck, out->detail);
	/* keepalived mails every checker's change, or with no_checker_emails
	 * only those that change the real server */
	if (chg != CHECK_STATE_SAME && (rs->up != rs_was_up || !rs->ch->no_checker_emails))
		check_alert_rs(rs->ch->mail, rs->vs, rs->rc, rs->up, chg == CHECK_STATE_WENT_UP,
		               ck->c->kind);
	loop_timer_at(ck->timer, ck->st.next_run_ms);
}

void
child_ck_run(struct loop_timer *t, void *arg)
{
	struct child_ck *ck = arg;
	struct child *ch = ck->rs->ch;
	const struct checker_conf *c = ck->c;
	struct check_tcp_params tp;

	(void)t;
	switch (c->kind) {
	case CHECK_KIND_TCP:
		check_conn_params(c, &tp);
		ck->attempt = check_tcp_start(ch->loop, &tp, child_ck_done, ck);
		break;
	case CHECK_KIND_HTTP:
	case CHECK_KIND_SSL:
		ck->attempt = ch->http != NULL ? check_http_start(ch->http, c, child_ck_done, ck)
		                               : NULL;
		break;
	case CHECK_KIND_MISC:
		ck->attempt = check_misc_start(ch->loop, c, &ck->misc, child_ck_done, ck);
		break;
	case CHECK_KIND_DNS: ck->attempt = check_dns_start(ch->loop, c, child_ck_done, ck); break;
	case CHECK_KIND_SMTP: ck->attempt = check_smtp_start(ch->loop, c, child_ck_done, ck); break;
	case CHECK_KIND_UDP:
	case CHECK_KIND_PING:
		check_conn_params(c, &tp);
		ck->attempt = c->kind == CHECK_KIND_UDP
		            ? (void *)check_udp_start(ch->loop, &tp, &c->udp, child_ck_done, ck)
		            : (void *)check_ping_start(ch->loop, &tp, child_ck_done, ck);
		break;
	case CHECK_KIND_FILE:
		return;   /* never scheduled: check/file_check.c follows the file */
	}
	if (ck->attempt == NULL) {
		struct check_outcome out = { .why = CHECK_WHY_INTERNAL, .weight = -1 };

		snprintf(out.detail, sizeof(out.detail), "cannot start the check");
		child_ck_done(ck, &out);
	}
}

void
child_ck_cancel(struct child_ck *ck)
{
	loop_timer_free(ck->timer);
	ck->timer = NULL;
	child_file_stop(ck);   /* FILE_CHECK: no attempts, a watch */
	if (ck->attempt == NULL) {
		child_hold_release(ck);
		return;
	}
	switch (ck->c->kind) {
	case CHECK_KIND_TCP: check_tcp_cancel(ck->attempt); break;
	case CHECK_KIND_HTTP:
	case CHECK_KIND_SSL: check_http_cancel(ck->attempt); break;
	case CHECK_KIND_MISC: check_misc_cancel(ck->attempt); break;
	case CHECK_KIND_DNS: check_dns_cancel(ck->attempt); break;
	case CHECK_KIND_SMTP: check_smtp_cancel(ck->attempt); break;
	case CHECK_KIND_UDP: check_udp_cancel(ck->attempt); break;
	case CHECK_KIND_PING: check_ping_cancel(ck->attempt); break;
	case CHECK_KIND_FILE: break;
	}
	ck->attempt = NULL;
	child_hold_release(ck);
}

/* ---- stop ---- */

static unsigned
child_scripts_pending(const struct child *ch)
{
	unsigned i, n = 0;

	for (i = 0; i < ch->n_vss; i++)
		if (ch->vss[i].quorum_scripts != NULL)
			n += proc_queue_pending(ch->vss[i].quorum_scripts);
	for (i = 0; i < ch->n_rss; i++)
		if (ch->rss[i].scripts != NULL)
			n += proc_queue_pending(ch->rss[i].scripts);
	return n;
}

static void
child_stop_wait(struct loop_timer *t, void *arg)
{
	struct child *ch = arg;
	unsigned pending = child_scripts_pending(ch);

	if (pending > 0 && loop_now_ms() < ch->stop_deadline) {
		loop_timer_after(t, 50);
		return;
	}
	if (pending > 0)
		log_warnx("checker: stopping with %u script(s) still running", pending);
	loop_break(ch->loop);
}

/* Clean stop.  keepalived's omega: with `omega` a virtual server runs its
 * notify_down for each live real server and quorum_down if it held the
 * quorum, as if everything went down.  Then the services floatd created
 * are deleted (keepalived also removes its virtual servers on stop);
 * adopted and foreign services stay as they are. */
static void
child_stop(struct child *ch)
{
	unsigned i, k;

	if (ch->stopping)
		return;
	ch->stopping = true;
	loop_timer_stop(ch->sync);
	for (i = 0; i < ch->n_rss; i++)
		for (k = 0; k < ch->rss[i].n_cks; k++)
			child_ck_cancel(&ch->rss[i].cks[k]);
	for (i = 0; i < ch->n_rss; i++)
		if (ch->rss[i].vs->omega && ch->rss[i].up) {
			child_notify(ch->rss[i].scripts, &ch->rss[i].notify_down);
			check_alert_rs_shutdown(ch->mail, ch->rss[i].vs, ch->rss[i].rc);
		}
	for (i = 0; i < ch->n_vss; i++)
		if (ch->vss[i].vs->omega && ch->vss[i].quorum_up) {
			child_notify(ch->vss[i].quorum_scripts, &ch->vss[i].on_quorum_down);
			check_alert_vs_shutdown(ch->mail, ch->vss[i].vs);
		}
	if (ch->lvs != NULL)
		check_lvs_release(ch->lvs);
	ch->stop_deadline = loop_now_ms() + CHILD_STOP_SCRIPTS_MS;
	if (ch->stop != NULL)
		loop_timer_after(ch->stop, 0);
	else
		loop_break(ch->loop);
}

static void
child_on_signal(struct loop_signal *s, int signum, void *arg)
{
	struct child *ch = arg;

	(void)s;
	if (signum == SIGHUP || signum == SIGUSR1 || signum == SIGUSR2) {
		log_debug("checker: %s ignored (handled by the VRRP process)", strsignal(signum));
		return;
	}
	/* real-time (checker_rt_priority): RLIMIT_RTTIME's soft limit, half
	 * the budget used without blocking; the kernel kills at the hard one */
	if (signum == SIGXCPU && (sched_getscheduler(0) & ~SCHED_RESET_ON_FORK) == SCHED_RR) {
		log_warnx_every(60000, 1, "checker: real-time CPU limit half used without "
		                "blocking (checker_rlimit_rttime)");
		return;
	}
	log_info("checker: received %s, stopping", strsignal(signum));
	child_stop(ch);
}

/* The parent sends RELOAD (with a snapshot memfd); anything else is
 * dropped.  A bounded number per loop iteration, so a flood cannot starve
 * the checks; end of file (or an error) means the parent is gone. */
static void
child_parent_readable(struct loop_io *io, int fd, void *arg)
{
	struct child *ch = arg;

	for (int budget = 16; budget > 0; budget--) {
		struct check_msg m;
		enum check_proto_err err;
		int snap = -1;

		switch (check_channel_recv(fd, &m, &snap, &err)) {
		case CHECK_CHANNEL_AGAIN:
			return;
		case CHECK_CHANNEL_CLOSED:
			log_warnx("checker: parent went away, stopping");
			loop_io_free(io);
			ch->parent_io = NULL;
			child_stop(ch);
			return;
		case CHECK_CHANNEL_BAD:
			log_warnx_every(10000, 3, "checker: bad message from the parent (%s)",
			                check_proto_err_name(err));
			continue;
		case CHECK_CHANNEL_MSG:
			break;
		}
		if (m.type == CHECK_MSG_RELOAD && !ch->stopping) {
			child_reload(ch, snap, m.gen);   /* closes snap */
			continue;
		}
		if (snap >= 0)
			close(snap);
		log_warnx_every(10000, 3, "checker: unexpected %s message from the parent",
		                check_msg_type_name(m.type));
	}
}

/* Every real server's state, numbered in the running configuration: the
 * parent's view after a start or a reload. */
void
child_send_all(struct child *ch)
{
	for (unsigned i = 0; i < ch->n_rss; i++)
		child_send_rs(ch, &ch->rss[i], ch->rss[i].up ? CHECK_MSG_RS_UP : CHECK_MSG_RS_DOWN,
		              CHECK_WHY_OK);
}

int
check_child_main(const struct floatd_conf *conf, const struct check_conf_ops *ops, int parent_fd)
{
	struct child ch;
	struct signals_watch *sigs;
	int rc;

	memset(&ch, 0, sizeof(ch));
	ch.loop = loop_default();
	ch.parent_fd = parent_fd;
	ch.conf = conf;
	ch.conf_ops = ops;
	srandom((unsigned)getpid() ^ (unsigned)time(NULL));
	sigs = signals_watch_terminating(ch.loop, child_on_signal, &ch);
	if (sigs == NULL) {
		log_warnx("checker: cannot set up signal handling");
		return 1;
	}
	if (parent_fd >= 0)
		ch.parent_io = loop_io_new(ch.loop, parent_fd, child_parent_readable, &ch);
	ch.http = check_http_ctx_new(ch.loop);
	if (ch.http == NULL)
		log_warnx("checker: libcurl cannot be initialised; HTTP_GET/SSL_GET will fail");
	ch.sync = loop_timer_new(ch.loop, child_ipvs_sync, &ch);
	ch.stop = loop_timer_new(ch.loop, child_stop_wait, &ch);
	ch.mail = mail_alert_get(ch.loop, &conf->mail, conf->router_id);
	ch.no_checker_emails = conf->mail.no_checker_emails_cfg == 1;
	rc = check_lvs_open(conf, NULL, &ch.lvs);
	if (rc != 0) {
		/* ipvs_open logged the one "IPVS not available: ..." line; checks
		 * run and health is still reported */
		struct check_msg m = { .type = CHECK_MSG_IPVS_UNAVAILABLE,
		                       .count = rc == IPVS_UNAVAILABLE ? ENOENT : EIO };

		child_send(&ch, &m);
	}
	if (child_build(&ch) < 0) {
		log_warnx("checker: out of memory");
		child_teardown(&ch);
		check_files_free(ch.files);
		check_lvs_close(ch.lvs);
		mail_alert_put(ch.mail);
		signals_watch_free(sigs);
		return 1;
	}
	log_info("checker: started (pid %ld, %u real server(s)%s)", (long)getpid(), ch.n_rss,
	         ch.lvs != NULL ? ", IPVS" : ", no IPVS");
	/* the first pass: create what is missing, fix what differs */
	child_ipvs_sync(NULL, &ch);
	/* tell the parent the initial view (alpha = down, else up) */
	child_send_all(&ch);
	ch.heartbeat = loop_timer_new(ch.loop, child_heartbeat, &ch);
	if (ch.heartbeat != NULL)
		loop_timer_after(ch.heartbeat, 0);
	loop_run(ch.loop);
	child_teardown(&ch);
	mail_alert_put(ch.mail);
	check_lvs_close(ch.lvs);
	check_http_ctx_free(ch.http);
	loop_timer_free(ch.heartbeat);
	loop_timer_free(ch.sync);
	loop_timer_free(ch.stop);
	loop_io_free(ch.parent_io);
	signals_watch_free(sigs);
	check_files_free(ch.files);   /* FILE_CHECK watches (all stopped by now) */
	if (ch.owned != NULL)   /* NULL unless a reload loaded it */
		ch.conf_ops->free(ch.owned);
	log_info("checker: stopped");
	return 0;
}
