/* UDP_CHECK, PING_CHECK and FILE_CHECK configuration: their own keywords
 * (UDP_CHECK's payload/require_reply/min_reply_length/max_reply_length,
 * FILE_CHECK's track_file/weight), the resolution of FILE_CHECK's
 * track_file, their dump, comparison and freeing.  The common checker
 * keywords (connect_ip ... log_all_failures) are conf_checker.c's.
 * Pure: reports through conf_parse. */
#ifndef FLOATD_CHECK_CONF_UDP_PING_FILE_H
#define FLOATD_CHECK_CONF_UDP_PING_FILE_H

#include <stdbool.h>
#include <stdio.h>

#include "conf_diag.h"     /* struct conf_origin */
#include "check/udp_payload.h"   /* struct check_udp_conf */

struct conf_parse;
struct conf_line;
struct checker_conf;
struct floatd_conf;

/* FILE_CHECK { track_file NAME; weight W [reverse|noreverse] } */
struct check_file_conf {
	char *name;                  /* track_file NAME (a top-level track_file block) */
	char *path;                  /* resolved: that block's file */
	int weight;                  /* resolved: FILE_CHECK's, else the block's (default 1) */
	bool reverse;
	bool weight_set;             /* parse only: weight given in FILE_CHECK */
	struct conf_origin origin;   /* of the track_file line (messages) */
};

/* real_server's UDP_CHECK / PING_CHECK / FILE_CHECK: appends the checker
 * (by the keyword's name) and makes it the child */
int check_conf_udp_ping_file_open(struct conf_parse *, const struct conf_line *, void *obj,
                                  void **child);
/* UDP_CHECK's own keywords (rows added to the common ones in conf_checker.c) */
int check_conf_udp_kw(struct conf_parse *, const struct conf_line *, void *obj, void **child);
enum check_conf_udp_kw { CHECK_UDP_KW_PAYLOAD = 1, CHECK_UDP_KW_REQUIRE_REPLY,
                         CHECK_UDP_KW_MIN_REPLY, CHECK_UDP_KW_MAX_REPLY };
#define CHECK_CONF_UDP_KWS                                                              \
	{ "payload", CONF_KW_SIMPLE, 0, -1, check_conf_udp_kw, NULL, NULL, CHECK_UDP_KW_PAYLOAD }, \
	{ "require_reply", CONF_KW_SIMPLE, 0, -1, check_conf_udp_kw, NULL, NULL, CHECK_UDP_KW_REQUIRE_REPLY }, \
	{ "min_reply_length", CONF_KW_SIMPLE, 1, 1, check_conf_udp_kw, NULL, NULL, CHECK_UDP_KW_MIN_REPLY }, \
	{ "max_reply_length", CONF_KW_SIMPLE, 1, 1, check_conf_udp_kw, NULL, NULL, CHECK_UDP_KW_MAX_REPLY }

extern const struct conf_table check_conf_udp_table;    /* conf_checker.c */
extern const struct conf_table check_conf_ping_table;   /* conf_checker.c */
extern const struct conf_table check_conf_file_table;

/* After parsing (from check_conf_validate): FILE_CHECK's track_file
 * resolved against the top-level track_file blocks, UDP_CHECK's length
 * bounds checked, PING_CHECK's port dropped (ICMP has none). */
void check_conf_udp_ping_file_validate(struct conf_parse *, struct floatd_conf *);
/* Whether a FILE_CHECK reads the track_file block `name`. */
bool check_conf_file_check_reads(const struct floatd_conf *, const char *name);
/* The lines of these kinds inside their dumped block (`in` = indent). */
void check_conf_udp_ping_file_dump(FILE *, const struct checker_conf *, const char *in);
bool check_conf_udp_ping_file_eq(const struct checker_conf *, const struct checker_conf *);
void check_conf_udp_ping_file_free(struct checker_conf *);

#endif
