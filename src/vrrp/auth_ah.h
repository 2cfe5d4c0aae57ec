/* VRRPv2 "IP Authentication Header" authentication as keepalived implements
 * it (RFC 2338 §5.3.6.3 with RFC 2402 AH): IPv4 header, AH (next header
 * 112, SPI = source address, sequence number, HMAC-MD5-96 ICV keyed with
 * the 8-octet auth_pass), then the VRRP message.  The ICV covers the whole
 * datagram with TOS, fragment offset, header checksum and ICV zeroed (TTL
 * and ID included: that is what keepalived 2.2.7 sends; checked against a
 * capture in tests/unit/check_auth.c).  Pure: no sockets, no logging. */
#ifndef FLOATD_VRRP_AUTH_AH_H
#define FLOATD_VRRP_AUTH_AH_H

#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>

#include "pkt.h"

#define VRRP_AH_IPPROTO 51
#define VRRP_AH_LEN 24          /* RFC 2402 header with a 96-bit ICV */
#define VRRP_AH_ICV_LEN 12
#define VRRP_AH_IP_LEN 20

/* Build IPv4 header + AH + `vrrp` into buf.  Returns the datagram length or
 * -1 if buf is too small. */
int vrrp_ah_build(uint8_t *buf, size_t buflen, struct in_addr src, struct in_addr dst,
                  uint8_t ttl, uint16_t ip_id, uint32_t seq, const uint8_t key[VRRP_AUTH_LEN],
                  const uint8_t *vrrp, size_t vrrp_len);

/* Split a received IPv4 datagram (from the IP header on) carrying AH:
 * VRRP_DROP_NONE with *vrrp_off (offset of the VRRP message) and *seq, or
 * TRUNCATED / AUTH (not AH, next header not 112, bad AH length). */
enum vrrp_drop vrrp_ah_parse(const uint8_t *dgram, size_t len, size_t *vrrp_off, uint32_t *seq);

/* Check the ICV with `key`: VRRP_DROP_NONE or VRRP_DROP_AUTH.  Call after
 * vrrp_ah_parse() accepted the datagram. */
enum vrrp_drop vrrp_ah_verify(const uint8_t *dgram, size_t len, const uint8_t key[VRRP_AUTH_LEN]);

/* Anti-replay (RFC 2402 §3.4.3, simplified as keepalived): a sequence
 * number from the same sender must grow, unless the sender has been silent
 * for `forget_ms` (it restarted and counts from 1 again). */
struct vrrp_ah_replay {
	struct in_addr src;
	uint32_t seq;
	uint64_t last_ms;
	int seen;
};
/* Returns 1 if accepted (and records it), 0 if it is a replay. */
int vrrp_ah_replay_ok(struct vrrp_ah_replay *, struct in_addr src, uint32_t seq, uint64_t now_ms,
                      uint64_t forget_ms);

#endif
