/* Issue 3b keywords: accept/no_accept, strict_mode and vrrp_strict (with its
 * restrictions as file:line errors), use_vmac, virtual_routes/rules. */
#include "config.h"

#include <arpa/inet.h>
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "vrrp/conf_extra.h"

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

START_TEST(t_strict_defaults_and_errors)
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

	c = load("global_defs {\n vrrp_strict\n}\n"
	         "vrrp_instance V {\n state MASTER\n interface eth0\n virtual_router_id 3\n"
	         " preempt_delay 5\n accept\n unicast_peer {\n  10.0.0.9\n }\n"
	         " virtual_ipaddress {\n }\n}\n");
	ck_assert_ptr_null(c);
	HAS("4: error: vrrp_instance V: strict mode requires at least one virtual_ipaddress");
	HAS("4: error: vrrp_instance V: strict mode does not allow unicast_peer");
	HAS("4: error: vrrp_instance V: strict mode does not allow preempt_delay");
	HAS("4: error: vrrp_instance V: strict mode allows state MASTER only with priority 255");
	HAS("4: error: vrrp_instance V: strict mode: VRRPv2 has no accept mode");

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
	HAS("11: error: invalid virtual_routes entry: a route needs 'via', 'dev' or a type "
	    "(blackhole, unreachable, prohibit)");
	HAS("16: error: invalid virtual_rules entry: prefixes of both families");
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
	ck_assert_uint_eq(vi->vroutes[0].dst.v4.s_addr, a.s_addr);
	ck_assert_uint_eq(vi->vroutes[0].dst_len, 24);
	ck_assert(vi->vroutes[0].has_src && vi->vroutes[0].has_via && vi->vroutes[0].has_metric);
	ck_assert_uint_eq(vi->vroutes[0].table, 100);
	ck_assert_uint_eq(vi->vroutes[0].metric, 7);
	ck_assert_str_eq(vi->vroutes[0].dev, "eth0");
	ck_assert_int_eq(vi->vroutes[0].origin.line, 8);
	ck_assert_uint_eq(vi->vroutes[1].type, 6);   /* RTN_BLACKHOLE */
	ck_assert_int_eq(vi->vroutes[2].family, AF_INET6);
	ck_assert_int_eq(vi->vroutes[2].scope, 253);
	ck_assert_uint_eq(vi->n_vrules, 2);
	ck_assert(vi->vrules[0].has_from && vi->vrules[0].has_priority);
	ck_assert_uint_eq(vi->vrules[0].priority, 200);
	ck_assert_uint_eq(vi->vrules[1].table, 254);
	ck_assert_uint_eq(vi->vrules[1].to_len, 16);
	floatd_conf_free(c);
}
END_TEST

START_TEST(t_dump_roundtrip)
{
	const char *text = "global_defs {\n vrrp_strict\n}\n"
		"vrrp_instance A {\n interface eth0\n virtual_router_id 1\n version 3\n no_accept\n"
		" use_vmac\n virtual_ipaddress {\n  10.0.0.1/24\n }\n"
		" virtual_routes {\n  to 192.168.5.0/24 via 10.0.0.254 table 100\n }\n"
		" virtual_rules {\n  from 10.0.0.1/32 table 100 priority 200\n }\n}\n";
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
	SRunner *sr;
	int failed;

	tcase_add_test(tc, t_accept_defaults);
	tcase_add_test(tc, t_strict_defaults_and_errors);
	tcase_add_test(tc, t_vmac);
	tcase_add_test(tc, t_routes_rules);
	tcase_add_test(tc, t_dump_roundtrip);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	free(diags);
	return failed ? 1 : 0;
}
