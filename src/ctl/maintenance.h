/* Host maintenance mode (floatctl maintenance on|off): every instance
 * released, and a flag file in the state directory so that the mode
 * survives a restart of floatd or of the host. */
#ifndef FLOATD_CTL_MAINTENANCE_H
#define FLOATD_CTL_MAINTENANCE_H

#include <stdbool.h>
#include <stddef.h>

#define CTL_DEFAULT_STATE_DIR "/var/lib/floatd"

/* DIR/maintenance, or DIR/maintenance-ID for a daemon started with -i ID.
 * 0, or -1 when it does not fit or ID holds a '/'. */
int ctl_maintenance_path(const char *state_dir, const char *config_id, char *out, size_t len);
/* The flag is a regular file (a symlink or anything else there is not). */
bool ctl_maintenance_is_on(const char *path);
/* Creates (atomically, never through a symlink; the directory 0755 if
 * missing) or removes the flag.  0 or -errno. */
int ctl_maintenance_set(const char *path, bool on);

#endif
