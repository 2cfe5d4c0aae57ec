/* FILE_CHECK arithmetic (see file_eval.h).  Pure. */
#include "check/file_eval.h"

bool check_file_eval(long value, int weight, bool reverse, int64_t *delta)
{
	int64_t s;

	*delta = 0;
	if (weight == 0)
		return (value == 0) != reverse;
	s = (int64_t)value * weight * (reverse ? -1 : 1);
	if (s <= INT32_MIN)
		return false;
	*delta = s > INT32_MAX ? INT32_MAX : s;
	return true;
}

int32_t check_file_weight(int64_t base, int64_t deltas)
{
	int64_t w = base + deltas;

	return w < 0 ? 0 : w > INT32_MAX ? INT32_MAX : (int32_t)w;
}
