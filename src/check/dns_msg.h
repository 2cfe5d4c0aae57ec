/* DNS_CHECK's wire format: the one-question query keepalived sends and
 * the test it applies to a reply.  Pure: no sockets, no clock, no logging;
 * the caller (check/dns.c) owns the socket and turns verdicts into
 * outcomes. */
#ifndef FLOATD_CHECK_DNS_MSG_H
#define FLOATD_CHECK_DNS_MSG_H

#include <stddef.h>
#include <stdint.h>

#define CHECK_DNS_HDR_LEN 12
#define CHECK_DNS_NAME_MAX 253        /* RFC 1035 §2.3.4, without the root dot */
#define CHECK_DNS_QUERY_MAX (CHECK_DNS_HDR_LEN + CHECK_DNS_NAME_MAX + 2 + 4)
#define CHECK_DNS_REPLY_MAX 768       /* keepalived's receive buffer; longer = truncated read */
#define CHECK_DNS_DEF_TYPE 6          /* SOA, keepalived's DNS_DEFAULT_TYPE */

/* The record types keepalived 2.2 accepts in `type` (case-insensitive);
 * 0 for anything else. */
uint16_t check_dns_type_parse(const char *s);
const char *check_dns_type_name(uint16_t type);   /* "A", ...; "?" if unknown */

/* `name` as keepalived reads it: "" and "." are the root, a trailing dot is
 * optional, a leading dot (except ".") or ".." is an empty label. */
enum check_dns_name_err {
	CHECK_DNS_NAME_OK,
	CHECK_DNS_NAME_EMPTY_LABEL,   /* keepalived: "has empty label - ignoring" */
	CHECK_DNS_NAME_LABEL_LONG,    /* a label over 63 bytes (RFC 1035 §2.3.4) */
	CHECK_DNS_NAME_TOO_LONG,      /* over 253 bytes */
};
enum check_dns_name_err check_dns_name_check(const char *name);

/* Header (the id, RD set, one question) + QNAME + QTYPE + class IN into
 * buf.  Returns the length, or -1 if the name is invalid or buf too small. */
int check_dns_query_build(uint8_t *buf, size_t size, uint16_t id, const char *name,
                          uint16_t type);

/* What one received datagram means for the query `q` (as built above).
 * The IGNORE_* verdicts leave the check waiting for another datagram until
 * its timeout, as keepalived does for short, foreign-id and non-response
 * datagrams; floatd also ignores a reply whose question is not ours. */
enum check_dns_verdict {
	CHECK_DNS_OK,              /* our id and question, QR set, RCODE 0 (NOERROR) */
	CHECK_DNS_RCODE,           /* our reply, RCODE not 0: the check fails */
	CHECK_DNS_IGNORE_SHORT,    /* shorter than a header */
	CHECK_DNS_IGNORE_ID,       /* another id */
	CHECK_DNS_IGNORE_QUERY,    /* QR clear: not a response */
	CHECK_DNS_IGNORE_QUESTION, /* not our question (name, type or class) */
};
enum check_dns_verdict check_dns_reply_check(const uint8_t *q, size_t qlen, const uint8_t *r,
                                             size_t rlen, unsigned *rcode);
const char *check_dns_verdict_name(enum check_dns_verdict);
/* "NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED", else "RCODE" */
const char *check_dns_rcode_name(unsigned rcode);

#endif
