/* The socket side of unsolicited Neighbor Advertisements: one raw ICMPv6
 * socket bound to an interface that only sends (all ICMPv6 types filtered
 * on receive).  Owns no timers: the schedule is instance.c's, shared with
 * gratuitous ARP. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <netinet/icmp6.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "ndisc.h"

struct vrrp_ndisc {
	int fd;
	int ifindex;
	char ifname[IF_NAMESIZE];
};

struct vrrp_ndisc *
vrrp_ndisc_open(const char *ifname, int ifindex)
{
	struct vrrp_ndisc *nd = calloc(1, sizeof(*nd));
	struct icmp6_filter filt;
	int hops = 255, saved;

	if (nd == NULL)
		return NULL;
	nd->ifindex = ifindex;
	snprintf(nd->ifname, sizeof(nd->ifname), "%s", ifname);
	nd->fd = socket(AF_INET6, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_ICMPV6);
	if (nd->fd < 0)
		goto fail;
	/* send only: the socket must not queue every ICMPv6 packet on the host */
	ICMP6_FILTER_SETBLOCKALL(&filt);
	/* RFC 4861 §7.1.2: receivers drop ND messages whose hop limit is not 255 */
	if (setsockopt(nd->fd, SOL_SOCKET, SO_BINDTODEVICE, ifname, (socklen_t)strlen(ifname)) < 0 ||
	    setsockopt(nd->fd, IPPROTO_ICMPV6, ICMP6_FILTER, &filt, sizeof(filt)) < 0 ||
	    setsockopt(nd->fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, &hops, sizeof(hops)) < 0 ||
	    setsockopt(nd->fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, &hops, sizeof(hops)) < 0 ||
	    setsockopt(nd->fd, IPPROTO_IPV6, IPV6_MULTICAST_IF, &ifindex, sizeof(ifindex)) < 0)
		goto fail;
	return nd;
fail:
	saved = errno;
	if (nd->fd >= 0)
		close(nd->fd);
	free(nd);
	errno = saved;
	return NULL;
}

static int
ndisc_read_mac(const struct vrrp_ndisc *nd, uint8_t mac[6])
{
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	if (if_indextoname((unsigned)nd->ifindex, ifr.ifr_name) == NULL)
		return -1;
	if (ioctl(nd->fd, SIOCGIFHWADDR, &ifr) == -1)
		return -1;
	if (ifr.ifr_hwaddr.sa_family != ARPHRD_ETHER) {
		errno = EAFNOSUPPORT;
		return -1;
	}
	memcpy(mac, ifr.ifr_hwaddr.sa_data, 6);
	return 0;
}

/* RFC 4861 §4.4: the Router flag says whether the sender is a router;
 * an interface that forwards IPv6 is one (keepalived does the same). */
static bool
ndisc_forwarding(const struct vrrp_ndisc *nd)
{
	char path[96], c = '0';
	FILE *f;

	snprintf(path, sizeof(path), "/proc/sys/net/ipv6/conf/%s/forwarding", nd->ifname);
	f = fopen(path, "re");
	if (f == NULL)
		return false;
	if (fread(&c, 1, 1, f) != 1)
		c = '0';
	fclose(f);
	return c == '1';
}

static int
ndisc_sendmsg(const struct vrrp_ndisc *nd, const uint8_t *msg, size_t len,
              const struct in6_addr *src)
{
	struct sockaddr_in6 to = { .sin6_family = AF_INET6 };
	struct iovec iov = { .iov_base = (void *)msg, .iov_len = len };
	union {
		char buf[CMSG_SPACE(sizeof(struct in6_pktinfo))];
		struct cmsghdr align;
	} ctl;
	struct msghdr mh = {
		.msg_name = &to, .msg_namelen = sizeof(to),
		.msg_iov = &iov, .msg_iovlen = 1,
	};
	struct in6_pktinfo pi;
	struct cmsghdr *cm;

	inet_pton(AF_INET6, "ff02::1", &to.sin6_addr);
	to.sin6_scope_id = (uint32_t)nd->ifindex;
	if (src != NULL) {
		memset(&ctl, 0, sizeof(ctl));
		mh.msg_control = ctl.buf;
		mh.msg_controllen = sizeof(ctl.buf);
		cm = CMSG_FIRSTHDR(&mh);
		cm->cmsg_level = IPPROTO_IPV6;
		cm->cmsg_type = IPV6_PKTINFO;
		cm->cmsg_len = CMSG_LEN(sizeof(pi));
		memset(&pi, 0, sizeof(pi));
		pi.ipi6_addr = *src;
		pi.ipi6_ifindex = (unsigned)nd->ifindex;
		memcpy(CMSG_DATA(cm), &pi, sizeof(pi));
	}
	return sendmsg(nd->fd, &mh, 0) < 0 ? -1 : 0;
}

int
vrrp_ndisc_send_na(struct vrrp_ndisc *nd, const struct in6_addr *vip)
{
	uint8_t msg[VRRP_NDISC_NA_LEN], mac[6];
	size_t len;

	if (ndisc_read_mac(nd, mac) == -1)
		return -1;
	len = vrrp_ndisc_build_na(msg, mac, vip, ndisc_forwarding(nd));
	/* RFC 4861 §7.2.6: from an address of the interface; the VIP is one
	 * (added without DAD).  If the kernel refuses it (the VIP was just
	 * removed under us), let it pick the link-local address. */
	if (ndisc_sendmsg(nd, msg, len, vip) == 0)
		return 0;
	if (errno != EADDRNOTAVAIL && errno != EINVAL)
		return -1;
	return ndisc_sendmsg(nd, msg, len, NULL);
}

void
vrrp_ndisc_close(struct vrrp_ndisc *nd)
{
	if (nd == NULL)
		return;
	close(nd->fd);
	free(nd);
}
