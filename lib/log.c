/* Log sink.  Syslog is written by floatd itself: RFC 3164 lines
 * (`<PRI>Mmm dd hh:mm:ss ident[pid]: msg`, what glibc's syslog() sends) on a
 * non-blocking AF_UNIX datagram socket to /dev/log (or $FLOATD_SYSLOG_SOCKET),
 * reconnected when the reader goes away.  A line the reader has no room for
 * is dropped and counted, and "N log lines dropped" goes out before the next
 * line that fits: logging never blocks the loop (glibc's syslog() would, on
 * a full socket).  Console mode (-l) writes stderr only when poll() says a
 * line fits, with the same counting. */
#include <errno.h>
#include <fcntl.h>
#include <paths.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "log.h"

#define LOG_RECONNECT_MS 1000   /* at most one connect() a second while it is gone */
#define LOG_LINE_MAX 1400

static enum log_target log_target = LOG_TARGET_STDERR;
static bool log_detail;
static bool log_debug_on;
static const char *log_ident = "floatd";
static int log_facility = LOG_DAEMON;   /* log_set_facility() */
static int log_fd = -1;
static uint64_t log_retry_ms;        /* no connect() before this (monotonic) */
static uint64_t log_dropped;         /* since the last "dropped" line */
static uint64_t log_dropped_all;

static uint64_t
log_mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

const char *
log_syslog_path(void)
{
	const char *p = getenv("FLOATD_SYSLOG_SOCKET");

	return p != NULL && *p != '\0' ? p : _PATH_LOG;
}

static void
log_disconnect(void)
{
	if (log_fd >= 0)
		close(log_fd);
	log_fd = -1;
}

static bool
log_connect(void)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	const char *path = log_syslog_path();
	uint64_t now = log_mono_ms();

	if (log_fd >= 0)
		return true;
	if (now < log_retry_ms || strlen(path) >= sizeof(sun.sun_path))
		return false;
	log_retry_ms = now + LOG_RECONNECT_MS;
	memcpy(sun.sun_path, path, strlen(path) + 1);
	log_fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (log_fd < 0)
		return false;
	if (connect(log_fd, (struct sockaddr *)&sun, sizeof(sun)) < 0) {
		log_disconnect();
		return false;
	}
	return true;
}

/* 0 sent, -1 dropped.  A reader that went away (journald restarted) gets
 * one reconnect and one more try. */
static int
log_send(const char *buf, size_t len)
{
	for (int attempt = 0; attempt < 2; attempt++) {
		if (!log_connect())
			return -1;
		if (send(log_fd, buf, len, MSG_DONTWAIT | MSG_NOSIGNAL) >= 0)
			return 0;
		if (errno == EAGAIN || errno == EWOULDBLOCK || errno == ENOBUFS || errno == EINTR)
			return -1;   /* full: drop, never wait */
		log_disconnect();    /* ECONNREFUSED, ENOTCONN, ...: the reader is gone */
		log_retry_ms = 0;
	}
	return -1;
}

static int
log_write_stderr(const char *buf, size_t len)
{
	struct pollfd p = { .fd = STDERR_FILENO, .events = POLLOUT };

	/* POLLOUT on a pipe means PIPE_BUF bytes fit, and a line is shorter:
	 * the write cannot block.  Files and ttys are always writable. */
	if (poll(&p, 1, 0) != 1 || !(p.revents & POLLOUT))
		return -1;
	return write(STDERR_FILENO, buf, len) == (ssize_t)len ? 0 : -1;
}

static size_t
log_format(char *buf, size_t size, int prio, const char *msg)
{
	struct timeval tv;
	struct tm tm;
	char stamp[32];
	int n;

	gettimeofday(&tv, NULL);
	localtime_r(&tv.tv_sec, &tm);
	if (log_target == LOG_TARGET_SYSLOG) {
		strftime(stamp, sizeof(stamp), "%b %e %H:%M:%S", &tm);
		n = snprintf(buf, size, "<%d>%s %s[%ld]: %s", log_facility | prio, stamp, log_ident,
		             (long)getpid(), msg);
	} else {
		strftime(stamp, sizeof(stamp), "%Y-%m-%d %H:%M:%S", &tm);
		/* ms resolution: failover drills are read off these timestamps */
		n = snprintf(buf, size, "%s.%03ld %s: %s\n", stamp, (long)(tv.tv_usec / 1000),
		             log_ident, msg);
	}
	if (n < 0)
		return 0;
	return (size_t)n < size ? (size_t)n : size - 1;
}

static int
log_out(int prio, const char *msg)
{
	char buf[LOG_LINE_MAX];
	size_t len = log_format(buf, sizeof(buf), prio, msg);

	return log_target == LOG_TARGET_SYSLOG ? log_send(buf, len) : log_write_stderr(buf, len);
}

void
log_set_facility(int local_n)
{
	log_facility = local_n < 0 ? LOG_DAEMON : LOG_LOCAL0 + (local_n << 3);
}

int
log_facility_parse(const char *s)
{
	/* keepalived's -S: 0..7; "local0".."local7" read the same */
	if (strncmp(s, "local", 5) == 0)
		s += 5;
	return s[0] >= '0' && s[0] <= '7' && s[1] == '\0' ? s[0] - '0' : -1;
}

void
log_init(const char *ident, enum log_target target, bool detail, bool debug)
{
	log_ident = ident;
	log_target = target;
	log_detail = detail;
	log_debug_on = debug;
	log_disconnect();
	log_retry_ms = 0;
	if (target == LOG_TARGET_SYSLOG)
		log_connect();
}

/* The pending "N log lines dropped", if any: 0 when nothing is pending. */
static int
log_out_dropped(void)
{
	char note[64];

	if (log_dropped == 0)
		return 0;
	snprintf(note, sizeof(note), "%llu log lines dropped", (unsigned long long)log_dropped);
	if (log_out(LOG_WARNING, note) < 0)
		return -1;
	log_dropped = 0;
	return 0;
}

void
log_flush(void)
{
	(void)log_out_dropped();
}

static void
log_emit(int prio, const char *msg)
{
	if (log_out_dropped() < 0) {
		log_dropped++;
		log_dropped_all++;
		return;
	}
	if (log_out(prio, msg) < 0) {
		log_dropped++;
		log_dropped_all++;
	}
}

uint64_t
log_dropped_total(void)
{
	return log_dropped_all;
}

static void
log_vformat_rl(int prio, int saved_errno, uint32_t suppressed, const char *fmt, va_list ap)
{
	char msg[1024];
	int n = vsnprintf(msg, sizeof(msg), fmt, ap);

	if (saved_errno != 0 && n >= 0 && (size_t)n < sizeof(msg))
		n += snprintf(msg + n, sizeof(msg) - (size_t)n, ": %s", strerror(saved_errno));
	if (suppressed > 0 && n >= 0 && (size_t)n < sizeof(msg))
		snprintf(msg + n, sizeof(msg) - (size_t)n, " (%u similar messages suppressed)",
		         suppressed);
	log_emit(prio, msg);
}

static void
log_vformat(int prio, int saved_errno, const char *fmt, va_list ap)
{
	log_vformat_rl(prio, saved_errno, 0, fmt, ap);
}

void
log_warn_rl(struct log_ratelimit *rl, const char *fmt, ...)
{
	int saved = errno;
	uint32_t suppressed = 0;
	va_list ap;

	if (!log_ratelimit_ok(rl, log_mono_ms(), &suppressed))
		return;
	va_start(ap, fmt);
	log_vformat_rl(LOG_WARNING, saved, suppressed, fmt, ap);
	va_end(ap);
	errno = saved;
}

void
log_warnx_rl(struct log_ratelimit *rl, const char *fmt, ...)
{
	uint32_t suppressed = 0;
	va_list ap;

	if (!log_ratelimit_ok(rl, log_mono_ms(), &suppressed))
		return;
	va_start(ap, fmt);
	log_vformat_rl(LOG_WARNING, 0, suppressed, fmt, ap);
	va_end(ap);
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
