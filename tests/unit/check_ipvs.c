/* IPVS genl codec round trips and golden bytes, service keys, the ownership
 * file, reconciliation rules and the desired state built from a config.
 * No kernel and no libnl: links libfloatd_pure.a only. */
#include "config.h"

#include <arpa/inet.h>
#include <check.h>
#include <linux/genetlink.h>
#include <linux/ip_vs.h>
#include <linux/netlink.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check/conf/conf_lvs.h"
#include "check/ipvs.h"
#include "check/reconcile.h"
#include "conf.h"
#include "unit_main.h"

static struct ipvs_service svc4(const char *ip, uint16_t port)
{
	struct ipvs_service s = { 0 };

	s.af = AF_INET;
	s.protocol = IPPROTO_TCP;
	inet_pton(AF_INET, ip, &s.addr.v4);
	s.port = port;
	snprintf(s.sched, sizeof(s.sched), "wlc");
	s.netmask = 0xffffffff;
	return s;
}

static struct ipvs_dest dest4(const char *ip, uint16_t port, int32_t w)
{
	struct ipvs_dest d = { 0 };

	d.af = AF_INET;
	inet_pton(AF_INET, ip, &d.addr.v4);
	d.port = port;
	d.weight = w;
	d.fwd_method = IP_VS_CONN_F_DROUTE;
	return d;
}

START_TEST(test_service_roundtrip)
{
	uint8_t buf[512];
	struct ipvs_service s = svc4("10.1.2.3", 80), r;
	int len;

	s.flags = IP_VS_SVC_F_PERSISTENT;
	s.timeout_s = 300;
	snprintf(s.sched, sizeof(s.sched), "rr");
	len = ipvs_msg_service(buf, sizeof(buf), 0x1c, IPVS_CMD_NEW_SERVICE, 7, &s, true);
	ck_assert_int_gt(len, 0);
	ck_assert_uint_eq(((struct nlmsghdr *)buf)->nlmsg_len, (unsigned)len);
	ck_assert_uint_eq(((struct nlmsghdr *)buf)->nlmsg_type, 0x1c);
	ck_assert_uint_eq(((struct genlmsghdr *)(buf + NLMSG_HDRLEN))->cmd, IPVS_CMD_NEW_SERVICE);
	ck_assert_int_eq(ipvs_msg_parse_service(buf, (size_t)len, &r), IPVS_PARSE_OK);
	ck_assert(ipvs_service_same(&s, &r));
	ck_assert_str_eq(r.sched, "rr");
	ck_assert_uint_eq(r.flags, IP_VS_SVC_F_PERSISTENT);
	ck_assert_uint_eq(r.timeout_s, 300);
	ck_assert_uint_eq(r.netmask, 0xffffffff);
	/* delete: identity only */
	len = ipvs_msg_service(buf, sizeof(buf), 0x1c, IPVS_CMD_DEL_SERVICE, 8, &s, false);
	ck_assert_int_eq(ipvs_msg_parse_service(buf, (size_t)len, &r), IPVS_PARSE_OK);
	ck_assert_str_eq(r.sched, "");
	/* too small a buffer fails, never overruns */
	ck_assert_int_eq(ipvs_msg_service(buf, 40, 0x1c, IPVS_CMD_NEW_SERVICE, 7, &s, true), -1);
	/* truncated input */
	len = ipvs_msg_service(buf, sizeof(buf), 0x1c, IPVS_CMD_NEW_SERVICE, 7, &s, true);
	ck_assert_int_eq(ipvs_msg_parse_service(buf, (size_t)len - 4, &r), IPVS_PARSE_TRUNCATED);
}
END_TEST

START_TEST(test_service_golden)
{
	/* DEL_SERVICE tcp 10.0.0.1:80, family 0x20, seq 1: what ipvsadm sends */
	static const uint8_t want[] = {
		0x44, 0, 0, 0, 0x20, 0, 0x05, 0, 1, 0, 0, 0, 0, 0, 0, 0,   /* nlmsghdr */
		IPVS_CMD_DEL_SERVICE, 1, 0, 0,                              /* genlmsghdr */
		0x30, 0, 0x01, 0x80,                                        /* nested SERVICE */
		6, 0, 1, 0, 2, 0, 0, 0,                                     /* AF inet */
		6, 0, 2, 0, 6, 0, 0, 0,                                     /* PROTOCOL tcp */
		20, 0, 3, 0, 10, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* ADDR */
		6, 0, 4, 0, 0, 80, 0, 0,                                    /* PORT (be) */
	};
	uint8_t buf[256];
	struct ipvs_service s = svc4("10.0.0.1", 80);
	int len = ipvs_msg_service(buf, sizeof(buf), 0x20, IPVS_CMD_DEL_SERVICE, 1, &s, false);

	ck_assert_int_eq(len, (int)sizeof(want));
	ck_assert_mem_eq(buf, want, sizeof(want));
}
END_TEST

START_TEST(test_dest_roundtrip)
{
	uint8_t buf[512];
	struct ipvs_service s = svc4("10.1.2.3", 80);
	struct ipvs_dest d = dest4("10.9.9.9", 8080, 7), r;
	struct ipvs_service rs;
	int len;

	d.u_thresh = 100;
	d.l_thresh = 10;
	len = ipvs_msg_dest(buf, sizeof(buf), 0x1c, IPVS_CMD_NEW_DEST, 3, &s, &d, true);
	ck_assert_int_gt(len, 0);
	ck_assert_int_eq(ipvs_msg_parse_dest(buf, (size_t)len, &r), IPVS_PARSE_OK);
	ck_assert(ipvs_dest_same(&d, &r));
	ck_assert_int_eq(r.weight, 7);
	ck_assert_uint_eq(r.fwd_method, IP_VS_CONN_F_DROUTE);
	ck_assert_uint_eq(r.u_thresh, 100);
	ck_assert_uint_eq(r.l_thresh, 10);
	ck_assert_int_eq(ipvs_msg_parse_service(buf, (size_t)len, &rs), IPVS_PARSE_OK);
	ck_assert(ipvs_service_same(&s, &rs));
	/* a service message has no DEST nest */
	len = ipvs_msg_service(buf, sizeof(buf), 0x1c, IPVS_CMD_NEW_SERVICE, 3, &s, true);
	ck_assert_int_eq(ipvs_msg_parse_dest(buf, (size_t)len, &r), IPVS_PARSE_NO_ATTR);
}
END_TEST

START_TEST(test_v6_and_fwmark)
{
	uint8_t buf[512];
	struct ipvs_service s = { 0 }, r;
	struct ipvs_dest d = { 0 }, rd;
	int len;

	s.af = AF_INET6;
	s.protocol = IPPROTO_UDP;
	inet_pton(AF_INET6, "2001:db8::1", &s.addr.v6);
	s.port = 53;
	s.netmask = 128;
	len = ipvs_msg_service(buf, sizeof(buf), 0x1c, IPVS_CMD_NEW_SERVICE, 1, &s, true);
	ck_assert_int_eq(ipvs_msg_parse_service(buf, (size_t)len, &r), IPVS_PARSE_OK);
	ck_assert(ipvs_service_same(&s, &r));
	ck_assert_str_eq(r.sched, "wlc");   /* empty sched is sent as IPVS's default */
	memset(&s, 0, sizeof(s));
	s.af = AF_INET;
	s.fwmark = 42;
	d.af = AF_INET6;   /* TUN across families */
	inet_pton(AF_INET6, "2001:db8::9", &d.addr.v6);
	d.fwd_method = IP_VS_CONN_F_TUNNEL;
	len = ipvs_msg_dest(buf, sizeof(buf), 0x1c, IPVS_CMD_NEW_DEST, 1, &s, &d, true);
	ck_assert_int_eq(ipvs_msg_parse_service(buf, (size_t)len, &r), IPVS_PARSE_OK);
	ck_assert_uint_eq(r.fwmark, 42);
	ck_assert(ipvs_service_same(&s, &r));
	ck_assert_int_eq(ipvs_msg_parse_dest(buf, (size_t)len, &rd), IPVS_PARSE_OK);
	ck_assert(ipvs_dest_same(&d, &rd));
}
END_TEST

START_TEST(test_keys)
{
	static const char *const keys[] = { "tcp 10.0.0.1 80", "udp [2001:db8::1] 53",
		"sctp 192.0.2.1 0", "fwmark 5 inet", "fwmark 7 inet6" };
	static const char *const bad[] = { "tcp 10.0.0.1", "icmp 1.2.3.4 1", "tcp 1.2.3.4 70000",
		"fwmark 0 inet", "fwmark 5 ipx", "tcp [1.2.3.4] 80", "tcp 10.0.0.1 80 x" };
	struct ipvs_service s;
	char buf[96];

	for (unsigned i = 0; i < sizeof(keys) / sizeof(*keys); i++) {
		ck_assert_int_eq(ipvs_service_from_key(keys[i], &s), 0);
		ck_assert_str_eq(ipvs_service_key(&s, buf, sizeof(buf)), keys[i]);
	}
	for (unsigned i = 0; i < sizeof(bad) / sizeof(*bad); i++)
		ck_assert_msg(ipvs_service_from_key(bad[i], &s) < 0, "accepted '%s'", bad[i]);
}
END_TEST

START_TEST(test_owned_file)
{
	char text[] = "# comment\ntcp 10.0.0.1 80\ngarbage\nfwmark 3 inet\ntcp 10.0.0.1 80\n";
	FILE *fp = fmemopen(text, strlen(text), "r");
	struct ipvs_owned o;
	unsigned bad;
	char out[512] = "";
	FILE *w;

	ck_assert_int_eq(ipvs_owned_read(fp, &o, &bad), 0);
	fclose(fp);
	ck_assert_uint_eq(o.n, 2);   /* duplicates collapse */
	ck_assert_uint_eq(bad, 1);
	w = fmemopen(out, sizeof(out), "w");
	ck_assert_int_eq(ipvs_owned_write(w, &o), 0);
	fclose(w);
	ck_assert_ptr_nonnull(strstr(out, "\ntcp 10.0.0.1 80\nfwmark 3 inet\n"));
	ipvs_owned_free(&o);
}
END_TEST

/* ---- reconcile */

static unsigned count_ops(const struct ipvs_ops *o, enum ipvs_op_kind k)
{
	unsigned n = 0;

	for (unsigned i = 0; i < o->n; i++)
		n += o->ops[i].kind == k;
	return n;
}

START_TEST(test_reconcile_create_from_empty)
{
	struct ipvs_dest d[2] = { dest4("10.0.0.11", 80, 1), dest4("10.0.0.12", 80, 2) };
	struct ipvs_svc_state want = { svc4("10.0.0.1", 80), d, 2 };
	struct ipvs_owned owned = { 0 }, after;
	struct ipvs_ops ops;

	ck_assert_int_eq(ipvs_reconcile(&want, 1, NULL, 0, &owned, &ops, &after), 0);
	ck_assert_uint_eq(ops.n, 3);
	ck_assert_int_eq(ops.ops[0].kind, IPVS_OP_ADD_SVC);   /* service before its dests */
	ck_assert_int_eq(ops.ops[1].kind, IPVS_OP_ADD_DEST);
	ck_assert_int_eq(ops.ops[2].dest.weight, 2);
	ck_assert_uint_eq(after.n, 1);
	ck_assert(ipvs_owned_has(&after, &want.svc));
	ipvs_ops_free(&ops);
	ipvs_owned_free(&after);
}
END_TEST

START_TEST(test_reconcile_never_touches_foreign)
{
	struct ipvs_dest hd[1] = { dest4("10.0.0.99", 80, 1) };
	struct ipvs_svc_state have[2] = { { svc4("10.0.0.50", 80), hd, 1 },   /* foreign */
		{ svc4("10.0.0.60", 80), NULL, 0 } };                            /* owned */
	struct ipvs_owned owned = { 0 }, after;
	struct ipvs_ops ops;

	ipvs_owned_add(&owned, &have[1].svc);
	ck_assert_int_eq(ipvs_reconcile(NULL, 0, have, 2, &owned, &ops, &after), 0);
	ck_assert_uint_eq(ops.n, 1);
	ck_assert_int_eq(ops.ops[0].kind, IPVS_OP_DEL_SVC);
	ck_assert(ipvs_service_same(&ops.ops[0].svc, &have[1].svc));
	ck_assert_uint_eq(after.n, 0);
	ipvs_ops_free(&ops);
	ipvs_owned_free(&after);
	ipvs_owned_free(&owned);
}
END_TEST

START_TEST(test_reconcile_fix_differences)
{
	struct ipvs_dest wd[3] = { dest4("10.0.0.11", 80, 1), dest4("10.0.0.12", 80, 5),
		dest4("10.0.0.13", 80, 1) };
	struct ipvs_dest hd[3] = { dest4("10.0.0.11", 80, 1), dest4("10.0.0.12", 80, 1),
		dest4("10.0.0.14", 80, 1) };
	struct ipvs_svc_state want = { svc4("10.0.0.1", 80), wd, 3 };
	struct ipvs_svc_state have = { svc4("10.0.0.1", 80), hd, 3 };
	struct ipvs_owned owned = { 0 }, after;
	struct ipvs_ops ops;

	snprintf(want.svc.sched, sizeof(want.svc.sched), "rr");
	/* adopted (not created by floatd): fixed, but not owned afterwards */
	ck_assert_int_eq(ipvs_reconcile(&want, 1, &have, 1, &owned, &ops, &after), 0);
	ck_assert_uint_eq(count_ops(&ops, IPVS_OP_EDIT_SVC), 1);
	ck_assert_uint_eq(count_ops(&ops, IPVS_OP_EDIT_DEST), 1);   /* .12 weight 1 -> 5 */
	ck_assert_uint_eq(count_ops(&ops, IPVS_OP_ADD_DEST), 1);    /* .13 */
	ck_assert_uint_eq(count_ops(&ops, IPVS_OP_DEL_DEST), 1);    /* .14 */
	ck_assert_uint_eq(count_ops(&ops, IPVS_OP_ADD_SVC), 0);
	ck_assert_uint_eq(after.n, 0);
	ipvs_ops_free(&ops);
	ipvs_owned_free(&after);
	/* owned before: stays owned */
	ipvs_owned_add(&owned, &want.svc);
	ck_assert_int_eq(ipvs_reconcile(&want, 1, &have, 1, &owned, &ops, &after), 0);
	ck_assert_uint_eq(after.n, 1);
	ipvs_ops_free(&ops);
	ipvs_owned_free(&after);
	/* identical: nothing to do */
	have.svc = want.svc;
	have.dests = wd;
	ck_assert_int_eq(ipvs_reconcile(&want, 1, &have, 1, &owned, &ops, &after), 0);
	ck_assert_uint_eq(ops.n, 0);
	ipvs_ops_free(&ops);
	ipvs_owned_free(&after);
	ipvs_owned_free(&owned);
}
END_TEST

/* ---- desired state from a config */

static int weight_cb(void *arg, const struct virtual_server_conf *vs,
                     const struct real_server_conf *rs)
{
	(void)arg;
	(void)vs;
	/* .12 is down: with inhibit_on_failure it stays at weight 0 */
	if (rs->addr.addr.v4.s_addr == htonl(0x0a00000c))
		return rs->inhibit_on_failure ? 0 : -1;
	return (int)rs->weight;
}

static int sorry_cb(void *arg, const struct virtual_server_conf *vs)
{
	(void)arg;
	(void)vs;
	return 0;   /* sorry_server_inhibit while the quorum holds: kept at 0 */
}

START_TEST(test_want_from_conf)
{
	static const char text[] =
		"virtual_server_group G { 192.0.2.10-11 80\n fwmark 4 }\n"
		"virtual_server group G {\n protocol TCP\n lb_algo rr\n persistence_timeout 60\n"
		" sorry_server 192.0.2.99 80\n"
		" real_server 10.0.0.11 80 { weight 3 }\n"
		" real_server 10.0.0.12 80 { inhibit_on_failure }\n}\n"
		"virtual_server 10.0.0.1 443 { lb_kind DR\n protocol TCP\n real_server 10.0.0.12 443 { } }\n";
	char path[] = "/tmp/ipvsconf-XXXXXX", key[96];
	int fd = mkstemp(path);
	struct conf_diag d = { 0 };
	struct floatd_conf *c;
	struct ipvs_svc_state *w;
	unsigned n;

	ck_assert_int_eq(write(fd, text, sizeof(text) - 1), (int)sizeof(text) - 1);
	close(fd);
	ck_assert_int_eq(floatd_conf_load_id(path, "", &d, &c), 0);
	unlink(path);
	ck_assert_int_eq(ipvs_want_from_conf(c, weight_cb, sorry_cb, NULL, &w, &n), 0);
	ck_assert_uint_eq(n, 4);
	ck_assert_str_eq(ipvs_service_key(&w[0].svc, key, sizeof(key)), "tcp 192.0.2.10 80");
	ck_assert_str_eq(ipvs_service_key(&w[1].svc, key, sizeof(key)), "tcp 192.0.2.11 80");
	ck_assert_str_eq(ipvs_service_key(&w[2].svc, key, sizeof(key)), "fwmark 4 inet");
	ck_assert_str_eq(ipvs_service_key(&w[3].svc, key, sizeof(key)), "tcp 10.0.0.1 443");
	ck_assert_str_eq(w[0].svc.sched, "rr");
	ck_assert_uint_eq(w[0].svc.flags & IP_VS_SVC_F_PERSISTENT, IP_VS_SVC_F_PERSISTENT);
	ck_assert_uint_eq(w[0].svc.timeout_s, 60);
	ck_assert_uint_eq(w[0].n_dests, 3);   /* .11 w3, .12 w0 (inhibited), sorry */
	ck_assert_int_eq(w[0].dests[0].weight, 3);
	ck_assert_int_eq(w[0].dests[1].weight, 0);
	ck_assert_uint_eq(w[0].dests[2].port, 80);
	ck_assert_int_eq(w[0].dests[2].weight, 0);
	ck_assert_uint_eq(w[3].n_dests, 0);   /* down, not inhibited: left out */
	ipvs_state_free(w, n);
	/* all up, no callbacks */
	ck_assert_int_eq(ipvs_want_from_conf(c, NULL, NULL, NULL, &w, &n), 0);
	ck_assert_uint_eq(w[3].n_dests, 1);
	ck_assert_uint_eq(w[3].dests[0].fwd_method, IP_VS_CONN_F_DROUTE);
	ipvs_state_free(w, n);
	floatd_conf_free(c);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("ipvs");
	TCase *tc = tcase_create("ipvs");

	tcase_add_test(tc, test_service_roundtrip);
	tcase_add_test(tc, test_service_golden);
	tcase_add_test(tc, test_dest_roundtrip);
	tcase_add_test(tc, test_v6_and_fwmark);
	tcase_add_test(tc, test_keys);
	tcase_add_test(tc, test_owned_file);
	tcase_add_test(tc, test_reconcile_create_from_empty);
	tcase_add_test(tc, test_reconcile_never_touches_foreign);
	tcase_add_test(tc, test_reconcile_fix_differences);
	tcase_add_test(tc, test_want_from_conf);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
