/* Network namespaces by name, as `ip netns` makes them: /run/netns/NAME
 * (a bind mount of the namespace's nsfs file).  The empty name is the
 * default namespace, PID 1's (keepalived's net_namespace_ipvs with no
 * name).  setns(CLONE_NEWNET) changes only where sockets created from then
 * on live: file-system paths (PID file, Unix sockets bound to a path, dump
 * files) are where they were. */
#ifndef FLOATD_LIB_NETNS_H
#define FLOATD_LIB_NETNS_H

#include <stddef.h>

#define NETNS_RUN_DIR "/run/netns"

/* The namespace's file, opened O_RDONLY|O_CLOEXEC: fd, or -1 with errno and
 * `why` ("/run/netns/x: No such file or directory"). */
int netns_open(const char *name, char *why, size_t why_size);
/* Move this (single-threaded) process into the namespace for good: 0 / -1. */
int netns_enter(const char *name, char *why, size_t why_size);
/* For one socket made elsewhere: enter `name` and return an fd of the
 * namespace we were in (for netns_return), or -1 (nothing changed). */
int netns_visit(const char *name, char *why, size_t why_size);
/* Back to the namespace netns_visit left; closes the fd.  0 / -1. */
int netns_return(int saved_fd);

#endif
