/* Raw IP protocol-112 sockets for VRRP over IPv4: one per interface, bound
 * to it, joined to 224.0.0.18, TTL 255 on send, TTL read on receive.  Knows
 * the wire framing (IP header) but not the VRRP message (pkt.c does). */
#ifndef FLOATD_VRRP_SOCK_H
#define FLOATD_VRRP_SOCK_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "pkt.h"

/* One setsockopt() of a socket's set-up table. */
struct vrrp_sockopt {
	int level, name;
	const void *val;
	socklen_t len;
};
#define VRRP_SOCKOPT(level, name, var) { (level), (name), &(var), sizeof(var) }
/* socket(family, SOCK_RAW, proto), non-blocking, bound to ifname, then every
 * option of the table in order.  fd, or -1 with errno (nothing left open). */
int vrrp_sock_raw(int family, int proto, const char *ifname,
                  const struct vrrp_sockopt *opts, size_t n);

/* Open, bind to ifname and join the VRRP group.  fd or -1 (errno). */
int vrrp_sock_open4(const char *ifname, int ifindex);
/* Receive one datagram; fills rx (data points into buf).  Returns 1 when a
 * datagram was read, 0 when none is pending, -1 on error (errno), -2 when
 * the datagram was too short to hold an IPv4 header (a drop to count). */
int vrrp_sock_recv4(int fd, uint8_t *buf, size_t buflen, struct vrrp_rx *rx);
/* Send a VRRP message from `src` on ifindex to dst (the group by default). */
int vrrp_sock_send4(int fd, int ifindex, const struct in_addr *src,
                    const struct in_addr *dst, const uint8_t *msg, size_t len);
/* Same with an explicit TTL for this datagram (unicast_ttl); ttl < 0 keeps
 * the socket's 255. */
int vrrp_sock_send4_ttl(int fd, int ifindex, const struct in_addr *src,
                        const struct in_addr *dst, int ttl, const uint8_t *msg, size_t len);

/* Join one more multicast group on ifindex (vrrp_mcast_group4/6,
 * mcast_dst_ip), IPv4 or IPv6 socket alike; already joined is no error.
 * 0 or -1 (errno). */
int vrrp_sock_join(int fd, int family, int ifindex, const union vrrp_addr *group);

/* AH authentication (auth_ah.h): a raw IPv4 protocol-51 socket, IP_HDRINCL
 * (the ICV covers the IP header, so we build it), bound and joined like
 * the VRRP socket.  Receive with recv() (the datagram from its IP header). */
int vrrp_sock_open_ah(const char *ifname, int ifindex);
int vrrp_sock_send_ah(int fd, const struct in_addr *dst, const uint8_t *dgram, size_t len);

/* IPv6 (sock6.c): raw IPv6 protocol-112 socket bound to ifname, joined to
 * ff02::12, hop limit 255, hop limit and destination read from ancillary
 * data.  Same return conventions as the IPv4 calls; recv6 returns -2 when
 * the ancillary data is missing or truncated.  send6: hops < 0 keeps 255. */
int vrrp_sock_open6(const char *ifname, int ifindex);
int vrrp_sock_recv6(int fd, uint8_t *buf, size_t buflen, struct vrrp_rx *rx);
int vrrp_sock_send6(int fd, int ifindex, const struct in6_addr *src,
                    const struct in6_addr *dst, int hops, const uint8_t *msg, size_t len);

#endif
