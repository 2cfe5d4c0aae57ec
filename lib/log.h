/* Logging to stderr (console mode) or syslog (daemon mode).  Pure code
 * (codec, FSM, parser) never calls these: it returns reasons and the caller
 * logs.  log_ratelimited() keeps a flood of bad packets from flooding logs.
 * No call ever blocks: a line with no room (syslog socket full or gone,
 * stderr pipe full) is dropped and counted, and the next line that fits is
 * preceded by "N log lines dropped". */
#ifndef FLOATD_LOG_H
#define FLOATD_LOG_H

#include <stdbool.h>
#include <stdint.h>

enum log_target { LOG_TARGET_STDERR, LOG_TARGET_SYSLOG };

/* Syslog goes to the datagram socket $FLOATD_SYSLOG_SOCKET, else /dev/log. */
void log_init(const char *ident, enum log_target, bool detail, bool debug);
const char *log_syslog_path(void);
/* Lines dropped since log_init because they did not fit. */
uint64_t log_dropped_total(void);
/* warn: appends ": strerror(errno)"; warnx: no errno. */
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
_Noreturn void fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
_Noreturn void fatalx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A token bucket for one kind of message: returns true when the message may
 * be logged now (at most `burst` per `interval_ms`); counts what it
 * suppressed so the next permitted line can say "(N suppressed)". */
struct log_ratelimit {
	uint32_t interval_ms, burst;
	uint64_t window_start;
	uint32_t in_window;
	uint32_t suppressed;
};
#define LOG_RATELIMIT_INIT(ms, n) { .interval_ms = (ms), .burst = (n) }
bool log_ratelimit_ok(struct log_ratelimit *, uint64_t now_ms, uint32_t *suppressed_out);

#endif
