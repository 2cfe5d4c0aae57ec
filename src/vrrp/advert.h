/* One instance's advertisement on the wire: encode (pkt.c), choose the
 * destinations (the group, or every unicast_peer), send (sock.c/sock6.c);
 * and the receive-side rule that needs the config: is the sender a peer.
 * Keeps instance.c free of per-family and per-mode branches. */
#ifndef FLOATD_VRRP_ADVERT_H
#define FLOATD_VRRP_ADVERT_H

#include <stdbool.h>
#include <stdint.h>

#include "vrrp/conf/vrrp_conf_types.h"
#include "pkt.h"

struct vrrp_advert_tx {
	int fd;                          /* the interface's socket of c->family */
	int ifindex;
	union vrrp_addr src;             /* vrrp_advert_source() */
	const struct vrrp_instance_conf *c;
	uint8_t version;
	bool v3_plain;                   /* v3_checksum_as_v2 (IPv4 only) */
	const union vrrp_addr *addrs;    /* advertised VIPs */
	uint8_t naddr;
	/* auth_type AH: the protocol-51 socket and the instance's counters */
	int ah_fd;
	uint32_t *ah_seq;
	uint16_t *ip_id;
};

/* The address adverts leave from: unicast_src_ip, else the interface's
 * primary (IPv4) or link-local (IPv6) address. */
union vrrp_addr vrrp_advert_source(const struct vrrp_instance_conf *, const union vrrp_addr *primary);

/* Encode and send one advertisement with `priority`.  0 when every send
 * worked; -1 when one failed (errno of the last failure); -2 when the
 * advertisement cannot be encoded (a bug or a bad config). */
int vrrp_advert_send(const struct vrrp_advert_tx *, uint8_t priority);

/* RFC-free keepalived rule: with unicast_peer configured, only the listed
 * peers are heard.  True when there is no list. */
bool vrrp_advert_from_peer(const struct vrrp_instance_conf *, const struct vrrp_rx *);

/* IPv4/IPv6 address comparison for the RFC 5798 §6.4.3 tie-break:
 * unsigned, network order; -1, 0, 1. */
int vrrp_advert_addr_cmp(int family, const union vrrp_addr *a, const union vrrp_addr *b);

#endif
