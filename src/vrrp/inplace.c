/* Restart in place (floatd extension), for package upgrades: the running
 * floatd, once armed (`floatctl prepare-restart`), answers the next stop
 * request by stopping its MASTER instances silently (no priority 0; VIPs,
 * VMAC, routes and the nftables table stay; static_ipaddress, _routes and
 * _rules stay whatever the states) and writing which instances
 * were MASTER and when they last advertised.  The next floatd reads that
 * file before it creates its instances; an instance that is the same
 * (name, VRID, interface, family, VIPs, VMAC) and whose last advert is
 * recent enough that the peer's Master_Down_Interval cannot have run out
 * is adopted: its leftovers are not removed and STARTUP goes straight to
 * MASTER, advertising at once.  Anything else (no file, another format,
 * another network namespace, too old, a changed instance) is a normal
 * start.  The file is read once and removed.
 *
 * Times are CLOCK_MONOTONIC (loop_now_ms), the same clock for both
 * processes; a reboot empties /run anyway. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <arpa/inet.h>

#include "atomic_file.h"
#include "instance.h"
#include "instance_int.h"
#include "log.h"
#include "loop.h"
#include "lvs_sync.h"
#include "safefile.h"

#define INPLACE_MAGIC "floatd-restart-in-place 1"
/* one line per MASTER instance; names are config words (no blanks) */
#define INPLACE_LINE_MAX 512

static uint64_t
fnv1a(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;

	for (size_t i = 0; i < n; i++) {
		h ^= b[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

static uint64_t
fnv1a_str(uint64_t h, const char *s)
{
	return fnv1a(h, s, strlen(s) + 1);
}

/* What must not change for the kernel objects to be the same ones. */
static uint64_t
instance_identity(const struct vrrp_instance_conf *c)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	char addr[INET6_ADDRSTRLEN];

	h = fnv1a_str(h, c->name);
	h = fnv1a(h, &c->vrid, sizeof(c->vrid));
	h = fnv1a_str(h, c->interface);
	h = fnv1a(h, &c->family, sizeof(c->family));
	h = fnv1a(h, &c->use_vmac, sizeof(c->use_vmac));
	if (c->use_vmac)
		h = fnv1a_str(h, c->vmac_name);
	for (unsigned i = 0; i < c->n_vips + c->n_vips_excluded; i++) {
		const struct vip_conf *v = i < c->n_vips ? &c->vips[i] : &c->vips_excluded[i - c->n_vips];

		if (inet_ntop(v->family, &v->addr, addr, sizeof(addr)) == NULL)
			addr[0] = '\0';
		h = fnv1a_str(h, addr);
		h = fnv1a(h, &v->prefixlen, sizeof(v->prefixlen));
		h = fnv1a_str(h, v->dev);
	}
	return h;
}

static uint64_t
netns_inode(void)
{
	struct stat st;

	return stat("/proc/self/ns/net", &st) == 0 ? (uint64_t)st.st_ino : 0;
}

unsigned
vrrp_set_arm_in_place(struct vrrp_set *set, uint32_t for_ms)
{
	unsigned masters = 0;

	set->in_place_until = loop_now_ms() + for_ms;
	for (const struct vrrp_instance *vi = set->instances; vi != NULL; vi = vi->next)
		if (vi->fsm.state == VRRP_STATE_MASTER)
			masters++;
	return masters;
}

bool
vrrp_set_in_place_armed(const struct vrrp_set *set)
{
	return set->in_place_until != 0 && loop_now_ms() < set->in_place_until;
}

static int
inplace_fill(FILE *f, void *arg)
{
	const struct vrrp_set *set = arg;

	fprintf(f, "%s\npid %ld\nnetns %" PRIu64 "\nwritten %" PRIu64 "\n", INPLACE_MAGIC,
	        (long)getpid(), netns_inode(), loop_now_ms());
	for (const struct vrrp_instance *vi = set->instances; vi != NULL; vi = vi->next)
		if (vi->fsm.state == VRRP_STATE_MASTER)
			fprintf(f, "master %s %016" PRIx64 " %" PRIu64 "\n", vi->c->name,
			        instance_identity(vi->c), vi->last_sent_ms);
	return ferror(f) ? -1 : 0;
}

int
vrrp_set_stop_in_place(struct vrrp_set *set, const char *path)
{
	struct vrrp_event keep = { .kind = VRRP_EV_STOP_IN_PLACE };
	char dir[4096];
	char *slash;
	int rc;

	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (slash != NULL && slash != dir) {
		*slash = '\0';
		mkdir(dir, 0755);   /* /run/floatd; EEXIST is fine */
	}
	rc = atomic_file_write(path, 0600, inplace_fill, set);
	if (rc < 0) {
		errno = -rc;
		log_warn("restart in place: cannot write %s; stopping as usual", path);
		return -1;
	}
	set->in_place_until = 0;
	set->shutting_down = true;
	/* static_* are not tied to any state: the next floatd adds what its
	 * configuration has (a replace: no gap) */
	set->statics_kept = true;
	/* the sync daemon runs on and IPVS is left as it is for the next floatd */
	vrrp_lvs_sync_keep(set->lvs_sync);
	if (set->startup_timer != NULL)
		loop_timer_stop(set->startup_timer);
	if (set->running == 0 && set->on_all_stopped != NULL) {
		set->on_all_stopped(set->arg);
		return 0;
	}
	for (struct vrrp_instance *vi = set->instances; vi != NULL; vi = vi->next) {
		if (vi->stopped)
			continue;
		if (vi->fsm.state == VRRP_STATE_MASTER)
			vi->kept = true;   /* vrrp_set_free() leaves its kernel objects */
		if (vi->fsm.state == VRRP_STATE_INIT) {
			vi->stopped = true;
			if (--set->running == 0 && set->on_all_stopped != NULL)
				set->on_all_stopped(set->arg);
			continue;
		}
		vrrp_instance_step(vi, &keep);
	}
	log_info("restart in place: state written to %s; MASTER instances keep their VIPs "
	         "for the next floatd", path);
	return 0;
}

/* The file's instance lines kept for vrrp_set_adopts(). */
struct vrrp_adopt {
	char name[128];
	uint64_t identity;
	uint64_t last_advert_ms;
};

/* 0 and the header checked, or -1 with *why. */
static int
inplace_header(FILE *f, long *pid, const char **why)
{
	char line[INPLACE_LINE_MAX];
	uint64_t ns, written;

	if (fgets(line, sizeof(line), f) == NULL || strcmp(line, INPLACE_MAGIC "\n") != 0) {
		*why = "not a restart state of this floatd";
		return -1;
	}
	if (fgets(line, sizeof(line), f) == NULL || sscanf(line, "pid %ld", pid) != 1 ||
	    fgets(line, sizeof(line), f) == NULL || sscanf(line, "netns %" SCNu64, &ns) != 1 ||
	    fgets(line, sizeof(line), f) == NULL || sscanf(line, "written %" SCNu64, &written) != 1) {
		*why = "malformed";
		return -1;
	}
	if (ns != netns_inode()) {
		*why = "written in another network namespace";
		return -1;
	}
	if (written > loop_now_ms()) {
		*why = "written in the future (another boot?)";
		return -1;
	}
	return 0;
}

void
vrrp_set_adopt_from(struct vrrp_set *set, const char *path)
{
	char line[INPLACE_LINE_MAX], why_open[256];
	const char *why = NULL;
	struct vrrp_adopt a, *grown;
	long pid = 0;
	FILE *f;
	int fd;

	fd = safefile_open(path, O_RDONLY, 0, SAFEFILE_REGULAR | SAFEFILE_OURS, why_open,
	                   sizeof(why_open));
	if (fd < 0) {
		if (errno != ENOENT)
			log_warnx("restart in place: %s ignored: %s", path, why_open);
		return;
	}
	unlink(path);   /* one use, whatever it holds */
	f = fdopen(fd, "r");
	if (f == NULL) {
		close(fd);
		return;
	}
	if (inplace_header(f, &pid, &why) < 0) {
		log_warnx("restart in place: %s ignored (%s); starting as usual", path, why);
		fclose(f);
		return;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		memset(&a, 0, sizeof(a));
		if (sscanf(line, "master %127s %" SCNx64 " %" SCNu64, a.name, &a.identity,
		           &a.last_advert_ms) != 3)
			continue;
		grown = realloc(set->adopt, (set->n_adopt + 1) * sizeof(*grown));
		if (grown == NULL)
			break;
		set->adopt = grown;
		set->adopt[set->n_adopt++] = a;
	}
	fclose(f);
	log_info("restart in place: %s from pid %ld lists %u MASTER instance(s)", path, pid,
	         set->n_adopt);
}

bool
vrrp_set_adopts(struct vrrp_set *set, const struct vrrp_instance_conf *c, uint32_t master_down_ms,
                uint32_t adver_ms)
{
	uint64_t now = loop_now_ms(), silent;

	for (unsigned i = 0; i < set->n_adopt; i++) {
		const struct vrrp_adopt *a = &set->adopt[i];

		if (strcmp(a->name, c->name) != 0)
			continue;
		if (a->identity != instance_identity(c)) {
			log_warnx("(%s) restart in place: the instance changed (VRID, interface, VIPs "
			          "or VMAC); starting as usual", c->name);
			return false;
		}
		/* the peer's Master_Down_Timer runs from our last advert; we
		 * advertise after the startup delay: it must not run out first
		 * (ours is the shortest: we have the higher priority) */
		silent = now - (a->last_advert_ms < now ? a->last_advert_ms : now) +
		         set->startup_delay_ms;
		if (silent + adver_ms / 4 >= master_down_ms) {
			log_warnx("(%s) restart in place: last advert %" PRIu64 " ms ago, the peer may "
			          "have taken over (Master_Down_Interval %u ms); starting as usual",
			          c->name, silent, master_down_ms);
			return false;
		}
		log_info("(%s) restart in place: adopting MASTER (last advert %" PRIu64 " ms ago)",
		         c->name, silent);
		return true;
	}
	return false;
}
