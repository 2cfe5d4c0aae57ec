/* libFuzzer harness for the IPsec-AH receive path (src/vrrp/auth_ah.c,
 * then the VRRP decoder), in the order instance.c runs it: split the IPv4
 * datagram, check the ICV, anti-replay, decode the VRRP message behind the
 * AH header.
 * Input: one flag byte, then the datagram from the IP header on.
 *   bit 0  re-sign: rebuild the datagram with vrrp_ah_build() from the
 *          input's addresses, TTL, id, sequence and VRRP bytes, so that
 *          mutations of the VRRP part get past the ICV; the rebuilt
 *          datagram must parse, verify with the key and fail with another.
 * Seeds: tests/fuzz/corpus_ah/ (a keepalived 2.2.7 capture). */
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "vrrp/auth_ah.h"
#include "vrrp/pkt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FZ_CHECK(c) do { if (!(c)) abort(); } while (0)

static const uint8_t fz_key[VRRP_AUTH_LEN] = "s3cr3t";
static const uint8_t fz_other[VRRP_AUTH_LEN] = "s3cr3u";

static uint32_t
fz_get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Rebuild in[0..n) as a datagram signed with fz_key; returns its length or
 * 0 when the input cannot serve (too short or too long). */
static size_t
fz_resign(const uint8_t *in, size_t n, uint8_t *out, size_t outlen)
{
	struct in_addr src, dst;
	size_t voff = VRRP_AH_IP_LEN + VRRP_AH_LEN, off;
	uint32_t seq;
	int len;

	if (n < voff)
		return 0;
	memcpy(&src, in + 12, 4);
	memcpy(&dst, in + 16, 4);
	seq = fz_get32(in + VRRP_AH_IP_LEN + 8);
	len = vrrp_ah_build(out, outlen, src, dst, in[8], (uint16_t)(in[4] << 8 | in[5]), seq,
	                    fz_key, in + voff, n - voff);
	if (len < 0) {
		FZ_CHECK(n - voff > VRRP_PKT_MAX);   /* only too long a message fails */
		return 0;
	}
	FZ_CHECK((size_t)len == n);
	FZ_CHECK(vrrp_ah_parse(out, (size_t)len, &off, &seq) == VRRP_DROP_NONE);
	FZ_CHECK(off == voff && seq == fz_get32(in + VRRP_AH_IP_LEN + 8));
	FZ_CHECK(vrrp_ah_verify(out, (size_t)len, fz_key) == VRRP_DROP_NONE);
	FZ_CHECK(vrrp_ah_verify(out, (size_t)len, fz_other) == VRRP_DROP_AUTH);
	return (size_t)len;
}

/* Anti-replay with a fresh state (one instance's life): the datagram's own
 * sequence number, then one per 4 bytes of the VRRP part, from up to 4
 * sources (the low byte of the source varied by the number).  Whatever
 * is accepted must be refused when it comes again at once; 0 never passes. */
static void
fz_replay(const uint8_t *dgram, size_t n, size_t off, uint32_t seq)
{
	static struct vrrp_ah_replay r;
	struct in_addr src;
	uint32_t s = seq;

	memset(&r, 0, sizeof r);
	memcpy(&src, dgram + 12, 4);
	for (size_t i = off;; i += 4) {
		struct in_addr from = src;
		int ok;

		((uint8_t *)&from.s_addr)[3] ^= (uint8_t)(s & 3);
		ok = vrrp_ah_replay_ok(&r, from, s);
		if (s == 0)
			FZ_CHECK(!ok);
		if (ok)
			FZ_CHECK(!vrrp_ah_replay_ok(&r, from, s));
		if (i + 4 > n || i - off >= 64)
			break;
		s = fz_get32(dgram + i);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t signed_buf[VRRP_AH_IP_LEN + VRRP_AH_LEN + VRRP_PKT_MAX];
	static struct vrrp_pkt pkt;
	struct vrrp_pkt_expect exp;
	struct vrrp_rx rx;
	const uint8_t *in;
	uint8_t *dgram;
	size_t n, off = 0;
	uint32_t seq = 0;
	enum vrrp_drop d;

	if (size < 1)
		return 0;
	in = data + 1;
	n = size - 1;
	if (data[0] & 1) {
		n = fz_resign(in, n, signed_buf, sizeof signed_buf);
		if (n == 0)
			return 0;
		in = signed_buf;
	}
	/* an exact-size copy, so that ASan sees any read past the end */
	dgram = malloc(n ? n : 1);
	if (dgram == NULL)
		return 0;
	memcpy(dgram, in, n);
	memset(&rx, 0, sizeof rx);
	rx.family = AF_INET;
	if (n >= VRRP_AH_IP_LEN) {
		memcpy(&rx.src.v4, dgram + 12, 4);
		memcpy(&rx.dst.v4, dgram + 16, 4);
		rx.ttl = dgram[8];
	}
	d = vrrp_ah_parse(dgram, n, &off, &seq);
	FZ_CHECK((unsigned)d < VRRP_DROP_MAX);
	if (d == VRRP_DROP_NONE && off + 2 > n)
		d = VRRP_DROP_TRUNCATED;
	if (d != VRRP_DROP_NONE)
		goto out;
	FZ_CHECK(off >= VRRP_AH_IP_LEN + VRRP_AH_LEN && off <= n);
	d = vrrp_ah_verify(dgram, n, fz_key);
	FZ_CHECK(d == VRRP_DROP_NONE || d == VRRP_DROP_AUTH);
	if (data[0] & 1)
		FZ_CHECK(d == VRRP_DROP_NONE);
	if (d != VRRP_DROP_NONE)
		goto out;
	fz_replay(dgram, n, off, seq);
	rx.data = dgram + off;
	rx.len = n - off;
	rx.ah_verified = true;
	d = vrrp_pkt_decode(&rx, &pkt);
	FZ_CHECK((unsigned)d < VRRP_DROP_MAX);
	if (d == VRRP_DROP_NONE) {
		memset(&exp, 0, sizeof exp);
		exp.version = pkt.version;
		exp.adver_int_cs = pkt.adver_int_cs;
		exp.auth_type = VRRP_AUTH_AH;
		exp.naddr = pkt.naddr;
		exp.addrs = pkt.addrs;
		d = vrrp_pkt_check_instance(&pkt, &exp);
		FZ_CHECK((unsigned)d < VRRP_DROP_MAX);
	}
out:
	free(dgram);
	return 0;
}
