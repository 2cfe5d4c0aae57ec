/* Advertisement send path and peer filter (see advert.h).  Runs on the
 * loop; the sockets are non-blocking, a failed send is reported to the
 * caller, which logs it rate-limited. */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include "advert.h"
#include "auth_ah.h"
#include "sock.h"

static size_t
advert_alen(int family)
{
	return family == AF_INET ? 4 : 16;
}

union vrrp_addr
vrrp_advert_source(const struct vrrp_instance_conf *c, const union vrrp_addr *primary)
{
	union vrrp_addr src;

	memset(&src, 0, sizeof(src));
	if (c->has_unicast_src)
		memcpy(&src, &c->unicast_src, advert_alen(c->family));
	else
		memcpy(&src, primary, advert_alen(c->family));
	return src;
}

static int
advert_send_one(const struct vrrp_advert_tx *tx, const struct vrrp_pkt *pkt,
                const union vrrp_addr *dst, int ttl)
{
	uint8_t buf[VRRP_PKT_MAX];
	enum vrrp_csum_form form = tx->v3_plain ? VRRP_CSUM_PLAIN : VRRP_CSUM_PSEUDO;
	int len;

	/* the v3 checksum covers the destination: encode per destination */
	len = vrrp_pkt_encode(pkt, &tx->src, dst, form, buf, sizeof(buf));
	if (len < 0)
		return -2;
	if (tx->c->auth_type == VRRP_AUTH_AH && tx->version == 2) {
		uint8_t dgram[VRRP_AH_IP_LEN + VRRP_AH_LEN + VRRP_PKT_MAX];
		uint16_t id;
		int n;

		if (tx->ah_seq == NULL || tx->ip_id == NULL)
			return -2;      /* no AH socket was opened for this instance */
		id = ++*tx->ip_id;

		/* with IP_HDRINCL an ID of 0 is replaced by the kernel, which
		 * would break the ICV that covers it */
		if (id == 0)
			id = ++*tx->ip_id;
		/* RFC 2402 §3.3.2: a fresh sequence number per packet */
		n = vrrp_ah_build(dgram, sizeof(dgram), tx->src.v4, dst->v4,
		                  (uint8_t)(ttl >= 0 ? ttl : VRRP_TTL), id, ++*tx->ah_seq,
		                  tx->c->auth_pass, buf, (size_t)len);
		if (n < 0)
			return -2;
		return vrrp_sock_send_ah(tx->ah_fd, &dst->v4, dgram, (size_t)n);
	}
	if (tx->c->family == AF_INET6)
		return vrrp_sock_send6(tx->fd, tx->ifindex, &tx->src.v6, &dst->v6, ttl, buf,
		                       (size_t)len);
	return vrrp_sock_send4_ttl(tx->fd, tx->ifindex, &tx->src.v4, &dst->v4, ttl, buf,
	                           (size_t)len);
}

int
vrrp_advert_send(const struct vrrp_advert_tx *tx, uint8_t priority)
{
	const struct vrrp_instance_conf *c = tx->c;
	static struct vrrp_pkt pkt;   /* 4 KiB: keep it off the stack */
	union vrrp_addr dst;
	int rc = 0, saved = 0;

	memset(&pkt, 0, sizeof(pkt));
	pkt.family = c->family;
	pkt.version = tx->version;
	pkt.type = VRRP_TYPE_ADVERT;
	pkt.vrid = c->vrid;
	pkt.priority = priority;
	pkt.naddr = tx->naddr;
	pkt.adver_int_cs = (uint16_t)(c->adver_int_ms / 10);
	if (tx->version == 2 && c->auth_type == VRRP_AUTH_PASS) {
		pkt.auth_type = VRRP_AUTH_PASS;
		memcpy(pkt.auth_data, c->auth_pass, VRRP_AUTH_LEN);
	} else if (tx->version == 2 && c->auth_type == VRRP_AUTH_AH) {
		pkt.auth_type = VRRP_AUTH_AH;   /* data stays zero, as keepalived */
	} else {
		pkt.auth_type = VRRP_AUTH_NONE;
	}
	memcpy(pkt.addrs, tx->addrs, tx->naddr * sizeof(pkt.addrs[0]));
	if (c->n_unicast_peers == 0) {
		dst = c->mcast_group;   /* 224.0.0.18 / ff02::12 unless configured */
		return advert_send_one(tx, &pkt, &dst, -1);
	}
	for (unsigned i = 0; i < c->n_unicast_peers; i++) {
		int r = advert_send_one(tx, &pkt, &c->unicast_peers[i].addr, c->unicast_ttl);

		if (r == -2)
			return -2;
		if (r < 0) {
			saved = errno;
			rc = -1;
		}
	}
	errno = saved;
	return rc;
}

bool
vrrp_advert_from_peer(const struct vrrp_instance_conf *c, const struct vrrp_rx *rx)
{
	if (c->n_unicast_peers == 0)
		return true;
	for (unsigned i = 0; i < c->n_unicast_peers; i++)
		if (c->unicast_peers[i].family == rx->family &&
		    memcmp(&c->unicast_peers[i].addr, &rx->src, advert_alen(rx->family)) == 0)
			return true;
	return false;
}

int
vrrp_advert_addr_cmp(int family, const union vrrp_addr *a, const union vrrp_addr *b)
{
	int c = memcmp(a, b, advert_alen(family));

	return (c > 0) - (c < 0);
}
