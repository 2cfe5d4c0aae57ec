/* The AF_PACKET side of gratuitous ARP: one raw socket bound to an
 * interface, sending frames built by garp_frame.c.  Owns no timers: the
 * GARP schedule (delay, repeat, refresh) is instance.c's business. */
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <netinet/if_ether.h>
#include <linux/if_packet.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "garp.h"

struct vrrp_garp {
	int fd;
	int ifindex;
};

struct vrrp_garp *
vrrp_garp_open(int ifindex)
{
	struct vrrp_garp *g;
	struct sockaddr_ll sll;
	int saved;

	g = calloc(1, sizeof(*g));
	if (g == NULL)
		return NULL;
	g->ifindex = ifindex;
	/* Protocol 0: this socket only sends, it must not receive a copy of
	 * every ARP frame on the link. */
	g->fd = socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (g->fd == -1)
		goto fail;
	memset(&sll, 0, sizeof(sll));
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = 0;
	sll.sll_ifindex = ifindex;
	if (bind(g->fd, (struct sockaddr *)&sll, sizeof(sll)) == -1)
		goto fail;
	return g;
fail:
	saved = errno;
	if (g->fd != -1)
		close(g->fd);
	free(g);
	errno = saved;
	return NULL;
}

/* The MAC is read at send time: a VMAC, a bond failover or `ip link set
 * address` may have changed it since the socket was opened. */
static int
garp_read_mac(int fd, int ifindex, uint8_t mac[6])
{
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	if (if_indextoname((unsigned)ifindex, ifr.ifr_name) == NULL)
		return -1;
	if (ioctl(fd, SIOCGIFHWADDR, &ifr) == -1)
		return -1;
	if (ifr.ifr_hwaddr.sa_family != ARPHRD_ETHER) {
		errno = EAFNOSUPPORT;
		return -1;
	}
	memcpy(mac, ifr.ifr_hwaddr.sa_data, 6);
	return 0;
}

int
vrrp_garp_send(struct vrrp_garp *g, struct in_addr vip)
{
	uint8_t frame[VRRP_GARP_FRAME_LEN], mac[6];
	struct sockaddr_ll sll;
	size_t len;

	if (garp_read_mac(g->fd, g->ifindex, mac) == -1)
		return -1;
	len = vrrp_garp_build(frame, mac, vip);
	memset(&sll, 0, sizeof(sll));
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(ETH_P_ARP);
	sll.sll_ifindex = g->ifindex;
	sll.sll_halen = 6;
	memset(sll.sll_addr, 0xff, 6);
	/* The kernel pads the 42-byte frame to the Ethernet minimum. */
	if (sendto(g->fd, frame, len, 0, (struct sockaddr *)&sll, sizeof(sll)) == -1)
		return -1;
	return 0;
}

void
vrrp_garp_close(struct vrrp_garp *g)
{
	if (g == NULL)
		return;
	close(g->fd);
	free(g);
}
