/* The checker child's reload: a new configuration snapshot from the parent
 * (a sealed memfd passed over the socketpair), parsed with the same replay
 * lexer as at start-up, applied by difference (check/conf_diff.h):
 *  - an unchanged virtual or real server keeps its check state, timers,
 *    scripts queue and IPVS entries: the next IPVS pass finds nothing to do
 *    for it, so it is never removed or re-weighted, not even for a moment;
 *  - a removed real server is deleted from IPVS by that pass (its
 *    notify_down runs if it was up, as keepalived does); a removed virtual
 *    server floatd created is deleted (quorum_down if it held the quorum);
 *    an adopted one is left as it was found (check/reconcile.h);
 *  - a new real server of a kept virtual server starts down and is added
 *    when its first check passes (one the kernel already routes to starts
 *    up); a new virtual server starts as at start-up (alpha decides);
 *  - a changed weight, method or threshold is an IPVS edit of the
 *    destination; a changed scheduler or persistence a service edit;
 *  - changed checkers restart that server's checks, keeping its up/down
 *    state.
 * A snapshot that does not parse changes nothing: the child keeps running
 * the previous configuration and says so (log and CHECK_MSG_RELOAD_RESULT). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check/child.h"
#include "check/child_int.h"
#include "check/conf_diff.h"
#include "check/lvs.h"
#include "vrrp/conf/vrrp_conf_types.h"
#include "conf_snap.h"
#include "conf_snap_fd.h"
#include "log.h"
#include "loop.h"
#include "mail_alert.h"
#include "proc.h"
#include "vrrp/notify_fifo.h"
#include "vrrp/reload_plan.h"

void
child_hold_release(struct child_ck *ck)
{
	struct child_hold *h = ck->hold;

	ck->hold = NULL;
	if (h != NULL && --h->refs == 0) {
		h->conf_free(h->conf);
		free(h);
	}
}

/* email settings follow the new configuration (the parent's VRRP mails do
 * the same); a sender with unchanged settings is shared, not restarted */
static void
reload_mail(struct child *ch, const struct floatd_conf *nc)
{
	struct mail_alert *m = mail_alert_get(ch->loop, &nc->mail, nc->router_id);

	mail_alert_put(ch->mail);
	ch->mail = m;
	ch->no_checker_emails = nc->mail.no_checker_emails_cfg == 1;
}

/* notify_fifo / lvs_notify_fifo: a changed one is let go and opened
 * again (a new path, owner or lvs_notify_fifo_script); unchanged ones keep
 * their descriptor */
static void
reload_fifos(struct child *ch, const struct floatd_conf *oc, const struct floatd_conf *nc)
{
	if (vrrp_reload_fifo_same(&oc->fifos[NOTIFY_FIFO_ALL], &nc->fifos[NOTIFY_FIFO_ALL]) &&
	    vrrp_reload_fifo_same(&oc->fifos[NOTIFY_FIFO_LVS], &nc->fifos[NOTIFY_FIFO_LVS]))
		return;
	log_info("checker: notify FIFO settings changed (reload): FIFOs opened again");
	/* let go first: a FIFO at the same path with another script is made
	 * anew, not shared with the old one */
	vrrp_notify_fifo_put(ch->fifo[0]);
	vrrp_notify_fifo_put(ch->fifo[1]);
	ch->fifo[0] = vrrp_notify_fifo_get(ch->loop, nc, &nc->fifos[NOTIFY_FIFO_ALL], false);
	ch->fifo[1] = vrrp_notify_fifo_get(ch->loop, nc, &nc->fifos[NOTIFY_FIFO_LVS], true);
}

static void
reload_report(void *arg, enum conf_severity sev, const char *file, int line, const char *msg)
{
	unsigned *errors = arg;

	/* the parent printed the warnings when it read the files; errors
	 * here mean the two processes disagree, so say each one */
	if (sev == CONF_ERROR) {
		(*errors)++;
		log_warnx("checker: %s:%d: error: %s", file, line, msg);
	}
}

static void
reload_result(struct child *ch, uint32_t offered, enum check_reload_result r,
              const struct check_diff *d)
{
	struct check_msg m = { .type = CHECK_MSG_RELOAD_RESULT, .count = offered, .why = (uint8_t)r };

	if (d != NULL) {
		m.vs = d->rs_added;
		m.rs = d->rs_removed;
		m.weight = (int32_t)d->rs_changed;
	}
	child_send(ch, &m);   /* gen = the generation now running */
}

/* A script of something the reload removes, run once outside its queue
 * (the queue goes with it); nobody waits for it. */
static void
reload_run_once(struct child *ch, const struct check_script *s)
{
	if (s->argv != NULL && proc_spawn(ch->loop, s->argv, &s->opts, NULL, NULL) < 0)
		log_warn_every(10000, 5, "checker: cannot run %s", s->argv[0]);
}

static void
reload_rs_log(const struct child_rs *rs, const struct real_server_conf *old, unsigned changed)
{
	if (changed & CHECK_DIFF_RS_WEIGHT)
		log_info("%s weight %u -> %u (reload)", rs->name, old->weight, rs->rc->weight);
	if (changed & CHECK_DIFF_RS_DEST)
		log_info("%s method/thresholds/inhibit changed (reload)", rs->name);
	if (changed & CHECK_DIFF_RS_CHECKS)
		log_info("%s checks changed: restarted, still %s (reload)", rs->name,
		         rs->up ? "UP" : "DOWN");
}

/* What a reload builds, indexed as the new configuration, and what it
 * keeps of the old one. */
struct reload_next {
	struct child_vs *vss;
	struct child_rs *rss;
	bool *vs_new;                  /* the virtual server is added by this reload */
	struct floatd_conf *retired;   /* the one replaced; NULL: the start-up one, not ours */
	struct child_hold *hold;       /* keeps `retired` for check attempts in flight */
	uint64_t now;
};

/* A kept checker with an attempt in flight: that attempt reads the
 * checker_conf it started with, so the replaced configuration lives until
 * it ends.  0 / -1 (ENOMEM). */
static int
reload_hold_in_flight(struct child *ch, struct child_ck *ck, struct reload_next *nx)
{
	if (ck->attempt == NULL || nx->retired == NULL || ck->hold != NULL)
		return 0;
	if (nx->hold == NULL) {
		nx->hold = calloc(1, sizeof(*nx->hold));
		if (nx->hold == NULL)
			return -1;
		nx->hold->conf = nx->retired;
		nx->hold->conf_free = ch->conf_ops->free;
	}
	ck->hold = nx->hold;
	nx->hold->refs++;
	log_debug("%s %s in flight: the replaced configuration is kept until "
	          "it ends", ck->rs->name, check_kind_name(ck->c->kind));
	return 0;
}

/* A kept real server: moved into the new array, pointed at the new
 * configuration.  Its checkers keep state and timers unless they changed. */
static int
reload_keep_rs(struct child *ch, struct child_rs *rs, const struct child_rs *old,
               uint32_t vi, uint32_t ri, const struct real_server_conf *rc,
               unsigned changed, struct reload_next *nx)
{
	const struct real_server_conf *orc = old->rc;
	struct child_vs *cv = &nx->vss[vi];
	unsigned k;

	*rs = *old;
	rs->vs = cv->vs;
	rs->rc = rc;
	rs->cvs = cv;
	rs->vs_idx = vi;
	rs->rs_idx = ri;
	if (changed & CHECK_DIFF_RS_CHECKS) {
		bool was_up = rs->up;

		for (k = 0; k < rs->n_cks; k++) {
			child_ck_cancel(&rs->cks[k]);
			check_script_release(&rs->cks[k].misc);
		}
		free(rs->cks);
		rs->cks = NULL;
		/* seeded with the state it had: up stays up (until its checks
		 * say otherwise), down stays down until they pass */
		if (child_build_checks(ch, rs, was_up ? 1 : 0, -1, nx->now) < 0)
			return -1;
	} else {
		const struct checker_conf *c = rc->checkers;

		for (k = 0; k < rs->n_cks && c != NULL; k++, c = c->next) {
			rs->cks[k].rs = rs;
			rs->cks[k].c = c;
			if (reload_hold_in_flight(ch, &rs->cks[k], nx) < 0)
				return -1;
		}
	}
	child_rs_scripts(ch, rs);   /* script_user / security decided again */
	rs->weight = child_rs_weight(rs);
	reload_rs_log(rs, orc, changed);
	return 0;
}

/* A real server the reload adds.  0 / -1 (ENOMEM). */
static int
reload_add_rs(struct child *ch, struct child_rs *rs, uint32_t vi, uint32_t ri,
              const struct virtual_server_conf *vs, const struct real_server_conf *rc,
              const struct reload_next *nx)
{
	int32_t kweight = -1;
	int seed;

	child_rs_init(ch, rs, &nx->vss[vi], vi, ri, rc);
	seed = child_seed(ch, rc, vs, &kweight);
	/* in a kept virtual server a new real server is checked
	 * before it is added, unless the kernel already has it */
	if (!nx->vs_new[vi] && seed < 0)
		seed = 0;
	if (child_build_checks(ch, rs, seed, kweight, nx->now) < 0)
		return -1;
	log_info("%s added (reload)%s", rs->name, rs->up ? "" : ": joins when its check passes");
	return 0;
}

/* Real and virtual servers the reload removes: their down / quorum_down
 * scripts if they were up, then they are freed. */
static void
reload_remove_old(struct child *ch, const struct check_diff *d)
{
	for (unsigned i = 0; i < d->n_old_rs; i++) {
		struct child_rs *rs = &ch->rss[i];

		if (d->old_rs_kept[i])
			continue;
		log_info("%s removed (reload)%s", rs->name, rs->up ? ": notify_down" : "");
		if (rs->up)
			reload_run_once(ch, &rs->notify_down);
		child_rs_free(rs);
	}
	for (unsigned i = 0; i < d->n_old_vs; i++) {
		struct child_vs *cv = &ch->vss[i];

		if (d->old_vs_kept[i])
			continue;
		log_info("%s removed (reload)%s", cv->name, cv->quorum_up ? ": quorum_down" : "");
		if (cv->quorum_up)
			reload_run_once(ch, &cv->on_quorum_down);
		child_vs_free(cv);
	}
}

/* The child's own settings (FIFOs, email, IPVS passes) follow the new
 * configuration. */
static void
reload_switch_conf(struct child *ch, const struct floatd_conf *nc, const struct check_diff *d)
{
	reload_fifos(ch, ch->conf, nc);
	ch->conf = nc;
	reload_mail(ch, nc);
	if (ch->lvs != NULL) {
		check_lvs_set_conf(ch->lvs, nc);
		/* what the kernel holds now: seeds new real servers */
		if ((d->rs_added > 0 || d->vs_added > 0) && check_lvs_refresh(ch->lvs) < 0)
			log_warnx("checker: cannot read IPVS; new real servers start from the config");
	}
}

/* The new virtual servers' array: kept ones moved, added ones as at
 * start-up. */
static void
reload_build_vss(struct child *ch, const struct floatd_conf *nc, const struct check_diff *d,
                 struct reload_next *nx)
{
	const struct virtual_server_conf *vs;
	unsigned vi;

	for (vs = nc->virtual_servers, vi = 0; vs != NULL; vs = vs->next, vi++) {
		struct child_vs *cv = &nx->vss[vi];

		if (d->vs[vi].old >= 0) {
			*cv = ch->vss[d->vs[vi].old];
			cv->vs = vs;
			child_vs_scripts(ch, cv);
			if (d->vs[vi].changed & CHECK_DIFF_VS_SERVICE)
				log_info("%s scheduler/persistence changed (reload)", cv->name);
		} else {
			child_vs_init(ch, cv, vs);
			nx->vs_new[vi] = true;
			log_info("%s added (reload)", cv->name);
		}
	}
}

/* The new real servers' array, kept ones moved.  0 / -1 (ENOMEM). */
static int
reload_build_rss(struct child *ch, const struct floatd_conf *nc, const struct check_diff *d,
                 struct reload_next *nx)
{
	const struct virtual_server_conf *vs;
	const struct real_server_conf *rc;
	unsigned k = 0, vi, ri;

	for (vs = nc->virtual_servers, vi = 0; vs != NULL; vs = vs->next, vi++)
		for (rc = vs->rs, ri = 0; rc != NULL; rc = rc->next, ri++, k++) {
			int r = d->rs[k].old >= 0
			        ? reload_keep_rs(ch, &nx->rss[k], &ch->rss[d->rs[k].old], vi, ri, rc,
			                         d->rs[k].changed, nx)
			        : reload_add_rs(ch, &nx->rss[k], vi, ri, vs, rc, nx);

			if (r < 0)
				return -1;
		}
	return 0;
}

/* The new arrays replace the old; quorum with the new weights and
 * thresholds, a new virtual server as at start-up (silent when the kernel
 * already shows it). */
static void
reload_install(struct child *ch, struct floatd_conf *nc, const struct check_diff *d,
               uint32_t gen, struct reload_next *nx)
{
	int32_t kweight;

	free(ch->rss);
	free(ch->vss);
	ch->rss = nx->rss;
	ch->n_rss = d->n_rs;
	ch->vss = nx->vss;
	ch->n_vss = d->n_vs;
	ch->owned = nc;
	ch->gen = gen;
	if (nx->retired != NULL && nx->hold == NULL)
		ch->conf_ops->free(nx->retired);
	/* quorum with the new weights and thresholds; a new virtual server
	 * as at start-up (silent when the kernel already shows it) */
	for (unsigned vi = 0; vi < ch->n_vss; vi++)
		child_quorum(ch, &ch->vss[vi],
		             !nx->vs_new[vi] || ch->lvs == NULL ||
		             check_lvs_seen(ch->lvs, ch->vss[vi].vs, NULL, &kweight) < 0);
	free(nx->vs_new);
}

static int
reload_apply(struct child *ch, struct floatd_conf *nc, const struct check_diff *d, uint32_t gen)
{
	struct reload_next nx = { .now = loop_now_ms(), .retired = ch->owned };

	nx.vss = calloc(d->n_vs ? d->n_vs : 1, sizeof(*nx.vss));
	nx.rss = calloc(d->n_rs ? d->n_rs : 1, sizeof(*nx.rss));
	nx.vs_new = calloc(d->n_vs ? d->n_vs : 1, sizeof(bool));
	if (nx.vss == NULL || nx.rss == NULL || nx.vs_new == NULL) {
		free(nx.vss);
		free(nx.rss);
		free(nx.vs_new);
		return -1;   /* nothing changed yet */
	}
	/* from here on nothing is undone: a failure is fatal (the caller
	 * exits and the supervisor's restart reads the new snapshot) */
	reload_remove_old(ch, d);
	reload_switch_conf(ch, nc, d);
	reload_build_vss(ch, nc, d, &nx);
	if (reload_build_rss(ch, nc, d, &nx) < 0)
		return -1;
	reload_install(ch, nc, d, gen, &nx);
	return 0;
}

void
child_reload(struct child *ch, int fd, uint32_t gen)
{
	struct conf_snap *snap = NULL;
	struct floatd_conf *nc = NULL;
	unsigned errors = 0;
	struct conf_diag diag = { .report = reload_report, .arg = &errors };
	struct check_diff d;
	const char *why;
	int rc;

	if (fd < 0) {
		log_warnx("checker: reload to generation %u without a snapshot; still running "
		          "generation %u", gen, ch->gen);
		reload_result(ch, gen, CHECK_RELOAD_BAD_SNAPSHOT, NULL);
		return;
	}
	rc = conf_snap_read_fd(fd, &snap, &why);
	close(fd);
	if (rc < 0) {
		log_warnx("checker: reload to generation %u: snapshot %s; still running "
		          "generation %u", gen, why, ch->gen);
		reload_result(ch, gen, CHECK_RELOAD_BAD_SNAPSHOT, NULL);
		return;
	}
	rc = ch->conf_ops->load_snap(snap, &diag, &nc);
	conf_snap_free(snap);
	if (rc < 0 || nc == NULL) {
		log_warnx("checker: reload to generation %u refused: %u error(s); still running "
		          "generation %u", gen, errors, ch->gen);
		ch->conf_ops->free(nc);
		reload_result(ch, gen, CHECK_RELOAD_CONF_ERRORS, NULL);
		return;
	}
	if (check_conf_diff(ch->conf, nc, &d) < 0) {
		ch->conf_ops->free(nc);
		log_warnx("checker: reload to generation %u: out of memory; still running "
		          "generation %u", gen, ch->gen);
		reload_result(ch, gen, CHECK_RELOAD_NO_MEMORY, NULL);
		return;
	}
	if (reload_apply(ch, nc, &d, gen) < 0) {
		if (ch->conf != nc) {   /* failed before anything changed */
			ch->conf_ops->free(nc);
			check_diff_free(&d);
			log_warnx("checker: reload to generation %u: out of memory; still running "
			          "generation %u", gen, ch->gen);
			reload_result(ch, gen, CHECK_RELOAD_NO_MEMORY, NULL);
			return;
		}
		/* half applied: leave IPVS as it is and let the supervisor
		 * start a child on the new snapshot (it resumes from the kernel) */
		log_warnx("checker: out of memory applying generation %u; exiting", gen);
		_exit(1);
	}
	log_info("checker: generation %u applied: virtual servers +%u -%u ~%u, real servers "
	         "+%u -%u ~%u", gen, d.vs_added, d.vs_removed, d.vs_changed, d.rs_added,
	         d.rs_removed, d.rs_changed);
	reload_result(ch, gen, CHECK_RELOAD_OK, &d);
	check_diff_free(&d);
	/* the parent's view, numbered in the new configuration */
	child_send_all(ch);
	/* one pass now: removals, edits and additions of this reload */
	child_ipvs_sync_now(ch);
}
