/* The control protocol between floatd and floatctl: one JSON document per
 * line each way, parsed and written with json-c.  Pure: no sockets, no
 * clock, no logging.
 *
 *   request:  {"version":1,"command":"status","args":{...}}
 *   answer:   {"version":1,"ok":true,"data":{...}}
 *             {"version":1,"ok":false,"error":"what went wrong"}
 *
 * A version this side does not speak is an error answer, never a guess. */
#ifndef FLOATD_CTL_PROTO_H
#define FLOATD_CTL_PROTO_H

#include <stddef.h>

struct json_object;

#define CTL_PROTO_VERSION 1
/* Largest request the daemon reads; longer ones get an error answer. */
#define CTL_PROTO_MAX_REQUEST (64 * 1024)

struct ctl_request {
	char command[64];
	struct json_object *args;    /* owned; an empty object when absent */
};

/* Parses one request (buf need not be NUL-terminated; a trailing newline is
 * allowed).  0, or -1 with *err set to a static message for the answer. */
int ctl_proto_parse_request(const char *buf, size_t len, struct ctl_request *out,
                            const char **err);
void ctl_proto_request_free(struct ctl_request *);

/* Encoders: a newly allocated line ending in '\n' (free() it), or NULL when
 * out of memory.  ctl_proto_answer_ok takes ownership of data (may be NULL). */
char *ctl_proto_answer_ok(struct json_object *data);
char *ctl_proto_answer_error(const char *message);
char *ctl_proto_request(const char *command, struct json_object *args);

/* Client side: decodes an answer.  Returns 1 ok (*data owned by the caller,
 * may be NULL), 0 error answer (*error owned by the caller, free()),
 * -1 not a valid answer (*error is a static description, do not free). */
int ctl_proto_parse_answer(const char *buf, size_t len, struct json_object **data,
                           char **error);

#endif
