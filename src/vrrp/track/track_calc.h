/* Pure tracking arithmetic: keepalived's weight rules that turn tracker
 * states into a priority delta or FAULT, and the rise/fall counter of a
 * tracker.  No clock, no I/O: unit-tested directly (check_track). */
#ifndef FLOATD_VRRP_TRACK_CALC_H
#define FLOATD_VRRP_TRACK_CALC_H

#include <stdbool.h>
#include <stdint.h>

enum vrrp_track_kind { VRRP_TRACK_SCRIPT, VRRP_TRACK_IFACE, VRRP_TRACK_FILE,
                       VRRP_TRACK_PROCESS };

const char *vrrp_track_kind_name(enum vrrp_track_kind);

/* One tracker as one instance sees it. */
struct vrrp_track_input {
	enum vrrp_track_kind kind;
	const char *name;
	int weight;             /* effective weight for this instance */
	bool reverse;
	bool ok;                /* SCRIPT / IFACE / PROCESS: succeeding / up / quorum */
	long value;             /* FILE: the integer read from the file */
};

struct vrrp_track_result {
	int priority_delta;     /* clamped to -254..254 */
	bool fault;
	const struct vrrp_track_input *fault_by;   /* first tracker causing FAULT */
};

/* keepalived's rules:
 *  - weight 0: a failed tracker (a non-zero file value) means FAULT;
 *    `reverse` makes success the failure;
 *  - weight > 0: added while the tracker is OK;
 *  - weight < 0: added (so subtracted) while the tracker has failed;
 *  - `reverse` flips the sign of the adjustment;
 *  - a file adds value × weight (× -1 reversed); -254 or less means FAULT. */
void vrrp_track_compute(const struct vrrp_track_input *, unsigned n,
                        struct vrrp_track_result *out);

/* Consecutive-result counter (vrrp_script rise/fall, track_reference). */
struct vrrp_track_rf {
	bool ok;                /* current state */
	uint32_t streak;        /* consecutive results against the current state */
};

/* init_fail: start failed (needs `rise` successes), else start OK. */
void vrrp_track_rf_init(struct vrrp_track_rf *, bool init_fail);
/* Feed one result; returns true when the state changed. */
bool vrrp_track_rf_feed(struct vrrp_track_rf *, bool success, uint32_t rise, uint32_t fall);

#endif
