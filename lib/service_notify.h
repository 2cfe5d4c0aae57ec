/* Readiness and status notifications to the service manager (systemd's
 * sd_notify datagram protocol, without libsystemd).  Every call is a no-op
 * when the manager did not ask for them (no NOTIFY_SOCKET). */
#ifndef FLOATD_SERVICE_NOTIFY_H
#define FLOATD_SERVICE_NOTIFY_H

#include <stdbool.h>

/* Read NOTIFY_SOCKET ("/path" or "@abstract") and remove it from the
 * environment, so notify scripts and the checker never talk to the manager
 * in our name.  Returns 1 when enabled, 0 when not asked, -errno when the
 * address is unusable (then disabled). */
int service_notify_init(void);
bool service_notify_enabled(void);
/* Send one datagram of "KEY=VALUE\n..." lines; never blocks.  Returns 0 when
 * sent or disabled, -errno when the send failed. */
int service_notify(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
