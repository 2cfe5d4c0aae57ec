/* VRRP advertisement codec: v2 (RFC 3768) and v3 (RFC 5798, RFC 9568),
 * IPv4 and IPv6.  Owns the wire layout and the checksums; it must not open
 * sockets, read the clock or log: decode returns a drop reason instead. */
#include <string.h>
#include <sys/socket.h>

#include "pkt.h"

#define PKT_OFF_VERTYPE 0
#define PKT_OFF_VRID 1
#define PKT_OFF_PRIO 2
#define PKT_OFF_NADDR 3
#define PKT_OFF_AUTHTYPE 4 /* v2 */
#define PKT_OFF_ADVINT2 5  /* v2: seconds */
#define PKT_OFF_ADVINT3 4  /* v3: rsvd(4) + max adver int(12), centiseconds */
#define PKT_OFF_CSUM 6
#define PKT_V3_INT_MASK 0x0fff

static const char *const pkt_drop_names[VRRP_DROP_MAX] = {
	[VRRP_DROP_NONE] = "none",
	[VRRP_DROP_TRUNCATED] = "truncated",
	[VRRP_DROP_TTL] = "ttl",
	[VRRP_DROP_VERSION] = "version",
	[VRRP_DROP_TYPE] = "type",
	[VRRP_DROP_CHECKSUM] = "checksum",
	[VRRP_DROP_VRID] = "vrid",
	[VRRP_DROP_AUTH] = "auth",
	[VRRP_DROP_ADVER_INT] = "adver_int",
	[VRRP_DROP_ADDR_LIST] = "addr_list",
	[VRRP_DROP_FAMILY] = "family",
	[VRRP_DROP_OWN] = "own",
	[VRRP_DROP_NOT_PEER] = "not_peer",
	[VRRP_DROP_REPLAY] = "replay",
};

const char *
vrrp_drop_name(enum vrrp_drop d)
{
	if ((unsigned)d >= VRRP_DROP_MAX)
		return "unknown";
	return pkt_drop_names[d];
}

const char *
vrrp_csum_form_name(enum vrrp_csum_form f)
{
	switch (f) {
	case VRRP_CSUM_PSEUDO:
		return "pseudo";
	case VRRP_CSUM_PLAIN:
		return "plain";
	}
	return "unknown";
}

/* Sum of big-endian 16-bit words, not yet folded or complemented, so
 * that the pseudo-header and the message can be summed in pieces.  Pieces
 * other than the last must have an even length. */
static uint32_t
pkt_sum(const void *data, size_t len, uint32_t sum)
{
	const uint8_t *p = data;
	size_t i;

	for (i = 0; i + 1 < len; i += 2) {
		sum += (uint32_t)(p[i] << 8 | p[i + 1]);
		/* fold early: 32 bits never overflow for any VRRP size, but the
		 * helper is exported and must not depend on that */
		if (sum & 0x80000000u)
			sum = (sum & 0xffff) + (sum >> 16);
	}
	if (len & 1)
		sum += (uint32_t)p[len - 1] << 8;
	return sum;
}

static uint16_t
pkt_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

/* RFC 1071 Internet checksum of data, starting from the partial sum
 * `initial`.  Returned in host order; store it big-endian.  A message whose
 * checksum field is correct sums to 0. */
uint16_t
vrrp_pkt_csum(const void *data, size_t len, uint32_t initial)
{
	return pkt_fold(pkt_sum(data, len, initial));
}

/* Partial sum of the pseudo-header: RFC 5798 §5.2.8 refers to RFC 2460
 * §8.1 for IPv6 (src, dst, 32-bit length, next header) and, for IPv4, to
 * the usual TCP/UDP form (src, dst, zero, protocol, 16-bit length).  Both
 * reduce to the same word sum, except for the width of the length. */
static uint32_t
pkt_pseudo_sum(int family, const union vrrp_addr *src, const union vrrp_addr *dst,
               size_t len)
{
	uint32_t sum = 0;

	if (family == AF_INET) {
		sum = pkt_sum(&src->v4, 4, sum);
		sum = pkt_sum(&dst->v4, 4, sum);
	} else {
		sum = pkt_sum(&src->v6, 16, sum);
		sum = pkt_sum(&dst->v6, 16, sum);
		sum += (uint32_t)(len >> 16);
	}
	sum += (uint32_t)(len & 0xffff);
	sum += VRRP_IPPROTO;
	return sum;
}

static size_t
pkt_addr_len(int family)
{
	return family == AF_INET ? 4 : 16;
}

/* Length of the message described by the first bytes: header, addresses
 * and, for v2, the authentication data. */
static size_t
pkt_wire_len(uint8_t version, int family, uint8_t naddr)
{
	size_t n = VRRP_HDR_LEN + (size_t)naddr * pkt_addr_len(family);

	return version == 2 ? n + VRRP_AUTH_LEN : n;
}

/* Checks in the order RFC 5798 §7.1 lists them, cheapest first.  Bytes
 * beyond the declared addresses (and v2 auth data) are tolerated and
 * ignored, as §7.1 only asks that the packet "contains the complete VRRP
 * packet"; they are still covered by the checksum, which is computed over
 * the whole IP payload like any upper-layer checksum. */
enum vrrp_drop
vrrp_pkt_decode(const struct vrrp_rx *rx, struct vrrp_pkt *out)
{
	const uint8_t *d = rx->data;
	uint8_t version, naddr;
	uint32_t pseudo;
	size_t i, alen;

	if (rx->family != AF_INET && rx->family != AF_INET6)
		return VRRP_DROP_FAMILY;
	/* RFC 5798 §7.1: a TTL below 255 means the packet crossed a router */
	if (!rx->skip_ttl && rx->ttl != VRRP_TTL)
		return VRRP_DROP_TTL;
	if (rx->len < VRRP_HDR_LEN || d == NULL)
		return VRRP_DROP_TRUNCATED;
	version = d[PKT_OFF_VERTYPE] >> 4;
	if (version != 2 && version != 3)
		return VRRP_DROP_VERSION;
	if ((d[PKT_OFF_VERTYPE] & 0x0f) != VRRP_TYPE_ADVERT)
		return VRRP_DROP_TYPE;
	/* RFC 3768 defines VRRPv2 for IPv4 only */
	if (version == 2 && rx->family != AF_INET)
		return VRRP_DROP_FAMILY;
	naddr = d[PKT_OFF_NADDR];
	if (rx->len < pkt_wire_len(version, rx->family, naddr))
		return VRRP_DROP_TRUNCATED;

	if (version == 2) {
		if (vrrp_pkt_csum(d, rx->len, 0) != 0)
			return VRRP_DROP_CHECKSUM;
		out->csum_form = VRRP_CSUM_PLAIN;
	} else {
		pseudo = pkt_pseudo_sum(rx->family, &rx->src, &rx->dst, rx->len);
		if (vrrp_pkt_csum(d, rx->len, pseudo) == 0)
			out->csum_form = VRRP_CSUM_PSEUDO;
		/* v3 over IPv4 computed as for v2 (see enum vrrp_csum_form);
		 * IPv6 has no such variant: the pseudo-header is mandatory */
		else if (rx->family == AF_INET && vrrp_pkt_csum(d, rx->len, 0) == 0)
			out->csum_form = VRRP_CSUM_PLAIN;
		else
			return VRRP_DROP_CHECKSUM;
	}

	out->family = rx->family;
	out->version = version;
	out->type = d[PKT_OFF_VERTYPE] & 0x0f;
	out->vrid = d[PKT_OFF_VRID];
	out->priority = d[PKT_OFF_PRIO];
	out->naddr = naddr;
	alen = pkt_addr_len(rx->family);
	for (i = 0; i < naddr; i++)
		memcpy(&out->addrs[i], d + VRRP_HDR_LEN + i * alen, alen);
	if (version == 2) {
		out->auth_type = d[PKT_OFF_AUTHTYPE];
		out->adver_int_cs = (uint16_t)(d[PKT_OFF_ADVINT2] * 100);
		memcpy(out->auth_data, d + VRRP_HDR_LEN + naddr * alen, VRRP_AUTH_LEN);
	} else {
		/* RFC 5798 §5.2.5: the reserved bits are ignored on receive */
		out->auth_type = VRRP_AUTH_NONE;
		out->adver_int_cs = (uint16_t)(((d[PKT_OFF_ADVINT3] << 8) |
		                                d[PKT_OFF_ADVINT3 + 1]) & PKT_V3_INT_MASK);
		memset(out->auth_data, 0, VRRP_AUTH_LEN);
	}
	return VRRP_DROP_NONE;
}

static bool
pkt_addr_in(int family, const union vrrp_addr *a, const union vrrp_addr *set, unsigned n)
{
	size_t alen = pkt_addr_len(family);
	unsigned i;

	for (i = 0; i < n; i++)
		if (memcmp(a, &set[i], alen) == 0)
			return true;
	return false;
}

/* Same count and the same set, in any order.  Duplicates are compared in
 * both directions so {a,a} never matches {a,b}. */
static bool
pkt_addr_set_eq(int family, const union vrrp_addr *a, const union vrrp_addr *b, unsigned n)
{
	unsigned i;

	for (i = 0; i < n; i++)
		if (!pkt_addr_in(family, &a[i], b, n) || !pkt_addr_in(family, &b[i], a, n))
			return false;
	return true;
}

bool
vrrp_addr_is_multicast(int family, const union vrrp_addr *a)
{
	return family == AF_INET6 ? a->v6.s6_addr[0] == 0xff
	                          : (ntohl(a->v4.s_addr) >> 28) == 0xe;
}

enum vrrp_drop
vrrp_pkt_check_instance(const struct vrrp_pkt *pkt, const struct vrrp_pkt_expect *exp)
{
	if (pkt->version != exp->version)
		return VRRP_DROP_VERSION;
	if (pkt->version == 2) {
		/* RFC 3768 §7.1: a differing Adver Int MUST be discarded */
		if (pkt->adver_int_cs != exp->adver_int_cs)
			return VRRP_DROP_ADVER_INT;
		if (pkt->auth_type != exp->auth_type)
			return VRRP_DROP_AUTH;
		if (pkt->auth_type == VRRP_AUTH_PASS &&
		    memcmp(pkt->auth_data, exp->auth_data, VRRP_AUTH_LEN) != 0)
			return VRRP_DROP_AUTH;
	}
	/* RFC 5798 §7.1: a mismatching list is logged and discarded, unless the
	 * sender owns the addresses (priority 255), which is authoritative */
	if (pkt->priority != 255 && !exp->skip_addrs &&
	    (pkt->naddr != exp->naddr ||
	     (pkt->naddr > 0 && exp->addrs == NULL) ||
	     !pkt_addr_set_eq(pkt->family, pkt->addrs, exp->addrs, pkt->naddr)))
		return VRRP_DROP_ADDR_LIST;
	return VRRP_DROP_NONE;
}

int
vrrp_pkt_encode(const struct vrrp_pkt *pkt, const union vrrp_addr *src,
                const union vrrp_addr *dst, enum vrrp_csum_form form,
                uint8_t *buf, size_t buflen)
{
	size_t len, alen, i;
	uint32_t sum = 0;
	uint16_t csum;

	if (pkt->family != AF_INET && pkt->family != AF_INET6)
		return -1;
	if (pkt->version == 2) {
		/* v2 carries whole seconds in 8 bits, over IPv4 only */
		if (pkt->family != AF_INET || pkt->adver_int_cs == 0 ||
		    pkt->adver_int_cs % 100 != 0 || pkt->adver_int_cs / 100 > 255)
			return -1;
	} else if (pkt->version == 3) {
		if (pkt->adver_int_cs > PKT_V3_INT_MASK)
			return -1;
	} else {
		return -1;
	}
	len = pkt_wire_len(pkt->version, pkt->family, pkt->naddr);
	if (len > buflen)
		return -1;

	buf[PKT_OFF_VERTYPE] = (uint8_t)(pkt->version << 4 | VRRP_TYPE_ADVERT);
	buf[PKT_OFF_VRID] = pkt->vrid;
	buf[PKT_OFF_PRIO] = pkt->priority;
	buf[PKT_OFF_NADDR] = pkt->naddr;
	if (pkt->version == 2) {
		buf[PKT_OFF_AUTHTYPE] = pkt->auth_type;
		buf[PKT_OFF_ADVINT2] = (uint8_t)(pkt->adver_int_cs / 100);
	} else {
		buf[PKT_OFF_ADVINT3] = (uint8_t)(pkt->adver_int_cs >> 8);
		buf[PKT_OFF_ADVINT3 + 1] = (uint8_t)(pkt->adver_int_cs & 0xff);
	}
	buf[PKT_OFF_CSUM] = 0;
	buf[PKT_OFF_CSUM + 1] = 0;
	alen = pkt_addr_len(pkt->family);
	for (i = 0; i < pkt->naddr; i++)
		memcpy(buf + VRRP_HDR_LEN + i * alen, &pkt->addrs[i], alen);
	if (pkt->version == 2) {
		/* RFC 3768 §5.3.6: auth data is only meaningful for PASS; zero
		 * otherwise so that nothing from the caller leaks on the wire */
		if (pkt->auth_type == VRRP_AUTH_PASS)
			memcpy(buf + len - VRRP_AUTH_LEN, pkt->auth_data, VRRP_AUTH_LEN);
		else
			memset(buf + len - VRRP_AUTH_LEN, 0, VRRP_AUTH_LEN);
	}

	/* IPv6 has no plain variant: RFC 5798 §5.2.8 and RFC 8200 §8.1 make
	 * the pseudo-header mandatory, so the form is forced there */
	if (pkt->version == 3 && (form == VRRP_CSUM_PSEUDO || pkt->family == AF_INET6))
		sum = pkt_pseudo_sum(pkt->family, src, dst, len);
	csum = vrrp_pkt_csum(buf, len, sum);
	buf[PKT_OFF_CSUM] = (uint8_t)(csum >> 8);
	buf[PKT_OFF_CSUM + 1] = (uint8_t)(csum & 0xff);
	return (int)len;
}
