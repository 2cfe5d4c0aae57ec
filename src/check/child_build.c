/* The checker child's virtual and real servers built from its
 * configuration and freed again: names, notify / quorum / MISC_CHECK
 * scripts (who they run as decided here), each real server's checkers
 * seeded from what the kernel holds, the notify FIFOs.  Used at start-up
 * (child.c) and by a reload (child_reload.c).  Starts nothing but the
 * checkers' timers; running them is child.c's. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/child_int.h"
#include "check/file_check.h"
#include "check/lvs.h"
#include "log.h"
#include "loop.h"
#include "proc.h"
#include "script_user.h"
#include "vrrp/notify_fifo.h"


/* A restarted child (the previous one was SIGKILLed or crashed) resumes
 * from the kernel instead of from the config's alpha default: a real
 * server IPVS still routes to starts up, one it left out (or inhibited at
 * weight 0) starts down until a check passes.  Nothing is re-added or
 * removed just because a new process began.  -1: no IPVS or the service
 * is not there, so the config decides. */
int
child_seed(struct child *ch, const struct real_server_conf *rc, const struct virtual_server_conf *vs,
           int32_t *kweight)
{
	int seen;

	if (ch->lvs == NULL)
		return -1;
	seen = check_lvs_seen(ch->lvs, vs, rc, kweight);
	if (seen <= 0)
		return seen;
	return *kweight == 0 && rc->inhibit_on_failure && rc->weight > 0 ? 0 : 1;
}

/* Decide once who a script runs as; a refused one is said here and then
 * never runs (a refused misc_path makes its MISC_CHECK fail). */
static void
child_script(struct check_script *s, const struct script_conf *sc, const struct floatd_conf *conf,
             uint32_t timeout_ms, const char *owner, const char *what)
{
	char why[PATH_MAX + 128];

	if (check_script_prepare(s, sc, conf, timeout_ms, why, sizeof(why)) < 0)
		log_warnx("%s %s %s: %s; not run", owner, what, sc->argv[0], why);
}

/* (Re)decide a real server's scripts from the running configuration: a
 * reload re-applies script_user and enable_script_security. */
void
child_rs_scripts(struct child *ch, struct child_rs *rs)
{
	unsigned k;

	check_script_release(&rs->notify_up);
	check_script_release(&rs->notify_down);
	child_script(&rs->notify_up, &rs->rc->notify_up, ch->conf, SCRIPT_NOTIFY_TIMEOUT_MS,
	             rs->name, "notify_up");
	child_script(&rs->notify_down, &rs->rc->notify_down, ch->conf, SCRIPT_NOTIFY_TIMEOUT_MS,
	             rs->name, "notify_down");
	for (k = 0; k < rs->n_cks; k++) {
		struct child_ck *ck = &rs->cks[k];

		check_script_release(&ck->misc);
		if (ck->c->kind == CHECK_KIND_MISC)
			child_script(&ck->misc, &ck->c->misc, ch->conf, ck->c->misc_timeout_ms,
			             rs->name, "MISC_CHECK");
	}
}

void
child_vs_scripts(struct child *ch, struct child_vs *cv)
{
	check_script_release(&cv->on_quorum_up);
	check_script_release(&cv->on_quorum_down);
	child_script(&cv->on_quorum_up, &cv->vs->quorum_up, ch->conf, SCRIPT_NOTIFY_TIMEOUT_MS,
	             cv->name, "quorum_up");
	child_script(&cv->on_quorum_down, &cv->vs->quorum_down, ch->conf, SCRIPT_NOTIFY_TIMEOUT_MS,
	             cv->name, "quorum_down");
}

/* The checkers of a real server (rs->rc), started as `seed` says. */
int
child_build_checks(struct child *ch, struct child_rs *rs, int seed, int32_t kweight,
                   uint64_t now)
{
	const struct real_server_conf *rc = rs->rc;
	const struct checker_conf *c;
	unsigned k;

	rs->n_cks = rs->n_down = 0;
	rs->cks = calloc(rc->n_checkers ? rc->n_checkers : 1, sizeof(*rs->cks));
	if (rs->cks == NULL)
		return -1;
	for (c = rc->checkers, k = 0; c != NULL; c = c->next, k++) {
		struct child_ck *ck = &rs->cks[k];
		struct check_state_params p = {
			.delay_loop_ms = c->delay_loop_ms,
			.delay_before_retry_ms = c->delay_before_retry_ms,
			.retry = c->retry, .warmup_ms = c->warmup_ms,
			.alpha = seed < 0 ? c->alpha || rc->alpha : seed == 0,
		};

		ck->rs = rs;
		ck->c = c;
		ck->dyn_weight = -1;
		if (c->kind == CHECK_KIND_MISC)
			child_script(&ck->misc, &c->misc, ch->conf, c->misc_timeout_ms, rs->name,
			             "MISC_CHECK");
		/* keep the weight a misc_dynamic check had set, or the first
		 * pass would put the configured one back until the next check */
		if (seed == 1 && c->kind == CHECK_KIND_MISC && c->misc_dynamic &&
		    kweight >= 0 && kweight != (int32_t)rc->weight)
			ck->dyn_weight = kweight;
		/* random(): warmup jitter so thousands of checks do not
		 * fire in the same millisecond */
		check_state_init(&ck->st, &p, now, (uint32_t)random());
		/* FILE_CHECK: the file says up or down now (keepalived
		 * ignores alpha for it); it never runs on a timer */
		if (c->kind == CHECK_KIND_FILE && child_file_start(ch, ck) < 0)
			return -1;
		if (!ck->st.up)
			rs->n_down++;
		ck->timer = loop_timer_new(ch->loop, child_ck_run, ck);
		if (ck->timer == NULL)
			return -1;
		if (c->kind != CHECK_KIND_FILE)
			loop_timer_at(ck->timer, ck->st.next_run_ms);
		rs->n_cks++;
	}
	/* a real server without checkers is always up */
	rs->up = rs->n_down == 0;
	rs->weight = child_rs_weight(rs);
	return 0;
}

void
child_vs_init(struct child *ch, struct child_vs *cv, const struct virtual_server_conf *vs)
{
	char vsname[48];

	memset(cv, 0, sizeof(*cv));
	cv->vs = vs;
	cv->quorum_up = true;   /* keepalived starts with the quorum held */
	if (vs->kind == CHECK_VS_ADDR)
		check_sockaddr_str(&vs->addr, vsname, sizeof(vsname));
	else if (vs->kind == CHECK_VS_FWMARK)
		snprintf(vsname, sizeof(vsname), "fwmark %u", vs->fwmark);
	else
		snprintf(vsname, sizeof(vsname), "group %s", vs->group);
	snprintf(cv->name, sizeof(cv->name), "[VS %s]", vsname);
	cv->quorum_scripts = proc_queue_new(ch->loop, cv->name);
	child_vs_scripts(ch, cv);
}

/* Everything but the checkers. */
void
child_rs_init(struct child *ch, struct child_rs *rs, struct child_vs *cv, uint32_t vi, uint32_t ri,
              const struct real_server_conf *rc)
{
	char rsname[64];

	memset(rs, 0, sizeof(*rs));
	rs->ch = ch;
	rs->vs = cv->vs;
	rs->rc = rc;
	rs->cvs = cv;
	rs->vs_idx = vi;
	rs->rs_idx = ri;
	check_sockaddr_str(&rc->addr, rsname, sizeof(rsname));
	snprintf(rs->name, sizeof(rs->name), "%s real server %s", cv->name, rsname);
	rs->scripts = proc_queue_new(ch->loop, rs->name);
	child_rs_scripts(ch, rs);
}

int
child_build(struct child *ch)
{
	const struct virtual_server_conf *vs;
	const struct real_server_conf *rc;
	uint64_t now = loop_now_ms();
	unsigned n = 0, nv = 0, vi, ri;
	int32_t unused;

	for (vs = ch->conf->virtual_servers; vs != NULL; vs = vs->next, nv++)
		n += vs->n_rs;
	ch->fifo[0] = vrrp_notify_fifo_get(ch->loop, ch->conf, &ch->conf->fifos[NOTIFY_FIFO_ALL], false);
	ch->fifo[1] = vrrp_notify_fifo_get(ch->loop, ch->conf, &ch->conf->fifos[NOTIFY_FIFO_LVS], true);
	ch->rss = calloc(n ? n : 1, sizeof(*ch->rss));
	ch->vss = calloc(nv ? nv : 1, sizeof(*ch->vss));
	if (ch->rss == NULL || ch->vss == NULL)
		return -1;
	for (vs = ch->conf->virtual_servers, vi = 0; vs != NULL; vs = vs->next, vi++) {
		struct child_vs *cv = &ch->vss[ch->n_vss++];

		child_vs_init(ch, cv, vs);
		for (rc = vs->rs, ri = 0; rc != NULL; rc = rc->next, ri++) {
			struct child_rs *rs = &ch->rss[ch->n_rss++];
			int32_t kweight = -1;

			child_rs_init(ch, rs, cv, vi, ri, rc);
			if (child_build_checks(ch, rs, child_seed(ch, rc, vs, &kweight), kweight,
			                       now) < 0)
				return -1;
		}
	}
	/* initial quorum: scripts run unless the kernel already shows this
	 * virtual server (a restarted child picks the state up silently) */
	for (vi = 0; vi < ch->n_vss; vi++)
		child_quorum(ch, &ch->vss[vi],
		             ch->lvs == NULL || check_lvs_seen(ch->lvs, ch->vss[vi].vs, NULL, &unused) < 0);
	return 0;
}

void
child_rs_free(struct child_rs *rs)
{
	unsigned k;

	for (k = 0; k < rs->n_cks; k++) {
		child_ck_cancel(&rs->cks[k]);
		check_script_release(&rs->cks[k].misc);
	}
	free(rs->cks);
	rs->cks = NULL;
	rs->n_cks = 0;
	proc_queue_free(rs->scripts);   /* running scripts finish alone */
	rs->scripts = NULL;
	check_script_release(&rs->notify_up);
	check_script_release(&rs->notify_down);
}

void
child_vs_free(struct child_vs *cv)
{
	proc_queue_free(cv->quorum_scripts);
	cv->quorum_scripts = NULL;
	check_script_release(&cv->on_quorum_up);
	check_script_release(&cv->on_quorum_down);
}

void
child_teardown(struct child *ch)
{
	unsigned i;

	for (i = 0; i < ch->n_rss; i++)
		child_rs_free(&ch->rss[i]);
	free(ch->rss);
	ch->rss = NULL;
	ch->n_rss = 0;
	for (i = 0; i < ch->n_vss; i++)
		child_vs_free(&ch->vss[i]);
	free(ch->vss);
	ch->vss = NULL;
	vrrp_notify_fifo_put(ch->fifo[0]);
	vrrp_notify_fifo_put(ch->fifo[1]);
	ch->fifo[0] = ch->fifo[1] = NULL;
	ch->n_vss = 0;
}
