/* DNS_CHECK's query builder and reply test (see dns_msg.h).  RFC 1035
 * §4.1: 12-byte header, then the question as length-prefixed labels.
 * Pure: only bytes in, verdicts out. */
#include "config.h"

#include <string.h>
#include <strings.h>

#include "check/dns_msg.h"

static const struct {
	uint16_t type;
	const char *name;
} dns_types[] = {
	/* keepalived 2.2's DNS_TYPE[] table */
	{ 1, "A" }, { 2, "NS" }, { 5, "CNAME" }, { 6, "SOA" }, { 15, "MX" },
	{ 16, "TXT" }, { 28, "AAAA" }, { 46, "RRSIG" }, { 48, "DNSKEY" },
};

uint16_t check_dns_type_parse(const char *s)
{
	for (size_t i = 0; i < sizeof(dns_types) / sizeof(dns_types[0]); i++)
		if (strcasecmp(s, dns_types[i].name) == 0)
			return dns_types[i].type;
	return 0;
}

const char *check_dns_type_name(uint16_t type)
{
	for (size_t i = 0; i < sizeof(dns_types) / sizeof(dns_types[0]); i++)
		if (dns_types[i].type == type)
			return dns_types[i].name;
	return "?";
}

/* the root: "" or "." (keepalived sends a single zero byte for both) */
static int dns_is_root(const char *name)
{
	return name[0] == '\0' || (name[0] == '.' && name[1] == '\0');
}

enum check_dns_name_err check_dns_name_check(const char *name)
{
	size_t len = strlen(name), label = 0;

	if (dns_is_root(name))
		return CHECK_DNS_NAME_OK;
	if (name[len - 1] == '.')
		len--;                  /* one trailing dot: fully qualified */
	if (len > CHECK_DNS_NAME_MAX)
		return CHECK_DNS_NAME_TOO_LONG;
	for (size_t i = 0; i < len; i++) {
		if (name[i] != '.') {
			if (++label > 63)
				return CHECK_DNS_NAME_LABEL_LONG;
			continue;
		}
		if (label == 0)
			return CHECK_DNS_NAME_EMPTY_LABEL;
		label = 0;
	}
	return label == 0 ? CHECK_DNS_NAME_EMPTY_LABEL : CHECK_DNS_NAME_OK;
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

int check_dns_query_build(uint8_t *buf, size_t size, uint16_t id, const char *name,
                          uint16_t type)
{
	size_t n = CHECK_DNS_HDR_LEN;

	if (check_dns_name_check(name) != CHECK_DNS_NAME_OK || size < CHECK_DNS_QUERY_MAX)
		return -1;
	memset(buf, 0, CHECK_DNS_HDR_LEN);
	put16(buf, id);
	put16(buf + 2, 0x0100);      /* RD: keepalived asks for recursion */
	put16(buf + 4, 1);           /* QDCOUNT */
	if (!dns_is_root(name)) {
		const char *s = name;

		while (*s) {
			const char *dot = strchr(s, '.');
			size_t l = dot ? (size_t)(dot - s) : strlen(s);

			buf[n++] = (uint8_t)l;
			memcpy(buf + n, s, l);
			n += l;
			s += l + (dot != NULL);
		}
	}
	buf[n++] = 0;                /* the root label ends QNAME */
	put16(buf + n, type);
	put16(buf + n + 2, 1);       /* class IN */
	return (int)(n + 4);
}

/* ASCII case-insensitive (RFC 4343): a server may echo 0x20-mixed case */
static int dns_byte_eq(uint8_t a, uint8_t b)
{
	if (a >= 'A' && a <= 'Z')
		a = (uint8_t)(a + 32);
	if (b >= 'A' && b <= 'Z')
		b = (uint8_t)(b + 32);
	return a == b;
}

enum check_dns_verdict check_dns_reply_check(const uint8_t *q, size_t qlen, const uint8_t *r,
                                             size_t rlen, unsigned *rcode)
{
	uint16_t flags, qdcount;

	*rcode = 0;
	if (rlen < CHECK_DNS_HDR_LEN || qlen < CHECK_DNS_HDR_LEN)
		return CHECK_DNS_IGNORE_SHORT;
	if (get16(r) != get16(q))
		return CHECK_DNS_IGNORE_ID;
	flags = get16(r + 2);
	if (!(flags & 0x8000))
		return CHECK_DNS_IGNORE_QUERY;
	*rcode = flags & 0x000f;
	qdcount = get16(r + 4);
	/* an error reply may leave the question out (FORMERR, NOTIMP) */
	if (qdcount == 0 && *rcode != 0)
		return CHECK_DNS_RCODE;
	/* RFC 1035 §4.1.2: the question is copied back, uncompressed, first */
	if (qdcount != 1 || rlen < qlen)
		return CHECK_DNS_IGNORE_QUESTION;
	for (size_t i = CHECK_DNS_HDR_LEN; i < qlen; i++)
		if (!dns_byte_eq(q[i], r[i]))
			return CHECK_DNS_IGNORE_QUESTION;
	return *rcode == 0 ? CHECK_DNS_OK : CHECK_DNS_RCODE;
}

const char *check_dns_verdict_name(enum check_dns_verdict v)
{
	switch (v) {
	case CHECK_DNS_OK: return "ok";
	case CHECK_DNS_RCODE: return "error rcode";
	case CHECK_DNS_IGNORE_SHORT: return "too short";
	case CHECK_DNS_IGNORE_ID: return "other id";
	case CHECK_DNS_IGNORE_QUERY: return "not a response";
	case CHECK_DNS_IGNORE_QUESTION: return "other question";
	}
	return "?";
}

const char *check_dns_rcode_name(unsigned rcode)
{
	static const char *const names[] = { "NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN",
		                             "NOTIMP", "REFUSED" };

	return rcode < sizeof(names) / sizeof(names[0]) ? names[rcode] : "RCODE";
}
