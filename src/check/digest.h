/* MD5 of an HTTP body, streamed or in one piece, as lowercase hex: the
 * form of HTTP_GET's `digest`.  Shared by the checker (check/http.c) and
 * floatd-genhash, so both compute exactly the same string.  libcrypto's EVP
 * interface; pure (no loop, no logging). */
#ifndef FLOATD_CHECK_DIGEST_H
#define FLOATD_CHECK_DIGEST_H

#include <stddef.h>

#define CHECK_DIGEST_HEX_LEN 32   /* MD5: 16 bytes, 32 hex digits */

struct check_digest;

/* NULL on allocation or libcrypto failure. */
struct check_digest *check_digest_md5_new(void);
int check_digest_update(struct check_digest *, const void *data, size_t len);   /* 0 / -1 */
/* Ends the digest: out gets 32 hex digits and a NUL.  0 / -1.  The digest
 * must be freed afterwards; it cannot be updated again. */
int check_digest_final_hex(struct check_digest *, char out[CHECK_DIGEST_HEX_LEN + 1]);
void check_digest_free(struct check_digest *);

/* One-shot form of the above. 0 / -1. */
int check_digest_md5_hex(const void *data, size_t len, char out[CHECK_DIGEST_HEX_LEN + 1]);

#endif
