/* PING_CHECK packets (see ping_pkt.h).  RFC 792 (ICMP echo, destination
 * unreachable), RFC 4443 (ICMPv6 echo 128/129, destination unreachable 1).
 * Pure: no I/O, no logging. */
#include <string.h>
#include <sys/socket.h>

#include "check/ping_pkt.h"

#define ICMP4_ECHO 8
#define ICMP4_REPLY 0
#define ICMP4_UNREACH 3
#define ICMP6_ECHO 128
#define ICMP6_REPLY 129
#define ICMP6_UNREACH 1
#define IP6_HDR_LEN 40
#define IPPROTO_ICMP4 1
#define IPPROTO_ICMP6 58

static const char *const rx_names[CHECK_PING_RX_MAX] = {
	[CHECK_PING_RX_REPLY] = "reply",
	[CHECK_PING_RX_UNREACH] = "unreachable",
	[CHECK_PING_RX_SHORT] = "short",
	[CHECK_PING_RX_CHECKSUM] = "bad checksum",
	[CHECK_PING_RX_OTHER] = "other type",
	[CHECK_PING_RX_FOREIGN] = "not ours",
};

const char *check_ping_rx_name(enum check_ping_rx r)
{
	return (unsigned)r < CHECK_PING_RX_MAX ? rx_names[r] : "?";
}

/* RFC 1071 */
static uint16_t inet_sum(const uint8_t *p, size_t len)
{
	uint32_t sum = 0;

	for (size_t i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (len & 1)
		sum += (uint32_t)p[len - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

size_t check_ping_build(int family, uint16_t id, uint16_t seq,
                        const uint8_t cookie[CHECK_PING_COOKIE_LEN], uint8_t *buf, size_t size)
{
	uint16_t sum;

	if (size < CHECK_PING_REQ_LEN)
		return 0;
	memset(buf, 0, CHECK_PING_REQ_LEN);
	buf[0] = family == AF_INET6 ? ICMP6_ECHO : ICMP4_ECHO;
	buf[4] = (uint8_t)(id >> 8);
	buf[5] = (uint8_t)id;
	buf[6] = (uint8_t)(seq >> 8);
	buf[7] = (uint8_t)seq;
	memcpy(buf + 8, cookie, CHECK_PING_COOKIE_LEN);
	for (size_t i = 8 + CHECK_PING_COOKIE_LEN; i < CHECK_PING_REQ_LEN; i++)
		buf[i] = (uint8_t)i;   /* ping(8)'s pattern: the offset */
	if (family != AF_INET6) {
		sum = inet_sum(buf, CHECK_PING_REQ_LEN);
		buf[2] = (uint8_t)(sum >> 8);
		buf[3] = (uint8_t)sum;
	}
	return CHECK_PING_REQ_LEN;
}

/* The request quoted by a destination unreachable: `q` is the quoted IP
 * header (RFC 792: IP header + 64 bits of the datagram). */
static enum check_ping_rx parse_quote(int family, const uint8_t *q, size_t len, uint16_t id,
                                      struct check_ping_msg *out)
{
	size_t hl;

	if (family == AF_INET6) {
		if (len < IP6_HDR_LEN + 8)
			return CHECK_PING_RX_SHORT;
		if (q[6] != IPPROTO_ICMP6)   /* extension headers: not one of ours */
			return CHECK_PING_RX_FOREIGN;
		memcpy(out->dst, q + 24, 16);
		hl = IP6_HDR_LEN;
	} else {
		if (len < 20 || (q[0] >> 4) != 4)
			return CHECK_PING_RX_SHORT;
		hl = (size_t)(q[0] & 0x0f) * 4;
		if (hl < 20 || len < hl + 8)
			return CHECK_PING_RX_SHORT;
		if (q[9] != IPPROTO_ICMP4)
			return CHECK_PING_RX_FOREIGN;
		memcpy(out->dst, q + 16, 4);
	}
	if (q[hl] != (family == AF_INET6 ? ICMP6_ECHO : ICMP4_ECHO) || get16(q + hl + 4) != id)
		return CHECK_PING_RX_FOREIGN;
	out->id = id;
	out->seq = get16(q + hl + 6);
	return CHECK_PING_RX_UNREACH;
}

enum check_ping_rx check_ping_parse(int family, const uint8_t *buf, size_t len, uint16_t id,
                                    const uint8_t cookie[CHECK_PING_COOKIE_LEN],
                                    struct check_ping_msg *out)
{
	const uint8_t *icmp = buf;
	size_t ilen = len;

	memset(out, 0, sizeof(*out));
	if (family != AF_INET6) {
		size_t hl;

		if (len < 20 || (buf[0] >> 4) != 4)
			return CHECK_PING_RX_SHORT;
		hl = (size_t)(buf[0] & 0x0f) * 4;
		if (hl < 20 || len < hl)
			return CHECK_PING_RX_SHORT;
		icmp = buf + hl;
		ilen = len - hl;
	}
	if (ilen < 8)
		return CHECK_PING_RX_SHORT;
	out->type = icmp[0];
	out->code = icmp[1];
	if (family != AF_INET6 && inet_sum(icmp, ilen) != 0)
		return CHECK_PING_RX_CHECKSUM;
	if (icmp[0] == (family == AF_INET6 ? ICMP6_UNREACH : ICMP4_UNREACH))
		return parse_quote(family, icmp + 8, ilen - 8, id, out);
	if (icmp[0] != (family == AF_INET6 ? ICMP6_REPLY : ICMP4_REPLY))
		return CHECK_PING_RX_OTHER;
	if (get16(icmp + 4) != id || ilen < 8 + CHECK_PING_COOKIE_LEN ||
	    memcmp(icmp + 8, cookie, CHECK_PING_COOKIE_LEN) != 0)
		return CHECK_PING_RX_FOREIGN;
	out->id = id;
	out->seq = get16(icmp + 6);
	return CHECK_PING_RX_REPLY;
}

const char *check_ping_unreach_name(int family, uint8_t code)
{
	static const char *const v4[] = { "network unreachable", "host unreachable",
		"protocol unreachable", "port unreachable", "fragmentation needed",
		"source route failed", "network unknown", "host unknown", "source host isolated",
		"network prohibited", "host prohibited", "network unreachable for TOS",
		"host unreachable for TOS", "administratively prohibited" };
	static const char *const v6[] = { "no route", "administratively prohibited",
		"beyond scope of source", "address unreachable", "port unreachable",
		"source address failed policy", "reject route" };

	if (family == AF_INET6)
		return code < sizeof(v6) / sizeof(v6[0]) ? v6[code] : "unreachable";
	return code < sizeof(v4) / sizeof(v4[0]) ? v4[code] : "unreachable";
}
