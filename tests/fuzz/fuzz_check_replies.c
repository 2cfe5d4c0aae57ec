/* libFuzzer harness for what DNS_CHECK and SMTP_CHECK read from a real
 * server: the DNS reply test (src/check/dns_msg.c) and the SMTP
 * conversation machine (src/check/smtp_proto.c).  Byte 0 picks which;
 * DNS: a name from the next bytes up to a NUL is built into a query, the
 * rest is the reply; SMTP: the rest arrives in chunks whose sizes come
 * from the input.  Seeds: tests/fuzz/corpus_check_replies/. */
#include <stdlib.h>
#include <string.h>

#include "check/dns_msg.h"
#include "check/smtp_proto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FZ_CHECK(c) do { if (!(c)) abort(); } while (0)

static void fz_dns(const uint8_t *data, size_t size)
{
	uint8_t q[CHECK_DNS_QUERY_MAX], *r;
	char name[CHECK_DNS_NAME_MAX + 8];
	const uint8_t *nul = memchr(data, 0, size < sizeof(name) ? size : sizeof(name));
	size_t nlen = nul ? (size_t)(nul - data) : 0;
	enum check_dns_verdict v;
	unsigned rcode;
	int qlen;

	memcpy(name, data, nlen);
	name[nlen] = '\0';
	qlen = check_dns_query_build(q, sizeof(q), 0x5151, name, 1);
	FZ_CHECK((qlen < 0) == (check_dns_name_check(name) != CHECK_DNS_NAME_OK));
	if (qlen < 0)
		qlen = check_dns_query_build(q, sizeof(q), 0x5151, "", 1);
	FZ_CHECK(qlen >= CHECK_DNS_HDR_LEN + 5 && qlen <= CHECK_DNS_QUERY_MAX);
	data += nul ? nlen + 1 : 0;
	size -= nul ? nlen + 1 : 0;
	/* an exact-size copy, so that ASan sees any read past the end */
	r = malloc(size ? size : 1);
	if (r == NULL)
		return;
	memcpy(r, data, size);
	v = check_dns_reply_check(q, (size_t)qlen, r, size, &rcode);
	FZ_CHECK(check_dns_verdict_name(v)[0] != '?');
	FZ_CHECK(rcode < 16);
	if (v == CHECK_DNS_OK)
		FZ_CHECK(size >= (size_t)qlen && rcode == 0 && r[0] == 0x51 && r[1] == 0x51);
	if (v == CHECK_DNS_RCODE)
		FZ_CHECK(rcode != 0);
	free(r);
}

static void fz_smtp(const uint8_t *data, size_t size)
{
	struct check_smtp_proto s;
	enum check_smtp_action a = CHECK_SMTP_ACT_WAIT;
	unsigned sends = 0;
	char why[256];

	check_smtp_proto_init(&s, "fuzz.example");
	while (size > 0) {
		size_t n = 1 + data[0] % 64;

		data++, size--;
		if (n > size)
			n = size;
		a = check_smtp_proto_feed(&s, (const char *)data, n);
		data += n, size -= n;
		while (a == CHECK_SMTP_ACT_SEND) {
			FZ_CHECK(++sends <= 2);     /* HELO and QUIT, never more */
			FZ_CHECK(s.out_len > 2 && s.out_len <= CHECK_SMTP_LINE_MAX);
			FZ_CHECK(memcmp(s.out + s.out_len - 2, "\r\n", 2) == 0);
			a = check_smtp_proto_feed(&s, NULL, 0);
		}
		FZ_CHECK(s.line_len <= sizeof(s.line));
		if (a != CHECK_SMTP_ACT_WAIT)
			break;
	}
	if (a == CHECK_SMTP_ACT_WAIT)
		a = check_smtp_proto_eof(&s);
	FZ_CHECK(a == CHECK_SMTP_ACT_UP || a == CHECK_SMTP_ACT_DOWN);
	FZ_CHECK((a == CHECK_SMTP_ACT_UP) == (s.fail == CHECK_SMTP_FAIL_NONE));
	if (a == CHECK_SMTP_ACT_UP)
		FZ_CHECK(sends == 2);
	check_smtp_proto_describe(&s, why, sizeof(why));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	if (data[0] & 1)
		fz_smtp(data + 1, size - 1);
	else
		fz_dns(data + 1, size - 1);
	return 0;
}
