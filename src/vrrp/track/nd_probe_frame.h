/* Pure Neighbor Solicitation builder and Neighbor Advertisement parser for
 * track_reference probes of IPv6 reference hosts (RFC 4861 §4.3, §4.4,
 * §7.1.2, §7.2.2).  ICMPv6 messages without the IPv6 header, as a raw
 * ICMPv6 socket sends and receives them; the kernel fills in the checksum
 * (RFC 3542 §3.1).  No sockets: unit-tested byte for byte (check_track). */
#ifndef FLOATD_VRRP_ND_PROBE_FRAME_H
#define FLOATD_VRRP_ND_PROBE_FRAME_H

#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>

/* ICMPv6 NS 24 + source link-layer address option 8 */
#define VRRP_ND_NS_LEN 32

/* The solicited-node multicast group of target (RFC 4291 §2.7.1):
 * ff02::1:ff00:0/104 with the low 24 bits of target. */
void vrrp_nd_solicited_node(const struct in6_addr *target, struct in6_addr *group);

/* NS for target (checksum left 0) with the source link-layer address
 * option carrying src_mac, so the reference can answer without soliciting
 * us first.  Sent to the solicited-node group of target from a link-local
 * address (never "::": RFC 4861 §4.3 forbids the option then).  Returns its
 * length (32). */
size_t vrrp_nd_ns_build(uint8_t *msg, const uint8_t src_mac[6], const struct in6_addr *target);

enum vrrp_nd_parse {
	VRRP_ND_ADVERT,          /* a valid NA for *target */
	VRRP_ND_SHORT,           /* shorter than an NA, or an option overruns */
	VRRP_ND_NOT_NA,          /* another ICMPv6 type */
	VRRP_ND_BAD_CODE,        /* code != 0 */
	VRRP_ND_HOPLIMIT,        /* hop limit != 255: not from the link (§7.1.2) */
	VRRP_ND_MCAST_TARGET,    /* target is a multicast address (§7.1.2) */
	VRRP_ND_BAD_OPTION,      /* an option of length 0 (§7.1.2) */
};

/* Validate an NA as RFC 4861 §7.1.2 asks (hop_limit: the received IPv6
 * hop limit, -1 when unknown, which fails).  On VRRP_ND_ADVERT *target is
 * the advertised address and, if mac is non-NULL, mac holds the target
 * link-layer address option (all zero when absent). */
enum vrrp_nd_parse vrrp_nd_na_parse(const uint8_t *msg, size_t len, int hop_limit,
                                    struct in6_addr *target, uint8_t mac[6]);

#endif
