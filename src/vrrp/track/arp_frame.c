/* ARP request builder and reply parser (see arp_frame.h).  Pure. */
#include "config.h"

#include <arpa/inet.h>
#include <string.h>

#include "arp_frame.h"

size_t vrrp_arp_request_build(uint8_t *frame, const uint8_t src_mac[6],
                              struct in_addr sender_ip, struct in_addr target)
{
	uint8_t *p = frame;

	memset(p, 0xff, 6);                 /* Ethernet dst: broadcast */
	memcpy(p + 6, src_mac, 6);
	p[12] = 0x08; p[13] = 0x06;         /* ethertype ARP */
	p += 14;
	p[0] = 0x00; p[1] = 0x01;           /* htype Ethernet */
	p[2] = 0x08; p[3] = 0x00;           /* ptype IPv4 */
	p[4] = 6;
	p[5] = 4;
	p[6] = 0x00; p[7] = 0x01;           /* op: request */
	memcpy(p + 8, src_mac, 6);
	memcpy(p + 14, &sender_ip.s_addr, 4);
	memset(p + 18, 0, 6);               /* target MAC: unknown */
	memcpy(p + 24, &target.s_addr, 4);
	return VRRP_ARP_FRAME_LEN;
}

enum vrrp_arp_parse vrrp_arp_reply_parse(const uint8_t *f, size_t len,
                                         struct in_addr *sender, uint8_t mac[6])
{
	const uint8_t *a = f + 14;

	if (len < VRRP_ARP_FRAME_LEN)
		return VRRP_ARP_SHORT;
	if (f[12] != 0x08 || f[13] != 0x06 || a[0] != 0 || a[1] != 1 || a[2] != 0x08 ||
	    a[3] != 0 || a[4] != 6 || a[5] != 4)
		return VRRP_ARP_NOT_ARP;
	if (a[6] != 0 || a[7] != 2)
		return VRRP_ARP_NOT_REPLY;
	memcpy(&sender->s_addr, a + 14, 4);
	if (mac)
		memcpy(mac, a + 8, 6);
	return VRRP_ARP_REPLY;
}

/* Classic BPF offsets in the frame as a SOCK_RAW packet socket sees it:
 * ethertype at 12, ARP opcode at 14 + 6, sender protocol address at
 * 14 + 14.  `ld` reads network byte order, hence the ntohl below. */
size_t vrrp_arp_reply_filter(struct sock_filter *prog, size_t max,
                             const struct in_addr *senders, size_t n)
{
	size_t len, drop, accept, i = 0;

	if (n > VRRP_ARP_FILTER_MAX_SENDERS)
		n = 0;                          /* too many for 8-bit jumps: replies only */
	len = 4 + (n > 0 ? 1 + n : 0) + 2;
	if (len > max)
		return 0;
	drop = len - 2;
	accept = len - 1;
	prog[i++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_H | BPF_ABS, 12);
	prog[i] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x0806, 0,
	                                       (uint8_t)(drop - i - 1));
	i++;
	prog[i++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_H | BPF_ABS, 20);
	prog[i] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 2,
	                                       (uint8_t)(n > 0 ? 0 : accept - i - 1),
	                                       (uint8_t)(drop - i - 1));
	i++;
	if (n > 0) {
		prog[i++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 28);
		for (size_t k = 0; k < n; k++, i++)
			prog[i] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
			                                       ntohl(senders[k].s_addr),
			                                       (uint8_t)(accept - i - 1), 0);
	}
	prog[i++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, 0);        /* drop */
	prog[i++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, 0xffff);   /* accept */
	return i;
}
