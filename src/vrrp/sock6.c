/* IPv6 VRRP sockets (RFC 5798 §5.1.2).  A raw IPv6 socket never carries the
 * IPv6 header: the hop limit and destination come from ancillary data
 * (IPV6_HOPLIMIT, IPV6_PKTINFO) on receive, and the source from IPV6_PKTINFO
 * on send.  The checksum is the codec's (no IPV6_CHECKSUM): it must cover
 * the pseudo-header with the addresses we pass here. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdbool.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "sock.h"

int
vrrp_sock_open6(const char *ifname, int ifindex)
{
	int on = 1, off = 0, hops = VRRP_TTL;
	struct ipv6_mreq mreq;

	memset(&mreq, 0, sizeof(mreq));
	inet_pton(AF_INET6, VRRP_MCAST6, &mreq.ipv6mr_multiaddr);
	mreq.ipv6mr_interface = (unsigned)ifindex;
	/* RFC 5798 §5.1.2.3: hop limit 255 so receivers can reject packets
	 * that crossed a router; unicast adverts (unicast_peer) too unless the
	 * send overrides it.  Loop off: our own adverts are not a peer's. */
	const struct vrrp_sockopt opts[] = {
		VRRP_SOCKOPT(IPPROTO_IPV6, IPV6_MULTICAST_HOPS, hops),
		VRRP_SOCKOPT(IPPROTO_IPV6, IPV6_UNICAST_HOPS, hops),
		VRRP_SOCKOPT(IPPROTO_IPV6, IPV6_MULTICAST_LOOP, off),
		VRRP_SOCKOPT(IPPROTO_IPV6, IPV6_RECVHOPLIMIT, on),
		VRRP_SOCKOPT(IPPROTO_IPV6, IPV6_RECVPKTINFO, on),
		VRRP_SOCKOPT(IPPROTO_IPV6, IPV6_MULTICAST_IF, ifindex),
		VRRP_SOCKOPT(IPPROTO_IPV6, IPV6_ADD_MEMBERSHIP, mreq),
	};

	return vrrp_sock_raw(AF_INET6, VRRP_IPPROTO, ifname, opts, sizeof(opts) / sizeof(opts[0]));
}

int
vrrp_sock_recv6(int fd, uint8_t *buf, size_t buflen, struct vrrp_rx *rx)
{
	struct sockaddr_in6 from;
	struct iovec iov = { .iov_base = buf, .iov_len = buflen };
	union {
		char buf[CMSG_SPACE(sizeof(struct in6_pktinfo)) + CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} ctl;
	struct msghdr mh = {
		.msg_name = &from, .msg_namelen = sizeof(from),
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = ctl.buf, .msg_controllen = sizeof(ctl.buf),
	};
	bool have_hops = false, have_dst = false;
	ssize_t n = recvmsg(fd, &mh, 0);

	if (n < 0)
		return (errno == EAGAIN || errno == EWOULDBLOCK) ? 0 : -1;
	memset(rx, 0, sizeof(*rx));
	rx->family = AF_INET6;
	rx->src.v6 = from.sin6_addr;
	for (struct cmsghdr *cm = CMSG_FIRSTHDR(&mh); cm != NULL; cm = CMSG_NXTHDR(&mh, cm)) {
		if (cm->cmsg_level != IPPROTO_IPV6)
			continue;
		if (cm->cmsg_type == IPV6_HOPLIMIT && cm->cmsg_len >= CMSG_LEN(sizeof(int))) {
			int h;

			memcpy(&h, CMSG_DATA(cm), sizeof(h));
			rx->ttl = (uint8_t)h;
			have_hops = true;
		} else if (cm->cmsg_type == IPV6_PKTINFO &&
		           cm->cmsg_len >= CMSG_LEN(sizeof(struct in6_pktinfo))) {
			struct in6_pktinfo pi;

			memcpy(&pi, CMSG_DATA(cm), sizeof(pi));
			rx->dst.v6 = pi.ipi6_addr;
			have_dst = true;
		}
	}
	/* without them neither the hop limit check nor the pseudo-header
	 * checksum can be done: treat it like a runt */
	if (!have_hops || !have_dst || (mh.msg_flags & (MSG_TRUNC | MSG_CTRUNC)))
		return -2;
	rx->data = buf;
	rx->len = (size_t)n;
	return 1;
}

int
vrrp_sock_send6(int fd, int ifindex, const struct in6_addr *src, const struct in6_addr *dst,
                int hops, const uint8_t *msg, size_t len)
{
	struct sockaddr_in6 to = { .sin6_family = AF_INET6, .sin6_addr = *dst };
	struct iovec iov = { .iov_base = (void *)msg, .iov_len = len };
	union {
		char buf[CMSG_SPACE(sizeof(struct in6_pktinfo)) + CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} ctl;
	struct msghdr mh = {
		.msg_name = &to, .msg_namelen = sizeof(to),
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = ctl.buf,
	};
	struct cmsghdr *cm;
	struct in6_pktinfo pi;

	/* link-local destinations (ff02::12, fe80:: peers) need the scope */
	to.sin6_scope_id = (uint32_t)ifindex;
	memset(&ctl, 0, sizeof(ctl));
	mh.msg_controllen = CMSG_SPACE(sizeof(pi)) + (hops >= 0 ? CMSG_SPACE(sizeof(int)) : 0);
	cm = CMSG_FIRSTHDR(&mh);
	cm->cmsg_level = IPPROTO_IPV6;
	cm->cmsg_type = IPV6_PKTINFO;
	cm->cmsg_len = CMSG_LEN(sizeof(pi));
	memset(&pi, 0, sizeof(pi));
	pi.ipi6_addr = *src;
	pi.ipi6_ifindex = (unsigned)ifindex;
	memcpy(CMSG_DATA(cm), &pi, sizeof(pi));
	if (hops >= 0) {
		cm = CMSG_NXTHDR(&mh, cm);
		cm->cmsg_level = IPPROTO_IPV6;
		cm->cmsg_type = IPV6_HOPLIMIT;
		cm->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(cm), &hops, sizeof(hops));
	}
	return sendmsg(fd, &mh, 0) < 0 ? -1 : 0;
}
