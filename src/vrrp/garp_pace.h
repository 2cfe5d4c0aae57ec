/* Pacing of gratuitous ARPs / unsolicited NAs on one interface
 * (keepalived's vrrp_garp_interval / vrrp_gna_interval): at least `gap`
 * between two messages of the same kind on an interface, whichever
 * instance sends them.  Pure (no clock of its own): instance.c passes the
 * loop's time and arms a timer for the returned wake-up, so a burst never
 * blocks the loop.  Unit-tested in check_garp. */
#ifndef FLOATD_VRRP_GARP_PACE_H
#define FLOATD_VRRP_GARP_PACE_H

#include <stdint.h>

struct vrrp_garp_pace {
	uint64_t next_ms;            /* earliest time of the next message; 0 = now */
};

/* The configured gap in whole milliseconds of the loop's clock: rounded up,
 * so a gap of 1 us still separates messages. */
uint32_t vrrp_garp_pace_gap_ms(uint32_t gap_us);

/* May one message leave at now?  0: yes, and the slot is taken (the next
 * one is due gap_ms later); otherwise the time at which to ask again. */
uint64_t vrrp_garp_pace_take(struct vrrp_garp_pace *, uint64_t now_ms, uint32_t gap_ms);

/* The message taken above has left at now_ms: the next one waits gap_ms
 * from now, so a stall between taking the slot and sending (a busy host
 * descheduling the daemon) cannot bring two messages closer on the wire. */
void vrrp_garp_pace_sent(struct vrrp_garp_pace *, uint64_t now_ms, uint32_t gap_ms);

#endif
