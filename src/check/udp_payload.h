/* UDP_CHECK's data, pure: keepalived's hex strings (payload, require_reply
 * with 'X' wildcard nibbles), the reply test (length bounds, then the
 * bytes both have, masked) and the text sent when no payload is given.
 * No I/O, no logging: unit-tested by check_udp_ping. */
#ifndef FLOATD_CHECK_UDP_PAYLOAD_H
#define FLOATD_CHECK_UDP_PAYLOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CHECK_UDP_DEFAULT_LEN 32        /* keepalived sends 32 bytes without payload */
#define CHECK_UDP_MAX_REPLY_DEFAULT 255 /* keepalived's max_reply_length default */
#define CHECK_UDP_HEX_MAX 65535         /* keepalived keeps the length in 16 bits */

/* UDP_CHECK's own settings (struct checker_conf's `udp`). */
struct check_udp_conf {
	uint8_t *payload;             /* NULL: CHECK_UDP_DEFAULT_LEN bytes of text */
	size_t payload_len;
	bool require_reply;           /* a reply must come (else a timeout is success) */
	uint8_t *reply;               /* require_reply HEX: expected leading bytes; NULL = any */
	uint8_t *reply_mask;          /* 0x0f / 0xf0 bits = wildcard nibbles; NULL = none */
	size_t reply_len;
	uint32_t min_reply_len;       /* default 0; only with reply bytes (keepalived) */
	uint32_t max_reply_len;       /* default 255 */
};

/* keepalived's read_hex_str: hex digit pairs, blanks between bytes; a lone
 * digit before a blank or the end is a byte of its own; with `wildcard` an
 * 'X'/'x' digit matches any nibble (its mask bits set).  Fills data (and
 * mask when not NULL; all zero without wildcards) up to `size` bytes.
 * Returns the number of bytes, 0 for an empty or invalid string or one
 * longer than `size`. */
size_t check_udp_hex_parse(const char *s, bool wildcard, uint8_t *data, uint8_t *mask,
                           size_t size);

/* keepalived's check_udp_reply, as a verdict: the reply's length must be
 * within [min_reply_len, max_reply_len], and the first min(len,
 * reply_len) bytes must equal `reply` outside the mask.  True = good. */
bool check_udp_reply_ok(const struct check_udp_conf *, const uint8_t *buf, size_t len);

/* The text sent without a payload (CHECK_UDP_DEFAULT_LEN bytes, so a
 * server sees what floatd is); returns the bytes written (<= size). */
size_t check_udp_default_payload(uint8_t *buf, size_t size);

#endif
