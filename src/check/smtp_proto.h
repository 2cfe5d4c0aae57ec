/* SMTP_CHECK's conversation as keepalived holds it: wait for a 220
 * greeting, send HELO, want 250, send QUIT, want any reply line.  A pure
 * state machine: bytes from the server go in, the next action comes out
 * (send this line, wait for more, done up, done down with a reason).  No
 * sockets, no clock, no logging: check/smtp.c drives it on the loop. */
#ifndef FLOATD_CHECK_SMTP_PROTO_H
#define FLOATD_CHECK_SMTP_PROTO_H

#include <stdbool.h>
#include <stddef.h>

#define CHECK_SMTP_LINE_MAX 512       /* RFC 5321 §4.5.3.1.5 reply line */
#define CHECK_SMTP_DEF_HELO "smtpchecker.keepalived.org"   /* keepalived's default */

enum check_smtp_step {
	CHECK_SMTP_WAIT_BANNER,       /* connected: the server speaks first */
	CHECK_SMTP_WAIT_HELO,         /* HELO sent */
	CHECK_SMTP_WAIT_QUIT,         /* QUIT sent */
	CHECK_SMTP_DONE,
};

enum check_smtp_action {
	CHECK_SMTP_ACT_WAIT,          /* need more bytes */
	CHECK_SMTP_ACT_SEND,          /* write out[0..out_len) then feed again */
	CHECK_SMTP_ACT_UP,            /* conversation complete */
	CHECK_SMTP_ACT_DOWN,          /* failed: fail/code say why */
};

enum check_smtp_fail {
	CHECK_SMTP_FAIL_NONE,
	CHECK_SMTP_FAIL_BANNER,       /* greeting code not 220 */
	CHECK_SMTP_FAIL_HELO,         /* HELO answered other than 250 */
	CHECK_SMTP_FAIL_SYNTAX,       /* a reply line without a 3-digit code */
	CHECK_SMTP_FAIL_EOF,          /* the server closed before the step ended */
};

struct check_smtp_proto {
	enum check_smtp_step step;
	char helo[CHECK_SMTP_LINE_MAX - 8];
	/* the reply line being read; longer lines are cut, their code kept */
	char line[CHECK_SMTP_LINE_MAX];
	size_t line_len;
	int multi_code;               /* code of a "NNN-" reply in progress; -1 none */
	/* the command to send after ACT_SEND */
	char out[CHECK_SMTP_LINE_MAX];
	size_t out_len;
	/* after ACT_DOWN */
	enum check_smtp_fail fail;
	int code;                     /* the reply code that failed; -1 none */
	enum check_smtp_step fail_step;   /* the step that failed */
};

/* helo_name is cut to fit a HELO line; it must not hold CR or LF
 * (the configuration refuses them). */
void check_smtp_proto_init(struct check_smtp_proto *, const char *helo_name);
/* Take n bytes from the server (n may be 0: go on with bytes kept from an
 * earlier call after a SEND).  Bytes after a complete reply wait in the
 * machine for the next call.  After UP or DOWN it returns the same again. */
enum check_smtp_action check_smtp_proto_feed(struct check_smtp_proto *, const char *data,
                                             size_t n);
/* The server closed the connection (read returned 0). */
enum check_smtp_action check_smtp_proto_eof(struct check_smtp_proto *);
/* "greeting 554", "HELO reply 501", "reply without a code while waiting
 * for the greeting", "connection closed while waiting for the QUIT reply" */
void check_smtp_proto_describe(const struct check_smtp_proto *, char *buf, size_t size);
const char *check_smtp_step_name(enum check_smtp_step);

#endif
