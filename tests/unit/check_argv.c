/* lib/argv.c: keepalived script-string splitting (GRAMMAR §5, keepalived
 * man page [Quoted strings]). */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "argv.h"
#include "unit_main.h"

/* Split s and compare with the NULL-terminated expectation. */
static void expect_split(const char *s, const char *const *want)
{
	char **v = NULL;
	const char *why = NULL;
	int i;

	ck_assert_msg(argv_split(s, &v, &why) == 0, "split of [%s] failed: %s", s, why);
	for (i = 0; want[i]; i++) {
		ck_assert_msg(v[i] != NULL, "[%s]: word %d missing (want [%s])", s, i, want[i]);
		ck_assert_str_eq(v[i], want[i]);
	}
	ck_assert_msg(v[i] == NULL, "[%s]: extra word [%s]", s, v[i]);
	ck_assert_int_eq(argv_count(v), i);
	argv_free(v);
}

START_TEST(t_plain)
{
	static const char *const w[] = { "/usr/local/bin/vrrp.sh", "BACKUP", "VI_1", NULL };

	expect_split("/usr/local/bin/vrrp.sh  BACKUP   VI_1", w);
}
END_TEST

START_TEST(t_join)
{
	/* man page: abcd" efg h jkl "mnop is one word, blanks kept */
	static const char *const w1[] = { "abcd efg h jkl mnop", NULL };
	static const char *const w2[] = { "abcd", "efg h jkl", "mnop", NULL };

	expect_split("abcd\" efg h jkl \"mnop", w1);
	expect_split("abcd \"efg h jkl\" mnop", w2);
}
END_TEST

START_TEST(t_single_quotes)
{
	static const char *const w[] = { "/bin/x", " a b ", "it\"s", NULL };

	expect_split("/bin/x ' a b ' 'it\"s'", w);
}
END_TEST

START_TEST(t_man_example)
{
	/* keepalived.conf(5) [Quoted strings] notify_event.sh example */
	static const char *const w[] = { "/etc/keepalived/notify_event.sh", " spaces\\x20file ",
		"\"s p a c e \"", "SG1.low", "master", NULL };

	expect_split("/etc/keepalived/notify_event.sh ' spaces\\\\x20f\\x69le ' "
	             "'\\\"s p a c e \\\"' SG1.low master", w);
}
END_TEST

START_TEST(t_escapes)
{
	static const char *const w[] = { "\a\b\x1b\f\n\r\t\v", "A", "\x41" "B", "\x03", "q\\\"",
		"\x7", NULL };

	expect_split("\\a\\b\\E\\f\\n\\r\\t\\v \\101 \\x41B \\cC \\q\\\\\\\" \\7", w);
}
END_TEST

START_TEST(t_empty_and_blank)
{
	static const char *const none[] = { NULL };
	static const char *const empty[] = { "/bin/x", "", NULL };

	expect_split("", none);
	expect_split("  \t ", none);
	expect_split("/bin/x ''", empty);
}
END_TEST

START_TEST(t_unterminated)
{
	char **v = (char **)1;
	const char *why = NULL;

	ck_assert_int_eq(argv_split("/bin/x 'abc", &v, &why), -1);
	ck_assert_ptr_null(v);
	ck_assert_str_eq(why, "unterminated ' in script");
	ck_assert_int_eq(argv_split("/bin/x \"abc", &v, &why), -1);
	ck_assert_str_eq(why, "unterminated \" in script");
}
END_TEST

START_TEST(t_backslash_in_quotes)
{
	/* escapes are honoured in both quote kinds (not like sh) */
	static const char *const w[] = { "a'b", "c\td", NULL };

	expect_split("'a\\'b' \"c\\td\"", w);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("argv");
	TCase *tc = tcase_create("split");

	tcase_add_test(tc, t_plain);
	tcase_add_test(tc, t_join);
	tcase_add_test(tc, t_single_quotes);
	tcase_add_test(tc, t_man_example);
	tcase_add_test(tc, t_escapes);
	tcase_add_test(tc, t_empty_and_blank);
	tcase_add_test(tc, t_unterminated);
	tcase_add_test(tc, t_backslash_in_quotes);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
