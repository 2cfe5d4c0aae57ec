/* The keywords of conf_extra.c: accept/no_accept, strict_mode and
 * vrrp_strict (errors where keepalived refuses the instance, warnings with
 * keepalived's correction elsewhere), use_vmac, virtual_routes/rules. */
#include "config.h"

#include <arpa/inet.h>
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "vrrp/conf/conf_extra.h"
#include "unit_main.h"

static char path[64];
static char *diags;

static void record(void *arg, enum conf_severity sev, const char *file, int line, const char *msg)
{
	(void)file;
	fprintf(arg, "%d: %s: %s\n", line, sev == CONF_ERROR ? "error" : "warning", msg);
}

/* Load `text`; messages go to `diags` as "LINE: sev: msg". */
static struct floatd_conf *load(const char *text)
{
	struct conf_diag d = { .report = record };
	struct floatd_conf *c = NULL;
	size_t len;
	FILE *fp, *mem;
	int fd;

	snprintf(path, sizeof(path), "/tmp/floatd-xconf-XXXXXX");
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	fp = fdopen(fd, "w");
	fputs(text, fp);
	fclose(fp);
	free(diags);
	mem = open_memstream(&diags, &len);
	d.arg = mem;
	floatd_conf_load_id(path, "", &d, &c);
	fclose(mem);
	unlink(path);
	return c;
}

#define HAS(s) ck_assert_msg(strstr(diags, s) != NULL, "missing '%s' in:\n%s", s, diags)

static unsigned count(const char *what)
{
	unsigned n = 0;

	for (const char *q = diags; (q = strstr(q, what)); q++)
		n++;
	return n;
}

START_TEST(t_accept_defaults)
{
	struct floatd_conf *c = load(
		"vrrp_instance A {\n interface eth0\n virtual_router_id 1\n"
		" virtual_ipaddress {\n  10.0.0.1\n }\n}\n"
		"vrrp_instance B {\n interface eth0\n virtual_router_id 2\n no_accept\n"
		" virtual_ipaddress {\n  10.0.0.2\n }\n}\n");

	ck_assert_ptr_nonnull(c);
	ck_assert(c->instances->accept);          /* keepalived default without strict */
	ck_assert(!c->instances->strict);
	ck_assert(!c->instances->next->accept);
	floatd_conf_free(c);
}
END_TEST

START_TEST(t_strict_errors_and_corrections)
{
	struct floatd_conf *c = load(
		"global_defs {\n vrrp_strict\n}\n"
		"vrrp_instance OWNER {\n state MASTER\n interface eth0\n virtual_router_id 1\n"
		" priority 255\n version 3\n virtual_ipaddress {\n  10.0.0.1\n }\n}\n"
		"vrrp_instance B {\n interface eth0\n virtual_router_id 2\n version 3\n"
		" virtual_ipaddress {\n  10.0.0.2\n }\n}\n");

	ck_assert_msg(c != NULL, "%s", diags);
	ck_assert(c->vrrp_strict);
	ck_assert(c->instances->strict && c->instances->accept);        /* owner accepts */
	ck_assert(c->instances->next->strict && !c->instances->next->accept);
	floatd_conf_free(c);

	/* keepalived refuses the instance: errors */
	c = load("global_defs {\n vrrp_strict\n}\n"
	         "vrrp_instance V {\n interface eth0\n virtual_router_id 3\n"
	         " unicast_peer {\n  10.0.0.9\n }\n virtual_ipaddress {\n }\n}\n");
	ck_assert_ptr_null(c);
	HAS("4: error: vrrp_instance V: strict mode requires at least one virtual_ipaddress");
	HAS("4: error: vrrp_instance V: strict mode does not allow unicast_peer");
	ck_assert_uint_eq(count(" error: "), 2);

	/* keepalived reports and corrects: warnings, correction applied */
	c = load("global_defs {\n vrrp_strict\n vrrp_higher_prio_send_advert\n}\n"  /* 1-4 */
	         "vrrp_instance V {\n state MASTER\n interface eth0\n virtual_router_id 3\n"
	         " preempt_delay 5\n accept\n use_vmac\n vmac_xmit_base\n"        /* 9-12 */
	         " garp_lower_prio_repeat 2\n"                                     /* 13 */
	         " authentication {\n  auth_type PASS\n  auth_pass secret\n }\n"  /* 14 */
	         " virtual_ipaddress {\n  10.0.0.3\n }\n}\n"
	         "vrrp_instance W {\n interface eth0\n virtual_router_id 4\n"     /* 22 */
	         " version 3\n higher_prio_send_advert\n"
	         " authentication {\n  auth_type AH\n  auth_pass x\n }\n"         /* 27 */
	         " virtual_ipaddress {\n  10.0.0.4\n }\n}\n");
	ck_assert_msg(c != NULL, "%s", diags);
	HAS("14: warning: vrrp_instance V: strict mode does not allow authentication; ignored");
	HAS("5: warning: vrrp_instance V: strict mode allows state MASTER only with priority 255; "
	    "starting as BACKUP");
	HAS("5: warning: vrrp_instance V: strict mode does not allow preempt_delay; set to 0");
	HAS("5: warning: vrrp_instance V: strict mode does not allow vmac_xmit_base; adverts "
	    "leave by the VMAC");
	HAS("5: warning: vrrp_instance V: strict mode does not allow garp_lower_prio_repeat; "
	    "set to 0");
	HAS("5: warning: vrrp_instance V: strict mode: VRRPv2 has no accept mode; using no_accept");
	/* VRRPv3 + authentication: strict speaks first, nothing else about it */
	HAS("27: warning: vrrp_instance W: strict mode does not allow authentication; ignored");
	HAS("22: warning: vrrp_instance W: strict mode does not allow higher_prio_send_advert; "
	    "turned off");
	ck_assert_msg(count(" warning: ") == 8, "%s", diags);
	ck_assert_uint_eq(count(" error: "), 0);
	ck_assert(!c->instances->want_master && c->instances->preempt_delay_ms == 0);
	ck_assert(!c->instances->accept && !c->instances->vmac_xmit_base);
	ck_assert_uint_eq(c->instances->auth_type, VRRP_AUTH_NONE);
	ck_assert_uint_eq(c->instances->garp_lower_prio_repeat, 0);
	ck_assert_uint_eq(c->instances->garp_lower_prio_delay_s, 0);
	/* the global vrrp_higher_prio_send_advert does not reach a strict instance */
	ck_assert(!c->instances->higher_prio_send_advert);
	ck_assert(!c->instances->next->higher_prio_send_advert);
	ck_assert_uint_eq(c->instances->next->auth_type, VRRP_AUTH_NONE);
	floatd_conf_free(c);

	/* priority 255 in state BACKUP starts as MASTER; the owner may accept */
	c = load("global_defs {\n vrrp_strict\n}\n"
	         "vrrp_instance O {\n interface eth0\n virtual_router_id 5\n priority 255\n"
	         " accept\n virtual_ipaddress {\n  10.0.0.5\n }\n}\n");
	ck_assert_msg(c != NULL, "%s", diags);
	HAS("4: warning: vrrp_instance O: strict mode allows state MASTER only with priority 255; "
	    "starting as MASTER");
	ck_assert_msg(count(" warning: ") == 1, "%s", diags);
	ck_assert(c->instances->want_master && c->instances->accept);
	floatd_conf_free(c);

	/* strict_mode off overrides the global */
	c = load("global_defs {\n vrrp_strict\n}\n"
	         "vrrp_instance V {\n interface eth0\n virtual_router_id 3\n strict_mode off\n"
	         " preempt_delay 5\n virtual_ipaddress {\n  10.0.0.3\n }\n}\n");
	ck_assert_msg(c != NULL, "%s", diags);
	ck_assert(!c->instances->strict && c->instances->accept);
	floatd_conf_free(c);
}
END_TEST

START_TEST(t_vmac)
{
	struct floatd_conf *c = load(
		"vrrp_instance A {\n interface eth0\n virtual_router_id 7\n use_vmac\n"
		" virtual_ipaddress {\n  10.0.0.1\n }\n}\n"
		"vrrp_instance B {\n interface eth0\n virtual_router_id 8\n use_vmac vm8\n"
		" vmac_xmit_base\n virtual_ipaddress {\n  10.0.0.2\n }\n}\n");

	ck_assert_msg(c != NULL, "%s", diags);
	ck_assert(c->instances->use_vmac);
	ck_assert_str_eq(c->instances->vmac_name, "vrrp.7");
	ck_assert_str_eq(c->instances->next->vmac_name, "vm8");
	ck_assert(c->instances->next->vmac_xmit_base);
	floatd_conf_free(c);
	c = load("vrrp_instance A {\n interface eth0\n virtual_router_id 7\n"
	         " use_vmac a_name_far_too_long_for_ifnamsiz\n"
	         " virtual_ipaddress {\n  10.0.0.1\n }\n}\n");
	ck_assert_ptr_null(c);
	ck_assert_msg(strncmp(diags, "4: error: ", 10) == 0, "%s", diags);
}
END_TEST

START_TEST(t_routes_rules)
{
	struct floatd_conf *c = load(
		"vrrp_instance A {\n interface eth0\n virtual_router_id 1\n"
		" virtual_ipaddress {\n  10.0.0.1/24\n }\n"
		" virtual_routes {\n"
		"  src 10.0.0.1 to 192.168.5.0/24 via 10.0.0.254 dev eth0 table 100 metric 7\n"
		"  blackhole 172.16.0.0/12\n"
		"  2001:db8::/32 dev eth0 scope link\n"
		"  10.9.0.0/16\n"
		" }\n"
		" virtual_rules {\n"
		"  from 10.0.0.1/32 table 100 priority 200\n"
		"  to 10.1.0.0/16 lookup main\n"
		"  from 10.0.0.1 to 2001:db8::1 table 5\n"
		" }\n}\n");
	const struct vrrp_instance_conf *vi;
	struct in_addr a;

	ck_assert_ptr_null(c);   /* two bad lines */
	HAS("11: error: invalid virtual_routes entry: a route needs 'via', 'dev', 'nexthop' or a "
	    "type (blackhole, unreachable, prohibit, ...)");
	HAS("16: error: invalid virtual_rules entry: 'to' is IPv6 but the line is IPv4 (one "
	    "family per line)");
	c = load(
		"vrrp_instance A {\n interface eth0\n virtual_router_id 1\n"
		" virtual_ipaddress {\n  10.0.0.1/24\n }\n"
		" virtual_routes {\n"
		"  src 10.0.0.1 to 192.168.5.0/24 via 10.0.0.254 dev eth0 table 100 metric 7\n"
		"  blackhole 172.16.0.0/12\n"
		"  2001:db8::/32 dev eth0 scope link\n"
		" }\n"
		" virtual_rules {\n"
		"  from 10.0.0.1/32 table 100 priority 200\n"
		"  to 10.1.0.0/16 lookup main\n"
		" }\n}\n");
	ck_assert_msg(c != NULL, "%s", diags);
	vi = c->instances;
	ck_assert_uint_eq(vi->n_vroutes, 3);
	inet_pton(AF_INET, "192.168.5.0", &a);
	ck_assert_uint_eq(vi->vroutes[0].rt.dst.v4.s_addr, a.s_addr);
	ck_assert_uint_eq(vi->vroutes[0].rt.dst_len, 24);
	ck_assert(vi->vroutes[0].rt.has_src && vi->vroutes[0].rt.has_via &&
	          vi->vroutes[0].rt.has_metric);
	ck_assert_uint_eq(vi->vroutes[0].rt.table, 100);
	ck_assert_uint_eq(vi->vroutes[0].rt.metric, 7);
	ck_assert_str_eq(vi->vroutes[0].dev, "eth0");
	ck_assert_int_eq(vi->vroutes[0].origin.line, 8);
	ck_assert_uint_eq(vi->vroutes[1].rt.type, 6);   /* RTN_BLACKHOLE */
	ck_assert_int_eq(vi->vroutes[2].rt.family, AF_INET6);
	ck_assert_int_eq(vi->vroutes[2].rt.scope, 253);
	ck_assert_uint_eq(vi->n_vrules, 2);
	ck_assert(vi->vrules[0].ru.from_len == 32 && vi->vrules[0].ru.has_priority);
	ck_assert_uint_eq(vi->vrules[0].ru.priority, 200);
	ck_assert_uint_eq(vi->vrules[1].ru.table, 254);
	ck_assert_uint_eq(vi->vrules[1].ru.to_len, 16);
	floatd_conf_free(c);

	/* keepalived's legacy multipath `via A or B`: two nexthops, warned */
	c = load("vrrp_instance A {\n interface eth0\n virtual_router_id 1\n"
	         " virtual_ipaddress {\n  10.0.0.1/24\n }\n"
	         " virtual_routes {\n"
	         "  192.168.113.0/24 via 192.168.100.252 or 192.168.100.253\n"   /* 8 */
	         " }\n}\n");
	ck_assert_msg(c != NULL, "%s", diags);
	HAS("8: warning: virtual_routes: 'or' is keepalived's old form of 'nexthop': installed "
	    "as a multipath route over both gateways");
	ck_assert_uint_eq(count(" warning: "), 1);
	inet_pton(AF_INET, "192.168.100.252", &a);
	ck_assert_uint_eq(c->instances->n_vroutes, 1);
	ck_assert_uint_eq(c->instances->vroutes[0].rt.n_nh, 2);
	ck_assert(!c->instances->vroutes[0].rt.has_via);
	ck_assert_uint_eq(c->instances->vroutes[0].rt.nh[0].via.v4.s_addr, a.s_addr);
	inet_pton(AF_INET, "192.168.100.253", &a);
	ck_assert_uint_eq(c->instances->vroutes[0].rt.nh[1].via.v4.s_addr, a.s_addr);
	floatd_conf_free(c);
	c = load("vrrp_instance A {\n interface eth0\n virtual_router_id 1\n"
	         " virtual_ipaddress {\n  10.0.0.1/24\n }\n"
	         " virtual_routes {\n"
	         "  192.168.113.0/24 or 192.168.100.253 dev eth0\n"             /* 8 */
	         "  192.168.114.0/24 via 192.168.100.252 or nowhere\n"          /* 9 */
	         "  192.168.115.0/24 via 192.168.100.252 or 2001:db8::1\n"      /* 10 */
	         " }\n}\n");
	ck_assert_ptr_null(c);
	HAS("8: error: invalid virtual_routes entry: 'or' without a preceding 'via' gateway");
	HAS("9: error: invalid virtual_routes entry: invalid 'or' address 'nowhere': not an IPv4 "
	    "or IPv6 address");
	HAS("10: error: invalid virtual_routes entry: 'or' 2001:db8::1 of the other family is not "
	    "supported (RTA_VIA)");
}
END_TEST

START_TEST(t_dump_roundtrip)
{
	const char *text = "global_defs {\n vrrp_strict\n}\n"
		"vrrp_instance A {\n interface eth0\n virtual_router_id 1\n version 3\n no_accept\n"
		" use_vmac\n virtual_ipaddress {\n  10.0.0.1/24\n }\n"
		" virtual_routes {\n  to 192.168.5.0/24 via 10.0.0.254 table 100\n"
		"  blackhole 10.6.0.0/16 table 7\n"
		"  10.11.0.0/16 via 10.0.0.254 mtu lock 1400 rtt 0.3s congctl lock reno features ecn\n"
		"  10.13.0.0/16 nexthop via 10.0.0.253 dev eth0 weight 3 nexthop via 10.0.0.254 onlink\n"
		"  10.14.0.0/16 encap mpls 100/200 via 10.0.0.254 dev eth0 append realms 3/4\n"
		"  2001:db8:1::/48 via fe80::1 dev eth0 from fd00::/8 expires 300 pref high\n"
		"  2001:db8:2::/48 dev eth0 encap ip6 dst 2001:db8::9 hoplimit 5 tc 4\n }\n"
		" virtual_rules {\n  from 10.0.0.1/32 table 100 priority 200\n"
		"  not fwmark 0x10/0xff uidrange 1-2 sport 5-6 ipproto udp table 9 priority 201\n"
		"  from 10.4.0.0/16 goto 220 priority 215\n  inet6 l3mdev priority 216\n }\n}\n"
		"static_routes {\n 10.20.0.0/16 via 10.0.0.254 dev eth0 track_group G table 5\n}\n"
		"static_rules {\n from 10.21.0.0/16 suppress_prefixlength 0 table 5 priority 9\n}\n"
		"static_ipaddress {\n 10.0.0.9/24 dev eth0 scope link\n}\n";
	struct floatd_conf *c = load(text), *c2;
	char *d1 = NULL, *d2 = NULL;
	size_t n1, n2;
	FILE *fp;

	ck_assert_msg(c != NULL, "%s", diags);
	fp = open_memstream(&d1, &n1);
	floatd_conf_dump(fp, c);
	fclose(fp);
	ck_assert_msg(strstr(d1, "\tvrrp_strict\n") && strstr(d1, "\tno_accept\n") &&
	              strstr(d1, "\tuse_vmac vrrp.1\n") &&
	              strstr(d1, "to 192.168.5.0/24 via 10.0.0.254 table 100") &&
	              strstr(d1, "from 10.0.0.1/32 table 100 priority 200"), "%s", d1);
	c2 = load(d1);
	ck_assert_msg(c2 != NULL, "%s", diags);
	fp = open_memstream(&d2, &n2);
	floatd_conf_dump(fp, c2);
	fclose(fp);
	/* the "# from FILE:LINE" comments differ; compare from the first instance on */
	ck_assert_str_eq(strstr(d1, "\tstate"), strstr(d2, "\tstate"));
	/* and the static_* blocks, dumped before the instances */
	ck_assert_ptr_nonnull(strstr(d1, "static_ipaddress {"));
	ck_assert_int_eq(strstr(d1, "vrrp_instance") - strstr(d1, "static_ipaddress {"),
	                 strstr(d2, "vrrp_instance") - strstr(d2, "static_ipaddress {"));
	ck_assert(strncmp(strstr(d1, "static_ipaddress {"), strstr(d2, "static_ipaddress {"),
	                  (size_t)(strstr(d1, "vrrp_instance") - strstr(d1, "static_ipaddress {")))
	          == 0);
	floatd_conf_free(c);
	floatd_conf_free(c2);
	free(d1);
	free(d2);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("extraconf");
	TCase *tc = tcase_create("conf");
	int failed;

	tcase_add_test(tc, t_accept_defaults);
	tcase_add_test(tc, t_strict_errors_and_corrections);
	tcase_add_test(tc, t_vmac);
	tcase_add_test(tc, t_routes_rules);
	tcase_add_test(tc, t_dump_roundtrip);
	suite_add_tcase(s, tc);
	failed = unit_failures(s);
	free(diags);
	return failed ? 1 : 0;
}
