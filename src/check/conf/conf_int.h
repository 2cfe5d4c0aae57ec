/* Helpers shared by src/check/conf/conf_lvs.c, conf_checker.c and
 * conf_validate.c only. */
#ifndef FLOATD_CHECK_CONF_INT_H
#define FLOATD_CHECK_CONF_INT_H

#include "check/conf/conf_lvs.h"

/* lib/addr_parse for either family into a->family/addr (port untouched); 0/-1 */
int check_conf_addr(const char *s, struct check_sockaddr *a);
void check_conf_script_clear(struct script_conf *);

/* ---- small readers of conf_lvs.c, also used by the checker blocks */

/* argv[1] as a timer (seconds, fractions allowed) into milliseconds; 0/-1 */
int check_conf_timer_ms(struct conf_parse *p, const struct conf_line *l, uint32_t *dst);
/* argv[1] as an integer in [min, max]; 0/-1 */
int check_conf_u32(struct conf_parse *p, const struct conf_line *l, unsigned long min,
                   unsigned long max, uint32_t *dst);
/* replaces *dst with a copy of argv[1]; 0/-1 (out of memory) */
int check_conf_strdup(const struct conf_line *l, char **dst);
void check_conf_origin(struct conf_origin *o, const struct conf_line *l);
/* SCRIPT [USER [[:]GROUP]] into *s; with_user = false ignores the user part */
int check_conf_script(struct conf_parse *p, const struct conf_line *l, bool with_user,
                      struct script_conf *s);

/* The `arg` of the checker-configuration rows whose handler serves several
 * keywords: one value per keyword, so a handler's switch names them. */
enum check_conf_kw {
	CHECK_KW_ALPHA = 1,
	CHECK_KW_BIND_IF,
	CHECK_KW_BIND_PORT,
	CHECK_KW_BINDTO,
	CHECK_KW_CONNECT_IP,
	CHECK_KW_CONNECT_PORT,
	CHECK_KW_FWMARK,
	CHECK_KW_ENABLE_SNI,
	CHECK_KW_FAST_RECOVERY,
	CHECK_KW_LOG_ALL_FAILURES,
	CHECK_KW_MISC_DYNAMIC,
	CHECK_KW_TLS_COMPLIANT,
	CHECK_KW_CONNECT_TIMEOUT,
	CHECK_KW_DELAY_BEFORE_RETRY,
	CHECK_KW_DELAY_LOOP,
	CHECK_KW_NB_GET_RETRY,
	CHECK_KW_RETRY,
	CHECK_KW_VIRTUALHOST,
	CHECK_KW_WARMUP,
	CHECK_KW_HTTP_PROTOCOL,
	CHECK_KW_SNI_NAME,
	CHECK_KW_MISC_PATH,
	CHECK_KW_MISC_TIMEOUT,
	CHECK_KW_USER,
	CHECK_KW_INHIBIT_ON_FAILURE,
	CHECK_KW_LB_KIND,
	CHECK_KW_LTHRESHOLD,
	CHECK_KW_LVS_METHOD,
	CHECK_KW_NOTIFY_DOWN,
	CHECK_KW_NOTIFY_UP,
	CHECK_KW_UTHRESHOLD,
	CHECK_KW_WEIGHT,
	CHECK_KW_DIGEST,
	CHECK_KW_PATH,
	CHECK_KW_STATUS_CODE,
	CHECK_KW_HA_SUSPEND,
	CHECK_KW_OMEGA,
	CHECK_KW_SORRY_SERVER_INHIBIT,
	CHECK_KW_FLAG_1,
	CHECK_KW_FLAG_2,
	CHECK_KW_FLAG_3,
	CHECK_KW_MH_FALLBACK,
	CHECK_KW_MH_PORT,
	CHECK_KW_OPS,
	CHECK_KW_SH_FALLBACK,
	CHECK_KW_SH_PORT,
	CHECK_KW_SORRY_SERVER_LVS_METHOD,
	CHECK_KW_HYSTERESIS,
	CHECK_KW_IP_FAMILY,
	CHECK_KW_PERSISTENCE_ENGINE,
	CHECK_KW_PROTOCOL,
	CHECK_KW_QUORUM,
	CHECK_KW_QUORUM_DOWN,
	CHECK_KW_QUORUM_UP,
	CHECK_KW_SORRY_SERVER,
	CHECK_KW_HTTP_GET,
	CHECK_KW_MISC_CHECK,
	CHECK_KW_SSL_GET,
	CHECK_KW_TCP_CHECK,
	CHECK_KW_DNS_CHECK,
	CHECK_KW_SMTP_CHECK,
};

/* connect_timeout, retry/nb_get_retry, delay_before_retry, delay_loop,
 * warmup and virtualhost are common to virtual_server, real_server and the
 * checkers: each object points these at its own fields. */
struct check_conf_defs {
	uint32_t *connect_timeout_ms, *retry, *delay_before_retry_ms, *delay_loop_ms, *warmup_ms;
	char **virtualhost;
};
int check_conf_defs_kw(struct conf_parse *p, const struct conf_line *l,
                       const struct check_conf_defs *d);

/* ---- checker blocks (conf_checker.c), opened from the real_server table */

/* TCP_CHECK / HTTP_GET / SSL_GET / MISC_CHECK: appends a checker to the
 * real server (obj) and makes it the child */
int check_conf_ck_open(struct conf_parse *p, const struct conf_line *l, void *obj,
                       void **child);
/* a new checker of `kind` at the end of real server `rs` (defaults unset);
 * NULL when out of memory */
struct checker_conf *check_conf_ck_add(struct real_server_conf *rs, const struct conf_line *l,
                                       enum check_kind kind);
/* checkers keepalived knows and floatd does not run: warns, skips the block */
int check_conf_ck_unimpl(struct conf_parse *p, const struct conf_line *l, void *obj,
                         void **child);
extern const struct conf_table check_conf_tcp_table;
extern const struct conf_table check_conf_http_table;
extern const struct conf_table check_conf_ssl_table;
extern const struct conf_table check_conf_misc_table;

/* ---- DNS_CHECK (conf_dns.c; its table is in conf_checker.c) */
extern const struct conf_table check_conf_dns_table;
int check_conf_dns_type(struct conf_parse *, const struct conf_line *, void *obj, void **child);
int check_conf_dns_name(struct conf_parse *, const struct conf_line *, void *obj, void **child);
/* before the common defaults: retry 3 and delay_before_retry = delay_loop
 * unless given (keepalived's DNS defaults) */
void check_conf_dns_inherit(struct checker_conf *, const struct real_server_conf *,
                            const struct virtual_server_conf *);
int check_conf_dns_validate(struct conf_parse *, struct checker_conf *);
void check_conf_dns_dump(FILE *, const char *indent, const struct checker_conf *);

/* ---- SMTP_CHECK (conf_smtp.c; its tables are in conf_checker.c) */
/* One `host { }` block of an old SMTP_CHECK: its own connection options. */
struct check_smtp_host {
	struct conf_origin origin;
	struct check_sockaddr connect, bindto;   /* family/port 0 = not given */
	char bind_if[IF_NAMESIZE];
	uint32_t fwmark;
	uint32_t connect_timeout_ms;             /* CHECK_UNSET = not given */
};
extern const struct conf_table check_conf_smtp_table;
extern const struct conf_table check_conf_smtp_host_table;
int check_conf_smtp_helo(struct conf_parse *, const struct conf_line *, void *obj, void **child);
int check_conf_smtp_host_open(struct conf_parse *, const struct conf_line *, void *obj,
                              void **child);
/* connect_ip, connect_port, bindto, bind_port, bind_if, fwmark,
 * connect_timeout inside host { } (obj: the SMTP_CHECK) */
int check_conf_smtp_host_conn(struct conf_parse *, const struct conf_line *, void *obj,
                              void **child);
/* host { } blocks into checkers of their own, inserted after ck (keepalived
 * 2.2's smtp_check_end_handler); the first replaces ck's connection when
 * ck has none of its own.  Then the HELO default. */
int check_conf_smtp_expand(struct conf_parse *, struct real_server_conf *, struct checker_conf *);
void check_conf_smtp_dump(FILE *, const char *indent, const struct checker_conf *);

#endif
