/* Logging to stderr (console mode) or syslog (daemon mode).  Pure code
 * (codec, FSM, parser) never calls these: it returns reasons and the caller
 * logs.  log_ratelimited() keeps a flood of bad packets from flooding logs. */
#ifndef FLOATD_LOG_H
#define FLOATD_LOG_H

#include <stdbool.h>
#include <stdint.h>

enum log_target { LOG_TARGET_STDERR, LOG_TARGET_SYSLOG };

void log_init(const char *ident, enum log_target, bool detail, bool debug);
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
