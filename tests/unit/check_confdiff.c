/* The checker's reload difference (src/check/conf_diff.c): which virtual
 * and real servers a new configuration keeps, adds, removes and changes.
 * Configurations are parsed from in-memory snapshots (no disk). */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "check/conf/conf_lvs.h"
#include "check/conf_diff.h"
#include "conf.h"
#include "conf_snap.h"
#include "unit_main.h"

static struct floatd_conf *
parse(const char *text)
{
	struct conf_snap *snap = conf_snap_new();
	struct conf_diag d = { 0 };
	struct floatd_conf *c = NULL;

	ck_assert_ptr_nonnull(snap);
	ck_assert_ptr_nonnull(conf_snap_add(snap, CONF_SNAP_META, "main", 0, 0, 0, "/m.conf", 7));
	ck_assert_ptr_nonnull(conf_snap_add(snap, CONF_SNAP_META, "config_id", 0, 0, 0, "", 0));
	ck_assert_ptr_nonnull(conf_snap_add(snap, CONF_SNAP_META, "host", 0, 0, 0, "h", 1));
	ck_assert_ptr_nonnull(conf_snap_add(snap, CONF_SNAP_FILE, "/m.conf", 0, 1, 1, text,
	                                    strlen(text)));
	ck_assert_int_eq(floatd_conf_load_snap(snap, &d, &c), 0);
	ck_assert_uint_eq(d.errors, 0);
	conf_snap_free(snap);
	return c;
}

#define TCP(t) "TCP_CHECK { connect_timeout " t " }"

/* The reload the VM test makes: one RS unchanged, one removed, one added,
 * one with a new weight. */
START_TEST(test_keep_remove_add_weight)
{
	struct floatd_conf *a = parse(
		"virtual_server 10.0.0.1 80 {\n lb_algo rr\n"
		" real_server 10.0.1.1 80 { weight 1\n " TCP("1") " }\n"
		" real_server 10.0.1.2 80 { weight 1\n " TCP("1") " }\n"
		" real_server 10.0.1.3 80 { weight 1\n " TCP("1") " }\n"
		"}\n");
	struct floatd_conf *b = parse(
		"virtual_server 10.0.0.1 80 {\n lb_algo rr\n"
		" real_server 10.0.1.1 80 { weight 1\n " TCP("1") " }\n"
		" real_server 10.0.1.4 80 { weight 1\n " TCP("1") " }\n"
		" real_server 10.0.1.3 80 { weight 5\n " TCP("1") " }\n"
		"}\n");
	struct check_diff d;

	ck_assert_int_eq(check_conf_diff(a, b, &d), 0);
	ck_assert_uint_eq(d.n_vs, 1);
	ck_assert_int_eq(d.vs[0].old, 0);
	ck_assert_uint_eq(d.vs[0].changed, 0);
	ck_assert_uint_eq(d.n_rs, 3);
	ck_assert_int_eq(d.rs[0].old, 0);
	ck_assert_uint_eq(d.rs[0].changed, 0);          /* unchanged: untouched */
	ck_assert_int_eq(d.rs[1].old, -1);              /* .4 is new */
	ck_assert_int_eq(d.rs[2].old, 2);
	ck_assert_uint_eq(d.rs[2].changed, CHECK_DIFF_RS_WEIGHT);
	ck_assert(d.old_rs_kept[0] && !d.old_rs_kept[1] && d.old_rs_kept[2]);
	ck_assert_uint_eq(d.rs_added, 1);
	ck_assert_uint_eq(d.rs_removed, 1);
	ck_assert_uint_eq(d.rs_changed, 1);
	ck_assert_uint_eq(d.vs_added + d.vs_removed + d.vs_changed, 0);
	check_diff_free(&d);
	floatd_conf_free(a);
	floatd_conf_free(b);
}
END_TEST

/* Identity is the key (address, port, protocol), not the position: virtual
 * servers reordered keep their real servers' flat indexes straight. */
START_TEST(test_reorder_and_identity)
{
	struct floatd_conf *a = parse(
		"virtual_server 10.0.0.1 80 {\n real_server 10.0.1.1 80 { }\n"
		" real_server 10.0.1.2 80 { }\n}\n"
		"virtual_server 10.0.0.2 80 {\n real_server 10.0.2.1 80 { }\n}\n"
		"virtual_server 10.0.0.3 53 {\n protocol UDP\n real_server 10.0.3.1 53 { }\n}\n");
	struct floatd_conf *b = parse(
		"virtual_server 10.0.0.2 80 {\n real_server 10.0.2.1 80 { }\n}\n"
		"virtual_server 10.0.0.1 80 {\n real_server 10.0.1.2 80 { }\n"
		" real_server 10.0.1.1 80 { }\n}\n"
		"virtual_server 10.0.0.3 53 {\n protocol TCP\n real_server 10.0.3.1 53 { }\n}\n");
	struct check_diff d;

	ck_assert_int_eq(check_conf_diff(a, b, &d), 0);
	ck_assert_int_eq(d.vs[0].old, 1);
	ck_assert_int_eq(d.vs[1].old, 0);
	ck_assert_int_eq(d.vs[2].old, -1);   /* UDP -> TCP: another service */
	ck_assert_int_eq(d.rs[0].old, 2);    /* 10.0.2.1 was flat index 2 */
	ck_assert_int_eq(d.rs[1].old, 1);
	ck_assert_int_eq(d.rs[2].old, 0);
	ck_assert_int_eq(d.rs[3].old, -1);
	ck_assert(!d.old_vs_kept[2] && !d.old_rs_kept[3]);
	ck_assert_uint_eq(d.vs_added, 1);
	ck_assert_uint_eq(d.vs_removed, 1);
	ck_assert_uint_eq(d.rs_added, 1);
	ck_assert_uint_eq(d.rs_removed, 1);
	ck_assert_uint_eq(d.rs_changed, 0);
	check_diff_free(&d);
	floatd_conf_free(a);
	floatd_conf_free(b);
}
END_TEST

/* What counts as a change of a kept server, and which kind. */
START_TEST(test_kinds_of_change)
{
	struct floatd_conf *a = parse(
		"virtual_server 10.0.0.1 80 {\n lb_algo rr\n delay_loop 5\n quorum 1\n"
		" real_server 10.0.1.1 80 { " TCP("1") " }\n"
		" real_server 10.0.1.2 80 { " TCP("1") " }\n"
		" real_server 10.0.1.3 80 { notify_up /bin/true\n " TCP("1") " }\n"
		" real_server 10.0.1.4 80 { uthreshold 10\n " TCP("1") " }\n"
		" real_server 10.0.1.5 80 { HTTP_GET { url { path /a } } }\n"
		"}\n");
	struct floatd_conf *b = parse(
		"virtual_server 10.0.0.1 80 {\n lb_algo wrr\n delay_loop 5\n quorum 2\n"
		" real_server 10.0.1.1 80 { " TCP("1") " }\n"
		" real_server 10.0.1.2 80 { " TCP("2") " }\n"
		" real_server 10.0.1.3 80 { notify_up /bin/false\n " TCP("1") " }\n"
		" real_server 10.0.1.4 80 { uthreshold 20\n " TCP("1") " }\n"
		" real_server 10.0.1.5 80 { HTTP_GET { url { path /b } } }\n"
		"}\n");
	struct check_diff d;

	ck_assert_int_eq(check_conf_diff(a, b, &d), 0);
	ck_assert_uint_eq(d.vs[0].changed, CHECK_DIFF_VS_SERVICE | CHECK_DIFF_VS_QUORUM);
	ck_assert_uint_eq(d.rs[0].changed, 0);
	ck_assert_uint_eq(d.rs[1].changed, CHECK_DIFF_RS_CHECKS);
	ck_assert_uint_eq(d.rs[2].changed, CHECK_DIFF_RS_SCRIPTS);
	ck_assert_uint_eq(d.rs[3].changed, CHECK_DIFF_RS_DEST);
	ck_assert_uint_eq(d.rs[4].changed, CHECK_DIFF_RS_CHECKS);
	ck_assert_uint_eq(d.vs_changed, 1);
	ck_assert_uint_eq(d.rs_changed, 4);
	check_diff_free(&d);
	floatd_conf_free(a);
	floatd_conf_free(b);
}
END_TEST

/* An inherited default changing (virtual_server delay_loop) is a change of
 * every checker that inherits it; the same text is no change at all. */
START_TEST(test_inherited_and_identical)
{
	const char *t1 = "virtual_server fwmark 7 {\n delay_loop 5\n"
	                 " real_server 10.0.1.1 80 { " TCP("1") "\n MISC_CHECK { misc_path "
	                 "\"/bin/true x\" } }\n}\n";
	const char *t2 = "virtual_server fwmark 7 {\n delay_loop 6\n"
	                 " real_server 10.0.1.1 80 { " TCP("1") "\n MISC_CHECK { misc_path "
	                 "\"/bin/true x\" } }\n}\n";
	struct floatd_conf *a = parse(t1), *a2 = parse(t1), *b = parse(t2);
	struct check_diff d;

	ck_assert_int_eq(check_conf_diff(a, a2, &d), 0);
	ck_assert_int_eq(d.vs[0].old, 0);
	ck_assert_uint_eq(d.vs[0].changed, 0);
	ck_assert_uint_eq(d.rs[0].changed, 0);
	ck_assert_uint_eq(d.rs_added + d.rs_removed + d.rs_changed + d.vs_changed, 0);
	ck_assert(check_diff_checkers_equal(a->virtual_servers->rs->checkers,
	                                    a2->virtual_servers->rs->checkers));
	check_diff_free(&d);
	ck_assert_int_eq(check_conf_diff(a, b, &d), 0);
	ck_assert_uint_eq(d.rs[0].changed, CHECK_DIFF_RS_CHECKS);
	check_diff_free(&d);
	floatd_conf_free(a);
	floatd_conf_free(a2);
	floatd_conf_free(b);
}
END_TEST

/* DNS_CHECK's type or name and SMTP_CHECK's helo_name are the checker's:
 * a new one restarts it; the same text changes nothing. */
START_TEST(test_dns_smtp_fields)
{
	static const char *const texts[] = {
		"virtual_server 10.0.0.1 53 {\n real_server 10.0.1.1 53 { DNS_CHECK { name a.test } "
		"SMTP_CHECK { helo_name x } }\n}\n",
		"virtual_server 10.0.0.1 53 {\n real_server 10.0.1.1 53 { DNS_CHECK { name b.test } "
		"SMTP_CHECK { helo_name x } }\n}\n",
		"virtual_server 10.0.0.1 53 {\n real_server 10.0.1.1 53 { DNS_CHECK { name a.test\n "
		"type A } SMTP_CHECK { helo_name x } }\n}\n",
		"virtual_server 10.0.0.1 53 {\n real_server 10.0.1.1 53 { DNS_CHECK { name a.test } "
		"SMTP_CHECK { helo_name y } }\n}\n",
	};
	struct floatd_conf *a = parse(texts[0]), *a2 = parse(texts[0]);

	ck_assert(check_diff_checkers_equal(a->virtual_servers->rs->checkers,
	                                    a2->virtual_servers->rs->checkers));
	for (unsigned i = 1; i < sizeof(texts) / sizeof(texts[0]); i++) {
		struct floatd_conf *b = parse(texts[i]);
		struct check_diff d;

		ck_assert_msg(!check_diff_checkers_equal(a->virtual_servers->rs->checkers,
		                                         b->virtual_servers->rs->checkers), "%u", i);
		ck_assert_int_eq(check_conf_diff(a, b, &d), 0);
		ck_assert_uint_eq(d.rs[0].changed, CHECK_DIFF_RS_CHECKS);
		check_diff_free(&d);
		floatd_conf_free(b);
	}
	floatd_conf_free(a);
	floatd_conf_free(a2);
}
END_TEST

/* UDP_CHECK / FILE_CHECK settings take part in "checks changed": the
 * payload, the reply rule, and a FILE_CHECK's weight inherited from its
 * track_file block; the same text is no change. */
START_TEST(test_udp_ping_file_changes)
{
	static const char *const texts[] = {
		"UDP_CHECK {\npayload 0102\nrequire_reply 0X\n}",
		"UDP_CHECK {\npayload 0103\nrequire_reply 0X\n}",
		"UDP_CHECK {\npayload 0102\nrequire_reply 01\n}",
		"UDP_CHECK {\npayload 0102\nrequire_reply 0X\nmax_reply_length 9\n}",
		"PING_CHECK { connect_timeout 2 }",
		"FILE_CHECK { track_file f }",
	};
	char ta[512], tb[512];

	for (unsigned i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		for (unsigned j = 0; j < sizeof(texts) / sizeof(texts[0]); j++) {
			struct floatd_conf *a, *b;
			struct check_diff d;

			snprintf(ta, sizeof(ta), "track_file f {\n file /run/f\n weight %d\n}\n"
			         "virtual_server 10.0.0.1 53 {\n real_server 10.0.1.1 53 {\n%s\n}\n}\n",
			         1, texts[i]);
			snprintf(tb, sizeof(tb), "track_file f {\n file /run/f\n weight %d\n}\n"
			         "virtual_server 10.0.0.1 53 {\n real_server 10.0.1.1 53 {\n%s\n}\n}\n",
			         1, texts[j]);
			a = parse(ta);
			b = parse(tb);
			ck_assert_int_eq(check_conf_diff(a, b, &d), 0);
			ck_assert_msg(d.rs[0].changed == (i == j ? 0u : (unsigned)CHECK_DIFF_RS_CHECKS),
			              "%u -> %u: changed %u", i, j, d.rs[0].changed);
			check_diff_free(&d);
			floatd_conf_free(a);
			floatd_conf_free(b);
		}
	/* the track_file block's weight, inherited by FILE_CHECK */
	snprintf(ta, sizeof(ta), "track_file f {\n file /run/f\n weight 1\n}\n"
	         "virtual_server 10.0.0.1 53 {\n real_server 10.0.1.1 53 {\n%s\n}\n}\n", texts[5]);
	snprintf(tb, sizeof(tb), "track_file f {\n file /run/f\n weight 2\n}\n"
	         "virtual_server 10.0.0.1 53 {\n real_server 10.0.1.1 53 {\n%s\n}\n}\n", texts[5]);
	{
		struct floatd_conf *a = parse(ta), *b = parse(tb);
		struct check_diff d;

		ck_assert_int_eq(check_conf_diff(a, b, &d), 0);
		ck_assert_uint_eq(d.rs[0].changed, CHECK_DIFF_RS_CHECKS);
		check_diff_free(&d);
		floatd_conf_free(a);
		floatd_conf_free(b);
	}
}
END_TEST

/* Everything removed, then everything new. */
START_TEST(test_empty_sides)
{
	struct floatd_conf *a = parse("virtual_server 10.0.0.1 80 {\n real_server 10.0.1.1 80 { }\n"
	                              " real_server 10.0.1.2 80 { }\n}\n");
	struct floatd_conf *e = parse("global_defs {\n}\n");
	struct check_diff d;

	ck_assert_int_eq(check_conf_diff(a, e, &d), 0);
	ck_assert_uint_eq(d.n_vs, 0);
	ck_assert_uint_eq(d.n_rs, 0);
	ck_assert_uint_eq(d.vs_removed, 1);
	ck_assert_uint_eq(d.rs_removed, 2);
	check_diff_free(&d);
	ck_assert_int_eq(check_conf_diff(e, a, &d), 0);
	ck_assert_uint_eq(d.vs_added, 1);
	ck_assert_uint_eq(d.rs_added, 2);
	ck_assert_int_eq(d.rs[1].old, -1);
	check_diff_free(&d);
	floatd_conf_free(a);
	floatd_conf_free(e);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("confdiff");
	TCase *tc = tcase_create("diff");

	tcase_add_test(tc, test_keep_remove_add_weight);
	tcase_add_test(tc, test_reorder_and_identity);
	tcase_add_test(tc, test_kinds_of_change);
	tcase_add_test(tc, test_inherited_and_identical);
	tcase_add_test(tc, test_empty_sides);
	tcase_add_test(tc, test_dns_smtp_fields);
	tcase_add_test(tc, test_udp_ping_file_changes);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
