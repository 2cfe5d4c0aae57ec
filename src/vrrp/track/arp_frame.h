/* Pure ARP request builder and reply parser for track_reference probes
 * (RFC 826).  No sockets: unit-tested byte for byte (check_track). */
#ifndef FLOATD_VRRP_ARP_FRAME_H
#define FLOATD_VRRP_ARP_FRAME_H

#include <linux/filter.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>

#define VRRP_ARP_FRAME_LEN 42   /* Ethernet header + ARP for IPv4 */

/* Broadcast "who-has target tell sender" from src_mac/sender_ip.  Returns
 * the frame length (42).  A zero sender_ip makes it an ARP probe
 * (RFC 5227 §2.1.1), which every host answers without learning from it. */
size_t vrrp_arp_request_build(uint8_t *frame, const uint8_t src_mac[6],
                              struct in_addr sender_ip, struct in_addr target);

enum vrrp_arp_parse {
	VRRP_ARP_REPLY,          /* an ARP reply from *sender */
	VRRP_ARP_SHORT,
	VRRP_ARP_NOT_ARP,        /* ethertype, htype/ptype or lengths */
	VRRP_ARP_NOT_REPLY,      /* a request (or another op) */
};

/* Parse a frame with its Ethernet header (as a packet socket of type
 * SOCK_RAW delivers it).  On VRRP_ARP_REPLY *sender is the answering IPv4
 * address and mac (if non-NULL) its hardware address. */
enum vrrp_arp_parse vrrp_arp_reply_parse(const uint8_t *frame, size_t len,
                                         struct in_addr *sender, uint8_t mac[6]);

/* A classic BPF program (SO_ATTACH_FILTER) that passes only ARP replies
 * whose sender is one of `senders`, so an ARP storm on the segment stays
 * in the kernel.  Over VRRP_ARP_FILTER_MAX_SENDERS addresses it passes
 * every ARP reply.  Returns the number of instructions written to prog, or
 * 0 if `max` is too small (VRRP_ARP_FILTER_MAX_SENDERS + 7 always fits). */
#define VRRP_ARP_FILTER_MAX_SENDERS 64
#define VRRP_ARP_FILTER_LEN_MAX (VRRP_ARP_FILTER_MAX_SENDERS + 7)
size_t vrrp_arp_reply_filter(struct sock_filter *prog, size_t max,
                             const struct in_addr *senders, size_t n);

#endif
