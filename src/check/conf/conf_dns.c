/* DNS_CHECK's own keywords (type, name), its defaults and its lines in
 * the dump.  keepalived 2.2 (check_dns.c): type A|NS|CNAME|SOA|MX|TXT|
 * AAAA|RRSIG|DNSKEY, default SOA; name default "" (the root); retry 3 and
 * delay_before_retry = delay_loop unless given.  What keepalived reports
 * and ignores is a warning here.  Pure: reports through conf_parse. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "check/conf/conf_lvs.h"
#include "check/conf/conf_int.h"
#include "check/dns_msg.h"

int check_conf_dns_type(struct conf_parse *p, const struct conf_line *l, void *obj,
                        void **child)
{
	struct checker_conf *ck = obj;
	uint16_t t = check_dns_type_parse(l->argv[1]);

	(void)child;
	if (t == 0) {
		/* keepalived: "Unknown DNS check type %s - ignoring" */
		conf_parse_warn(p, l, "unknown DNS_CHECK type '%s' (A|NS|CNAME|SOA|MX|TXT|AAAA|"
		                "RRSIG|DNSKEY): ignored, as keepalived does", l->argv[1]);
		return 0;
	}
	ck->dns_type = t;
	return 0;
}

int check_conf_dns_name(struct conf_parse *p, const struct conf_line *l, void *obj,
                        void **child)
{
	struct checker_conf *ck = obj;
	const char *name = l->argv[1];

	(void)child;
	if (ck->dns_name != NULL) {
		/* keepalived keeps the first one */
		conf_parse_warn(p, l, "DNS_CHECK name already given: '%s' ignored, as keepalived "
		                "does", name);
		return 0;
	}
	switch (check_dns_name_check(name)) {
	case CHECK_DNS_NAME_OK:
		break;
	case CHECK_DNS_NAME_EMPTY_LABEL:
		conf_parse_warn(p, l, "DNS_CHECK name '%s' has an empty label: ignored, as "
		                "keepalived does", name);
		return 0;
	case CHECK_DNS_NAME_LABEL_LONG:
		/* keepalived would send a malformed query: refuse it */
		conf_parse_error(p, l, "DNS_CHECK name '%s' has a label over 63 bytes", name);
		return -1;
	case CHECK_DNS_NAME_TOO_LONG:
		conf_parse_error(p, l, "DNS_CHECK name '%s' is over %d bytes", name,
		                 CHECK_DNS_NAME_MAX);
		return -1;
	}
	return check_conf_strdup(l, &ck->dns_name);
}

static uint32_t dns_pick(uint32_t own, uint32_t parent, uint32_t grand)
{
	return own != CHECK_UNSET ? own : parent != CHECK_UNSET ? parent : grand;
}

void check_conf_dns_inherit(struct checker_conf *ck, const struct real_server_conf *rs,
                            const struct virtual_server_conf *vs)
{
	uint32_t loop;

	if (dns_pick(ck->retry, rs->retry, vs->retry) == CHECK_UNSET)
		ck->retry = 3;          /* keepalived's DNS_DEFAULT_RETRY */
	if (dns_pick(ck->delay_before_retry_ms, rs->delay_before_retry_ms,
	             vs->delay_before_retry_ms) != CHECK_UNSET)
		return;
	loop = dns_pick(ck->delay_loop_ms, rs->delay_loop_ms, vs->delay_loop_ms);
	ck->delay_before_retry_ms = loop != CHECK_UNSET ? loop : CHECK_DEF_DELAY_LOOP_MS;
}

int check_conf_dns_validate(struct conf_parse *p, struct checker_conf *ck)
{
	(void)p;
	if (ck->dns_type == 0)
		ck->dns_type = CHECK_DNS_DEF_TYPE;
	if (ck->dns_name == NULL && !(ck->dns_name = strdup("")))
		return -1;
	return 0;
}

void check_conf_dns_dump(FILE *fp, const char *in, const struct checker_conf *ck)
{
	if (ck->kind != CHECK_KIND_DNS)
		return;
	fprintf(fp, "%stype %s\n", in, check_dns_type_name(ck->dns_type));
	/* the root shows as "." so the line is never empty */
	fprintf(fp, "%sname %s\n", in, ck->dns_name && ck->dns_name[0] ? ck->dns_name : ".");
}
