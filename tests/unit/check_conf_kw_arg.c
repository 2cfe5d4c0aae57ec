/* Unit tests for the keyword-table argument (lib/conf_parse.h, conf_kw.arg):
 * a handler shared by several rows fills the field its row's argument
 * names, and a row whose argument the handler does not know (0: forgotten,
 * or a value of no case) is an error naming the keyword, never a silent
 * write to some default field. */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "conf_parse.h"
#include "vrrp/conf/conf_track.h"
#include "unit_main.h"

static char path[64];
static char msgs[2048];

static void
record(void *arg, int is_error, const char *file, int line, const char *msg)
{
	size_t n = strlen(msgs);

	(void)arg; (void)file;
	snprintf(msgs + n, sizeof(msgs) - n, "%d:%s:%s\n", line, is_error ? "error" : "warning", msg);
}

/* Parse `text` against `kws` into `obj`; returns the error count. */
static unsigned
parse(const char *text, const struct conf_kw *kws, void *obj)
{
	const struct conf_table t = { "vrrp_instance", kws, NULL };
	const struct conf_report rep = { record, NULL };
	struct conf_lex *lx;
	struct conf_parse *p;
	unsigned errors;
	int fd;

	snprintf(path, sizeof(path), "/tmp/floatd-kwarg-XXXXXX");
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	msgs[0] = '\0';
	lx = conf_lex_open(path, NULL, &rep);
	ck_assert_ptr_nonnull(lx);
	p = conf_parse_new(lx, NULL);
	ck_assert_ptr_nonnull(p);
	errors = conf_parse_run(p, &t, obj);
	conf_parse_free(p);
	conf_lex_close(lx);
	unlink(path);
	return errors;
}

/* each row's argument picks the field */
START_TEST(t_arg_picks_field)
{
	static const struct conf_kw kws[] = {
		{ "vip_lifetime", CONF_KW_SIMPLE, 1, 1, vrrp_conf_track_inst_simple, NULL, NULL,
		  VRRP_TRACK_KW_VIP_LIFETIME },
		{ "garp_lower_prio_delay", CONF_KW_SIMPLE, 1, 1, vrrp_conf_track_inst_simple, NULL,
		  NULL, VRRP_TRACK_KW_GARP_LOWER_PRIO_DELAY },
		{ NULL, CONF_KW_SIMPLE, 0, 0, NULL, NULL, NULL, 0 },
	};
	struct vrrp_instance_conf vi;

	memset(&vi, 0, sizeof(vi));
	ck_assert_uint_eq(parse("vip_lifetime 7\ngarp_lower_prio_delay 3\n", kws, &vi), 0);
	ck_assert_uint_eq(vi.vip_lifetime_s, 7);
	ck_assert_uint_eq(vi.garp_lower_prio_delay_s, 3);
	ck_assert_str_eq(msgs, "");
}
END_TEST

/* a row without an argument, or with one the handler has no case for, is
 * an error and fills nothing */
START_TEST(t_unknown_arg_is_error)
{
	static const struct conf_kw kws[] = {
		{ "forgotten", CONF_KW_SIMPLE, 1, 1, vrrp_conf_track_inst_simple, NULL, NULL, 0 },
		{ "stray", CONF_KW_SIMPLE, 1, 1, vrrp_conf_track_global_simple, NULL, NULL, 99 },
		{ NULL, CONF_KW_SIMPLE, 0, 0, NULL, NULL, NULL, 0 },
	};
	struct vrrp_instance_conf vi, zero;
	struct floatd_conf c, czero;

	memset(&vi, 0, sizeof(vi));
	memset(&zero, 0, sizeof(zero));
	ck_assert_uint_eq(parse("forgotten 7\n", kws, &vi), 1);
	ck_assert_str_eq(msgs, "1:error:internal error: keyword 'forgotten' has no field "
	                       "(table argument 0)\n");
	ck_assert(memcmp(&vi, &zero, sizeof(vi)) == 0);
	memset(&c, 0, sizeof(c));
	memset(&czero, 0, sizeof(czero));
	ck_assert_uint_eq(parse("stray 7\n", kws, &c), 1);
	ck_assert_str_eq(msgs, "1:error:internal error: keyword 'stray' has no field "
	                       "(table argument 99)\n");
	ck_assert(memcmp(&c, &czero, sizeof(c)) == 0);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("conf_kw_arg");
	TCase *tc = tcase_create("dispatch");

	tcase_add_test(tc, t_arg_picks_field);
	tcase_add_test(tc, t_unknown_arg_is_error);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
