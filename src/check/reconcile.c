/* IPVS reconciliation (rules in reconcile.h), the ownership file's text
 * form, and the desired state built from the LVS config.  Pure: callers do
 * the kernel calls (ipvs.c) and the file I/O. */
#include "config.h"

#include <arpa/inet.h>
#include <linux/ip_vs.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "vrrp/conf/vrrp_conf_types.h"
#include "check/conf/conf_lvs.h"
#include "check/reconcile.h"

const char *ipvs_op_kind_name(enum ipvs_op_kind k)
{
	switch (k) {
	case IPVS_OP_ADD_SVC: return "add-service";
	case IPVS_OP_EDIT_SVC: return "edit-service";
	case IPVS_OP_DEL_SVC: return "del-service";
	case IPVS_OP_ADD_DEST: return "add-dest";
	case IPVS_OP_EDIT_DEST: return "edit-dest";
	case IPVS_OP_DEL_DEST: return "del-dest";
	}
	return "?";
}

void ipvs_state_free(struct ipvs_svc_state *s, unsigned n)
{
	for (unsigned i = 0; s && i < n; i++)
		free(s[i].dests);
	free(s);
}

/* ---- ops list */

static int rc_push(struct ipvs_ops *o, enum ipvs_op_kind k, const struct ipvs_service *s,
                   const struct ipvs_dest *d)
{
	struct ipvs_op *op;

	if (o->n == o->cap) {
		unsigned cap = o->cap ? o->cap * 2 : 16;
		struct ipvs_op *n = realloc(o->ops, cap * sizeof(*n));

		if (!n)
			return -1;
		o->ops = n;
		o->cap = cap;
	}
	op = &o->ops[o->n++];
	memset(op, 0, sizeof(*op));
	op->kind = k;
	op->svc = *s;
	if (d)
		op->dest = *d;
	return 0;
}

void ipvs_ops_free(struct ipvs_ops *o)
{
	free(o->ops);
	memset(o, 0, sizeof(*o));
}

/* ---- ownership */

bool ipvs_owned_has(const struct ipvs_owned *o, const struct ipvs_service *s)
{
	for (unsigned i = 0; o && i < o->n; i++)
		if (ipvs_service_same(&o->svcs[i], s))
			return true;
	return false;
}

int ipvs_owned_add(struct ipvs_owned *o, const struct ipvs_service *s)
{
	struct ipvs_service *n;

	if (ipvs_owned_has(o, s))
		return 0;
	n = realloc(o->svcs, (o->n + 1) * sizeof(*n));
	if (!n)
		return -1;
	o->svcs = n;
	o->svcs[o->n++] = *s;
	return 0;
}

void ipvs_owned_free(struct ipvs_owned *o)
{
	free(o->svcs);
	memset(o, 0, sizeof(*o));
}

int ipvs_owned_read(FILE *fp, struct ipvs_owned *out, unsigned *bad)
{
	char line[256];
	struct ipvs_service s;

	memset(out, 0, sizeof(*out));
	if (bad)
		*bad = 0;
	while (fgets(line, sizeof(line), fp)) {
		line[strcspn(line, "\r\n")] = '\0';
		if (!line[0] || line[0] == '#')
			continue;
		if (ipvs_service_from_key(line, &s) < 0) {
			if (bad)
				(*bad)++;
			continue;
		}
		if (ipvs_owned_add(out, &s) < 0)
			return -1;
	}
	return 0;
}

int ipvs_owned_write(FILE *fp, const struct ipvs_owned *o)
{
	char key[96];

	fprintf(fp, "# services created by floatd (see floatd.conf(5), LVS); one per line\n");
	for (unsigned i = 0; i < o->n; i++)
		fprintf(fp, "%s\n", ipvs_service_key(&o->svcs[i], key, sizeof(key)));
	return ferror(fp) ? -1 : 0;
}

/* ---- reconcile */

static const struct ipvs_svc_state *rc_find(const struct ipvs_svc_state *v, unsigned n,
                                            const struct ipvs_service *s)
{
	for (unsigned i = 0; i < n; i++)
		if (ipvs_service_same(&v[i].svc, s))
			return &v[i];
	return NULL;
}

static const struct ipvs_dest *rc_find_dest(const struct ipvs_svc_state *st,
                                            const struct ipvs_dest *d)
{
	for (unsigned i = 0; i < st->n_dests; i++)
		if (ipvs_dest_same(&st->dests[i], d))
			return &st->dests[i];
	return NULL;
}

static bool rc_svc_differs(const struct ipvs_service *w, const struct ipvs_service *h)
{
	return strcmp(w->sched, h->sched) != 0 || strcmp(w->pe_name, h->pe_name) != 0 ||
	       w->flags != h->flags || w->timeout_s != h->timeout_s ||
	       (w->netmask && w->netmask != h->netmask);
}

static bool rc_dest_differs(const struct ipvs_dest *w, const struct ipvs_dest *h)
{
	return w->fwd_method != h->fwd_method || w->weight != h->weight ||
	       w->u_thresh != h->u_thresh || w->l_thresh != h->l_thresh;
}

static int rc_service(const struct ipvs_svc_state *w, const struct ipvs_svc_state *h,
                      struct ipvs_ops *out)
{
	if (!h) {
		if (rc_push(out, IPVS_OP_ADD_SVC, &w->svc, NULL) < 0)
			return -1;
		for (unsigned i = 0; i < w->n_dests; i++)
			if (rc_push(out, IPVS_OP_ADD_DEST, &w->svc, &w->dests[i]) < 0)
				return -1;
		return 0;
	}
	if (rc_svc_differs(&w->svc, &h->svc) && rc_push(out, IPVS_OP_EDIT_SVC, &w->svc, NULL) < 0)
		return -1;
	/* removals first: a dest whose family changes is deleted then re-added */
	for (unsigned i = 0; i < h->n_dests; i++)
		if (!rc_find_dest(w, &h->dests[i]) &&
		    rc_push(out, IPVS_OP_DEL_DEST, &w->svc, &h->dests[i]) < 0)
			return -1;
	for (unsigned i = 0; i < w->n_dests; i++) {
		const struct ipvs_dest *hd = rc_find_dest(h, &w->dests[i]);

		if (!hd) {
			if (rc_push(out, IPVS_OP_ADD_DEST, &w->svc, &w->dests[i]) < 0)
				return -1;
		} else if (rc_dest_differs(&w->dests[i], hd) &&
		           rc_push(out, IPVS_OP_EDIT_DEST, &w->svc, &w->dests[i]) < 0) {
			return -1;
		}
	}
	return 0;
}

int ipvs_reconcile(const struct ipvs_svc_state *want, unsigned n_want,
                   const struct ipvs_svc_state *have, unsigned n_have,
                   const struct ipvs_owned *owned, struct ipvs_ops *out,
                   struct ipvs_owned *owned_after)
{
	memset(out, 0, sizeof(*out));
	memset(owned_after, 0, sizeof(*owned_after));
	/* deletions of stale owned services first: frees their addresses */
	for (unsigned i = 0; i < n_have; i++) {
		const struct ipvs_service *s = &have[i].svc;

		if (!rc_find(want, n_want, s) && ipvs_owned_has(owned, s) &&
		    rc_push(out, IPVS_OP_DEL_SVC, s, NULL) < 0)
			goto fail;
	}
	for (unsigned i = 0; i < n_want; i++) {
		const struct ipvs_svc_state *h = rc_find(have, n_have, &want[i].svc);

		if (rc_find(want, i, &want[i].svc))
			continue;   /* listed twice (group overlap): first one wins */
		if (rc_service(&want[i], h, out) < 0)
			goto fail;
		if ((!h || ipvs_owned_has(owned, &want[i].svc)) &&
		    ipvs_owned_add(owned_after, &want[i].svc) < 0)
			goto fail;
	}
	return 0;
fail:
	ipvs_ops_free(out);
	ipvs_owned_free(owned_after);
	return -1;
}

/* ---- desired state from the config */

static void rc_addr_to_dest(const struct check_sockaddr *a, struct ipvs_dest *d)
{
	memset(d, 0, sizeof(*d));
	d->af = (uint16_t)a->family;
	d->addr = a->addr;
	d->port = a->port;
}

static int rc_add_state(struct ipvs_svc_state **v, unsigned *n, const struct ipvs_service *s,
                        const struct ipvs_dest *dests, unsigned nd)
{
	struct ipvs_svc_state *nv = realloc(*v, (*n + 1) * sizeof(*nv));

	if (!nv)
		return -1;
	*v = nv;
	nv[*n].svc = *s;
	nv[*n].n_dests = nd;
	nv[*n].dests = NULL;
	if (nd) {
		nv[*n].dests = malloc(nd * sizeof(*dests));
		if (!nv[*n].dests)
			return -1;
		memcpy(nv[*n].dests, dests, nd * sizeof(*dests));
	}
	(*n)++;
	return 0;
}

/* Service template (everything but identity) from a virtual_server. */
static void rc_svc_template(const struct virtual_server_conf *vs, struct ipvs_service *s)
{
	memset(s, 0, sizeof(*s));
	s->af = (uint16_t)vs->family;
	s->protocol = vs->protocol;
	snprintf(s->sched, sizeof(s->sched), "%s", vs->sched);
	snprintf(s->pe_name, sizeof(s->pe_name), "%s", vs->pe_name);
	s->flags = vs->sched_flags | (vs->ops ? IP_VS_SVC_F_ONEPACKET : 0) |
	           (vs->persistent ? IP_VS_SVC_F_PERSISTENT : 0);
	s->timeout_s = vs->persistent ? vs->persistence_timeout_s : 0;
	/* ipvsadm's defaults: /32 mask for IPv4, prefix 128 for IPv6 */
	s->netmask = vs->persistence_granularity ? vs->persistence_granularity
	             : vs->family == AF_INET6    ? 128 : 0xffffffffu;
}

/* Members of a virtual_server: one address, a fwmark, or a group's list. */
static int rc_members(const struct floatd_conf *c, const struct virtual_server_conf *vs,
                      const struct ipvs_dest *dests, unsigned nd,
                      struct ipvs_svc_state **v, unsigned *n)
{
	struct ipvs_service s;
	const struct vs_group_conf *g;

	rc_svc_template(vs, &s);
	if (vs->kind == CHECK_VS_FWMARK) {
		s.fwmark = vs->fwmark;
		return rc_add_state(v, n, &s, dests, nd);
	}
	if (vs->kind == CHECK_VS_ADDR) {
		s.af = (uint16_t)vs->addr.family;
		s.addr = vs->addr.addr;
		s.port = vs->addr.port;
		return rc_add_state(v, n, &s, dests, nd);
	}
	for (g = c->vs_groups; g && strcmp(g->name, vs->group) != 0; g = g->next)
		;
	for (unsigned i = 0; g && i < g->n_entries; i++) {
		const struct vs_group_entry *e = &g->entries[i];
		uint32_t first, last;

		rc_svc_template(vs, &s);
		s.af = (uint16_t)e->family;
		if (e->is_fwmark) {
			s.fwmark = e->fwmark;
			if (rc_add_state(v, n, &s, dests, nd) < 0)
				return -1;
			continue;
		}
		s.port = e->addr.port;
		s.addr = e->addr.addr;
		first = e->family == AF_INET ? ntohl(s.addr.v4.s_addr) & 0xff
		                             : (uint32_t)(s.addr.v6.s6_addr[14] << 8 |
		                                          s.addr.v6.s6_addr[15]);
		last = e->range_end ? e->range_end : first;
		for (uint32_t x = first; x <= last; x++) {
			if (e->family == AF_INET) {
				s.addr.v4.s_addr = htonl((ntohl(e->addr.addr.v4.s_addr) & ~0xffu) | x);
			} else {
				s.addr.v6.s6_addr[14] = (uint8_t)(x >> 8);
				s.addr.v6.s6_addr[15] = (uint8_t)x;
			}
			if (rc_add_state(v, n, &s, dests, nd) < 0)
				return -1;
		}
	}
	return 0;
}

int ipvs_want_from_conf(const struct floatd_conf *c,
                        int (*rs_weight)(void *arg, const struct virtual_server_conf *,
                                         const struct real_server_conf *),
                        int (*sorry)(void *arg, const struct virtual_server_conf *),
                        void *arg, struct ipvs_svc_state **out, unsigned *n)
{
	struct ipvs_dest *dests = NULL;

	*out = NULL;
	*n = 0;
	for (const struct virtual_server_conf *vs = c->virtual_servers; vs; vs = vs->next) {
		unsigned nd = 0;
		int sw;
		struct ipvs_dest *nds = realloc(dests, (vs->n_rs + 1) * sizeof(*dests));

		if (!nds)
			goto fail;
		dests = nds;
		for (const struct real_server_conf *rs = vs->rs; rs; rs = rs->next) {
			int w = rs_weight ? rs_weight(arg, vs, rs) : (int)rs->weight;

			if (w < 0)
				continue;
			rc_addr_to_dest(&rs->addr, &dests[nd]);
			dests[nd].fwd_method = rs->method;
			dests[nd].weight = w;
			dests[nd].u_thresh = rs->uthreshold;
			dests[nd].l_thresh = rs->lthreshold;
			nd++;
		}
		if (vs->sorry.family && sorry && (sw = sorry(arg, vs)) >= 0) {
			rc_addr_to_dest(&vs->sorry, &dests[nd]);
			dests[nd].fwd_method = vs->sorry_method;
			dests[nd].weight = sw;
			nd++;
		}
		if (rc_members(c, vs, dests, nd, out, n) < 0)
			goto fail;
	}
	free(dests);
	return 0;
fail:
	free(dests);
	ipvs_state_free(*out, *n);
	*out = NULL;
	*n = 0;
	return -1;
}
