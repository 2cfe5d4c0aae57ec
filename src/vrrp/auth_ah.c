/* keepalived-compatible IPsec-AH for VRRPv2 (see auth_ah.h).  HMAC-MD5
 * is lib/md5.c's (no libcrypto in the VRRP process); nothing here opens
 * sockets or logs. */
#include <string.h>

#include "auth_ah.h"
#include "md5.h"

#define AH_OFF_NEXT 0
#define AH_OFF_LEN 1
#define AH_OFF_SPI 4
#define AH_OFF_SEQ 8
#define AH_OFF_ICV 12

static void
ah_put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static uint32_t
ah_get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* ICV over a copy with the fields RFC 2402 §3.3.3.1.1.1 calls mutable
 * zeroed, as keepalived does: TOS, flags/fragment offset, header checksum,
 * and the ICV itself.  keepalived leaves the TTL in (always 255 on a valid
 * packet anyway). */
static int
ah_icv(const uint8_t *dgram, size_t len, size_t ihl, const uint8_t key[VRRP_AUTH_LEN],
       uint8_t icv[VRRP_AH_ICV_LEN])
{
	uint8_t copy[VRRP_AH_IP_LEN + 40 + VRRP_AH_LEN + VRRP_PKT_MAX];
	uint8_t md[MD5_DIGEST_LEN];

	if (len > sizeof(copy))
		return -1;
	memcpy(copy, dgram, len);
	copy[1] = 0;                         /* TOS */
	copy[6] = copy[7] = 0;               /* flags + fragment offset */
	copy[10] = copy[11] = 0;             /* header checksum */
	memset(copy + ihl + AH_OFF_ICV, 0, VRRP_AH_ICV_LEN);
	hmac_md5(key, VRRP_AUTH_LEN, copy, len, md);
	memcpy(icv, md, VRRP_AH_ICV_LEN);   /* HMAC-MD5-96: RFC 2403 §2 */
	return 0;
}

int
vrrp_ah_build(uint8_t *buf, size_t buflen, struct in_addr src, struct in_addr dst,
              uint8_t ttl, uint16_t ip_id, uint32_t seq, const uint8_t key[VRRP_AUTH_LEN],
              const uint8_t *vrrp, size_t vrrp_len)
{
	size_t total = VRRP_AH_IP_LEN + VRRP_AH_LEN + vrrp_len;
	uint8_t *ah = buf + VRRP_AH_IP_LEN;
	uint16_t csum;

	if (total > buflen || total > 0xffff)
		return -1;
	memset(buf, 0, VRRP_AH_IP_LEN + VRRP_AH_LEN);
	buf[0] = 0x45;
	buf[1] = 0xc0;                        /* IPTOS_PREC_INTERNETCONTROL */
	buf[2] = (uint8_t)(total >> 8);
	buf[3] = (uint8_t)total;
	buf[4] = (uint8_t)(ip_id >> 8);
	buf[5] = (uint8_t)ip_id;
	buf[8] = ttl;
	buf[9] = VRRP_AH_IPPROTO;
	memcpy(buf + 12, &src, 4);
	memcpy(buf + 16, &dst, 4);
	ah[AH_OFF_NEXT] = VRRP_IPPROTO;
	ah[AH_OFF_LEN] = VRRP_AH_LEN / 4 - 2;   /* RFC 2402 §2.2: 32-bit words minus 2 */
	memcpy(ah + AH_OFF_SPI, &src, 4);       /* keepalived: SPI = source address */
	ah_put32(ah + AH_OFF_SEQ, seq);
	memcpy(ah + VRRP_AH_LEN, vrrp, vrrp_len);
	if (ah_icv(buf, total, VRRP_AH_IP_LEN, key, ah + AH_OFF_ICV) < 0)
		return -1;
	csum = vrrp_pkt_csum(buf, VRRP_AH_IP_LEN, 0);
	buf[10] = (uint8_t)(csum >> 8);
	buf[11] = (uint8_t)csum;
	return (int)total;
}

enum vrrp_drop
vrrp_ah_parse(const uint8_t *dgram, size_t len, size_t *vrrp_off, uint32_t *seq)
{
	size_t ihl, ahlen;

	if (len < VRRP_AH_IP_LEN || (dgram[0] >> 4) != 4)
		return VRRP_DROP_TRUNCATED;
	ihl = (size_t)(dgram[0] & 0x0f) * 4;
	if (ihl < VRRP_AH_IP_LEN || len < ihl + VRRP_AH_LEN)
		return VRRP_DROP_TRUNCATED;
	if (dgram[9] != VRRP_AH_IPPROTO || dgram[ihl + AH_OFF_NEXT] != VRRP_IPPROTO)
		return VRRP_DROP_AUTH;
	ahlen = ((size_t)dgram[ihl + AH_OFF_LEN] + 2) * 4;
	/* only the 96-bit ICV keepalived uses */
	if (ahlen != VRRP_AH_LEN)
		return VRRP_DROP_AUTH;
	*vrrp_off = ihl + ahlen;
	*seq = ah_get32(dgram + ihl + AH_OFF_SEQ);
	return VRRP_DROP_NONE;
}

enum vrrp_drop
vrrp_ah_verify(const uint8_t *dgram, size_t len, const uint8_t key[VRRP_AUTH_LEN])
{
	uint8_t icv[VRRP_AH_ICV_LEN];
	size_t ihl = (size_t)(dgram[0] & 0x0f) * 4;
	uint8_t diff = 0;

	if (ah_icv(dgram, len, ihl, key, icv) < 0)
		return VRRP_DROP_AUTH;
	/* constant time: the ICV is a MAC */
	for (int i = 0; i < VRRP_AH_ICV_LEN; i++)
		diff |= (uint8_t)(icv[i] ^ dgram[ihl + AH_OFF_ICV + i]);
	return diff == 0 ? VRRP_DROP_NONE : VRRP_DROP_AUTH;
}

int
vrrp_ah_replay_ok(struct vrrp_ah_replay *r, struct in_addr src, uint32_t seq)
{
	struct vrrp_ah_replay_src *e = NULL;
	uint32_t back;

	if (seq == 0)                        /* RFC 4302 §3.3.2: the first is 1 */
		return 0;
	for (unsigned i = 0; i < r->n; i++)
		if (r->s[i].src.s_addr == src.s_addr)
			e = &r->s[i];
	if (e == NULL) {
		if (r->n >= VRRP_AH_REPLAY_SOURCES)
			return 0;
		e = &r->s[r->n++];
		e->src = src;
		e->top = seq;
		e->seen = 1;
		return 1;
	}
	if (seq > e->top) {
		uint32_t shift = seq - e->top;

		e->seen = shift >= VRRP_AH_REPLAY_WINDOW ? 0 : e->seen << shift;
		e->seen |= 1;
		e->top = seq;
		return 1;
	}
	back = e->top - seq;
	if (back >= VRRP_AH_REPLAY_WINDOW || (e->seen & ((uint64_t)1 << back)))
		return 0;
	e->seen |= (uint64_t)1 << back;
	return 1;
}

#define AH_SEQ_EPOCH 1704067200u             /* 2024-01-01T00:00:00Z */
#define AH_SEQ_PER_SECOND_SHIFT 2            /* 4 numbers per second */

uint32_t
vrrp_ah_seq_floor(uint32_t last_sent, uint64_t realtime_s)
{
	uint64_t floor;

	if (realtime_s <= AH_SEQ_EPOCH)
		return last_sent;
	floor = (realtime_s - AH_SEQ_EPOCH) << AH_SEQ_PER_SECOND_SHIFT;
	/* keepalived stops counting at 0xfffffffd: stay below it */
	if (floor > 0xfffffff0u)
		floor = 0xfffffff0u;
	return floor > last_sent ? (uint32_t)floor : last_sent;
}
