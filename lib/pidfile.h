/* PID file with an advisory lock: the lock, not the file's presence, says a
 * daemon is running, so a stale file left by a crash never blocks a start. */
#ifndef FLOATD_PIDFILE_H
#define FLOATD_PIDFILE_H

#include <stddef.h>
#include <sys/types.h>

/* Open and lock `path` (lib/safefile: a regular file of ours, not through
 * a symlink).  Returns the fd, or -1 with errno and the reason in why; on
 * EWOULDBLOCK *holder is the pid written by the running daemon (0 if
 * unreadable). */
int pidfile_lock(const char *path, pid_t *holder, char *why, size_t whylen);
/* Write our pid (after daemonizing).  0 / -1. */
int pidfile_write(int fd);
void pidfile_remove(const char *path, int fd);

#endif
