/* Writes the SIGUSR1/SIGUSR2 dump files: walks the read-only status views
 * (src/vrrp/status.h), formats them (src/vrrp/dump.c) and replaces the file
 * atomically.  Runs on the loop; a dump is a few KiB to a local file. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <sys/stat.h>
#include <time.h>

#include "config.h"
#include "atomic_file.h"
#include "dump_file.h"
#include "loop.h"
#include "vrrp/dump.h"
#include "vrrp/status.h"

struct dump_ctx {
	const struct vrrp_set *set;
	FILE *f;
	struct vrrp_dump_clock clk;
};

static void
data_instance(const struct vrrp_instance_status *s, void *arg)
{
	struct dump_ctx *d = arg;

	vrrp_dump_data_instance(d->f, s, &d->clk);
}

static int
fill_data(FILE *f, void *arg)
{
	struct dump_ctx *d = arg;

	d->f = f;
	vrrp_dump_data_header(f, &d->clk, PACKAGE_VERSION);
	vrrp_status_instances(d->set, data_instance, d);
	return 0;
}

static void
stats_instance(const struct vrrp_instance_status *s, void *arg)
{
	vrrp_dump_stats_instance(((struct dump_ctx *)arg)->f, s);
}

static void
stats_iface(const struct vrrp_iface_status *s, void *arg)
{
	vrrp_dump_stats_iface(((struct dump_ctx *)arg)->f, s);
}

static int
fill_stats(FILE *f, void *arg)
{
	struct dump_ctx *d = arg;

	d->f = f;
	vrrp_status_instances(d->set, stats_instance, d);
	vrrp_status_ifaces(d->set, stats_iface, d);
	return 0;
}

static int
dump(const struct vrrp_set *set, const char *dir, const char *name,
     int (*fill)(FILE *, void *))
{
	struct dump_ctx d = { .set = set };
	char path[PATH_MAX];

	if (snprintf(path, sizeof(path), "%s/%s", dir, name) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	d.clk.now_ms = loop_now_ms();
	clock_gettime(CLOCK_REALTIME, &d.clk.wall);
	return atomic_file_write(path, 0644, fill, &d);
}

int
floatd_dump_data(const struct vrrp_set *set, const char *dir)
{
	return dump(set, dir, FLOATD_DUMP_DATA, fill_data);
}

int
floatd_dump_stats(const struct vrrp_set *set, const char *dir)
{
	return dump(set, dir, FLOATD_DUMP_STATS, fill_stats);
}
