/* floatd under `net_namespace NAME` (src/netns_daemon.c): the VRRP work
 * runs inside /run/netns/NAME, entered after the PID file is locked and
 * before any VRRP socket exists; the control socket, PID file and dump
 * files are file-system paths and stay where the host sees them.  Like
 * keepalived, whose pid files move to a per-namespace directory, the
 * defaults name the namespace so that one floatd per namespace can run on
 * one host. */
#ifndef FLOATD_NETNS_DAEMON_H
#define FLOATD_NETNS_DAEMON_H

#include <stddef.h>

struct floatd_conf;

/* The PID file: `given` unless it is `dflt` and net_namespace is set, then
 * /run/floatd-NAME.pid (a static buffer). */
const char *netns_daemon_pid_file(const struct floatd_conf *, const char *given,
                                  const char *dflt);
/* The id naming the default control socket (/run/floatd/floatd-ID.sock,
 * `floatctl -i ID`): -i's, else the namespace's name, else NULL. */
const char *netns_daemon_ctl_id(const struct floatd_conf *, const char *config_id);
/* The syslog identity: `base`, or base_NAME under net_namespace NAME, as
 * keepalived appends the namespace to its own (a static buffer, kept). */
const char *netns_daemon_ident(const struct floatd_conf *, const char *base);
/* keepalived cannot change net_namespace or net_namespace_ipvs at a
 * reload, nor can floatd (the process lives in its namespace): a malloc'd
 * refusal text when the new configuration changes either, else NULL. */
char *netns_daemon_reload_change(const struct floatd_conf *old_c,
                                 const struct floatd_conf *new_c);
/* Enter net_namespace if set (logged); -1 (logged) if it cannot be, and
 * then floatd exits, as keepalived does. */
int netns_daemon_enter(const struct floatd_conf *);

#endif
