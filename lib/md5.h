/* MD5 (RFC 1321) and HMAC-MD5 (RFC 2104), pure.  Only for protocols that
 * mandate them (VRRPv2's IPsec-AH ICV): having them here keeps libcrypto,
 * and the ~400 kB of relocated pages it costs each process, out of floatd. */
#ifndef FLOATD_MD5_H
#define FLOATD_MD5_H

#include <stddef.h>
#include <stdint.h>

#define MD5_DIGEST_LEN 16

struct md5_ctx {
	uint32_t h[4];
	uint64_t len;                /* bytes so far */
	uint8_t buf[64];
	size_t n;                    /* bytes in buf */
};

void md5_init(struct md5_ctx *);
void md5_update(struct md5_ctx *, const void *, size_t);
void md5_final(struct md5_ctx *, uint8_t out[MD5_DIGEST_LEN]);
void hmac_md5(const void *key, size_t key_len, const void *data, size_t len,
              uint8_t out[MD5_DIGEST_LEN]);

#endif
