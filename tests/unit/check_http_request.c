/* Unit tests for src/check/http_request.c: the URL, headers and CONNECT_TO
 * line of the request that HTTP_GET/SSL_GET and floatd-genhash send. */
#include <check.h>
#include <string.h>

#include "check/http_request.h"
#include "unit_main.h"

static struct check_http_request r;

START_TEST(t_plain_ipv4)
{
	struct check_http_target t = { .host = "10.0.0.1", .port = 8080, .path = "/index.html",
	                               .http_1_1 = true, .close = true };

	ck_assert_int_eq(check_http_request_build(&r, &t), 0);
	ck_assert_str_eq(r.url, "http://10.0.0.1:8080/index.html");
	ck_assert_uint_eq(r.n_headers, 1);
	ck_assert_str_eq(r.headers[0], "Connection: close");
	ck_assert_str_eq(r.connect_to, "");
	ck_assert(r.http_1_1);
}
END_TEST

/* an IPv6 literal gets brackets once; a missing '/' is added; the default
 * port follows the scheme */
START_TEST(t_ipv6_default_ports)
{
	struct check_http_target t = { .host = "2001:db8::1", .path = "x" };

	ck_assert_int_eq(check_http_request_build(&r, &t), 0);
	ck_assert_str_eq(r.url, "http://[2001:db8::1]:80/x");
	ck_assert_uint_eq(r.n_headers, 0);
	ck_assert(!r.http_1_1);
	t.host = "[2001:db8::1]";
	t.ssl = true;
	ck_assert_int_eq(check_http_request_build(&r, &t), 0);
	ck_assert_str_eq(r.url, "https://[2001:db8::1]:443/x");
}
END_TEST

/* keepalived's virtualhost: a Host header before Connection: close */
START_TEST(t_vhost_header)
{
	struct check_http_target t = { .host = "10.0.0.1", .port = 80, .path = "/",
	                               .vhost = "www.example.com", .close = true };

	ck_assert_int_eq(check_http_request_build(&r, &t), 0);
	ck_assert_uint_eq(r.n_headers, 2);
	ck_assert_str_eq(r.headers[0], "Host: www.example.com");
	ck_assert_str_eq(r.headers[1], "Connection: close");
}
END_TEST

/* SNI: the URL names the host, CONNECT_TO sends it to the real server */
START_TEST(t_sni_connect_to)
{
	struct check_http_target t = { .ssl = true, .host = "www.example.com", .port = 8443,
	                               .path = "/health", .connect_ip = "2001:db8::5",
	                               .http_1_1 = true, .close = true };

	ck_assert_int_eq(check_http_request_build(&r, &t), 0);
	ck_assert_str_eq(r.url, "https://www.example.com:8443/health");
	ck_assert_str_eq(r.connect_to, "www.example.com:8443:[2001:db8::5]:8443");
	t.connect_ip = "10.0.0.5";
	ck_assert_int_eq(check_http_request_build(&r, &t), 0);
	ck_assert_str_eq(r.connect_to, "www.example.com:8443:10.0.0.5:8443");
}
END_TEST

/* genhash's URL form: the URL as given, headers as always */
START_TEST(t_url_as_given)
{
	struct check_http_target t = { .url = "https://h.example/a?b=c", .vhost = "v",
	                               .http_1_1 = true, .close = true };

	ck_assert_int_eq(check_http_request_build(&r, &t), 0);
	ck_assert_str_eq(r.url, "https://h.example/a?b=c");
	ck_assert_str_eq(r.connect_to, "");
	ck_assert_uint_eq(r.n_headers, 2);
	ck_assert_str_eq(r.headers[0], "Host: v");
}
END_TEST

/* what does not fit is refused, never truncated */
START_TEST(t_too_long)
{
	static char big[5000];
	struct check_http_target t = { .host = "10.0.0.1", .path = big };

	memset(big, 'a', sizeof(big) - 1);
	ck_assert_int_eq(check_http_request_build(&r, &t), -1);
	t.path = "/";
	t.vhost = big;
	ck_assert_int_eq(check_http_request_build(&r, &t), -1);
	t.vhost = NULL;
	t.url = big;
	ck_assert_int_eq(check_http_request_build(&r, &t), -1);
	/* a config line (at most 1023 characters) always fits */
	big[1023] = '\0';
	t.url = NULL;
	t.path = big;
	t.vhost = big;
	t.connect_ip = "2001:db8::5";
	t.host = big;
	ck_assert_int_eq(check_http_request_build(&r, &t), 0);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("http_request");
	TCase *tc = tcase_create("build");

	tcase_add_test(tc, t_plain_ipv4);
	tcase_add_test(tc, t_ipv6_default_ports);
	tcase_add_test(tc, t_vhost_header);
	tcase_add_test(tc, t_sni_connect_to);
	tcase_add_test(tc, t_url_as_given);
	tcase_add_test(tc, t_too_long);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
