/* The checker child's IPVS driver (see lvs.h).  Every pass re-reads the
 * kernel rather than trusting a cached copy: a hand edit or another tool
 * is corrected at the next health change, and a pass after a failed
 * request simply tries again.  Passes are synchronous netlink round trips
 * (IPVS answers at once); the child coalesces health changes into one pass
 * per loop iteration. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "vrrp/conf/vrrp_conf_types.h"
#include "check/conf/conf_lvs.h"
#include "check/ipvs.h"
#include "check/lvs.h"
#include "check/reconcile.h"
#include "log.h"
#include "netns.h"

struct check_lvs {
	const struct floatd_conf *conf;
	struct ipvs_handle *h;
	char *owned_path;
	struct ipvs_owned owned;
	struct ipvs_svc_state *seen;     /* the kernel at open */
	unsigned n_seen;
};

static bool
lvs_owned_equal(const struct ipvs_owned *a, const struct ipvs_owned *b)
{
	if (a->n != b->n)
		return false;
	for (unsigned i = 0; i < a->n; i++)
		if (!ipvs_owned_has(b, &a->svcs[i]))
			return false;
	return true;
}

static void
lvs_take_owned(struct check_lvs *l, struct ipvs_owned *after)
{
	if (!lvs_owned_equal(&l->owned, after) && ipvs_owned_save(l->owned_path, after) < 0)
		log_warn("IPVS: cannot write %s", l->owned_path);
	ipvs_owned_free(&l->owned);
	l->owned = *after;
}

/* net_namespace_ipvs: only the IPVS socket lives in that namespace (the
 * checks keep the process's, net_namespace's); a socket keeps the
 * namespace it was made in, so we step in, make it, and step back. */
static int
check_lvs_ipvs_open(const struct floatd_conf *conf, struct ipvs_handle **h)
{
	char why[512];
	int here, rc;

	if (conf->net_namespace_ipvs == NULL)
		return ipvs_open(h);
	here = netns_visit(conf->net_namespace_ipvs, why, sizeof(why));
	if (here < 0) {
		log_warnx("IPVS not available: net_namespace_ipvs %s", why);
		return -1;
	}
	rc = ipvs_open(h);
	if (netns_return(here) < 0)
		fatal("cannot return from net_namespace_ipvs %s", conf->net_namespace_ipvs);
	if (rc == 0)
		log_info("IPVS: in network namespace %s", conf->net_namespace_ipvs[0] ?
		         conf->net_namespace_ipvs : "(the default one)");
	return rc;
}

int
check_lvs_open(const struct floatd_conf *conf, const char *owned_path, struct check_lvs **out)
{
	struct check_lvs *l;
	int rc;

	*out = NULL;
	if ((l = calloc(1, sizeof(*l))) == NULL)
		return -1;
	l->conf = conf;
	l->owned_path = strdup(owned_path ? owned_path : IPVS_OWNED_FILE);
	if (l->owned_path == NULL) {
		free(l);
		return -1;
	}
	rc = check_lvs_ipvs_open(conf, &l->h);
	if (rc != 0) {
		check_lvs_close(l);
		return rc;
	}
	if (ipvs_owned_load(l->owned_path, &l->owned) < 0)
		log_warn("IPVS: cannot read %s; assuming floatd owns no service", l->owned_path);
	if (ipvs_dump(l->h, &l->seen, &l->n_seen) < 0) {
		log_warn("IPVS: cannot read the current services");
		check_lvs_close(l);
		return -1;
	}
	*out = l;
	return 0;
}

int
check_lvs_seen(const struct check_lvs *l, const struct virtual_server_conf *vs,
               const struct real_server_conf *rs, int32_t *weight)
{
	/* the services of this one virtual_server: the same expansion as a
	 * pass, on a shallow copy of the config that holds only `vs` */
	struct floatd_conf one = *l->conf;
	struct virtual_server_conf v = *vs;
	struct ipvs_svc_state *want = NULL, *have = NULL;
	struct ipvs_dest d;
	unsigned n_want = 0;
	int found = -1;

	v.next = NULL;
	one.virtual_servers = &v;
	if (ipvs_want_from_conf(&one, NULL, NULL, NULL, &want, &n_want) < 0 || n_want == 0)
		goto out;
	for (unsigned i = 0; i < l->n_seen && have == NULL; i++)
		if (ipvs_service_same(&l->seen[i].svc, &want[0].svc))
			have = &l->seen[i];
	if (have == NULL)
		goto out;
	found = 0;
	if (rs == NULL)
		goto out;
	memset(&d, 0, sizeof(d));
	d.af = (uint16_t)rs->addr.family;
	d.addr = rs->addr.addr;
	d.port = rs->addr.port;
	for (unsigned i = 0; i < have->n_dests; i++)
		if (ipvs_dest_same(&have->dests[i], &d)) {
			*weight = have->dests[i].weight;
			found = 1;
			break;
		}
out:
	ipvs_state_free(want, n_want);
	return found;
}

void
check_lvs_set_conf(struct check_lvs *l, const struct floatd_conf *conf)
{
	l->conf = conf;
}

int
check_lvs_refresh(struct check_lvs *l)
{
	struct ipvs_svc_state *seen = NULL;
	unsigned n = 0;

	if (ipvs_dump(l->h, &seen, &n) < 0)
		return -1;
	ipvs_state_free(l->seen, l->n_seen);
	l->seen = seen;
	l->n_seen = n;
	return 0;
}

int
check_lvs_sync(struct check_lvs *l,
               int (*rs_weight)(void *, const struct virtual_server_conf *,
                                const struct real_server_conf *),
               int (*sorry)(void *, const struct virtual_server_conf *), void *arg)
{
	struct ipvs_svc_state *want = NULL, *have = NULL;
	unsigned n_want = 0, n_have = 0, failed = 0;
	struct ipvs_ops ops = { 0 };
	struct ipvs_owned after;
	int rc = -1;

	if (ipvs_dump(l->h, &have, &n_have) < 0) {
		log_warn_every(10000, 3, "IPVS: cannot read the current services");
		return -1;
	}
	if (ipvs_want_from_conf(l->conf, rs_weight, sorry, arg, &want, &n_want) < 0 ||
	    ipvs_reconcile(want, n_want, have, n_have, &l->owned, &ops, &after) < 0) {
		log_warnx("IPVS: out of memory computing the changes");
		goto out;
	}
	rc = ops.n ? ipvs_apply(l->h, &ops, &failed) : 0;
	if (failed)
		log_warnx_every(10000, 3, "IPVS: %u of %u change(s) failed; retried at the next pass",
		                failed, ops.n);
	lvs_take_owned(l, &after);
out:
	ipvs_ops_free(&ops);
	ipvs_state_free(want, n_want);
	ipvs_state_free(have, n_have);
	return rc < 0 ? -1 : 0;
}

int
check_lvs_release(struct check_lvs *l)
{
	struct ipvs_svc_state *have = NULL;
	unsigned n_have = 0, failed = 0;
	struct ipvs_ops ops = { 0 };
	struct ipvs_owned after;
	int rc;

	if (ipvs_dump(l->h, &have, &n_have) < 0) {
		log_warn("IPVS: cannot read the current services; leaving them");
		return -1;
	}
	/* nothing wanted: reconcile deletes exactly the owned services */
	rc = ipvs_reconcile(NULL, 0, have, n_have, &l->owned, &ops, &after);
	if (rc == 0) {
		if (ops.n)
			log_info("IPVS: removing %u service(s) floatd created", ops.n);
		rc = ops.n ? ipvs_apply(l->h, &ops, &failed) : 0;
		if (failed == 0)
			lvs_take_owned(l, &after);
		else   /* still ours: the next start deletes what is left */
			ipvs_owned_free(&after);
	}
	ipvs_ops_free(&ops);
	ipvs_state_free(have, n_have);
	return rc < 0 ? -1 : 0;
}

void
check_lvs_close(struct check_lvs *l)
{
	if (l == NULL)
		return;
	ipvs_close(l->h);
	ipvs_owned_free(&l->owned);
	ipvs_state_free(l->seen, l->n_seen);
	free(l->owned_path);
	free(l);
}
