/* Email alerts, sent without blocking and without libcurl in this process:
 * each alert is one run of the floatd-mail program (src/mail_main.c, libcurl
 * SMTP) started through lib/proc with a timeout.  One process-wide sender
 * (shared by every owner, reference counted): one mail in flight at a time,
 * in the order the alerts came, at most MAIL_ALERT_QUEUE_MAX waiting; more
 * are dropped and counted.  A failed send is logged, rate-limited, and
 * delays nothing: the loop never waits for floatd-mail.
 *
 * The callers (src/vrrp/notify.c, src/check/alert.c) write the subjects
 * and bodies, keepalived's (its smtp.c and callers); this file adds only
 * the "[ROUTER_ID] " prefix:
 *   [ROUTER_ID] VRRP Instance VI_1 - Entering MASTER state
 *   [ROUTER_ID] VRRP Group G1 - Entering BACKUP state
 *   [ROUTER_ID] Realserver [10.0.0.2]:tcp:80 of virtual server [10.0.0.10]:tcp:80 - DOWN
 *   [ROUTER_ID] Virtualserver [10.0.0.10]:tcp:80 - UP */
#ifndef FLOATD_MAIL_ALERT_H
#define FLOATD_MAIL_ALERT_H

#include <stdint.h>

#include "mail_conf.h"

struct ev_loop;
struct mail_alert;

#define MAIL_ALERT_QUEUE_MAX 8

/* The process's sender, created on the first call and shared by every
 * later call with the same settings (after a reload that changes them, a
 * new one); the settings are copied and may be freed.  `router_id` starts
 * every subject.  NULL when the settings send no mail (no
 * notification_email or no smtp_server) or on ENOMEM (logged).  Every
 * non-NULL result is released with mail_alert_put. */
struct mail_alert *mail_alert_get(struct ev_loop *, const struct mail_conf *,
                                  const char *router_id);
void mail_alert_put(struct mail_alert *);
/* Queue one mail: Subject "[ROUTER_ID] SUBJECT", the body one line.  NULL
 * sender: nothing. */
void mail_alert_send(struct mail_alert *, const char *subject, const char *body);
/* Mails sent, failed and dropped (queue full) so far, this process. */
struct mail_alert_stats { uint64_t sent, failed, dropped; };
struct mail_alert_stats mail_alert_stats(void);

#endif
