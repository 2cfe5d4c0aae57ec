/* Helpers shared by src/check/conf.c, conf_checker.c and conf_validate.c only. */
#ifndef FLOATD_CHECK_CONF_INT_H
#define FLOATD_CHECK_CONF_INT_H

#include "check/conf.h"

/* lib/addr_parse for either family into a->family/addr (port untouched); 0/-1 */
int check_conf_addr(const char *s, struct check_sockaddr *a);
void check_conf_script_clear(struct script_conf *);

/* ---- small readers of conf.c, also used by the checker blocks */

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
/* checkers keepalived knows and floatd does not run: warns, skips the block */
int check_conf_ck_unimpl(struct conf_parse *p, const struct conf_line *l, void *obj,
                         void **child);
extern const struct conf_table check_conf_tcp_table;
extern const struct conf_table check_conf_http_table;
extern const struct conf_table check_conf_ssl_table;
extern const struct conf_table check_conf_misc_table;

#endif
