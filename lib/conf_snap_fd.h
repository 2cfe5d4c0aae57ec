/* Configuration snapshots across processes: a sealed memfd (memfd_create,
 * then F_SEAL_WRITE/SHRINK/GROW/SEAL), so the checker child and each of its
 * restarts parse exactly the bytes the parent loaded. */
#ifndef FLOATD_LIB_CONF_SNAP_FD_H
#define FLOATD_LIB_CONF_SNAP_FD_H

struct conf_snap;

/* A new sealed, close-on-exec memfd holding the encoded snapshot, or -errno. */
int conf_snap_memfd(const struct conf_snap *);
/* Decode the snapshot in `fd`, which must carry all four seals.  0, or -1
 * with *why saying what is wrong. */
int conf_snap_read_fd(int fd, struct conf_snap **out, const char **why);

#endif
