/* check/dns_msg: DNS_CHECK's query bytes (RFC 1035 §4.1) and the reply
 * test: what keepalived accepts (id, QR, RCODE 0), what it waits past
 * (short, other id, not a response) and floatd's question match. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "check/dns_msg.h"
#include "unit_main.h"

START_TEST(types)
{
	ck_assert_uint_eq(check_dns_type_parse("A"), 1);
	ck_assert_uint_eq(check_dns_type_parse("aaaa"), 28);
	ck_assert_uint_eq(check_dns_type_parse("Soa"), 6);
	ck_assert_uint_eq(check_dns_type_parse("MX"), 15);
	ck_assert_uint_eq(check_dns_type_parse("TXT"), 16);
	ck_assert_uint_eq(check_dns_type_parse("NS"), 2);
	ck_assert_uint_eq(check_dns_type_parse("CNAME"), 5);
	ck_assert_uint_eq(check_dns_type_parse("RRSIG"), 46);
	ck_assert_uint_eq(check_dns_type_parse("DNSKEY"), 48);
	ck_assert_uint_eq(check_dns_type_parse("PTR"), 0);
	ck_assert_uint_eq(check_dns_type_parse(""), 0);
	ck_assert_str_eq(check_dns_type_name(28), "AAAA");
	ck_assert_str_eq(check_dns_type_name(12), "?");
	ck_assert_uint_eq(CHECK_DNS_DEF_TYPE, 6);
}
END_TEST

START_TEST(names)
{
	char l63[64], l64[65], n254[260];

	ck_assert_int_eq(check_dns_name_check(""), CHECK_DNS_NAME_OK);
	ck_assert_int_eq(check_dns_name_check("."), CHECK_DNS_NAME_OK);
	ck_assert_int_eq(check_dns_name_check("example.com"), CHECK_DNS_NAME_OK);
	ck_assert_int_eq(check_dns_name_check("example.com."), CHECK_DNS_NAME_OK);
	ck_assert_int_eq(check_dns_name_check(".example.com"), CHECK_DNS_NAME_EMPTY_LABEL);
	ck_assert_int_eq(check_dns_name_check("example..com"), CHECK_DNS_NAME_EMPTY_LABEL);
	ck_assert_int_eq(check_dns_name_check("example.com.."), CHECK_DNS_NAME_EMPTY_LABEL);
	ck_assert_int_eq(check_dns_name_check(".."), CHECK_DNS_NAME_EMPTY_LABEL);
	memset(l63, 'a', 63);
	l63[63] = '\0';
	memset(l64, 'a', 64);
	l64[64] = '\0';
	ck_assert_int_eq(check_dns_name_check(l63), CHECK_DNS_NAME_OK);
	ck_assert_int_eq(check_dns_name_check(l64), CHECK_DNS_NAME_LABEL_LONG);
	/* 4 x (63 + dot) = 256 > 253 */
	snprintf(n254, sizeof(n254), "%s.%s.%s.%s", l63, l63, l63, l63);
	ck_assert_int_eq(check_dns_name_check(n254), CHECK_DNS_NAME_TOO_LONG);
	n254[253] = '\0';    /* exactly 253: "...a" */
	ck_assert_int_eq(check_dns_name_check(n254), CHECK_DNS_NAME_OK);
}
END_TEST

static const uint8_t www_a[] = {
	0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	3, 'w', 'w', 'w', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0,
	0x00, 0x01, 0x00, 0x01,
};

START_TEST(query_bytes)
{
	uint8_t q[CHECK_DNS_QUERY_MAX], q2[CHECK_DNS_QUERY_MAX];
	static const uint8_t root_soa[] = {
		0xab, 0xcd, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		0, 0x00, 0x06, 0x00, 0x01,
	};
	int n;

	n = check_dns_query_build(q, sizeof(q), 0x1234, "www.example.com", 1);
	ck_assert_int_eq(n, (int)sizeof(www_a));
	ck_assert_mem_eq(q, www_a, sizeof(www_a));
	/* a trailing dot changes nothing on the wire */
	n = check_dns_query_build(q2, sizeof(q2), 0x1234, "www.example.com.", 1);
	ck_assert_int_eq(n, (int)sizeof(www_a));
	ck_assert_mem_eq(q2, www_a, sizeof(www_a));
	/* keepalived's default: SOA of the root, "" and "." alike */
	n = check_dns_query_build(q, sizeof(q), 0xabcd, "", 6);
	ck_assert_int_eq(n, (int)sizeof(root_soa));
	ck_assert_mem_eq(q, root_soa, sizeof(root_soa));
	n = check_dns_query_build(q, sizeof(q), 0xabcd, ".", 6);
	ck_assert_int_eq(n, (int)sizeof(root_soa));
	ck_assert_mem_eq(q, root_soa, sizeof(root_soa));
	/* refused: a bad name, a buffer that could not hold the longest name */
	ck_assert_int_eq(check_dns_query_build(q, sizeof(q), 1, "a..b", 1), -1);
	ck_assert_int_eq(check_dns_query_build(q, CHECK_DNS_QUERY_MAX - 1, 1, "a", 1), -1);
}
END_TEST

START_TEST(longest_name_fits)
{
	uint8_t q[CHECK_DNS_QUERY_MAX];
	char name[300];
	int n;

	/* 126 one-letter labels + "a" = 253 bytes: 254 wire bytes + the root */
	name[0] = '\0';
	for (int i = 0; i < 126; i++)
		strcat(name, "a.");
	strcat(name, "a");
	ck_assert_uint_eq(strlen(name), 253);
	n = check_dns_query_build(q, sizeof(q), 7, name, 16);
	ck_assert_int_eq(n, CHECK_DNS_HDR_LEN + 255 + 4);
	ck_assert_int_le(n, CHECK_DNS_QUERY_MAX);
}
END_TEST

/* a reply to www_a: header with `flags`, `qd` questions, the question
 * (if qd), then `extra` answer bytes */
static size_t mk_reply(uint8_t *r, uint16_t id, uint16_t flags, uint16_t qd, size_t extra)
{
	size_t n = sizeof(www_a);

	memcpy(r, www_a, n);
	r[0] = (uint8_t)(id >> 8);
	r[1] = (uint8_t)id;
	r[2] = (uint8_t)(flags >> 8);
	r[3] = (uint8_t)flags;
	r[4] = (uint8_t)(qd >> 8);
	r[5] = (uint8_t)qd;
	if (qd == 0)
		n = CHECK_DNS_HDR_LEN;
	memset(r + n, 0xc0, extra);
	return n + extra;
}

START_TEST(reply_verdicts)
{
	uint8_t r[CHECK_DNS_REPLY_MAX];
	unsigned rc = 99;
	size_t n;

	/* success: QR, our id and question, NOERROR (answers or not) */
	n = mk_reply(r, 0x1234, 0x8180, 1, 16);
	ck_assert_int_eq(check_dns_reply_check(www_a, sizeof(www_a), r, n, &rc), CHECK_DNS_OK);
	ck_assert_uint_eq(rc, 0);
	n = mk_reply(r, 0x1234, 0x8580, 1, 0);
	ck_assert_int_eq(check_dns_reply_check(www_a, sizeof(www_a), r, n, &rc), CHECK_DNS_OK);
	/* TC set: keepalived looks at RCODE only */
	n = mk_reply(r, 0x1234, 0x8380, 1, 0);
	ck_assert_int_eq(check_dns_reply_check(www_a, sizeof(www_a), r, n, &rc), CHECK_DNS_OK);
	/* NXDOMAIN, REFUSED, SERVFAIL: down */
	n = mk_reply(r, 0x1234, 0x8183, 1, 0);
	ck_assert_int_eq(check_dns_reply_check(www_a, sizeof(www_a), r, n, &rc), CHECK_DNS_RCODE);
	ck_assert_uint_eq(rc, 3);
	ck_assert_str_eq(check_dns_rcode_name(rc), "NXDOMAIN");
	n = mk_reply(r, 0x1234, 0x8185, 1, 0);
	ck_assert_int_eq(check_dns_reply_check(www_a, sizeof(www_a), r, n, &rc), CHECK_DNS_RCODE);
	ck_assert_str_eq(check_dns_rcode_name(rc), "REFUSED");
	/* an error reply without the question still counts (FORMERR, NOTIMP) */
	n = mk_reply(r, 0x1234, 0x8184, 0, 0);
	ck_assert_int_eq(check_dns_reply_check(www_a, sizeof(www_a), r, n, &rc), CHECK_DNS_RCODE);
	ck_assert_uint_eq(rc, 4);
	/* waited past: short, other id, a query, no/other question */
	ck_assert_int_eq(check_dns_reply_check(www_a, sizeof(www_a), r, 11, &rc),
	                 CHECK_DNS_IGNORE_SHORT);
	ck_assert_int_eq(check_dns_reply_check(www_a, sizeof(www_a), r, 0, &rc),
	                 CHECK_DNS_IGNORE_SHORT);
	n = mk_reply(r, 0x1235, 0x8180, 1, 0);
	ck_assert_int_eq(check_dns_reply_check(www_a, sizeof(www_a), r, n, &rc), CHECK_DNS_IGNORE_ID);
	n = mk_reply(r, 0x1234, 0x0100, 1, 0);
	ck_assert_int_eq(check_dns_reply_check(www_a, sizeof(www_a), r, n, &rc),
	                 CHECK_DNS_IGNORE_QUERY);
	n = mk_reply(r, 0x1234, 0x8180, 0, 0);
	ck_assert_int_eq(check_dns_reply_check(www_a, sizeof(www_a), r, n, &rc),
	                 CHECK_DNS_IGNORE_QUESTION);
	n = mk_reply(r, 0x1234, 0x8180, 2, 0);
	ck_assert_int_eq(check_dns_reply_check(www_a, sizeof(www_a), r, n, &rc),
	                 CHECK_DNS_IGNORE_QUESTION);
	n = mk_reply(r, 0x1234, 0x8180, 1, 0);
	r[14] = 'x';                                   /* wxw.example.com */
	ck_assert_int_eq(check_dns_reply_check(www_a, sizeof(www_a), r, n, &rc),
	                 CHECK_DNS_IGNORE_QUESTION);
	n = mk_reply(r, 0x1234, 0x8180, 1, 0);
	r[sizeof(www_a) - 3] = 28;                     /* AAAA, not A */
	ck_assert_int_eq(check_dns_reply_check(www_a, sizeof(www_a), r, n, &rc),
	                 CHECK_DNS_IGNORE_QUESTION);
	n = mk_reply(r, 0x1234, 0x8180, 1, 0);
	ck_assert_int_eq(check_dns_reply_check(www_a, sizeof(www_a), r, n - 1, &rc),
	                 CHECK_DNS_IGNORE_QUESTION);   /* question cut short */
	/* the name echoed in another case (RFC 4343, 0x20 mixing) is ours */
	n = mk_reply(r, 0x1234, 0x8180, 1, 0);
	r[13] = 'W';
	r[20] = 'M';
	ck_assert_int_eq(check_dns_reply_check(www_a, sizeof(www_a), r, n, &rc), CHECK_DNS_OK);
	ck_assert_str_eq(check_dns_verdict_name(CHECK_DNS_IGNORE_ID), "other id");
	ck_assert_str_eq(check_dns_rcode_name(0), "NOERROR");
	ck_assert_str_eq(check_dns_rcode_name(9), "RCODE");
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("dns_msg");
	TCase *tc = tcase_create("dns_msg");

	tcase_add_test(tc, types);
	tcase_add_test(tc, names);
	tcase_add_test(tc, query_bytes);
	tcase_add_test(tc, longest_name_fits);
	tcase_add_test(tc, reply_verdicts);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
