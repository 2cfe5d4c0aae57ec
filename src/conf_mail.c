/* Email alerts in the configuration: global_defs notification_email,
 * notification_email_from, smtp_server, smtp_helo_name,
 * smtp_connect_timeout, smtp_alert, smtp_alert_vrrp, smtp_alert_checker,
 * no_email_faults, no_checker_emails; `smtp_alert` in vrrp_instance, vrrp_sync_group,
 * virtual_server and real_server; the precedence that makes each object's
 * effective value; the dump.  keepalived's grammar and defaults (its
 * global_parser.c, vrrp.c and check_data.c): where keepalived reports a bad
 * value and carries on, floatd warns and does the same.  Pure: the server
 * name is kept as written and resolved by floatd-mail when it sends. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "conf_mail.h"
#include "check/conf/conf_lvs.h"

#define MAIL_DEFAULT_PORT 25
#define MAIL_DEFAULT_TIMEOUT_S 30   /* keepalived's DEFAULT_SMTP_CONNECTION_TIMEOUT */

static int mail_set_str(char **dst, const char *src)
{
	char *s = strdup(src);

	if (!s)
		return -1;
	free(*dst);
	*dst = s;
	return 0;
}

/* ---- global_defs */

static int conf_mail_emails_open(struct conf_parse *p, const struct conf_line *l, void *obj,
                                   void **child)
{
	(void)p;
	(void)l;
	*child = &((struct floatd_conf *)obj)->mail;
	return 0;
}

/* Each word of each line is one address (keepalived's read_value_block). */
static int conf_mail_emails_item(struct conf_parse *p, const struct conf_line *l,
                                 void *child)
{
	struct mail_conf *m = child;

	(void)p;
	for (int i = 0; i < l->argc; i++) {
		char **to = realloc(m->to, (m->n_to + 1) * sizeof(*to));

		if (!to)
			return -1;
		m->to = to;
		if (!(m->to[m->n_to] = strdup(l->argv[i])))
			return -1;
		m->n_to++;
	}
	return 0;
}

static int conf_mail_from(struct conf_parse *p, const struct conf_line *l, void *obj,
                          void **child)
{
	(void)child;
	if (l->argc > 2)
		conf_parse_warn(p, l, "notification_email_from: extra words from '%s' ignored, as "
		                "keepalived does", l->argv[2]);
	return mail_set_str(&((struct floatd_conf *)obj)->mail.from, l->argv[1]);
}

/* smtp_server HOST [PORT]: an address or a name (looked up when a mail
 * is sent, never by the parser) */
static int conf_mail_server(struct conf_parse *p, const struct conf_line *l, void *obj,
                              void **child)
{
	struct mail_conf *m = &((struct floatd_conf *)obj)->mail;
	unsigned long port = MAIL_DEFAULT_PORT;
	const char *h = l->argv[1];

	(void)child;
	if (l->argc > 2 && conf_parse_uint(p, l, 2, 1, 65535, &port) < 0)
		return -1;
	if (h[0] == '\0' || h[strspn(h, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	                             "0123456789.-:_%")] != '\0') {
		conf_parse_error(p, l, "invalid smtp_server '%s' (an address or a host name)", h);
		return -1;
	}
	m->port = (uint16_t)port;
	return mail_set_str(&m->server, h);
}

static int conf_mail_helo(struct conf_parse *p, const struct conf_line *l, void *obj,
                          void **child)
{
	(void)p;
	(void)child;
	return mail_set_str(&((struct floatd_conf *)obj)->mail.helo_name, l->argv[1]);
}

static int conf_mail_timeout(struct conf_parse *p, const struct conf_line *l, void *obj,
                               void **child)
{
	struct mail_conf *m = &((struct floatd_conf *)obj)->mail;
	unsigned long s;

	(void)child;
	if (conf_parse_uint(p, l, 1, 0, UINT32_MAX, &s) < 0)
		return -1;
	if (s == 0) {
		conf_parse_warn(p, l, "smtp_connect_timeout must be greater than 0; using 1, as "
		                "keepalived does");
		s = 1;
	}
	m->connect_timeout_s = (uint32_t)s;
	return 0;
}

static int conf_mail_global_alert(struct conf_parse *p, const struct conf_line *l, void *obj,
                                    void **child)
{
	struct mail_conf *m = &((struct floatd_conf *)obj)->mail;
	uint8_t *dst;

	(void)child;
	switch ((enum conf_mail_kw)conf_parse_kw_arg(p)) {
	case CONF_MAIL_ALERT: dst = &m->alert_cfg; break;
	case CONF_MAIL_ALERT_VRRP: dst = &m->alert_vrrp_cfg; break;
	case CONF_MAIL_ALERT_CHECKER: dst = &m->alert_checker_cfg; break;
	case CONF_MAIL_NO_CHECKER_EMAILS: dst = &m->no_checker_emails_cfg; break;
	default: return conf_parse_bad_arg(p, l);
	}
	conf_parse_onoff(p, l, "global ", dst);
	return 0;
}

static int conf_mail_no_faults(struct conf_parse *p, const struct conf_line *l, void *obj,
                                 void **child)
{
	(void)p;
	(void)l;
	(void)child;
	((struct floatd_conf *)obj)->mail.no_email_faults = true;
	return 0;
}


/* ---- validation: keepalived's precedence */

/* the object's own word, else the process-specific global, else the
 * global smtp_alert, else `dflt` */
static bool mail_resolve(uint8_t own, uint8_t specific, uint8_t global, bool dflt)
{
	if (own)
		return own == 1;
	if (specific)
		return specific == 1;
	if (global)
		return global == 1;
	return dflt;
}

void conf_mail_validate(struct conf_parse *p, struct floatd_conf *c)
{
	struct mail_conf *m = &c->mail;

	(void)p;
	if (m->port == 0)
		m->port = MAIL_DEFAULT_PORT;
	if (m->connect_timeout_s == 0)
		m->connect_timeout_s = MAIL_DEFAULT_TIMEOUT_S;
	for (struct vrrp_instance_conf *vi = c->instances; vi; vi = vi->next)
		vi->smtp_alert = mail_resolve(vi->smtp_alert_cfg, m->alert_vrrp_cfg, m->alert_cfg,
		                              false);
	for (struct vrrp_sync_group_conf *g = c->sync_groups; g; g = g->next)
		g->smtp_alert = mail_resolve(g->smtp_alert_cfg, m->alert_vrrp_cfg, m->alert_cfg,
		                             false);
	for (struct virtual_server_conf *vs = c->virtual_servers; vs; vs = vs->next) {
		vs->smtp_alert = mail_resolve(vs->smtp_alert_cfg, m->alert_checker_cfg,
		                              m->alert_cfg, false);
		/* keepalived: real servers default to on, for backward
		 * compatibility (the others default to off) */
		for (struct real_server_conf *rs = vs->rs; rs; rs = rs->next)
			rs->smtp_alert = mail_resolve(rs->smtp_alert_cfg, m->alert_checker_cfg,
			                              m->alert_cfg, true);
	}
}

/* ---- dump (inside global_defs) and free */

static const char *mail_cfg_word(uint8_t cfg)
{
	return cfg == 1 ? "on" : "off";
}

void conf_mail_dump_global(FILE *fp, const struct floatd_conf *c)
{
	const struct mail_conf *m = &c->mail;

	if (m->n_to) {
		fprintf(fp, "\tnotification_email {\n");
		for (unsigned i = 0; i < m->n_to; i++)
			fprintf(fp, "\t\t%s\n", m->to[i]);
		fprintf(fp, "\t}\n");
	}
	if (m->from)
		fprintf(fp, "\tnotification_email_from %s\n", m->from);
	if (m->server)
		fprintf(fp, "\tsmtp_server %s %u\n", m->server, m->port);
	if (m->helo_name)
		fprintf(fp, "\tsmtp_helo_name %s\n", m->helo_name);
	if (m->server)
		fprintf(fp, "\tsmtp_connect_timeout %u\n", m->connect_timeout_s);
	if (m->alert_cfg)
		fprintf(fp, "\tsmtp_alert %s\n", mail_cfg_word(m->alert_cfg));
	if (m->alert_vrrp_cfg)
		fprintf(fp, "\tsmtp_alert_vrrp %s\n", mail_cfg_word(m->alert_vrrp_cfg));
	if (m->alert_checker_cfg)
		fprintf(fp, "\tsmtp_alert_checker %s\n", mail_cfg_word(m->alert_checker_cfg));
	if (m->no_email_faults)
		fprintf(fp, "\tno_email_faults\n");
	if (m->no_checker_emails_cfg)
		fprintf(fp, "\tno_checker_emails %s\n", mail_cfg_word(m->no_checker_emails_cfg));
}

void conf_mail_free(struct floatd_conf *c)
{
	struct mail_conf *m = &c->mail;

	for (unsigned i = 0; i < m->n_to; i++)
		free(m->to[i]);
	free(m->to);
	free(m->from);
	free(m->server);
	free(m->helo_name);
	memset(m, 0, sizeof(*m));
}

/* global_defs rows (a sub-table of src/conf_global.c's global_defs) */
static const struct conf_kw mail_global_kws[] = {
	{ "notification_email", CONF_KW_VALUES, 0, 0, conf_mail_emails_open, NULL,
	  conf_mail_emails_item, 0 },
	{ "notification_email_from", CONF_KW_SIMPLE, 1, -1, conf_mail_from, NULL, NULL, 0 },
	{ "smtp_server", CONF_KW_SIMPLE, 1, 2, conf_mail_server, NULL, NULL, 0 },
	{ "smtp_helo_name", CONF_KW_SIMPLE, 1, 1, conf_mail_helo, NULL, NULL, 0 },
	{ "smtp_connect_timeout", CONF_KW_SIMPLE, 1, 1, conf_mail_timeout, NULL, NULL, 0 },
	{ "smtp_alert", CONF_KW_SIMPLE, 0, 1, conf_mail_global_alert, NULL, NULL,
	  CONF_MAIL_ALERT },
	{ "smtp_alert_vrrp", CONF_KW_SIMPLE, 0, 1, conf_mail_global_alert, NULL, NULL,
	  CONF_MAIL_ALERT_VRRP },
	{ "smtp_alert_checker", CONF_KW_SIMPLE, 0, 1, conf_mail_global_alert, NULL, NULL,
	  CONF_MAIL_ALERT_CHECKER },
	{ "no_email_faults", CONF_KW_SIMPLE, 0, 0, conf_mail_no_faults, NULL, NULL, 0 },
	{ "no_checker_emails", CONF_KW_SIMPLE, 0, 1, conf_mail_global_alert, NULL, NULL,
	  CONF_MAIL_NO_CHECKER_EMAILS },
	{ NULL, CONF_KW_SIMPLE, 0, 0, NULL, NULL, NULL, 0 },
};

const struct conf_table conf_mail_global_table = { "global_defs", mail_global_kws, NULL };
