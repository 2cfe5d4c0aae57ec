/* The pure parts of UDP_CHECK, PING_CHECK and FILE_CHECK: keepalived's hex
 * strings and reply test, ICMP / ICMPv6 echo bytes and the reading of
 * replies and unreachables, a track_file's value and FILE_CHECK's
 * arithmetic. */
#include <check.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "check/file_eval.h"
#include "check/ping_pkt.h"
#include "check/udp_payload.h"
#include "unit_main.h"
#include "vrrp/track/track_file_value.h"

/* ---- UDP_CHECK hex strings */

START_TEST(hex_pairs_blanks_and_lone_digits)
{
	uint8_t d[16], m[16];

	ck_assert_uint_eq(check_udp_hex_parse("0a0B ff", false, d, NULL, sizeof(d)), 3);
	ck_assert_uint_eq(d[0], 0x0a);
	ck_assert_uint_eq(d[1], 0x0b);
	ck_assert_uint_eq(d[2], 0xff);
	/* keepalived: a digit before a blank (or the end) is a byte alone */
	ck_assert_uint_eq(check_udp_hex_parse("1 23 4", false, d, m, sizeof(d)), 3);
	ck_assert_uint_eq(d[0], 0x01);
	ck_assert_uint_eq(d[1], 0x23);
	ck_assert_uint_eq(d[2], 0x04);
	ck_assert_uint_eq(m[0] | m[1] | m[2], 0);
	ck_assert_uint_eq(check_udp_hex_parse("abc", false, d, NULL, sizeof(d)), 2);
	ck_assert_uint_eq(d[0], 0xab);
	ck_assert_uint_eq(d[1], 0x0c);
}
END_TEST

START_TEST(hex_invalid_empty_and_too_long)
{
	uint8_t d[4];

	ck_assert_uint_eq(check_udp_hex_parse("", false, d, NULL, sizeof(d)), 0);
	ck_assert_uint_eq(check_udp_hex_parse("   ", false, d, NULL, sizeof(d)), 0);
	ck_assert_uint_eq(check_udp_hex_parse("0g", false, d, NULL, sizeof(d)), 0);
	ck_assert_uint_eq(check_udp_hex_parse("0x01", false, d, NULL, sizeof(d)), 0);
	/* wildcards only where asked (require_reply, not payload) */
	ck_assert_uint_eq(check_udp_hex_parse("Xa", false, d, NULL, sizeof(d)), 0);
	ck_assert_uint_eq(check_udp_hex_parse("0102030405", false, d, NULL, sizeof(d)), 0);
	ck_assert_uint_eq(check_udp_hex_parse("01020304", false, d, NULL, sizeof(d)), 4);
}
END_TEST

START_TEST(hex_wildcards_set_mask_nibbles)
{
	uint8_t d[8], m[8];

	ck_assert_uint_eq(check_udp_hex_parse("Xa bx XX x", true, d, m, sizeof(d)), 4);
	ck_assert_uint_eq(d[0], 0x0a);
	ck_assert_uint_eq(m[0], 0xf0);
	ck_assert_uint_eq(d[1], 0xb0);
	ck_assert_uint_eq(m[1], 0x0f);
	ck_assert_uint_eq(d[2], 0x00);
	ck_assert_uint_eq(m[2], 0xff);
	ck_assert_uint_eq(m[3], 0x0f);   /* a lone X: one byte, low nibble */
}
END_TEST

/* keepalived's check_udp_reply: length bounds, then min(len, reply_len) bytes */
START_TEST(reply_match_bounds_prefix_and_mask)
{
	uint8_t want[3] = { 0x50, 0x4f, 0x4e }, mask[3] = { 0, 0x0f, 0 };
	struct check_udp_conf u = { .require_reply = true, .reply = want, .reply_len = 3,
	                            .min_reply_len = 0, .max_reply_len = 255 };
	const uint8_t pong[] = "PONG", ping[] = "PING", po[] = "PO";
	uint8_t big[300];

	ck_assert(check_udp_reply_ok(&u, pong, 4));      /* longer: the first 3 match */
	ck_assert(!check_udp_reply_ok(&u, ping, 4));
	ck_assert(check_udp_reply_ok(&u, po, 2));        /* shorter: a prefix is enough */
	ck_assert(check_udp_reply_ok(&u, pong, 0));      /* as keepalived: nothing to compare */
	u.min_reply_len = 3;
	ck_assert(!check_udp_reply_ok(&u, po, 2));
	ck_assert(!check_udp_reply_ok(&u, pong, 0));
	memset(big, 'P', sizeof(big));
	ck_assert(!check_udp_reply_ok(&u, big, sizeof(big)));   /* over max_reply_length */
	u.max_reply_len = 300;
	big[1] = 'O';
	big[2] = 'N';
	ck_assert(check_udp_reply_ok(&u, big, sizeof(big)));
	/* "5X" in the middle byte: 0x4? matches 'O' (0x4f) and 'A' (0x41) */
	u.reply_mask = mask;
	want[1] = 0x40;
	ck_assert(check_udp_reply_ok(&u, pong, 4));
	ck_assert(check_udp_reply_ok(&u, (const uint8_t *)"PAN", 3));
	ck_assert(!check_udp_reply_ok(&u, (const uint8_t *)"P_N", 3));   /* 0x5f */
}
END_TEST

START_TEST(default_payload_is_32_bytes_of_text)
{
	uint8_t b[64];

	ck_assert_uint_eq(check_udp_default_payload(b, sizeof(b)), CHECK_UDP_DEFAULT_LEN);
	ck_assert_mem_eq(b, "floatd UDP_CHECK - floatd UDP_CH", 32);
	ck_assert_uint_eq(check_udp_default_payload(b, 5), 5);
}
END_TEST

/* ---- PING_CHECK packets */

static const uint8_t COOKIE[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };

START_TEST(echo_request_v4_golden)
{
	uint8_t b[CHECK_PING_REQ_LEN + 4];
	uint32_t sum = 0;

	ck_assert_uint_eq(check_ping_build(AF_INET, 0x1234, 0xabcd, COOKIE, b, 10), 0);
	ck_assert_uint_eq(check_ping_build(AF_INET, 0x1234, 0xabcd, COOKIE, b, sizeof(b)), 64);
	ck_assert_uint_eq(b[0], 8);
	ck_assert_uint_eq(b[1], 0);
	ck_assert_uint_eq(b[4], 0x12);
	ck_assert_uint_eq(b[5], 0x34);
	ck_assert_uint_eq(b[6], 0xab);
	ck_assert_uint_eq(b[7], 0xcd);
	ck_assert_mem_eq(b + 8, COOKIE, 8);
	ck_assert_uint_eq(b[16], 16);
	ck_assert_uint_eq(b[63], 63);
	/* RFC 1071: the whole message sums to 0xffff */
	for (int i = 0; i < 64; i += 2)
		sum += (uint32_t)(b[i] << 8 | b[i + 1]);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	ck_assert_uint_eq(sum, 0xffff);
	/* the checksum of these exact bytes */
	ck_assert_uint_eq(b[2] << 8 | b[3], 0x7e26);   /* python: RFC 1071 over these bytes */
}
END_TEST

START_TEST(echo_request_v6_kernel_sums)
{
	uint8_t b[CHECK_PING_REQ_LEN];

	ck_assert_uint_eq(check_ping_build(AF_INET6, 7, 9, COOKIE, b, sizeof(b)), 64);
	ck_assert_uint_eq(b[0], 128);
	ck_assert_uint_eq(b[2] | b[3], 0);   /* IPv6: the kernel computes it */
	ck_assert_uint_eq(b[7], 9);
}
END_TEST

/* an IPv4 datagram (20-byte header, protocol 1) around an ICMP message */
static size_t ip4_wrap(uint8_t *out, const uint8_t *icmp, size_t len)
{
	memset(out, 0, 20);
	out[0] = 0x45;
	out[9] = 1;
	memcpy(out + 20, icmp, len);
	return 20 + len;
}

static void icmp4_sum(uint8_t *icmp, size_t len)
{
	uint32_t sum = 0;

	icmp[2] = icmp[3] = 0;
	for (size_t i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)(icmp[i] << 8 | icmp[i + 1]);
	if (len & 1)
		sum += (uint32_t)icmp[len - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	icmp[2] = (uint8_t)(~sum >> 8);
	icmp[3] = (uint8_t)~sum;
}

START_TEST(reply_v4_ours_and_not)
{
	uint8_t req[64], dgram[128];
	struct check_ping_msg m;
	size_t n;

	check_ping_build(AF_INET, 0x4242, 77, COOKIE, req, sizeof(req));
	req[0] = 0;   /* the echo reply: type 0, same data */
	icmp4_sum(req, 64);
	n = ip4_wrap(dgram, req, 64);
	ck_assert_int_eq(check_ping_parse(AF_INET, dgram, n, 0x4242, COOKIE, &m),
	                 CHECK_PING_RX_REPLY);
	ck_assert_uint_eq(m.seq, 77);
	/* another pinger's id, or our id with other data */
	ck_assert_int_eq(check_ping_parse(AF_INET, dgram, n, 0x4243, COOKIE, &m),
	                 CHECK_PING_RX_FOREIGN);
	req[9] ^= 1;
	icmp4_sum(req, 64);
	n = ip4_wrap(dgram, req, 64);
	ck_assert_int_eq(check_ping_parse(AF_INET, dgram, n, 0x4242, COOKIE, &m),
	                 CHECK_PING_RX_FOREIGN);
	/* a wrong checksum, a truncated datagram, another type */
	dgram[20 + 2] ^= 0xff;
	ck_assert_int_eq(check_ping_parse(AF_INET, dgram, n, 0x4242, COOKIE, &m),
	                 CHECK_PING_RX_CHECKSUM);
	ck_assert_int_eq(check_ping_parse(AF_INET, dgram, 24, 0x4242, COOKIE, &m),
	                 CHECK_PING_RX_SHORT);
	ck_assert_int_eq(check_ping_parse(AF_INET, dgram, 10, 0x4242, COOKIE, &m),
	                 CHECK_PING_RX_SHORT);
	req[0] = 11;   /* time exceeded */
	icmp4_sum(req, 64);
	n = ip4_wrap(dgram, req, 64);
	ck_assert_int_eq(check_ping_parse(AF_INET, dgram, n, 0x4242, COOKIE, &m),
	                 CHECK_PING_RX_OTHER);
}
END_TEST

START_TEST(unreachable_v4_quotes_our_request)
{
	uint8_t msg[8 + 20 + 8], dgram[128], req[64];
	struct check_ping_msg m;
	size_t n;

	check_ping_build(AF_INET, 0x4242, 5, COOKIE, req, sizeof(req));
	memset(msg, 0, sizeof(msg));
	msg[0] = 3;
	msg[1] = 1;   /* host unreachable */
	msg[8] = 0x45;
	msg[8 + 9] = 1;
	msg[8 + 16] = 10;
	msg[8 + 17] = 99;
	msg[8 + 18] = 0;
	msg[8 + 19] = 100;
	memcpy(msg + 28, req, 8);   /* RFC 792: the first 64 bits */
	icmp4_sum(msg, sizeof(msg));
	n = ip4_wrap(dgram, msg, sizeof(msg));
	ck_assert_int_eq(check_ping_parse(AF_INET, dgram, n, 0x4242, COOKIE, &m),
	                 CHECK_PING_RX_UNREACH);
	ck_assert_uint_eq(m.seq, 5);
	ck_assert_uint_eq(m.code, 1);
	ck_assert_uint_eq(m.dst[0], 10);
	ck_assert_uint_eq(m.dst[3], 100);
	ck_assert_str_eq(check_ping_unreach_name(AF_INET, m.code), "host unreachable");
	ck_assert_int_eq(check_ping_parse(AF_INET, dgram, n, 0x1111, COOKIE, &m),
	                 CHECK_PING_RX_FOREIGN);
	ck_assert_int_eq(check_ping_parse(AF_INET, dgram, n - 4, 0x4242, COOKIE, &m),
	                 CHECK_PING_RX_CHECKSUM);
}
END_TEST

START_TEST(reply_and_unreachable_v6)
{
	uint8_t req[64], msg[8 + 40 + 8];
	struct check_ping_msg m;

	check_ping_build(AF_INET6, 0x0101, 300, COOKIE, req, sizeof(req));
	req[0] = 129;
	ck_assert_int_eq(check_ping_parse(AF_INET6, req, 64, 0x0101, COOKIE, &m),
	                 CHECK_PING_RX_REPLY);
	ck_assert_uint_eq(m.seq, 300);
	ck_assert_int_eq(check_ping_parse(AF_INET6, req, 12, 0x0101, COOKIE, &m),
	                 CHECK_PING_RX_FOREIGN);   /* the cookie cut off */
	check_ping_build(AF_INET6, 0x0101, 301, COOKIE, req, sizeof(req));
	memset(msg, 0, sizeof(msg));
	msg[0] = 1;
	msg[1] = 3;   /* address unreachable */
	msg[8] = 0x60;
	msg[8 + 6] = 58;
	msg[8 + 24] = 0x20;
	msg[8 + 39] = 0x64;
	memcpy(msg + 48, req, 8);
	ck_assert_int_eq(check_ping_parse(AF_INET6, msg, sizeof(msg), 0x0101, COOKIE, &m),
	                 CHECK_PING_RX_UNREACH);
	ck_assert_uint_eq(m.seq, 301);
	ck_assert_uint_eq(m.dst[0], 0x20);
	ck_assert_uint_eq(m.dst[15], 0x64);
	ck_assert_str_eq(check_ping_unreach_name(AF_INET6, m.code), "address unreachable");
	msg[8 + 6] = 17;   /* it quoted UDP: not ours */
	ck_assert_int_eq(check_ping_parse(AF_INET6, msg, sizeof(msg), 0x0101, COOKIE, &m),
	                 CHECK_PING_RX_FOREIGN);
	ck_assert_int_eq(check_ping_parse(AF_INET6, msg, 20, 0x0101, COOKIE, &m),
	                 CHECK_PING_RX_SHORT);
}
END_TEST

/* ---- track_file values and FILE_CHECK */

START_TEST(track_file_value_as_keepalived)
{
	long v = 99;

	ck_assert_int_eq(track_file_value_parse("12\n", 3, &v), 0);
	ck_assert_int_eq(v, 12);
	ck_assert_int_eq(track_file_value_parse("-3 trailing", 11, &v), 0);
	ck_assert_int_eq(v, -3);
	ck_assert_int_eq(track_file_value_parse("0x1f", 4, &v), 0);   /* strtol base 0 */
	ck_assert_int_eq(v, 31);
	ck_assert_int_eq(track_file_value_parse("010", 3, &v), 0);
	ck_assert_int_eq(v, 8);
	ck_assert_int_eq(track_file_value_parse("junk", 4, &v), 0);
	ck_assert_int_eq(v, 0);
	ck_assert_int_eq(track_file_value_parse("", 0, &v), 0);
	ck_assert_int_eq(v, 0);
	v = 5;
	ck_assert_int_eq(track_file_value_parse("4294967296", 10, &v), -1);
	ck_assert_int_eq(v, 5);   /* out of range: the caller keeps the previous */
	ck_assert_int_eq(track_file_value_parse("-2147483648", 11, &v), 0);
	ck_assert_int_eq(v, INT32_MIN);
}
END_TEST

START_TEST(track_file_split_paths)
{
	char *dir;
	const char *base;

	ck_assert_int_eq(track_file_value_split("/run/app/state", &dir, &base), 0);
	ck_assert_str_eq(dir, "/run/app");
	ck_assert_str_eq(base, "state");
	free(dir);
	ck_assert_int_eq(track_file_value_split("/x", &dir, &base), 0);
	ck_assert_str_eq(dir, "/");
	ck_assert_str_eq(base, "x");
	free(dir);
	ck_assert_int_eq(track_file_value_split("/dir/", &dir, &base), -1);
	ck_assert_int_eq(track_file_value_split("rel", &dir, &base), -1);
}
END_TEST

START_TEST(file_check_weight_zero_is_up_down)
{
	int64_t d = 7;

	ck_assert(check_file_eval(0, 0, false, &d));
	ck_assert_int_eq(d, 0);
	ck_assert(!check_file_eval(1, 0, false, &d));
	ck_assert(!check_file_eval(-5, 0, false, &d));
	/* reverse: 0 is the failure */
	ck_assert(!check_file_eval(0, 0, true, &d));
	ck_assert(check_file_eval(3, 0, true, &d));
}
END_TEST

START_TEST(file_check_weights_add_and_fault)
{
	int64_t d;

	ck_assert(check_file_eval(5, 2, false, &d));
	ck_assert_int_eq(d, 10);
	ck_assert(check_file_eval(5, 2, true, &d));
	ck_assert_int_eq(d, -10);   /* still up: only the weight drops */
	ck_assert(check_file_eval(-3, 1, false, &d));
	ck_assert_int_eq(d, -3);
	/* keepalived's IPVS_WEIGHT_FAULT: INT32_MIN or below is down */
	ck_assert(!check_file_eval(INT32_MIN, 1, false, &d));
	ck_assert_int_eq(d, 0);
	ck_assert(!check_file_eval(-2, INT32_MAX, false, &d));
	ck_assert(check_file_eval(2, INT32_MAX, false, &d));
	ck_assert_int_eq(d, INT32_MAX);   /* clamped */
	/* the real server's weight stays in 0..INT32_MAX */
	ck_assert_int_eq(check_file_weight(1, 10), 11);
	ck_assert_int_eq(check_file_weight(1, -10), 0);
	ck_assert_int_eq(check_file_weight(INT32_MAX, INT32_MAX), INT32_MAX);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("udp_ping_file");
	TCase *t = tcase_create("core");

	tcase_add_test(t, hex_pairs_blanks_and_lone_digits);
	tcase_add_test(t, hex_invalid_empty_and_too_long);
	tcase_add_test(t, hex_wildcards_set_mask_nibbles);
	tcase_add_test(t, reply_match_bounds_prefix_and_mask);
	tcase_add_test(t, default_payload_is_32_bytes_of_text);
	tcase_add_test(t, echo_request_v4_golden);
	tcase_add_test(t, echo_request_v6_kernel_sums);
	tcase_add_test(t, reply_v4_ours_and_not);
	tcase_add_test(t, unreachable_v4_quotes_our_request);
	tcase_add_test(t, reply_and_unreachable_v6);
	tcase_add_test(t, track_file_value_as_keepalived);
	tcase_add_test(t, track_file_split_paths);
	tcase_add_test(t, file_check_weight_zero_is_up_down);
	tcase_add_test(t, file_check_weights_add_and_fault);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	return unit_run(suite());
}
