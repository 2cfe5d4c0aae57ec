/* SMTP_CHECK's own keywords (helo_name, the old host { } block), its
 * defaults and its lines in the dump.  keepalived 2.2 (check_smtp.c):
 * helo_name default smtpchecker.keepalived.org; connect_ip/connect_port
 * default to the real server's; each host { } (deprecated there, logged)
 * is one more checker with its own connection options, the first taking
 * the SMTP_CHECK's place when that has none of its own.  Pure: reports
 * through conf_parse. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "check/conf/conf_lvs.h"
#include "check/conf/conf_int.h"
#include "check/smtp_proto.h"

int check_conf_smtp_helo(struct conf_parse *p, const struct conf_line *l, void *obj,
                         void **child)
{
	struct checker_conf *ck = obj;

	(void)child;
	if (strpbrk(l->argv[1], "\r\n") != NULL ||
	    strlen(l->argv[1]) >= sizeof(((struct check_smtp_proto *)0)->helo)) {
		conf_parse_error(p, l, "invalid helo_name (a line break, or over %zu bytes)",
		                 sizeof(((struct check_smtp_proto *)0)->helo) - 1);
		return -1;
	}
	if (ck->smtp_helo != NULL)
		/* keepalived: "SMTP_CHECK helo name already specified", then uses the new one */
		conf_parse_warn(p, l, "SMTP_CHECK helo_name already given: '%s' replaces '%s', "
		                "as keepalived does", l->argv[1], ck->smtp_helo);
	return check_conf_strdup(l, &ck->smtp_helo);
}

static struct check_smtp_host *smtp_host_cur(struct checker_conf *ck)
{
	return &ck->smtp_hosts[ck->n_smtp_hosts - 1];
}

int check_conf_smtp_host_open(struct conf_parse *p, const struct conf_line *l, void *obj,
                              void **child)
{
	struct checker_conf *ck = obj;
	struct check_smtp_host *h;

	if (ck->n_smtp_hosts == 0)
		/* keepalived logs "The SMTP_CHECK host block is deprecated. Please
		 * define additional checkers." */
		conf_parse_warn(p, l, "the SMTP_CHECK host block is deprecated: each host becomes "
		                "an SMTP_CHECK of its own (write them so)");
	h = realloc(ck->smtp_hosts, (ck->n_smtp_hosts + 1) * sizeof(*h));
	if (!h)
		return -1;
	ck->smtp_hosts = h;
	h = &ck->smtp_hosts[ck->n_smtp_hosts++];
	memset(h, 0, sizeof(*h));
	h->connect_timeout_ms = CHECK_UNSET;
	check_conf_origin(&h->origin, l);
	/* the checker stays the child: retry, delay_loop... inside host { }
	 * are the SMTP_CHECK's, as in keepalived */
	*child = ck;
	return 0;
}

int check_conf_smtp_host_conn(struct conf_parse *p, const struct conf_line *l, void *obj,
                              void **child)
{
	struct check_smtp_host *h = smtp_host_cur(obj);
	enum check_conf_kw k = (enum check_conf_kw)conf_parse_kw_arg(p);
	struct check_sockaddr a;
	unsigned long v;
	uint64_t us;

	(void)child;
	switch (k) {
	case CHECK_KW_CONNECT_IP:
	case CHECK_KW_BINDTO:
		if (check_conf_addr(l->argv[1], &a) < 0) {
			conf_parse_error(p, l, "invalid address '%s' in %s", l->argv[1], l->argv[0]);
			return -1;
		}
		a.port = k == CHECK_KW_CONNECT_IP ? h->connect.port : h->bindto.port;
		*(k == CHECK_KW_CONNECT_IP ? &h->connect : &h->bindto) = a;
		return 0;
	case CHECK_KW_CONNECT_PORT:
	case CHECK_KW_BIND_PORT:
		if (conf_parse_uint(p, l, 1, k == CHECK_KW_BIND_PORT ? 0 : 1, 65535, &v) < 0)
			return -1;
		(k == CHECK_KW_CONNECT_PORT ? &h->connect : &h->bindto)->port = (uint16_t)v;
		return 0;
	case CHECK_KW_BIND_IF:
		return conf_parse_name(p, l, 1, h->bind_if, sizeof(h->bind_if));
	case CHECK_KW_FWMARK:
		return check_conf_u32(p, l, 0, UINT32_MAX, &h->fwmark);
	case CHECK_KW_CONNECT_TIMEOUT:
		if (conf_parse_timer_us_or(p, l, 1, 1, 86400ULL * 1000000, &us, NULL) == 0)
			h->connect_timeout_ms = (uint32_t)((us + 500) / 1000);
		return 0;
	default:
		return conf_parse_bad_arg(p, l);
	}
}

/* keepalived: "any connection component configured" on the SMTP_CHECK */
static bool smtp_has_conn(const struct checker_conf *ck)
{
	return ck->connect.family || ck->connect.port || ck->bindto.family || ck->bindto.port ||
	       ck->bind_if[0] || ck->fwmark || ck->connect_timeout_ms != CHECK_UNSET;
}

static void smtp_take_host(struct checker_conf *ck, const struct check_smtp_host *h)
{
	ck->connect = h->connect;
	ck->bindto = h->bindto;
	memcpy(ck->bind_if, h->bind_if, sizeof(ck->bind_if));
	ck->fwmark = h->fwmark;
	ck->connect_timeout_ms = h->connect_timeout_ms;
}

int check_conf_smtp_expand(struct conf_parse *p, struct real_server_conf *rs,
                           struct checker_conf *ck)
{
	struct checker_conf *at = ck;
	unsigned first = 0;

	(void)p;
	if (!ck->smtp_helo && !(ck->smtp_helo = strdup(CHECK_SMTP_DEF_HELO)))
		return -1;
	if (ck->n_smtp_hosts == 0)
		return 0;
	if (!smtp_has_conn(ck))
		smtp_take_host(ck, &ck->smtp_hosts[first++]);
	for (unsigned i = first; i < ck->n_smtp_hosts; i++) {
		struct checker_conf *n = calloc(1, sizeof(*n));

		if (!n || !(n->smtp_helo = strdup(ck->smtp_helo))) {
			free(n);
			return -1;
		}
		/* the SMTP_CHECK's times and flags as written (still unresolved),
		 * the host's connection: validated next, as any checker */
		n->kind = ck->kind;
		n->origin = ck->smtp_hosts[i].origin;
		n->delay_loop_ms = ck->delay_loop_ms;
		n->retry = ck->retry;
		n->delay_before_retry_ms = ck->delay_before_retry_ms;
		n->warmup_ms = ck->warmup_ms;
		n->misc_timeout_ms = CHECK_UNSET;
		n->alpha_set = ck->alpha_set;
		n->log_all_failures = ck->log_all_failures;
		smtp_take_host(n, &ck->smtp_hosts[i]);
		n->next = at->next;
		at->next = n;
		at = n;
		rs->n_checkers++;
	}
	free(ck->smtp_hosts);
	ck->smtp_hosts = NULL;
	ck->n_smtp_hosts = 0;
	return 0;
}

void check_conf_smtp_dump(FILE *fp, const char *in, const struct checker_conf *ck)
{
	if (ck->kind != CHECK_KIND_SMTP)
		return;
	fprintf(fp, "%shelo_name %s\n", in, ck->smtp_helo ? ck->smtp_helo : "");
}
