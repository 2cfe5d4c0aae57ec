/* The control protocol codec (src/ctl/ctl_proto.c): requests and answers round
 * trip; every malformed, truncated, oversized or wrong-version document is
 * refused with a message, never half-parsed. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "ctl/path.h"
#include "ctl/ctl_proto.h"
#include "unit_main.h"

static int
parse(const char *s, struct ctl_request *r, const char **err)
{
	return ctl_proto_parse_request(s, strlen(s), r, err);
}

START_TEST(t_request_roundtrip)
{
	struct json_object *args = json_object_new_object();
	struct ctl_request r;
	const char *err = NULL;
	struct json_object *v;
	char *line;

	json_object_object_add(args, "instance", json_object_new_string("VI_1"));
	line = ctl_proto_request("status", args);
	ck_assert_ptr_nonnull(line);
	ck_assert_str_eq(line, "{\"version\":1,\"command\":\"status\",\"args\":{\"instance\":\"VI_1\"}}\n");
	ck_assert_int_eq(parse(line, &r, &err), 0);
	ck_assert_str_eq(r.command, "status");
	ck_assert(json_object_object_get_ex(r.args, "instance", &v));
	ck_assert_str_eq(json_object_get_string(v), "VI_1");
	ctl_proto_request_free(&r);
	free(line);
	/* args may be left out: an empty object */
	ck_assert_int_eq(parse("{\"version\":1,\"command\":\"version\"}", &r, &err), 0);
	ck_assert_int_eq(json_object_object_length(r.args), 0);
	ctl_proto_request_free(&r);
}
END_TEST

START_TEST(t_request_refused)
{
	static const struct {
		const char *in, *err;
	} bad[] = {
		{ "", "request is not a JSON object" },
		{ "garbage", "request is not a JSON object" },
		{ "[1,2]", "request is not a JSON object" },
		{ "{\"version\":1,\"command\":\"status\"", "request is not a JSON object" },   /* truncated */
		{ "{\"version\":1,\"command\":\"status\"} trailing", "request is not a JSON object" },
		{ "{\"command\":\"status\"}", "request has no integer \"version\"" },
		{ "{\"version\":\"1\",\"command\":\"status\"}", "request has no integer \"version\"" },
		{ "{\"version\":2,\"command\":\"status\"}", "unsupported protocol version (this floatd speaks version 1)" },
		{ "{\"version\":1}", "request has no string \"command\"" },
		{ "{\"version\":1,\"command\":7}", "request has no string \"command\"" },
		{ "{\"version\":1,\"command\":\"\"}", "bad command name" },
		{ "{\"version\":1,\"command\":\"s\",\"args\":[]}", "\"args\" must be an object" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		struct ctl_request r;
		const char *err = NULL;

		ck_assert_msg(parse(bad[i].in, &r, &err) == -1, "accepted: %s", bad[i].in);
		ck_assert_str_eq(err, bad[i].err);
	}
}
END_TEST

START_TEST(t_request_limits)
{
	size_t n = CTL_PROTO_MAX_REQUEST + 1;
	char *big = malloc(n + 1);
	char deep[300];
	struct ctl_request r;
	const char *err = NULL;

	memset(big, ' ', n);
	big[n] = '\0';
	ck_assert_int_eq(ctl_proto_parse_request(big, n, &r, &err), -1);
	ck_assert_str_eq(err, "request too large (limit 64 KiB)");
	free(big);
	/* nesting beyond the tokener's depth is refused, not recursed into */
	memset(deep, '[', sizeof(deep) - 1);
	deep[sizeof(deep) - 1] = '\0';
	ck_assert_int_eq(parse(deep, &r, &err), -1);
	/* a long command name is refused, not truncated */
	ck_assert_int_eq(parse("{\"version\":1,\"command\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"}",
	                       &r, &err), -1);
	ck_assert_str_eq(err, "bad command name");
}
END_TEST

START_TEST(t_answers)
{
	struct json_object *data = json_object_new_object(), *got = NULL, *v;
	char *line, *error = NULL;

	json_object_object_add(data, "state", json_object_new_string("MASTER"));
	line = ctl_proto_answer_ok(data);
	ck_assert_str_eq(line, "{\"version\":1,\"ok\":true,\"data\":{\"state\":\"MASTER\"}}\n");
	ck_assert_int_eq(ctl_proto_parse_answer(line, strlen(line), &got, &error), 1);
	ck_assert(json_object_object_get_ex(got, "state", &v));
	ck_assert_str_eq(json_object_get_string(v), "MASTER");
	json_object_put(got);
	free(line);

	line = ctl_proto_answer_error("unknown command 'x'");
	ck_assert_str_eq(line, "{\"version\":1,\"ok\":false,\"error\":\"unknown command 'x'\"}\n");
	ck_assert_int_eq(ctl_proto_parse_answer(line, strlen(line), &got, &error), 0);
	ck_assert_str_eq(error, "unknown command 'x'");
	free(error);
	free(line);

	ck_assert_int_eq(ctl_proto_parse_answer("{\"ok\":true}", 11, &got, &error), -1);
	ck_assert_int_eq(ctl_proto_parse_answer("nonsense", 8, &got, &error), -1);
}
END_TEST

START_TEST(t_paths)
{
	char buf[108];

	ck_assert_int_eq(ctl_path_for_id("lb1", buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, "/run/floatd/floatd-lb1.sock");
	ck_assert_int_eq(ctl_path_for_id("../x", buf, sizeof(buf)), -1);
	ck_assert_int_eq(ctl_path_for_id("lb1", buf, 10), -1);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("ctlproto");
	TCase *tc = tcase_create("codec");

	tcase_add_test(tc, t_request_roundtrip);
	tcase_add_test(tc, t_request_refused);
	tcase_add_test(tc, t_request_limits);
	tcase_add_test(tc, t_answers);
	tcase_add_test(tc, t_paths);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
