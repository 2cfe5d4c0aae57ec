/* LVS configuration as plain structs: virtual_server, virtual_server_group,
 * real_server and their checkers (src/check/conf/conf_lvs.c fills them).  After
 * check_conf_validate every inherited value is resolved, so the checker
 * engines read a checker_conf alone and never walk up to rs/vs defaults.
 * Owned by struct floatd_conf (src/vrrp/conf/vrrp_conf_types.h); freed with
 * it (src/conf.c). */
#ifndef FLOATD_CHECK_CONF_LVS_H
#define FLOATD_CHECK_CONF_LVS_H

#include <net/if.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "addr.h"
#include "conf_diag.h"      /* struct conf_origin */
#include "script_user.h"    /* struct script_conf */
#include "conf_parse.h"
#include "check/conf/conf_udp_ping_file.h"   /* UDP_CHECK / FILE_CHECK settings */

struct floatd_conf;

/* keepalived's defaults (keepalived.conf(5), check_data.c behaviour) */
#define CHECK_DEF_DELAY_LOOP_MS 60000u       /* delay_loop 60 */
#define CHECK_DEF_CONNECT_TIMEOUT_MS 5000u   /* connect_timeout 5 */
#define CHECK_DEF_DELAY_BEFORE_RETRY_MS 1000u
#define CHECK_DEF_PERSISTENCE_S 360u         /* bare persistence_timeout */
#define CHECK_DEF_WEIGHT 1u
#define CHECK_DEF_QUORUM 1u
#define CHECK_DEF_SCHED "wlc"                /* IPVS/ipvsadm default scheduler */
#define CHECK_SCHED_MAX 16                   /* IP_VS_SCHEDNAME_MAXLEN */
#define CHECK_PE_MAX 16                      /* IP_VS_PENAME_MAXLEN */
#define CHECK_UNSET UINT32_MAX               /* "inherit" while parsing only */

/* An address with a port (host byte order; 0 = none given). */
struct check_sockaddr {
	int family;                  /* AF_INET / AF_INET6; 0 = unset */
	union addr_ip addr;
	uint16_t port;
};

/* IPVS forwarding method; values are IP_VS_CONN_F_* of <linux/ip_vs.h>. */
enum check_lvs_method {
	CHECK_LVS_NAT = 0x0000,      /* IP_VS_CONN_F_MASQ */
	CHECK_LVS_TUN = 0x0002,      /* IP_VS_CONN_F_TUNNEL */
	CHECK_LVS_DR = 0x0003,       /* IP_VS_CONN_F_DROUTE */
};
const char *check_lvs_method_name(enum check_lvs_method);

enum check_kind {
	CHECK_KIND_TCP,
	CHECK_KIND_HTTP,
	CHECK_KIND_SSL,              /* HTTP_GET over TLS */
	CHECK_KIND_MISC,
	CHECK_KIND_DNS,              /* DNS_CHECK (conf_dns.c, dns.c) */
	CHECK_KIND_SMTP,             /* SMTP_CHECK (conf_smtp.c, smtp.c) */
	CHECK_KIND_UDP,
	CHECK_KIND_PING,
	CHECK_KIND_FILE,
};
const char *check_kind_name(enum check_kind);   /* "TCP_CHECK", "HTTP_GET", ... */

enum check_http_proto { CHECK_HTTP_1_0, CHECK_HTTP_1_0C, CHECK_HTTP_1_1 };

/* One url { } of HTTP_GET / SSL_GET. */
#define CHECK_STATUS_MAX 640         /* status codes 0..639 fit the bitmap */
struct check_url {
	char *path;                  /* required */
	char digest[33];             /* lowercase MD5 hex; "" = no digest check */
	char *virtualhost;           /* resolved: url's, else checker's; NULL = none */
	uint8_t status_ok[CHECK_STATUS_MAX / 8];  /* bitmap; default 200-299 */
	bool has_status;             /* parse only: a status_code line was given */
	struct conf_origin origin;
};
static inline bool check_url_status_ok(const struct check_url *u, int code)
{
	return code >= 0 && code < CHECK_STATUS_MAX &&
	       (u->status_ok[code / 8] >> (code % 8)) & 1;
}

/* One checker block of a real_server.  All times are resolved (checker,
 * else real_server, else virtual_server, else keepalived default). */
struct checker_conf {
	enum check_kind kind;
	struct conf_origin origin;
	struct check_sockaddr connect;    /* resolved: connect_ip/port else the RS's */
	struct check_sockaddr bindto;     /* family 0 = no bindto; port = bind_port */
	char bind_if[IF_NAMESIZE];        /* "" = none */
	uint32_t fwmark;                  /* SO_MARK; 0 = none */
	uint32_t connect_timeout_ms;      /* default 5000 */
	uint32_t retry;                   /* extra attempts; default: conf_validate.c */
	uint32_t delay_before_retry_ms;   /* default 1000 */
	uint32_t delay_loop_ms;           /* default 60000 */
	uint32_t warmup_ms;               /* random initial delay up to this */
	bool alpha;                       /* start failed until first success */
	bool log_all_failures;
	int alpha_set;                    /* parse only: -1 unset, else 0/1 */
	/* HTTP_GET / SSL_GET (url[] order = the order checks fetch them) */
	struct check_url *urls;           /* at least one after validate */
	unsigned n_urls;
	char *virtualhost;                /* resolved: checker's, RS's, VS's; NULL = none */
	enum check_http_proto http_protocol;   /* default 1.0 */
	bool fast_recovery;
	bool enable_sni;
	char *sni_name;                   /* NULL = virtualhost when enable_sni */
	bool tls_compliant;
	/* MISC_CHECK: misc_path split like a notify script; user/group from `user` */
	struct script_conf misc;
	uint32_t misc_timeout_ms;         /* default: delay_loop_ms (keepalived) */
	bool misc_dynamic;                /* exit 0 up; 1 down; 2..255 up, weight code-2 */
	/* DNS_CHECK: question asked (keepalived's defaults: SOA of the root) */
	uint16_t dns_type;                /* resolved; 0 while parsing = not given */
	char *dns_name;                   /* resolved; NULL while parsing = not given */
	/* SMTP_CHECK: HELO argument; old `host { }` blocks become checkers of their own */
	char *smtp_helo;                  /* resolved; default smtpchecker.keepalived.org */
	struct check_smtp_host *smtp_hosts;   /* parse only (conf_int.h) */
	unsigned n_smtp_hosts;
	struct check_udp_conf udp;        /* UDP_CHECK (check/conf/conf_udp_ping_file.h) */
	struct check_file_conf file;      /* FILE_CHECK (check/conf/conf_udp_ping_file.h) */
	struct checker_conf *next;
};

struct real_server_conf {
	struct conf_origin origin;
	struct check_sockaddr addr;       /* port 0 for fwmark services is fine */
	uint32_t weight;                  /* default 1 */
	enum check_lvs_method method;     /* resolved from virtual_server */
	bool inhibit_on_failure;          /* resolved: RS's, else VS's */
	bool alpha;                       /* resolved */
	uint32_t uthreshold, lthreshold;  /* 0 = none */
	struct script_conf notify_up, notify_down;   /* argv NULL = none */
	struct checker_conf *checkers;    /* file order; none = always up */
	unsigned n_checkers;
	/* inherited defaults as given here (CHECK_UNSET/NULL = not given) */
	uint32_t connect_timeout_ms, retry, delay_before_retry_ms, delay_loop_ms, warmup_ms;
	char *virtualhost;
	int inhibit_set, alpha_set;       /* -1 unset, else 0/1 */
	uint8_t smtp_alert_cfg;           /* 0 unset, 1 on, 2 off (src/conf_mail.c) */
	bool smtp_alert;                  /* effective: default on, as keepalived */
	struct real_server_conf *next;
};

enum check_vs_kind { CHECK_VS_ADDR, CHECK_VS_FWMARK, CHECK_VS_GROUP };

struct virtual_server_conf {
	struct conf_origin origin;
	enum check_vs_kind kind;
	struct check_sockaddr addr;       /* CHECK_VS_ADDR */
	uint32_t fwmark;                  /* CHECK_VS_FWMARK */
	int family;                       /* resolved family (fwmark: ip_family/RSs, default inet) */
	char *group;                      /* CHECK_VS_GROUP: virtual_server_group name */
	uint16_t protocol;                /* IPPROTO_TCP, IPPROTO_UDP, IPPROTO_SCTP; 0 until validated */
	char sched[CHECK_SCHED_MAX];      /* lb_algo / lvs_sched; default "wlc" */
	uint32_t sched_flags;             /* IP_VS_SVC_F_SCHED{1,2,3} from flag-N / sh-* / mh-* */
	bool ops;                         /* IP_VS_SVC_F_ONEPACKET */
	enum check_lvs_method method;     /* lb_kind / lvs_method; default NAT */
	bool persistent;                  /* persistence_timeout given */
	uint32_t persistence_timeout_s;   /* bare keyword = 360 */
	uint32_t persistence_granularity; /* IPv4: netmask (network order); IPv6: prefix len; 0 = unset */
	bool granularity_is_prefix;       /* parse only: given as a prefix length */
	char pe_name[CHECK_PE_MAX];       /* persistence_engine; "" = none */
	/* defaults for checkers (resolved into each checker_conf) */
	uint32_t delay_loop_ms, connect_timeout_ms, retry, delay_before_retry_ms, warmup_ms;
	char *virtualhost;
	bool ha_suspend, alpha, omega, inhibit_on_failure;
	uint32_t quorum;                  /* default 1 */
	uint32_t hysteresis;              /* default 0 */
	struct script_conf quorum_up, quorum_down;
	struct check_sockaddr sorry;      /* family 0 = no sorry_server */
	enum check_lvs_method sorry_method;   /* sorry_server_lvs_method, default = method */
	bool sorry_inhibit;               /* sorry_server_inhibit */
	struct real_server_conf *rs;      /* file order */
	unsigned n_rs;
	uint8_t smtp_alert_cfg;           /* 0 unset, 1 on, 2 off (src/conf_mail.c) */
	bool smtp_alert;                  /* effective: quorum changes mailed */
	struct virtual_server_conf *next;
};

/* virtual_server_group NAME { IP [PORT] | IP-RANGE [PORT] | fwmark N } */
struct vs_group_entry {
	struct conf_origin origin;
	bool is_fwmark;
	uint32_t fwmark;
	int family;                       /* fwmark: inet unless `inet6` given */
	struct check_sockaddr addr;       /* first address of the range */
	uint32_t range_end;               /* a.b.c.d-E: last value of the final octet
	                                   * (IPv6: last 16-bit group); 0 = no range */
};
struct vs_group_conf {
	char *name;
	struct conf_origin origin;
	struct vs_group_entry *entries;
	unsigned n_entries;
	struct vs_group_conf *next;
};

/* Top-level handlers: append to floatd_conf `obj` (virtual_servers / vs_groups). */
int check_conf_vs_open(struct conf_parse *, const struct conf_line *, void *obj, void **child);
extern const struct conf_table check_conf_vs_table;
int check_conf_group_open(struct conf_parse *, const struct conf_line *, void *obj,
                          void **child);
int check_conf_group_item(struct conf_parse *, const struct conf_line *, void *child);

/* After parsing: resolve inheritance and defaults, check required keywords,
 * group names and duplicates.  Reports through the parser (file:line). */
void check_conf_validate(struct conf_parse *, struct floatd_conf *);
void check_conf_dump(FILE *, const struct floatd_conf *);
void check_conf_free(struct floatd_conf *);
/* One checker (not linked anywhere any more). */
void check_conf_checker_free(struct checker_conf *);

/* Formatting helper: "10.0.0.1:80" / "[2001:db8::1]:80" (port omitted if 0). */
const char *check_sockaddr_str(const struct check_sockaddr *, char *buf, unsigned size);

#endif
