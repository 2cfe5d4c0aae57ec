/* Per-checker health state of one real server, as keepalived runs it:
 * pure (no clock, no I/O, no logging).  The caller feeds each check result
 * with `now`; we say when to run next and whether the checker went up or
 * down.  Randomness for warmup comes in as an argument, so tests are exact. */
#ifndef FLOATD_CHECK_STATE_H
#define FLOATD_CHECK_STATE_H

#include <stdbool.h>
#include <stdint.h>

struct check_state_params {
	uint32_t delay_loop_ms;          /* between checks of a settled checker */
	uint32_t delay_before_retry_ms;  /* between retries after a failure */
	uint32_t retry;                  /* extra attempts before "down" */
	uint32_t warmup_ms;              /* first check at a random point in [0, warmup] */
	bool alpha;                      /* start down (keepalived "alpha") */
};

struct check_state {
	struct check_state_params p;
	bool up;
	uint32_t failures;               /* consecutive, while up */
	uint64_t next_run_ms;
	uint64_t runs, fails_total;
};

enum check_state_change { CHECK_STATE_SAME, CHECK_STATE_WENT_UP, CHECK_STATE_WENT_DOWN };

/* Why one check attempt failed (or CHECK_WHY_OK); kept small and fixed so
 * the child can count them. */
enum check_why {
	CHECK_WHY_OK,
	CHECK_WHY_TIMEOUT,
	CHECK_WHY_REFUSED,
	CHECK_WHY_CONNECT,     /* other connect/socket errors */
	CHECK_WHY_STATUS,      /* HTTP status, DNS rcode, SMTP reply code not accepted */
	CHECK_WHY_DIGEST,      /* body MD5 differs */
	CHECK_WHY_TRANSFER,    /* HTTP/TLS error after connect */
	CHECK_WHY_EXIT,        /* MISC_CHECK exit status says down */
	CHECK_WHY_SIGNALED,    /* MISC_CHECK killed by a signal */
	CHECK_WHY_SPAWN,       /* MISC_CHECK could not start */
	CHECK_WHY_INTERNAL,    /* out of memory and the like */
	CHECK_WHY_REPLY,       /* UDP_CHECK reply missing or not the one required */
	CHECK_WHY_FILE,        /* FILE_CHECK: the track_file's value says down */
	CHECK_WHY_MAX
};
const char *check_why_name(enum check_why);

/* The result of one attempt, as the tcp/http/misc modules report it. */
struct check_outcome {
	enum check_why why;        /* CHECK_WHY_OK = success */
	int weight;                /* MISC_CHECK misc_dynamic: new weight; -1 = unchanged */
	char detail[96];           /* human text for the log ("HTTP status 503") */
};

/* `rnd` is any 32-bit random value; the first run is now + rnd % (warmup+1).
 * Without alpha the checker starts up (keepalived's default). */
void check_state_init(struct check_state *, const struct check_state_params *,
                      uint64_t now_ms, uint32_t rnd);
/* Apply one attempt's result at `now`; sets next_run_ms. */
enum check_state_change check_state_result(struct check_state *, bool ok, uint64_t now_ms);
const char *check_state_change_name(enum check_state_change);

/* misc_dynamic (keepalived): exit 0 = up, weight unchanged; 1 = down;
 * 2..255 = up with weight status - 2.  Without misc_dynamic any non-zero
 * status is down.  Returns true for up; *weight is -1 when unchanged. */
bool check_state_misc_exit(int status, bool dynamic, int *weight);

#endif
