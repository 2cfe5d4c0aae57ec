/* Checker state machine driven by a fake clock: keepalived's retry and
 * delay_before_retry, alpha, warmup spread, misc_dynamic exit codes. */
#include <check.h>
#include <stdlib.h>

#include "check/quorum.h"
#include "check/state.h"
#include "unit_main.h"

static const struct check_state_params P = {
	.delay_loop_ms = 10000, .delay_before_retry_ms = 2000, .retry = 2, .warmup_ms = 5000,
};

START_TEST(starts_up_without_alpha_and_warmup_bounds)
{
	struct check_state s;
	uint32_t r;

	for (r = 0; r < 20000; r += 997) {
		check_state_init(&s, &P, 1000, r);
		ck_assert(s.up);
		ck_assert_uint_ge(s.next_run_ms, 1000);
		ck_assert_uint_le(s.next_run_ms, 6000);
		ck_assert_uint_eq(s.next_run_ms, 1000 + r % 5001);
	}
	check_state_init(&s, &P, 1000, 5000);
	ck_assert_uint_eq(s.next_run_ms, 6000);
}
END_TEST

START_TEST(no_warmup_runs_at_once)
{
	struct check_state_params p = P;
	struct check_state s;

	p.warmup_ms = 0;
	check_state_init(&s, &p, 42, 123456);
	ck_assert_uint_eq(s.next_run_ms, 42);
}
END_TEST

START_TEST(retry_then_down)
{
	struct check_state s;
	uint64_t now = 0;

	check_state_init(&s, &P, now, 0);
	/* success keeps it up, next at delay_loop */
	ck_assert_int_eq(check_state_result(&s, true, now), CHECK_STATE_SAME);
	ck_assert_uint_eq(s.next_run_ms, 10000);
	now = 10000;
	/* retry 2: two failures are retried after delay_before_retry ... */
	ck_assert_int_eq(check_state_result(&s, false, now), CHECK_STATE_SAME);
	ck_assert_uint_eq(s.next_run_ms, 12000);
	ck_assert(s.up);
	now = 12000;
	ck_assert_int_eq(check_state_result(&s, false, now), CHECK_STATE_SAME);
	ck_assert_uint_eq(s.next_run_ms, 14000);
	now = 14000;
	/* ... the third failure in a row is "down" */
	ck_assert_int_eq(check_state_result(&s, false, now), CHECK_STATE_WENT_DOWN);
	ck_assert(!s.up);
	ck_assert_uint_eq(s.next_run_ms, 24000);
	/* down: failures just wait delay_loop, no retries, no repeat event */
	now = 24000;
	ck_assert_int_eq(check_state_result(&s, false, now), CHECK_STATE_SAME);
	ck_assert_uint_eq(s.next_run_ms, 34000);
	/* one success brings it up */
	now = 34000;
	ck_assert_int_eq(check_state_result(&s, true, now), CHECK_STATE_WENT_UP);
	ck_assert(s.up);
	ck_assert_uint_eq(s.next_run_ms, 44000);
	ck_assert_uint_eq(s.runs, 6);
	ck_assert_uint_eq(s.fails_total, 4);
}
END_TEST

START_TEST(success_resets_retry_count)
{
	struct check_state s;

	check_state_init(&s, &P, 0, 0);
	ck_assert_int_eq(check_state_result(&s, false, 0), CHECK_STATE_SAME);
	ck_assert_int_eq(check_state_result(&s, false, 2000), CHECK_STATE_SAME);
	ck_assert_int_eq(check_state_result(&s, true, 4000), CHECK_STATE_SAME);
	ck_assert_uint_eq(s.next_run_ms, 14000);
	ck_assert_int_eq(check_state_result(&s, false, 14000), CHECK_STATE_SAME);
	ck_assert_int_eq(check_state_result(&s, false, 16000), CHECK_STATE_SAME);
	ck_assert(s.up);
	ck_assert_int_eq(check_state_result(&s, false, 18000), CHECK_STATE_WENT_DOWN);
}
END_TEST

START_TEST(retry_zero_downs_at_first_failure)
{
	struct check_state_params p = P;
	struct check_state s;

	p.retry = 0;
	check_state_init(&s, &p, 0, 0);
	ck_assert_int_eq(check_state_result(&s, false, 5), CHECK_STATE_WENT_DOWN);
	ck_assert_uint_eq(s.next_run_ms, 10005);
}
END_TEST

START_TEST(alpha_starts_down)
{
	struct check_state_params p = P;
	struct check_state s;

	p.alpha = true;
	check_state_init(&s, &p, 0, 0);
	ck_assert(!s.up);
	ck_assert_int_eq(check_state_result(&s, false, 0), CHECK_STATE_SAME);
	ck_assert_uint_eq(s.next_run_ms, 10000);
	ck_assert_int_eq(check_state_result(&s, true, 10000), CHECK_STATE_WENT_UP);
}
END_TEST

START_TEST(misc_exit_codes)
{
	int w;

	ck_assert(check_state_misc_exit(0, false, &w));
	ck_assert_int_eq(w, -1);
	ck_assert(!check_state_misc_exit(1, false, &w));
	ck_assert(!check_state_misc_exit(7, false, &w));
	ck_assert(check_state_misc_exit(0, true, &w));
	ck_assert_int_eq(w, -1);
	ck_assert(!check_state_misc_exit(1, true, &w));
	ck_assert(check_state_misc_exit(2, true, &w));
	ck_assert_int_eq(w, 0);
	ck_assert(check_state_misc_exit(12, true, &w));
	ck_assert_int_eq(w, 10);
	ck_assert(check_state_misc_exit(255, true, &w));
	ck_assert_int_eq(w, 253);
}
END_TEST

START_TEST(names)
{
	ck_assert_str_eq(check_why_name(CHECK_WHY_TIMEOUT), "timeout");
	ck_assert_str_eq(check_why_name(CHECK_WHY_MAX), "?");
	ck_assert_str_eq(check_state_change_name(CHECK_STATE_WENT_DOWN), "down");
}
END_TEST

/* keepalived quorum: lost below quorum - hysteresis (or at 0), gained at
 * quorum + hysteresis; in between the state holds */
START_TEST(quorum_hysteresis)
{
	bool up = true;

	/* quorum 10, hysteresis 2: lost below 8, back at 12 */
	ck_assert_int_eq(check_quorum_eval(&up, 10, 10, 2), CHECK_QUORUM_SAME);
	ck_assert_int_eq(check_quorum_eval(&up, 8, 10, 2), CHECK_QUORUM_SAME);
	ck_assert(up);
	ck_assert_int_eq(check_quorum_eval(&up, 7, 10, 2), CHECK_QUORUM_LOST);
	ck_assert(!up);
	ck_assert_int_eq(check_quorum_eval(&up, 7, 10, 2), CHECK_QUORUM_SAME);
	ck_assert_int_eq(check_quorum_eval(&up, 11, 10, 2), CHECK_QUORUM_SAME);
	ck_assert(!up);
	ck_assert_int_eq(check_quorum_eval(&up, 12, 10, 2), CHECK_QUORUM_GAINED);
	ck_assert(up);
	ck_assert_int_eq(check_quorum_eval(&up, 9, 10, 2), CHECK_QUORUM_SAME);
}
END_TEST

START_TEST(quorum_default_and_zero)
{
	bool up = true;

	/* default quorum 1, no hysteresis: lost when the last server goes */
	ck_assert_int_eq(check_quorum_eval(&up, 1, 1, 0), CHECK_QUORUM_SAME);
	ck_assert_int_eq(check_quorum_eval(&up, 0, 1, 0), CHECK_QUORUM_LOST);
	ck_assert_int_eq(check_quorum_eval(&up, 1, 1, 0), CHECK_QUORUM_GAINED);
	/* hysteresis larger than the quorum: still lost at live weight 0,
	 * and 0 never regains it (no flapping with quorum 0) */
	ck_assert_int_eq(check_quorum_eval(&up, 0, 2, 5), CHECK_QUORUM_LOST);
	ck_assert_int_eq(check_quorum_eval(&up, 0, 0, 0), CHECK_QUORUM_SAME);
	ck_assert(!up);
	ck_assert_int_eq(check_quorum_eval(&up, 1, 0, 0), CHECK_QUORUM_GAINED);
	ck_assert_str_eq(check_quorum_change_name(CHECK_QUORUM_LOST), "lost");
}
END_TEST

START_TEST(quorum_weights)
{
	/* rs_up, weight, inhibit, quorum_up, has_sorry */
	ck_assert_int_eq(check_quorum_rs_weight(true, 5, false, true, false), 5);
	ck_assert_int_eq(check_quorum_rs_weight(false, 5, false, true, false), -1);
	ck_assert_int_eq(check_quorum_rs_weight(false, 5, true, true, false), 0);
	/* quorum lost without a sorry server: live servers keep serving */
	ck_assert_int_eq(check_quorum_rs_weight(true, 5, false, false, false), 5);
	/* quorum lost with a sorry server: it takes over */
	ck_assert_int_eq(check_quorum_rs_weight(true, 5, false, false, true), -1);
	ck_assert_int_eq(check_quorum_rs_weight(true, 5, true, false, true), 0);
	ck_assert_int_eq(check_quorum_sorry_weight(false, false), 1);
	ck_assert_int_eq(check_quorum_sorry_weight(false, true), 1);
	ck_assert_int_eq(check_quorum_sorry_weight(true, false), -1);
	ck_assert_int_eq(check_quorum_sorry_weight(true, true), 0);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("checkstate");
	TCase *tc = tcase_create("state");

	tcase_add_test(tc, starts_up_without_alpha_and_warmup_bounds);
	tcase_add_test(tc, no_warmup_runs_at_once);
	tcase_add_test(tc, retry_then_down);
	tcase_add_test(tc, success_resets_retry_count);
	tcase_add_test(tc, retry_zero_downs_at_first_failure);
	tcase_add_test(tc, alpha_starts_down);
	tcase_add_test(tc, misc_exit_codes);
	tcase_add_test(tc, names);
	tcase_add_test(tc, quorum_hysteresis);
	tcase_add_test(tc, quorum_default_and_zero);
	tcase_add_test(tc, quorum_weights);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
