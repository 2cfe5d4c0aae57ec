/* The checker's notify FIFO lines, in keepalived's format (VS / RS). */
#include "config.h"

#include <arpa/inet.h>
#include <check.h>
#include <netinet/in.h>
#include <string.h>

#include "check/fifo_line.h"

START_TEST(t_lines)
{
	struct virtual_server_conf vs;
	struct real_server_conf rs;
	char buf[256];
	size_t n;

	memset(&vs, 0, sizeof(vs));
	memset(&rs, 0, sizeof(rs));
	vs.kind = CHECK_VS_ADDR;
	vs.protocol = IPPROTO_TCP;
	vs.addr.family = AF_INET;
	inet_pton(AF_INET, "192.0.2.10", &vs.addr.addr);
	vs.addr.port = 80;
	rs.addr.family = AF_INET6;
	inet_pton(AF_INET6, "2001:db8::2", &rs.addr.addr);
	rs.addr.port = 8080;
	n = check_fifo_vs_line(&vs, true, buf, sizeof(buf));
	ck_assert_str_eq(buf, "VS [192.0.2.10]:tcp:80 UP\n");
	ck_assert_uint_eq(n, strlen(buf));
	check_fifo_rs_line(&vs, &rs, false, buf, sizeof(buf));
	ck_assert_str_eq(buf, "RS [2001:db8::2]:tcp:8080 [192.0.2.10]:tcp:80 DOWN\n");
	vs.protocol = IPPROTO_UDP;
	vs.kind = CHECK_VS_FWMARK;
	vs.fwmark = 7;
	check_fifo_vs_line(&vs, false, buf, sizeof(buf));
	ck_assert_str_eq(buf, "VS FWM 7 DOWN\n");
	check_fifo_rs_line(&vs, &rs, true, buf, sizeof(buf));
	ck_assert_str_eq(buf, "RS [2001:db8::2]:udp:8080 FWM 7 UP\n");
	vs.kind = CHECK_VS_GROUP;
	vs.group = "web";
	vs.addr.port = 0;
	check_fifo_vs_line(&vs, true, buf, sizeof(buf));
	ck_assert_str_eq(buf, "VS [web]:0 UP\n");
	/* too small: nothing */
	ck_assert_uint_eq(check_fifo_vs_line(&vs, true, buf, 5), 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("fifo_line");
	TCase *tc = tcase_create("pure");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, t_lines);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
