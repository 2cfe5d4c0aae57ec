/* lib/md5: MD5 (RFC 1321 §A.5 test suite), HMAC-MD5 (RFC 2202 §2 test
 * cases, which include RFC 2104's), and agreement with libcrypto's HMAC-MD5
 * on odd lengths and split updates (the AH ICV used to come from it). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "md5.h"
#include "unit_main.h"

static void
hex(const uint8_t *d, char out[2 * MD5_DIGEST_LEN + 1])
{
	for (int i = 0; i < MD5_DIGEST_LEN; i++)
		snprintf(out + 2 * i, 3, "%02x", d[i]);
}

START_TEST(rfc1321_vectors)
{
	static const struct { const char *in, *md5; } v[] = {
		{ "", "d41d8cd98f00b204e9800998ecf8427e" },
		{ "a", "0cc175b9c0f1b6a831c399e269772661" },
		{ "abc", "900150983cd24fb0d6963f7d28e17f72" },
		{ "message digest", "f96b697d7cb7938d525a2f31aaf161d0" },
		{ "abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b" },
		{ "12345678901234567890123456789012345678901234567890123456789012345678901234567890",
		  "57edf4a22be3c955ac49da2e2107b67a" },
	};
	uint8_t md[MD5_DIGEST_LEN];
	char h[2 * MD5_DIGEST_LEN + 1];
	struct md5_ctx c;

	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		md5_init(&c);
		md5_update(&c, v[i].in, strlen(v[i].in));
		md5_final(&c, md);
		hex(md, h);
		ck_assert_str_eq(h, v[i].md5);
	}
}
END_TEST

START_TEST(rfc2202_hmac_vectors)
{
	uint8_t k1[16], k3[16], d3[50], k6[80], md[MD5_DIGEST_LEN];
	char h[2 * MD5_DIGEST_LEN + 1];

	memset(k1, 0x0b, sizeof(k1));
	hmac_md5(k1, sizeof(k1), "Hi There", 8, md);
	hex(md, h);
	ck_assert_str_eq(h, "9294727a3638bb1c13f48ef8158bfc9d");
	hmac_md5("Jefe", 4, "what do ya want for nothing?", 28, md);
	hex(md, h);
	ck_assert_str_eq(h, "750c783e6ab0b503eaa86e310a5db738");
	memset(k3, 0xaa, sizeof(k3));
	memset(d3, 0xdd, sizeof(d3));
	hmac_md5(k3, sizeof(k3), d3, sizeof(d3), md);
	hex(md, h);
	ck_assert_str_eq(h, "56be34521d144c88dbb8c733f0e8b3f6");
	/* a key longer than the block is hashed first */
	memset(k6, 0xaa, sizeof(k6));
	hmac_md5(k6, sizeof(k6), "Test Using Larger Than Block-Size Key - Hash Key First", 54, md);
	hex(md, h);
	ck_assert_str_eq(h, "6b1ab7fe4bd7bf8f0b62e6ce61b9d0cd");
}
END_TEST

START_TEST(agrees_with_libcrypto)
{
	uint8_t data[300], key[8], ours[MD5_DIGEST_LEN], theirs[EVP_MAX_MD_SIZE];
	unsigned theirs_len;

	srandom(7);
	for (size_t len = 0; len <= sizeof(data); len += 13) {
		for (size_t i = 0; i < len; i++)
			data[i] = (uint8_t)random();
		for (size_t i = 0; i < sizeof(key); i++)
			key[i] = (uint8_t)random();
		hmac_md5(key, sizeof(key), data, len, ours);
		ck_assert_ptr_nonnull(HMAC(EVP_md5(), key, sizeof(key), data, len, theirs, &theirs_len));
		ck_assert_uint_eq(theirs_len, MD5_DIGEST_LEN);
		ck_assert_mem_eq(ours, theirs, MD5_DIGEST_LEN);
	}
}
END_TEST

START_TEST(streamed_equals_one_shot)
{
	uint8_t data[200], a[MD5_DIGEST_LEN], b[MD5_DIGEST_LEN];
	struct md5_ctx c;

	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(i * 7);
	md5_init(&c);
	md5_update(&c, data, sizeof(data));
	md5_final(&c, a);
	md5_init(&c);
	for (size_t off = 0, step = 1; off < sizeof(data); off += step, step = step % 70 + 3)
		md5_update(&c, data + off, off + step > sizeof(data) ? sizeof(data) - off : step);
	md5_final(&c, b);
	ck_assert_mem_eq(a, b, MD5_DIGEST_LEN);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("md5");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, rfc1321_vectors);
	tcase_add_test(tc, rfc2202_hmac_vectors);
	tcase_add_test(tc, agrees_with_libcrypto);
	tcase_add_test(tc, streamed_equals_one_shot);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
