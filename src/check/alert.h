/* The checker's email alerts, with keepalived's subjects and bodies (its
 * check_*.c and ipwrapper.c), sent through lib/mail_alert.c: a real server
 * that goes UP or DOWN, a virtual server that gains or loses its quorum,
 * and (omega) both at a clean stop.  Each object's effective smtp_alert
 * (src/conf_mail.c) decides; a NULL sender sends nothing. */
#ifndef FLOATD_CHECK_ALERT_H
#define FLOATD_CHECK_ALERT_H

#include <stdbool.h>
#include <stdint.h>

#include "check/conf/conf_lvs.h"

struct mail_alert;

/* A checker of `kind` went up (check_ok) or down; `rs_up` is its real
 * server's state after it (the subject's UP/DOWN), as keepalived. */
void check_alert_rs(struct mail_alert *, const struct virtual_server_conf *,
                    const struct real_server_conf *, bool rs_up, bool check_ok,
                    enum check_kind kind);
/* omega at a clean stop: "=> Shutting down <=" for a live real server */
void check_alert_rs_shutdown(struct mail_alert *, const struct virtual_server_conf *,
                             const struct real_server_conf *);
/* quorum gained (up) or lost; `live` the live weight it was decided on */
void check_alert_vs(struct mail_alert *, const struct virtual_server_conf *, bool up,
                    uint64_t live);
void check_alert_vs_shutdown(struct mail_alert *, const struct virtual_server_conf *);

#endif
