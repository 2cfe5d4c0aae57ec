/* LVS config after parsing: resolve inheritance (checker <- real_server <-
 * virtual_server <- keepalived default), check what keepalived checks, and
 * print the normalised dump and free.  Pure: reports through conf_parse.
 * Defaults chosen (keepalived.conf(5)): delay_loop 60 s, connect_timeout
 * 5 s, delay_before_retry 1 s, retry 1 (MISC_CHECK 0), warmup = delay_loop,
 * misc_timeout = delay_loop, weight 1, quorum 1, hysteresis 0, lvs_sched wlc,
 * lvs_method NAT, bare persistence_timeout 360 s; protocol: UDP for a
 * service by address (warned), TCP for a fwmark one. */
#include "config.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "vrrp/conf/vrrp_conf_types.h"
#include "argv.h"
#include "check/conf/conf_lvs.h"
#include "check/conf/conf_int.h"

static void cv_vs_free(struct virtual_server_conf *vs);

const char *check_lvs_method_name(enum check_lvs_method m)
{
	switch (m) {
	case CHECK_LVS_NAT: return "NAT";
	case CHECK_LVS_DR: return "DR";
	case CHECK_LVS_TUN: return "TUN";
	}
	return "?";
}

const char *check_kind_name(enum check_kind k)
{
	switch (k) {
	case CHECK_KIND_TCP: return "TCP_CHECK";
	case CHECK_KIND_HTTP: return "HTTP_GET";
	case CHECK_KIND_SSL: return "SSL_GET";
	case CHECK_KIND_MISC: return "MISC_CHECK";
	case CHECK_KIND_DNS: return "DNS_CHECK";
	case CHECK_KIND_SMTP: return "SMTP_CHECK";
	case CHECK_KIND_UDP: return "UDP_CHECK";
	case CHECK_KIND_PING: return "PING_CHECK";
	case CHECK_KIND_FILE: return "FILE_CHECK";
	}
	return "?";
}

static const char *cv_proto_name(uint16_t p)
{
	return p == IPPROTO_UDP ? "UDP" : p == IPPROTO_SCTP ? "SCTP" : "TCP";
}

const char *check_sockaddr_str(const struct check_sockaddr *a, char *buf, unsigned size)
{
	char ip[INET6_ADDRSTRLEN] = "?";

	if (a->family)
		inet_ntop(a->family, &a->addr, ip, sizeof(ip));
	if (!a->port)
		snprintf(buf, size, "%s", ip);
	else if (a->family == AF_INET6)
		snprintf(buf, size, "[%s]:%u", ip, a->port);
	else
		snprintf(buf, size, "%s:%u", ip, a->port);
	return buf;
}

/* ---- validate */

static uint32_t cv_pick(uint32_t own, uint32_t parent, uint32_t grand, uint32_t def)
{
	return own != CHECK_UNSET ? own : parent != CHECK_UNSET ? parent
	                        : grand != CHECK_UNSET ? grand : def;
}

static void cv_err(struct conf_parse *p, const struct conf_origin *o, const char *fmt,
                   const char *a)
{
	conf_parse_report_at(p, 1, o->file, o->line, fmt, a);
}

static int cv_checker(struct conf_parse *p, struct virtual_server_conf *vs,
                      struct real_server_conf *rs, struct checker_conf *ck)
{
	const char *name = check_kind_name(ck->kind);
	const char *vh;

	if (ck->kind == CHECK_KIND_DNS)
		check_conf_dns_inherit(ck, rs, vs);
	if (ck->kind == CHECK_KIND_SMTP && check_conf_smtp_expand(p, rs, ck) < 0)
		return -1;
	ck->delay_loop_ms = cv_pick(ck->delay_loop_ms, rs->delay_loop_ms, vs->delay_loop_ms,
	                            CHECK_DEF_DELAY_LOOP_MS);
	ck->connect_timeout_ms = cv_pick(ck->connect_timeout_ms, rs->connect_timeout_ms,
	                                 vs->connect_timeout_ms, CHECK_DEF_CONNECT_TIMEOUT_MS);
	ck->retry = cv_pick(ck->retry, rs->retry, vs->retry, ck->kind == CHECK_KIND_MISC ? 0 : 1);
	ck->delay_before_retry_ms = cv_pick(ck->delay_before_retry_ms, rs->delay_before_retry_ms,
	                                    vs->delay_before_retry_ms,
	                                    CHECK_DEF_DELAY_BEFORE_RETRY_MS);
	ck->warmup_ms = cv_pick(ck->warmup_ms, rs->warmup_ms, vs->warmup_ms, ck->delay_loop_ms);
	ck->alpha = ck->alpha_set >= 0 ? ck->alpha_set : rs->alpha;
	if (ck->delay_loop_ms == 0) {
		cv_err(p, &ck->origin, "%s: delay_loop must be greater than 0", name);
		return -1;
	}
	if (!ck->connect.family) {
		ck->connect.family = rs->addr.family;
		ck->connect.addr = rs->addr.addr;
	}
	if (!ck->connect.port)
		ck->connect.port = rs->addr.port;
	if (ck->bindto.family && ck->bindto.family != ck->connect.family) {
		cv_err(p, &ck->origin, "%s: bindto and the checked address differ in family",
		       name);
		return -1;
	}
	if (ck->kind == CHECK_KIND_MISC) {
		if (!ck->misc.argv) {
			cv_err(p, &ck->origin, "%s without misc_path", name);
			return -1;
		}
		if (ck->misc_timeout_ms == CHECK_UNSET || ck->misc_timeout_ms == 0)
			ck->misc_timeout_ms = ck->delay_loop_ms;
		return 0;
	}
	if (ck->kind == CHECK_KIND_PING || ck->kind == CHECK_KIND_FILE) {
		ck->connect.port = 0;   /* ICMP has no port, a file no address */
		return 0;
	}
	if (!ck->connect.port) {
		cv_err(p, &ck->origin, "%s: no port to check (the real server has none; "
		       "give connect_port)", name);
		return -1;
	}
	if (ck->kind == CHECK_KIND_TCP || ck->kind == CHECK_KIND_UDP)
		return 0;
	if (ck->kind == CHECK_KIND_DNS)
		return check_conf_dns_validate(p, ck);
	if (ck->kind == CHECK_KIND_SMTP)
		return 0;
	vh = ck->virtualhost ? ck->virtualhost : rs->virtualhost ? rs->virtualhost
	                                                        : vs->virtualhost;
	if (vh && !ck->virtualhost && !(ck->virtualhost = strdup(vh)))
		return -1;
	if (!ck->n_urls) {
		cv_err(p, &ck->origin, "%s without any url { path ... }", name);
		return -1;
	}
	for (unsigned i = 0; i < ck->n_urls; i++) {
		struct check_url *u = &ck->urls[i];

		if (!u->path) {
			cv_err(p, &u->origin, "url without path in %s", name);
			return -1;
		}
		if (!u->has_status)
			for (int c = 200; c <= 299; c++)
				u->status_ok[c / 8] |= (uint8_t)(1u << (c % 8));
		if (!u->virtualhost && ck->virtualhost && !(u->virtualhost = strdup(ck->virtualhost)))
			return -1;
	}
	return 0;
}

static bool cv_same_addr(const struct check_sockaddr *a, const struct check_sockaddr *b)
{
	return a->family == b->family && a->port == b->port &&
	       memcmp(&a->addr, &b->addr, a->family == AF_INET ? 4 : 16) == 0;
}

/* IPVS rewrites the port only for NAT: with DR and TUN a packet reaches
 * the real server on the virtual server's port, and a fwmark service has
 * no port at all.  keepalived corrects such real servers with a warning
 * ("ports don't match - resetting"), and so do we; the checkers keep the
 * port the file gave them (they were set up before, as keepalived's are).
 * The real servers of a group's virtual server are left as written, with
 * keepalived's warnings: per entry whose port differs, and once when the
 * group has a fwmark entry. */
static void cv_rs_group_port(struct conf_parse *p, const struct vs_group_conf *g,
                             const struct real_server_conf *rs)
{
	char buf[64], ebuf[64];
	bool fwmark_said = false;

	for (unsigned i = 0; g != NULL && i < g->n_entries; i++) {
		const struct vs_group_entry *e = &g->entries[i];

		if (e->is_fwmark && !fwmark_said) {
			conf_parse_report_at(p, 0, rs->origin.file, rs->origin.line,
			                     "real_server %s has a port, but virtual_server_group "
			                     "'%s' has fwmark entries: IPVS ignores it there without NAT",
			                     check_sockaddr_str(&rs->addr, buf, sizeof(buf)), g->name);
			fwmark_said = true;
		} else if (!e->is_fwmark && e->addr.port != rs->addr.port) {
			conf_parse_report_at(p, 0, rs->origin.file, rs->origin.line,
			                     "real_server %s: port differs from virtual_server_group "
			                     "'%s' entry %s (%s:%d) without NAT; left as written, "
			                     "as keepalived does",
			                     check_sockaddr_str(&rs->addr, buf, sizeof(buf)), g->name,
			                     check_sockaddr_str(&e->addr, ebuf, sizeof(ebuf)),
			                     e->origin.file, e->origin.line);
		}
	}
}

/* A real or sorry server `what` at `a` (declared at `o`) without NAT:
 * a fwmark service's loses its port, a service by address's takes the
 * service's port, each with keepalived's warning; `note` is added to the
 * second.  A port of 0 is left alone (the callers settle it first). */
static void cv_port_without_nat(struct conf_parse *p, const struct virtual_server_conf *vs,
                                const char *what, struct check_sockaddr *a,
                                const struct conf_origin *o, const char *note)
{
	char buf[64];

	if (a->port == 0)
		return;
	if (vs->kind == CHECK_VS_FWMARK) {
		conf_parse_report_at(p, 0, o->file, o->line,
		                     "fwmark virtual_server %u: %s %s has a port; "
		                     "cleared (IPVS ignores it without NAT), as keepalived does",
		                     vs->fwmark, what, check_sockaddr_str(a, buf, sizeof(buf)));
		a->port = 0;
	} else if (vs->kind == CHECK_VS_ADDR && a->port != vs->addr.port) {
		conf_parse_report_at(p, 0, o->file, o->line,
		                     "%s %s: port differs from the virtual server's %u "
		                     "without NAT; IPVS gets port %u%s, as keepalived does",
		                     what, check_sockaddr_str(a, buf, sizeof(buf)),
		                     vs->addr.port, vs->addr.port, note);
		a->port = vs->addr.port;
	}
}

static void cv_rs_port(struct conf_parse *p, const struct virtual_server_conf *vs,
                       const struct vs_group_conf *g, struct real_server_conf *rs)
{
	if (rs->method == CHECK_LVS_NAT || rs->addr.port == 0)
		return;
	if (vs->kind == CHECK_VS_GROUP)
		cv_rs_group_port(p, g, rs);
	else
		cv_port_without_nat(p, vs, "real_server", &rs->addr, &rs->origin,
		                    " (its checkers keep their port)");
}

/* The sorry server's port, as keepalived sets it: without NAT it takes the
 * virtual server's (reset with a warning when it differs), a fwmark
 * service's has none; a group's is left as written. */
static void cv_sorry_port(struct conf_parse *p, struct virtual_server_conf *vs)
{
	if (vs->sorry.family == 0 || vs->sorry_method == CHECK_LVS_NAT)
		return;
	if (vs->kind == CHECK_VS_ADDR && vs->sorry.port == 0)
		vs->sorry.port = vs->addr.port;
	cv_port_without_nat(p, vs, "sorry_server", &vs->sorry, &vs->origin, "");
}

static void cv_rs(struct conf_parse *p, struct virtual_server_conf *vs,
                  const struct vs_group_conf *g, struct real_server_conf *rs)
{
	char buf[64];

	if (rs->method == (enum check_lvs_method)-1)
		rs->method = vs->method;
	rs->inhibit_on_failure = rs->inhibit_set >= 0 ? rs->inhibit_set : vs->inhibit_on_failure;
	rs->alpha = rs->alpha_set >= 0 ? rs->alpha_set : vs->alpha;
	/* IPVS forwards across families only through tunnels (kernel >= 5.3) */
	if (vs->family && rs->addr.family != vs->family && rs->method != CHECK_LVS_TUN)
		cv_err(p, &rs->origin, "real_server %s: address family differs from the "
		       "virtual server (only TUN can mix families)",
		       check_sockaddr_str(&rs->addr, buf, sizeof(buf)));
	/* a real server without a port takes the virtual server's (not with
	 * a fwmark, which has none), before its checkers take it as theirs */
	if (rs->addr.port == 0 && vs->kind == CHECK_VS_ADDR)
		rs->addr.port = vs->addr.port;
	for (struct checker_conf *ck = rs->checkers; ck; ck = ck->next)
		cv_checker(p, vs, rs, ck);
	cv_rs_port(p, vs, g, rs);
	for (struct real_server_conf *o = vs->rs; o != rs; o = o->next)
		if (cv_same_addr(&o->addr, &rs->addr))
			cv_err(p, &rs->origin, "duplicate real_server %s",
			       check_sockaddr_str(&rs->addr, buf, sizeof(buf)));
}

static bool cv_same_vs(const struct virtual_server_conf *a, const struct virtual_server_conf *b)
{
	if (a->kind != b->kind)
		return false;
	if (a->kind == CHECK_VS_GROUP)
		return strcmp(a->group, b->group) == 0;
	if (a->kind == CHECK_VS_FWMARK)
		return a->fwmark == b->fwmark && a->family == b->family;
	return a->protocol == b->protocol && cv_same_addr(&a->addr, &b->addr);
}

/* keepalived: a service by address without `protocol` is UDP (IPVS's own
 * default for protocol 0), with a warning; a fwmark service matches
 * packets by mark whatever their protocol, and keeps floatd's TCP. */
static void cv_protocol(struct conf_parse *p, struct virtual_server_conf *vs,
                        const struct vs_group_conf *g)
{
	bool by_address = vs->kind == CHECK_VS_ADDR;

	if (vs->protocol != 0)
		return;
	for (unsigned i = 0; g != NULL && i < g->n_entries && !by_address; i++)
		by_address = !g->entries[i].is_fwmark;
	if (!by_address) {
		vs->protocol = IPPROTO_TCP;
		return;
	}
	conf_parse_report_at(p, 0, vs->origin.file, vs->origin.line,
	                     "virtual_server: no protocol set; using UDP, as keepalived does "
	                     "(write `protocol TCP` for a TCP service)");
	vs->protocol = IPPROTO_UDP;
}

/* keepalived's defaults for a virtual server without lvs_sched or
 * lvs_method, with its warnings: the scheduler always, the method only
 * when a real or sorry server would take it from the virtual server. */
static void cv_sched_method(struct conf_parse *p, struct virtual_server_conf *vs)
{
	bool method_used = vs->sorry.family != 0 &&
	                   vs->sorry_method == (enum check_lvs_method)-1;

	if (vs->sched[0] == '\0') {
		conf_parse_report_at(p, 0, vs->origin.file, vs->origin.line,
		                     "virtual_server: no lvs_sched set; using %s, as keepalived does",
		                     CHECK_DEF_SCHED);
		snprintf(vs->sched, sizeof(vs->sched), "%s", CHECK_DEF_SCHED);
	}
	if (vs->method != (enum check_lvs_method)-1)
		return;
	for (const struct real_server_conf *rs = vs->rs; rs && !method_used; rs = rs->next)
		method_used = rs->method == (enum check_lvs_method)-1;
	if (method_used)
		conf_parse_report_at(p, 0, vs->origin.file, vs->origin.line,
		                     "virtual_server: no lvs_method set; using NAT, as keepalived does");
	vs->method = CHECK_LVS_NAT;
}

static void cv_vs(struct conf_parse *p, struct floatd_conf *c, struct virtual_server_conf *vs)
{
	const struct vs_group_conf *g = NULL;
	char buf[64];

	if (vs->kind == CHECK_VS_GROUP) {
		g = c->vs_groups;
		while (g && strcmp(g->name, vs->group) != 0)
			g = g->next;
		if (!g)
			cv_err(p, &vs->origin, "virtual_server group '%s': no such "
			       "virtual_server_group", vs->group);
		else if (g->n_entries && !vs->family)
			vs->family = g->entries[0].family;
	}
	cv_protocol(p, vs, g);
	cv_sched_method(p, vs);
	if (!vs->family)   /* fwmark: ip_family, else the real servers', else inet */
		vs->family = vs->rs ? vs->rs->addr.family : AF_INET;
	if (vs->kind == CHECK_VS_ADDR && vs->addr.port == 0 && !vs->persistent)
		cv_err(p, &vs->origin, "virtual_server %s: port 0 needs persistence_timeout",
		       check_sockaddr_str(&vs->addr, buf, sizeof(buf)));
	if (vs->granularity_is_prefix && vs->family == AF_INET) {
		uint32_t n = vs->persistence_granularity;

		if (n > 32) {
			cv_err(p, &vs->origin, "%s: persistence_granularity prefix over 32 for IPv4",
			       "virtual_server");
			n = 32;
		}
		vs->persistence_granularity = htonl(n ? 0xffffffffu << (32 - n) : 0);
		vs->granularity_is_prefix = false;
	}
	if (vs->sorry_method == (enum check_lvs_method)-1)
		vs->sorry_method = vs->method;
	if (vs->hysteresis >= vs->quorum) {
		/* keepalived: hysteresis must stay below quorum */
		conf_parse_report_at(p, 0, vs->origin.file, vs->origin.line,
		                     "hysteresis %u >= quorum %u; using %u", vs->hysteresis,
		                     vs->quorum, vs->quorum - 1);
		vs->hysteresis = vs->quorum - 1;
	}
	for (struct virtual_server_conf *o = c->virtual_servers; o != vs; o = o->next)
		if (cv_same_vs(o, vs)) {
			conf_parse_report_at(p, 1, vs->origin.file, vs->origin.line,
			                     "duplicate virtual_server (first at %s:%d)",
			                     o->origin.file, o->origin.line);
			break;
		}
	for (struct real_server_conf *rs = vs->rs; rs; rs = rs->next)
		cv_rs(p, vs, g, rs);
	cv_sorry_port(p, vs);
}

void check_conf_validate(struct conf_parse *p, struct floatd_conf *c)
{
	for (struct vs_group_conf *g = c->vs_groups; g; g = g->next) {
		for (struct vs_group_conf *o = c->vs_groups; o != g; o = o->next)
			if (strcmp(o->name, g->name) == 0) {
				cv_err(p, &g->origin, "duplicate virtual_server_group '%s'", g->name);
				break;   /* once per copy, not once per earlier copy */
			}
		if (!g->n_entries)
			conf_parse_report_at(p, 0, g->origin.file, g->origin.line,
			                     "virtual_server_group '%s' is empty", g->name);
	}
	for (struct virtual_server_conf **pp = &c->virtual_servers; *pp;) {
		struct virtual_server_conf *vs = *pp;

		/* keepalived drops it at the end of its block, sorry server or
		 * not, before any other check */
		if (vs->rs == NULL) {
			conf_parse_report_at(p, 0, vs->origin.file, vs->origin.line,
			                     "virtual_server has no real_server; ignored, as "
			                     "keepalived does");
			*pp = vs->next;
			c->n_virtual_servers--;
			cv_vs_free(vs);
			continue;
		}
		cv_vs(p, c, vs);
		pp = &vs->next;
	}
	check_conf_udp_ping_file_validate(p, c);
}

/* ---- dump (floatd -t -v, tests/conf goldens): resolved values */

static void cd_ms(FILE *fp, const char *ind, const char *k, uint32_t ms)
{
	fprintf(fp, "%s%s %u.%03u\n", ind, k, ms / 1000, ms % 1000);
}

static void cd_script(FILE *fp, const char *ind, const char *k, const struct script_conf *s)
{
	if (!s->argv)
		return;
	fprintf(fp, "%s%s \"", ind, k);
	for (int i = 0; s->argv[i]; i++)
		fprintf(fp, "%s%s", i ? " " : "", s->argv[i]);
	fprintf(fp, "\"%s%s%s%s\n", s->user ? " " : "", s->user ? s->user : "",
	        s->group ? ":" : "", s->group ? s->group : "");
}

static void cd_checker(FILE *fp, const struct checker_conf *ck)
{
	const char *in = "\t\t\t";
	char buf[64];

	fprintf(fp, "\t\t%s {\n", check_kind_name(ck->kind));
	if (ck->kind == CHECK_KIND_FILE) {   /* no address, no timers */
		check_conf_udp_ping_file_dump(fp, ck, in);
		fprintf(fp, "\t\t}\n");
		return;
	}
	fprintf(fp, "%sconnect %s\n", in, check_sockaddr_str(&ck->connect, buf, sizeof(buf)));
	if (ck->bindto.family)
		fprintf(fp, "%sbindto %s\n", in, check_sockaddr_str(&ck->bindto, buf, sizeof(buf)));
	if (ck->bind_if[0])
		fprintf(fp, "%sbind_if %s\n", in, ck->bind_if);
	if (ck->fwmark)
		fprintf(fp, "%sfwmark %u\n", in, ck->fwmark);
	cd_ms(fp, in, "connect_timeout", ck->connect_timeout_ms);
	fprintf(fp, "%sretry %u\n", in, ck->retry);
	cd_ms(fp, in, "delay_before_retry", ck->delay_before_retry_ms);
	cd_ms(fp, in, "delay_loop", ck->delay_loop_ms);
	cd_ms(fp, in, "warmup", ck->warmup_ms);
	if (ck->alpha)
		fprintf(fp, "%salpha\n", in);
	if (ck->kind == CHECK_KIND_HTTP || ck->kind == CHECK_KIND_SSL) {
		static const char *const protos[] = { "1.0", "1.0C", "1.1" };

		fprintf(fp, "%shttp_protocol %s\n", in, protos[ck->http_protocol]);
		if (ck->virtualhost)
			fprintf(fp, "%svirtualhost %s\n", in, ck->virtualhost);
		for (unsigned i = 0; i < ck->n_urls; i++) {
			const struct check_url *u = &ck->urls[i];
			int lo = -1;

			fprintf(fp, "%surl {\n%s\tpath %s\n", in, in, u->path ? u->path : "");
			if (u->digest[0])
				fprintf(fp, "%s\tdigest %s\n", in, u->digest);
			fprintf(fp, "%s\tstatus_code", in);
			for (int code = 0; code <= CHECK_STATUS_MAX; code++) {
				bool ok = code < CHECK_STATUS_MAX && check_url_status_ok(u, code);

				if (ok && lo < 0)
					lo = code;
				if (!ok && lo >= 0) {
					if (lo == code - 1)
						fprintf(fp, " %d", lo);
					else
						fprintf(fp, " %d-%d", lo, code - 1);
					lo = -1;
				}
			}
			fprintf(fp, "\n%s}\n", in);
		}
	}
	check_conf_udp_ping_file_dump(fp, ck, in);
	if (ck->kind == CHECK_KIND_MISC) {
		cd_script(fp, in, "misc_path", &ck->misc);
		cd_ms(fp, in, "misc_timeout", ck->misc_timeout_ms);
		if (ck->misc_dynamic)
			fprintf(fp, "%smisc_dynamic\n", in);
	}
	check_conf_dns_dump(fp, in, ck);
	check_conf_smtp_dump(fp, in, ck);
	fprintf(fp, "\t\t}\n");
}

static void cd_vs(FILE *fp, const struct virtual_server_conf *vs)
{
	char buf[64];

	if (vs->kind == CHECK_VS_ADDR)
		fprintf(fp, "virtual_server %s {\n", check_sockaddr_str(&vs->addr, buf, sizeof(buf)));
	else if (vs->kind == CHECK_VS_FWMARK)
		fprintf(fp, "virtual_server fwmark %u {\n", vs->fwmark);
	else
		fprintf(fp, "virtual_server group %s {\n", vs->group);
	fprintf(fp, "\tip_family %s\n", vs->family == AF_INET6 ? "inet6" : "inet");
	fprintf(fp, "\tprotocol %s\n\tlvs_sched %s\n\tlvs_method %s\n", cv_proto_name(vs->protocol),
	        vs->sched, check_lvs_method_name(vs->method));
	if (vs->sched_flags)
		fprintf(fp, "\tsched_flags 0x%x\n", vs->sched_flags);
	if (vs->ops)
		fprintf(fp, "\tops\n");
	if (vs->persistent)
		fprintf(fp, "\tpersistence_timeout %u\n", vs->persistence_timeout_s);
	if (vs->persistence_granularity && vs->family == AF_INET) {
		struct in_addr m = { vs->persistence_granularity };

		fprintf(fp, "\tpersistence_granularity %s\n", inet_ntoa(m));
	} else if (vs->persistence_granularity) {
		fprintf(fp, "\tpersistence_granularity %u\n", vs->persistence_granularity);
	}
	if (vs->pe_name[0])
		fprintf(fp, "\tpersistence_engine %s\n", vs->pe_name);
	fprintf(fp, "\tquorum %u\n\thysteresis %u\n", vs->quorum, vs->hysteresis);
	if (vs->smtp_alert)
		fprintf(fp, "\tsmtp_alert\n");
	cd_script(fp, "\t", "quorum_up", &vs->quorum_up);
	cd_script(fp, "\t", "quorum_down", &vs->quorum_down);
	if (vs->sorry.family)
		fprintf(fp, "\tsorry_server %s %s%s\n", check_sockaddr_str(&vs->sorry, buf,
		        sizeof(buf)), check_lvs_method_name(vs->sorry_method),
		        vs->sorry_inhibit ? " inhibit" : "");
	if (vs->ha_suspend)
		fprintf(fp, "\tha_suspend\n");
	if (vs->omega)
		fprintf(fp, "\tomega\n");
	for (const struct real_server_conf *rs = vs->rs; rs; rs = rs->next) {
		fprintf(fp, "\treal_server %s {\n", check_sockaddr_str(&rs->addr, buf, sizeof(buf)));
		fprintf(fp, "\t\tweight %u\n\t\tlvs_method %s\n", rs->weight,
		        check_lvs_method_name(rs->method));
		if (rs->inhibit_on_failure)
			fprintf(fp, "\t\tinhibit_on_failure\n");
		if (rs->alpha)
			fprintf(fp, "\t\talpha\n");
		if (rs->uthreshold)
			fprintf(fp, "\t\tuthreshold %u\n", rs->uthreshold);
		if (rs->lthreshold)
			fprintf(fp, "\t\tlthreshold %u\n", rs->lthreshold);
		if (!rs->smtp_alert)   /* on by default, as keepalived */
			fprintf(fp, "\t\tsmtp_alert off\n");
		cd_script(fp, "\t\t", "notify_up", &rs->notify_up);
		cd_script(fp, "\t\t", "notify_down", &rs->notify_down);
		for (const struct checker_conf *ck = rs->checkers; ck; ck = ck->next)
			cd_checker(fp, ck);
		fprintf(fp, "\t}\n");
	}
	fprintf(fp, "}\n");
}

void check_conf_dump(FILE *fp, const struct floatd_conf *c)
{
	char buf[64];

	for (const struct vs_group_conf *g = c->vs_groups; g; g = g->next) {
		fprintf(fp, "virtual_server_group %s {\n", g->name);
		for (unsigned i = 0; i < g->n_entries; i++) {
			const struct vs_group_entry *e = &g->entries[i];

			if (e->is_fwmark)
				fprintf(fp, "\tfwmark %u %s\n", e->fwmark,
				        e->family == AF_INET6 ? "inet6" : "inet");
			else if (e->range_end) {
				struct check_sockaddr a = e->addr;

				a.port = 0;
				fprintf(fp, e->family == AF_INET6 ? "\t%s-%x" : "\t%s-%u",
				        check_sockaddr_str(&a, buf, sizeof(buf)), e->range_end);
				if (e->addr.port)
					fprintf(fp, " %u", e->addr.port);
				fprintf(fp, "\n");
			}
			else
				fprintf(fp, "\t%s\n", check_sockaddr_str(&e->addr, buf, sizeof(buf)));
		}
		fprintf(fp, "}\n");
	}
	for (const struct virtual_server_conf *vs = c->virtual_servers; vs; vs = vs->next)
		cd_vs(fp, vs);
}

/* ---- free */

void check_conf_checker_free(struct checker_conf *ck)
{
	for (unsigned i = 0; i < ck->n_urls; i++) {
		free(ck->urls[i].path);
		free(ck->urls[i].virtualhost);
	}
	free(ck->urls);
	free(ck->virtualhost);
	free(ck->sni_name);
	check_conf_script_clear(&ck->misc);
	free(ck->dns_name);
	free(ck->smtp_helo);
	free(ck->smtp_hosts);
	check_conf_udp_ping_file_free(ck);
	free(ck);
}

static void cv_vs_free(struct virtual_server_conf *vs)
{
	while (vs->rs) {
		struct real_server_conf *rs = vs->rs;

		vs->rs = rs->next;
		while (rs->checkers) {
			struct checker_conf *ck = rs->checkers;

			rs->checkers = ck->next;
			check_conf_checker_free(ck);
		}
		check_conf_script_clear(&rs->notify_up);
		check_conf_script_clear(&rs->notify_down);
		free(rs->virtualhost);
		free(rs);
	}
	check_conf_script_clear(&vs->quorum_up);
	check_conf_script_clear(&vs->quorum_down);
	free(vs->virtualhost);
	free(vs->group);
	free(vs);
}

void check_conf_free(struct floatd_conf *c)
{
	while (c->virtual_servers) {
		struct virtual_server_conf *vs = c->virtual_servers;

		c->virtual_servers = vs->next;
		cv_vs_free(vs);
	}
	while (c->vs_groups) {
		struct vs_group_conf *g = c->vs_groups;

		c->vs_groups = g->next;
		free(g->entries);
		free(g->name);
		free(g);
	}
	c->n_virtual_servers = c->n_vs_groups = 0;
}
