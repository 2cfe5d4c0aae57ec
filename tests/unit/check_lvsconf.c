/* LVS config: virtual_server / real_server / checker keywords, inheritance,
 * defaults, file:line diagnostics, unimplemented checkers warned. */
#include "config.h"

#include <arpa/inet.h>
#include <check.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check/conf/conf_lvs.h"
#include "conf.h"
#include "unit_main.h"

static char diag_text[8192];

static void lc_report(void *arg, enum conf_severity sev, const char *file, int line,
                      const char *msg)
{
	size_t n = strlen(diag_text);
	const char *base = strrchr(file, '/');

	(void)arg;
	snprintf(diag_text + n, sizeof(diag_text) - n, "%s:%d: %s%s\n", base ? base + 1 : file,
	         line, sev == CONF_ERROR ? "error: " : "warning: ", msg);
}

static int lc_load(const char *text, struct floatd_conf **out, struct conf_diag *d)
{
	char path[] = "/tmp/lvsconf-XXXXXX";
	int fd = mkstemp(path), rc;

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, strlen(text)), (int)strlen(text));
	close(fd);
	diag_text[0] = '\0';
	memset(d, 0, sizeof(*d));
	d->report = lc_report;
	rc = floatd_conf_load_id(path, "", d, out);
	unlink(path);
	return rc;
}

START_TEST(test_defaults_and_inheritance)
{
	struct floatd_conf *c;
	struct conf_diag d;
	const struct virtual_server_conf *vs;
	const struct real_server_conf *rs;
	const struct checker_conf *ck;

	ck_assert_int_eq(lc_load("virtual_server 10.0.0.1 80 {\n"
	                         "  delay_loop 3\n"
	                         "  lb_algo rr\n"
	                         "  lb_kind DR\n"
	                         "  real_server 10.0.0.2 8080 {\n"
	                         "    connect_timeout 2.5\n"
	                         "    TCP_CHECK {\n"
	                         "    }\n"
	                         "    TCP_CHECK { connect_port 22\n retry 4\n delay_loop 1 }\n"
	                         "  }\n"
	                         "}\n", &c, &d), 0);
	ck_assert_uint_eq(c->n_virtual_servers, 1);
	vs = c->virtual_servers;
	ck_assert_int_eq(vs->kind, CHECK_VS_ADDR);
	ck_assert_uint_eq(vs->addr.port, 80);
	ck_assert_str_eq(vs->sched, "rr");
	ck_assert_int_eq(vs->method, CHECK_LVS_DR);
	/* no `protocol`: UDP, keepalived's default (IPVS's for protocol 0) */
	ck_assert_uint_eq(vs->protocol, IPPROTO_UDP);
	ck_assert_uint_eq(vs->quorum, 1);
	rs = vs->rs;
	ck_assert_uint_eq(rs->weight, 1);
	ck_assert_int_eq(rs->method, CHECK_LVS_DR);
	ck_assert_uint_eq(rs->n_checkers, 2);
	ck = rs->checkers;
	ck_assert_int_eq(ck->kind, CHECK_KIND_TCP);
	ck_assert_uint_eq(ck->delay_loop_ms, 3000);        /* from the virtual server */
	ck_assert_uint_eq(ck->connect_timeout_ms, 2500);   /* from the real server */
	ck_assert_uint_eq(ck->retry, 1);
	ck_assert_uint_eq(ck->delay_before_retry_ms, 1000);
	ck_assert_uint_eq(ck->connect.port, 8080);
	ck_assert_int_eq(ck->connect.family, AF_INET);
	ck = ck->next;
	ck_assert_uint_eq(ck->connect.port, 22);
	ck_assert_uint_eq(ck->retry, 4);
	ck_assert_uint_eq(ck->delay_loop_ms, 1000);
	floatd_conf_free(c);
}
END_TEST

START_TEST(test_global_defaults)
{
	struct floatd_conf *c;
	struct conf_diag d;
	const struct checker_conf *ck;

	ck_assert_int_eq(lc_load("virtual_server 10.0.0.1 80 {\n"
	                         "  persistence_timeout\n"
	                         "  real_server 10.0.0.2 80 { TCP_CHECK { } }\n"
	                         "}\n", &c, &d), 0);
	ck = c->virtual_servers->rs->checkers;
	ck_assert_uint_eq(ck->delay_loop_ms, CHECK_DEF_DELAY_LOOP_MS);
	ck_assert_uint_eq(ck->connect_timeout_ms, CHECK_DEF_CONNECT_TIMEOUT_MS);
	ck_assert_str_eq(c->virtual_servers->sched, "wlc");
	ck_assert(c->virtual_servers->persistent);
	ck_assert_uint_eq(c->virtual_servers->persistence_timeout_s, 360);
	ck_assert_int_eq(c->virtual_servers->method, CHECK_LVS_NAT);
	floatd_conf_free(c);
}
END_TEST

START_TEST(test_http_urls)
{
	struct floatd_conf *c;
	struct conf_diag d;
	const struct checker_conf *ck;

	ck_assert_int_eq(lc_load("virtual_server 10.0.0.1 443 {\n"
	                         "  virtualhost vs.example\n"
	                         "  real_server 10.0.0.2 443 {\n"
	                         "    SSL_GET {\n"
	                         "      url { path /a\n digest 0123456789ABCDEF0123456789abcdef\n"
	                         "            status_code 200 301-302 }\n"
	                         "      url { path /b\n virtualhost b.example }\n"
	                         "      nb_get_retry 2\n"
	                         "    }\n"
	                         "  }\n"
	                         "}\n", &c, &d), 0);
	ck = c->virtual_servers->rs->checkers;
	ck_assert_int_eq(ck->kind, CHECK_KIND_SSL);
	ck_assert_uint_eq(ck->retry, 2);
	ck_assert_uint_eq(ck->n_urls, 2);
	ck_assert_str_eq(ck->urls[0].digest, "0123456789abcdef0123456789abcdef");
	ck_assert(check_url_status_ok(&ck->urls[0], 200));
	ck_assert(check_url_status_ok(&ck->urls[0], 302));
	ck_assert(!check_url_status_ok(&ck->urls[0], 201));
	ck_assert(check_url_status_ok(&ck->urls[1], 204));   /* default 200-299 */
	ck_assert(!check_url_status_ok(&ck->urls[1], 300));
	ck_assert_str_eq(ck->urls[0].virtualhost, "vs.example");
	ck_assert_str_eq(ck->urls[1].virtualhost, "b.example");
	ck_assert_msg(strstr(diag_text, ":10: warning: 'nb_get_retry' is deprecated"), "%s", diag_text);
	floatd_conf_free(c);
}
END_TEST

START_TEST(test_misc_and_scripts)
{
	struct floatd_conf *c;
	struct conf_diag d;
	const struct virtual_server_conf *vs;
	const struct checker_conf *ck;

	ck_assert_int_eq(lc_load("virtual_server fwmark 7 {\n"
	                         "  quorum 3\n hysteresis 1\n"
	                         "  quorum_down \"/bin/logger -t lvs down\" nobody :nogroup\n"
	                         "  sorry_server 192.0.2.9 80\n"
	                         "  real_server 10.0.0.2 80 {\n"
	                         "    weight 5\n inhibit_on_failure\n"
	                         "    MISC_CHECK { misc_path \"/bin/check 'a b'\"\n misc_dynamic\n"
	                         "      misc_timeout 4 }\n"
	                         "  }\n"
	                         "}\n", &c, &d), 0);
	vs = c->virtual_servers;
	ck_assert_int_eq(vs->kind, CHECK_VS_FWMARK);
	ck_assert_uint_eq(vs->fwmark, 7);
	ck_assert_int_eq(vs->family, AF_INET);
	ck_assert_uint_eq(vs->quorum, 3);
	ck_assert_uint_eq(vs->hysteresis, 1);
	ck_assert_str_eq(vs->quorum_down.argv[0], "/bin/logger");
	ck_assert_str_eq(vs->quorum_down.argv[3], "down");
	ck_assert_str_eq(vs->quorum_down.user, "nobody");
	ck_assert_str_eq(vs->quorum_down.group, "nogroup");
	ck_assert_uint_eq(vs->sorry.port, 80);
	ck_assert(vs->rs->inhibit_on_failure);
	ck_assert_uint_eq(vs->rs->weight, 5);
	ck = vs->rs->checkers;
	ck_assert_int_eq(ck->kind, CHECK_KIND_MISC);
	ck_assert_str_eq(ck->misc.argv[1], "a b");
	ck_assert(ck->misc_dynamic);
	ck_assert_uint_eq(ck->misc_timeout_ms, 4000);
	ck_assert_uint_eq(ck->retry, 0);
	floatd_conf_free(c);
}
END_TEST

START_TEST(test_unimplemented_checkers_warn)
{
	struct floatd_conf *c;
	struct conf_diag d;
	static const char *const names[] = { "BFD_CHECK" };

	for (unsigned i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char text[512], want[128];

		snprintf(text, sizeof(text), "virtual_server 10.0.0.1 53 {\n"
		         "  real_server 10.0.0.2 53 {\n"
		         "    %s {\n      connect_port 53\n    }\n"
		         "    TCP_CHECK { }\n"
		         "  }\n}\n", names[i]);
		ck_assert_int_eq(lc_load(text, &c, &d), 0);
		snprintf(want, sizeof(want), ":3: warning: %s is not implemented by floatd", names[i]);
		ck_assert_msg(strstr(diag_text, want), "%s: got %s", names[i], diag_text);
		ck_assert_uint_eq(c->virtual_servers->rs->n_checkers, 1);   /* only TCP_CHECK */
		floatd_conf_free(c);
	}
}
END_TEST

/* DNS_CHECK / SMTP_CHECK: keepalived's defaults, and each old SMTP
 * host { } a checker of its own after the SMTP_CHECK it was written in. */
START_TEST(test_dns_smtp_checkers)
{
	struct floatd_conf *c;
	struct conf_diag d;
	const struct real_server_conf *rs;
	const struct checker_conf *ck;

	ck_assert_int_eq(lc_load("virtual_server 10.0.0.1 53 {\n"
	                         "  delay_loop 4\n"
	                         "  real_server 10.0.0.2 53 {\n"
	                         "    DNS_CHECK {\n    }\n"
	                         "    DNS_CHECK {\n      type mx\n      name example.org\n"
	                         "      retry 1\n      delay_before_retry 2\n    }\n"
	                         "    SMTP_CHECK {\n      helo_name me.example\n"
	                         "      connect_port 25\n    }\n"
	                         "    SMTP_CHECK {\n      retry 5\n"
	                         "      host {\n        connect_ip 10.0.0.3\n      }\n"
	                         "      host {\n        connect_port 2525\n"
	                         "        connect_timeout 2\n      }\n    }\n"
	                         "  }\n}\n", &c, &d), 0);
	ck_assert_msg(strstr(diag_text, ":18: warning: the SMTP_CHECK host block is deprecated"),
	              "got %s", diag_text);
	rs = c->virtual_servers->rs;
	ck_assert_uint_eq(rs->n_checkers, 5);
	ck = rs->checkers;
	ck_assert_int_eq(ck->kind, CHECK_KIND_DNS);
	ck_assert_uint_eq(ck->dns_type, 6);                 /* SOA */
	ck_assert_str_eq(ck->dns_name, "");                 /* the root */
	ck_assert_uint_eq(ck->retry, 3);
	ck_assert_uint_eq(ck->delay_before_retry_ms, 4000); /* = delay_loop */
	ck_assert_uint_eq(ck->connect.port, 53);
	ck = ck->next;
	ck_assert_uint_eq(ck->dns_type, 15);
	ck_assert_str_eq(ck->dns_name, "example.org");
	ck_assert_uint_eq(ck->retry, 1);
	ck_assert_uint_eq(ck->delay_before_retry_ms, 2000);
	ck = ck->next;
	ck_assert_int_eq(ck->kind, CHECK_KIND_SMTP);
	ck_assert_str_eq(ck->smtp_helo, "me.example");
	ck_assert_uint_eq(ck->connect.port, 25);
	ck_assert_uint_eq(ck->retry, 1);
	ck_assert_uint_eq(ck->delay_before_retry_ms, 1000);
	/* the first host took the SMTP_CHECK's place (it had no connection keyword) */
	ck = ck->next;
	ck_assert_int_eq(ck->kind, CHECK_KIND_SMTP);
	ck_assert_str_eq(ck->smtp_helo, "smtpchecker.keepalived.org");
	ck_assert_uint_eq(ck->connect.addr.v4.s_addr, htonl(0x0a000003));
	ck_assert_uint_eq(ck->connect.port, 53);            /* the real server's */
	ck_assert_uint_eq(ck->retry, 5);
	ck_assert_uint_eq(ck->connect_timeout_ms, 5000);
	ck_assert_uint_eq(ck->n_smtp_hosts, 0);
	ck = ck->next;
	ck_assert_int_eq(ck->kind, CHECK_KIND_SMTP);
	ck_assert_uint_eq(ck->connect.addr.v4.s_addr, htonl(0x0a000002));
	ck_assert_uint_eq(ck->connect.port, 2525);
	ck_assert_uint_eq(ck->connect_timeout_ms, 2000);
	ck_assert_uint_eq(ck->retry, 5);
	ck_assert_uint_eq(ck->delay_loop_ms, 4000);
	ck_assert_uint_eq(ck->origin.line, 21);
	ck_assert_ptr_null(ck->next);
	floatd_conf_free(c);
}
END_TEST

/* UDP_CHECK / PING_CHECK / FILE_CHECK: their fields after validation */
START_TEST(test_udp_ping_file)
{
	struct floatd_conf *c;
	struct conf_diag d;
	const struct checker_conf *ck;

	ck_assert_int_eq(lc_load("track_file app {\n  file /run/app.state\n  weight 3 reverse\n}\n"
	                         "virtual_server 10.0.0.1 53 {\n  protocol UDP\n"
	                         "  lb_algo rr\n  lb_kind NAT\n"
	                         "  real_server 10.0.0.2 53 {\n"
	                         "    UDP_CHECK {\n      payload 01 02ff\n"
	                         "      require_reply 0X 8\n      min_reply_length 2\n    }\n"
	                         "    PING_CHECK {\n      connect_timeout 2\n    }\n"
	                         "    FILE_CHECK {\n      track_file app\n    }\n"
	                         "    FILE_CHECK {\n      track_file app\n      weight 0\n    }\n"
	                         "  }\n}\n", &c, &d), 0);
	ck_assert_msg(d.errors == 0 && d.warnings == 0, "%s", diag_text);
	ck = c->virtual_servers->rs->checkers;
	ck_assert_int_eq(ck->kind, CHECK_KIND_UDP);
	ck_assert_uint_eq(ck->connect.port, 53);
	ck_assert_uint_eq(ck->udp.payload_len, 3);
	ck_assert_uint_eq(ck->udp.payload[2], 0xff);
	ck_assert(ck->udp.require_reply);
	ck_assert_uint_eq(ck->udp.reply_len, 2);
	ck_assert_uint_eq(ck->udp.reply_mask[0], 0x0f);
	ck_assert_uint_eq(ck->udp.reply[1], 0x08);
	ck_assert_uint_eq(ck->udp.min_reply_len, 2);
	ck_assert_uint_eq(ck->udp.max_reply_len, 255);
	ck = ck->next;
	ck_assert_int_eq(ck->kind, CHECK_KIND_PING);
	ck_assert_uint_eq(ck->connect.port, 0);   /* ICMP: none */
	ck_assert_uint_eq(ck->connect_timeout_ms, 2000);
	ck = ck->next;
	ck_assert_int_eq(ck->kind, CHECK_KIND_FILE);
	ck_assert_str_eq(ck->file.path, "/run/app.state");
	ck_assert_int_eq(ck->file.weight, 3);   /* the track_file's */
	ck_assert(ck->file.reverse);
	ck = ck->next;
	ck_assert_int_eq(ck->file.weight, 0);   /* its own, noreverse */
	ck_assert(!ck->file.reverse);
	floatd_conf_free(c);
}
END_TEST

/* keepalived's defaults for lvs_sched and lvs_method, with its warnings:
 * the scheduler always; the method only when a real or sorry server takes
 * the virtual server's. */
START_TEST(test_default_sched_method)
{
	struct floatd_conf *c;
	struct conf_diag d;
	const struct virtual_server_conf *vs;

	ck_assert_int_eq(lc_load("virtual_server 10.0.0.1 80 {\n  protocol TCP\n"
	                         "  real_server 10.0.0.2 80 {\n    lvs_method DR\n  }\n}\n"
	                         "virtual_server 10.0.0.1 81 {\n  protocol TCP\n  lb_algo rr\n"
	                         "  real_server 10.0.0.2 81 { }\n}\n", &c, &d), 0);
	ck_assert_msg(strstr(diag_text, ":1: warning: virtual_server: no lvs_sched set; using wlc, "
	                     "as keepalived does"), "%s", diag_text);
	ck_assert_msg(!strstr(diag_text, ":1: warning: virtual_server: no lvs_method"), "%s",
	              diag_text);
	ck_assert_msg(strstr(diag_text, ":7: warning: virtual_server: no lvs_method set; using NAT, "
	                     "as keepalived does"), "%s", diag_text);
	ck_assert_msg(!strstr(diag_text, ":7: warning: virtual_server: no lvs_sched"), "%s",
	              diag_text);
	ck_assert_uint_eq(d.warnings, 2);
	vs = c->virtual_servers;
	ck_assert_str_eq(vs->sched, "wlc");
	ck_assert_int_eq(vs->method, CHECK_LVS_NAT);
	ck_assert_int_eq(vs->rs->method, CHECK_LVS_DR);
	vs = vs->next;
	ck_assert_str_eq(vs->sched, "rr");
	ck_assert_int_eq(vs->rs->method, CHECK_LVS_NAT);
	floatd_conf_free(c);
}
END_TEST

/* keepalived ignores a virtual server without real servers, sorry server
 * or not: nothing is left of it, not even in the count that decides
 * whether the checker starts at all. */
START_TEST(test_vs_without_real_servers)
{
	struct floatd_conf *c;
	struct conf_diag d;

	ck_assert_int_eq(lc_load("virtual_server 10.0.0.1 80 {\n  protocol TCP\n"
	                         "  sorry_server 10.0.0.8 80\n}\n", &c, &d), 0);
	ck_assert_msg(strstr(diag_text, ":1: warning: virtual_server has no real_server; ignored, "
	                     "as keepalived does"), "%s", diag_text);
	ck_assert_uint_eq(d.warnings, 1);
	ck_assert_ptr_null(c->virtual_servers);
	ck_assert_uint_eq(c->n_virtual_servers, 0);
	floatd_conf_free(c);
}
END_TEST

/* keepalived's virtual_server alpha/omega ignore an argument: even "off"
 * turns them on, with a warning that says so. */
START_TEST(test_alpha_omega_argument)
{
	struct floatd_conf *c;
	struct conf_diag d;

	ck_assert_int_eq(lc_load("virtual_server 10.0.0.1 80 {\n  alpha off\n  omega 1\n"
	                         "  real_server 10.0.0.2 80 {\n    TCP_CHECK { }\n  }\n}\n",
	                         &c, &d), 0);
	ck_assert_msg(strstr(diag_text, ":2: warning: 'alpha' takes no argument; 'off' ignored and "
	                     "alpha is on, as keepalived does"), "%s", diag_text);
	ck_assert_msg(strstr(diag_text, ":3: warning: 'omega' takes no argument; '1' ignored and "
	                     "omega is on, as keepalived does"), "%s", diag_text);
	ck_assert(c->virtual_servers->alpha);
	ck_assert(c->virtual_servers->omega);
	floatd_conf_free(c);
}
END_TEST

START_TEST(test_errors_file_line)
{
	struct floatd_conf *c;
	struct conf_diag d;

	ck_assert_int_eq(lc_load("virtual_server 10.0.0.1 80 {\n"
	                         "  lb_algo foo\n"
	                         "  lb_kind XX\n"
	                         "  protocol ICMP\n"
	                         "  real_server 10.0.0.2 80 {\n"
	                         "    weight -1\n"
	                         "    HTTP_GET { url { digest zz } }\n"
	                         "    MISC_CHECK { }\n"
	                         "  }\n"
	                         "  real_server 2001:db8::1 80 { }\n"
	                         "  real_server 10.0.0.2 80 { }\n"
	                         "}\n"
	                         "virtual_server group NOPE { real_server 10.0.0.3 80 { } }\n"
	                         "virtual_server 10.0.0.1 0 { real_server 10.0.0.3 80 { } }\n"
	                         "virtual_server 10.0.0.9 80 { sorry_server 10.0.0.8 80 }\n",
	                         &c, &d), -1);
	ck_assert_ptr_null(c);
	/* keepalived reports these and runs with the default */
	ck_assert_ptr_nonnull(strstr(diag_text, ":2: warning: invalid lb_algo 'foo' (expected "));
	ck_assert_ptr_nonnull(strstr(diag_text, ":3: warning: invalid lb_kind 'XX' (expected "
	                                        "NAT|DR|TUN); using NAT, as keepalived does"));
	ck_assert_ptr_nonnull(strstr(diag_text, ":1: warning: virtual_server: no lvs_sched set; "
	                                        "using wlc, as keepalived does"));
	/* a virtual server without real servers is dropped before any check */
	ck_assert_ptr_nonnull(strstr(diag_text, ":15: warning: virtual_server has no real_server; "
	                                        "ignored, as keepalived does"));
	ck_assert_ptr_null(strstr(diag_text, ":15: warning: virtual_server: no lvs_sched"));
	ck_assert_ptr_nonnull(strstr(diag_text, ":4: warning: unknown protocol 'ICMP' (expected "
	                                        "TCP|UDP|SCTP); ignored, as keepalived does"));
	ck_assert_ptr_nonnull(strstr(diag_text, ":6: error:"));
	ck_assert_ptr_nonnull(strstr(diag_text, ":7: error: invalid digest 'zz'"));
	ck_assert_ptr_nonnull(strstr(diag_text, ":7: error: url without path"));
	ck_assert_ptr_nonnull(strstr(diag_text, ":8: error: MISC_CHECK without misc_path"));
	ck_assert_ptr_nonnull(strstr(diag_text, ":10: error: real_server [2001:db8::1]:80: "
	                                        "address family differs"));
	ck_assert_ptr_nonnull(strstr(diag_text, ":11: error: duplicate real_server"));
	ck_assert_ptr_nonnull(strstr(diag_text, ":13: error: virtual_server group 'NOPE'"));
	ck_assert_ptr_nonnull(strstr(diag_text, ":14: error: virtual_server 10.0.0.1: port 0 "
	                                        "needs persistence_timeout"));
}
END_TEST

START_TEST(test_group)
{
	struct floatd_conf *c;
	struct conf_diag d;
	const struct vs_group_conf *g;

	ck_assert_int_eq(lc_load("virtual_server_group WEB {\n"
	                         "  192.0.2.10-12 80\n"
	                         "  fwmark 9 inet6\n"
	                         "  2001:db8::5 443\n"
	                         "  192.0.2.1-0 80\n"
	                         "}\n"
	                         "virtual_server group WEB { real_server 10.0.0.2 80 { } }\n",
	                         &c, &d), -1);
	ck_assert_ptr_nonnull(strstr(diag_text, ":5: error: invalid range end"));
	ck_assert_int_eq(lc_load("virtual_server_group WEB {\n"
	                         "  192.0.2.10-12 80\n"
	                         "  fwmark 9 inet6\n"
	                         "}\n"
	                         "virtual_server group WEB { real_server 10.0.0.2 80 { } }\n",
	                         &c, &d), 0);
	g = c->vs_groups;
	ck_assert_str_eq(g->name, "WEB");
	ck_assert_uint_eq(g->n_entries, 2);
	ck_assert_uint_eq(g->entries[0].range_end, 12);
	ck_assert_uint_eq(g->entries[0].addr.port, 80);
	ck_assert(g->entries[1].is_fwmark);
	ck_assert_int_eq(g->entries[1].family, AF_INET6);
	ck_assert_int_eq(c->virtual_servers->kind, CHECK_VS_GROUP);
	floatd_conf_free(c);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("lvsconf");
	TCase *tc = tcase_create("lvsconf");

	tcase_add_test(tc, test_defaults_and_inheritance);
	tcase_add_test(tc, test_global_defaults);
	tcase_add_test(tc, test_http_urls);
	tcase_add_test(tc, test_misc_and_scripts);
	tcase_add_test(tc, test_unimplemented_checkers_warn);
	tcase_add_test(tc, test_dns_smtp_checkers);
	tcase_add_test(tc, test_udp_ping_file);
	tcase_add_test(tc, test_errors_file_line);
	tcase_add_test(tc, test_default_sched_method);
	tcase_add_test(tc, test_vs_without_real_servers);
	tcase_add_test(tc, test_alpha_omega_argument);
	tcase_add_test(tc, test_group);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
