/* FILE_CHECK's arithmetic, pure (keepalived's check_file.c and
 * track_file.c rules for the checker): what a track_file's value means for
 * the checker and for the real server's weight.  No I/O, no logging. */
#ifndef FLOATD_CHECK_FILE_EVAL_H
#define FLOATD_CHECK_FILE_EVAL_H

#include <stdbool.h>
#include <stdint.h>

/* weight 0: the value 0 is up, anything else down (`reverse`: the other
 * way round).  Otherwise value × weight (× -1 reversed) is added to the
 * real server's weight; the checker is down only at INT32_MIN or below
 * (keepalived's IPVS_WEIGHT_FAULT).  *delta: what to add (0 when down). */
bool check_file_eval(long value, int weight, bool reverse, int64_t *delta);

/* A real server's IPVS weight: base plus the deltas, within 0..INT32_MAX
 * (keepalived's real_weight()). */
int32_t check_file_weight(int64_t base, int64_t deltas);

#endif
