/* NS builder and NA parser for track_reference (see nd_probe_frame.h).
 * Pure: no sockets, no logging. */
#include "config.h"

#include <string.h>

#include "nd_probe_frame.h"

#define ND_NS_TYPE 135
#define ND_NA_TYPE 136
#define ND_NA_MIN_LEN 24          /* type, code, checksum, flags, target */
#define ND_OPT_SOURCE_LLADDR 1
#define ND_OPT_TARGET_LLADDR 2

void vrrp_nd_solicited_node(const struct in6_addr *target, struct in6_addr *group)
{
	memset(group, 0, sizeof(*group));
	group->s6_addr[0] = 0xff;
	group->s6_addr[1] = 0x02;
	group->s6_addr[11] = 0x01;
	group->s6_addr[12] = 0xff;
	memcpy(&group->s6_addr[13], &target->s6_addr[13], 3);
}

size_t vrrp_nd_ns_build(uint8_t *msg, const uint8_t src_mac[6], const struct in6_addr *target)
{
	memset(msg, 0, VRRP_ND_NS_LEN);
	msg[0] = ND_NS_TYPE;
	/* msg[1] code 0, msg[2..3] checksum (kernel), msg[4..7] reserved */
	memcpy(msg + 8, target, 16);
	msg[24] = ND_OPT_SOURCE_LLADDR;
	msg[25] = 1;                        /* length in units of 8 octets */
	memcpy(msg + 26, src_mac, 6);
	return VRRP_ND_NS_LEN;
}

enum vrrp_nd_parse vrrp_nd_na_parse(const uint8_t *msg, size_t len, int hop_limit,
                                    struct in6_addr *target, uint8_t mac[6])
{
	size_t off;

	if (len < 1)
		return VRRP_ND_SHORT;
	if (msg[0] != ND_NA_TYPE)
		return VRRP_ND_NOT_NA;
	if (len < ND_NA_MIN_LEN)
		return VRRP_ND_SHORT;
	if (msg[1] != 0)
		return VRRP_ND_BAD_CODE;
	if (hop_limit != 255)
		return VRRP_ND_HOPLIMIT;
	if (msg[8] == 0xff)
		return VRRP_ND_MCAST_TARGET;
	if (mac)
		memset(mac, 0, 6);
	/* options: type, length in 8-octet units (0 is invalid), data */
	for (off = ND_NA_MIN_LEN; off < len;) {
		size_t olen;

		if (len - off < 2)
			return VRRP_ND_SHORT;
		olen = (size_t)msg[off + 1] * 8;
		if (olen == 0)
			return VRRP_ND_BAD_OPTION;
		if (olen > len - off)
			return VRRP_ND_SHORT;
		if (msg[off] == ND_OPT_TARGET_LLADDR && olen >= 8 && mac)
			memcpy(mac, msg + off + 2, 6);
		off += olen;
	}
	memcpy(target, msg + 8, 16);
	return VRRP_ND_ADVERT;
}
