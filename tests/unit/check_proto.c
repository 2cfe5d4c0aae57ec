/* Protocol pieces beyond the basic advert: keepalived-compatible AH
 * (golden bytes from a keepalived 2.2.7 capture), the unsolicited NA
 * message, the TTL rule of unicast mode, and the unicast/authentication
 * config keywords with their file:line messages. */
#include "config.h"

#include <arpa/inet.h>
#include <check.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "conf.h"
#include "vrrp/auth_ah.h"
#include "vrrp/ndisc.h"
#include "vrrp/pkt.h"
#include "unit_main.h"

/* keepalived 2.2.7, `auth_type AH; auth_pass s3cr3t`, VRID 51, priority
 * 150, advert_int 1, VIP 10.98.0.50, from 10.98.0.1: first advert as
 * captured by tcpdump (IP header onwards). */
static const uint8_t ka_ah[64] = {
	0x45, 0xc0, 0x00, 0x40, 0x00, 0x01, 0x00, 0x00, 0xff, 0x33, 0xd0, 0x54,
	0x0a, 0x62, 0x00, 0x01, 0xe0, 0x00, 0x00, 0x12,
	0x70, 0x04, 0x00, 0x00, 0x0a, 0x62, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01,
	0x6a, 0xe9, 0x43, 0x4c, 0xff, 0x8b, 0x86, 0x57, 0xe0, 0x96, 0x92, 0x8c,
	0x21, 0x33, 0x96, 0x01, 0x02, 0x01, 0x3c, 0x36, 0x0a, 0x62, 0x00, 0x32,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};
static const uint8_t key[VRRP_AUTH_LEN] = "s3cr3t";

START_TEST(t_ah_build_matches_keepalived)
{
	uint8_t out[128];
	struct in_addr src, dst;
	int n;

	inet_pton(AF_INET, "10.98.0.1", &src);
	inet_pton(AF_INET, "224.0.0.18", &dst);
	n = vrrp_ah_build(out, sizeof(out), src, dst, 255, 1, 1, key, ka_ah + 44, 20);
	ck_assert_int_eq(n, 64);
	ck_assert_mem_eq(out, ka_ah, 64);
	ck_assert_int_eq(vrrp_ah_build(out, 63, src, dst, 255, 1, 1, key, ka_ah + 44, 20), -1);
}
END_TEST

START_TEST(t_ah_parse_verify)
{
	uint8_t d[64];
	uint8_t other[VRRP_AUTH_LEN] = "s3cr3T";
	size_t off = 0;
	uint32_t seq = 0;

	ck_assert_int_eq(vrrp_ah_parse(ka_ah, sizeof(ka_ah), &off, &seq), VRRP_DROP_NONE);
	ck_assert_uint_eq(off, 44);
	ck_assert_uint_eq(seq, 1);
	ck_assert_int_eq(vrrp_ah_verify(ka_ah, sizeof(ka_ah), key), VRRP_DROP_NONE);
	ck_assert_int_eq(vrrp_ah_verify(ka_ah, sizeof(ka_ah), other), VRRP_DROP_AUTH);
	/* mutable fields may change in flight; everything else is covered */
	memcpy(d, ka_ah, sizeof(d));
	d[1] = 0; d[10] ^= 0xff;
	ck_assert_int_eq(vrrp_ah_verify(d, sizeof(d), key), VRRP_DROP_NONE);
	for (size_t i = 0; i < sizeof(d); i++) {
		if (i == 1 || i == 6 || i == 7 || i == 10 || i == 11)
			continue;
		memcpy(d, ka_ah, sizeof(d));
		d[i] ^= 0x01;
		if (vrrp_ah_parse(d, sizeof(d), &off, &seq) != VRRP_DROP_NONE)
			continue;
		ck_assert_msg(vrrp_ah_verify(d, sizeof(d), key) == VRRP_DROP_AUTH,
		              "flipping byte %zu was not detected", i);
	}
	ck_assert_int_eq(vrrp_ah_parse(ka_ah, 40, &off, &seq), VRRP_DROP_TRUNCATED);
	memcpy(d, ka_ah, sizeof(d));
	d[20] = 17;   /* next header not VRRP */
	ck_assert_int_eq(vrrp_ah_parse(d, sizeof(d), &off, &seq), VRRP_DROP_AUTH);
}
END_TEST

START_TEST(t_ah_replay)
{
	struct vrrp_ah_replay r;
	struct in_addr a, b;

	memset(&r, 0, sizeof(r));
	inet_pton(AF_INET, "10.0.0.1", &a);
	inet_pton(AF_INET, "10.0.0.2", &b);
	ck_assert_int_eq(vrrp_ah_replay_ok(&r, a, 0), 0);        /* never valid */
	ck_assert_int_eq(vrrp_ah_replay_ok(&r, a, 5), 1);
	ck_assert_int_eq(vrrp_ah_replay_ok(&r, a, 5), 0);
	ck_assert_int_eq(vrrp_ah_replay_ok(&r, a, 6), 1);
	ck_assert_int_eq(vrrp_ah_replay_ok(&r, a, 6), 0);
	/* inside the window and not seen: accepted once (reordering) */
	ck_assert_int_eq(vrrp_ah_replay_ok(&r, a, 4), 1);
	ck_assert_int_eq(vrrp_ah_replay_ok(&r, a, 4), 0);
	/* per source: b's numbers are its own */
	ck_assert_int_eq(vrrp_ah_replay_ok(&r, b, 1), 1);
	ck_assert_int_eq(vrrp_ah_replay_ok(&r, b, 5), 1);
	ck_assert_int_eq(vrrp_ah_replay_ok(&r, b, 5), 0);
	ck_assert_int_eq(vrrp_ah_replay_ok(&r, a, 7), 1);
	ck_assert_uint_eq(r.n, 2);
}
END_TEST

/* A captured run replayed later, in order, is refused entirely, however
 * long the sender has been silent (no state is forgotten on a timer); a
 * jump ahead slides the window; older than the window is refused. */
START_TEST(t_ah_replay_window)
{
	struct vrrp_ah_replay r;
	struct in_addr a;

	memset(&r, 0, sizeof(r));
	inet_pton(AF_INET, "10.0.0.1", &a);
	for (uint32_t s = 1000; s < 1100; s++)
		ck_assert_int_eq(vrrp_ah_replay_ok(&r, a, s), 1);
	for (uint32_t s = 1000; s < 1100; s++)
		ck_assert_int_eq(vrrp_ah_replay_ok(&r, a, s), 0);
	/* 1099 is the top: 1099 - 63 is the oldest inside the window */
	ck_assert_int_eq(vrrp_ah_replay_ok(&r, a, 1099 - VRRP_AH_REPLAY_WINDOW), 0);
	/* a jump larger than the window clears it; the old top is now too old */
	ck_assert_int_eq(vrrp_ah_replay_ok(&r, a, 1099 + 200), 1);
	ck_assert_int_eq(vrrp_ah_replay_ok(&r, a, 1099), 0);
	ck_assert_int_eq(vrrp_ah_replay_ok(&r, a, 1099 + 150), 1);
	ck_assert_int_eq(vrrp_ah_replay_ok(&r, a, 1099 + 150), 0);
	ck_assert_int_eq(vrrp_ah_replay_ok(&r, a, 1099 + 200 - VRRP_AH_REPLAY_WINDOW), 0);
	ck_assert_int_eq(vrrp_ah_replay_ok(&r, a, 1099 + 201 - VRRP_AH_REPLAY_WINDOW), 1);
	/* the top of the 32-bit space */
	ck_assert_int_eq(vrrp_ah_replay_ok(&r, a, 0xffffffffu), 1);
	ck_assert_int_eq(vrrp_ah_replay_ok(&r, a, 0xffffffffu), 0);
}
END_TEST

/* The table is bounded: a new source beyond it is refused, known ones
 * keep working. */
START_TEST(t_ah_replay_sources)
{
	struct vrrp_ah_replay r;
	struct in_addr a;

	memset(&r, 0, sizeof(r));
	for (unsigned i = 0; i < VRRP_AH_REPLAY_SOURCES; i++) {
		a.s_addr = htonl(0x0a000001u + i);
		ck_assert_int_eq(vrrp_ah_replay_ok(&r, a, 1), 1);
	}
	a.s_addr = htonl(0x0a000001u + VRRP_AH_REPLAY_SOURCES);
	ck_assert_int_eq(vrrp_ah_replay_ok(&r, a, 1), 0);
	a.s_addr = htonl(0x0a000001u);
	ck_assert_int_eq(vrrp_ah_replay_ok(&r, a, 2), 1);
}
END_TEST

/* Our own numbers follow the wall clock (4 per second since 2024), so a
 * restarted floatd never repeats one; a burst runs ahead of the clock. */
START_TEST(t_ah_seq_floor)
{
	const uint64_t epoch = 1704067200;

	ck_assert_uint_eq(vrrp_ah_seq_floor(0, 1000), 0);            /* clock before 2024 */
	ck_assert_uint_eq(vrrp_ah_seq_floor(7, epoch), 7);
	ck_assert_uint_eq(vrrp_ah_seq_floor(0, epoch + 100), 400);
	ck_assert_uint_eq(vrrp_ah_seq_floor(400, epoch + 100), 400);
	ck_assert_uint_eq(vrrp_ah_seq_floor(900, epoch + 100), 900);   /* ahead: keep counting */
	ck_assert_uint_eq(vrrp_ah_seq_floor(900, epoch + 300), 1200);
	/* far future: stays below keepalived's 0xfffffffd limit */
	ck_assert_uint_eq(vrrp_ah_seq_floor(0, epoch + ((uint64_t)1 << 31)), 0xfffffff0u);
}
END_TEST

START_TEST(t_na_frame)
{
	static const uint8_t mac[6] = { 0x02, 0x11, 0x22, 0x33, 0x44, 0x55 };
	static const uint8_t want[32] = {
		136, 0, 0, 0, 0x20, 0, 0, 0,
		0xfd, 0x99, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x50,
		2, 1, 0x02, 0x11, 0x22, 0x33, 0x44, 0x55,
	};
	uint8_t out[VRRP_NDISC_NA_LEN];
	struct in6_addr vip;

	inet_pton(AF_INET6, "fd99::50", &vip);
	ck_assert_uint_eq(vrrp_ndisc_build_na(out, mac, &vip, false), 32);
	ck_assert_mem_eq(out, want, 32);
	vrrp_ndisc_build_na(out, mac, &vip, true);
	ck_assert_uint_eq(out[4], 0xa0);   /* router + override, never solicited */
}
END_TEST

START_TEST(t_unicast_ttl_rule)
{
	uint8_t msg[64];
	union vrrp_addr src, dst;
	struct vrrp_pkt p, out;
	struct vrrp_rx rx;
	int n;

	memset(&p, 0, sizeof(p));
	p.family = AF_INET;
	p.version = 2;
	p.vrid = 1;
	p.priority = 100;
	p.naddr = 1;
	p.adver_int_cs = 100;
	p.auth_type = VRRP_AUTH_PASS;
	memcpy(p.auth_data, "pw\0\0\0\0\0\0", 8);
	inet_pton(AF_INET, "10.0.0.1", &p.addrs[0].v4);
	inet_pton(AF_INET, "10.0.0.2", &src.v4);
	inet_pton(AF_INET, "10.0.0.3", &dst.v4);
	n = vrrp_pkt_encode(&p, &src, &dst, VRRP_CSUM_PLAIN, msg, sizeof(msg));
	ck_assert_int_eq(n, 20);
	ck_assert_mem_eq(msg + 12, "pw\0\0\0\0\0\0", 8);
	memset(&rx, 0, sizeof(rx));
	rx.family = AF_INET;
	rx.src = src;
	rx.dst = dst;
	rx.ttl = 254;     /* one router away */
	rx.data = msg;
	rx.len = (size_t)n;
	ck_assert_int_eq(vrrp_pkt_decode(&rx, &out), VRRP_DROP_TTL);
	rx.skip_ttl = true;
	ck_assert_int_eq(vrrp_pkt_decode(&rx, &out), VRRP_DROP_NONE);
	ck_assert_str_eq(vrrp_drop_name(VRRP_DROP_NOT_PEER), "not_peer");
}
END_TEST

/* ---- config */

static char tdir[PATH_MAX / 2];
static char diags[8192];
static size_t dlen;

static void record(void *arg, enum conf_severity sev, const char *file, int line, const char *msg)
{
	const char *base = strrchr(file, '/');

	(void)arg;
	dlen += (size_t)snprintf(diags + dlen, sizeof(diags) - dlen, "%s:%d: %s: %s\n",
	                         base ? base + 1 : file, line, sev == CONF_ERROR ? "error" : "warning",
	                         msg);
}

static int load_text(const char *text, struct floatd_conf **out)
{
	char path[PATH_MAX];
	struct conf_diag d = { .report = record };
	FILE *fp;
	int rc;

	snprintf(tdir, sizeof(tdir), "/tmp/floatd-proto-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tdir));
	snprintf(path, sizeof(path), "%s/t.conf", tdir);
	fp = fopen(path, "w");
	ck_assert_ptr_nonnull(fp);
	fputs(text, fp);
	fclose(fp);
	dlen = 0;
	diags[0] = '\0';
	rc = floatd_conf_load(path, &d, out);
	unlink(path);
	rmdir(tdir);
	return rc;
}

START_TEST(t_conf_unicast_auth)
{
	struct floatd_conf *c = NULL;
	const struct vrrp_instance_conf *vi;
	char *buf = NULL;
	size_t blen = 0;
	FILE *mem;

	ck_assert_int_eq(load_text(
		"vrrp_instance VI_1 {\n"
		"  interface eth0\n"
		"  virtual_router_id 7\n"
		"  unicast_src_ip 10.0.0.1\n"
		"  unicast_ttl 64\n"
		"  unicast_peer {\n"
		"    10.0.0.2\n"
		"    10.0.0.3 min_ttl 250 max_ttl 255\n"
		"    10.0.0.2\n"
		"  }\n"
		"  authentication {\n"
		"    auth_type PASS\n"
		"    auth_pass 0123456789\n"
		"  }\n"
		"  virtual_ipaddress {\n"
		"    10.0.0.50\n"
		"  }\n"
		"}\n", &c), 0);
	ck_assert_ptr_nonnull(strstr(diags, "t.conf:8: warning: unicast_peer option 'min_ttl' is not supported"));
	ck_assert_ptr_nonnull(strstr(diags, "t.conf:9: warning: duplicate unicast_peer '10.0.0.2' ignored"));
	ck_assert_ptr_nonnull(strstr(diags, "t.conf:13: warning: auth_pass longer than 8 characters, truncated"));
	vi = c->instances;
	ck_assert_int_eq(vi->has_unicast_src, true);
	ck_assert_uint_eq(vi->n_unicast_peers, 2);
	ck_assert_uint_eq(vi->unicast_ttl, 64);
	ck_assert_uint_eq(vi->auth_type, VRRP_AUTH_PASS);
	ck_assert_mem_eq(vi->auth_pass, "01234567", 8);
	mem = open_memstream(&buf, &blen);
	floatd_conf_dump(mem, c);
	fclose(mem);
	ck_assert_ptr_nonnull(strstr(buf, "\tunicast_src_ip 10.0.0.1\n\tunicast_peer {\n\t\t10.0.0.2\n\t\t10.0.0.3\n\t}\n\tunicast_ttl 64\n"));
	ck_assert_ptr_nonnull(strstr(buf, "\t\tauth_type PASS\n\t\tauth_pass \"01234567\"\n"));
	free(buf);
	floatd_conf_free(c);
}
END_TEST

START_TEST(t_conf_errors)
{
	struct floatd_conf *c = NULL;

	ck_assert_int_eq(load_text(
		"vrrp_instance VI_1 {\n"
		"  interface eth0\n"
		"  virtual_router_id 7\n"
		"  version 3\n"
		"  unicast_peer {\n"
		"    fd00::2\n"
		"    nonsense\n"
		"  }\n"
		"  authentication {\n"
		"    auth_type AH\n"
		"    auth_pass x\n"
		"  }\n"
		"  virtual_ipaddress {\n"
		"    10.0.0.50\n"
		"  }\n"
		"}\n"
		"vrrp_instance VI_2 {\n"
		"  interface eth0\n"
		"  virtual_router_id 8\n"
		"  authentication {\n"
		"    auth_type MD5\n"
		"  }\n"
		"  virtual_ipaddress {\n"
		"    10.0.0.51\n"
		"  }\n"
		"}\n", &c), -1);
	ck_assert_ptr_null(c);
	ck_assert_ptr_nonnull(strstr(diags, "t.conf:7: error: invalid address 'nonsense' in unicast_peer"));
	ck_assert_ptr_nonnull(strstr(diags, "t.conf:21: error: invalid auth_type 'MD5' (expected PASS|AH)"));
	ck_assert_ptr_nonnull(strstr(diags, "t.conf:6: error: vrrp_instance VI_1: unicast_peer is IPv6 but the instance is IPv4"));
	ck_assert_ptr_nonnull(strstr(diags, "t.conf:9: warning: vrrp_instance VI_1: authentication is VRRPv2 only (this instance is version 3); ignored, as keepalived does"));
	ck_assert_ptr_nonnull(strstr(diags, "t.conf:20: error: vrrp_instance VI_2: authentication without auth_type"));
}
END_TEST

static Suite *
proto_suite(void)
{
	Suite *s = suite_create("proto");
	TCase *tc = tcase_create("all");

	tcase_add_test(tc, t_ah_build_matches_keepalived);
	tcase_add_test(tc, t_ah_parse_verify);
	tcase_add_test(tc, t_ah_replay);
	tcase_add_test(tc, t_ah_replay_window);
	tcase_add_test(tc, t_ah_replay_sources);
	tcase_add_test(tc, t_ah_seq_floor);
	tcase_add_test(tc, t_na_frame);
	tcase_add_test(tc, t_unicast_ttl_rule);
	tcase_add_test(tc, t_conf_unicast_auth);
	tcase_add_test(tc, t_conf_errors);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return unit_run(proto_suite());
}
