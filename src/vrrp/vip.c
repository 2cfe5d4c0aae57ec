/* VIP bookkeeping for one instance (see vip.h).  The netlink_addr form of
 * each VIP is built once, at creation, so the hot paths only compare. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <linux/if_addr.h>

#include "log.h"
#include "vip.h"

struct vrrp_vips {
	struct netlink *nl;
	const char *name;
	struct netlink_addr *addrs;
	bool *on_default;      /* no `dev` (or dev = the VMAC): follows set_ifindex */
	const char **dev;      /* else the `dev` name: resolved again at each add */
	unsigned n;
	uint32_t lifetime_s;   /* 0 = forever */
};

void
vrrp_vip_conf_netlink(const struct vip_conf *v, int ifindex, struct netlink_addr *out)
{
	memset(out, 0, sizeof(*out));
	out->family = v->family;
	out->ifindex = ifindex;
	if (v->family == AF_INET)
		out->addr.v4 = v->addr.v4;
	else
		out->addr.v6 = v->addr.v6;
	out->prefixlen = v->prefixlen;
	out->scope = v->scope;
	memcpy(out->label, v->label, sizeof(out->label));
	out->has_brd = v->has_brd && v->family == AF_INET;
	out->brd = v->brd.v4;
	/* RFC 5798 §8.2: a VIP must not run DAD, or the new master would leave it
	 * tentative (unusable) while the old one still answers; `-nodad` keeps
	 * it, as in keepalived. */
	out->nodad = v->family == AF_INET6 && !(v->flags & VIP_F_DAD);
	out->ifa_flags = ((v->flags & VIP_F_HOME) ? IFA_F_HOMEADDRESS : 0) |
	                 ((v->flags & VIP_F_MNGTMPADDR) ? IFA_F_MANAGETEMPADDR : 0) |
	                 ((v->flags & VIP_F_NOPREFIXROUTE) ? IFA_F_NOPREFIXROUTE : 0) |
	                 ((v->flags & VIP_F_AUTOJOIN) ? IFA_F_MCAUTOJOIN : 0);
	/* keepalived sends a preferred lifetime for IPv6 only; 0 makes the
	 * address deprecated, so that the host never picks it as a source */
	if (v->family == AF_INET6 && v->preferred_set) {
		out->deprecated = v->preferred_lft == 0;
		out->preferred_lft = v->preferred_lft;
	}
}

static const char *
addr_str(const struct netlink_addr *a, char *buf, size_t len)
{
	return inet_ntop(a->family, &a->addr, buf, (socklen_t)len);
}

struct vrrp_vips *
vrrp_vips_new(struct netlink *nl, const struct vrrp_instance_conf *ic, int default_ifindex)
{
	struct vrrp_vips *vs = calloc(1, sizeof(*vs));
	unsigned i, k = 0;

	if (vs == NULL)
		return NULL;
	vs->nl = nl;
	vs->name = ic->name;
	vs->addrs = calloc(ic->n_vips + ic->n_vips_excluded + 1, sizeof(*vs->addrs));
	vs->on_default = calloc(ic->n_vips + ic->n_vips_excluded + 1, sizeof(*vs->on_default));
	vs->dev = calloc(ic->n_vips + ic->n_vips_excluded + 1, sizeof(*vs->dev));
	if (vs->addrs == NULL || vs->on_default == NULL || vs->dev == NULL) {
		vrrp_vips_free(vs);
		return NULL;
	}
	for (i = 0; i < ic->n_vips + ic->n_vips_excluded; i++) {
		const struct vip_conf *v = i < ic->n_vips ? &ic->vips[i]
		                                          : &ic->vips_excluded[i - ic->n_vips];
		int ifindex = default_ifindex;
		/* the VMAC exists only while MASTER: `dev` naming it cannot be
		 * resolved now, and its ifindex changes with each creation */
		bool deflt = v->dev[0] == '\0' || (ic->use_vmac && strcmp(v->dev, ic->vmac_name) == 0);

		if (!deflt) {
			/* followed by name: it may appear (or be re-created) later */
			ifindex = (int)if_nametoindex(v->dev);
			if (ifindex == 0)
				log_warnx("(%s) VIP device %s does not exist (yet)", ic->name, v->dev);
			vs->dev[k] = v->dev;
		}
		vs->on_default[k] = deflt;
		vrrp_vip_conf_netlink(v, ifindex, &vs->addrs[k++]);
	}
	vs->n = k;
	return vs;
}

void
vrrp_vips_free(struct vrrp_vips *vs)
{
	if (vs == NULL)
		return;
	free(vs->addrs);
	free(vs->on_default);
	free(vs->dev);
	free(vs);
}

void
vrrp_vips_set_ifindex(struct vrrp_vips *vs, int ifindex)
{
	for (unsigned i = 0; i < vs->n; i++)
		if (vs->on_default[i])
			vs->addrs[i].ifindex = ifindex;
}

int
vrrp_vips_add_one(struct vrrp_vips *vs, unsigned i)
{
	char buf[INET6_ADDRSTRLEN];
	int rc;

	if (i >= vs->n)
		return -1;
	if (vs->dev[i] != NULL)
		vs->addrs[i].ifindex = (int)if_nametoindex(vs->dev[i]);
	rc = netlink_addr_add(vs->nl, &vs->addrs[i], false);
	if (rc < 0 && rc != -EEXIST) {
		errno = -rc;
		log_warn("(%s) cannot add VIP %s", vs->name, addr_str(&vs->addrs[i], buf, sizeof(buf)));
		return -1;
	}
	return 0;
}

int
vrrp_vips_del_one(struct vrrp_vips *vs, unsigned i)
{
	char buf[INET6_ADDRSTRLEN];
	int rc;

	if (i >= vs->n)
		return -1;
	rc = netlink_addr_del(vs->nl, &vs->addrs[i]);
	if (rc < 0 && rc != -EADDRNOTAVAIL && rc != -ENOENT && rc != -ENODEV) {
		errno = -rc;
		log_warn("(%s) cannot remove VIP %s", vs->name, addr_str(&vs->addrs[i], buf, sizeof(buf)));
		return -1;
	}
	return 0;
}

int
vrrp_vips_add_all(struct vrrp_vips *vs)
{
	char buf[INET6_ADDRSTRLEN];
	int failed = 0;

	for (unsigned i = 0; i < vs->n; i++) {
		if (vs->dev[i] != NULL)
			vs->addrs[i].ifindex = (int)if_nametoindex(vs->dev[i]);
		int rc = netlink_addr_add(vs->nl, &vs->addrs[i], false);

		if (rc < 0 && rc != -EEXIST) {
			errno = -rc;
			log_warn("(%s) cannot add VIP %s", vs->name, addr_str(&vs->addrs[i], buf, sizeof(buf)));
			failed++;
		}
	}
	return failed;
}

int
vrrp_vips_del_all(struct vrrp_vips *vs)
{
	char buf[INET6_ADDRSTRLEN];
	int failed = 0;

	for (unsigned i = 0; i < vs->n; i++) {
		int rc = netlink_addr_del(vs->nl, &vs->addrs[i]);

		if (rc < 0 && rc != -EADDRNOTAVAIL && rc != -ENOENT && rc != -ENODEV) {
			errno = -rc;
			log_warn("(%s) cannot remove VIP %s", vs->name, addr_str(&vs->addrs[i], buf, sizeof(buf)));
			failed++;
		}
	}
	return failed;
}

void
vrrp_vips_set_lifetime(struct vrrp_vips *vs, uint32_t seconds)
{
	vs->lifetime_s = seconds;
	/* the preferred lifetime is cut to the valid one when added */
	for (unsigned i = 0; i < vs->n; i++)
		vs->addrs[i].valid_lft = seconds;
}

int
vrrp_vips_renew(struct vrrp_vips *vs)
{
	char buf[INET6_ADDRSTRLEN];
	int failed = 0;

	if (vs->lifetime_s == 0)
		return 0;
	for (unsigned i = 0; i < vs->n; i++) {
		/* NLM_F_REPLACE also re-creates a VIP that expired meanwhile */
		int rc = netlink_addr_add(vs->nl, &vs->addrs[i], true);

		if (rc < 0) {
			errno = -rc;
			log_warn_every(10000, 2, "(%s) cannot renew VIP %s", vs->name,
			               addr_str(&vs->addrs[i], buf, sizeof(buf)));
			failed++;
		}
	}
	return failed;
}

int
vrrp_vips_remove_leftovers(struct vrrp_vips *vs)
{
	char buf[INET6_ADDRSTRLEN];
	int removed = 0;

	for (unsigned i = 0; i < vs->n; i++) {
		if (netlink_addr_present(vs->nl, &vs->addrs[i]) != 1)
			continue;
		if (netlink_addr_del(vs->nl, &vs->addrs[i]) == 0) {
			/* A crashed run (or SIGKILL) could not clean up; holding the VIP
			 * while not MASTER would answer ARP beside the real master. */
			log_info("(%s) removed VIP %s left over from an earlier run", vs->name,
			         addr_str(&vs->addrs[i], buf, sizeof(buf)));
			removed++;
		}
	}
	return removed;
}

static bool
same_addr(const struct netlink_addr *a, const struct netlink_addr *b)
{
	if (a->family != b->family || a->ifindex != b->ifindex || a->prefixlen != b->prefixlen)
		return false;
	return a->family == AF_INET ? a->addr.v4.s_addr == b->addr.v4.s_addr
	                            : memcmp(&a->addr.v6, &b->addr.v6, sizeof(b->addr.v6)) == 0;
}

bool
vrrp_vips_on_deleted(struct vrrp_vips *vs, const struct netlink_addr *gone, bool held)
{
	char buf[INET6_ADDRSTRLEN];

	if (!held)
		return false;
	for (unsigned i = 0; i < vs->n; i++) {
		if (!same_addr(&vs->addrs[i], gone))
			continue;
		int rc = netlink_addr_add(vs->nl, &vs->addrs[i], false);

		/* the interface itself went away: iface.c follows the link */
		if (rc == -ENODEV || rc == -EINVAL)
			return false;
		addr_str(&vs->addrs[i], buf, sizeof(buf));
		if (rc < 0 && rc != -EEXIST) {
			errno = -rc;
			log_warn_every(5000, 5, "(%s) VIP %s was deleted by someone else; re-adding failed",
			               vs->name, buf);
			return false;
		}
		log_warnx_every(5000, 5, "(%s) VIP %s was deleted by someone else while MASTER; re-added",
		                vs->name, buf);
		return true;
	}
	return false;
}

int
vrrp_vips_reassert(struct vrrp_vips *vs)
{
	int readded = 0;

	for (unsigned i = 0; i < vs->n; i++) {
		if (netlink_addr_present(vs->nl, &vs->addrs[i]) == 0 &&
		    netlink_addr_add(vs->nl, &vs->addrs[i], false) == 0)
			readded++;
	}
	return readded;
}
