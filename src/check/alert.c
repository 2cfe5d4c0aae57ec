/* Email alerts of the checker (see alert.h).  keepalived names a service
 * as "[ADDRESS]:PROTO:PORT" (its inet_sockaddrtotrio), a fwmark service as
 * "FWM N" and a group as "[NAME]:PORT". */
#include "config.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>

#include "check/alert.h"
#include "mail_alert.h"

static const char *
alert_proto(uint16_t protocol)
{
	return protocol == IPPROTO_UDP ? "udp" : protocol == IPPROTO_SCTP ? "sctp" : "tcp";
}

static void
alert_trio(const struct check_sockaddr *a, uint16_t protocol, char *buf, size_t size)
{
	char ip[INET6_ADDRSTRLEN] = "?";

	if (a->family)
		inet_ntop(a->family, &a->addr, ip, sizeof(ip));
	snprintf(buf, size, "[%s]:%s:%u", ip, alert_proto(protocol), a->port);
}

static void
alert_vs_name(const struct virtual_server_conf *vs, char *buf, size_t size)
{
	if (vs->kind == CHECK_VS_GROUP)
		snprintf(buf, size, "[%s]:%u", vs->group, vs->addr.port);
	else if (vs->kind == CHECK_VS_FWMARK)
		snprintf(buf, size, "FWM %u", vs->fwmark);
	else
		alert_trio(&vs->addr, vs->protocol, buf, size);
}

static void
alert_rs_send(struct mail_alert *m, const struct virtual_server_conf *vs,
              const struct real_server_conf *rs, const char *state, const char *body)
{
	char rsn[96], vsn[96], subject[256];

	alert_trio(&rs->addr, vs->protocol, rsn, sizeof(rsn));
	alert_vs_name(vs, vsn, sizeof(vsn));
	snprintf(subject, sizeof(subject), "Realserver %s of virtual server %s - %s", rsn, vsn,
	         state);
	mail_alert_send(m, subject, body);
}

void
check_alert_rs(struct mail_alert *m, const struct virtual_server_conf *vs,
               const struct real_server_conf *rs, bool rs_up, bool up, enum check_kind kind)
{
	const char *body;

	if (m == NULL || !rs->smtp_alert)
		return;
	switch (kind) {
	case CHECK_KIND_TCP:
		body = up ? "=> TCP CHECK succeed on service <=" : "=> TCP CHECK failed on service <=";
		break;
	case CHECK_KIND_MISC:
		body = up ? "=> MISC CHECK succeeded on service <="
		          : "=> MISC CHECK failed on service <=";
		break;
	case CHECK_KIND_DNS:   /* keepalived's check_dns.c wording */
		body = up ? "=> DNS_CHECK: succeed on service <=" : "=> DNS_CHECK: failed on service <=";
		break;
	case CHECK_KIND_SMTP:  /* keepalived adds its failure text; floatd logs it instead */
		body = up ? "=> CHECK succeed on service <=" : "=> CHECK failed on service <=";
		break;
	case CHECK_KIND_UDP:
		body = up ? "=> UDP CHECK succeed on service <=" : "=> UDP CHECK failed on service <=";
		break;
	case CHECK_KIND_PING:
		body = up ? "=> ICMP CHECK succeed on service <="
		          : "=> ICMP CHECK failed on service <=";
		break;
	case CHECK_KIND_FILE:
		return;   /* keepalived mails nothing for a track_file's change */
	default:   /* HTTP_GET, SSL_GET */
		body = up ? "=> CHECK succeed on service <="
		          : "=> CHECK failed on service : HTTP/SSL request failed <=";
		break;
	}
	alert_rs_send(m, vs, rs, rs_up ? "UP" : "DOWN", body);
}

void
check_alert_rs_shutdown(struct mail_alert *m, const struct virtual_server_conf *vs,
                        const struct real_server_conf *rs)
{
	if (m != NULL && rs->smtp_alert)
		alert_rs_send(m, vs, rs, "DOWN", "=> Shutting down <=");
}

static void
alert_vs_send(struct mail_alert *m, const struct virtual_server_conf *vs, const char *state,
              const char *body)
{
	char vsn[96], subject[256];

	alert_vs_name(vs, vsn, sizeof(vsn));
	snprintf(subject, sizeof(subject), "Virtualserver %s - %s", vsn, state);
	mail_alert_send(m, subject, body);
}

/* keepalived's "=> Lost quorum Q+H=THRESHOLD <= WEIGHT <=" */
void
check_alert_vs(struct mail_alert *m, const struct virtual_server_conf *vs, bool up,
               uint64_t live)
{
	char body[128];
	int64_t threshold = up ? (int64_t)vs->quorum + vs->hysteresis
	                       : (int64_t)vs->quorum - vs->hysteresis;

	if (m == NULL || !vs->smtp_alert)
		return;
	snprintf(body, sizeof(body), "=> %s %u+%u=%lld <= %llu <=",
	         up ? "Gained quorum" : "Lost quorum", vs->quorum, vs->hysteresis,
	         (long long)threshold, (unsigned long long)live);
	alert_vs_send(m, vs, up ? "UP" : "DOWN", body);
}

void
check_alert_vs_shutdown(struct mail_alert *m, const struct virtual_server_conf *vs)
{
	if (m != NULL && vs->smtp_alert)
		alert_vs_send(m, vs, "DOWN", "=> Shutting down <=");
}
