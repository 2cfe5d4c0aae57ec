/* rtnetlink through libnl-route (see netlink.h): addresses, link state and
 * events (routes, rules and macvlan links are in netlink_route.c).  Writes
 * go through libnl's rtnl_addr_* builders on a request socket (the ack arrives inside the
 * same syscall round trip); queries are one-shot dumps parsed here; events
 * are read raw from a second, non-blocking socket so an overrun (ENOBUFS)
 * can be seen and reported.  No caches: the kernel is the only truth. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <arpa/inet.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <netlink/netlink.h>
#include <netlink/msg.h>
#include <netlink/attr.h>
#include <netlink/route/rtnl.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>
#include <netlink/route/link/inet6.h>

#include "log.h"
#include "loop.h"
#include "netlink.h"
#include "netlink_int.h"

#define NETLINK_EV_BUFSZ (64 * 1024)
#define NETLINK_EV_RCVBUF (1024 * 1024)
#define NETLINK_LIFE_INFINITE 0xffffffffU   /* INFINITY_LIFE_TIME */
/* Datagrams read from the event socket per loop iteration: a storm of
 * address events must not starve the VRRP sockets and timers; libev is
 * level-triggered, so the rest is read in the next iteration. */
#define NETLINK_EV_BUDGET 64
/* A dump that the kernel marks interrupted (NLM_F_DUMP_INTR: the table
 * changed while it was being read) is repeated this many times in all. */
#define NETLINK_DUMP_TRIES 5


/* libnl folds errno into its own NLE_* codes (nl_syserr2nlerr); callers of
 * this module want errno back.  Only the codes the kernel can cause for
 * address and link requests matter; the rest become EIO. */
int
netlink_errno(int nlerr)
{
	static const struct { int nle, err; } map[] = {
		{ NLE_EXIST, EEXIST },
		{ NLE_NOADDR, EADDRNOTAVAIL },
		{ NLE_OBJ_NOTFOUND, EADDRNOTAVAIL },
		{ NLE_NODEV, ENODEV },
		{ NLE_INTR, EINTR },
		{ NLE_AGAIN, EAGAIN },
		{ NLE_BAD_SOCK, EBADF },
		{ NLE_NOMEM, ENOMEM },
		{ NLE_INVAL, EINVAL },
		{ NLE_RANGE, ERANGE },
		{ NLE_OPNOTSUPP, EOPNOTSUPP },
		{ NLE_AF_NOSUPPORT, EAFNOSUPPORT },
		{ NLE_PROTO_MISMATCH, EPROTONOSUPPORT },
		{ NLE_NOACCESS, EACCES },
		{ NLE_PERM, EPERM },
		{ NLE_BUSY, EBUSY },
		{ NLE_MSGSIZE, EMSGSIZE },
	};
	size_t i;

	if (nlerr < 0)
		nlerr = -nlerr;
	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (map[i].nle == nlerr)
			return -map[i].err;
	return -EIO;
}

size_t
netlink_addr_len(int family)
{
	return family == AF_INET ? sizeof(struct in_addr)
	     : family == AF_INET6 ? sizeof(struct in6_addr) : 0;
}

/* ---- parsing (dumps and events share it) ---- */

static struct nla_policy addr_policy[IFA_MAX + 1] = {
	[IFA_LABEL] = { .type = NLA_STRING, .maxlen = IFNAMSIZ },
	[IFA_CACHEINFO] = { .minlen = sizeof(struct ifa_cacheinfo) },
	[IFA_FLAGS] = { .type = NLA_U32 },
};

static uint32_t
netlink_life_from_kernel(uint32_t v)
{
	return v == NETLINK_LIFE_INFINITE ? 0 : v;
}

/* RTM_NEWADDR/RTM_DELADDR -> netlink_addr.  Also returns the full 32-bit
 * flags (IFA_FLAGS supersedes the 8-bit ifa_flags). 0 or -1 (malformed). */
static int
netlink_parse_addr(struct nlmsghdr *h, struct netlink_addr *a, uint32_t *flags)
{
	struct nlattr *tb[IFA_MAX + 1];
	struct ifaddrmsg *ifa;
	struct nlattr *addr;
	size_t len;

	if (nlmsg_parse(h, sizeof(*ifa), tb, IFA_MAX, addr_policy) < 0)
		return -1;
	ifa = nlmsg_data(h);
	len = netlink_addr_len(ifa->ifa_family);
	if (len == 0)
		return -1;
	/* IFA_LOCAL is the interface's own address; IFA_ADDRESS is the peer on
	 * point-to-point links and equal to IFA_LOCAL otherwise. IPv6 has
	 * only IFA_ADDRESS. */
	addr = tb[IFA_LOCAL] != NULL ? tb[IFA_LOCAL] : tb[IFA_ADDRESS];
	if (addr == NULL || (size_t)nla_len(addr) < len)
		return -1;
	memset(a, 0, sizeof(*a));
	a->family = ifa->ifa_family;
	a->ifindex = (int)ifa->ifa_index;
	memcpy(&a->addr, nla_data(addr), len);
	a->prefixlen = ifa->ifa_prefixlen;
	a->scope = ifa->ifa_scope;
	if (tb[IFA_LABEL] != NULL)
		nla_strlcpy(a->label, tb[IFA_LABEL], sizeof(a->label));
	if (tb[IFA_CACHEINFO] != NULL) {
		struct ifa_cacheinfo *ci = nla_data(tb[IFA_CACHEINFO]);

		a->valid_lft = netlink_life_from_kernel(ci->ifa_valid);
		a->preferred_lft = netlink_life_from_kernel(ci->ifa_prefered);
	}
	if (tb[IFA_BROADCAST] != NULL && a->family == AF_INET &&
	    nla_len(tb[IFA_BROADCAST]) >= 4) {
		a->has_brd = true;
		memcpy(&a->brd, nla_data(tb[IFA_BROADCAST]), 4);
	}
	*flags = tb[IFA_FLAGS] != NULL ? nla_get_u32(tb[IFA_FLAGS]) : ifa->ifa_flags;
	a->nodad = (*flags & IFA_F_NODAD) != 0;
	return 0;
}

static struct nla_policy link_policy[IFLA_MAX + 1] = {
	[IFLA_IFNAME] = { .type = NLA_STRING, .maxlen = IFNAMSIZ },
};

static int
netlink_parse_link(struct nlmsghdr *h, struct netlink_event *ev)
{
	struct nlattr *tb[IFLA_MAX + 1];
	struct ifinfomsg *ifi;

	if (nlmsg_parse(h, sizeof(*ifi), tb, IFLA_MAX, link_policy) < 0)
		return -1;
	ifi = nlmsg_data(h);
	ev->kind = NETLINK_EV_LINK;
	ev->ifindex = ifi->ifi_index;
	if (tb[IFLA_IFNAME] != NULL)
		nla_strlcpy(ev->ifname, tb[IFLA_IFNAME], sizeof(ev->ifname));
	ev->deleted = h->nlmsg_type == RTM_DELLINK;
	ev->up = !ev->deleted && (ifi->ifi_flags & IFF_UP) && (ifi->ifi_flags & IFF_RUNNING);
	return 0;
}

/* ---- events ---- */

static void
netlink_dispatch(struct netlink *nl, struct nlmsghdr *h)
{
	struct netlink_event ev;
	uint32_t flags;

	memset(&ev, 0, sizeof(ev));
	switch (h->nlmsg_type) {
	case RTM_NEWADDR:
	case RTM_DELADDR:
		if (netlink_parse_addr(h, &ev.addr, &flags) == -1)
			return;
		ev.kind = h->nlmsg_type == RTM_NEWADDR ? NETLINK_EV_ADDR_NEW
		                                       : NETLINK_EV_ADDR_DEL;
		break;
	case RTM_NEWLINK:
	case RTM_DELLINK:
		if (netlink_parse_link(h, &ev) == -1)
			return;
		break;
	default:
		return;
	}
	nl->cb(nl->arg, &ev);
}

static void
netlink_resync(struct netlink *nl)
{
	struct netlink_event ev;
	uint32_t suppressed;

	if (log_ratelimit_ok(&nl->overrun_rl, loop_now_ms(), &suppressed))
		log_warnx("netlink: event socket overrun, events lost; resyncing"
		          " (%u similar suppressed)", suppressed);
	memset(&ev, 0, sizeof(ev));
	ev.kind = NETLINK_EV_RESYNC;
	nl->cb(nl->arg, &ev);
}

/* Read at most NETLINK_EV_BUDGET datagrams (each may hold many messages);
 * libev is level-triggered and calls again in the next iteration, after the
 * other watchers had their turn.  Events keep their order either way. */
static void
netlink_readable(struct loop_io *io, int fd, void *arg)
{
	struct netlink *nl = arg;
	struct sockaddr_nl from;
	struct iovec iov = { nl->buf, NETLINK_EV_BUFSZ };
	struct msghdr mh;
	struct nlmsghdr *h;
	ssize_t n;
	int len;

	(void)io;
	for (int budget = NETLINK_EV_BUDGET; budget > 0; budget--) {
		memset(&mh, 0, sizeof(mh));
		mh.msg_name = &from;
		mh.msg_namelen = sizeof(from);
		mh.msg_iov = &iov;
		mh.msg_iovlen = 1;
		n = recvmsg(fd, &mh, MSG_DONTWAIT);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return;
			if (errno == ENOBUFS) {
				netlink_resync(nl);
				continue;
			}
			log_warn("netlink: event socket recv");
			return;
		}
		if (n == 0)
			return;
		if (mh.msg_flags & MSG_TRUNC) {
			/* Lost the tail of a batch: same remedy as an overrun. */
			netlink_resync(nl);
			continue;
		}
		/* Only the kernel speaks on these groups; ignore anyone else. */
		if (from.nl_pid != 0)
			continue;
		len = (int)n;
		for (h = (struct nlmsghdr *)nl->buf; nlmsg_ok(h, len); h = nlmsg_next(h, &len))
			netlink_dispatch(nl, h);
	}
}

/* ---- open/close ---- */

struct netlink *
netlink_open(struct ev_loop *loop, netlink_event_cb cb, void *arg)
{
	struct netlink *nl;
	int err = ENOMEM, rc;

	nl = calloc(1, sizeof(*nl));
	if (nl == NULL)
		return NULL;
	nl->cb = cb;
	nl->arg = arg;
	nl->overrun_rl = (struct log_ratelimit)LOG_RATELIMIT_INIT(10000, 1);
	nl->req = nl_socket_alloc();
	if (nl->req == NULL)
		goto fail;
	if ((rc = nl_connect(nl->req, NETLINK_ROUTE)) < 0) {
		err = -netlink_errno(rc);
		goto fail;
	}
	if (cb == NULL)
		return nl;

	nl->buf = malloc(NETLINK_EV_BUFSZ);
	nl->ev = nl_socket_alloc();
	if (nl->buf == NULL || nl->ev == NULL)
		goto fail;
	/* Events only: no sequence numbers, no acks on this socket. */
	nl_socket_disable_seq_check(nl->ev);
	if ((rc = nl_connect(nl->ev, NETLINK_ROUTE)) < 0 ||
	    (rc = nl_socket_add_memberships(nl->ev, RTNLGRP_LINK, RTNLGRP_IPV4_IFADDR,
	                                    RTNLGRP_IPV6_IFADDR, 0)) < 0 ||
	    (rc = nl_socket_set_nonblocking(nl->ev)) < 0) {
		err = -netlink_errno(rc);
		goto fail;
	}
	/* A link flap with many addresses bursts; a bigger queue makes overruns
	 * rare (capped by net.core.rmem_max, which is fine). */
	nl_socket_set_buffer_size(nl->ev, NETLINK_EV_RCVBUF, 0);
	nl->io = loop_io_new(loop, nl_socket_get_fd(nl->ev), netlink_readable, nl);
	if (nl->io == NULL)
		goto fail;
	return nl;
fail:
	netlink_close(nl);
	errno = err;
	return NULL;
}

void
netlink_close(struct netlink *nl)
{
	if (nl == NULL)
		return;
	loop_io_free(nl->io);
	if (nl->ev != NULL)
		nl_socket_free(nl->ev);
	if (nl->req != NULL)
		nl_socket_free(nl->req);
	free(nl->buf);
	free(nl);
}

/* ---- writes ---- */

static int
netlink_set_brd(struct rtnl_addr *ra, struct in_addr brd)
{
	struct nl_addr *b = nl_addr_build(AF_INET, &brd, sizeof(brd));
	int rc;

	if (b == NULL)
		return -NLE_NOMEM;
	rc = rtnl_addr_set_broadcast(ra, b);
	nl_addr_put(b);
	return rc;
}

static int
netlink_build(const struct netlink_addr *a, bool for_add, struct rtnl_addr **out)
{
	struct rtnl_addr *ra;
	struct nl_addr *local;
	size_t len = netlink_addr_len(a->family);
	int rc;

	if (len == 0 || a->ifindex <= 0 || a->prefixlen > len * 8)
		return -EINVAL;
	ra = rtnl_addr_alloc();
	if (ra == NULL)
		return -ENOMEM;
	local = nl_addr_build(a->family, &a->addr, len);
	if (local == NULL) {
		rtnl_addr_put(ra);
		return -ENOMEM;
	}
	nl_addr_set_prefixlen(local, a->prefixlen);
	rtnl_addr_set_family(ra, a->family);
	rtnl_addr_set_ifindex(ra, a->ifindex);
	rc = rtnl_addr_set_local(ra, local);
	nl_addr_put(local);
	if (rc < 0)
		goto fail;
	rtnl_addr_set_prefixlen(ra, a->prefixlen);
	if (for_add) {
		uint32_t valid = a->valid_lft ? a->valid_lft : NETLINK_LIFE_INFINITE;
		uint32_t pref = a->deprecated ? 0 :
		                a->preferred_lft ? a->preferred_lft : NETLINK_LIFE_INFINITE;
		uint32_t flags = a->ifa_flags | (a->family == AF_INET6 && a->nodad ? IFA_F_NODAD : 0);

		if (pref > valid)
			pref = valid;
		rtnl_addr_set_scope(ra, a->scope);
		if (a->family == AF_INET && a->label[0] != '\0' &&
		    (rc = rtnl_addr_set_label(ra, a->label)) < 0)
			goto fail;
		if (a->family == AF_INET && a->has_brd &&
		    (rc = netlink_set_brd(ra, a->brd)) < 0)
			goto fail;
		/* libnl sends flags past the first 8 bits as IFA_FLAGS */
		if (flags != 0)
			rtnl_addr_set_flags(ra, flags);
		/* Always sent, so a replace also resets a finite lifetime to
		 * forever. */
		rtnl_addr_set_valid_lifetime(ra, valid);
		rtnl_addr_set_preferred_lifetime(ra, pref);
	}
	*out = ra;
	return 0;
fail:
	rtnl_addr_put(ra);
	return netlink_errno(rc);
}

int
netlink_addr_add(struct netlink *nl, const struct netlink_addr *a, bool replace)
{
	struct rtnl_addr *ra;
	int rc;

	if ((rc = netlink_build(a, true, &ra)) < 0)
		return rc;
	/* libnl adds NLM_F_CREATE.  Without NLM_F_REPLACE the kernel already
	 * refuses a duplicate; NLM_F_EXCL makes that explicit. */
	rc = rtnl_addr_add(nl->req, ra, replace ? NLM_F_REPLACE : NLM_F_EXCL);
	rtnl_addr_put(ra);
	return rc < 0 ? netlink_errno(rc) : 0;
}

int
netlink_addr_del(struct netlink *nl, const struct netlink_addr *a)
{
	struct rtnl_addr *ra;
	int rc;

	if ((rc = netlink_build(a, false, &ra)) < 0)
		return rc;
	rc = rtnl_addr_delete(nl->req, ra, 0);
	rtnl_addr_put(ra);
	return rc < 0 ? netlink_errno(rc) : 0;
}

/* ---- queries ---- */

struct netlink_dump {
	int (*match)(struct netlink_dump *, const struct netlink_addr *, uint32_t flags);
	const struct netlink_addr *want;
	int ifindex;
	struct netlink_addr *out;
	bool found;
};

static int
netlink_dump_valid(struct nl_msg *msg, void *arg)
{
	struct netlink_dump *d = arg;
	struct nlmsghdr *h = nlmsg_hdr(msg);
	struct netlink_addr a;
	uint32_t flags;

	/* Keep reading to NLMSG_DONE after a hit: the socket must be left
	 * empty for the next request. */
	if (d->found || h->nlmsg_type != RTM_NEWADDR)
		return NL_OK;
	if (netlink_parse_addr(h, &a, &flags) == 0 && d->match(d, &a, flags)) {
		d->found = true;
		if (d->out != NULL)
			*d->out = a;
	}
	return NL_OK;
}

/* A dump racing with address changes comes back flagged NLM_F_DUMP_INTR
 * (libnl: -NLE_DUMP_INTR after reading it all): what it says may be
 * inconsistent, so its answer is thrown away and the dump repeated.  After
 * NETLINK_DUMP_TRIES interrupted dumps: -EINTR, which callers must read as
 * "unknown", never as "no address". */
static int
netlink_dump_addrs(struct netlink *nl, int family, struct netlink_dump *d)
{
	struct nl_cb *cb;
	int rc = 0;

	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (cb == NULL)
		return -ENOMEM;
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, netlink_dump_valid, d);
	for (int try = 0; try < NETLINK_DUMP_TRIES; try++) {
		d->found = false;
		if ((rc = nl_rtgen_request(nl->req, RTM_GETADDR, family, NLM_F_DUMP)) < 0)
			break;
		rc = nl_recvmsgs(nl->req, cb);
		if (rc != -NLE_DUMP_INTR)
			break;
	}
	nl_cb_put(cb);
	if (rc == -NLE_DUMP_INTR)
		return -EINTR;
	return rc < 0 ? netlink_errno(rc) : 0;
}

static int
netlink_match_exact(struct netlink_dump *d, const struct netlink_addr *a, uint32_t flags)
{
	(void)flags;
	return a->family == d->want->family && a->ifindex == d->want->ifindex &&
	       a->prefixlen == d->want->prefixlen &&
	       memcmp(&a->addr, &d->want->addr, netlink_addr_len(a->family)) == 0;
}

int
netlink_addr_present(struct netlink *nl, const struct netlink_addr *a)
{
	struct netlink_dump d = { .match = netlink_match_exact, .want = a };
	int rc;

	if (netlink_addr_len(a->family) == 0)
		return -EINVAL;
	rc = netlink_dump_addrs(nl, a->family, &d);
	return rc < 0 ? rc : d.found;
}

static int
netlink_match_primary(struct netlink_dump *d, const struct netlink_addr *a, uint32_t flags)
{
	if (a->ifindex != d->ifindex)
		return 0;
	if (a->family == AF_INET)
		return !(flags & IFA_F_SECONDARY);
	/* RFC 5798 §5.1.2.2 / §7.1: IPv6 adverts come from the link-local
	 * address, which must be usable (DAD done). */
	return IN6_IS_ADDR_LINKLOCAL(&a->addr.v6) &&
	       !(flags & (IFA_F_TENTATIVE | IFA_F_DADFAILED));
}

int
netlink_primary_addr(struct netlink *nl, int ifindex, int family, struct netlink_addr *out)
{
	struct netlink_dump d = { .match = netlink_match_primary, .ifindex = ifindex,
	                          .out = out };
	int rc;

	if (netlink_addr_len(family) == 0)
		return -EINVAL;
	rc = netlink_dump_addrs(nl, family, &d);
	if (rc < 0)
		return rc;
	return d.found ? 0 : -EADDRNOTAVAIL;
}

int
netlink_link_state(struct netlink *nl, int ifindex, uint8_t mac[6])
{
	struct rtnl_link *link = NULL;
	struct nl_addr *hw;
	unsigned flags;
	int rc;

	rc = rtnl_link_get_kernel(nl->req, ifindex, NULL, &link);
	if (rc < 0)
		return rc == -NLE_OBJ_NOTFOUND ? -ENODEV : netlink_errno(rc);
	flags = rtnl_link_get_flags(link);
	if (mac != NULL) {
		hw = rtnl_link_get_addr(link);
		if (hw != NULL && nl_addr_get_len(hw) == 6)
			memcpy(mac, nl_addr_get_binary_addr(hw), 6);
		else
			memset(mac, 0, 6);
	}
	rtnl_link_put(link);
	return (flags & IFF_UP) && (flags & IFF_RUNNING) ? 1 : 0;
}
