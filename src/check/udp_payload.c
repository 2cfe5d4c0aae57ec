/* UDP_CHECK data (see udp_payload.h).  Pure: no I/O, no logging. */
#include <string.h>

#include "check/udp_payload.h"

#define HEX_BAD 0xff
#define HEX_ANY 0xfe

static uint8_t hex_digit(char c, bool wildcard)
{
	if (c >= '0' && c <= '9')
		return (uint8_t)(c - '0');
	if (c >= 'a' && c <= 'f')
		return (uint8_t)(c - 'a' + 10);
	if (c >= 'A' && c <= 'F')
		return (uint8_t)(c - 'A' + 10);
	if (wildcard && (c == 'x' || c == 'X'))
		return HEX_ANY;
	return HEX_BAD;
}

size_t check_udp_hex_parse(const char *s, bool wildcard, uint8_t *data, uint8_t *mask,
                           size_t size)
{
	size_t n = 0;

	for (;;) {
		uint8_t hi, lo, val, m = 0;

		while (*s == ' ' || *s == '\t')
			s++;
		if (!*s)
			break;
		hi = hex_digit(*s++, wildcard);
		if (hi == HEX_BAD)
			return 0;
		if (hi == HEX_ANY) {
			hi = 0;
			m = 0x0f;
		}
		val = hi;
		if (*s && *s != ' ' && *s != '\t') {
			lo = hex_digit(*s++, wildcard);
			if (lo == HEX_BAD)
				return 0;
			m = (uint8_t)(m << 4);
			if (lo == HEX_ANY) {
				lo = 0;
				m |= 0x0f;
			}
			val = (uint8_t)(hi << 4 | lo);
		}
		if (n >= size)
			return 0;
		data[n] = val;
		if (mask)
			mask[n] = m;
		n++;
	}
	return n;
}

bool check_udp_reply_ok(const struct check_udp_conf *u, const uint8_t *buf, size_t len)
{
	size_t n = u->reply_len < len ? u->reply_len : len;

	if (len < u->min_reply_len || len > u->max_reply_len)
		return false;
	for (size_t i = 0; i < n; i++) {
		uint8_t care = u->reply_mask ? (uint8_t)~u->reply_mask[i] : 0xff;

		if ((buf[i] ^ u->reply[i]) & care)
			return false;
	}
	return true;
}

size_t check_udp_default_payload(uint8_t *buf, size_t size)
{
	static const char text[] = "floatd UDP_CHECK - ";
	size_t n = size < CHECK_UDP_DEFAULT_LEN ? size : CHECK_UDP_DEFAULT_LEN;

	for (size_t i = 0; i < n; i++)
		buf[i] = (uint8_t)text[i % (sizeof(text) - 1)];
	return n;
}
