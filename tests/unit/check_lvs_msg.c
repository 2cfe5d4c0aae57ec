/* The VRRP process's IPVS requests (src/check/ipvs_msg.c: sync daemon,
 * timeouts, flush, family lookup) compared byte for byte with messages
 * written out here by hand from <linux/ip_vs.h> and <linux/genetlink.h>
 * (host byte order, little-endian spelt out by L16/L32), and the two
 * answers they read (family id, timeouts).  Links libfloatd_pure.a only. */
#include "config.h"

#include <arpa/inet.h>
#include <check.h>
#include <linux/genetlink.h>
#include <linux/ip_vs.h>
#include <linux/netlink.h>
#include <string.h>

#include "check/ipvs.h"
#include "unit_main.h"

#define L16(v) (uint8_t)((v) & 0xff), (uint8_t)(((v) >> 8) & 0xff)
#define L32(v) L16((v) & 0xffff), L16(((unsigned)(v) >> 16) & 0xffff)
#define NLHDR(len, type, flags, seq) L32(len), L16(type), L16(flags), L32(seq), L32(0)
#define GENL(cmd) cmd, IPVS_GENL_VERSION, L16(0)
#define ATTR(len, type) L16(len), L16(type)
#define REQ_ACK (NLM_F_REQUEST | NLM_F_ACK)
#define FAM 0x1c

static void expect(const uint8_t *want, size_t wlen, const uint8_t *got, int glen)
{
	ck_assert_int_eq(glen, (int)wlen);
	for (size_t i = 0; i < wlen; i++)
		ck_assert_msg(got[i] == want[i], "byte %zu: got 0x%02x, want 0x%02x", i, got[i],
		              want[i]);
}

static struct ipvs_daemon daemon_of(uint32_t state, const char *ifname, uint32_t id)
{
	struct ipvs_daemon d;

	memset(&d, 0, sizeof(d));
	d.state = state;
	snprintf(d.ifname, sizeof(d.ifname), "%s", ifname);
	d.syncid = id;
	return d;
}

START_TEST(t_daemon_start_full)
{
	static const uint8_t want[] = {
		NLHDR(84, FAM, REQ_ACK, 5), GENL(IPVS_CMD_NEW_DAEMON),
		ATTR(64, NLA_F_NESTED | IPVS_CMD_ATTR_DAEMON),
		ATTR(8, IPVS_DAEMON_ATTR_STATE), L32(IP_VS_STATE_MASTER),
		ATTR(9, IPVS_DAEMON_ATTR_MCAST_IFN), 'e', 't', 'h', '1', 0, 0, 0, 0,
		ATTR(8, IPVS_DAEMON_ATTR_SYNC_ID), L32(7),
		ATTR(6, IPVS_DAEMON_ATTR_SYNC_MAXLEN), L16(1400), 0, 0,
		ATTR(8, IPVS_DAEMON_ATTR_MCAST_GROUP), 239, 1, 2, 3,
		/* port and TTL in host order: the kernel adds the port itself */
		ATTR(6, IPVS_DAEMON_ATTR_MCAST_PORT), L16(8850), 0, 0,
		ATTR(5, IPVS_DAEMON_ATTR_MCAST_TTL), 2, 0, 0, 0,
	};
	struct ipvs_daemon d = daemon_of(IP_VS_STATE_MASTER, "eth1", 7);
	uint8_t buf[256];

	d.maxlen = 1400;
	d.port = 8850;
	d.ttl = 2;
	d.group_af = AF_INET;
	inet_pton(AF_INET, "239.1.2.3", &d.group.v4);
	expect(want, sizeof(want), buf, ipvs_msg_daemon(buf, sizeof(buf), FAM, 5, true, &d));
	/* too small a buffer fails, never overruns */
	ck_assert_int_eq(ipvs_msg_daemon(buf, sizeof(want) - 1, FAM, 5, true, &d), -1);
}
END_TEST

START_TEST(t_daemon_start_minimal_v6_group)
{
	/* only what is set: state, interface, id (what every kernel takes) */
	static const uint8_t want_min[] = {
		NLHDR(48, FAM, REQ_ACK, 6), GENL(IPVS_CMD_NEW_DAEMON),
		ATTR(28, NLA_F_NESTED | IPVS_CMD_ATTR_DAEMON),
		ATTR(8, IPVS_DAEMON_ATTR_STATE), L32(IP_VS_STATE_BACKUP),
		ATTR(8, IPVS_DAEMON_ATTR_MCAST_IFN), 'e', 't', 'h', 0,
		ATTR(8, IPVS_DAEMON_ATTR_SYNC_ID), L32(0),
	};
	static const uint8_t want_v6[] = {
		NLHDR(68, FAM, REQ_ACK, 7), GENL(IPVS_CMD_NEW_DAEMON),
		ATTR(48, NLA_F_NESTED | IPVS_CMD_ATTR_DAEMON),
		ATTR(8, IPVS_DAEMON_ATTR_STATE), L32(IP_VS_STATE_BACKUP),
		ATTR(8, IPVS_DAEMON_ATTR_MCAST_IFN), 'e', 't', 'h', 0,
		ATTR(8, IPVS_DAEMON_ATTR_SYNC_ID), L32(255),
		ATTR(20, IPVS_DAEMON_ATTR_MCAST_GROUP6),
		0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, 0, 0x81,
	};
	struct ipvs_daemon d = daemon_of(IP_VS_STATE_BACKUP, "eth", 0);
	uint8_t buf[256];

	expect(want_min, sizeof(want_min), buf, ipvs_msg_daemon(buf, sizeof(buf), FAM, 6, true, &d));
	d.syncid = 255;
	d.group_af = AF_INET6;
	inet_pton(AF_INET6, "ff02::1:81", &d.group.v6);
	expect(want_v6, sizeof(want_v6), buf, ipvs_msg_daemon(buf, sizeof(buf), FAM, 7, true, &d));
}
END_TEST

START_TEST(t_daemon_stop)
{
	/* DEL_DAEMON: the state (the kernel needs only that) and the id */
	static const uint8_t want[] = {
		NLHDR(40, FAM, REQ_ACK, 8), GENL(IPVS_CMD_DEL_DAEMON),
		ATTR(20, NLA_F_NESTED | IPVS_CMD_ATTR_DAEMON),
		ATTR(8, IPVS_DAEMON_ATTR_STATE), L32(IP_VS_STATE_MASTER),
		ATTR(8, IPVS_DAEMON_ATTR_SYNC_ID), L32(51),
	};
	struct ipvs_daemon d = daemon_of(IP_VS_STATE_MASTER, "eth1", 51);
	uint8_t buf[256];

	d.ttl = 3;      /* start-only settings are not sent */
	d.port = 9000;
	expect(want, sizeof(want), buf, ipvs_msg_daemon(buf, sizeof(buf), FAM, 8, false, &d));
}
END_TEST

START_TEST(t_timeouts_flush_config)
{
	static const uint8_t want_t[] = {
		NLHDR(36, FAM, REQ_ACK, 9), GENL(IPVS_CMD_SET_CONFIG),
		ATTR(8, IPVS_CMD_ATTR_TIMEOUT_TCP), L32(900),
		ATTR(8, IPVS_CMD_ATTR_TIMEOUT_UDP), L32(300),
	};
	static const uint8_t want_all[] = {
		NLHDR(44, FAM, REQ_ACK, 10), GENL(IPVS_CMD_SET_CONFIG),
		ATTR(8, IPVS_CMD_ATTR_TIMEOUT_TCP), L32(1),
		ATTR(8, IPVS_CMD_ATTR_TIMEOUT_TCP_FIN), L32(2),
		ATTR(8, IPVS_CMD_ATTR_TIMEOUT_UDP), L32(2678400),
	};
	static const uint8_t want_flush[] = {
		NLHDR(20, FAM, REQ_ACK, 11), GENL(IPVS_CMD_FLUSH),
	};
	static const uint8_t want_get[] = {
		NLHDR(20, FAM, REQ_ACK, 12), GENL(IPVS_CMD_GET_CONFIG),
	};
	struct ipvs_timeouts t = { 900, 0, 300 }, all = { 1, 2, 2678400 };
	uint8_t buf[256];

	expect(want_t, sizeof(want_t), buf, ipvs_msg_timeouts(buf, sizeof(buf), FAM, 9, &t));
	expect(want_all, sizeof(want_all), buf, ipvs_msg_timeouts(buf, sizeof(buf), FAM, 10, &all));
	expect(want_flush, sizeof(want_flush), buf,
	       ipvs_msg_cmd(buf, sizeof(buf), FAM, IPVS_CMD_FLUSH, 11));
	expect(want_get, sizeof(want_get), buf,
	       ipvs_msg_cmd(buf, sizeof(buf), FAM, IPVS_CMD_GET_CONFIG, 12));
}
END_TEST

START_TEST(t_family_lookup)
{
	static const uint8_t want[] = {
		NLHDR(32, GENL_ID_CTRL, REQ_ACK, 13), CTRL_CMD_GETFAMILY, IPVS_GENL_VERSION, L16(0),
		ATTR(9, CTRL_ATTR_FAMILY_NAME), 'I', 'P', 'V', 'S', 0, 0, 0, 0,
	};
	/* the controller's answer: id, name, version, ... (only the id is read) */
	static const uint8_t answer[] = {
		NLHDR(48, GENL_ID_CTRL, 0, 13), CTRL_CMD_NEWFAMILY, 2, L16(0),
		ATTR(9, CTRL_ATTR_FAMILY_NAME), 'I', 'P', 'V', 'S', 0, 0, 0, 0,
		ATTR(6, CTRL_ATTR_FAMILY_ID), L16(0x23), 0, 0,
		ATTR(8, CTRL_ATTR_VERSION), L32(1),
	};
	static const uint8_t no_id[] = {
		NLHDR(32, GENL_ID_CTRL, 0, 13), CTRL_CMD_NEWFAMILY, 2, L16(0),
		ATTR(9, CTRL_ATTR_FAMILY_NAME), 'I', 'P', 'V', 'S', 0, 0, 0, 0,
	};
	uint8_t buf[256];
	uint16_t id = 0;

	expect(want, sizeof(want), buf, ipvs_msg_family_lookup(buf, sizeof(buf), 13));
	ck_assert_int_eq(ipvs_msg_parse_family(answer, sizeof(answer), &id), IPVS_PARSE_OK);
	ck_assert_uint_eq(id, 0x23);
	ck_assert_int_eq(ipvs_msg_parse_family(no_id, sizeof(no_id), &id), IPVS_PARSE_MISSING);
	ck_assert_int_eq(ipvs_msg_parse_family(answer, sizeof(answer) - 4, &id),
	                 IPVS_PARSE_TRUNCATED);
}
END_TEST

START_TEST(t_parse_timeouts)
{
	static const uint8_t answer[] = {
		NLHDR(44, FAM, 0, 12), GENL(IPVS_CMD_SET_CONFIG),
		ATTR(8, IPVS_CMD_ATTR_TIMEOUT_TCP), L32(900),
		ATTR(8, IPVS_CMD_ATTR_TIMEOUT_TCP_FIN), L32(120),
		ATTR(8, IPVS_CMD_ATTR_TIMEOUT_UDP), L32(300),
	};
	static const uint8_t short_udp[] = {
		NLHDR(44, FAM, 0, 12), GENL(IPVS_CMD_SET_CONFIG),
		ATTR(8, IPVS_CMD_ATTR_TIMEOUT_TCP), L32(900),
		ATTR(8, IPVS_CMD_ATTR_TIMEOUT_TCP_FIN), L32(120),
		ATTR(6, IPVS_CMD_ATTR_TIMEOUT_UDP), L16(300), 0, 0,
	};
	struct ipvs_timeouts t;

	ck_assert_int_eq(ipvs_msg_parse_timeouts(answer, sizeof(answer), &t), IPVS_PARSE_OK);
	ck_assert_uint_eq(t.tcp, 900);
	ck_assert_uint_eq(t.tcpfin, 120);
	ck_assert_uint_eq(t.udp, 300);
	/* fewer than three: not an answer to rely on for the restore */
	ck_assert_int_eq(ipvs_msg_parse_timeouts(answer, 36, &t), IPVS_PARSE_TRUNCATED);
	ck_assert_int_eq(ipvs_msg_parse_timeouts(short_udp, sizeof(short_udp), &t),
	                 IPVS_PARSE_BAD_VALUE);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("lvs_msg");
	TCase *tc = tcase_create("msg");

	tcase_add_test(tc, t_daemon_start_full);
	tcase_add_test(tc, t_daemon_start_minimal_v6_group);
	tcase_add_test(tc, t_daemon_stop);
	tcase_add_test(tc, t_timeouts_flush_config);
	tcase_add_test(tc, t_family_lookup);
	tcase_add_test(tc, t_parse_timeouts);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
