/* Text of the state dump (SIGUSR1, keepalived.data) and the statistics
 * dump (SIGUSR2, keepalived.stats) for one instance or interface.  Pure:
 * formats a status view (status.h) with the clock values it is given; the
 * daemon writes the file.  The layout follows keepalived's files, whose
 * parsers (exporters, monitoring plugins) read "VRRP Instance = NAME" and
 * "   Key = value" lines in the .data file and "VRRP Instance: NAME" with
 * "  Section:" / "    Key: n" in the .stats file. */
#ifndef FLOATD_VRRP_DUMP_H
#define FLOATD_VRRP_DUMP_H

#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "status.h"

/* Monotonic "now" (loop_now_ms) and the wall clock at the same moment, to
 * print monotonic stamps as dates. */
struct vrrp_dump_clock {
	uint64_t now_ms;
	struct timespec wall;
};

void vrrp_dump_data_header(FILE *, const struct vrrp_dump_clock *, const char *version);
void vrrp_dump_data_instance(FILE *, const struct vrrp_instance_status *,
                             const struct vrrp_dump_clock *);
void vrrp_dump_stats_instance(FILE *, const struct vrrp_instance_status *);
void vrrp_dump_stats_iface(FILE *, const struct vrrp_iface_status *);

#endif
