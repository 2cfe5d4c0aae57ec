/* The dump files of SIGUSR1 (state) and SIGUSR2 (statistics), written
 * atomically without following symlinks (lib/atomic_file.h). */
#ifndef FLOATD_DUMP_FILE_H
#define FLOATD_DUMP_FILE_H

struct vrrp_set;

/* keepalived's names, in its default directory, because operators' tooling
 * (exporters, monitoring plugins, `service keepalived dump` habits) reads
 * them there; floatd --dump-dir moves them. */
#define FLOATD_DUMP_DIR "/tmp"
#define FLOATD_DUMP_DATA "keepalived.data"
#define FLOATD_DUMP_STATS "keepalived.stats"

/* Write DIR/keepalived.data or DIR/keepalived.stats.  0 or -errno. */
int floatd_dump_data(const struct vrrp_set *, const char *dir);
int floatd_dump_stats(const struct vrrp_set *, const char *dir);

#endif
