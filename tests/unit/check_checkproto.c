/* The checker socketpair's records (both ways): golden bytes, round trips,
 * rejects, the generation field. */
#include <arpa/inet.h>
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "check/proto.h"
#include "unit_main.h"

static const uint8_t golden_up[CHECK_PROTO_LEN] = {
	0x46, 0x02, 0x02, 0x04,  0x00, 0x00, 0x00, 0x03,  0x00, 0x00, 0x01, 0x02,
	0x00, 0x00, 0x00, 0x05,  0x00, 0x50, 0x00, 0x00,  10, 0, 0, 2,
	0, 0, 0, 0,  0, 0, 0, 0,  0, 0, 0, 0,
	0x00, 0x00, 0x00, 0x07,  0xde, 0xad, 0xbe, 0xef,  0x00, 0x00, 0x01, 0x09,
};

START_TEST(golden_rs_up_v4)
{
	struct check_msg m = { .type = CHECK_MSG_RS_UP, .vs = 3, .rs = 258, .weight = 5,
	                       .family = AF_INET, .port = 80, .seq = 7, .count = 0xdeadbeef,
	                       .gen = 265 };
	uint8_t buf[CHECK_PROTO_LEN];
	struct check_msg d;

	inet_pton(AF_INET, "10.0.0.2", m.addr);
	ck_assert_int_eq(check_proto_encode(&m, buf), 0);
	ck_assert_mem_eq(buf, golden_up, CHECK_PROTO_LEN);
	ck_assert_int_eq(check_proto_decode(golden_up, sizeof(golden_up), &d), CHECK_PROTO_OK);
	ck_assert_int_eq(d.type, CHECK_MSG_RS_UP);
	ck_assert_uint_eq(d.vs, 3);
	ck_assert_uint_eq(d.rs, 258);
	ck_assert_int_eq(d.weight, 5);
	ck_assert_int_eq(d.family, AF_INET);
	ck_assert_uint_eq(d.port, 80);
	ck_assert_uint_eq(d.seq, 7);
	ck_assert_uint_eq(d.count, 0xdeadbeef);
	ck_assert_uint_eq(d.gen, 265);
	ck_assert_mem_eq(d.addr, m.addr, 4);
}
END_TEST

START_TEST(roundtrip_all_types_v6_negative_weight)
{
	int t;

	for (t = CHECK_MSG_HEARTBEAT; t < CHECK_MSG_TYPE_MAX; t++) {
		struct check_msg m = { .type = (enum check_msg_type)t, .vs = 0xffffffff, .rs = 1,
		                       .weight = -1, .family = AF_INET6, .port = 65535,
		                       .why = 9, .seq = 1, .count = 2, .gen = 0xfffffffe };
		uint8_t buf[CHECK_PROTO_LEN];
		struct check_msg d;

		inet_pton(AF_INET6, "2001:db8::1:2", m.addr);
		ck_assert_int_eq(check_proto_encode(&m, buf), 0);
		ck_assert_int_eq(check_proto_decode(buf, sizeof(buf), &d), CHECK_PROTO_OK);
		ck_assert_int_eq(memcmp(&d, &m, sizeof(m)), 0);
	}
}
END_TEST

START_TEST(no_address_and_bad_inputs)
{
	struct check_msg m = { .type = CHECK_MSG_HEARTBEAT, .count = 100 };
	uint8_t buf[CHECK_PROTO_LEN], bad[CHECK_PROTO_LEN];
	struct check_msg d;

	ck_assert_int_eq(check_proto_encode(&m, buf), 0);
	ck_assert_int_eq(check_proto_decode(buf, sizeof(buf), &d), CHECK_PROTO_OK);
	ck_assert_int_eq(d.family, 0);
	ck_assert_uint_eq(d.count, 100);
	ck_assert_int_eq(check_proto_decode(buf, sizeof(buf) - 1, &d), CHECK_PROTO_BAD_LEN);
	memcpy(bad, buf, sizeof(buf));
	bad[0] = 0;
	ck_assert_int_eq(check_proto_decode(bad, sizeof(bad), &d), CHECK_PROTO_BAD_MAGIC);
	memcpy(bad, buf, sizeof(buf));
	bad[1] = 1;   /* version 1 (no generation) is not read as version 2 */
	ck_assert_int_eq(check_proto_decode(bad, sizeof(bad), &d), CHECK_PROTO_BAD_VERSION);
	bad[1] = 3;
	ck_assert_int_eq(check_proto_decode(bad, sizeof(bad), &d), CHECK_PROTO_BAD_VERSION);
	memcpy(bad, buf, sizeof(buf));
	bad[2] = CHECK_MSG_TYPE_MAX;
	ck_assert_int_eq(check_proto_decode(bad, sizeof(bad), &d), CHECK_PROTO_BAD_TYPE);
	bad[2] = 0;
	ck_assert_int_eq(check_proto_decode(bad, sizeof(bad), &d), CHECK_PROTO_BAD_TYPE);
	memcpy(bad, buf, sizeof(buf));
	bad[3] = 5;
	ck_assert_int_eq(check_proto_decode(bad, sizeof(bad), &d), CHECK_PROTO_BAD_FAMILY);
	m.family = AF_UNIX;
	ck_assert_int_eq(check_proto_encode(&m, buf), -1);
	m.family = 0;
	m.type = CHECK_MSG_TYPE_MAX;
	ck_assert_int_eq(check_proto_encode(&m, buf), -1);
	ck_assert_str_eq(check_proto_err_name(CHECK_PROTO_BAD_FAMILY), "bad family");
	ck_assert_str_eq(check_msg_type_name(CHECK_MSG_RS_DOWN), "rs-down");
	ck_assert_str_eq(check_msg_type_name(CHECK_MSG_RELOAD), "reload");
	ck_assert_str_eq(check_msg_type_name(CHECK_MSG_RELOAD_RESULT), "reload-result");
	ck_assert_str_eq(check_reload_result_name(CHECK_RELOAD_CONF_ERRORS),
	                 "configuration errors");
	ck_assert_str_eq(check_reload_result_name(CHECK_RELOAD_RESULT_MAX), "?");
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("checkproto");
	TCase *tc = tcase_create("proto");

	tcase_add_test(tc, golden_rs_up_v4);
	tcase_add_test(tc, roundtrip_all_types_v6_negative_weight);
	tcase_add_test(tc, no_address_and_bad_inputs);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
