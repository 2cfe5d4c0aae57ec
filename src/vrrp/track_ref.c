/* track_reference (a floatd extension): probes an instance's reference
 * addresses (typically the gateway) with ARP requests from a packet socket
 * on the instance's interface, every `interval`, and counts a round as
 * answered when any address replies within `timeout`; rise/fall turn rounds
 * into a reachable/unreachable state.  Non-blocking; no external ping.
 * IPv6 addresses (NS probes) are not implemented yet: they are ignored. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "arp_frame.h"
#include "log.h"
#include "loop.h"
#include "track_int.h"

struct track_ref {
	struct vrrp_trackers *t;
	const struct vrrp_instance_conf *vi;
	const struct track_reference_conf *rc;
	int fd;
	int ifindex;
	uint8_t mac[6];
	struct loop_io *io;
	struct loop_timer *timer;
	uint64_t round_start;        /* 0: no round open */
	bool answered;
	bool v4_any;                 /* has IPv4 addresses to probe */
	struct vrrp_track_rf rf;
	struct log_ratelimit rl;
};

static void track_ref_close(struct track_ref *r)
{
	loop_io_free(r->io);
	r->io = NULL;
	if (r->fd >= 0)
		close(r->fd);
	r->fd = -1;
}

static void track_ref_read(struct loop_io *io, int fd, void *arg)
{
	struct track_ref *r = arg;
	uint8_t buf[128];
	struct sockaddr_ll from;
	socklen_t fl;
	ssize_t n;

	(void)io;
	for (;;) {
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

/* Open (again) the packet socket on the instance's interface. */
static int track_ref_open(struct track_ref *r)
{
	struct sockaddr_ll sll = { 0 };
	struct ifreq ifr = { 0 };

	if (r->fd >= 0)
		return 0;
	r->ifindex = (int)if_nametoindex(r->vi->interface);
	if (!r->ifindex)
		return -1;
	r->fd = socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, htons(ETH_P_ARP));
	if (r->fd < 0)
		return -1;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", r->vi->interface);
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(ETH_P_ARP);
	sll.sll_ifindex = r->ifindex;
	if (ioctl(r->fd, SIOCGIFHWADDR, &ifr) < 0 ||
	    bind(r->fd, (struct sockaddr *)&sll, sizeof(sll)) < 0 ||
	    !(r->io = loop_io_new(r->t->loop, r->fd, track_ref_read, r))) {
		track_ref_close(r);
		return -1;
	}
	memcpy(r->mac, ifr.ifr_hwaddr.sa_data, 6);
	return 0;
}

static void track_ref_send(struct track_ref *r)
{
	struct netlink_addr pa;
	struct in_addr src = { 0 };
	uint8_t frame[VRRP_ARP_FRAME_LEN];
	struct sockaddr_ll to = { 0 };
	uint32_t supp;

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
	if (vrrp_track_rf_feed(&r->rf, ok, r->rc->rise, r->rc->fall)) {
		if (r->rf.ok)
			log_info("(%s) track_reference: reference reachable again", r->vi->name);
		else
			log_warnx("(%s) track_reference: no reference address answers ARP on %s",
			          r->vi->name, r->vi->interface);
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
	r->fd = -1;
	r->rl = (struct log_ratelimit)LOG_RATELIMIT_INIT(60000, 1);
	/* start reachable: the first `fall` rounds decide otherwise */
	vrrp_track_rf_init(&r->rf, false);
	for (unsigned i = 0; i < r->rc->n_addrs; i++)
		r->v4_any |= r->rc->addrs[i].family == AF_INET;
	if (!(r->timer = loop_timer_new(t->loop, track_ref_tick, r))) {
		free(r);
		return NULL;
	}
	if (!r->v4_any)
		log_warnx("(%s) track_reference: only IPv6 addresses, which floatd does not probe "
		          "yet; ignored", vi->name);
	return r;
}

void track_ref_start(struct track_ref *r)
{
	if (r->v4_any)
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

void track_ref_free(struct track_ref *r)
{
	if (!r)
		return;
	track_ref_close(r);
	loop_timer_free(r->timer);
	free(r);
}
