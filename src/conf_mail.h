/* Email alerts in the configuration (src/conf_mail.c): the global_defs
 * keyword handlers, keepalived's precedence, the dump.  The values live in
 * struct mail_conf (lib/mail_alert.h) and the smtp_alert fields of
 * instances, sync groups, virtual and real servers, whose handlers are in
 * their own keyword tables (src/vrrp/conf, src/check/conf). */
#ifndef FLOATD_CONF_MAIL_H
#define FLOATD_CONF_MAIL_H

#include <stdbool.h>
#include <stdio.h>

#include "conf_parse.h"

struct floatd_conf;

#define CONF_MAIL_HANDLER(name) \
	int name(struct conf_parse *, const struct conf_line *, void *obj, void **child)

/* conf_mail_global_alert's row argument (struct conf_kw.arg) */
enum conf_mail_kw { CONF_MAIL_ALERT = 1, CONF_MAIL_ALERT_VRRP, CONF_MAIL_ALERT_CHECKER,
                   CONF_MAIL_NO_CHECKER_EMAILS };

/* global_defs (listed in src/conf_global.c's table) */
CONF_MAIL_HANDLER(conf_mail_emails_open);   /* notification_email { ... } */
int conf_mail_emails_item(struct conf_parse *, const struct conf_line *, void *child);
CONF_MAIL_HANDLER(conf_mail_from);          /* notification_email_from */
CONF_MAIL_HANDLER(conf_mail_server);        /* smtp_server HOST [PORT] */
CONF_MAIL_HANDLER(conf_mail_helo);          /* smtp_helo_name */
CONF_MAIL_HANDLER(conf_mail_timeout);       /* smtp_connect_timeout */
/* smtp_alert, smtp_alert_vrrp/_checker, no_checker_emails */
CONF_MAIL_HANDLER(conf_mail_global_alert);
CONF_MAIL_HANDLER(conf_mail_no_faults);     /* no_email_faults */

/* Defaults (port 25, 30 s) and every object's effective smtp_alert: its own
 * word, else smtp_alert_vrrp / smtp_alert_checker, else the global
 * smtp_alert, else off (real servers: on, as keepalived). */
void conf_mail_validate(struct conf_parse *, struct floatd_conf *);
void conf_mail_dump_global(FILE *, const struct floatd_conf *);
void conf_mail_free(struct floatd_conf *);

#endif
