/* Interfaces, followed by name (not ifindex): the per-(interface, family)
 * socket set of struct vrrp_iface is opened when a link of that name
 * exists and closed when it goes (deleted, renamed away), so an interface
 * deleted and re-created (networkd restart, netplan apply, a bond rebuilt)
 * or missing at start-up is picked up when it appears.  Link and address
 * state come from rtnetlink events; address events only mark the interface
 * dirty and one re-read per loop iteration settles it, so an address storm
 * costs one dump per iteration, not one per event.  Also: VIPs deleted by
 * someone else (re-added), a VMAC deleted by someone else (re-created).
 * Decides nothing about states: health.c does, from vrrp_iface_usable(). */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "master_objects.h"
#include "garp.h"
#include "instance_int.h"
#include "lvs_sync.h"
#include "ndisc.h"
#include "sock.h"
#include "statics.h"
#include "vip.h"

/* A failed (re-)open is tried again after this long. */
#define IFACE_RETRY_MS 1000
/* A re-read whose dumps kept being interrupted is tried again after this. */
#define IFACE_REREAD_MS 20

bool
vrrp_iface_usable(const struct vrrp_iface *ifc)
{
	return ifc->ifindex > 0 && ifc->link_up && ifc->has_primary;
}

static void
settle_soon(struct vrrp_set *set, uint64_t delay_ms)
{
	uint64_t at = loop_now_ms() + delay_ms;

	if (!loop_timer_pending(set->iface_timer) || at < set->iface_settle_at) {
		set->iface_settle_at = at;
		loop_timer_at(set->iface_timer, at);
	}
}

/* The primary (IPv4) / link-local (IPv6) address.  An interrupted dump
 * keeps what we knew and asks for another look: only an answer of "no such
 * address" may take the interface's address away. */
static void
iface_read_primary(struct vrrp_iface *ifc)
{
	struct netlink_addr a;
	int rc;

	if (ifc->ifindex <= 0) {
		ifc->has_primary = false;
		return;
	}
	rc = netlink_primary_addr(ifc->set->nl, ifc->ifindex, ifc->family, &a);
	if (rc == 0) {
		memcpy(&ifc->primary, &a.addr, sizeof(ifc->primary));
		ifc->has_primary = true;
		ifc->addr_dirty = false;
	} else if (rc == -EADDRNOTAVAIL) {
		memset(&ifc->primary, 0, sizeof(ifc->primary));
		ifc->has_primary = false;
		ifc->addr_dirty = false;
	} else {
		ifc->addr_dirty = true;
		settle_soon(ifc->set, IFACE_REREAD_MS);
	}
}

static void
iface_changed(struct vrrp_iface *ifc, bool was_usable)
{
	bool usable = vrrp_iface_usable(ifc);
	const char *what = ifc->family == AF_INET6 ? "IPv6 link-local address" : "IPv4 address";

	if (usable == was_usable)
		return;
	if (usable)
		log_info("(%s) interface %s is up with an %s", ifc->name, ifc->name, what);
	else if (ifc->ifindex <= 0)
		log_info("(%s) interface %s is gone", ifc->name, ifc->name);
	else if (!ifc->link_up)
		log_info("(%s) interface %s is down", ifc->name, ifc->name);
	else
		log_info("(%s) interface %s has no %s", ifc->name, ifc->name, what);
	vrrp_health_eval_all(ifc->set);
}

/* Close every socket on the interface: it is gone (or renamed away). */
static void
iface_unbind(struct vrrp_iface *ifc)
{
	loop_io_free(ifc->io);
	ifc->io = NULL;
	if (ifc->fd >= 0)
		close(ifc->fd);
	ifc->fd = -1;
	vrrp_garp_close(ifc->garp);
	ifc->garp = NULL;
	vrrp_ndisc_close(ifc->ndisc);
	ifc->ndisc = NULL;
	if (ifc->ah_io != NULL) {
		loop_io_free(ifc->ah_io);
		close(ifc->ah_fd);
	}
	ifc->ah_io = NULL;
	ifc->ah_fd = -1;
	ifc->ifindex = 0;
	ifc->link_up = false;
	ifc->has_primary = false;
	ifc->addr_dirty = false;
	memset(&ifc->primary, 0, sizeof(ifc->primary));
}

/* Point the instances on ifc at its (new) ifindex: VMAC base, VIPs.  They
 * hold no VIP now (the interface was gone: FAULT, or never started). */
static void
iface_retarget(struct vrrp_iface *ifc)
{
	for (struct vrrp_instance *vi = ifc->set->instances; vi != NULL; vi = vi->next) {
		if (vi->ifc != ifc || vi->extras == NULL || vi->vips == NULL)
			continue;
		vrrp_extras_set_base(vi->extras, ifc->ifindex);
		vrrp_vips_set_ifindex(vi->vips, vrrp_extras_vip_ifindex(vi->extras, ifc->ifindex));
	}
}

/* /proc/sys/net/ipv4/conf/IF/promote_secondaries (of our namespace):
 * with it, removing the interface's primary address promotes a secondary
 * (a VIP in its subnet) instead of deleting them all. */
static int
promote_rw(const char *ifname, int set)
{
	char path[128], buf[16] = "";
	int fd, old = -1;
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/sys/net/ipv4/conf/%s/promote_secondaries", ifname);
	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	if (n > 0)
		old = buf[0] == '1';
	if (old != set && (lseek(fd, 0, SEEK_SET) < 0 || write(fd, set ? "1\n" : "0\n", 2) != 2))
		old = -1;
	close(fd);
	return old;
}

static void
iface_promote(struct vrrp_iface *ifc)
{
	int old;

	if (!ifc->want_promote || ifc->family != AF_INET || ifc->ifindex <= 0)
		return;
	old = promote_rw(ifc->name, 1);
	if (old < 0)
		log_warn("%s: cannot set promote_secondaries", ifc->name);
	else if (ifc->promote_old < 0)
		ifc->promote_old = old;
}

void
vrrp_iface_want_promote(struct vrrp_iface *ifc)
{
	if (ifc->want_promote)
		return;
	ifc->want_promote = true;
	iface_promote(ifc);
}

void
vrrp_iface_join_group(struct vrrp_iface *ifc, const struct vrrp_instance_conf *c)
{
	char g[INET6_ADDRSTRLEN];

	if (ifc->fd < 0 || c->n_unicast_peers > 0)
		return;
	if (vrrp_sock_join(ifc->fd, ifc->family, ifc->ifindex, &c->mcast_group) == 0 &&
	    (ifc->ah_fd < 0 || vrrp_sock_join(ifc->ah_fd, ifc->family, ifc->ifindex,
	                                      &c->mcast_group) == 0))
		return;
	inet_ntop(ifc->family, &c->mcast_group, g, sizeof(g));
	log_warn("(%s) cannot join multicast group %s on %s", c->name, g, ifc->name);
}

/* Open the sockets on link `ifindex` of our name: the VRRP socket (bound,
 * group joined), GARP or NA, AH when an instance needs it.  0, or -1
 * (logged once per failure streak; retried after IFACE_RETRY_MS). */
static int
iface_bind(struct vrrp_iface *ifc, int ifindex)
{
	const char *name = ifc->name;

	ifc->fd = ifc->family == AF_INET6 ? vrrp_sock_open6(name, ifindex)
	                                  : vrrp_sock_open4(name, ifindex);
	if (ifc->fd < 0 ||
	    (ifc->io = loop_io_new(ifc->set->loop, ifc->fd, vrrp_iface_readable, ifc)) == NULL) {
		if (!ifc->open_failed_logged)
			log_warn("%s: cannot open VRRP socket; trying again every %d ms", name,
			         IFACE_RETRY_MS);
		ifc->open_failed_logged = true;
		iface_unbind(ifc);
		ifc->retry = true;
		settle_soon(ifc->set, IFACE_RETRY_MS);
		return -1;
	}
	ifc->open_failed_logged = false;
	ifc->retry = false;
	ifc->ifindex = ifindex;
	if (ifc->family == AF_INET6) {
		ifc->ndisc = vrrp_ndisc_open(name, ifindex);
		if (ifc->ndisc == NULL)
			log_warn_every(5000, 5, "%s: cannot open neighbour advertisement socket", name);
	} else {
		ifc->garp = vrrp_garp_open(ifindex);
		if (ifc->garp == NULL)
			log_warn_every(5000, 5, "%s: cannot open gratuitous ARP socket", name);
	}
	if (ifc->want_ah && vrrp_iface_open_ah(ifc) < 0)
		log_warn_every(5000, 5, "%s: cannot open the AH socket", name);
	iface_promote(ifc);
	/* a link re-created: its instances' groups, where not the RFC's */
	for (struct vrrp_instance *vi = ifc->set->instances; vi != NULL; vi = vi->next)
		if (vi->ifc == ifc)
			vrrp_iface_join_group(ifc, vi->c);
	ifc->link_up = netlink_link_state(ifc->set->nl, ifindex, NULL) == 1;
	iface_read_primary(ifc);
	iface_retarget(ifc);
	return 0;
}

/* The link called ifc->name is now `ifindex` (0: there is none).  A new
 * index means the old link went (deleted, renamed): the instances see the
 * interface go first (FAULT), then come back as on start-up. */
static void
iface_follow(struct vrrp_iface *ifc, int ifindex)
{
	bool was;

	if (ifindex == ifc->ifindex && !ifc->retry)
		return;
	if (ifc->ifindex > 0) {
		was = vrrp_iface_usable(ifc);
		log_info("(%s) interface %s (index %d) went away; closing its sockets", ifc->name,
		         ifc->name, ifc->ifindex);
		iface_unbind(ifc);
		iface_changed(ifc, was);
	}
	ifc->retry = false;
	if (ifindex <= 0)
		return;
	log_info("(%s) interface %s appeared (index %d); opening its sockets", ifc->name, ifc->name,
	         ifindex);
	if (iface_bind(ifc, ifindex) == 0)
		iface_changed(ifc, false);
}

/* ---- the VMAC of a MASTER deleted by someone else */

static bool
holds_vips(const struct vrrp_instance *vi)
{
	return vi->fsm.state == VRRP_STATE_MASTER || vi->fsm.state == VRRP_STATE_LEAVING;
}

static void
vmac_recreate(struct vrrp_instance *vi)
{
	int failed;

	vi->vmac_lost = false;
	if (!holds_vips(vi) || !vrrp_iface_usable(vi->ifc))
		return;
	/* what entering MASTER does: VMAC, VIPs on it, routes; then tell the
	 * LAN again (the switch forgot the virtual MAC's port with the link) */
	vrrp_extras_before_vips_add(vi->extras, vi->vips);
	failed = vrrp_vips_add_all(vi->vips);
	vrrp_extras_after_vips_add(vi->extras);
	/* a failed creation put the VIPs on the base (vmac.c logged why) */
	if (vrrp_extras_vip_ifindex(vi->extras, vi->ifc->ifindex) == vi->ifc->ifindex)
		log_warnx_every(5000, 5, "(%s) VMAC could not be re-created; VIPs on %s", vi->c->name,
		                vi->ifc->name);
	else
		log_warnx_every(5000, 5, "(%s) VMAC re-created while MASTER%s", vi->c->name,
		                failed ? "; some VIPs could not be re-added" : ", VIPs re-added");
	vrrp_announce_start(vi, false);
}

/* Events were lost (socket overrun): re-read what they would have told us.
 * Runs from the settle pass, so overruns in a burst cost one re-read. */
static void
resync(struct vrrp_set *set)
{
	log_warnx_every(10000, 1, "rtnetlink events were lost; re-reading links, addresses and VIPs");
	for (struct vrrp_iface *ifc = set->ifaces; ifc != NULL; ifc = ifc->next) {
		bool was;

		iface_follow(ifc, (int)if_nametoindex(ifc->name));
		if (ifc->ifindex <= 0)
			continue;
		was = vrrp_iface_usable(ifc);
		ifc->link_up = netlink_link_state(set->nl, ifc->ifindex, NULL) == 1;
		iface_read_primary(ifc);
		iface_changed(ifc, was);
	}
	for (struct vrrp_instance *vi = set->instances; vi != NULL; vi = vi->next) {
		if (!holds_vips(vi))
			continue;
		if (vrrp_extras_vmac_check(vi->extras))
			vi->vmac_lost = true;
		int n = vrrp_vips_reassert(vi->vips);

		if (n > 0)
			log_warnx_every(5000, 5, "(%s) %d VIP(s) were missing after lost events; re-added",
			                vi->c->name, n);
	}
}

/* ---- the settle pass: once per loop iteration with work to do */

static void
settle(struct loop_timer *t, void *arg)
{
	struct vrrp_set *set = arg;

	(void)t;
	if (set->iface_resync) {
		set->iface_resync = false;
		resync(set);
	}
	for (struct vrrp_iface *ifc = set->ifaces; ifc != NULL; ifc = ifc->next) {
		if (ifc->retry) {
			iface_follow(ifc, (int)if_nametoindex(ifc->name));
			continue;
		}
		if (ifc->addr_dirty) {
			bool was = vrrp_iface_usable(ifc);

			iface_read_primary(ifc);
			iface_changed(ifc, was);
		}
	}
	for (struct vrrp_instance *vi = set->instances; vi != NULL; vi = vi->next)
		if (vi->vmac_lost)
			vmac_recreate(vi);
}

static void
link_event(struct vrrp_set *set, const struct netlink_event *ev)
{
	for (struct vrrp_iface *ifc = set->ifaces; ifc != NULL; ifc = ifc->next) {
		bool ours = strcmp(ev->ifname, ifc->name) == 0;
		/* a message without IFLA_IFNAME says nothing about the name */
		bool renamed = ev->ifname[0] != '\0' && !ours;

		if (ev->ifindex == ifc->ifindex) {
			if (ev->deleted || renamed) {
				iface_follow(ifc, 0);    /* deleted, or renamed away */
				continue;
			}
			bool was = vrrp_iface_usable(ifc);

			ifc->link_up = ev->up;
			iface_changed(ifc, was);
		} else if (ours && !ev->deleted) {
			iface_follow(ifc, ev->ifindex);   /* (re-)created, or renamed to us */
		}
	}
	if (!ev->deleted)
		return;
	for (struct vrrp_instance *vi = set->instances; vi != NULL; vi = vi->next)
		if (vi->extras != NULL && vrrp_extras_vmac_gone(vi->extras, ev->ifindex) && holds_vips(vi)) {
			/* after this batch of events: if the base went too, the
			 * instance is in FAULT by then and nothing is re-created */
			vi->vmac_lost = true;
			settle_soon(set, 0);
		}
}

void
vrrp_ifaces_netlink_event(void *arg, const struct netlink_event *ev)
{
	struct vrrp_set *set = arg;

	switch (ev->kind) {
	case NETLINK_EV_RESYNC:
		set->iface_resync = true;
		settle_soon(set, 0);
		break;
	case NETLINK_EV_LINK:
		link_event(set, ev);
		if (ev->up && !ev->deleted) {
			vrrp_statics_link_up(set->statics, ev->ifname);
			vrrp_lvs_sync_link_up(set->lvs_sync, ev->ifname);
		}
		break;
	case NETLINK_EV_ADDR_NEW:
	case NETLINK_EV_ADDR_DEL:
		for (struct vrrp_iface *ifc = set->ifaces; ifc != NULL; ifc = ifc->next)
			if (ifc->ifindex > 0 && ev->addr.ifindex == ifc->ifindex &&
			    ev->addr.family == ifc->family && !ifc->addr_dirty) {
				ifc->addr_dirty = true;
				settle_soon(set, 0);
			}
		if (ev->kind == NETLINK_EV_ADDR_DEL)
			for (struct vrrp_instance *vi = set->instances; vi != NULL; vi = vi->next)
				if (vi->vips != NULL)
					vrrp_vips_on_deleted(vi->vips, &ev->addr, holds_vips(vi));
		break;
	}
	vrrp_health_netlink_event(set, ev);
}

/* ---- life cycle */

struct vrrp_iface *
vrrp_iface_get(struct vrrp_set *set, const char *name, int family)
{
	struct vrrp_iface *ifc;
	int ifindex;

	for (ifc = set->ifaces; ifc != NULL; ifc = ifc->next)
		if (strcmp(ifc->name, name) == 0 && ifc->family == family)
			return ifc;
	if (set->iface_timer == NULL &&
	    (set->iface_timer = loop_timer_new(set->loop, settle, set)) == NULL)
		return NULL;
	ifc = calloc(1, sizeof(*ifc));
	if (ifc == NULL)
		return NULL;
	snprintf(ifc->name, sizeof(ifc->name), "%s", name);
	ifc->set = set;
	ifc->fd = -1;
	ifc->ah_fd = -1;
	ifc->promote_old = -1;
	ifc->drop_rl = (struct log_ratelimit)LOG_RATELIMIT_INIT(5000, 5);
	ifc->family = family;
	ifc->next = set->ifaces;
	set->ifaces = ifc;
	ifindex = (int)if_nametoindex(name);
	if (ifindex == 0)
		log_warnx("interface %s does not exist; its instances stay in FAULT until it appears",
		          name);
	else
		iface_bind(ifc, ifindex);
	return ifc;
}

void
vrrp_ifaces_free(struct vrrp_set *set)
{
	while (set->ifaces != NULL) {
		struct vrrp_iface *ifc = set->ifaces;

		set->ifaces = ifc->next;
		/* put back what we found (keepalived: reset_promote_secondaries) */
		if (ifc->promote_old == 0 && ifc->ifindex > 0)
			promote_rw(ifc->name, 0);
		iface_unbind(ifc);
		free(ifc);
	}
	loop_timer_free(set->iface_timer);
	set->iface_timer = NULL;
}
