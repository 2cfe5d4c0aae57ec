/* The transition history ring of `floatctl history`: newest first, grows
 * from nothing, keeps the last VRRP_HISTORY_MAX entries, cuts long reasons. */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <string.h>

#include "vrrp/history.h"
#include "unit_main.h"

START_TEST(t_empty)
{
	struct vrrp_history h = { 0 };

	ck_assert_ptr_null(vrrp_history_get(&h, 0));
	ck_assert_uint_eq(h.cap, 0);    /* an instance that never moved costs nothing */
	vrrp_history_free(&h);
}
END_TEST

START_TEST(t_newest_first)
{
	struct vrrp_history h = { 0 };
	const struct vrrp_history_entry *e;

	ck_assert_int_eq(vrrp_history_add(&h, 10, VRRP_STATE_INIT, VRRP_STATE_BACKUP, "startup"), 0);
	ck_assert_int_eq(vrrp_history_add(&h, 20, VRRP_STATE_BACKUP, VRRP_STATE_MASTER, NULL), 0);
	ck_assert_int_eq(vrrp_history_add(&h, 30, VRRP_STATE_MASTER, VRRP_STATE_BACKUP, "higher prio"), 0);
	e = vrrp_history_get(&h, 0);
	ck_assert_int_eq(e->wall_us, 30);
	ck_assert_str_eq(e->reason, "higher prio");
	ck_assert_int_eq(e->to, VRRP_STATE_BACKUP);
	e = vrrp_history_get(&h, 1);
	ck_assert_int_eq(e->wall_us, 20);
	ck_assert_str_eq(e->reason, "");        /* NULL reads as "" */
	e = vrrp_history_get(&h, 2);
	ck_assert_int_eq(e->wall_us, 10);
	ck_assert_int_eq(e->from, VRRP_STATE_INIT);
	ck_assert_str_eq(e->reason, "startup");
	ck_assert_ptr_null(vrrp_history_get(&h, 3));
	/* two entries then a doubling: small for the usual INIT -> BACKUP -> MASTER */
	ck_assert_uint_eq(h.cap, 4);
	vrrp_history_free(&h);
	ck_assert_ptr_null(vrrp_history_get(&h, 0));
}
END_TEST

/* Past VRRP_HISTORY_MAX the oldest entries go, in order, across the growth
 * steps and the wrap (run under ASan, this also shows the dropped reasons
 * are freed exactly once). */
START_TEST(t_wraps)
{
	struct vrrp_history h = { 0 };
	const unsigned total = VRRP_HISTORY_MAX * 2 + 7;
	char want[32];

	for (unsigned i = 0; i < total; i++) {
		char r[32];

		snprintf(r, sizeof(r), "r%u", i);
		ck_assert_int_eq(vrrp_history_add(&h, i, VRRP_STATE_BACKUP, VRRP_STATE_MASTER, r), 0);
	}
	ck_assert_uint_eq(h.n, VRRP_HISTORY_MAX);
	ck_assert_uint_eq(h.cap, VRRP_HISTORY_MAX);
	for (unsigned i = 0; i < VRRP_HISTORY_MAX; i++) {
		const struct vrrp_history_entry *e = vrrp_history_get(&h, i);

		ck_assert_ptr_nonnull(e);
		ck_assert_int_eq(e->wall_us, total - 1 - i);
		snprintf(want, sizeof(want), "r%u", total - 1 - i);
		ck_assert_str_eq(e->reason, want);
	}
	ck_assert_ptr_null(vrrp_history_get(&h, VRRP_HISTORY_MAX));
	vrrp_history_free(&h);
}
END_TEST

START_TEST(t_long_reason_cut)
{
	struct vrrp_history h = { 0 };
	char longr[VRRP_HISTORY_REASON_MAX * 2];

	memset(longr, 'x', sizeof(longr) - 1);
	longr[sizeof(longr) - 1] = '\0';
	ck_assert_int_eq(vrrp_history_add(&h, 1, VRRP_STATE_BACKUP, VRRP_STATE_FAULT, longr), 0);
	ck_assert_uint_eq(strlen(vrrp_history_get(&h, 0)->reason), VRRP_HISTORY_REASON_MAX - 1);
	vrrp_history_free(&h);
}
END_TEST

static Suite *
history_suite(void)
{
	Suite *s = suite_create("history");
	TCase *tc = tcase_create("ring");

	tcase_add_test(tc, t_empty);
	tcase_add_test(tc, t_newest_first);
	tcase_add_test(tc, t_wraps);
	tcase_add_test(tc, t_long_reason_cut);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return unit_run(history_suite());
}
