/* PING_CHECK's packets, pure: the ICMP / ICMPv6 echo request and the
 * reading of what a raw ICMP socket returns (an echo reply, or a
 * destination unreachable quoting one of our requests).  No I/O, no
 * logging: the caller (check/ping.c) counts what is dropped. */
#ifndef FLOATD_CHECK_PING_PKT_H
#define FLOATD_CHECK_PING_PKT_H

#include <stddef.h>
#include <stdint.h>

#define CHECK_PING_COOKIE_LEN 8
#define CHECK_PING_DATA_LEN 56       /* ping(8)'s default: 64-byte ICMP messages */
#define CHECK_PING_REQ_LEN (8 + CHECK_PING_DATA_LEN)

/* An echo request: type 8 (IPv4) / 128 (IPv6), `id`, `seq`, then the
 * socket's cookie and a pattern.  IPv4: checksum filled; IPv6: 0 (the
 * kernel computes ICMPv6 checksums on raw sockets).  Returns
 * CHECK_PING_REQ_LEN, or 0 if `size` is too small. */
size_t check_ping_build(int family, uint16_t id, uint16_t seq,
                        const uint8_t cookie[CHECK_PING_COOKIE_LEN], uint8_t *buf, size_t size);

enum check_ping_rx {
	CHECK_PING_RX_REPLY,         /* our echo reply: id, seq */
	CHECK_PING_RX_UNREACH,       /* destination unreachable quoting our request */
	CHECK_PING_RX_SHORT,         /* truncated or malformed */
	CHECK_PING_RX_CHECKSUM,      /* IPv4 ICMP checksum wrong */
	CHECK_PING_RX_OTHER,         /* another ICMP type (the filter let it through) */
	CHECK_PING_RX_FOREIGN,       /* someone else's echo (id or data differ) */
	CHECK_PING_RX_MAX
};
const char *check_ping_rx_name(enum check_ping_rx);

struct check_ping_msg {
	uint16_t id, seq;
	uint8_t type, code;          /* of the ICMP message received */
	uint8_t dst[16];             /* UNREACH: the quoted request's destination */
};

/* `buf`: one datagram of a raw socket: IPv4 with its IP header, IPv6
 * from the ICMPv6 header on.  A reply counts as ours when its id is `id`
 * and its data start with `cookie`; an unreachable when the request it
 * quotes has our id (the quote may stop after the ICMP header). */
enum check_ping_rx check_ping_parse(int family, const uint8_t *buf, size_t len, uint16_t id,
                                    const uint8_t cookie[CHECK_PING_COOKIE_LEN],
                                    struct check_ping_msg *out);

/* "host unreachable", "port unreachable", "code 9" (IPv4 / IPv6 codes) */
const char *check_ping_unreach_name(int family, uint8_t code);

#endif
