/* VRRP advertisement codec, v2 (RFC 3768) and v3 (RFC 5798 / RFC 9568),
 * IPv4 and IPv6.  Pure: no sockets, no clock, no logging.  Decoding returns
 * a drop reason that the caller counts; encoding fills a caller's buffer. */
#ifndef FLOATD_VRRP_PKT_H
#define FLOATD_VRRP_PKT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <netinet/in.h>

#include "addr.h"

#define VRRP_IPPROTO 112
#define VRRP_TTL 255
#define VRRP_TYPE_ADVERT 1
#define VRRP_MAX_ADDRS 255
#define VRRP_HDR_LEN 8
#define VRRP_AUTH_LEN 8 /* v2 authentication data */
#define VRRP_AUTH_NONE 0
#define VRRP_AUTH_PASS 1
#define VRRP_AUTH_AH 2
#define VRRP_MCAST4 "224.0.0.18"
#define VRRP_MCAST6 "ff02::12"
/* largest datagram we build or accept: IPv6 header-less payload with 255 v6 addresses */
#define VRRP_PKT_MAX (VRRP_HDR_LEN + VRRP_MAX_ADDRS * 16 + VRRP_AUTH_LEN)

union vrrp_addr {
	struct in_addr v4;
	struct in6_addr v6;
};

/* The configuration reads addresses with lib/addr.h; the codec keeps its
 * own union (same layout) and takes the bytes at this edge. */
_Static_assert(sizeof(union vrrp_addr) == sizeof(union addr_ip), "same layout");
static inline void vrrp_addr_from(union vrrp_addr *dst, const struct addr *src)
{
	memcpy(dst, &src->ip, sizeof(*dst));
}

/* For v3 over IPv4 implementations disagree on the checksum: keepalived and
 * FRR include the IPv4 pseudo-header (RFC 5798 §5.2.8 read literally),
 * RFC 9568 and some routers compute it over the VRRP message only, as v2. */
enum vrrp_csum_form {
	VRRP_CSUM_PSEUDO,   /* v3 with IPv4/IPv6 pseudo-header */
	VRRP_CSUM_PLAIN,    /* over the VRRP message only (v2, and v3 "as v2") */
};
const char *vrrp_csum_form_name(enum vrrp_csum_form);

/* One decoded or to-be-encoded advertisement. */
struct vrrp_pkt {
	int family;              /* AF_INET or AF_INET6 */
	uint8_t version;         /* 2 or 3 */
	uint8_t type;            /* VRRP_TYPE_ADVERT */
	uint8_t vrid;
	uint8_t priority;
	uint8_t naddr;
	uint16_t adver_int_cs;   /* v3: centiseconds (12 bits); v2: seconds * 100 */
	uint8_t auth_type;       /* v2 only */
	uint8_t auth_data[VRRP_AUTH_LEN]; /* v2 only */
	enum vrrp_csum_form csum_form;    /* on decode: the form that verified */
	union vrrp_addr addrs[VRRP_MAX_ADDRS];
};

/* What the receive path knows besides the VRRP payload. */
struct vrrp_rx {
	int family;
	union vrrp_addr src, dst;
	uint8_t ttl;                /* IPv4 TTL or IPv6 hop limit */
	const uint8_t *data;        /* VRRP message (IP header already stripped) */
	size_t len;
	/* unicast_peer mode: keepalived does not check the TTL there, since a
	 * routed peer's adverts arrive decremented (keepalived issue #941) */
	bool skip_ttl;
	/* arrived on the AH socket with a valid ICV (auth_ah.c); an AH
	 * instance accepts nothing else */
	bool ah_verified;
};

enum vrrp_drop {
	VRRP_DROP_NONE = 0,
	VRRP_DROP_TRUNCATED,     /* shorter than the header or the declared addresses */
	VRRP_DROP_TTL,           /* TTL / hop limit not 255 (RFC 5798 §7.1) */
	VRRP_DROP_VERSION,       /* not 2 or 3, or not the instance's version */
	VRRP_DROP_TYPE,          /* not ADVERTISEMENT */
	VRRP_DROP_CHECKSUM,
	VRRP_DROP_VRID,          /* no instance with this VRID on the interface */
	VRRP_DROP_AUTH,          /* v2 auth type or data mismatch */
	VRRP_DROP_ADVER_INT,     /* v2: interval differs from ours (RFC 3768 §7.1) */
	VRRP_DROP_ADDR_LIST,     /* address count/list differs, sender not owner */
	VRRP_DROP_FAMILY,        /* v2 over IPv6 */
	VRRP_DROP_OWN,           /* our own packet looped back */
	VRRP_DROP_NOT_PEER,      /* unicast_peer configured and the source is not one */
	VRRP_DROP_REPLAY,        /* AH: sequence number already seen from that source */
	VRRP_DROP_MAX
};
const char *vrrp_drop_name(enum vrrp_drop);

/* Decode and verify what needs no instance, in this order: family, TTL
 * (unless rx->skip_ttl),
 * header length, version, type, v2-over-IPv6 (FAMILY), declared length
 * (header + naddr addresses + v2 auth data), checksum (for v3/IPv4 both
 * forms are accepted, pseudo first; `out->csum_form` says which one
 * matched).  Bytes after the declared message are tolerated and ignored
 * (RFC 5798 §7.1 only requires the complete message) but must be covered
 * by the checksum, which is taken over all rx->len bytes.  `out` is written
 * only on VRRP_DROP_NONE.  The instance then calls vrrp_pkt_check_instance(). */
enum vrrp_drop vrrp_pkt_decode(const struct vrrp_rx *, struct vrrp_pkt *out);

/* What one instance expects of a received advertisement. */
struct vrrp_pkt_expect {
	uint8_t version;
	uint16_t adver_int_cs;   /* checked for v2 only */
	uint8_t auth_type;
	uint8_t auth_data[VRRP_AUTH_LEN];
	uint8_t naddr;
	const union vrrp_addr *addrs;  /* in config order */
	bool skip_addrs;               /* skip_check_adv_addr: the list is not compared */
};
/* Instance-level checks of RFC 3768/5798 §7.1, in this order: version
 * (VERSION); v2 only: adver int (ADVER_INT), auth type, and for PASS the 8
 * bytes of data (AUTH).  The address list must have the same count and be
 * the same set (order-insensitive) unless the sender is the owner
 * (priority 255) or skip_addrs is set (ADDR_LIST).  VRID and own-packet checks are the caller's. */
enum vrrp_drop vrrp_pkt_check_instance(const struct vrrp_pkt *, const struct vrrp_pkt_expect *);
/* 224.0.0.0/4 or ff00::/8 (advert destinations, configured groups) */
bool vrrp_addr_is_multicast(int family, const union vrrp_addr *a);

/* Encode `pkt` into buf (VRRP message only, no IP header).  src/dst are the
 * IP addresses used for the v3 pseudo-header.  `form` matters only for
 * v3/IPv4: v2 is always PLAIN and v3/IPv6 always PSEUDO (RFC 8200 §8.1),
 * whatever is asked.  pkt->type is ignored (always ADVERTISEMENT); v2 auth
 * data is sent only for PASS, zeros otherwise.  Returns the length, or -1
 * if buf is too small or the packet cannot be represented: v2 on IPv6, v2
 * adver_int_cs not a whole number of seconds in 1..255, v3 adver_int_cs
 * over 4095, version not 2 or 3, family not AF_INET/AF_INET6. */
int vrrp_pkt_encode(const struct vrrp_pkt *, const union vrrp_addr *src,
                    const union vrrp_addr *dst, enum vrrp_csum_form form,
                    uint8_t *buf, size_t buflen);

/* RFC 1071 Internet checksum of data, continuing from the partial
 * (unfolded, uncomplemented) sum `initial`; returns the complemented result
 * in host order, to be stored big-endian.  Data with a correct checksum
 * field yields 0.  Exported for tests and ARP/NA builders. */
uint16_t vrrp_pkt_csum(const void *data, size_t len, uint32_t initial);

#endif
