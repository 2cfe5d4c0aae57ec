/* LVS configuration difference for a reload (see conf_diff.h).  Pure. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "vrrp/conf/vrrp_conf_types.h"
#include "check/conf/conf_lvs.h"
#include "check/conf_diff.h"

static bool
str_eq(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

static bool
sockaddr_eq(const struct check_sockaddr *a, const struct check_sockaddr *b)
{
	if (a->family != b->family || a->port != b->port)
		return false;
	if (a->family == 0)
		return true;
	return memcmp(&a->addr, &b->addr, a->family == AF_INET ? 4 : 16) == 0;
}

static bool
argv_eq(char *const *a, char *const *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	for (; *a != NULL && *b != NULL; a++, b++)
		if (strcmp(*a, *b) != 0)
			return false;
	return *a == NULL && *b == NULL;
}

static bool
script_eq(const struct script_conf *a, const struct script_conf *b)
{
	return argv_eq(a->argv, b->argv) && str_eq(a->user, b->user) && str_eq(a->group, b->group);
}

static bool
url_eq(const struct check_url *a, const struct check_url *b)
{
	return str_eq(a->path, b->path) && strcmp(a->digest, b->digest) == 0 &&
	       str_eq(a->virtualhost, b->virtualhost) &&
	       memcmp(a->status_ok, b->status_ok, sizeof(a->status_ok)) == 0;
}

static bool
checker_eq(const struct checker_conf *a, const struct checker_conf *b)
{
	if (a->kind != b->kind || !sockaddr_eq(&a->connect, &b->connect) ||
	    !sockaddr_eq(&a->bindto, &b->bindto) || strcmp(a->bind_if, b->bind_if) != 0 ||
	    a->fwmark != b->fwmark || a->connect_timeout_ms != b->connect_timeout_ms ||
	    a->retry != b->retry || a->delay_before_retry_ms != b->delay_before_retry_ms ||
	    a->delay_loop_ms != b->delay_loop_ms || a->warmup_ms != b->warmup_ms ||
	    a->alpha != b->alpha || a->log_all_failures != b->log_all_failures)
		return false;
	if (a->n_urls != b->n_urls || !str_eq(a->virtualhost, b->virtualhost) ||
	    a->http_protocol != b->http_protocol || a->fast_recovery != b->fast_recovery ||
	    a->enable_sni != b->enable_sni || !str_eq(a->sni_name, b->sni_name) ||
	    a->tls_compliant != b->tls_compliant)
		return false;
	for (unsigned i = 0; i < a->n_urls; i++)
		if (!url_eq(&a->urls[i], &b->urls[i]))
			return false;
	if (a->dns_type != b->dns_type || !str_eq(a->dns_name, b->dns_name) ||
	    !str_eq(a->smtp_helo, b->smtp_helo))
		return false;
	return script_eq(&a->misc, &b->misc) && a->misc_timeout_ms == b->misc_timeout_ms &&
	       a->misc_dynamic == b->misc_dynamic &&
	       check_conf_udp_ping_file_eq(a, b);   /* UDP_CHECK / FILE_CHECK settings */
}

bool
check_diff_checkers_equal(const struct checker_conf *a, const struct checker_conf *b)
{
	for (; a != NULL && b != NULL; a = a->next, b = b->next)
		if (!checker_eq(a, b))
			return false;
	return a == NULL && b == NULL;
}

static bool
vs_same(const struct virtual_server_conf *a, const struct virtual_server_conf *b)
{
	if (a->kind != b->kind || a->protocol != b->protocol)
		return false;
	switch (a->kind) {
	case CHECK_VS_ADDR: return sockaddr_eq(&a->addr, &b->addr);
	case CHECK_VS_FWMARK: return a->fwmark == b->fwmark && a->family == b->family;
	case CHECK_VS_GROUP: return str_eq(a->group, b->group);
	}
	return false;
}

static unsigned
vs_changes(const struct virtual_server_conf *a, const struct virtual_server_conf *b)
{
	unsigned c = 0;

	if (strcmp(a->sched, b->sched) != 0 || a->sched_flags != b->sched_flags ||
	    a->ops != b->ops || a->persistent != b->persistent ||
	    a->persistence_timeout_s != b->persistence_timeout_s ||
	    a->persistence_granularity != b->persistence_granularity ||
	    strcmp(a->pe_name, b->pe_name) != 0 || a->family != b->family)
		c |= CHECK_DIFF_VS_SERVICE;
	if (a->quorum != b->quorum || a->hysteresis != b->hysteresis ||
	    !sockaddr_eq(&a->sorry, &b->sorry) || a->sorry_method != b->sorry_method ||
	    a->sorry_inhibit != b->sorry_inhibit)
		c |= CHECK_DIFF_VS_QUORUM;
	if (!script_eq(&a->quorum_up, &b->quorum_up) || !script_eq(&a->quorum_down, &b->quorum_down))
		c |= CHECK_DIFF_VS_SCRIPTS;
	return c;
}

static unsigned
rs_changes(const struct real_server_conf *a, const struct real_server_conf *b)
{
	unsigned c = 0;

	if (a->weight != b->weight)
		c |= CHECK_DIFF_RS_WEIGHT;
	if (a->method != b->method || a->uthreshold != b->uthreshold ||
	    a->lthreshold != b->lthreshold || a->inhibit_on_failure != b->inhibit_on_failure)
		c |= CHECK_DIFF_RS_DEST;
	if (!check_diff_checkers_equal(a->checkers, b->checkers))
		c |= CHECK_DIFF_RS_CHECKS;
	if (!script_eq(&a->notify_up, &b->notify_up) || !script_eq(&a->notify_down, &b->notify_down))
		c |= CHECK_DIFF_RS_SCRIPTS;
	return c;
}

void
check_diff_free(struct check_diff *d)
{
	free(d->vs);
	free(d->rs);
	free(d->old_rs_kept);
	free(d->old_vs_kept);
	memset(d, 0, sizeof(*d));
}

int
check_conf_diff(const struct floatd_conf *old, const struct floatd_conf *new,
                struct check_diff *d)
{
	const struct virtual_server_conf *ov, *nv;
	const struct real_server_conf *orc, *nrc;
	unsigned *old_first = NULL;   /* flat index of each old vs's first rs */
	unsigned i, j, k;

	memset(d, 0, sizeof(*d));
	for (ov = old->virtual_servers; ov != NULL; ov = ov->next) {
		d->n_old_vs++;
		d->n_old_rs += ov->n_rs;
	}
	for (nv = new->virtual_servers; nv != NULL; nv = nv->next) {
		d->n_vs++;
		d->n_rs += nv->n_rs;
	}
	d->vs = calloc(d->n_vs ? d->n_vs : 1, sizeof(*d->vs));
	d->rs = calloc(d->n_rs ? d->n_rs : 1, sizeof(*d->rs));
	d->old_vs_kept = calloc(d->n_old_vs ? d->n_old_vs : 1, sizeof(bool));
	d->old_rs_kept = calloc(d->n_old_rs ? d->n_old_rs : 1, sizeof(bool));
	old_first = calloc(d->n_old_vs ? d->n_old_vs : 1, sizeof(*old_first));
	if (d->vs == NULL || d->rs == NULL || d->old_vs_kept == NULL || d->old_rs_kept == NULL ||
	    old_first == NULL) {
		free(old_first);
		check_diff_free(d);
		return -1;
	}
	for (ov = old->virtual_servers, i = 0, k = 0; ov != NULL; ov = ov->next, i++) {
		old_first[i] = k;
		k += ov->n_rs;
	}
	k = 0;   /* flat index of the new real servers */
	for (nv = new->virtual_servers, i = 0; nv != NULL; nv = nv->next, i++) {
		struct check_diff_vs *dv = &d->vs[i];

		/* the first old virtual server of that identity not taken yet
		 * (validation refuses duplicates, so there is at most one) */
		dv->old = -1;
		for (ov = old->virtual_servers, j = 0; ov != NULL; ov = ov->next, j++)
			if (!d->old_vs_kept[j] && vs_same(ov, nv)) {
				dv->old = (int)j;
				d->old_vs_kept[j] = true;
				break;
			}
		if (dv->old < 0) {
			d->vs_added++;
			for (nrc = nv->rs; nrc != NULL; nrc = nrc->next, k++) {
				d->rs[k].old = -1;
				d->rs_added++;
			}
			continue;
		}
		dv->changed = vs_changes(ov, nv);
		if (dv->changed != 0)
			d->vs_changed++;
		for (nrc = nv->rs; nrc != NULL; nrc = nrc->next, k++) {
			struct check_diff_rs *dr = &d->rs[k];
			unsigned o = old_first[j];

			dr->old = -1;
			for (orc = ov->rs; orc != NULL; orc = orc->next, o++)
				if (!d->old_rs_kept[o] && sockaddr_eq(&orc->addr, &nrc->addr)) {
					dr->old = (int)o;
					d->old_rs_kept[o] = true;
					dr->changed = rs_changes(orc, nrc);
					break;
				}
			if (dr->old < 0)
				d->rs_added++;
			else if (dr->changed != 0)
				d->rs_changed++;
		}
	}
	for (j = 0; j < d->n_old_vs; j++)
		if (!d->old_vs_kept[j])
			d->vs_removed++;
	for (j = 0; j < d->n_old_rs; j++)
		if (!d->old_rs_kept[j])
			d->rs_removed++;
	free(old_first);
	return 0;
}
