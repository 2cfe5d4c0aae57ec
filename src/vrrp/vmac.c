/* VMAC interfaces (see vmac.h).  Sysctls, as keepalived sets them:
 *   on the VMAC:  arp_ignore=1 (answer ARP only for addresses on the VMAC),
 *                 accept_local=1, rp_filter=0 (packets to the VIP arrive on
 *                 the VMAC while the route back is via the base interface)
 *   on the base:  arp_ignore=1, arp_filter=1 (the base must not answer ARP
 *                 for the VIP with its own MAC), arp_announce=2 (replies
 *                 from the VIP leave through the base, whose subnet route
 *                 comes first; with the default arp_announce=0 the base's
 *                 ARP request for the client says "VIP is at <base MAC>"
 *                 and the client's entry for the VIP leaves the virtual
 *                 MAC, found by tests/netns/vmac.sh); the old values are
 *                 put back when the last VMAC on that base goes away.
 *                 They are also saved in /run/floatd (per network namespace
 *                 and base), so that after a SIGKILL or a crash the next
 *                 start puts them back (or, as MASTER at once, keeps the
 *                 true originals for its own exit). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <linux/filter.h>

#include "atomic_file.h"
#include "log.h"
#include "pkt.h"
#include "safefile.h"
#include "vmac.h"

#define VMAC_BASE_MAX 16
#define VMAC_SAVED_DIR "/run/floatd"

struct vrrp_vmac {
	struct netlink *nl;
	const char *iname;
	char name[IF_NAMESIZE];
	char base[IF_NAMESIZE];
	int base_ifindex;
	int family;
	bool xmit_base;
	uint8_t mac[6];
	int ifindex;        /* 0 = not created (not MASTER) */
	int leftover;       /* a crashed run's macvlan found at start, or 0 */
	struct vrrp_garp *garp;
	int tx_fd;
};

/* base interfaces whose sysctls we changed: refcount and saved values */
static struct { char name[IF_NAMESIZE]; unsigned users; int arp_ignore, arp_filter, arp_announce; }
	vmac_bases[VMAC_BASE_MAX];

void
vrrp_vmac_addr(uint8_t vrid, int family, uint8_t mac[6])
{
	mac[0] = 0x00;
	mac[1] = 0x00;
	mac[2] = 0x5e;
	mac[3] = 0x00;
	mac[4] = family == AF_INET6 ? 0x02 : 0x01;
	mac[5] = vrid;
}

static int
vmac_sysctl(const char *ifname, const char *key, int value, int *old)
{
	char path[128], buf[16];
	int fd;
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/sys/net/ipv4/conf/%s/%s", ifname, key);
	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (old != NULL) {
		n = read(fd, buf, sizeof(buf) - 1);
		*old = n > 0 ? atoi((buf[n] = '\0', buf)) : 0;
		lseek(fd, 0, SEEK_SET);
	}
	n = snprintf(buf, sizeof(buf), "%d\n", value);
	if (write(fd, buf, (size_t)n) != n) {
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

static void
vmac_sysctl6(const char *ifname, const char *key, int value)
{
	char path[128], buf[16];
	int fd, n;

	snprintf(path, sizeof(path), "/proc/sys/net/ipv6/conf/%s/%s", ifname, key);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	n = snprintf(buf, sizeof(buf), "%d\n", value);
	if (write(fd, buf, (size_t)n) != n)
		log_warn("%s: cannot set %s", path, key);
	close(fd);
}

/* /run/floatd/vmac-base.NETNS.IFNAME: the base's values before floatd
 * changed them.  The network namespace's inode tells daemons in different
 * namespaces (same /run) apart. */
static int
vmac_saved_path(const char *base, char *buf, size_t len)
{
	struct stat st;

	if (stat("/proc/self/ns/net", &st) < 0)
		st.st_ino = 0;
	return snprintf(buf, len, VMAC_SAVED_DIR "/vmac-base.%llu.%s",
	                (unsigned long long)st.st_ino, base) >= (int)len ? -1 : 0;
}

static int
vmac_saved_fill(FILE *f, void *arg)
{
	const int *v = arg;

	return fprintf(f, "%d %d %d\n", v[0], v[1], v[2]) < 0 ? -1 : 0;
}

/* Values saved by an earlier run: 0 and v[3] filled, or -1.  Only a
 * regular file of ours is believed (lib/safefile: no symlink, our owner). */
static int
vmac_saved_read(const char *base, int v[3])
{
	char path[128], buf[64], why[160];
	ssize_t n;
	int fd;

	if (vmac_saved_path(base, path, sizeof(path)) < 0)
		return -1;
	fd = safefile_open(path, O_RDONLY, 0, SAFEFILE_REGULAR | SAFEFILE_OURS, why, sizeof(why));
	if (fd < 0) {
		if (errno != ENOENT)
			log_warnx("%s: ignored: %s", path, why);
		return -1;
	}
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	return sscanf(buf, "%d %d %d", &v[0], &v[1], &v[2]) == 3 ? 0 : -1;
}

static void
vmac_saved_write(const char *base, const int v[3])
{
	char path[128];
	int rc;

	if (vmac_saved_path(base, path, sizeof(path)) < 0)
		return;
	mkdir(VMAC_SAVED_DIR, 0755);   /* EEXIST is fine */
	rc = atomic_file_write(path, 0644, vmac_saved_fill, (void *)v);
	if (rc < 0) {
		errno = -rc;
		log_warn("%s: cannot save %s's sysctls (a crash would leave them changed)", path, base);
	}
}

static void
vmac_saved_remove(const char *base)
{
	char path[128];

	if (vmac_saved_path(base, path, sizeof(path)) == 0)
		unlink(path);
}

static void
vmac_base_get(const char *base)
{
	int free_slot = -1, saved[3];

	for (int i = 0; i < VMAC_BASE_MAX; i++) {
		if (vmac_bases[i].users > 0 && strcmp(vmac_bases[i].name, base) == 0) {
			vmac_bases[i].users++;
			return;
		}
		if (vmac_bases[i].users == 0 && free_slot < 0)
			free_slot = i;
	}
	if (free_slot < 0)
		return;
	snprintf(vmac_bases[free_slot].name, IF_NAMESIZE, "%s", base);
	vmac_bases[free_slot].users = 1;
	if (vmac_sysctl(base, "arp_ignore", 1, &vmac_bases[free_slot].arp_ignore) < 0 ||
	    vmac_sysctl(base, "arp_filter", 1, &vmac_bases[free_slot].arp_filter) < 0 ||
	    vmac_sysctl(base, "arp_announce", 2, &vmac_bases[free_slot].arp_announce) < 0)
		log_warn("%s: cannot set arp_ignore/arp_filter/arp_announce for VMAC use", base);
	if (vmac_saved_read(base, saved) == 0) {
		/* a killed run changed them: what we just read is its values */
		vmac_bases[free_slot].arp_ignore = saved[0];
		vmac_bases[free_slot].arp_filter = saved[1];
		vmac_bases[free_slot].arp_announce = saved[2];
		return;
	}
	saved[0] = vmac_bases[free_slot].arp_ignore;
	saved[1] = vmac_bases[free_slot].arp_filter;
	saved[2] = vmac_bases[free_slot].arp_announce;
	vmac_saved_write(base, saved);
}

static void
vmac_base_put(const char *base)
{
	for (int i = 0; i < VMAC_BASE_MAX; i++) {
		if (vmac_bases[i].users == 0 || strcmp(vmac_bases[i].name, base) != 0)
			continue;
		if (--vmac_bases[i].users == 0) {
			vmac_sysctl(base, "arp_ignore", vmac_bases[i].arp_ignore, NULL);
			vmac_sysctl(base, "arp_filter", vmac_bases[i].arp_filter, NULL);
			vmac_sysctl(base, "arp_announce", vmac_bases[i].arp_announce, NULL);
			vmac_saved_remove(base);
		}
		return;
	}
}

void
vrrp_vmac_restore_leftover_sysctls(struct vrrp_vmac *vm)
{
	int saved[3];

	for (int i = 0; i < VMAC_BASE_MAX; i++)
		if (vmac_bases[i].users > 0 && strcmp(vmac_bases[i].name, vm->base) == 0)
			return;   /* ours, in use */
	if (vmac_saved_read(vm->base, saved) < 0)
		return;
	if (vmac_sysctl(vm->base, "arp_ignore", saved[0], NULL) < 0 ||
	    vmac_sysctl(vm->base, "arp_filter", saved[1], NULL) < 0 ||
	    vmac_sysctl(vm->base, "arp_announce", saved[2], NULL) < 0) {
		log_warn("%s: cannot restore arp_ignore/arp_filter/arp_announce", vm->base);
		return;
	}
	vmac_saved_remove(vm->base);
	log_warnx("%s: restored arp_ignore=%d arp_filter=%d arp_announce=%d changed by an earlier run",
	          vm->base, saved[0], saved[1], saved[2]);
}

/* A raw VRRP socket that only sends: bound to the VMAC so the frame leaves
 * with the virtual MAC as source (RFC 5798 §7.3), and a drop-all filter so
 * it never queues the adverts the interface receives. */
static int
vmac_tx_open(const char *ifname)
{
	static struct sock_filter drop_all[] = { BPF_STMT(BPF_RET | BPF_K, 0) };
	struct sock_fprog prog = { 1, drop_all };
	int fd, ttl = VRRP_TTL, off = 0, tos = IPTOS_PREC_INTERNETCONTROL;

	fd = socket(AF_INET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, VRRP_IPPROTO);
	if (fd < 0)
		return -1;
	if (setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof(prog)) < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, ifname, (socklen_t)strlen(ifname)) < 0 ||
	    setsockopt(fd, IPPROTO_IP, IP_MULTICAST_TTL, &ttl, sizeof(ttl)) < 0 ||
	    setsockopt(fd, IPPROTO_IP, IP_TTL, &ttl, sizeof(ttl)) < 0 ||
	    setsockopt(fd, IPPROTO_IP, IP_TOS, &tos, sizeof(tos)) < 0 ||
	    setsockopt(fd, IPPROTO_IP, IP_MULTICAST_LOOP, &off, sizeof(off)) < 0) {
		int saved = errno;

		close(fd);
		errno = saved;
		return -1;
	}
	return fd;
}

/* Link `name`: -ENODEV when absent, -EEXIST when it is not a macvlan on
 * our base (never touched), else its ifindex (`mac` filled). */
static int
vmac_find(struct vrrp_vmac *vm, uint8_t mac[6])
{
	bool is_macvlan = false;
	int parent = 0, rc;

	rc = netlink_link_lookup(vm->nl, vm->name, &parent, &is_macvlan, mac);
	if (rc >= 0 && (!is_macvlan || parent != vm->base_ifindex)) {
		log_warnx("(%s) %s exists and is not a macvlan on %s; not touching it",
		          vm->iname, vm->name, vm->base);
		return -EEXIST;
	}
	return rc;
}

static int
vmac_link_get(struct vrrp_vmac *vm)
{
	uint8_t have[6];
	int rc = vmac_find(vm, have);

	if (rc == -EEXIST)
		return rc;
	if (rc >= 0) {
		if (memcmp(have, vm->mac, 6) == 0) {
			log_info("(%s) reusing VMAC %s left over from an earlier run", vm->iname, vm->name);
			return rc;
		}
		log_info("(%s) replacing macvlan %s left over with another MAC", vm->iname, vm->name);
		netlink_link_del(vm->nl, rc);
	}
	return netlink_macvlan_add(vm->nl, vm->name, vm->base_ifindex, vm->mac);
}

struct vrrp_vmac *
vrrp_vmac_new(struct netlink *nl, const struct vrrp_instance_conf *c, int base_ifindex)
{
	struct vrrp_vmac *vm = calloc(1, sizeof(*vm));
	uint8_t have[6];
	int rc;

	if (vm == NULL)
		return NULL;
	vm->nl = nl;
	vm->iname = c->name;
	vm->tx_fd = -1;
	vm->base_ifindex = base_ifindex;
	vm->family = c->family;
	vm->xmit_base = c->vmac_xmit_base;
	snprintf(vm->name, sizeof(vm->name), "%s", c->vmac_name);
	snprintf(vm->base, sizeof(vm->base), "%s", c->interface);
	vrrp_vmac_addr(c->vrid, c->family, vm->mac);
	rc = vmac_find(vm, have);
	if (rc == -EEXIST) {
		free(vm);
		return NULL;
	}
	vm->leftover = rc > 0 ? rc : 0;
	return vm;
}

int
vrrp_vmac_leftover(const struct vrrp_vmac *vm)
{
	return vm->leftover;
}

int
vrrp_vmac_remove_leftover(struct vrrp_vmac *vm)
{
	int rc;

	if (vm->leftover == 0)
		return 0;
	/* A backup must not keep the virtual MAC (nor the VIPs on it) a
	 * SIGKILLed master left: the new master owns both on the LAN. */
	rc = netlink_link_del(vm->nl, vm->leftover);
	if (rc < 0 && rc != -ENODEV) {
		errno = -rc;
		log_warn("(%s) cannot remove macvlan %s left over from an earlier run", vm->iname,
		         vm->name);
		return -1;
	}
	log_info("(%s) removed macvlan %s left over from an earlier run", vm->iname, vm->name);
	vm->leftover = 0;
	return 0;
}

int
vrrp_vmac_create(struct vrrp_vmac *vm)
{
	const uint8_t *mac = vm->mac;
	int rc;

	if (vm->ifindex > 0)
		return vm->ifindex;
	rc = vmac_link_get(vm);
	vm->leftover = 0;
	if (rc < 0) {
		errno = -rc;
		log_warn("(%s) cannot create VMAC %s on %s", vm->iname, vm->name, vm->base);
		return -1;
	}
	vm->ifindex = rc;
	/* no IPv6 link-local (addr_gen_mode 1 = none) on an IPv4 VMAC: it
	 * would send DAD/MLD with the virtual MAC as source (IPv6 VMACs need
	 * the link-local; set before the first up) */
	if (vm->family == AF_INET)
		vmac_sysctl6(vm->name, "addr_gen_mode", 1);
	if (vmac_sysctl(vm->name, "arp_ignore", 1, NULL) < 0 ||
	    vmac_sysctl(vm->name, "accept_local", 1, NULL) < 0 ||
	    vmac_sysctl(vm->name, "rp_filter", 0, NULL) < 0)
		log_warn("(%s) %s: cannot set arp_ignore/accept_local/rp_filter", vm->iname, vm->name);
	vmac_base_get(vm->base);
	rc = netlink_link_set_up(vm->nl, vm->ifindex, true);
	if (rc < 0) {
		errno = -rc;
		log_warn("(%s) cannot set VMAC %s up", vm->iname, vm->name);
	}
	vm->garp = vrrp_garp_open(vm->ifindex);
	if (vm->garp == NULL)
		log_warn("(%s) %s: cannot open gratuitous ARP socket", vm->iname, vm->name);
	if (!vm->xmit_base && vm->family == AF_INET) {
		vm->tx_fd = vmac_tx_open(vm->name);
		if (vm->tx_fd < 0)
			log_warn("(%s) %s: cannot open advert socket; sending on %s", vm->iname,
			         vm->name, vm->base);
	}
	log_info("(%s) VMAC %s (%02x:%02x:%02x:%02x:%02x:%02x) up on %s", vm->iname, vm->name,
	         mac[0], mac[1], mac[2], mac[3], mac[4], mac[5], vm->base);
	return vm->ifindex;
}

static void
vmac_close(struct vrrp_vmac *vm)
{
	if (vm->tx_fd >= 0)
		close(vm->tx_fd);
	vm->tx_fd = -1;
	vrrp_garp_close(vm->garp);
	vm->garp = NULL;
}

void
vrrp_vmac_destroy(struct vrrp_vmac *vm)
{
	int rc;

	if (vm->ifindex <= 0)
		return;
	vmac_close(vm);
	rc = netlink_link_del(vm->nl, vm->ifindex);
	if (rc == 0)
		log_info("(%s) VMAC %s removed", vm->iname, vm->name);
	else if (rc != -ENODEV) {
		errno = -rc;
		log_warn("(%s) cannot remove VMAC %s", vm->iname, vm->name);
	}
	vm->ifindex = 0;
	vmac_base_put(vm->base);
}

void
vrrp_vmac_set_base(struct vrrp_vmac *vm, int base_ifindex)
{
	vm->base_ifindex = base_ifindex;
}

bool
vrrp_vmac_gone(struct vrrp_vmac *vm, int ifindex)
{
	if (ifindex <= 0)
		return false;
	if (vm->leftover == ifindex)
		vm->leftover = 0;
	if (vm->ifindex != ifindex)
		return false;
	log_warnx_every(5000, 5, "(%s) VMAC %s disappeared (deleted by someone else, or with %s)",
	                vm->iname, vm->name, vm->base);
	vmac_close(vm);
	vm->ifindex = 0;
	vmac_base_put(vm->base);
	return true;
}

int
vrrp_vmac_ifindex(const struct vrrp_vmac *vm)
{
	return vm->ifindex;
}

struct vrrp_garp *
vrrp_vmac_garp(const struct vrrp_vmac *vm)
{
	return vm->garp;
}

int
vrrp_vmac_tx_fd(const struct vrrp_vmac *vm)
{
	return vm->tx_fd;
}

/* restart in place: the VMAC (with its VIPs), the base's changed sysctls and
 * their saved values in /run/floatd stay for the next floatd, which finds
 * the VMAC as a leftover of its own MAC and reuses it */
void
vrrp_vmac_keep(struct vrrp_vmac *vm)
{
	if (vm == NULL || vm->ifindex <= 0)
		return;
	vmac_close(vm);
	vm->ifindex = 0;
}

void
vrrp_vmac_free(struct vrrp_vmac *vm)
{
	if (vm == NULL)
		return;
	vrrp_vmac_destroy(vm);
	free(vm);
}

void
vrrp_vmac_rebind(struct vrrp_vmac *vm, const struct vrrp_instance_conf *c)
{
	if (vm != NULL)
		vm->iname = c->name;
}
