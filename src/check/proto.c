/* Encoder/decoder of the checker's fixed records (layout in proto.h and
 * below).  Pure: no I/O, no logging.
 *   0 magic  1 version  2 type  3 family(0/4/6)  4 vs  8 rs  12 weight
 *  16 port  18 why  19 zero  20 addr[16]  36 seq  40 count  44 gen
 * (version 1 had zero at 44 and no reload messages: rejected as a bad version) */
#include <string.h>
#include <sys/socket.h>

#include "check/proto.h"

static void
put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static uint32_t
get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

const char *
check_msg_type_name(enum check_msg_type t)
{
	switch (t) {
	case CHECK_MSG_HEARTBEAT: return "heartbeat";
	case CHECK_MSG_RS_UP: return "rs-up";
	case CHECK_MSG_RS_DOWN: return "rs-down";
	case CHECK_MSG_RS_WEIGHT: return "rs-weight";
	case CHECK_MSG_IPVS_UNAVAILABLE: return "ipvs-unavailable";
	case CHECK_MSG_RELOAD: return "reload";
	case CHECK_MSG_RELOAD_RESULT: return "reload-result";
	case CHECK_MSG_TYPE_MAX: break;
	}
	return "?";
}

const char *
check_proto_err_name(enum check_proto_err e)
{
	static const char *const names[CHECK_PROTO_ERR_MAX] = {
		"ok", "bad length", "bad magic", "bad version", "bad type", "bad family",
	};

	return (unsigned)e < CHECK_PROTO_ERR_MAX ? names[e] : "?";
}

const char *
check_reload_result_name(enum check_reload_result r)
{
	static const char *const names[CHECK_RELOAD_RESULT_MAX] = {
		"applied", "bad snapshot", "configuration errors", "out of memory",
	};

	return (unsigned)r < CHECK_RELOAD_RESULT_MAX ? names[r] : "?";
}

int
check_proto_encode(const struct check_msg *m, uint8_t out[CHECK_PROTO_LEN])
{
	uint8_t fam;

	if (m->type < CHECK_MSG_HEARTBEAT || m->type >= CHECK_MSG_TYPE_MAX)
		return -1;
	if (m->family == AF_INET)
		fam = 4;
	else if (m->family == AF_INET6)
		fam = 6;
	else if (m->family == 0)
		fam = 0;
	else
		return -1;
	memset(out, 0, CHECK_PROTO_LEN);
	out[0] = CHECK_PROTO_MAGIC;
	out[1] = CHECK_PROTO_VERSION;
	out[2] = (uint8_t)m->type;
	out[3] = fam;
	put32(out + 4, m->vs);
	put32(out + 8, m->rs);
	put32(out + 12, (uint32_t)m->weight);
	out[16] = (uint8_t)(m->port >> 8);
	out[17] = (uint8_t)m->port;
	out[18] = m->why;
	/* v4 uses the first 4 bytes; the rest stays zero so equal messages
	 * encode to equal bytes. */
	if (fam != 0)
		memcpy(out + 20, m->addr, fam == 4 ? 4 : 16);
	put32(out + 36, m->seq);
	put32(out + 40, m->count);
	put32(out + 44, m->gen);
	return 0;
}

enum check_proto_err
check_proto_decode(const uint8_t *b, size_t len, struct check_msg *m)
{
	if (len != CHECK_PROTO_LEN)
		return CHECK_PROTO_BAD_LEN;
	if (b[0] != CHECK_PROTO_MAGIC)
		return CHECK_PROTO_BAD_MAGIC;
	if (b[1] != CHECK_PROTO_VERSION)
		return CHECK_PROTO_BAD_VERSION;
	if (b[2] < CHECK_MSG_HEARTBEAT || b[2] >= CHECK_MSG_TYPE_MAX)
		return CHECK_PROTO_BAD_TYPE;
	memset(m, 0, sizeof(*m));
	switch (b[3]) {
	case 0: m->family = 0; break;
	case 4: m->family = AF_INET; break;
	case 6: m->family = AF_INET6; break;
	default: return CHECK_PROTO_BAD_FAMILY;
	}
	m->type = (enum check_msg_type)b[2];
	m->vs = get32(b + 4);
	m->rs = get32(b + 8);
	m->weight = (int32_t)get32(b + 12);
	m->port = (uint16_t)(b[16] << 8 | b[17]);
	m->why = b[18];
	if (m->family != 0)
		memcpy(m->addr, b + 20, m->family == AF_INET ? 4 : 16);
	m->seq = get32(b + 36);
	m->count = get32(b + 40);
	m->gen = get32(b + 44);
	return CHECK_PROTO_OK;
}
