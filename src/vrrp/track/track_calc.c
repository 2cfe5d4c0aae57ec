/* Tracking arithmetic (see track_calc.h).  Pure: no clock, no logging. */
#include "config.h"

#include <stddef.h>

#include "track_calc.h"

#define TRACK_DELTA_MAX 254

const char *vrrp_track_kind_name(enum vrrp_track_kind k)
{
	switch (k) {
	case VRRP_TRACK_SCRIPT: return "track_script";
	case VRRP_TRACK_IFACE: return "track_interface";
	case VRRP_TRACK_FILE: return "track_file";
	case VRRP_TRACK_PROCESS: return "track_process";
	}
	return "track";
}

static void track_calc_fault(struct vrrp_track_result *out, const struct vrrp_track_input *in)
{
	if (!out->fault)
		out->fault_by = in;
	out->fault = true;
}

void vrrp_track_compute(const struct vrrp_track_input *in, unsigned n,
                        struct vrrp_track_result *out)
{
	long long sum = 0;

	out->priority_delta = 0;
	out->fault = false;
	out->fault_by = NULL;
	for (unsigned i = 0; i < n; i++) {
		const struct vrrp_track_input *t = &in[i];
		long long w = t->reverse ? -(long long)t->weight : t->weight;

		if (t->kind == VRRP_TRACK_FILE) {
			long long v;

			if (t->weight == 0) {
				if (t->value != 0)
					track_calc_fault(out, t);
				continue;
			}
			v = (long long)t->value * w;
			if (v <= -TRACK_DELTA_MAX)
				track_calc_fault(out, t);
			else
				sum += v > TRACK_DELTA_MAX ? TRACK_DELTA_MAX : v;
			continue;
		}
		if (t->weight == 0) {
			if (t->reverse ? t->ok : !t->ok)
				track_calc_fault(out, t);
		} else if (t->weight > 0) {
			if (t->ok)
				sum += w;
		} else if (!t->ok) {
			sum += w;
		}
	}
	if (sum > TRACK_DELTA_MAX)
		sum = TRACK_DELTA_MAX;
	if (sum < -TRACK_DELTA_MAX)
		sum = -TRACK_DELTA_MAX;
	out->priority_delta = (int)sum;
}

void vrrp_track_rf_init(struct vrrp_track_rf *rf, bool init_fail)
{
	rf->ok = !init_fail;
	rf->streak = 0;
}

bool vrrp_track_rf_feed(struct vrrp_track_rf *rf, bool success, uint32_t rise, uint32_t fall)
{
	uint32_t need = rf->ok ? fall : rise;

	if (success == rf->ok) {
		rf->streak = 0;
		return false;
	}
	if (++rf->streak < (need ? need : 1))
		return false;
	rf->ok = success;
	rf->streak = 0;
	return true;
}
