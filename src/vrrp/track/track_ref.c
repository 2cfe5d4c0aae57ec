/* track_reference (a floatd extension): probes an instance's reference
 * addresses (typically the gateway) every `interval` from the instance's
 * interface: IPv4 ones with ARP requests from a packet socket, IPv6 ones
 * with Neighbor Solicitations from a raw ICMPv6 socket (RFC 4861 §7.2.2).
 * A round is answered when any address replies within `timeout` (an ARP
 * reply from it, or a Neighbor Advertisement whose target it is); rise/fall
 * turn rounds into a reachable/unreachable state.  Until the first answered
 * round, or `fall` unanswered ones, the state is unknown (see
 * track_ref_known).  Non-blocking; no external ping. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <netinet/icmp6.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "arp_frame.h"
#include "log.h"
#include "loop.h"
#include "nd_probe_frame.h"
#include "track_int.h"

/* Datagrams read per loop iteration and socket: a storm on the segment
 * must not keep the loop from the adverts' timers (as instance.c). */
#define TRACK_REF_READ_BUDGET 64

struct track_ref {
	struct vrrp_trackers *t;
	const struct vrrp_instance_conf *vi;
	const struct track_reference_conf *rc;
	int fd;                      /* ARP: packet socket */
	int fd6;                     /* NS/NA: raw ICMPv6 socket */
	int ifindex;
	uint8_t mac[6];
	struct loop_io *io, *io6;
	struct loop_timer *timer;
	uint64_t round_start;        /* 0: no round open */
	bool answered;
	bool v4_any;                 /* has IPv4 addresses to probe */
	bool v6_any;                 /* has IPv6 addresses to probe */
	bool known;                  /* a round answered, or `fall` rounds not */
	struct vrrp_track_rf rf;
	struct log_ratelimit rl;
};

static void track_ref_close(struct track_ref *r)
{
	loop_io_free(r->io);
	loop_io_free(r->io6);
	r->io = r->io6 = NULL;
	if (r->fd >= 0)
		close(r->fd);
	if (r->fd6 >= 0)
		close(r->fd6);
	r->fd = r->fd6 = -1;
}

static void track_ref_read(struct loop_io *io, int fd, void *arg)
{
	struct track_ref *r = arg;
	uint8_t buf[128];
	struct sockaddr_ll from;
	socklen_t fl;
	ssize_t n;

	(void)io;
	for (int budget = TRACK_REF_READ_BUDGET; budget > 0; budget--) {
		struct in_addr sender;

		fl = sizeof(from);
		n = recvfrom(fd, buf, sizeof(buf), 0, (struct sockaddr *)&from, &fl);
		if (n < 0)
			return;
		if (from.sll_pkttype == PACKET_OUTGOING || !r->round_start)
			continue;
		if (vrrp_arp_reply_parse(buf, (size_t)n, &sender, NULL) != VRRP_ARP_REPLY)
			continue;
		for (unsigned i = 0; i < r->rc->n_addrs; i++)
			if (r->rc->addrs[i].family == AF_INET &&
			    r->rc->addrs[i].addr.v4.s_addr == sender.s_addr)
				r->answered = true;
	}
}

/* Neighbor Advertisements (the ICMPv6 filter passes nothing else): one
 * from the link (hop limit 255) whose target is a reference answers. */
static void track_ref_read6(struct loop_io *io, int fd, void *arg)
{
	struct track_ref *r = arg;
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} ctl;
	uint8_t buf[256];

	(void)io;
	for (int budget = TRACK_REF_READ_BUDGET; budget > 0; budget--) {
		struct iovec iov = { .iov_base = buf, .iov_len = sizeof(buf) };
		struct msghdr mh = {
			.msg_iov = &iov, .msg_iovlen = 1,
			.msg_control = ctl.buf, .msg_controllen = sizeof(ctl.buf),
		};
		struct in6_addr target;
		int hops = -1;
		ssize_t n = recvmsg(fd, &mh, 0);

		if (n < 0)
			return;
		for (struct cmsghdr *cm = CMSG_FIRSTHDR(&mh); cm; cm = CMSG_NXTHDR(&mh, cm))
			if (cm->cmsg_level == IPPROTO_IPV6 && cm->cmsg_type == IPV6_HOPLIMIT)
				memcpy(&hops, CMSG_DATA(cm), sizeof(hops));
		if (!r->round_start ||
		    vrrp_nd_na_parse(buf, (size_t)n, hops, &target, NULL) != VRRP_ND_ADVERT)
			continue;
		for (unsigned i = 0; i < r->rc->n_addrs; i++)
			if (r->rc->addrs[i].family == AF_INET6 &&
			    IN6_ARE_ADDR_EQUAL(&r->rc->addrs[i].addr.v6, &target))
				r->answered = true;
	}
}

/* The raw ICMPv6 socket for NS probes, bound to the interface: hop limit
 * 255 out (RFC 4861 §7.1.1: receivers drop anything else), the received
 * hop limit in, and only NAs queued (ICMP6_FILTER, RFC 3542 §3.2). */
static int track_ref_open6(struct track_ref *r)
{
	struct icmp6_filter filt;
	int hops = 255, on = 1, off = 0;
	const char *ifname = r->vi->interface;

	r->fd6 = socket(AF_INET6, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_ICMPV6);
	if (r->fd6 < 0)
		return -1;
	ICMP6_FILTER_SETBLOCKALL(&filt);
	ICMP6_FILTER_SETPASS(ND_NEIGHBOR_ADVERT, &filt);
	if (setsockopt(r->fd6, SOL_SOCKET, SO_BINDTODEVICE, ifname, (socklen_t)strlen(ifname)) < 0 ||
	    setsockopt(r->fd6, IPPROTO_ICMPV6, ICMP6_FILTER, &filt, sizeof(filt)) < 0 ||
	    setsockopt(r->fd6, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, &hops, sizeof(hops)) < 0 ||
	    setsockopt(r->fd6, IPPROTO_IPV6, IPV6_UNICAST_HOPS, &hops, sizeof(hops)) < 0 ||
	    setsockopt(r->fd6, IPPROTO_IPV6, IPV6_MULTICAST_IF, &r->ifindex, sizeof(r->ifindex)) < 0 ||
	    setsockopt(r->fd6, IPPROTO_IPV6, IPV6_MULTICAST_LOOP, &off, sizeof(off)) < 0 ||
	    setsockopt(r->fd6, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, &on, sizeof(on)) < 0 ||
	    !(r->io6 = loop_io_new(r->t->loop, r->fd6, track_ref_read6, r)))
		return -1;
	return 0;
}

/* The ARP packet socket, opened with no protocol so that nothing is
 * queued before the filter is attached: only ARP replies from the
 * reference addresses reach it (arp_frame.h), an ARP storm stays in the
 * kernel. */
static int track_ref_open4(struct track_ref *r)
{
	struct sock_filter code[VRRP_ARP_FILTER_LEN_MAX];
	struct in_addr senders[VRRP_ARP_FILTER_MAX_SENDERS + 1];
	struct sock_fprog prog = { .filter = code };
	struct sockaddr_ll sll = { 0 };
	size_t n = 0;

	for (unsigned i = 0; i < r->rc->n_addrs && n < sizeof(senders) / sizeof(senders[0]); i++)
		if (r->rc->addrs[i].family == AF_INET)
			senders[n++] = r->rc->addrs[i].addr.v4;
	prog.len = (unsigned short)vrrp_arp_reply_filter(code, sizeof(code) / sizeof(code[0]),
	                                                 senders, n);
	r->fd = socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (r->fd < 0)
		return -1;
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(ETH_P_ARP);
	sll.sll_ifindex = r->ifindex;
	if (prog.len == 0 ||
	    setsockopt(r->fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof(prog)) < 0 ||
	    bind(r->fd, (struct sockaddr *)&sll, sizeof(sll)) < 0 ||
	    !(r->io = loop_io_new(r->t->loop, r->fd, track_ref_read, r)))
		return -1;
	return 0;
}

/* Open (again) the sockets on the instance's interface: a packet socket
 * for ARP if there are IPv4 references, a raw ICMPv6 one for IPv6. */
static int track_ref_open(struct track_ref *r)
{
	struct ifreq ifr = { 0 };
	int fd;

	if (r->fd >= 0 || r->fd6 >= 0)
		return 0;
	r->ifindex = (int)if_nametoindex(r->vi->interface);
	if (!r->ifindex)
		return -1;
	if (r->v4_any && track_ref_open4(r) < 0) {
		track_ref_close(r);
		return -1;
	}
	if (r->v6_any && track_ref_open6(r) < 0) {
		track_ref_close(r);
		return -1;
	}
	/* our MAC: ARP's sender hardware address, NS's source link-layer option */
	fd = r->fd >= 0 ? r->fd : r->fd6;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", r->vi->interface);
	if (ioctl(fd, SIOCGIFHWADDR, &ifr) < 0) {
		track_ref_close(r);
		return -1;
	}
	memcpy(r->mac, ifr.ifr_hwaddr.sa_data, 6);
	return 0;
}

/* One NS per IPv6 reference, to its solicited-node group; the kernel picks
 * the source (a link-local address of the interface for ff02::/16). */
static void track_ref_send6(struct track_ref *r)
{
	uint8_t msg[VRRP_ND_NS_LEN];
	struct sockaddr_in6 to = { .sin6_family = AF_INET6 };
	uint32_t supp;

	to.sin6_scope_id = (uint32_t)r->ifindex;
	for (unsigned i = 0; i < r->rc->n_addrs; i++) {
		if (r->rc->addrs[i].family != AF_INET6)
			continue;
		vrrp_nd_solicited_node(&r->rc->addrs[i].addr.v6, &to.sin6_addr);
		vrrp_nd_ns_build(msg, r->mac, &r->rc->addrs[i].addr.v6);
		if (sendto(r->fd6, msg, sizeof(msg), 0, (struct sockaddr *)&to, sizeof(to)) < 0 &&
		    log_ratelimit_ok(&r->rl, loop_now_ms(), &supp))
			log_warn("(%s) track_reference: sending neighbor solicitation on %s",
			         r->vi->name, r->vi->interface);
	}
}

static void track_ref_send(struct track_ref *r)
{
	struct netlink_addr pa;
	struct in_addr src = { 0 };
	uint8_t frame[VRRP_ARP_FRAME_LEN];
	struct sockaddr_ll to = { 0 };
	uint32_t supp;

	if (r->fd6 >= 0)
		track_ref_send6(r);
	if (r->fd < 0)
		return;
	/* the primary address as sender; none yet: an ARP probe (RFC 5227) */
	if (r->t->nl && netlink_primary_addr(r->t->nl, r->ifindex, AF_INET, &pa) == 0)
		src = pa.addr.v4;
	to.sll_family = AF_PACKET;
	to.sll_protocol = htons(ETH_P_ARP);
	to.sll_ifindex = r->ifindex;
	to.sll_halen = 6;
	memset(to.sll_addr, 0xff, 6);
	for (unsigned i = 0; i < r->rc->n_addrs; i++) {
		if (r->rc->addrs[i].family != AF_INET)
			continue;
		vrrp_arp_request_build(frame, r->mac, src, r->rc->addrs[i].addr.v4);
		if (sendto(r->fd, frame, sizeof(frame), 0, (struct sockaddr *)&to, sizeof(to)) < 0 &&
		    log_ratelimit_ok(&r->rl, loop_now_ms(), &supp))
			log_warn("(%s) track_reference: sending ARP on %s", r->vi->name,
			         r->vi->interface);
	}
}

static void track_ref_result(struct track_ref *r, bool ok)
{
	if (!r->known && ok) {
		/* unknown -> reachable: the first answer settles it */
		r->known = true;
		vrrp_track_rf_init(&r->rf, false);
		log_info("(%s) track_reference: reference reachable", r->vi->name);
		track_changed(r->t);
		return;
	}
	if (vrrp_track_rf_feed(&r->rf, ok, r->rc->rise, r->rc->fall)) {
		r->known = true;
		if (r->rf.ok)
			log_info("(%s) track_reference: reference reachable again", r->vi->name);
		else
			log_warnx("(%s) track_reference: no reference address answers %s on %s",
			          r->vi->name, r->v4_any && r->v6_any ? "ARP or NS" :
			          r->v4_any ? "ARP" : "NS", r->vi->interface);
		track_changed(r->t);
	}
}

/* One timer drives the rounds: send at S, judge at S + timeout, next send
 * at S + interval (timeout <= interval, checked by the config). */
static void track_ref_tick(struct loop_timer *tm, void *arg)
{
	struct track_ref *r = arg;
	uint64_t now = loop_now_ms();

	if (r->round_start) {
		uint64_t start = r->round_start;

		r->round_start = 0;
		track_ref_result(r, r->answered);
		if (now < start + r->rc->interval_ms) {
			loop_timer_at(tm, start + r->rc->interval_ms);
			return;
		}
	}
	r->answered = false;
	/* the interface is followed by name: deleted and re-created, the old
	 * sockets are bound to nothing; open them again on the new link */
	if ((r->fd >= 0 || r->fd6 >= 0) && (int)if_nametoindex(r->vi->interface) != r->ifindex)
		track_ref_close(r);
	if (track_ref_open(r) < 0) {
		/* no interface (yet): the round fails */
		track_ref_result(r, false);
		loop_timer_after(tm, r->rc->interval_ms);
		return;
	}
	track_ref_send(r);
	r->round_start = now ? now : 1;
	loop_timer_after(tm, r->rc->timeout_ms);
}

struct track_ref *track_ref_new(struct vrrp_trackers *t, const struct vrrp_instance_conf *vi)
{
	struct track_ref *r = calloc(1, sizeof(*r));

	if (!r)
		return NULL;
	r->t = t;
	r->vi = vi;
	r->rc = &vi->track_reference;
	r->fd = r->fd6 = -1;
	r->rl = (struct log_ratelimit)LOG_RATELIMIT_INIT(60000, 1);
	/* unknown (rf.ok, !known): counts as reachable for FAULT, so a healthy
	 * node shows no FAULT at startup, but is no licence to become MASTER
	 * (health.c waits); an answer or `fall` misses settle it */
	vrrp_track_rf_init(&r->rf, false);
	for (unsigned i = 0; i < r->rc->n_addrs; i++) {
		r->v4_any |= r->rc->addrs[i].family == AF_INET;
		r->v6_any |= r->rc->addrs[i].family == AF_INET6;
	}
	if (!(r->timer = loop_timer_new(t->loop, track_ref_tick, r))) {
		free(r);
		return NULL;
	}
	return r;
}

void track_ref_start(struct track_ref *r)
{
	loop_timer_after(r->timer, 0);
}

const struct vrrp_instance_conf *track_ref_instance(const struct track_ref *r)
{
	return r->vi;
}

bool track_ref_ok(const struct track_ref *r)
{
	return r->rf.ok;
}

bool track_ref_known(const struct track_ref *r)
{
	return r->known;
}

void track_ref_free(struct track_ref *r)
{
	if (!r)
		return;
	track_ref_close(r);
	loop_timer_free(r->timer);
	free(r);
}

void track_ref_rebind(struct track_ref *r, const struct vrrp_instance_conf *vi)
{
	r->vi = vi;
	r->rc = &vi->track_reference;
}
