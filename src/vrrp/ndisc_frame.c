/* Pure builder of the unsolicited Neighbor Advertisement (see ndisc.h).  No
 * sockets, no logging: the unit test compares its bytes. */
#include <string.h>

#include "ndisc.h"

#define NDISC_NA_TYPE 136
#define NDISC_OPT_TARGET_LLADDR 2
#define NDISC_FLAG_ROUTER 0x80
#define NDISC_FLAG_OVERRIDE 0x20

/* RFC 4861 §4.4 / §7.2.6: Solicited clear (nobody asked), Override set so
 * that neighbours replace the cached link-layer address of the VIP with
 * ours; the target link-layer address option carries it. */
size_t
vrrp_ndisc_build_na(uint8_t *msg, const uint8_t mac[6], const struct in6_addr *vip,
                    bool router)
{
	memset(msg, 0, VRRP_NDISC_NA_LEN);
	msg[0] = NDISC_NA_TYPE;
	msg[1] = 0;                             /* code */
	/* msg[2..3]: checksum, computed by the kernel for ICMPv6 raw sockets */
	msg[4] = (uint8_t)(NDISC_FLAG_OVERRIDE | (router ? NDISC_FLAG_ROUTER : 0));
	memcpy(msg + 8, vip, 16);               /* target address */
	msg[24] = NDISC_OPT_TARGET_LLADDR;
	msg[25] = 1;                            /* length in units of 8 octets */
	memcpy(msg + 26, mac, 6);
	return VRRP_NDISC_NA_LEN;
}
