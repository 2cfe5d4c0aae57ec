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
/* Send a pending "N log lines dropped" if the sink has room now (the loop
 * calls it before each wait, so the count goes out once the sink drains). */
void log_flush(void);
/* Before log_init: syslog facility local0..local7 (0..7), -1 = daemon.
 * log_facility_parse() reads "0".."7" or "local0".."local7"; -1 if neither. */
void log_set_facility(int local_n);
int log_facility_parse(const char *);
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
/* log_warn / log_warnx through `rl` (monotonic clock); a line let through
 * after suppressed ones ends with "(N similar messages suppressed)". */
void log_warn_rl(struct log_ratelimit *, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void log_warnx_rl(struct log_ratelimit *, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* For a call site that can repeat without bound (per packet, per timer
 * tick, per kernel event): one limiter for the site, at most `burst` lines
 * per `ms`. */
#define log_warn_every(ms, burst, ...) do { \
		static struct log_ratelimit log_site_rl_ = LOG_RATELIMIT_INIT(ms, burst); \
		log_warn_rl(&log_site_rl_, __VA_ARGS__); \
	} while (0)
#define log_warnx_every(ms, burst, ...) do { \
		static struct log_ratelimit log_site_rl_ = LOG_RATELIMIT_INIT(ms, burst); \
		log_warnx_rl(&log_site_rl_, __VA_ARGS__); \
	} while (0)

#endif
