/* Quorum and destination weights (see quorum.h).  Pure. */
#include "check/quorum.h"

const char *
check_quorum_change_name(enum check_quorum_change c)
{
	switch (c) {
	case CHECK_QUORUM_SAME: return "same";
	case CHECK_QUORUM_LOST: return "lost";
	case CHECK_QUORUM_GAINED: return "gained";
	}
	return "?";
}

enum check_quorum_change
check_quorum_eval(bool *up, uint64_t live, uint32_t quorum, uint32_t hysteresis)
{
	/* compare without going below zero: live + hyst < quorum */
	if (*up && (live == 0 || live + hysteresis < quorum)) {
		*up = false;
		return CHECK_QUORUM_LOST;
	}
	if (!*up && live > 0 && live >= (uint64_t)quorum + hysteresis) {
		*up = true;
		return CHECK_QUORUM_GAINED;
	}
	return CHECK_QUORUM_SAME;
}

int
check_quorum_rs_weight(bool rs_up, int weight, bool inhibit, bool quorum_up, bool has_sorry)
{
	if (!rs_up || (!quorum_up && has_sorry))
		return inhibit ? 0 : -1;
	return weight < 0 ? 0 : weight;
}

int
check_quorum_sorry_weight(bool quorum_up, bool sorry_inhibit)
{
	if (!quorum_up)
		return 1;
	return sorry_inhibit ? 0 : -1;
}
