/* Log sink: stderr with a monotonic-free wall-clock timestamp in console
 * mode, syslog(LOG_DAEMON) otherwise.  Messages are formatted once here so
 * callers stay one-liners. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <sys/time.h>
#include <time.h>

#include "log.h"

static enum log_target log_target = LOG_TARGET_STDERR;
static bool log_detail;
static bool log_debug_on;
static const char *log_ident = "floatd";

void
log_init(const char *ident, enum log_target target, bool detail, bool debug)
{
	log_ident = ident;
	log_target = target;
	log_detail = detail;
	log_debug_on = debug;
	if (target == LOG_TARGET_SYSLOG)
		openlog(ident, LOG_PID | LOG_NDELAY, LOG_DAEMON);
}

static void
log_emit(int prio, const char *msg)
{
	if (log_target == LOG_TARGET_SYSLOG) {
		syslog(prio, "%s", msg);
		return;
	}
	struct timeval tv;
	struct tm tm;
	char stamp[32];

	gettimeofday(&tv, NULL);
	localtime_r(&tv.tv_sec, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%d %H:%M:%S", &tm);
	/* ms resolution: failover drills are read off these timestamps */
	fprintf(stderr, "%s.%03ld %s: %s\n", stamp, (long)(tv.tv_usec / 1000), log_ident, msg);
}

static void
log_vformat(int prio, int saved_errno, const char *fmt, va_list ap)
{
	char msg[1024];
	int n = vsnprintf(msg, sizeof(msg), fmt, ap);

	if (saved_errno != 0 && n >= 0 && (size_t)n < sizeof(msg))
		snprintf(msg + n, sizeof(msg) - (size_t)n, ": %s", strerror(saved_errno));
	log_emit(prio, msg);
}

void
log_warn(const char *fmt, ...)
{
	int saved = errno;
	va_list ap;

	va_start(ap, fmt);
	log_vformat(LOG_WARNING, saved, fmt, ap);
	va_end(ap);
	errno = saved;
}

void
log_warnx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vformat(LOG_WARNING, 0, fmt, ap);
	va_end(ap);
}

void
log_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vformat(LOG_INFO, 0, fmt, ap);
	va_end(ap);
}

void
log_debug(const char *fmt, ...)
{
	va_list ap;

	if (!log_debug_on && !log_detail)
		return;
	va_start(ap, fmt);
	log_vformat(LOG_DEBUG, 0, fmt, ap);
	va_end(ap);
}

void
fatal(const char *fmt, ...)
{
	int saved = errno;
	va_list ap;

	va_start(ap, fmt);
	log_vformat(LOG_CRIT, saved, fmt, ap);
	va_end(ap);
	exit(1);
}

void
fatalx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vformat(LOG_CRIT, 0, fmt, ap);
	va_end(ap);
	exit(1);
}

bool
log_ratelimit_ok(struct log_ratelimit *rl, uint64_t now_ms, uint32_t *suppressed_out)
{
	if (now_ms - rl->window_start >= rl->interval_ms || rl->window_start == 0) {
		rl->window_start = now_ms ? now_ms : 1;
		rl->in_window = 0;
	}
	if (rl->in_window >= rl->burst) {
		rl->suppressed++;
		return false;
	}
	rl->in_window++;
	if (suppressed_out != NULL)
		*suppressed_out = rl->suppressed;
	rl->suppressed = 0;
	return true;
}
