/* MD5 and HMAC-MD5 (see md5.h): the RFC 1321 block function over 64-byte
 * blocks, little-endian words; HMAC as RFC 2104 §2 with a 64-byte block. */
#include <string.h>

#include "md5.h"

#define ROTL(x, c) (((x) << (c)) | ((x) >> (32 - (c))))

/* per-round shift amounts (RFC 1321 §3.4) */
static const uint8_t md5_shift[64] = {
	7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
	5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20,
	4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
	6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
};

/* T[i] = floor(2^32 * |sin(i + 1)|) */
static const uint32_t md5_t[64] = {
	0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
	0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
	0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
	0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
	0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
	0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
	0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
	0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391,
};

static void
md5_block(uint32_t h[4], const uint8_t *p)
{
	uint32_t m[16], a = h[0], b = h[1], c = h[2], d = h[3];

	for (int i = 0; i < 16; i++)
		m[i] = (uint32_t)p[4 * i] | (uint32_t)p[4 * i + 1] << 8 |
		       (uint32_t)p[4 * i + 2] << 16 | (uint32_t)p[4 * i + 3] << 24;
	for (int i = 0; i < 64; i++) {
		uint32_t f, tmp;
		int g;

		if (i < 16) {
			f = (b & c) | (~b & d);
			g = i;
		} else if (i < 32) {
			f = (d & b) | (~d & c);
			g = (5 * i + 1) % 16;
		} else if (i < 48) {
			f = b ^ c ^ d;
			g = (3 * i + 5) % 16;
		} else {
			f = c ^ (b | ~d);
			g = (7 * i) % 16;
		}
		tmp = d;
		d = c;
		c = b;
		b = b + ROTL(a + f + md5_t[i] + m[g], md5_shift[i]);
		a = tmp;
	}
	h[0] += a;
	h[1] += b;
	h[2] += c;
	h[3] += d;
}

void
md5_init(struct md5_ctx *c)
{
	c->h[0] = 0x67452301;
	c->h[1] = 0xefcdab89;
	c->h[2] = 0x98badcfe;
	c->h[3] = 0x10325476;
	c->len = 0;
	c->n = 0;
}

void
md5_update(struct md5_ctx *c, const void *data, size_t len)
{
	const uint8_t *p = data;

	c->len += len;
	while (len > 0) {
		size_t take = sizeof(c->buf) - c->n < len ? sizeof(c->buf) - c->n : len;

		memcpy(c->buf + c->n, p, take);
		c->n += take;
		p += take;
		len -= take;
		if (c->n == sizeof(c->buf)) {
			md5_block(c->h, c->buf);
			c->n = 0;
		}
	}
}

void
md5_final(struct md5_ctx *c, uint8_t out[MD5_DIGEST_LEN])
{
	uint64_t bits = c->len * 8;
	uint8_t pad[72] = { 0x80 };
	size_t padlen = c->n < 56 ? 56 - c->n : 120 - c->n;

	/* 0x80, zeros to 56 mod 64, then the bit length little-endian */
	for (int i = 0; i < 8; i++)
		pad[padlen + (size_t)i] = (uint8_t)(bits >> (8 * i));
	md5_update(c, pad, padlen + 8);
	for (int i = 0; i < 4; i++)
		for (int j = 0; j < 4; j++)
			out[4 * i + j] = (uint8_t)(c->h[i] >> (8 * j));
}

void
hmac_md5(const void *key, size_t key_len, const void *data, size_t len,
         uint8_t out[MD5_DIGEST_LEN])
{
	uint8_t k[64] = { 0 }, ipad[64], opad[64], inner[MD5_DIGEST_LEN];
	struct md5_ctx c;

	if (key_len > sizeof(k)) {
		md5_init(&c);
		md5_update(&c, key, key_len);
		md5_final(&c, k);
	} else {
		memcpy(k, key, key_len);
	}
	for (size_t i = 0; i < sizeof(k); i++) {
		ipad[i] = k[i] ^ 0x36;
		opad[i] = k[i] ^ 0x5c;
	}
	md5_init(&c);
	md5_update(&c, ipad, sizeof(ipad));
	md5_update(&c, data, len);
	md5_final(&c, inner);
	md5_init(&c);
	md5_update(&c, opad, sizeof(opad));
	md5_update(&c, inner, sizeof(inner));
	md5_final(&c, out);
}
