/* The email-alert settings of a configuration (global_defs; parsed by
 * src/conf_mail.c, used by the sender lib/mail_alert.c) and the two
 * questions asked of them.  Pure. */
#ifndef FLOATD_LIB_MAIL_CONF_H
#define FLOATD_LIB_MAIL_CONF_H

#include <stdbool.h>
#include <stdint.h>

/* keepalived's keywords and defaults.  Alerts go out only with at least
 * one address and a server. */
struct mail_conf {
	char **to;                   /* notification_email, in file order */
	unsigned n_to;
	char *from;                  /* notification_email_from; NULL = root@HOST */
	char *server;                /* smtp_server host name or address; NULL = none */
	uint16_t port;               /* default 25 */
	char *helo_name;             /* smtp_helo_name; NULL = the host name */
	uint32_t connect_timeout_s;  /* smtp_connect_timeout, default 30 */
	/* smtp_alert / smtp_alert_vrrp / smtp_alert_checker: 0 unset, 1 on, 2 off */
	uint8_t alert_cfg, alert_vrrp_cfg, alert_checker_cfg;
	bool no_email_faults;        /* no mail for entering FAULT */
	/* no_checker_emails: a checker's change is mailed only when it changes
	 * its real server's state (0 unset = off: every checker change) */
	uint8_t no_checker_emails_cfg;
};

/* At least one notification_email address and an smtp_server. */
bool mail_conf_enabled(const struct mail_conf *);
/* The same sending settings (addresses, sender, server, port, HELO name,
 * timeout, no_email_faults). */
bool mail_conf_same(const struct mail_conf *, const struct mail_conf *);

#endif
