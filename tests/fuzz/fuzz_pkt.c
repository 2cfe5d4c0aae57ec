/* libFuzzer harness for the VRRP decoder (src/vrrp/pkt.c).  Input: one
 * flag byte, then the VRRP message.  Whatever decodes must re-encode to a
 * message that decodes to the same fields, match itself as an instance,
 * and drive the FSM without upsetting it.  Seeds: tests/fuzz/corpus_pkt/. */
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "vrrp/fsm.h"
#include "vrrp/pkt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FZ_CHECK(c) do { if (!(c)) abort(); } while (0)

/* Flag byte:
 *   bit 0     family: 0 IPv4, 1 IPv6
 *   bit 1     TTL 254 instead of 255 (must always drop)
 *   bits 2-3  source address: the keepalived capture's, or variants
 *   bit 4     destination: multicast group or a unicast peer
 *   bit 5     fix up the checksum first, so mutations get past it
 *   bit 6     ... using the pseudo-header (else over the message only)
 *   bit 7     FSM: preempt (other FSM parameters come from the packet) */
static void
fz_addrs(uint8_t flags, int family, union vrrp_addr *src, union vrrp_addr *dst)
{
	static const uint8_t src4[4][4] = {
		{ 192, 0, 2, 1 }, { 192, 0, 2, 2 }, { 10, 0, 0, 1 }, { 255, 255, 255, 255 },
	};
	static const uint8_t dst4[2][4] = { { 224, 0, 0, 18 }, { 192, 0, 2, 9 } };
	static const uint8_t ll6[8] = { 0xb4, 0xec, 0x77, 0xff, 0xfe, 0x4a, 0xd6, 0xe7 };

	memset(src, 0, sizeof *src);
	memset(dst, 0, sizeof *dst);
	if (family == AF_INET) {
		memcpy(&src->v4, src4[(flags >> 2) & 3], 4);
		memcpy(&dst->v4, dst4[(flags >> 4) & 1], 4);
		return;
	}
	src->v6.s6_addr[0] = 0xfe;
	src->v6.s6_addr[1] = 0x80;
	memcpy(&src->v6.s6_addr[8], ll6, 8);
	src->v6.s6_addr[15] ^= (uint8_t)((flags >> 2) & 3);
	if ((flags >> 4) & 1) {
		dst->v6 = src->v6;
		dst->v6.s6_addr[15] ^= 0x80;
	} else {
		dst->v6.s6_addr[0] = 0xff;
		dst->v6.s6_addr[1] = 0x02;
		dst->v6.s6_addr[15] = 0x12;
	}
}

static void
fz_fsm(uint8_t flags, const struct vrrp_pkt *pkt)
{
	struct vrrp_fsm_params p;
	struct vrrp_fsm f;
	struct vrrp_event ev;
	struct vrrp_actions out;
	int k;

	memset(&p, 0, sizeof p);
	p.version = pkt->version;
	p.adver_int_ms = (uint32_t)pkt->adver_int_cs * 10 + 10;
	p.preempt = (flags >> 7) & 1;
	p.preempt_delay_ms = (pkt->naddr & 1) ? 5000 : 0;
	p.want_master = (pkt->naddr & 2) != 0;
	p.lower_prio_no_advert = (pkt->naddr & 4) != 0;
	vrrp_fsm_init(&f, &p, pkt->vrid);   /* any byte serves as our priority */
	memset(&ev, 0, sizeof ev);
	FZ_CHECK(vrrp_fsm_step(&f, &ev, 1000, &out) == 0);
	/* feed it as an advert, then a timer, in every state reached */
	for (k = 0; k < 4; k++) {
		memset(&ev, 0, sizeof ev);
		ev.kind = (k & 1) ? VRRP_EV_TIMER : VRRP_EV_ADVERT;
		ev.adv_priority = pkt->priority;
		ev.adv_interval_cs = pkt->adver_int_cs;
		ev.adv_addr_cmp = pkt->naddr > 0 ? (int)(pkt->addrs[0].v4.s_addr % 3) - 1 : 0;
		if (vrrp_fsm_step(&f, &ev, 2000 + (uint64_t)k * 4000, &out) == 0) {
			FZ_CHECK(out.n <= VRRP_ACTIONS_MAX);
			FZ_CHECK(!out.changed || out.reason != NULL);
		}
		FZ_CHECK(f.state < VRRP_STATE_MAX);
	}
}

/* Write a valid checksum into msg (len >= VRRP_HDR_LEN). */
static void
fz_fix_csum(uint8_t flags, const struct vrrp_rx *rx, uint8_t *msg)
{
	uint8_t ph[40];
	size_t plen, alen = rx->family == AF_INET ? 4 : 16;
	uint32_t init = 0;
	uint16_t c;

	msg[6] = msg[7] = 0;
	if (flags & 0x40) {
		memset(ph, 0, sizeof ph);
		memcpy(ph, &rx->src, alen);
		memcpy(ph + alen, &rx->dst, alen);
		if (rx->family == AF_INET) {
			ph[9] = VRRP_IPPROTO;
			ph[10] = (uint8_t)(rx->len >> 8);
			ph[11] = (uint8_t)rx->len;
			plen = 12;
		} else {
			ph[34] = (uint8_t)(rx->len >> 8);
			ph[35] = (uint8_t)rx->len;
			ph[39] = VRRP_IPPROTO;
			plen = 40;
		}
		/* the folded sum of the pseudo-header seeds the message's */
		init = (uint16_t)~vrrp_pkt_csum(ph, plen, 0);
	}
	c = vrrp_pkt_csum(msg, rx->len, init);
	msg[6] = (uint8_t)(c >> 8);
	msg[7] = (uint8_t)c;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct vrrp_pkt pkt, pkt2;
	static uint8_t buf[VRRP_PKT_MAX];
	struct vrrp_pkt_expect exp;
	struct vrrp_rx rx;
	enum vrrp_drop d;
	uint8_t flags, *msg;
	size_t alen;
	int n;

	if (size < 1)
		return 0;
	flags = data[0];
	memset(&rx, 0, sizeof rx);
	rx.family = (flags & 1) ? AF_INET6 : AF_INET;
	rx.ttl = (flags & 2) ? 254 : 255;
	fz_addrs(flags, rx.family, &rx.src, &rx.dst);
	rx.len = size - 1;
	/* an exact-size copy, so that ASan sees any read past the end */
	msg = malloc(rx.len ? rx.len : 1);
	if (msg == NULL)
		return 0;
	memcpy(msg, data + 1, rx.len);
	if ((flags & 0x20) && rx.len >= VRRP_HDR_LEN)
		fz_fix_csum(flags, &rx, msg);
	rx.data = msg;
	d = vrrp_pkt_decode(&rx, &pkt);
	free(msg);
	FZ_CHECK((unsigned)d < VRRP_DROP_MAX);
	if (flags & 2)
		FZ_CHECK(d == VRRP_DROP_TTL);
	if (d != VRRP_DROP_NONE)
		return 0;

	/* round trip */
	n = vrrp_pkt_encode(&pkt, &rx.src, &rx.dst, pkt.csum_form, buf, sizeof buf);
	if (pkt.version == 2 && pkt.adver_int_cs == 0) {
		FZ_CHECK(n == -1);     /* an interval of 0 s cannot be sent */
		return 0;
	}
	FZ_CHECK(n > 0 && (size_t)n <= rx.len);
	rx.data = buf;
	rx.len = (size_t)n;
	FZ_CHECK(vrrp_pkt_decode(&rx, &pkt2) == VRRP_DROP_NONE);
	alen = pkt.family == AF_INET ? 4 : 16;
	FZ_CHECK(pkt2.version == pkt.version && pkt2.vrid == pkt.vrid &&
	         pkt2.priority == pkt.priority && pkt2.naddr == pkt.naddr &&
	         pkt2.adver_int_cs == pkt.adver_int_cs && pkt2.auth_type == pkt.auth_type &&
	         pkt2.csum_form == pkt.csum_form);
	FZ_CHECK(memcmp(pkt2.addrs, pkt.addrs, pkt.naddr * alen) == 0);
	if (pkt.auth_type == VRRP_AUTH_PASS)
		FZ_CHECK(memcmp(pkt2.auth_data, pkt.auth_data, VRRP_AUTH_LEN) == 0);

	/* a packet always matches the instance it describes */
	memset(&exp, 0, sizeof exp);
	exp.version = pkt.version;
	exp.adver_int_cs = pkt.adver_int_cs;
	exp.auth_type = pkt.auth_type;
	memcpy(exp.auth_data, pkt.auth_data, VRRP_AUTH_LEN);
	exp.naddr = pkt.naddr;
	exp.addrs = pkt2.addrs;
	FZ_CHECK(vrrp_pkt_check_instance(&pkt, &exp) == VRRP_DROP_NONE);
	/* and a shorter list only if the sender is the owner */
	if (pkt.naddr > 0) {
		exp.naddr = (uint8_t)(pkt.naddr - 1);
		d = vrrp_pkt_check_instance(&pkt, &exp);
		FZ_CHECK(d == (pkt.priority == 255 ? VRRP_DROP_NONE : VRRP_DROP_ADDR_LIST));
	}

	fz_fsm(flags, &pkt);
	return 0;
}
