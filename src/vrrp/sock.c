/* IPv4 VRRP sockets.  The kernel builds the IP header (no IP_HDRINCL): TTL
 * and TOS come from socket options, the source address from IP_PKTINFO on
 * each sendmsg(), so the v3 pseudo-header checksum we computed matches. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "sock.h"

int
vrrp_sock_raw(int family, int proto, const char *ifname,
              const struct vrrp_sockopt *opts, size_t n)
{
	int fd = socket(family, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, proto);

	if (fd < 0)
		return -1;
	if (setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, ifname, (socklen_t)strlen(ifname)) < 0)
		goto fail;
	for (size_t i = 0; i < n; i++)
		if (setsockopt(fd, opts[i].level, opts[i].name, opts[i].val, opts[i].len) < 0)
			goto fail;
	return fd;
fail:;
	int saved = errno;

	close(fd);
	errno = saved;
	return -1;
}

/* the IPv4 group membership both VRRP and AH sockets join */
static struct ip_mreqn
sock_group4(int ifindex)
{
	struct ip_mreqn mreq;

	memset(&mreq, 0, sizeof(mreq));
	inet_pton(AF_INET, VRRP_MCAST4, &mreq.imr_multiaddr);
	mreq.imr_ifindex = ifindex;
	return mreq;
}

int
vrrp_sock_open4(const char *ifname, int ifindex)
{
	int on = 1, off = 0, ttl = VRRP_TTL, tos = IPTOS_PREC_INTERNETCONTROL;
	struct ip_mreqn mreq = sock_group4(ifindex);
	/* RFC 5798 §5.1.1.3: TTL 255 so receivers can reject off-link senders.
	 * Loop off: we must not hear our own adverts as a peer's. */
	const struct vrrp_sockopt opts[] = {
		VRRP_SOCKOPT(IPPROTO_IP, IP_MULTICAST_TTL, ttl),
		VRRP_SOCKOPT(IPPROTO_IP, IP_TTL, ttl),
		VRRP_SOCKOPT(IPPROTO_IP, IP_TOS, tos),
		VRRP_SOCKOPT(IPPROTO_IP, IP_MULTICAST_LOOP, off),
		VRRP_SOCKOPT(IPPROTO_IP, IP_PKTINFO, on),
		VRRP_SOCKOPT(IPPROTO_IP, IP_MULTICAST_IF, mreq),
		VRRP_SOCKOPT(IPPROTO_IP, IP_ADD_MEMBERSHIP, mreq),
	};

	return vrrp_sock_raw(AF_INET, VRRP_IPPROTO, ifname, opts, sizeof(opts) / sizeof(opts[0]));
}

int
vrrp_sock_recv4(int fd, uint8_t *buf, size_t buflen, struct vrrp_rx *rx)
{
	ssize_t n = recv(fd, buf, buflen, 0);
	const struct iphdr *ip = (const struct iphdr *)buf;
	size_t ihl;

	if (n < 0)
		return (errno == EAGAIN || errno == EWOULDBLOCK) ? 0 : -1;
	/* a raw IPv4 socket always delivers the IP header first */
	if ((size_t)n < sizeof(*ip))
		return -2;
	ihl = (size_t)ip->ihl * 4;
	if (ihl < sizeof(*ip) || ihl > (size_t)n)
		return -2;
	memset(rx, 0, sizeof(*rx));
	rx->family = AF_INET;
	rx->src.v4.s_addr = ip->saddr;
	rx->dst.v4.s_addr = ip->daddr;
	rx->ttl = ip->ttl;
	rx->data = buf + ihl;
	rx->len = (size_t)n - ihl;
	return 1;
}

int
vrrp_sock_send4(int fd, int ifindex, const struct in_addr *src,
                const struct in_addr *dst, const uint8_t *msg, size_t len)
{
	return vrrp_sock_send4_ttl(fd, ifindex, src, dst, -1, msg, len);
}

int
vrrp_sock_send4_ttl(int fd, int ifindex, const struct in_addr *src,
                    const struct in_addr *dst, int ttl, const uint8_t *msg, size_t len)
{
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_addr = *dst };
	struct iovec iov = { .iov_base = (void *)msg, .iov_len = len };
	union {
		char buf[CMSG_SPACE(sizeof(struct in_pktinfo)) + CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} ctl;
	struct msghdr mh = {
		.msg_name = &to, .msg_namelen = sizeof(to),
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = ctl.buf,
	};
	struct cmsghdr *cm;
	struct in_pktinfo *pi;

	memset(&ctl, 0, sizeof(ctl));
	mh.msg_controllen = CMSG_SPACE(sizeof(*pi)) + (ttl >= 0 ? CMSG_SPACE(sizeof(int)) : 0);
	cm = CMSG_FIRSTHDR(&mh);
	cm->cmsg_level = IPPROTO_IP;
	cm->cmsg_type = IP_PKTINFO;
	cm->cmsg_len = CMSG_LEN(sizeof(*pi));
	pi = (struct in_pktinfo *)CMSG_DATA(cm);
	pi->ipi_ifindex = ifindex;
	pi->ipi_spec_dst = *src;
	if (ttl >= 0) {
		/* a routed unicast peer sees TTL decremented; keepalived's
		 * unicast_ttl sets it per datagram (IP_TTL cmsg, Linux >= 4.x) */
		cm = CMSG_NXTHDR(&mh, cm);
		cm->cmsg_level = IPPROTO_IP;
		cm->cmsg_type = IP_TTL;
		cm->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(cm), &ttl, sizeof(ttl));
	}
	return sendmsg(fd, &mh, 0) < 0 ? -1 : 0;
}

int
vrrp_sock_join(int fd, int family, int ifindex, const union vrrp_addr *group)
{
	int rc;

	if (family == AF_INET6) {
		struct ipv6_mreq m = { .ipv6mr_multiaddr = group->v6,
		                       .ipv6mr_interface = (unsigned)ifindex };

		rc = setsockopt(fd, IPPROTO_IPV6, IPV6_ADD_MEMBERSHIP, &m, sizeof(m));
	} else {
		struct ip_mreqn m = sock_group4(ifindex);

		m.imr_multiaddr = group->v4;
		rc = setsockopt(fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &m, sizeof(m));
	}
	return rc < 0 && errno != EADDRINUSE ? -1 : 0;
}

int
vrrp_sock_open_ah(const char *ifname, int ifindex)
{
	int on = 1, off = 0, ttl = VRRP_TTL;
	struct ip_mreqn mreq = sock_group4(ifindex);
	const struct vrrp_sockopt opts[] = {
		VRRP_SOCKOPT(IPPROTO_IP, IP_HDRINCL, on),
		VRRP_SOCKOPT(IPPROTO_IP, IP_MULTICAST_TTL, ttl),
		VRRP_SOCKOPT(IPPROTO_IP, IP_MULTICAST_LOOP, off),
		VRRP_SOCKOPT(IPPROTO_IP, IP_MULTICAST_IF, mreq),
		VRRP_SOCKOPT(IPPROTO_IP, IP_ADD_MEMBERSHIP, mreq),
	};

	return vrrp_sock_raw(AF_INET, IPPROTO_AH, ifname, opts, sizeof(opts) / sizeof(opts[0]));
}

int
vrrp_sock_send_ah(int fd, const struct in_addr *dst, const uint8_t *dgram, size_t len)
{
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_addr = *dst };

	return sendto(fd, dgram, len, 0, (struct sockaddr *)&to, sizeof(to)) < 0 ? -1 : 0;
}
