/* Where the control socket lives, shared by floatd and floatctl. */
#ifndef FLOATD_CTL_PATH_H
#define FLOATD_CTL_PATH_H

#include <stddef.h>

#define CTL_DEFAULT_SOCKET "/run/floatd/floatd.sock"

/* The default socket of a floatd started with -i ID (so two daemons on one
 * host never share one): /run/floatd/floatd-ID.sock.  0, or -1 when it
 * does not fit in `len` or ID contains a '/'. */
int ctl_path_for_id(const char *id, char *out, size_t len);

#endif
