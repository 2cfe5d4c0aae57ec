/* LVS checker blocks inside real_server: TCP_CHECK, HTTP_GET and SSL_GET
 * (with url{}), MISC_CHECK, and the keepalived checkers floatd does not run
 * (warned and skipped).  Only fills struct checker_conf of conf_lvs.h;
 * defaults and cross-checks are in conf_validate.c.  Pure: reports through
 * conf_parse. */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "check/conf/conf_lvs.h"
#include "check/conf/conf_int.h"

/* ---- checkers */

struct checker_conf *check_conf_ck_add(struct real_server_conf *rs, const struct conf_line *l,
                                       enum check_kind kind)
{
	struct checker_conf *ck, **tail;

	if (!(ck = calloc(1, sizeof(*ck))))
		return NULL;
	ck->kind = kind;
	check_conf_origin(&ck->origin, l);
	ck->delay_loop_ms = ck->connect_timeout_ms = ck->retry = CHECK_UNSET;
	ck->delay_before_retry_ms = ck->warmup_ms = ck->misc_timeout_ms = CHECK_UNSET;
	ck->alpha_set = -1;
	for (tail = &rs->checkers; *tail; tail = &(*tail)->next)
		;
	*tail = ck;
	rs->n_checkers++;
	return ck;
}

int check_conf_ck_open(struct conf_parse *p, const struct conf_line *l, void *obj,
                       void **child)
{
	enum check_kind kind;

	switch ((enum check_conf_kw)conf_parse_kw_arg(p)) {
	case CHECK_KW_TCP_CHECK: kind = CHECK_KIND_TCP; break;
	case CHECK_KW_HTTP_GET: kind = CHECK_KIND_HTTP; break;
	case CHECK_KW_SSL_GET: kind = CHECK_KIND_SSL; break;
	case CHECK_KW_MISC_CHECK: kind = CHECK_KIND_MISC; break;
	case CHECK_KW_DNS_CHECK: kind = CHECK_KIND_DNS; break;
	case CHECK_KW_SMTP_CHECK: kind = CHECK_KIND_SMTP; break;
	default: return conf_parse_bad_arg(p, l);
	}
	*child = check_conf_ck_add(obj, l, kind);
	return *child ? 0 : -1;
}

static int cc_ck_defs(struct conf_parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct checker_conf *ck = obj;
	struct check_conf_defs d = { &ck->connect_timeout_ms, &ck->retry,
		&ck->delay_before_retry_ms, &ck->delay_loop_ms, &ck->warmup_ms, &ck->virtualhost };

	(void)child;
	return check_conf_defs_kw(p, l, &d);
}

/* keepalived knows these checkers; floatd does not run them.  Say so with
 * file:line and skip the block: the real server then has one checker fewer,
 * which can make it "always up" -- hence a warning, never silence. */
int check_conf_ck_unimpl(struct conf_parse *p, const struct conf_line *l, void *obj,
                         void **child)
{
	(void)obj;
	(void)child;
	conf_parse_warn(p, l, "%s is not implemented by floatd: checker skipped", l->argv[0]);
	return -1;
}

static int cc_ck_conn(struct conf_parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct checker_conf *ck = obj;
	enum check_conf_kw k = (enum check_conf_kw)conf_parse_kw_arg(p);
	struct check_sockaddr a;
	unsigned long v;

	(void)child;
	if (k == CHECK_KW_CONNECT_IP || k == CHECK_KW_BINDTO) {
		memset(&a, 0, sizeof(a));
		if (check_conf_addr(l->argv[1], &a) < 0) {
			conf_parse_error(p, l, "invalid address '%s' in %s", l->argv[1], l->argv[0]);
			return -1;
		}
		if (k == CHECK_KW_CONNECT_IP) {
			ck->connect.family = a.family;
			ck->connect.addr = a.addr;
		} else {
			ck->bindto.family = a.family;
			ck->bindto.addr = a.addr;
		}
		return 0;
	}
	if (k == CHECK_KW_BIND_IF)
		return conf_parse_name(p, l, 1, ck->bind_if, sizeof(ck->bind_if));
	if (k == CHECK_KW_FWMARK)
		return check_conf_u32(p, l, 0, UINT32_MAX, &ck->fwmark);
	if (k != CHECK_KW_BIND_PORT && k != CHECK_KW_CONNECT_PORT)
		return conf_parse_bad_arg(p, l);
	if (conf_parse_uint(p, l, 1, k == CHECK_KW_BIND_PORT ? 0 : 1, 65535, &v) < 0)
		return -1;
	if (k == CHECK_KW_CONNECT_PORT)
		ck->connect.port = (uint16_t)v;
	else
		ck->bindto.port = (uint16_t)v;
	return 0;
}

static int cc_ck_bool(struct conf_parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct checker_conf *ck = obj;
	enum check_conf_kw k = (enum check_conf_kw)conf_parse_kw_arg(p);
	bool b;

	(void)child;
	if (k != CHECK_KW_ALPHA && k != CHECK_KW_LOG_ALL_FAILURES && k != CHECK_KW_FAST_RECOVERY &&
	    k != CHECK_KW_ENABLE_SNI && k != CHECK_KW_TLS_COMPLIANT && k != CHECK_KW_MISC_DYNAMIC)
		return conf_parse_bad_arg(p, l);
	if (conf_parse_bool(p, l, 1, &b) < 0)
		return -1;
	if (k == CHECK_KW_ALPHA)
		ck->alpha_set = b;
	else if (k == CHECK_KW_LOG_ALL_FAILURES)
		ck->log_all_failures = b;
	else if (k == CHECK_KW_FAST_RECOVERY)
		ck->fast_recovery = b;
	else if (k == CHECK_KW_ENABLE_SNI)
		ck->enable_sni = b;
	else if (k == CHECK_KW_TLS_COMPLIANT)
		ck->tls_compliant = b;
	else
		ck->misc_dynamic = b;
	return 0;
}

static int cc_ck_http(struct conf_parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct checker_conf *ck = obj;
	enum check_conf_kw k = (enum check_conf_kw)conf_parse_kw_arg(p);
	const char *a = l->argv[1];

	(void)child;
	if (k == CHECK_KW_SNI_NAME)
		return check_conf_strdup(l, &ck->sni_name);
	if (k != CHECK_KW_HTTP_PROTOCOL)
		return conf_parse_bad_arg(p, l);
	if (strcmp(a, "1.0") == 0)
		ck->http_protocol = CHECK_HTTP_1_0;
	else if (strcmp(a, "1.0C") == 0 || strcmp(a, "1.0c") == 0)
		ck->http_protocol = CHECK_HTTP_1_0C;
	else if (strcmp(a, "1.1") == 0)
		ck->http_protocol = CHECK_HTTP_1_1;
	else {
		conf_parse_error(p, l, "invalid http_protocol '%s' (expected 1.0|1.0C|1.1)", a);
		return -1;
	}
	return 0;
}

static int cc_ck_misc(struct conf_parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct checker_conf *ck = obj;
	enum check_conf_kw k = (enum check_conf_kw)conf_parse_kw_arg(p);

	(void)child;
	if (k == CHECK_KW_MISC_PATH)
		return check_conf_script(p, l, false, &ck->misc);
	if (k == CHECK_KW_MISC_TIMEOUT)
		return check_conf_timer_ms(p, l, &ck->misc_timeout_ms);
	if (k != CHECK_KW_USER)
		return conf_parse_bad_arg(p, l);
	/* user USER [[:]GROUP] */
	free(ck->misc.user);
	free(ck->misc.group);
	ck->misc.user = strdup(l->argv[1]);
	ck->misc.group = l->argc > 2 ? strdup(l->argv[2] + (l->argv[2][0] == ':')) : NULL;
	return ck->misc.user ? 0 : -1;
}

/* ---- url { path, digest, status_code, virtualhost } */

static int cc_url_open(struct conf_parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct checker_conf *ck = obj;
	struct check_url *u;

	(void)p;
	u = realloc(ck->urls, (ck->n_urls + 1) * sizeof(*u));
	if (!u)
		return -1;
	ck->urls = u;
	u = &ck->urls[ck->n_urls++];
	memset(u, 0, sizeof(*u));
	check_conf_origin(&u->origin, l);
	/* the child is the checker, not the url: a later url{} may move the array */
	*child = ck;
	return 0;
}

static struct check_url *cc_url_cur(void *obj)
{
	struct checker_conf *ck = obj;

	return &ck->urls[ck->n_urls - 1];
}

/* status_code CODE|LO-HI ...: several lines add up; none = 200-299 (validate) */
static int cc_url_status(struct conf_parse *p, const struct conf_line *l, struct check_url *u)
{
	for (int i = 1; i < l->argc; i++) {
		char *end;
		unsigned long lo = strtoul(l->argv[i], &end, 10), hi = lo;

		if (*end == '-')
			hi = strtoul(end + 1, &end, 10);
		if (!isdigit((unsigned char)l->argv[i][0]) || *end || lo < 100 || hi < lo ||
		    hi >= CHECK_STATUS_MAX) {
			conf_parse_error(p, l, "invalid status_code '%s' (100..%d or LO-HI)",
			                 l->argv[i], CHECK_STATUS_MAX - 1);
			return -1;
		}
		for (unsigned long c = lo; c <= hi; c++)
			u->status_ok[c / 8] |= (uint8_t)(1u << (c % 8));
		u->has_status = true;
	}
	return 0;
}

static int cc_url_kw(struct conf_parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct check_url *u = cc_url_cur(obj);
	enum check_conf_kw k = (enum check_conf_kw)conf_parse_kw_arg(p);
	const char *a = l->argv[1];
	size_t n;

	(void)child;
	if (k == CHECK_KW_PATH)
		return check_conf_strdup(l, &u->path);
	if (k == CHECK_KW_VIRTUALHOST)
		return check_conf_strdup(l, &u->virtualhost);
	if (k == CHECK_KW_STATUS_CODE)
		return cc_url_status(p, l, u);
	if (k != CHECK_KW_DIGEST)
		return conf_parse_bad_arg(p, l);
	n = strlen(a);
	if (n != 32 || strspn(a, "0123456789abcdefABCDEF") != n) {
		conf_parse_error(p, l, "invalid digest '%s' (32 hex digits of an MD5)", a);
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		u->digest[i] = (char)tolower((unsigned char)a[i]);
	u->digest[n] = '\0';
	return 0;
}

/* ---- tables */

#define CK_COMMON                                                               \
	{ "connect_ip", CONF_KW_SIMPLE, 1, 1, cc_ck_conn, NULL, NULL, CHECK_KW_CONNECT_IP },        \
	{ "connect_port", CONF_KW_SIMPLE, 1, 1, cc_ck_conn, NULL, NULL, CHECK_KW_CONNECT_PORT },      \
	{ "bindto", CONF_KW_SIMPLE, 1, 1, cc_ck_conn, NULL, NULL, CHECK_KW_BINDTO },            \
	{ "bind_port", CONF_KW_SIMPLE, 1, 1, cc_ck_conn, NULL, NULL, CHECK_KW_BIND_PORT },         \
	{ "bind_if", CONF_KW_SIMPLE, 1, 1, cc_ck_conn, NULL, NULL, CHECK_KW_BIND_IF },           \
	{ "fwmark", CONF_KW_SIMPLE, 1, 1, cc_ck_conn, NULL, NULL, CHECK_KW_FWMARK },            \
	{ "connect_timeout", CONF_KW_SIMPLE, 1, 1, cc_ck_defs, NULL, NULL, CHECK_KW_CONNECT_TIMEOUT },   \
	{ "retry", CONF_KW_SIMPLE, 1, 1, cc_ck_defs, NULL, NULL, CHECK_KW_RETRY },             \
	{ "delay_before_retry", CONF_KW_SIMPLE, 1, 1, cc_ck_defs, NULL, NULL, CHECK_KW_DELAY_BEFORE_RETRY },   \
	{ "delay_loop", CONF_KW_SIMPLE, 1, 1, cc_ck_defs, NULL, NULL, CHECK_KW_DELAY_LOOP },        \
	{ "warmup", CONF_KW_SIMPLE, 1, 1, cc_ck_defs, NULL, NULL, CHECK_KW_WARMUP },            \
	{ "alpha", CONF_KW_SIMPLE, 0, 1, cc_ck_bool, NULL, NULL, CHECK_KW_ALPHA },             \
	{ "log_all_failures", CONF_KW_SIMPLE, 0, 1, cc_ck_bool, NULL, NULL, CHECK_KW_LOG_ALL_FAILURES }

static const struct conf_kw cc_url_kws[] = {
	{ "path", CONF_KW_SIMPLE, 1, 1, cc_url_kw, NULL, NULL, CHECK_KW_PATH },
	{ "digest", CONF_KW_SIMPLE, 1, 1, cc_url_kw, NULL, NULL, CHECK_KW_DIGEST },
	{ "status_code", CONF_KW_SIMPLE, 1, -1, cc_url_kw, NULL, NULL, CHECK_KW_STATUS_CODE },
	{ "virtualhost", CONF_KW_SIMPLE, 1, 1, cc_url_kw, NULL, NULL, CHECK_KW_VIRTUALHOST },
	{ NULL, CONF_KW_SIMPLE, 0, 0, NULL, NULL, NULL, 0 },
};
static const struct conf_table cc_url_table = { "url", cc_url_kws, NULL };

static const struct conf_kw cc_tcp_kws[] = {
	CK_COMMON,
	{ NULL, CONF_KW_SIMPLE, 0, 0, NULL, NULL, NULL, 0 },
};
const struct conf_table check_conf_tcp_table = { "TCP_CHECK", cc_tcp_kws, NULL };

/* UDP_CHECK / PING_CHECK: the common keywords plus their own
 * (check/conf/conf_udp_ping_file.c) */
static const struct conf_kw cc_udp_kws[] = {
	CK_COMMON,
	CHECK_CONF_UDP_KWS,
	{ NULL, CONF_KW_SIMPLE, 0, 0, NULL, NULL, NULL, 0 },
};
const struct conf_table check_conf_udp_table = { "UDP_CHECK", cc_udp_kws, NULL };
static const struct conf_kw cc_ping_kws[] = {
	CK_COMMON,
	{ NULL, CONF_KW_SIMPLE, 0, 0, NULL, NULL, NULL, 0 },
};
const struct conf_table check_conf_ping_table = { "PING_CHECK", cc_ping_kws, NULL };

#define CK_HTTP                                                                  \
	CK_COMMON,                                                                \
	{ "nb_get_retry", CONF_KW_SIMPLE, 1, 1, cc_ck_defs, NULL, NULL, CHECK_KW_NB_GET_RETRY },      \
	{ "virtualhost", CONF_KW_SIMPLE, 1, 1, cc_ck_defs, NULL, NULL, CHECK_KW_VIRTUALHOST },       \
	{ "http_protocol", CONF_KW_SIMPLE, 1, 1, cc_ck_http, NULL, NULL, CHECK_KW_HTTP_PROTOCOL },     \
	{ "sni_name", CONF_KW_SIMPLE, 1, 1, cc_ck_http, NULL, NULL, CHECK_KW_SNI_NAME },          \
	{ "fast_recovery", CONF_KW_SIMPLE, 0, 1, cc_ck_bool, NULL, NULL, CHECK_KW_FAST_RECOVERY },     \
	{ "enable_sni", CONF_KW_SIMPLE, 0, 1, cc_ck_bool, NULL, NULL, CHECK_KW_ENABLE_SNI },        \
	{ "tls_compliant", CONF_KW_SIMPLE, 0, 1, cc_ck_bool, NULL, NULL, CHECK_KW_TLS_COMPLIANT },     \
	{ "url", CONF_KW_BLOCK, 0, 0, cc_url_open, &cc_url_table, NULL, 0 },      \
	{ NULL, CONF_KW_SIMPLE, 0, 0, NULL, NULL, NULL, 0 }

static const struct conf_kw cc_http_kws[] = { CK_HTTP };
const struct conf_table check_conf_http_table = { "HTTP_GET", cc_http_kws, NULL };
static const struct conf_kw cc_ssl_kws[] = { CK_HTTP };
const struct conf_table check_conf_ssl_table = { "SSL_GET", cc_ssl_kws, NULL };

static const struct conf_kw cc_misc_kws[] = {
	CK_COMMON,
	{ "misc_path", CONF_KW_SIMPLE, 1, -1, cc_ck_misc, NULL, NULL, CHECK_KW_MISC_PATH },
	{ "misc_timeout", CONF_KW_SIMPLE, 1, 1, cc_ck_misc, NULL, NULL, CHECK_KW_MISC_TIMEOUT },
	{ "misc_dynamic", CONF_KW_SIMPLE, 0, 1, cc_ck_bool, NULL, NULL, CHECK_KW_MISC_DYNAMIC },
	{ "user", CONF_KW_SIMPLE, 1, 2, cc_ck_misc, NULL, NULL, CHECK_KW_USER },
	{ NULL, CONF_KW_SIMPLE, 0, 0, NULL, NULL, NULL, 0 },
};
const struct conf_table check_conf_misc_table = { "MISC_CHECK", cc_misc_kws, NULL };

/* DNS_CHECK (handlers in conf_dns.c) */
static const struct conf_kw cc_dns_kws[] = {
	CK_COMMON,
	{ "type", CONF_KW_SIMPLE, 1, 1, check_conf_dns_type, NULL, NULL, 0 },
	{ "name", CONF_KW_SIMPLE, 1, 1, check_conf_dns_name, NULL, NULL, 0 },
	{ NULL, CONF_KW_SIMPLE, 0, 0, NULL, NULL, NULL, 0 },
};
const struct conf_table check_conf_dns_table = { "DNS_CHECK", cc_dns_kws, NULL };

/* SMTP_CHECK (handlers in conf_smtp.c).  Inside host { } the connection
 * keywords are the host's, the others the SMTP_CHECK's (keepalived). */
static const struct conf_kw cc_smtp_host_kws[] = {
	{ "connect_ip", CONF_KW_SIMPLE, 1, 1, check_conf_smtp_host_conn, NULL, NULL, CHECK_KW_CONNECT_IP },
	{ "connect_port", CONF_KW_SIMPLE, 1, 1, check_conf_smtp_host_conn, NULL, NULL, CHECK_KW_CONNECT_PORT },
	{ "bindto", CONF_KW_SIMPLE, 1, 1, check_conf_smtp_host_conn, NULL, NULL, CHECK_KW_BINDTO },
	{ "bind_port", CONF_KW_SIMPLE, 1, 1, check_conf_smtp_host_conn, NULL, NULL, CHECK_KW_BIND_PORT },
	{ "bind_if", CONF_KW_SIMPLE, 1, 1, check_conf_smtp_host_conn, NULL, NULL, CHECK_KW_BIND_IF },
	{ "fwmark", CONF_KW_SIMPLE, 1, 1, check_conf_smtp_host_conn, NULL, NULL, CHECK_KW_FWMARK },
	{ "connect_timeout", CONF_KW_SIMPLE, 1, 1, check_conf_smtp_host_conn, NULL, NULL, CHECK_KW_CONNECT_TIMEOUT },
	{ "retry", CONF_KW_SIMPLE, 1, 1, cc_ck_defs, NULL, NULL, CHECK_KW_RETRY },
	{ "delay_before_retry", CONF_KW_SIMPLE, 1, 1, cc_ck_defs, NULL, NULL, CHECK_KW_DELAY_BEFORE_RETRY },
	{ "delay_loop", CONF_KW_SIMPLE, 1, 1, cc_ck_defs, NULL, NULL, CHECK_KW_DELAY_LOOP },
	{ "warmup", CONF_KW_SIMPLE, 1, 1, cc_ck_defs, NULL, NULL, CHECK_KW_WARMUP },
	{ "alpha", CONF_KW_SIMPLE, 0, 1, cc_ck_bool, NULL, NULL, CHECK_KW_ALPHA },
	{ "log_all_failures", CONF_KW_SIMPLE, 0, 1, cc_ck_bool, NULL, NULL, CHECK_KW_LOG_ALL_FAILURES },
	{ NULL, CONF_KW_SIMPLE, 0, 0, NULL, NULL, NULL, 0 },
};
const struct conf_table check_conf_smtp_host_table = { "host", cc_smtp_host_kws, NULL };

static const struct conf_kw cc_smtp_kws[] = {
	CK_COMMON,
	{ "helo_name", CONF_KW_SIMPLE, 1, 1, check_conf_smtp_helo, NULL, NULL, 0 },
	{ "host", CONF_KW_BLOCK, 0, 0, check_conf_smtp_host_open, &check_conf_smtp_host_table, NULL, 0 },
	{ NULL, CONF_KW_SIMPLE, 0, 0, NULL, NULL, NULL, 0 },
};
const struct conf_table check_conf_smtp_table = { "SMTP_CHECK", cc_smtp_kws, NULL };
