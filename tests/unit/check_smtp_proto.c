/* check/smtp_proto: SMTP_CHECK's conversation, every step and its
 * failures, and the byte-level cases a TCP stream brings (replies split
 * anywhere, several in one read, overlong lines, bare LF). */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "check/smtp_proto.h"
#include "unit_main.h"

static enum check_smtp_action feed(struct check_smtp_proto *s, const char *str)
{
	return check_smtp_proto_feed(s, str, strlen(str));
}

static void assert_sent(const struct check_smtp_proto *s, const char *want)
{
	ck_assert_uint_eq(s->out_len, strlen(want));
	ck_assert_mem_eq(s->out, want, s->out_len);
}

static const char *why(const struct check_smtp_proto *s)
{
	static char buf[200];

	check_smtp_proto_describe(s, buf, sizeof(buf));
	return buf;
}

START_TEST(happy_path)
{
	struct check_smtp_proto s;

	check_smtp_proto_init(&s, "lb.example.net");
	ck_assert_int_eq(s.step, CHECK_SMTP_WAIT_BANNER);
	ck_assert_int_eq(feed(&s, "220 mx.example.net ESMTP ready\r\n"), CHECK_SMTP_ACT_SEND);
	assert_sent(&s, "HELO lb.example.net\r\n");
	ck_assert_int_eq(check_smtp_proto_feed(&s, NULL, 0), CHECK_SMTP_ACT_WAIT);
	ck_assert_int_eq(feed(&s, "250 mx.example.net\r\n"), CHECK_SMTP_ACT_SEND);
	assert_sent(&s, "QUIT\r\n");
	ck_assert_int_eq(feed(&s, "221 Bye\r\n"), CHECK_SMTP_ACT_UP);
	ck_assert_int_eq(s.step, CHECK_SMTP_DONE);
	/* done stays done */
	ck_assert_int_eq(feed(&s, "garbage\r\n"), CHECK_SMTP_ACT_UP);
	ck_assert_int_eq(check_smtp_proto_eof(&s), CHECK_SMTP_ACT_UP);
	ck_assert_str_eq(why(&s), "ok");
}
END_TEST

START_TEST(default_helo)
{
	struct check_smtp_proto s;

	check_smtp_proto_init(&s, CHECK_SMTP_DEF_HELO);
	ck_assert_int_eq(feed(&s, "220\n"), CHECK_SMTP_ACT_SEND);   /* bare code, bare LF */
	assert_sent(&s, "HELO smtpchecker.keepalived.org\r\n");
}
END_TEST

START_TEST(byte_by_byte)
{
	static const char server[] = "220-first\r\n220 second\r\n";
	struct check_smtp_proto s;
	enum check_smtp_action a = CHECK_SMTP_ACT_WAIT;

	check_smtp_proto_init(&s, "h");
	for (size_t i = 0; i < sizeof(server) - 1; i++) {
		ck_assert_int_eq(a, CHECK_SMTP_ACT_WAIT);
		a = check_smtp_proto_feed(&s, server + i, 1);
	}
	ck_assert_int_eq(a, CHECK_SMTP_ACT_SEND);
	assert_sent(&s, "HELO h\r\n");
}
END_TEST

START_TEST(multi_line_replies)
{
	struct check_smtp_proto s;

	/* RFC 5321 §4.2.1: continuation lines, then the last one */
	check_smtp_proto_init(&s, "h");
	ck_assert_int_eq(feed(&s, "220-mx.example.net\r\n220-more text\r\n"), CHECK_SMTP_ACT_WAIT);
	ck_assert_int_eq(feed(&s, "220 ready\r\n"), CHECK_SMTP_ACT_SEND);
	ck_assert_int_eq(feed(&s, "250-mx\r\n250-PIPELINING\r\n250 8BITMIME\r\n"), CHECK_SMTP_ACT_SEND);
	assert_sent(&s, "QUIT\r\n");
	ck_assert_int_eq(feed(&s, "221 2.0.0 Bye\r\n"), CHECK_SMTP_ACT_UP);
	/* a continuation with another code is not a reply */
	check_smtp_proto_init(&s, "h");
	ck_assert_int_eq(feed(&s, "220-a\r\n250 b\r\n"), CHECK_SMTP_ACT_DOWN);
	ck_assert_int_eq(s.fail, CHECK_SMTP_FAIL_SYNTAX);
	ck_assert_str_eq(why(&s), "reply line without a code while waiting for the greeting");
}
END_TEST

START_TEST(bad_banner)
{
	struct check_smtp_proto s;

	check_smtp_proto_init(&s, "h");
	ck_assert_int_eq(feed(&s, "554 5.3.2 no service here\r\n"), CHECK_SMTP_ACT_DOWN);
	ck_assert_int_eq(s.fail, CHECK_SMTP_FAIL_BANNER);
	ck_assert_int_eq(s.code, 554);
	ck_assert_str_eq(why(&s), "greeting 554 (want 220)");
	ck_assert_uint_eq(s.out_len, 0);      /* nothing to send */
	/* 421 (service not available) and a 2xx that is not 220 alike */
	check_smtp_proto_init(&s, "h");
	ck_assert_int_eq(feed(&s, "421 busy\r\n"), CHECK_SMTP_ACT_DOWN);
	ck_assert_int_eq(s.code, 421);
	check_smtp_proto_init(&s, "h");
	ck_assert_int_eq(feed(&s, "250 hello?\r\n"), CHECK_SMTP_ACT_DOWN);
	ck_assert_int_eq(s.fail, CHECK_SMTP_FAIL_BANNER);
}
END_TEST

START_TEST(bad_helo)
{
	struct check_smtp_proto s;

	check_smtp_proto_init(&s, "h");
	ck_assert_int_eq(feed(&s, "220 ok\r\n"), CHECK_SMTP_ACT_SEND);
	ck_assert_int_eq(feed(&s, "501 5.5.4 bad HELO\r\n"), CHECK_SMTP_ACT_DOWN);
	ck_assert_int_eq(s.fail, CHECK_SMTP_FAIL_HELO);
	ck_assert_int_eq(s.code, 501);
	ck_assert_str_eq(why(&s), "HELO reply 501 (want 250)");
}
END_TEST

START_TEST(not_a_reply)
{
	static const char *const bad[] = {
		"HTTP/1.1 400 Bad Request\r\n", "22 x\r\n", "2200 x\r\n", "220x\r\n", "\r\n",
		"abc\r\n",
	};
	struct check_smtp_proto s;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		check_smtp_proto_init(&s, "h");
		ck_assert_int_eq(feed(&s, bad[i]), CHECK_SMTP_ACT_DOWN);
		ck_assert_int_eq(s.fail, CHECK_SMTP_FAIL_SYNTAX);
		ck_assert_int_eq(s.code, -1);
	}
	/* after HELO too */
	check_smtp_proto_init(&s, "h");
	feed(&s, "220 ok\r\n");
	ck_assert_int_eq(feed(&s, "ok\r\n"), CHECK_SMTP_ACT_DOWN);
	ck_assert_str_eq(why(&s), "reply line without a code while waiting for the HELO reply");
}
END_TEST

START_TEST(quit_reply_any_line)
{
	struct check_smtp_proto s;

	/* keepalived: any line after QUIT ends the check well */
	check_smtp_proto_init(&s, "h");
	feed(&s, "220 ok\r\n");
	feed(&s, "250 ok\r\n");
	ck_assert_int_eq(feed(&s, "5"), CHECK_SMTP_ACT_WAIT);
	ck_assert_int_eq(feed(&s, "00 what\r\n"), CHECK_SMTP_ACT_UP);
}
END_TEST

START_TEST(eof_each_step)
{
	struct check_smtp_proto s;

	check_smtp_proto_init(&s, "h");
	ck_assert_int_eq(check_smtp_proto_eof(&s), CHECK_SMTP_ACT_DOWN);
	ck_assert_int_eq(s.fail, CHECK_SMTP_FAIL_EOF);
	ck_assert_str_eq(why(&s), "connection closed while waiting for the greeting");
	check_smtp_proto_init(&s, "h");
	feed(&s, "220 ok\r\n250 "); /* partial line is not a reply */
	ck_assert_int_eq(check_smtp_proto_eof(&s), CHECK_SMTP_ACT_DOWN);
	ck_assert_str_eq(why(&s), "connection closed while waiting for the HELO reply");
	check_smtp_proto_init(&s, "h");
	feed(&s, "220 ok\r\n");
	feed(&s, "250 ok\r\n");
	ck_assert_int_eq(check_smtp_proto_eof(&s), CHECK_SMTP_ACT_DOWN);
	ck_assert_str_eq(why(&s), "connection closed while waiting for the QUIT reply");
	ck_assert_int_eq(feed(&s, "221 late\r\n"), CHECK_SMTP_ACT_DOWN);   /* stays down */
}
END_TEST

START_TEST(pipelined_bytes_wait)
{
	struct check_smtp_proto s;

	/* a server that answers before it was asked: kept, used in order */
	check_smtp_proto_init(&s, "h");
	ck_assert_int_eq(feed(&s, "220 a\r\n250 b\r\n221 c\r\n"), CHECK_SMTP_ACT_SEND);
	assert_sent(&s, "HELO h\r\n");
	ck_assert_int_eq(check_smtp_proto_feed(&s, NULL, 0), CHECK_SMTP_ACT_SEND);
	assert_sent(&s, "QUIT\r\n");
	ck_assert_int_eq(check_smtp_proto_feed(&s, NULL, 0), CHECK_SMTP_ACT_UP);
}
END_TEST

START_TEST(overlong_lines)
{
	struct check_smtp_proto s;
	char big[3000];

	/* a 3000-byte greeting: its code counts, the rest is dropped */
	memset(big, 'x', sizeof(big));
	memcpy(big, "220 ", 4);
	check_smtp_proto_init(&s, "h");
	ck_assert_int_eq(check_smtp_proto_feed(&s, big, sizeof(big)), CHECK_SMTP_ACT_WAIT);
	ck_assert_int_eq(check_smtp_proto_feed(&s, big + 4, 1000), CHECK_SMTP_ACT_WAIT);
	ck_assert_int_eq(feed(&s, "tail\r\n"), CHECK_SMTP_ACT_SEND);
	ck_assert_int_eq(feed(&s, "250 ok\r\n"), CHECK_SMTP_ACT_SEND);
	/* the same, one byte at a time, and the newline in the same read */
	check_smtp_proto_init(&s, "h");
	big[sizeof(big) - 1] = '\n';
	for (size_t i = 0; i < sizeof(big) - 1; i++)
		ck_assert_int_eq(check_smtp_proto_feed(&s, big + i, 1), CHECK_SMTP_ACT_WAIT);
	ck_assert_int_eq(check_smtp_proto_feed(&s, big + sizeof(big) - 1, 1), CHECK_SMTP_ACT_SEND);
	check_smtp_proto_init(&s, "h");
	ck_assert_int_eq(check_smtp_proto_feed(&s, big, sizeof(big)), CHECK_SMTP_ACT_SEND);
}
END_TEST

START_TEST(long_helo_cut)
{
	struct check_smtp_proto s;
	char name[1000];

	memset(name, 'n', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	check_smtp_proto_init(&s, name);
	ck_assert_int_eq(feed(&s, "220 ok\r\n"), CHECK_SMTP_ACT_SEND);
	ck_assert_uint_le(s.out_len, CHECK_SMTP_LINE_MAX);
	ck_assert_mem_eq(s.out + s.out_len - 2, "\r\n", 2);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("smtp_proto");
	TCase *tc = tcase_create("smtp_proto");

	tcase_add_test(tc, happy_path);
	tcase_add_test(tc, default_helo);
	tcase_add_test(tc, byte_by_byte);
	tcase_add_test(tc, multi_line_replies);
	tcase_add_test(tc, bad_banner);
	tcase_add_test(tc, bad_helo);
	tcase_add_test(tc, not_a_reply);
	tcase_add_test(tc, quit_reply_any_line);
	tcase_add_test(tc, eof_each_step);
	tcase_add_test(tc, pipelined_bytes_wait);
	tcase_add_test(tc, overlong_lines);
	tcase_add_test(tc, long_helo_cut);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
