/* Unit tests for the keyword-table argument (lib/conf_parse.h, conf_kw.arg):
 * a handler shared by several rows fills the field its row's argument
 * names, and a row whose argument the handler does not know (0: forgotten,
 * or a value of no case) is an error naming the keyword, never a silent
 * write to some default field.  Also a block's sub-tables (conf_table.more):
 * lookup, suggestions, the first of two rows of one name, the fallback row. */
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

/* Parse `text` against table `t` into `obj`; returns the error count. */
static unsigned
parse_table(const char *text, const struct conf_table *t, void *obj)
{
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
	errors = conf_parse_run(p, t, obj);
	conf_parse_free(p);
	conf_lex_close(lx);
	unlink(path);
	return errors;
}

/* Parse `text` against `kws` into `obj`; returns the error count. */
static unsigned
parse(const char *text, const struct conf_kw *kws, void *obj)
{
	const struct conf_table t = { "vrrp_instance", kws, NULL };

	return parse_table(text, &t, obj);
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

/* Sub-tables (conf_table.more): a block's rows are its own, then each
 * sub-table's in order.  A handler appends "table:arg " to the string obj. */
static char seen[256];

#define SEEN_HANDLER(name, tag)                                                         \
	static int name(struct conf_parse *p, const struct conf_line *l, void *obj,        \
	                void **child)                                                       \
	{                                                                                   \
		size_t n = strlen(obj);                                                     \
		(void)l; (void)child;                                                       \
		snprintf((char *)obj + n, sizeof(seen) - n, "%s:%d ", tag,                  \
		         conf_parse_kw_arg(p));                                             \
		return 0;                                                                   \
	}
SEEN_HANDLER(seen_own, "own")
SEEN_HANDLER(seen_sub1, "sub1")
SEEN_HANDLER(seen_sub2, "sub2")

static int seen_other(struct conf_parse *p, const struct conf_line *l, void *obj, void **child)
{
	size_t n = strlen(obj);

	(void)p; (void)child;
	snprintf((char *)obj + n, sizeof(seen) - n, "other(%s) ", l->argv[0]);
	return 0;
}

static const struct conf_kw own_kws[] = {
	{ "alpha", CONF_KW_SIMPLE, 0, 0, seen_own, NULL, NULL, 1 },
	{ NULL, CONF_KW_SIMPLE, 0, 0, NULL, NULL, NULL, 0 },
};
static const struct conf_kw sub1_kws[] = {
	{ "bravo_keyword", CONF_KW_SIMPLE, 0, 0, seen_sub1, NULL, NULL, 2 },
	{ "shared", CONF_KW_SIMPLE, 0, 0, seen_sub1, NULL, NULL, 3 },
	{ NULL, CONF_KW_SIMPLE, 0, 0, NULL, NULL, NULL, 0 },
};
static const struct conf_kw sub2_kws[] = {
	{ "charlie_keyword", CONF_KW_SIMPLE, 0, 0, seen_sub2, NULL, NULL, 4 },
	{ "shared", CONF_KW_SIMPLE, 0, 0, seen_sub2, NULL, NULL, 5 },
	{ NULL, CONF_KW_SIMPLE, 0, 0, NULL, NULL, NULL, 0 },
};
static const struct conf_table sub1_table = { "sub1", sub1_kws, NULL };
static const struct conf_table sub2_table = { "sub2", sub2_kws, NULL };
static const struct conf_table *const subs[] = { &sub1_table, &sub2_table, NULL };
static const struct conf_table block_table = { "global_defs", own_kws, subs };

/* a keyword of a sub-table is found and its row's argument passed */
START_TEST(t_sub_table_lookup)
{
	seen[0] = '\0';
	ck_assert_uint_eq(parse_table("alpha\nbravo_keyword\ncharlie_keyword\n", &block_table,
	                              seen), 0);
	ck_assert_str_eq(seen, "own:1 sub1:2 sub2:4 ");
	ck_assert_str_eq(msgs, "");
	ck_assert_ptr_eq(conf_table_find(&block_table, "charlie_keyword"), &sub2_kws[0]);
	ck_assert_ptr_eq(conf_table_part(&block_table, 0), own_kws);
	ck_assert_ptr_eq(conf_table_part(&block_table, 2), sub2_kws);
	ck_assert_ptr_null(conf_table_part(&block_table, 3));
	ck_assert_ptr_null(conf_table_part(&sub1_table, 1));
}
END_TEST

/* a typo of a sub-table's keyword is suggested like one of the block's own */
START_TEST(t_sub_table_suggestion)
{
	seen[0] = '\0';
	ck_assert_uint_eq(parse_table("charlie_keywrod\nbravo_kyword\n", &block_table, seen), 2);
	ck_assert_str_eq(msgs, "1:error:unknown keyword 'charlie_keywrod' in global_defs; did "
	                       "you mean 'charlie_keyword'?\n"
	                       "2:error:unknown keyword 'bravo_kyword' in global_defs; did you "
	                       "mean 'bravo_keyword'?\n");
	ck_assert_str_eq(seen, "");
}
END_TEST

/* The same name in two tables: the first table in lookup order has it (the
 * later row is never reached; unit check_conf keeps global_defs free of
 * such names). */
START_TEST(t_sub_table_duplicate_first_wins)
{
	seen[0] = '\0';
	ck_assert_uint_eq(parse_table("shared\n", &block_table, seen), 0);
	ck_assert_str_eq(seen, "sub1:3 ");
	ck_assert_ptr_eq(conf_table_find(&block_table, "shared"), &sub1_kws[1]);
}
END_TEST

/* a CONF_KW_OTHER row of a sub-table takes the block's unknown words */
START_TEST(t_sub_table_other_row)
{
	static const struct conf_kw other_kws[] = {
		{ "", CONF_KW_OTHER, 0, -1, seen_other, NULL, NULL, 0 },
		{ NULL, CONF_KW_SIMPLE, 0, 0, NULL, NULL, NULL, 0 },
	};
	static const struct conf_table other_table = { "other", other_kws, NULL };
	static const struct conf_table *const more[] = { &sub1_table, &other_table, NULL };
	const struct conf_table t = { "global_defs", own_kws, more };

	seen[0] = '\0';
	ck_assert_uint_eq(parse_table("zzz 1\nalpha\n", &t, seen), 0);
	ck_assert_str_eq(seen, "other(zzz) own:1 ");
	ck_assert_ptr_null(conf_table_find(&t, ""));
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("conf_kw_arg");
	TCase *tc = tcase_create("dispatch");

	tcase_add_test(tc, t_arg_picks_field);
	tcase_add_test(tc, t_unknown_arg_is_error);
	tcase_add_test(tc, t_sub_table_lookup);
	tcase_add_test(tc, t_sub_table_suggestion);
	tcase_add_test(tc, t_sub_table_duplicate_first_wins);
	tcase_add_test(tc, t_sub_table_other_row);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
