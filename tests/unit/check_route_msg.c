/* lib/route_msg.c: route and rule requests compared byte for byte with
 * messages written out here by hand from <linux/rtnetlink.h> and
 * <linux/fib_rules.h> (host byte order, as netlink is; x86/arm64 are
 * little-endian, which the L16/L32 helpers spell out). */
#include "config.h"

#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/fib_rules.h>
#include <linux/lwtunnel.h>
#include <linux/mpls_iptunnel.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include "route_msg.h"

#define L16(v) (uint8_t)((v) & 0xff), (uint8_t)(((v) >> 8) & 0xff)
#define L32(v) L16((v) & 0xffff), L16(((unsigned)(v) >> 16) & 0xffff)
/* struct nlmsghdr with seq and pid 0 (the sender fills them) */
#define NLHDR(len, type, flags) L32(len), L16(type), L16(flags), L32(0), L32(0)
#define ATTR(len, type) L16(len), L16(type)
#define IP4(a, b, c, d) a, b, c, d

static void expect(const uint8_t *want, size_t wlen, const uint8_t *got, int glen)
{
	ck_assert_int_eq(glen, (int)wlen);
	for (size_t i = 0; i < wlen; i++)
		ck_assert_msg(got[i] == want[i], "byte %zu: got 0x%02x, want 0x%02x", i, got[i],
		              want[i]);
}

static void spec_v4(struct route_spec *r, const char *dst, uint8_t len)
{
	memset(r, 0, sizeof(*r));
	r->family = AF_INET;
	r->scope = -1;
	r->ttl_propagate = -1;
	inet_pton(AF_INET, dst, &r->dst);
	r->dst_len = len;
}

START_TEST(t_route_plain)
{
	static const uint8_t want[] = {
		NLHDR(68, RTM_NEWROUTE, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_REPLACE),
		/* rtmsg: family, dst_len, src_len, tos, table, protocol, scope, type, flags */
		AF_INET, 24, 0, 0, 100, RTPROT_STATIC, RT_SCOPE_UNIVERSE, RTN_UNICAST, L32(0),
		ATTR(8, RTA_TABLE), L32(100),
		ATTR(8, RTA_DST), IP4(10, 1, 2, 0),
		ATTR(8, RTA_GATEWAY), IP4(10, 0, 0, 1),
		ATTR(8, RTA_OIF), L32(3),
		ATTR(8, RTA_PRIORITY), L32(7),
	};
	static const uint8_t want_del_head[] = {
		NLHDR(68, RTM_DELROUTE, NLM_F_REQUEST | NLM_F_ACK),
	};
	uint8_t buf[ROUTE_MSG_MAX];
	struct route_spec r;
	int n;

	spec_v4(&r, "10.1.2.0", 24);
	inet_pton(AF_INET, "10.0.0.1", &r.via);
	r.has_via = true;
	r.oif = 3;
	r.table = 100;
	r.has_metric = true;
	r.metric = 7;
	expect(want, sizeof(want), buf, route_msg_build(buf, sizeof(buf), true, &r));
	/* the delete is the same message with the request flags only */
	n = route_msg_build(buf, sizeof(buf), false, &r);
	ck_assert_int_eq(n, (int)sizeof(want));
	ck_assert(memcmp(buf, want_del_head, sizeof(want_del_head)) == 0);
	ck_assert(memcmp(buf + 16, want + 16, sizeof(want) - 16) == 0);
	/* too small a buffer, an unknown family */
	ck_assert_int_eq(route_msg_build(buf, 40, true, &r), -EMSGSIZE);
	r.family = 0;
	ck_assert_int_eq(route_msg_build(buf, sizeof(buf), true, &r), -EINVAL);
}
END_TEST

START_TEST(t_route_metrics)
{
	static const uint8_t want[] = {
		NLHDR(92, RTM_NEWROUTE, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_APPEND),
		/* no gateway: link scope, as `ip route add` picks; table 1000 > 255 */
		AF_INET, 16, 0, 0x10, RT_TABLE_UNSPEC, 99, RT_SCOPE_LINK, RTN_UNICAST, L32(RTNH_F_ONLINK),
		ATTR(8, RTA_TABLE), L32(1000),
		ATTR(8, RTA_DST), IP4(10, 1, 0, 0),
		ATTR(8, RTA_OIF), L32(2),
		ATTR(40, RTA_METRICS),
		  ATTR(8, RTAX_LOCK), L32(1u << RTAX_MTU),
		  ATTR(8, RTAX_MTU), L32(1400),
		  ATTR(8, RTAX_RTT), L32(2400),
		  ATTR(9, RTAX_CC_ALGO), 'r', 'e', 'n', 'o', 0, 0, 0, 0,
	};
	uint8_t buf[ROUTE_MSG_MAX];
	struct route_spec r;

	spec_v4(&r, "10.1.0.0", 16);
	r.oif = 2;
	r.table = 1000;
	r.tos = 0x10;
	r.protocol = 99;
	r.flags = RTNH_F_ONLINK;
	r.mode = ROUTE_MODE_APPEND;
	r.metrics[RTAX_MTU] = 1400;
	r.metrics[RTAX_RTT] = 2400;
	r.metrics_set = 1u << RTAX_MTU | 1u << RTAX_RTT;
	r.lock = 1u << RTAX_MTU;
	strcpy(r.congctl, "reno");
	expect(want, sizeof(want), buf, route_msg_build(buf, sizeof(buf), true, &r));
}
END_TEST

START_TEST(t_route_multipath)
{
	static const uint8_t want[] = {
		NLHDR(80, RTM_NEWROUTE, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL),
		AF_INET, 24, 0, 0, RT_TABLE_MAIN, RTPROT_STATIC, RT_SCOPE_UNIVERSE, RTN_UNICAST, L32(0),
		ATTR(8, RTA_TABLE), L32(RT_TABLE_MAIN),
		ATTR(8, RTA_DST), IP4(10, 2, 0, 0),
		ATTR(36, RTA_MULTIPATH),
		  /* rtnexthop: len, flags, hops (weight - 1), ifindex */
		  L16(16), 0, 1, L32(2),
		    ATTR(8, RTA_GATEWAY), IP4(10, 0, 0, 1),
		  L16(16), RTNH_F_ONLINK, 0, L32(3),
		    ATTR(8, RTA_GATEWAY), IP4(10, 0, 0, 2),
	};
	uint8_t buf[ROUTE_MSG_MAX];
	struct route_spec r;

	spec_v4(&r, "10.2.0.0", 24);
	r.mode = ROUTE_MODE_ADD;
	r.n_nh = 2;
	inet_pton(AF_INET, "10.0.0.1", &r.nh[0].via);
	r.nh[0].has_via = true;
	r.nh[0].oif = 2;
	r.nh[0].weight = 2;
	inet_pton(AF_INET, "10.0.0.2", &r.nh[1].via);
	r.nh[1].has_via = true;
	r.nh[1].oif = 3;
	r.nh[1].flags = RTNH_F_ONLINK;
	expect(want, sizeof(want), buf, route_msg_build(buf, sizeof(buf), true, &r));
}
END_TEST

START_TEST(t_route_encap_v6)
{
	static const uint8_t want[] = {
		NLHDR(124, RTM_NEWROUTE, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_REPLACE),
		AF_INET6, 32, 48, 0, RT_TABLE_MAIN, RTPROT_STATIC, RT_SCOPE_UNIVERSE, RTN_UNICAST, L32(0),
		ATTR(8, RTA_TABLE), L32(RT_TABLE_MAIN),
		ATTR(20, RTA_DST), 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		ATTR(20, RTA_SRC), 0xfd, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		ATTR(8, RTA_OIF), L32(4),
		/* MPLS labels 100/200: label << 12, bottom-of-stack bit on the last, big-endian */
		ATTR(16, RTA_ENCAP),
		  ATTR(12, MPLS_IPTUNNEL_DST), 0x00, 0x06, 0x40, 0x00, 0x00, 0x0c, 0x81, 0x00,
		ATTR(6, RTA_ENCAP_TYPE), L16(LWTUNNEL_ENCAP_MPLS), 0, 0,
		ATTR(8, RTA_EXPIRES), L32(600),
		ATTR(5, RTA_PREF), 1, 0, 0, 0,
	};
	uint8_t buf[ROUTE_MSG_MAX];
	struct route_spec r;

	memset(&r, 0, sizeof(r));
	r.family = AF_INET6;
	r.scope = -1;
	r.ttl_propagate = -1;
	inet_pton(AF_INET6, "2001:db8::", &r.dst);
	r.dst_len = 32;
	inet_pton(AF_INET6, "fd00:1::", &r.from);
	r.from_len = 48;
	r.has_from = true;
	r.oif = 4;
	r.encap.type = LWTUNNEL_ENCAP_MPLS;
	r.encap.n_labels = 2;
	r.encap.labels[0] = 100;
	r.encap.labels[1] = 200;
	r.has_expires = true;
	r.expires = 600;
	r.has_pref = true;
	r.pref = 1;
	expect(want, sizeof(want), buf, route_msg_build(buf, sizeof(buf), true, &r));
}
END_TEST

START_TEST(t_default_scope)
{
	struct route_spec r;

	spec_v4(&r, "10.0.0.0", 8);
	ck_assert_uint_eq(route_default_scope(&r), RT_SCOPE_LINK);
	r.has_via = true;
	ck_assert_uint_eq(route_default_scope(&r), RT_SCOPE_UNIVERSE);
	r.type = RTN_LOCAL;
	ck_assert_uint_eq(route_default_scope(&r), RT_SCOPE_HOST);
	r.type = RTN_BROADCAST;
	ck_assert_uint_eq(route_default_scope(&r), RT_SCOPE_LINK);
	r.type = RTN_BLACKHOLE;
	ck_assert_uint_eq(route_default_scope(&r), RT_SCOPE_UNIVERSE);
	r.scope = RT_SCOPE_SITE;
	ck_assert_uint_eq(route_default_scope(&r), RT_SCOPE_SITE);
	r.scope = -1;
	r.family = AF_INET6;
	r.type = RTN_UNICAST;
	r.has_via = false;
	ck_assert_uint_eq(route_default_scope(&r), RT_SCOPE_UNIVERSE);
}
END_TEST

START_TEST(t_rule)
{
	static const uint8_t want[] = {
		NLHDR(88, RTM_NEWRULE, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL),
		/* fib_rule_hdr: family, dst_len, src_len, tos, table, res1, res2, action, flags */
		AF_INET, 0, 16, 0, 0, 0, 0, FR_ACT_GOTO, L32(FIB_RULE_INVERT),
		ATTR(8, FRA_SRC), IP4(10, 3, 0, 0),
		ATTR(8, FRA_PRIORITY), L32(1104),
		ATTR(8, FRA_FWMARK), L32(0x10),
		ATTR(8, FRA_FWMASK), L32(0xff),
		ATTR(8, FRA_GOTO), L32(1110),
		ATTR(12, FRA_UID_RANGE), L32(1000), L32(2000),
		ATTR(8, FRA_SPORT_RANGE), L16(1000), L16(2000),
	};
	static const uint8_t want_tbl[] = {
		NLHDR(76, RTM_DELRULE, NLM_F_REQUEST | NLM_F_ACK),
		AF_INET6, 64, 0, 0, RT_TABLE_MAIN, 0, 0, FR_ACT_TO_TBL, L32(0),
		ATTR(8, FRA_TABLE), L32(RT_TABLE_MAIN),
		ATTR(20, FRA_DST), 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		ATTR(9, FRA_IIFNAME), 'e', 't', 'h', '0', 0, 0, 0, 0,
		ATTR(5, FRA_IP_PROTO), 6, 0, 0, 0,
	};
	uint8_t buf[ROUTE_MSG_MAX];
	struct rule_spec r;

	memset(&r, 0, sizeof(r));
	r.family = AF_INET;
	r.invert = true;
	inet_pton(AF_INET, "10.3.0.0", &r.from);
	r.from_len = 16;
	r.has_priority = true;
	r.priority = 1104;
	r.has_fwmark = r.has_fwmask = true;
	r.fwmark = 0x10;
	r.fwmask = 0xff;
	r.action = FR_ACT_GOTO;
	r.has_goto = true;
	r.goto_target = 1110;
	r.has_uidrange = true;
	r.uid_start = 1000;
	r.uid_end = 2000;
	r.has_sport = true;
	r.sport[0] = 1000;
	r.sport[1] = 2000;
	expect(want, sizeof(want), buf, rule_msg_build(buf, sizeof(buf), true, &r));

	memset(&r, 0, sizeof(r));
	r.family = AF_INET6;
	inet_pton(AF_INET6, "2001:db8::", &r.to);
	r.to_len = 64;
	strcpy(r.iif, "eth0");
	r.has_ipproto = true;
	r.ipproto = 6;
	expect(want_tbl, sizeof(want_tbl), buf, rule_msg_build(buf, sizeof(buf), false, &r));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("route_msg");
	TCase *tc = tcase_create("build");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, t_route_plain);
	tcase_add_test(tc, t_route_metrics);
	tcase_add_test(tc, t_route_multipath);
	tcase_add_test(tc, t_route_encap_v6);
	tcase_add_test(tc, t_default_scope);
	tcase_add_test(tc, t_rule);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
