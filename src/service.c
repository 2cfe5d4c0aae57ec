/* Service-manager notifications (see service.h).  Knows which events the
 * manager hears about; the wire format is lib/service_notify.c's, the
 * states come from vrrp_set_count_states(). */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "service.h"
#include "service_notify.h"
#include "vrrp/instance.h"

static void
service_send_status(void *arg)
{
	unsigned counts[VRRP_STATE_MAX];
	char line[256];

	vrrp_set_count_states(arg, counts);
	service_status_line(counts, line, sizeof(line));
	service_notify("STATUS=%s", line);
}

void
service_status_line(const unsigned counts[VRRP_STATE_MAX], char *buf, size_t len)
{
	/* the states an operator looks for first */
	static const enum vrrp_state order[] = {
		VRRP_STATE_MASTER, VRRP_STATE_BACKUP, VRRP_STATE_FAULT,
		VRRP_STATE_INIT, VRRP_STATE_LEAVING, VRRP_STATE_STOP,
	};
	size_t off = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		int n;

		if (counts[order[i]] == 0)
			continue;
		n = snprintf(buf + off, len - off, "%s%u %s", off ? ", " : "", counts[order[i]],
		             vrrp_state_name(order[i]));
		if (n < 0 || (size_t)n >= len - off)
			return;
		off += (size_t)n;
	}
	if (off == 0)
		snprintf(buf, len, "no VRRP instances");
}

void
service_ready(struct vrrp_set *set)
{
	int rc;

	if (!service_notify_enabled())
		return;
	rc = service_notify("READY=1");
	if (rc < 0)
		log_warnx("cannot notify the service manager: %s", strerror(-rc));
	if (set != NULL) {
		service_send_status(set);
		vrrp_set_on_state_change(set, service_send_status, set);
	} else {
		service_notify("STATUS=LVS checker only");
	}
}

void
service_reloading(void)
{
	struct timespec ts;

	/* systemd ≥ 253 wants the monotonic time of the reload request */
	clock_gettime(CLOCK_MONOTONIC, &ts);
	service_notify("RELOADING=1\nMONOTONIC_USEC=%llu",
	               (unsigned long long)ts.tv_sec * 1000000ULL + (unsigned long long)ts.tv_nsec / 1000);
}

void
service_reloaded(void)
{
	service_notify("READY=1");
}

void
service_reload_applied(struct vrrp_set *set)
{
	/* replaces a "reload refused" line left by an earlier attempt, even
	 * when this reload changed no state */
	if (service_notify_enabled() && set != NULL)
		service_send_status(set);
	service_reloaded();
}

void
service_reload_refused(const char *why)
{
	char line[256];
	const char *nl = strchr(why, '\n');

	/* the first line: the count of errors, not each of them */
	snprintf(line, sizeof(line), "reload refused, previous configuration running: %.*s",
	         nl != NULL ? (int)(nl - why) : (int)strlen(why), why);
	service_notify("STATUS=%s", line);
}

void
service_stopping(void)
{
	service_notify("STOPPING=1");
}
