/* accept / no_accept / strict_mode, use_vmac / vmac_xmit_base, the
 * virtual_routes / virtual_rules blocks (their grammar: conf_iproute.c,
 * conf_iprule.c) and global vrrp_strict (see conf_extra.h).  Meanings follow
 * keepalived's man page: accept defaults to on, except under strict mode
 * where it defaults to "only the address owner (priority 255) accepts". */
#include "config.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "vrrp/conf/conf_extra.h"
#include "vrrp/conf/conf_iproute.h"

/* ---- simple instance keywords */

int vrrp_conf_extra_simple(struct conf_parse *p, const struct conf_line *l, void *obj,
                           void **child)
{
	struct vrrp_instance_conf *vi = obj;
	int kw = conf_parse_kw_arg(p);
	bool on = true;

	(void)child;
	if (kw == VRRP_EXTRA_KW_ACCEPT) {
		vi->accept_cfg = 1;
	} else if (kw == VRRP_EXTRA_KW_NO_ACCEPT) {
		vi->accept_cfg = 2;
	} else if (kw == VRRP_EXTRA_KW_STRICT_MODE) {
		if (conf_parse_bool(p, l, 1, &on) < 0)
			return -1;
		vi->strict_cfg = on ? 1 : 2;
	} else if (kw == VRRP_EXTRA_KW_VMAC_XMIT_BASE) {
		vi->vmac_xmit_base = true;
	} else if (kw == VRRP_EXTRA_KW_USE_VMAC) {
		vi->use_vmac = true;
		vi->vmac_name[0] = '\0';
		if (l->argc > 1 && conf_parse_name(p, l, 1, vi->vmac_name, sizeof(vi->vmac_name)) < 0)
			return -1;
	} else {
		return conf_parse_bad_arg(p, l);
	}
	return 0;
}

int vrrp_conf_global_strict(struct conf_parse *p, const struct conf_line *l, void *obj,
                            void **child)
{
	(void)p;
	(void)l;
	(void)child;
	((struct floatd_conf *)obj)->vrrp_strict = true;
	return 0;
}

int vrrp_conf_extra_block_open(struct conf_parse *p, const struct conf_line *l, void *obj,
                               void **child)
{
	(void)p;
	(void)l;
	*child = obj;
	return 0;
}

/* ---- validation */

/* vrrp_strict / strict_mode (keepalived.conf(5) vrrp_strict, and what
 * keepalived's vrrp_complete_instance does): keepalived refuses an instance
 * only for a missing VIP and for unicast peers; everything else it reports
 * and corrects, so existing keepalived.conf files keep loading.  We report
 * the same corrections as warnings naming the correction. */
static void extra_strict(struct conf_parse *p, struct vrrp_instance_conf *vi)
{
	const char *f = vi->origin.file;
	int ln = vi->origin.line;

	if (vi->n_vips == 0)
		conf_parse_report_at(p, 1, f, ln, "vrrp_instance %s: strict mode requires at "
		                     "least one virtual_ipaddress", vi->name);
	if (vi->n_unicast_peers > 0)
		conf_parse_report_at(p, 1, f, ln, "vrrp_instance %s: strict mode does not allow "
		                     "unicast_peer", vi->name);
	if (vi->auth_origin.file != NULL) {
		/* RFC 5798 §9 removed authentication; checked before the VRRPv2
		 * auth checks as keepalived does, so nothing else is said about it */
		conf_parse_report_at(p, 0, vi->auth_origin.file, vi->auth_origin.line,
		                     "vrrp_instance %s: strict mode does not allow authentication; "
		                     "ignored", vi->name);
		vi->auth_type = VRRP_AUTH_NONE;
		memset(vi->auth_pass, 0, sizeof(vi->auth_pass));
		vi->auth_origin.file = NULL;
		vi->auth_origin.line = 0;
	}
	if (vi->want_master != (vi->priority == 255)) {
		/* RFC 5798 §6.4.1: only the address owner starts as Master */
		conf_parse_report_at(p, 0, f, ln, "vrrp_instance %s: strict mode allows state "
		                     "MASTER only with priority 255; starting as %s", vi->name,
		                     vi->priority == 255 ? "MASTER" : "BACKUP");
		vi->want_master = vi->priority == 255;
	}
	if (vi->preempt_delay_ms > 0) {
		conf_parse_report_at(p, 0, f, ln, "vrrp_instance %s: strict mode does not allow "
		                     "preempt_delay; set to 0", vi->name);
		vi->preempt_delay_ms = 0;
	}
	if (vi->vmac_xmit_base && vi->use_vmac) {
		conf_parse_report_at(p, 0, f, ln, "vrrp_instance %s: strict mode does not allow "
		                     "vmac_xmit_base; adverts leave by the VMAC", vi->name);
		vi->vmac_xmit_base = false;
	}
	if (vi->fast_handover == 1)
		conf_parse_report_at(p, 0, f, ln, "vrrp_instance %s: strict mode keeps RFC 5798 "
		                     "timing; fast_handover turned off", vi->name);
	vi->fast_handover = 0;
	if (vi->higher_prio_send_advert_cfg == 1)
		conf_parse_report_at(p, 0, f, ln, "vrrp_instance %s: strict mode does not allow "
		                     "higher_prio_send_advert; turned off", vi->name);
	vi->higher_prio_send_advert_cfg = 0;   /* the global default does not apply either */
	if (vi->lower_prio_no_advert_cfg == 0)
		conf_parse_report_at(p, 0, f, ln, "vrrp_instance %s: strict mode requires "
		                     "lower_prio_no_advert; turned on", vi->name);
	vi->lower_prio_no_advert_cfg = 1;
	if (vi->garp_lower_prio_repeat != UINT32_MAX && vi->garp_lower_prio_repeat != 0)
		conf_parse_report_at(p, 0, f, ln, "vrrp_instance %s: strict mode does not allow "
		                     "garp_lower_prio_repeat; set to 0", vi->name);
	if (vi->garp_lower_prio_delay_s != UINT32_MAX && vi->garp_lower_prio_delay_s != 0)
		conf_parse_report_at(p, 0, f, ln, "vrrp_instance %s: strict mode does not allow "
		                     "garp_lower_prio_delay; set to 0", vi->name);
	vi->garp_lower_prio_repeat = 0;
	vi->garp_lower_prio_delay_s = 0;
	/* RFC 3768 has no Accept_Mode; the owner accepts anyway */
	if (vi->accept_cfg == 1 && vi->version == 2 && vi->priority != 255) {
		conf_parse_report_at(p, 0, f, ln, "vrrp_instance %s: strict mode: VRRPv2 has no "
		                     "accept mode; using no_accept", vi->name);
		vi->accept_cfg = 2;
	}
	/* keepalived only reports this one and runs the instance as it is */
	if (vi->family == AF_INET6 && vi->n_vips > 0 && vi->n_unicast_peers == 0 &&
	    !IN6_IS_ADDR_LINKLOCAL(&vi->vips[0].addr.v6))
		conf_parse_report_at(p, 0, f, ln, "vrrp_instance %s: strict mode: the first IPv6 "
		                     "virtual_ipaddress should be link-local (RFC 5798 §5.2.9); "
		                     "used as configured", vi->name);
}

void vrrp_conf_extra_validate(struct conf_parse *p, const struct floatd_conf *c,
                              struct vrrp_instance_conf *vi)
{
	const char *f = vi->origin.file;
	int ln = vi->origin.line;

	vi->strict = vi->strict_cfg ? vi->strict_cfg == 1 : c->vrrp_strict;
	if (vi->use_vmac && vi->vmac_name[0] == '\0')
		snprintf(vi->vmac_name, sizeof(vi->vmac_name), "vrrp.%u", vi->vrid);
	if (vi->vmac_xmit_base && !vi->use_vmac) {
		/* keepalived: "only valid with a vmac", and clears it */
		conf_parse_report_at(p, 0, f, ln, "vrrp_instance %s: vmac_xmit_base without use_vmac "
		                     "has no effect", vi->name);
		vi->vmac_xmit_base = false;
	}
	if (vi->promote_secondaries && vi->use_vmac) {
		/* keepalived: "automatically set for vmacs - ignoring" */
		conf_parse_report_at(p, 0, f, ln, "vrrp_instance %s: promote_secondaries with "
		                     "use_vmac; ignored, as keepalived does", vi->name);
		vi->promote_secondaries = false;
	}
	if (vi->use_vmac && vi->interface[0] && strcmp(vi->vmac_name, vi->interface) == 0)
		conf_parse_report_at(p, 1, f, ln, "vrrp_instance %s: use_vmac name %s is the "
		                     "instance's interface", vi->name, vi->vmac_name);
	if (vi->strict)
		extra_strict(p, vi);
	/* RFC 5798 §6.1 Accept_Mode defaults to False; keepalived keeps it on
	 * unless strict, where only the address owner accepts */
	if (vi->accept_cfg)
		vi->accept = vi->accept_cfg == 1;
	else
		vi->accept = vi->strict ? vi->priority == 255 : true;
	for (unsigned i = 0; i < vi->n_vroutes; i++) {
		const struct vroute_conf *r = &vi->vroutes[i];

		if (r->rt.has_src && vi->n_vips + vi->n_vips_excluded == 0)
			conf_parse_report_at(p, 0, r->origin.file, r->origin.line, "vrrp_instance %s: "
			                     "virtual_routes 'src' needs the address to be local",
			                     vi->name);
	}
}

/* ---- dump and free */

void vrrp_conf_extra_dump(FILE *fp, const struct vrrp_instance_conf *vi)
{
	if (vi->accept_cfg)
		fprintf(fp, "\t%s\n", vi->accept_cfg == 1 ? "accept" : "no_accept");
	if (vi->strict_cfg)
		fprintf(fp, "\tstrict_mode %s\n", vi->strict_cfg == 1 ? "on" : "off");
	if (vi->use_vmac)
		fprintf(fp, "\tuse_vmac %s\n", vi->vmac_name);
	if (vi->vmac_xmit_base)
		fprintf(fp, "\tvmac_xmit_base\n");
	if (vi->promote_secondaries)
		fprintf(fp, "\tpromote_secondaries\n");
	vrrp_conf_iproute_dump_instance(fp, vi);
}

void vrrp_conf_extra_free(struct vrrp_instance_conf *vi)
{
	free(vi->vroutes);
	free(vi->vrules);
	vi->vroutes = NULL;
	vi->vrules = NULL;
}
