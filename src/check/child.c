/* Checker child entry (see child.h).  Owns the per-checker timers and
 * attempts, aggregates checkers into real-server health (up only while all
 * its checkers are up, as keepalived), applies that to IPVS and tells the
 * parent.  Runs in its own process, so a wedged check cannot stall VRRP. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "check/child.h"
#include "check/conf.h"
#include "check/http.h"
#include "check/misc.h"
#include "check/proto.h"
#include "check/state.h"
#include "check/tcp.h"
#include "log.h"
#include "loop.h"
#include "proc.h"

#define CHILD_HEARTBEAT_MS 1000

struct child;
struct child_rs;

struct child_ck {
	struct child_rs *rs;
	const struct checker_conf *c;
	struct check_state st;
	struct loop_timer *timer;
	void *attempt;               /* check_tcp / check_http / check_misc */
	int dyn_weight;              /* misc_dynamic weight; -1 = none */
	enum check_why last_why;
};

struct child_rs {
	struct child *ch;
	const struct virtual_server_conf *vs;
	const struct real_server_conf *rc;
	uint32_t vs_idx, rs_idx;
	struct child_ck *cks;
	unsigned n_cks, n_down;
	bool up;
	int weight;                  /* effective weight reported */
	char name[176];              /* "[VS 10.0.0.10:80] real server 10.0.0.2:8080" */
};

struct child {
	struct ev_loop *loop;
	int parent_fd;
	struct check_http_ctx *http;
	struct child_rs *rss;
	unsigned n_rss;
	struct loop_timer *heartbeat;
	struct loop_io *parent_io;
	uint32_t seq, checks_done;
	bool ipvs_ok;
};

/* ---- IPVS (src/check/ipvs.[ch], engineer 5a) ----
 * CALL SITES for 5a's API: open the genl family and reconcile at start,
 * set/remove a destination on every health change, close at exit.  Until
 * that API lands these report IPVS as unavailable and change nothing. */
static int
child_ipvs_open(struct child *ch, char *why, size_t size)
{
	(void)ch;
	snprintf(why, size, "IPVS support not built into this floatd yet");
	return -1;
}

static void
child_ipvs_rs(struct child *ch, const struct child_rs *rs)
{
	(void)ch;
	(void)rs;
}

static void
child_ipvs_close(struct child *ch)
{
	(void)ch;
}

/* ---- messages to the parent ---- */

static void
child_send(struct child *ch, struct check_msg *m)
{
	uint8_t buf[CHECK_PROTO_LEN];

	if (ch->parent_fd < 0)
		return;
	m->seq = ++ch->seq;
	if (check_proto_encode(m, buf) < 0)
		return;
	/* MSG_DONTWAIT: a parent that stopped reading must not stall checks;
	 * the next transition or heartbeat carries the news again. */
	if (send(ch->parent_fd, buf, sizeof(buf), MSG_DONTWAIT | MSG_NOSIGNAL) < 0 &&
	    errno != EAGAIN)
		log_warn("checker: cannot report to the parent");
}

static void
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

static int
child_rs_weight(const struct child_rs *rs)
{
	unsigned i;

	for (i = 0; i < rs->n_cks; i++)
		if (rs->cks[i].dyn_weight >= 0)
			return rs->cks[i].dyn_weight;
	return (int)rs->rc->weight;
}

static void
child_notify(struct child *ch, const struct script_conf *s)
{
	if (s->argv != NULL && proc_spawn(ch->loop, s->argv, NULL, NULL, NULL) < 0)
		log_warn("checker: cannot run %s", s->argv[0]);
}

static void
child_rs_update(struct child_rs *rs, const struct child_ck *ck, const char *detail)
{
	struct child *ch = rs->ch;
	bool up = rs->n_down == 0;
	int weight = child_rs_weight(rs);

	if (up == rs->up && weight == rs->weight)
		return;
	if (up != rs->up) {
		rs->up = up;
		rs->weight = weight;
		if (up) {
			log_info("%s UP (weight %d)", rs->name, weight);
			child_notify(ch, &rs->rc->notify_up);
		} else {
			log_info("%s DOWN: %s %s%s%s", rs->name, check_kind_name(ck->c->kind),
			         check_why_name(ck->last_why), detail[0] ? ": " : "", detail);
			child_notify(ch, &rs->rc->notify_down);
		}
		child_send_rs(ch, rs, up ? CHECK_MSG_RS_UP : CHECK_MSG_RS_DOWN, ck->last_why);
	} else {
		log_info("%s weight %d -> %d (misc_dynamic)", rs->name, rs->weight, weight);
		rs->weight = weight;
		child_send_rs(ch, rs, CHECK_MSG_RS_WEIGHT, ck->last_why);
	}
	if (ch->ipvs_ok)
		child_ipvs_rs(ch, rs);
}

/* ---- one checker ---- */

static void child_ck_run(struct loop_timer *, void *);

static void
child_ck_done(void *arg, const struct check_outcome *out)
{
	struct child_ck *ck = arg;
	struct child_rs *rs = ck->rs;
	bool ok = out->why == CHECK_WHY_OK;
	bool was_up = ck->st.up;

	ck->attempt = NULL;
	ck->last_why = out->why;
	rs->ch->checks_done++;
	if (!ok && (ck->c->log_all_failures || was_up))
		log_debug("%s %s failed: %s%s%s", rs->name, check_kind_name(ck->c->kind),
		          check_why_name(out->why), out->detail[0] ? ": " : "", out->detail);
	if (ok)
		ck->dyn_weight = out->weight;
	switch (check_state_result(&ck->st, ok, loop_now_ms())) {
	case CHECK_STATE_WENT_UP: rs->n_down--; break;
	case CHECK_STATE_WENT_DOWN: rs->n_down++; break;
	case CHECK_STATE_SAME: break;
	}
	child_rs_update(rs, ck, out->detail);
	loop_timer_at(ck->timer, ck->st.next_run_ms);
}

static void
child_sockaddr(const struct check_sockaddr *a, struct sockaddr_storage *ss, socklen_t *len)
{
	memset(ss, 0, sizeof(*ss));
	if (a->family == AF_INET) {
		struct sockaddr_in *sin = (struct sockaddr_in *)ss;

		sin->sin_family = AF_INET;
		sin->sin_port = htons(a->port);
		memcpy(&sin->sin_addr, &a->addr, 4);
		*len = sizeof(*sin);
	} else {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;

		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(a->port);
		memcpy(&sin6->sin6_addr, &a->addr, 16);
		*len = sizeof(*sin6);
	}
}

static void
child_ck_run(struct loop_timer *t, void *arg)
{
	struct child_ck *ck = arg;
	struct child *ch = ck->rs->ch;
	const struct checker_conf *c = ck->c;
	struct check_tcp_params tp;

	(void)t;
	switch (c->kind) {
	case CHECK_KIND_TCP:
		memset(&tp, 0, sizeof(tp));
		child_sockaddr(&c->connect, &tp.dst, &tp.dst_len);
		if (c->bindto.family != 0)
			child_sockaddr(&c->bindto, &tp.src, &tp.src_len);
		memcpy(tp.bind_if, c->bind_if, sizeof(tp.bind_if));
		tp.fwmark = c->fwmark;
		tp.timeout_ms = c->connect_timeout_ms;
		ck->attempt = check_tcp_start(ch->loop, &tp, child_ck_done, ck);
		break;
	case CHECK_KIND_HTTP:
	case CHECK_KIND_SSL:
		ck->attempt = ch->http != NULL ? check_http_start(ch->http, c, child_ck_done, ck)
		                               : NULL;
		break;
	case CHECK_KIND_MISC:
		ck->attempt = check_misc_start(ch->loop, c, child_ck_done, ck);
		break;
	}
	if (ck->attempt == NULL) {
		struct check_outcome out = { .why = CHECK_WHY_INTERNAL, .weight = -1 };

		snprintf(out.detail, sizeof(out.detail), "cannot start the check");
		child_ck_done(ck, &out);
	}
}

static void
child_ck_cancel(struct child_ck *ck)
{
	loop_timer_free(ck->timer);
	ck->timer = NULL;
	if (ck->attempt == NULL)
		return;
	switch (ck->c->kind) {
	case CHECK_KIND_TCP: check_tcp_cancel(ck->attempt); break;
	case CHECK_KIND_HTTP:
	case CHECK_KIND_SSL: check_http_cancel(ck->attempt); break;
	case CHECK_KIND_MISC: check_misc_cancel(ck->attempt); break;
	}
	ck->attempt = NULL;
}

/* ---- setup and teardown ---- */

static int
child_build(struct child *ch, const struct floatd_conf *conf)
{
	const struct virtual_server_conf *vs;
	const struct real_server_conf *rc;
	const struct checker_conf *c;
	uint64_t now = loop_now_ms();
	unsigned n = 0, vi, ri, k;
	char vsname[64], rsname[64];

	for (vs = conf->virtual_servers; vs != NULL; vs = vs->next)
		n += vs->n_rs;
	ch->rss = calloc(n ? n : 1, sizeof(*ch->rss));
	if (ch->rss == NULL)
		return -1;
	for (vs = conf->virtual_servers, vi = 0; vs != NULL; vs = vs->next, vi++) {
		if (vs->kind == CHECK_VS_ADDR)
			check_sockaddr_str(&vs->addr, vsname, sizeof(vsname));
		else if (vs->kind == CHECK_VS_FWMARK)
			snprintf(vsname, sizeof(vsname), "fwmark %u", vs->fwmark);
		else
			snprintf(vsname, sizeof(vsname), "group %s", vs->group);
		for (rc = vs->rs, ri = 0; rc != NULL; rc = rc->next, ri++) {
			struct child_rs *rs = &ch->rss[ch->n_rss++];

			rs->ch = ch;
			rs->vs = vs;
			rs->rc = rc;
			rs->vs_idx = vi;
			rs->rs_idx = ri;
			check_sockaddr_str(&rc->addr, rsname, sizeof(rsname));
			snprintf(rs->name, sizeof(rs->name), "[VS %s] real server %s", vsname, rsname);
			rs->cks = calloc(rc->n_checkers ? rc->n_checkers : 1, sizeof(*rs->cks));
			if (rs->cks == NULL)
				return -1;
			for (c = rc->checkers, k = 0; c != NULL; c = c->next, k++) {
				struct child_ck *ck = &rs->cks[k];
				struct check_state_params p = {
					.delay_loop_ms = c->delay_loop_ms,
					.delay_before_retry_ms = c->delay_before_retry_ms,
					.retry = c->retry, .warmup_ms = c->warmup_ms,
					.alpha = c->alpha || rc->alpha,
				};

				ck->rs = rs;
				ck->c = c;
				ck->dyn_weight = -1;
				/* random(): warmup jitter so thousands of checks do not
				 * fire in the same millisecond */
				check_state_init(&ck->st, &p, now, (uint32_t)random());
				if (!ck->st.up)
					rs->n_down++;
				ck->timer = loop_timer_new(ch->loop, child_ck_run, ck);
				if (ck->timer == NULL)
					return -1;
				loop_timer_at(ck->timer, ck->st.next_run_ms);
				rs->n_cks++;
			}
			rs->up = rs->n_down == 0;
			rs->weight = child_rs_weight(rs);
		}
	}
	return 0;
}

static void
child_teardown(struct child *ch)
{
	unsigned i, k;

	for (i = 0; i < ch->n_rss; i++) {
		for (k = 0; k < ch->rss[i].n_cks; k++)
			child_ck_cancel(&ch->rss[i].cks[k]);
		free(ch->rss[i].cks);
	}
	free(ch->rss);
	ch->rss = NULL;
	ch->n_rss = 0;
}

static void
child_on_signal(struct loop_signal *s, int signum, void *arg)
{
	struct child *ch = arg;

	(void)s;
	log_info("checker: received %s, stopping", strsignal(signum));
	loop_break(ch->loop);
}

static void
child_parent_readable(struct loop_io *io, int fd, void *arg)
{
	struct child *ch = arg;
	char buf[64];
	ssize_t n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);

	(void)io;
	if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
		log_warnx("checker: parent went away, stopping");
		loop_break(ch->loop);
	}
}

int
check_child_main(const struct floatd_conf *conf, int parent_fd)
{
	struct child ch;
	struct loop_signal *sig_term, *sig_int;
	char why[256];
	unsigned i;

	memset(&ch, 0, sizeof(ch));
	ch.loop = loop_default();
	ch.parent_fd = parent_fd;
	srandom((unsigned)getpid() ^ (unsigned)time(NULL));
	sig_term = loop_signal_new(ch.loop, SIGTERM, child_on_signal, &ch);
	sig_int = loop_signal_new(ch.loop, SIGINT, child_on_signal, &ch);
	signal(SIGHUP, SIG_IGN);    /* reload is the parent's business */
	if (parent_fd >= 0)
		ch.parent_io = loop_io_new(ch.loop, parent_fd, child_parent_readable, &ch);
	ch.http = check_http_ctx_new(ch.loop);
	if (ch.http == NULL)
		log_warnx("checker: libcurl cannot be initialised; HTTP_GET/SSL_GET will fail");
	if (child_ipvs_open(&ch, why, sizeof(why)) == 0) {
		ch.ipvs_ok = true;
	} else {
		struct check_msg m = { .type = CHECK_MSG_IPVS_UNAVAILABLE, .count = (uint32_t)errno };

		/* one line, then checks run and health is still reported */
		log_warnx("IPVS not available: %s; checking real servers without LVS", why);
		child_send(&ch, &m);
	}
	if (child_build(&ch, conf) < 0) {
		log_warnx("checker: out of memory");
		child_teardown(&ch);
		return 1;
	}
	log_info("checker: started (pid %ld, %u real server(s))", (long)getpid(), ch.n_rss);
	/* tell the parent the initial view (alpha = down, else up) */
	for (i = 0; i < ch.n_rss; i++)
		child_send_rs(&ch, &ch.rss[i], ch.rss[i].up ? CHECK_MSG_RS_UP : CHECK_MSG_RS_DOWN,
		              CHECK_WHY_OK);
	ch.heartbeat = loop_timer_new(ch.loop, child_heartbeat, &ch);
	if (ch.heartbeat != NULL)
		loop_timer_after(ch.heartbeat, 0);
	loop_run(ch.loop);
	child_teardown(&ch);
	if (ch.ipvs_ok)
		child_ipvs_close(&ch);
	check_http_ctx_free(ch.http);
	loop_timer_free(ch.heartbeat);
	loop_io_free(ch.parent_io);
	loop_signal_free(sig_term);
	loop_signal_free(sig_int);
	log_info("checker: stopped");
	return 0;
}
