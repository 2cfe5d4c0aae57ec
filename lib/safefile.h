/* Opening the files floatd writes or feeds (PID file, IPVS ownership list,
 * track_file init_file, the notify FIFO) so that a symlink or an object
 * planted at that path by someone else is refused rather than followed:
 * O_NOFOLLOW, the type checked before the open (so a device is never
 * opened) and again on the descriptor, the owner and link count checked
 * before anything is truncated or written. */
#ifndef FLOATD_LIB_SAFEFILE_H
#define FLOATD_LIB_SAFEFILE_H

#include <stddef.h>
#include <sys/types.h>

/* what the path must be */
#define SAFEFILE_REGULAR 0x0   /* a regular file with one link */
#define SAFEFILE_FIFO    0x1   /* a FIFO */
#define SAFEFILE_OURS    0x2   /* owned by the effective uid */

/* open(path, flags | O_NOFOLLOW | O_CLOEXEC, mode) for a file matching
 * `want`; O_TRUNC is applied only after the checks.  Returns the fd, or -1
 * with errno and the reason in why ("... is a symbolic link", "... is not
 * a regular file", "... is owned by uid 1000", or strerror). */
int safefile_open(const char *path, int flags, mode_t mode, unsigned want, char *why,
                  size_t whylen);

#endif
