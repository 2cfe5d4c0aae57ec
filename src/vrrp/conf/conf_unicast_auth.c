/* unicast_src_ip, unicast_peer { }, unicast_ttl, mcast_dst_ip and
 * authentication { } of vrrp_instance, and global_defs' vrrp_mcast_group4/6,
 * with keepalived's meaning (keepalived.conf(5)): validation and dump.
 * Pure: reports through the parser, never logs. */
#include "config.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "addr.h"
#include "vrrp/conf/conf_unicast_auth.h"

/* lib/addr's parser, the bytes taken into the codec's union */
static int
unicast_addr(const char *s, int *family, union vrrp_addr *a)
{
	struct addr parsed;

	memset(a, 0, sizeof(*a));
	if (addr_parse(s, 0, &parsed, NULL) < 0)
		return -1;
	*family = parsed.family;
	vrrp_addr_from(a, &parsed);
	return 0;
}

int
vrrp_conf_unicast_src(struct conf_parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct vrrp_instance_conf *vi = obj;

	(void)child;
	if (unicast_addr(l->argv[1], &vi->unicast_src_family, &vi->unicast_src) < 0) {
		conf_parse_error(p, l, "invalid %s '%s'", l->argv[0], l->argv[1]);
		return -1;
	}
	vi->has_unicast_src = true;
	return 0;
}

int
vrrp_conf_mcast_dst(struct conf_parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct vrrp_instance_conf *vi = obj;

	(void)child;
	if (unicast_addr(l->argv[1], &vi->mcast_dst_family, &vi->mcast_dst) < 0) {
		/* keepalived reports it and keeps the group it had */
		conf_parse_warn(p, l, "invalid %s '%s'; ignored, as keepalived does", l->argv[0],
		                l->argv[1]);
		return 0;
	}
	vi->has_mcast_dst = true;   /* multicast or not: checked with the family */
	return 0;
}

static bool
is_multicast(int family, const union vrrp_addr *a, bool link_local_only)
{
	return vrrp_addr_is_multicast(family, a) &&
	       (family != AF_INET6 || !link_local_only || IN6_IS_ADDR_MC_LINKLOCAL(&a->v6));
}

/* global_defs vrrp_mcast_group4 / vrrp_mcast_group6 ADDR: keepalived skips
 * a value that is not a multicast address of that family, with a warning */
int
vrrp_conf_mcast_group(struct conf_parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct floatd_conf *c = obj;
	bool v6 = strcmp(l->argv[0], "vrrp_mcast_group6") == 0;
	union vrrp_addr a;
	int family;

	(void)child;
	if (unicast_addr(l->argv[1], &family, &a) < 0 ||
	    family != (v6 ? AF_INET6 : AF_INET) || !is_multicast(family, &a, false)) {
		conf_parse_warn(p, l, "%s '%s' is not an %s multicast address; using %s, as "
		                "keepalived does", l->argv[0], l->argv[1], v6 ? "IPv6" : "IPv4",
		                v6 ? VRRP_MCAST6 : VRRP_MCAST4);
		return 0;
	}
	if (v6) {
		c->mcast_group6 = a;
		c->has_mcast_group6 = true;
	} else {
		c->mcast_group4 = a;
		c->has_mcast_group4 = true;
	}
	return 0;
}

int
vrrp_conf_unicast_ttl(struct conf_parse *p, const struct conf_line *l, void *obj, void **child)
{
	unsigned long v;

	(void)child;
	if (conf_parse_uint(p, l, 1, 1, 255, &v) < 0)
		return -1;
	((struct vrrp_instance_conf *)obj)->unicast_ttl = (uint8_t)v;
	return 0;
}

int
vrrp_conf_unicast_peer_open(struct conf_parse *p, const struct conf_line *l, void *obj,
                            void **child)
{
	(void)p;
	(void)l;
	*child = obj;
	return 0;
}

/* ADDR [min_ttl N] [max_ttl N] */
int
vrrp_conf_unicast_peer_item(struct conf_parse *p, const struct conf_line *l, void *child)
{
	struct vrrp_instance_conf *vi = child;
	struct unicast_peer_conf peer, *np;

	memset(&peer, 0, sizeof(peer));
	if (unicast_addr(l->argv[0], &peer.family, &peer.addr) < 0) {
		conf_parse_error(p, l, "invalid address '%s' in unicast_peer", l->argv[0]);
		return -1;
	}
	peer.origin.file = l->file;
	peer.origin.line = l->line;
	for (int i = 1; i < l->argc; i++) {
		if ((strcmp(l->argv[i], "min_ttl") == 0 || strcmp(l->argv[i], "max_ttl") == 0) &&
		    i + 1 < l->argc) {
			conf_parse_warn(p, l, "unicast_peer option '%s' is not supported by floatd "
			                "(ignored; TTL is not checked in unicast mode)", l->argv[i]);
			i++;
			continue;
		}
		conf_parse_error(p, l, "unknown unicast_peer option '%s'", l->argv[i]);
		return -1;
	}
	for (unsigned i = 0; i < vi->n_unicast_peers; i++) {
		if (vi->unicast_peers[i].family == peer.family &&
		    memcmp(&vi->unicast_peers[i].addr, &peer.addr, sizeof(peer.addr)) == 0) {
			conf_parse_warn(p, l, "duplicate unicast_peer '%s' ignored", l->argv[0]);
			return 0;
		}
	}
	np = realloc(vi->unicast_peers, (vi->n_unicast_peers + 1) * sizeof(*np));
	if (np == NULL)
		return -1;
	np[vi->n_unicast_peers++] = peer;
	vi->unicast_peers = np;
	return 0;
}

/* ---- authentication { auth_type PASS|AH  auth_pass SECRET } */

int
vrrp_conf_auth_open(struct conf_parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct vrrp_instance_conf *vi = obj;

	(void)p;
	vi->auth_origin.file = l->file;
	vi->auth_origin.line = l->line;
	*child = vi;
	return 0;
}

static int
auth_type_kw(struct conf_parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct vrrp_instance_conf *vi = obj;

	(void)child;
	if (strcmp(l->argv[1], "PASS") == 0)
		vi->auth_type = VRRP_AUTH_PASS;
	else if (strcmp(l->argv[1], "AH") == 0)
		vi->auth_type = VRRP_AUTH_AH;
	else {
		conf_parse_error(p, l, "invalid auth_type '%s' (expected PASS|AH)", l->argv[1]);
		return -1;
	}
	return 0;
}

static int
auth_pass_kw(struct conf_parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct vrrp_instance_conf *vi = obj;
	size_t n = strlen(l->argv[1]);

	(void)child;
	/* RFC 3768 §5.3.10 / keepalived: 8 octets, zero padded, longer truncated */
	if (n > VRRP_AUTH_LEN) {
		conf_parse_warn(p, l, "auth_pass longer than %d characters, truncated", VRRP_AUTH_LEN);
		n = VRRP_AUTH_LEN;
	}
	memset(vi->auth_pass, 0, sizeof(vi->auth_pass));
	memcpy(vi->auth_pass, l->argv[1], n);
	return 0;
}

static const struct conf_kw auth_kws[] = {
	{ "auth_type", CONF_KW_SIMPLE, 1, 1, auth_type_kw, NULL, NULL, 0 },
	{ "auth_pass", CONF_KW_SIMPLE, 1, 1, auth_pass_kw, NULL, NULL, 0 },
	{ NULL, CONF_KW_SIMPLE, 0, 0, NULL, NULL, NULL, 0 },
};

const struct conf_table vrrp_conf_auth_table = { "authentication", auth_kws, NULL };

/* ---- validation, dump, free */

static const char *
family_name(int family)
{
	return family == AF_INET6 ? "IPv6" : "IPv4";
}

/* The group an instance sends to and joins (mcast_group), as keepalived
 * picks it: mcast_dst_ip if it is a multicast address of the instance's
 * family (IPv6: link-local scope), else the global group, else the RFC's. */
static void
mcast_group_validate(struct conf_parse *p, const struct floatd_conf *c,
                     struct vrrp_instance_conf *vi)
{
	bool v6 = vi->family == AF_INET6;

	memset(&vi->mcast_group, 0, sizeof(vi->mcast_group));
	if (vi->has_mcast_dst &&
	    (vi->mcast_dst_family != vi->family || !is_multicast(vi->family, &vi->mcast_dst, v6))) {
		conf_parse_report_at(p, 0, vi->origin.file, vi->origin.line,
		                     "vrrp_instance %s: mcast_dst_ip is not an %s%s multicast "
		                     "address; ignored, as keepalived does", vi->name,
		                     family_name(vi->family), v6 ? " link-local" : "");
		vi->has_mcast_dst = false;
	}
	if (vi->has_mcast_dst)
		vi->mcast_group = vi->mcast_dst;
	else if (v6 && c->has_mcast_group6)
		vi->mcast_group = c->mcast_group6;
	else if (!v6 && c->has_mcast_group4)
		vi->mcast_group = c->mcast_group4;
	else
		inet_pton(vi->family, v6 ? VRRP_MCAST6 : VRRP_MCAST4, &vi->mcast_group);
}

void
vrrp_conf_unicast_auth_validate(struct conf_parse *p, const struct floatd_conf *c,
                                struct vrrp_instance_conf *vi)
{
	if (vi->unicast_ttl == 0)
		vi->unicast_ttl = 255;
	mcast_group_validate(p, c, vi);
	if (vi->has_unicast_src && vi->unicast_src_family != vi->family)
		conf_parse_report_at(p, 1, vi->origin.file, vi->origin.line,
		                     "vrrp_instance %s: unicast_src_ip is %s but the instance is %s",
		                     vi->name, family_name(vi->unicast_src_family),
		                     family_name(vi->family));
	for (unsigned i = 0; i < vi->n_unicast_peers; i++) {
		const struct unicast_peer_conf *u = &vi->unicast_peers[i];

		if (u->family != vi->family)
			conf_parse_report_at(p, 1, u->origin.file, u->origin.line,
			                     "vrrp_instance %s: unicast_peer is %s but the instance is %s",
			                     vi->name, family_name(u->family),
			                     family_name(vi->family));
	}
	if (vi->auth_origin.file != NULL) {
		/* RFC 5798 §9: VRRPv3 removed authentication */
		if (vi->version != 2) {
			/* keepalived drops it and runs the instance; the wire is
			 * unauthenticated either way, as VRRPv3 peers expect */
			conf_parse_report_at(p, 0, vi->auth_origin.file, vi->auth_origin.line,
			                     "vrrp_instance %s: authentication is VRRPv2 only (this "
			                     "instance is version %u); ignored, as keepalived does",
			                     vi->name, vi->version);
			vi->auth_type = VRRP_AUTH_NONE;
			memset(vi->auth_pass, 0, sizeof(vi->auth_pass));
			vi->auth_origin.file = NULL;
			vi->auth_origin.line = 0;
		} else if (vi->auth_type == VRRP_AUTH_NONE)
			conf_parse_report_at(p, 1, vi->auth_origin.file, vi->auth_origin.line,
			                     "vrrp_instance %s: authentication without auth_type", vi->name);
		else if (vi->auth_pass[0] == '\0')
			conf_parse_report_at(p, 1, vi->auth_origin.file, vi->auth_origin.line,
			                     "vrrp_instance %s: authentication without auth_pass", vi->name);
	}
}

void
vrrp_conf_unicast_auth_dump(FILE *fp, const struct vrrp_instance_conf *vi)
{
	char a[INET6_ADDRSTRLEN];

	if (vi->has_unicast_src) {
		inet_ntop(vi->unicast_src_family, &vi->unicast_src, a, sizeof(a));
		fprintf(fp, "\tunicast_src_ip %s\n", a);
	}
	/* the group in effect, where it is not the RFC's */
	inet_ntop(vi->family, &vi->mcast_group, a, sizeof(a));
	if (strcmp(a, vi->family == AF_INET6 ? VRRP_MCAST6 : VRRP_MCAST4) != 0)
		fprintf(fp, "\tmcast_dst_ip %s\n", a);
	if (vi->n_unicast_peers > 0) {
		fprintf(fp, "\tunicast_peer {\n");
		for (unsigned i = 0; i < vi->n_unicast_peers; i++) {
			inet_ntop(vi->unicast_peers[i].family, &vi->unicast_peers[i].addr, a, sizeof(a));
			fprintf(fp, "\t\t%s\n", a);
		}
		fprintf(fp, "\t}\n");
	}
	if (vi->unicast_ttl != 255 && vi->unicast_ttl != 0)
		fprintf(fp, "\tunicast_ttl %u\n", vi->unicast_ttl);
	if (vi->auth_type != VRRP_AUTH_NONE) {
		fprintf(fp, "\tauthentication {\n\t\tauth_type %s\n",
		        vi->auth_type == VRRP_AUTH_AH ? "AH" : "PASS");
		fprintf(fp, "\t\tauth_pass \"%.*s\"\n", VRRP_AUTH_LEN, (const char *)vi->auth_pass);
		fprintf(fp, "\t}\n");
	}
}

void
vrrp_conf_unicast_auth_free(struct vrrp_instance_conf *vi)
{
	free(vi->unicast_peers);
	vi->unicast_peers = NULL;
	vi->n_unicast_peers = 0;
}
