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

/* Anti-replay (RFC 4302 §3.4.3, with RFC 4303 §3.4.3's sliding window):
 * per source address, the highest sequence number accepted and a bitmap of
 * the VRRP_AH_REPLAY_WINDOW numbers below it.  A number above the highest
 * is accepted; one inside the window is accepted once; anything older, and
 * 0, is a replay.  The state is kept for the life of the instance: nothing
 * is forgotten on a timer, so a captured sequence replayed during a
 * silence of its sender is still refused.  This works with restarts
 * because floatd's own numbers start from the clock (vrrp_ah_seq_floor),
 * and keepalived's counter follows the highest number it hears (ours) and
 * counts on from there. */
#define VRRP_AH_REPLAY_WINDOW 64
#define VRRP_AH_REPLAY_SOURCES 32   /* peers of one instance */
struct vrrp_ah_replay {
	unsigned n;
	struct vrrp_ah_replay_src {
		struct in_addr src;
		uint32_t top;             /* highest sequence number accepted */
		uint64_t seen;            /* bit i: top - i was accepted */
	} s[VRRP_AH_REPLAY_SOURCES];
};
/* Returns 1 if accepted (and records it); 0 if it is a replay, or a new
 * source when VRRP_AH_REPLAY_SOURCES are already known (refused, not
 * recorded).  Call only after vrrp_ah_verify() accepted the ICV. */
int vrrp_ah_replay_ok(struct vrrp_ah_replay *, struct in_addr src, uint32_t seq);

/* Our own sequence numbers must grow across restarts too, or a peer that
 * remembers us would refuse us as a replay: the next number sent is at
 * least 4 per second of wall clock since 2024-01-01 (fits 32 bits until
 * 2058; before 2024 it is plain counting from 1, as keepalived).  Returns
 * the value to keep as the last number sent, given the current one. */
uint32_t vrrp_ah_seq_floor(uint32_t last_sent, uint64_t realtime_s);

#endif
