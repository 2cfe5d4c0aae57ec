/* Replace a file atomically without following symlinks: readers see the
 * old content or the new, never a partial file, and a symlink planted at
 * the target or at the temporary name (e.g. in /tmp) is never written
 * through. */
#ifndef FLOATD_ATOMIC_FILE_H
#define FLOATD_ATOMIC_FILE_H

#include <stdio.h>
#include <sys/types.h>

/* `fill` writes the content to the stream (returns 0, or -1 to abandon).
 * The file is created next to `path` (O_CREAT|O_EXCL|O_NOFOLLOW, `mode`),
 * filled, and renamed over `path`, which replaces a symlink there rather
 * than its target.  Returns 0 or -errno; the temporary file never stays. */
int atomic_file_write(const char *path, mode_t mode, int (*fill)(FILE *, void *), void *arg);

#endif
