/* libFuzzer harness for the checker socketpair's records
 * (src/check/proto.c), which each side decodes from a socket the other
 * writes: whatever decodes must re-encode and decode to the same message,
 * and every rejection is a known reason.  Seeds: tests/fuzz/corpus_checkproto/. */
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "check/proto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FZ_CHECK(c) do { if (!(c)) abort(); } while (0)

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct check_msg m, m2;
	uint8_t out[CHECK_PROTO_LEN], *buf;
	enum check_proto_err e;

	/* an exact-size copy, so that ASan sees any read past the end */
	buf = malloc(size ? size : 1);
	if (buf == NULL)
		return 0;
	memcpy(buf, data, size);
	e = check_proto_decode(buf, size, &m);
	free(buf);
	FZ_CHECK((unsigned)e < CHECK_PROTO_ERR_MAX);
	FZ_CHECK(check_proto_err_name(e) != NULL);
	if (size != CHECK_PROTO_LEN)
		FZ_CHECK(e == CHECK_PROTO_BAD_LEN);
	if (e != CHECK_PROTO_OK)
		return 0;
	FZ_CHECK(m.type >= CHECK_MSG_HEARTBEAT && m.type < CHECK_MSG_TYPE_MAX);
	FZ_CHECK(check_msg_type_name(m.type) != NULL);
	FZ_CHECK(m.family == 0 || m.family == AF_INET || m.family == AF_INET6);
	FZ_CHECK(check_proto_encode(&m, out) == 0);
	FZ_CHECK(check_proto_decode(out, sizeof out, &m2) == CHECK_PROTO_OK);
	FZ_CHECK(m2.type == m.type && m2.vs == m.vs && m2.rs == m.rs && m2.weight == m.weight &&
	         m2.family == m.family && m2.port == m.port && m2.why == m.why &&
	         m2.seq == m.seq && m2.count == m.count && m2.gen == m.gen);
	FZ_CHECK(memcmp(m2.addr, m.addr, sizeof m.addr) == 0);
	/* the fields the decoder reads come back byte for byte */
	FZ_CHECK(memcmp(out, data, 19) == 0 && memcmp(out + 36, data + 36, 12) == 0);
	return 0;
}
