/* Pure builder for the gratuitous ARP frame (see garp.h).  No sockets, no
 * logging: the unit test compares its output byte for byte. */
#include <string.h>

#include "garp.h"

/* RFC 5798 §8.1.2 / RFC 826: a broadcast ARP request whose sender and target
 * protocol addresses are both the VIP, so every neighbour refreshes its
 * cache entry for the VIP with our MAC.  Target hardware address is zero,
 * as keepalived and Linux `arping -U` send it. */
size_t
vrrp_garp_build(uint8_t *frame, const uint8_t src_mac[6], struct in_addr vip)
{
	uint8_t *p = frame;

	memset(p, 0xff, 6);                 /* Ethernet dst: broadcast */
	memcpy(p + 6, src_mac, 6);          /* Ethernet src */
	p[12] = 0x08; p[13] = 0x06;         /* ethertype ARP */
	p += 14;
	p[0] = 0x00; p[1] = 0x01;           /* htype Ethernet */
	p[2] = 0x08; p[3] = 0x00;           /* ptype IPv4 */
	p[4] = 6;                           /* hlen */
	p[5] = 4;                           /* plen */
	p[6] = 0x00; p[7] = 0x01;           /* op: request */
	memcpy(p + 8, src_mac, 6);          /* sender MAC */
	memcpy(p + 14, &vip.s_addr, 4);     /* sender IP (network order) */
	memset(p + 18, 0, 6);               /* target MAC */
	memcpy(p + 24, &vip.s_addr, 4);     /* target IP */
	return VRRP_GARP_FRAME_LEN;
}
