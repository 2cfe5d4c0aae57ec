/* GARP / NA pacing (see garp_pace.h).  Pure. */
#include "config.h"

#include "garp_pace.h"

uint32_t vrrp_garp_pace_gap_ms(uint32_t gap_us)
{
	return (uint32_t)(((uint64_t)gap_us + 999) / 1000);
}

uint64_t vrrp_garp_pace_take(struct vrrp_garp_pace *p, uint64_t now_ms, uint32_t gap_ms)
{
	if (gap_ms == 0)
		return 0;
	if (p->next_ms > now_ms)
		return p->next_ms;
	p->next_ms = now_ms + gap_ms;
	return 0;
}

void vrrp_garp_pace_sent(struct vrrp_garp_pace *p, uint64_t now_ms, uint32_t gap_ms)
{
	if (gap_ms != 0 && p->next_ms < now_ms + gap_ms)
		p->next_ms = now_ms + gap_ms;
}
