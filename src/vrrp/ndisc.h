/* Unsolicited Neighbor Advertisements for IPv6 VIPs (RFC 4861 §7.2.6,
 * RFC 5798 §8.2): one raw ICMPv6 socket per interface, sending to ff02::1
 * with hop limit 255.  The ICMPv6 message builder is pure for unit tests;
 * the kernel fills in the ICMPv6 checksum (RFC 3542 §3.1). */
#ifndef FLOATD_VRRP_NDISC_H
#define FLOATD_VRRP_NDISC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>

/* ICMPv6 NA 24 + target link-layer address option 8 */
#define VRRP_NDISC_NA_LEN 32

/* Build the NA (checksum left 0): override set, solicited clear, router as
 * given (keepalived sets it when the interface forwards), target = vip,
 * option 2 = mac.  Returns its length (32). */
size_t vrrp_ndisc_build_na(uint8_t *msg, const uint8_t mac[6], const struct in6_addr *vip,
                           bool router);

struct vrrp_ndisc;
struct vrrp_ndisc *vrrp_ndisc_open(const char *ifname, int ifindex);   /* NULL on error */
/* Sent from the VIP itself (it is on the interface, without DAD); reads the
 * MAC at send time like vrrp_garp_send.  0 / -1 errno. */
int vrrp_ndisc_send_na(struct vrrp_ndisc *, const struct in6_addr *vip);
void vrrp_ndisc_close(struct vrrp_ndisc *);

#endif
