/* lib/addr.c: the one address parser (ADDR, ADDR/PREFIX) and scope table. */
#include "config.h"

#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include "addr.h"

START_TEST(t_plain)
{
	struct addr a;
	const char *why = NULL;

	ck_assert_int_eq(addr_parse("192.0.2.1", 0, &a, &why), 0);
	ck_assert_int_eq(a.family, AF_INET);
	ck_assert_uint_eq(a.prefixlen, 32);
	ck_assert_uint_eq(ntohl(a.ip.v4.s_addr), 0xc0000201u);
	ck_assert_int_eq(addr_parse("2001:db8::1", 0, &a, &why), 0);
	ck_assert_int_eq(a.family, AF_INET6);
	ck_assert_uint_eq(a.prefixlen, 128);
	ck_assert_uint_eq(a.ip.v6.s6_addr[0], 0x20);
	ck_assert_uint_eq(a.ip.v6.s6_addr[15], 1);
	/* a family asked for */
	ck_assert_int_eq(addr_parse("2001:db8::1", AF_INET, &a, &why), -EINVAL);
	ck_assert_str_eq(why, "not an IPv4 address");
	ck_assert_int_eq(addr_parse("192.0.2.1", AF_INET6, &a, &why), -EINVAL);
	ck_assert_str_eq(why, "not an IPv6 address");
	/* what is not an address */
	ck_assert_int_eq(addr_parse("192.0.2.", 0, &a, &why), -EINVAL);
	ck_assert_str_eq(why, "not an IPv4 or IPv6 address");
	ck_assert_int_eq(addr_parse("", 0, &a, &why), -EINVAL);
	ck_assert_str_eq(why, "missing address");
	ck_assert_int_eq(addr_parse(NULL, 0, &a, NULL), -EINVAL);
	ck_assert_int_eq(addr_parse("192.0.2.1/24", 0, &a, &why), -EINVAL);
	ck_assert_int_eq(addr_parse("eth0", 0, &a, &why), -EINVAL);
	ck_assert_int_eq(a.family, 0);   /* nothing half-filled */
}
END_TEST

START_TEST(t_prefix)
{
	struct addr a;
	const char *why = NULL;

	ck_assert_int_eq(addr_parse_prefix("192.0.2.0/24", 0, &a, &why), 0);
	ck_assert_uint_eq(a.prefixlen, 24);
	ck_assert_int_eq(addr_parse_prefix("10.0.0.1", 0, &a, &why), 0);
	ck_assert_uint_eq(a.prefixlen, 32);
	ck_assert_int_eq(addr_parse_prefix("0.0.0.0/0", 0, &a, &why), 0);
	ck_assert_uint_eq(a.prefixlen, 0);
	ck_assert_int_eq(addr_parse_prefix("fd00::/8", 0, &a, &why), 0);
	ck_assert_int_eq(a.family, AF_INET6);
	ck_assert_uint_eq(a.prefixlen, 8);
	ck_assert_int_eq(addr_parse_prefix("fd00::/128", AF_INET6, &a, &why), 0);
	/* the prefix part: -ERANGE, the address part: -EINVAL */
	ck_assert_int_eq(addr_parse_prefix("192.0.2.0/33", 0, &a, &why), -ERANGE);
	ck_assert_str_eq(why, "prefix length above 32");
	ck_assert_int_eq(addr_parse_prefix("fd00::/129", 0, &a, &why), -ERANGE);
	ck_assert_str_eq(why, "prefix length above 128");
	ck_assert_int_eq(addr_parse_prefix("192.0.2.0/", 0, &a, &why), -ERANGE);
	ck_assert_str_eq(why, "prefix length is not a number");
	ck_assert_int_eq(addr_parse_prefix("192.0.2.0/-1", 0, &a, &why), -ERANGE);
	ck_assert_int_eq(addr_parse_prefix("192.0.2.0/+8", 0, &a, &why), -ERANGE);
	ck_assert_int_eq(addr_parse_prefix("192.0.2.0/0x8", 0, &a, &why), -ERANGE);
	ck_assert_int_eq(addr_parse_prefix("192.0.2.0/0024", 0, &a, &why), 0);   /* decimal */
	ck_assert_uint_eq(a.prefixlen, 24);
	ck_assert_int_eq(addr_parse_prefix("192.0.2.0/99999999999999999999999", 0, &a, &why), -ERANGE);
	ck_assert_int_eq(addr_parse_prefix("192.168.200./24", 0, &a, &why), -EINVAL);
	ck_assert_str_eq(why, "not an IPv4 or IPv6 address");
	ck_assert_int_eq(addr_parse_prefix("/24", 0, &a, &why), -EINVAL);
	ck_assert_int_eq(addr_parse_prefix("192.0.2.0/24", AF_INET6, &a, &why), -EINVAL);
	ck_assert_str_eq(why, "not an IPv6 address");
	/* longer than any address text: the address part is wrong */
	ck_assert_int_eq(addr_parse_prefix("1111111111111111111111111111111111111111111111111111111"
	                                   "/24", 0, &a, &why), -EINVAL);
}
END_TEST

START_TEST(t_eq_len)
{
	struct addr a, b;

	ck_assert_int_eq(addr_parse("192.0.2.1", 0, &a, NULL), 0);
	ck_assert_int_eq(addr_parse_prefix("192.0.2.1/8", 0, &b, NULL), 0);
	ck_assert(addr_eq(&a, &b));
	ck_assert_int_eq(addr_parse("::ffff:192.0.2.1", 0, &b, NULL), 0);
	ck_assert(!addr_eq(&a, &b));
	ck_assert_uint_eq(addr_len(AF_INET), 4);
	ck_assert_uint_eq(addr_len(AF_INET6), 16);
	ck_assert_uint_eq(addr_len(0), 0);
}
END_TEST

START_TEST(t_scope)
{
	static const struct { const char *s; int want; } cases[] = {
		{ "global", 0 }, { "universe", 0 }, { "site", 200 }, { "link", 253 },
		{ "host", 254 }, { "nowhere", 255 }, { "0", 0 }, { "200", 200 }, { "0xfe", 254 },
		{ "255", 255 }, { "256", -1 }, { "-1", -1 }, { "+1", -1 }, { "", -1 },
		{ "outer", -1 }, { "Link", -1 }, { "12x", -1 },
	};
	uint8_t v;

	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		int rc = addr_scope_parse(cases[i].s, &v);

		if (cases[i].want < 0) {
			ck_assert_msg(rc == -EINVAL, "'%s' accepted", cases[i].s);
		} else {
			ck_assert_msg(rc == 0, "'%s' refused", cases[i].s);
			ck_assert_uint_eq(v, (unsigned)cases[i].want);
		}
	}
	ck_assert_str_eq(addr_scope_name(0), "global");
	ck_assert_str_eq(addr_scope_name(200), "site");
	ck_assert_str_eq(addr_scope_name(253), "link");
	ck_assert_str_eq(addr_scope_name(254), "host");
	ck_assert_str_eq(addr_scope_name(255), "nowhere");
	ck_assert_ptr_null(addr_scope_name(7));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("addr");
	TCase *tc = tcase_create("parse");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, t_plain);
	tcase_add_test(tc, t_prefix);
	tcase_add_test(tc, t_eq_len);
	tcase_add_test(tc, t_scope);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
