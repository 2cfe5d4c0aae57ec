/* The checker socketpair's messages, both ways: fixed 48-byte records over
 * a SOCK_SEQPACKET socketpair (one record per datagram).  The child reports
 * health (up/down/weight, IPVS unavailable, heartbeat, reload results); the
 * parent sends one message, RELOAD, which carries a sealed configuration
 * snapshot memfd as SCM_RIGHTS ancillary data (check/channel.h).
 * Encode/decode are pure; the receiver logs and counts what the decoder
 * rejects.  Integers are big-endian so a capture reads the same on any host.
 *
 * Generations: the vs/rs indexes are positions in the configuration the
 * child runs.  A child starts at generation 0 with the snapshot it was
 * started with; each RELOAD the parent sends to that child carries the
 * next generation, and every child message says the generation its
 * indexes belong to, so the parent drops a report numbered for a
 * configuration it has already replaced (in flight while the reload
 * crossed it). */
#ifndef FLOATD_CHECK_PROTO_H
#define FLOATD_CHECK_PROTO_H

#include <stddef.h>
#include <stdint.h>

#define CHECK_PROTO_LEN 48
#define CHECK_PROTO_MAGIC 0x46   /* 'F' */
#define CHECK_PROTO_VERSION 2   /* 2: generation at byte 44, reload messages */

enum check_msg_type {
	CHECK_MSG_HEARTBEAT = 1,      /* count = checks completed so far */
	CHECK_MSG_RS_UP,              /* real server healthy; weight = effective */
	CHECK_MSG_RS_DOWN,            /* real server failed; why = last reason */
	CHECK_MSG_RS_WEIGHT,          /* misc_dynamic changed the weight */
	CHECK_MSG_IPVS_UNAVAILABLE,   /* count = errno */
	/* parent -> child: gen = the new generation; a snapshot memfd rides
	 * along as SCM_RIGHTS (a RELOAD without one is rejected) */
	CHECK_MSG_RELOAD,
	/* child -> parent: count = the generation that was offered; gen = the
	 * one now running (= count on success, the previous one on failure);
	 * why = enum check_reload_result; vs/rs/weight = real servers added,
	 * removed, changed (success only) */
	CHECK_MSG_RELOAD_RESULT,
	CHECK_MSG_TYPE_MAX
};

struct check_msg {
	enum check_msg_type type;
	uint32_t vs, rs;              /* indexes in config order */
	int32_t weight;
	int family;                   /* AF_INET, AF_INET6 or 0 (no address) */
	uint8_t addr[16];             /* real server address (4 bytes used for v4) */
	uint16_t port;
	uint8_t why;                  /* enum check_why of the last attempt */
	uint32_t seq;                 /* per-child message counter */
	uint32_t count;
	uint32_t gen;                 /* configuration generation (see above) */
};

enum check_reload_result {
	CHECK_RELOAD_OK,
	CHECK_RELOAD_BAD_SNAPSHOT,    /* no fd, not sealed, undecodable */
	CHECK_RELOAD_CONF_ERRORS,     /* the lexer/parser reported errors (logged) */
	CHECK_RELOAD_NO_MEMORY,
	CHECK_RELOAD_RESULT_MAX
};
const char *check_reload_result_name(enum check_reload_result);

enum check_proto_err {
	CHECK_PROTO_OK,
	CHECK_PROTO_BAD_LEN,
	CHECK_PROTO_BAD_MAGIC,
	CHECK_PROTO_BAD_VERSION,
	CHECK_PROTO_BAD_TYPE,
	CHECK_PROTO_BAD_FAMILY,
	CHECK_PROTO_ERR_MAX
};

const char *check_msg_type_name(enum check_msg_type);
const char *check_proto_err_name(enum check_proto_err);
/* Returns 0, or -1 for a message that cannot be encoded (bad type/family). */
int check_proto_encode(const struct check_msg *, uint8_t out[CHECK_PROTO_LEN]);
enum check_proto_err check_proto_decode(const uint8_t *buf, size_t len, struct check_msg *);

#endif
