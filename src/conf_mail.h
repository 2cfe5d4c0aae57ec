/* Email alerts in the configuration (src/conf_mail.c): the global_defs
 * keywords (a sub-table), keepalived's precedence, the dump.  The values live in
 * struct mail_conf (lib/mail_alert.h) and the smtp_alert fields of
 * instances, sync groups, virtual and real servers, whose handlers are in
 * their own keyword tables (src/vrrp/conf, src/check/conf). */
#ifndef FLOATD_CONF_MAIL_H
#define FLOATD_CONF_MAIL_H

#include <stdbool.h>
#include <stdio.h>

#include "conf_parse.h"

struct floatd_conf;

/* conf_mail.c's global_alert handler's row argument (struct conf_kw.arg) */
enum conf_mail_kw { CONF_MAIL_ALERT = 1, CONF_MAIL_ALERT_VRRP, CONF_MAIL_ALERT_CHECKER,
                   CONF_MAIL_NO_CHECKER_EMAILS };

/* global_defs: notification_email { ... }, notification_email_from,
 * smtp_server HOST [PORT], smtp_helo_name, smtp_connect_timeout, smtp_alert,
 * smtp_alert_vrrp / _checker, no_email_faults, no_checker_emails; a
 * sub-table of src/conf_global.c's global_defs (obj = struct floatd_conf). */
extern const struct conf_table conf_mail_global_table;

/* Defaults (port 25, 30 s) and every object's effective smtp_alert: its own
 * word, else smtp_alert_vrrp / smtp_alert_checker, else the global
 * smtp_alert, else off (real servers: on, as keepalived). */
void conf_mail_validate(struct conf_parse *, struct floatd_conf *);
void conf_mail_dump_global(FILE *, const struct floatd_conf *);
void conf_mail_free(struct floatd_conf *);

#endif
