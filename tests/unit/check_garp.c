/* Golden bytes of the gratuitous ARP frame (garp_frame.c). */
#include <arpa/inet.h>
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "vrrp/garp.h"
#include "vrrp/garp_pace.h"
#include "unit_main.h"

/* Written out by hand from RFC 826 for MAC 02:00:5e:10:20:30, VIP 192.0.2.10. */
static const uint8_t golden[VRRP_GARP_FRAME_LEN] = {
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff,       /* dst broadcast */
	0x02, 0x00, 0x5e, 0x10, 0x20, 0x30,       /* src MAC */
	0x08, 0x06,                               /* ARP */
	0x00, 0x01, 0x08, 0x00, 0x06, 0x04,       /* Ethernet/IPv4, 6, 4 */
	0x00, 0x01,                               /* request */
	0x02, 0x00, 0x5e, 0x10, 0x20, 0x30,       /* sender MAC */
	192, 0, 2, 10,                            /* sender IP */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00,       /* target MAC */
	192, 0, 2, 10,                            /* target IP */
};

START_TEST(test_golden)
{
	static const uint8_t mac[6] = { 0x02, 0x00, 0x5e, 0x10, 0x20, 0x30 };
	uint8_t frame[64];
	struct in_addr vip;
	size_t len;

	memset(frame, 0xaa, sizeof(frame));
	ck_assert_int_eq(inet_pton(AF_INET, "192.0.2.10", &vip), 1);
	len = vrrp_garp_build(frame, mac, vip);
	ck_assert_uint_eq(len, VRRP_GARP_FRAME_LEN);
	ck_assert_mem_eq(frame, golden, sizeof(golden));
	/* Nothing written past the frame. */
	ck_assert_uint_eq(frame[VRRP_GARP_FRAME_LEN], 0xaa);
}
END_TEST

START_TEST(test_other_vip)
{
	static const uint8_t mac[6] = { 0x52, 0x54, 0x00, 0xab, 0xcd, 0xef };
	uint8_t frame[VRRP_GARP_FRAME_LEN];
	struct in_addr vip;

	ck_assert_int_eq(inet_pton(AF_INET, "10.99.0.50", &vip), 1);
	vrrp_garp_build(frame, mac, vip);
	ck_assert_mem_eq(frame + 6, mac, 6);
	ck_assert_mem_eq(frame + 22, mac, 6);
	ck_assert_mem_eq(frame + 28, "\x0a\x63\x00\x32", 4);
	ck_assert_mem_eq(frame + 38, "\x0a\x63\x00\x32", 4);
	ck_assert_mem_eq(frame + 32, "\0\0\0\0\0\0", 6);
}
END_TEST

/* vrrp_garp_interval / vrrp_gna_interval: one slot per gap per interface */
START_TEST(test_pace)
{
	struct vrrp_garp_pace p = { 0 }, q = { 0 };

	ck_assert_uint_eq(vrrp_garp_pace_gap_ms(0), 0);
	ck_assert_uint_eq(vrrp_garp_pace_gap_ms(1), 1);          /* keepalived's 0.000001 */
	ck_assert_uint_eq(vrrp_garp_pace_gap_ms(1000), 1);
	ck_assert_uint_eq(vrrp_garp_pace_gap_ms(1001), 2);
	ck_assert_uint_eq(vrrp_garp_pace_gap_ms(UINT32_MAX), 4294968);
	/* no gap: everything at once, nothing remembered */
	for (int i = 0; i < 10; i++)
		ck_assert_uint_eq(vrrp_garp_pace_take(&p, 100, 0), 0);
	ck_assert_uint_eq(p.next_ms, 0);
	/* gap 5 ms: a burst of 3 at t=100 leaves at 100, 105, 110 */
	ck_assert_uint_eq(vrrp_garp_pace_take(&p, 100, 5), 0);
	ck_assert_uint_eq(vrrp_garp_pace_take(&p, 100, 5), 105);
	ck_assert_uint_eq(vrrp_garp_pace_take(&p, 104, 5), 105);  /* early timer */
	ck_assert_uint_eq(vrrp_garp_pace_take(&p, 105, 5), 0);
	ck_assert_uint_eq(vrrp_garp_pace_take(&p, 105, 5), 110);
	ck_assert_uint_eq(vrrp_garp_pace_take(&p, 112, 5), 0);    /* late timer: from now */
	ck_assert_uint_eq(p.next_ms, 117);
	/* another interface has its own slots */
	ck_assert_uint_eq(vrrp_garp_pace_take(&q, 113, 5), 0);
	/* long after: no debt carried over */
	ck_assert_uint_eq(vrrp_garp_pace_take(&p, 1000, 5), 0);
	ck_assert_uint_eq(vrrp_garp_pace_take(&p, 1000, 5), 1005);
	/* a stall between the slot (2000) and the send (2300): the next
	 * message waits the gap from the send, not from the slot */
	ck_assert_uint_eq(vrrp_garp_pace_take(&p, 2000, 300), 0);
	vrrp_garp_pace_sent(&p, 2300, 300);
	ck_assert_uint_eq(vrrp_garp_pace_take(&p, 2300, 300), 2600);
	/* sent at once: the slot's time stands */
	ck_assert_uint_eq(vrrp_garp_pace_take(&p, 2600, 300), 0);
	vrrp_garp_pace_sent(&p, 2600, 300);
	ck_assert_uint_eq(p.next_ms, 2900);
	vrrp_garp_pace_sent(&p, 2600, 0);                         /* no pacing: no change */
	ck_assert_uint_eq(p.next_ms, 2900);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("garp");
	TCase *tc = tcase_create("frame");

	tcase_add_test(tc, test_golden);
	tcase_add_test(tc, test_other_vip);
	tcase_add_test(tc, test_pace);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
