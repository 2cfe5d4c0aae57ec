/* check/digest: the MD5 hex HTTP_GET compares and floatd-genhash prints.
 * RFC 1321 §A.5 test suite values; streamed in pieces == one shot. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "check/digest.h"
#include "unit_main.h"

START_TEST(rfc1321_vectors)
{
	static const struct { const char *in, *md5; } v[] = {
		{ "", "d41d8cd98f00b204e9800998ecf8427e" },
		{ "a", "0cc175b9c0f1b6a831c399e269772661" },
		{ "abc", "900150983cd24fb0d6963f7d28e17f72" },
		{ "message digest", "f96b697d7cb7938d525a2f31aaf161d0" },
		{ "12345678901234567890123456789012345678901234567890123456789012345678901234567890",
		  "57edf4a22be3c955ac49da2e2107b67a" },
	};
	char hex[CHECK_DIGEST_HEX_LEN + 1];
	unsigned i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		memset(hex, 'x', sizeof(hex));
		ck_assert_int_eq(check_digest_md5_hex(v[i].in, strlen(v[i].in), hex), 0);
		ck_assert_str_eq(hex, v[i].md5);
	}
}
END_TEST

START_TEST(streamed_equals_one_shot)
{
	char body[5000], one[CHECK_DIGEST_HEX_LEN + 1], streamed[CHECK_DIGEST_HEX_LEN + 1];
	struct check_digest *d;
	size_t off, n;

	for (off = 0; off < sizeof(body); off++)
		body[off] = (char)(off * 7 + 3);
	ck_assert_int_eq(check_digest_md5_hex(body, sizeof(body), one), 0);
	d = check_digest_md5_new();
	ck_assert_ptr_nonnull(d);
	/* uneven pieces, as curl hands a body over */
	for (off = 0, n = 1; off < sizeof(body); off += n, n = n * 3 + 1) {
		if (n > sizeof(body) - off)
			n = sizeof(body) - off;
		ck_assert_int_eq(check_digest_update(d, body + off, n), 0);
	}
	ck_assert_int_eq(check_digest_final_hex(d, streamed), 0);
	check_digest_free(d);
	ck_assert_str_eq(streamed, one);
	body[100] ^= 1;
	ck_assert_int_eq(check_digest_md5_hex(body, sizeof(body), streamed), 0);
	ck_assert_str_ne(streamed, one);
	check_digest_free(NULL);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("digest");
	TCase *tc = tcase_create("md5");

	tcase_add_test(tc, rfc1321_vectors);
	tcase_add_test(tc, streamed_equals_one_shot);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
