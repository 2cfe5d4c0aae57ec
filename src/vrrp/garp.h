/* Gratuitous ARP for IPv4 VIPs: one AF_PACKET socket per interface that
 * sends broadcast ARP requests with sender = target = VIP (what keepalived
 * and Linux arping -U send).  The frame builder is pure for unit tests. */
#ifndef FLOATD_VRRP_GARP_H
#define FLOATD_VRRP_GARP_H

#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>

#define VRRP_GARP_FRAME_LEN 42   /* Ethernet 14 + ARP 28, before padding */

/* Build the Ethernet frame; returns its length (42). */
size_t vrrp_garp_build(uint8_t *frame, const uint8_t src_mac[6], struct in_addr vip);

struct vrrp_garp;
struct vrrp_garp *vrrp_garp_open(int ifindex);   /* NULL on error (errno) */
/* Re-reads the interface MAC each time so a VMAC or MAC change is honoured. */
int vrrp_garp_send(struct vrrp_garp *, struct in_addr vip);   /* 0 / -1 errno */
void vrrp_garp_close(struct vrrp_garp *);

#endif
