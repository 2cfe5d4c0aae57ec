/* MD5 digests as HTTP_GET compares them (see digest.h).  struct
 * check_digest is libcrypto's EVP_MD_CTX under another name, so callers
 * need no OpenSSL header. */
#include <openssl/evp.h>
#include <stdio.h>

#include "check/digest.h"

static EVP_MD_CTX *
digest_ctx(struct check_digest *d)
{
	return (EVP_MD_CTX *)(void *)d;
}

struct check_digest *
check_digest_md5_new(void)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();

	if (ctx == NULL)
		return NULL;
	if (EVP_DigestInit_ex(ctx, EVP_md5(), NULL) != 1) {
		EVP_MD_CTX_free(ctx);
		return NULL;
	}
	return (struct check_digest *)(void *)ctx;
}

int
check_digest_update(struct check_digest *d, const void *data, size_t len)
{
	return EVP_DigestUpdate(digest_ctx(d), data, len) == 1 ? 0 : -1;
}

int
check_digest_final_hex(struct check_digest *d, char out[CHECK_DIGEST_HEX_LEN + 1])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned n = 0, i;

	if (EVP_DigestFinal_ex(digest_ctx(d), md, &n) != 1 || n * 2 != CHECK_DIGEST_HEX_LEN)
		return -1;
	for (i = 0; i < n; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
	return 0;
}

void
check_digest_free(struct check_digest *d)
{
	if (d != NULL)
		EVP_MD_CTX_free(digest_ctx(d));
}

int
check_digest_md5_hex(const void *data, size_t len, char out[CHECK_DIGEST_HEX_LEN + 1])
{
	struct check_digest *d = check_digest_md5_new();
	int rc;

	if (d == NULL)
		return -1;
	rc = check_digest_update(d, data, len) == 0 ? check_digest_final_hex(d, out) : -1;
	check_digest_free(d);
	return rc;
}
