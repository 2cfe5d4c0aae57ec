/* vrrp_instance: keyword table, virtual_ipaddress items, notify scripts,
 * validation and the normalised dump.  Behaviour follows keepalived's man
 * page and reader; where keepalived only logs and carries on (advert_int
 * rounding, priority 255 as BACKUP) we warn and do the same. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "addr.h"
#include "argv.h"
#include "vrrp/conf/conf_ipvs.h"
#include "vrrp/conf/conf_instance.h"
#include "vrrp/conf/conf_extra.h"
#include "vrrp/conf/conf_fifo.h"
#include "vrrp/conf/conf_track.h"
#include "vrrp/conf/conf_track_process.h"
#include "vrrp/conf/conf_unicast_auth.h"

#define VRRP_CONF_SECS_MAX 86400UL
#define VRRP_CONF_REPEAT_MAX 65535UL

/* ---- instance and simple keywords */

int vrrp_conf_instance_open(struct conf_parse *p, const struct conf_line *l, void *obj,
                            void **child)
{
	struct floatd_conf *c = obj;
	struct vrrp_instance_conf *vi = calloc(1, sizeof(*vi)), **tail;

	(void)p;
	if (!vi || !(vi->name = strdup(l->argv[1]))) {
		free(vi);
		return -1;
	}
	vi->origin.file = l->file;
	vi->origin.line = l->line;
	vi->family = AF_INET;
	vi->priority = 100;
	vi->adver_int_ms = 1000;
	vi->preempt = true;
	vi->fast_handover = -1;
	vi->garp_master_delay_s = UINT32_MAX;
	vi->garp_master_repeat = UINT32_MAX;
	vi->garp_master_refresh_s = UINT32_MAX;
	vi->garp_master_refresh_repeat = UINT32_MAX;
	vrrp_conf_track_instance_defaults(vi);
	for (tail = &c->instances; *tail; tail = &(*tail)->next)
		;
	*tail = vi;
	c->n_instances++;
	*child = vi;
	return 0;
}

static int vrrp_conf_state(struct conf_parse *p, const struct conf_line *l, void *obj,
                           void **child)
{
	struct vrrp_instance_conf *vi = obj;

	(void)child;
	if (strcmp(l->argv[1], "MASTER") == 0)
		vi->want_master = true;
	else if (strcmp(l->argv[1], "BACKUP") == 0)
		vi->want_master = false;
	else {
		/* keepalived reports it and starts as BACKUP */
		conf_parse_warn(p, l, "unknown state '%s', using BACKUP as keepalived does "
		                "(expected MASTER|BACKUP)", l->argv[1]);
		vi->want_master = false;
	}
	return 0;
}

static int vrrp_conf_interface(struct conf_parse *p, const struct conf_line *l, void *obj,
                               void **child)
{
	struct vrrp_instance_conf *vi = obj;

	(void)child;
	return conf_parse_name(p, l, 1, vi->interface, sizeof(vi->interface));
}

static int vrrp_conf_u8(struct conf_parse *p, const struct conf_line *l, uint8_t *dst,
                        unsigned long min, unsigned long max)
{
	unsigned long v;

	if (conf_parse_uint(p, l, 1, min, max, &v) < 0)
		return -1;
	*dst = (uint8_t)v;
	return 0;
}

static int vrrp_conf_vrid(struct conf_parse *p, const struct conf_line *l, void *obj,
                          void **child)
{
	struct vrrp_instance_conf *vi = obj;

	(void)child;
	vi->vrid_given = true;   /* a bad value is its own error, not also "missing" */
	return vrrp_conf_u8(p, l, &vi->vrid, 1, 255);
}

/* keepalived: "Priority not valid! ... Using default 100" and runs */
static int vrrp_conf_priority(struct conf_parse *p, const struct conf_line *l, void *obj,
                              void **child)
{
	struct vrrp_instance_conf *vi = obj;
	unsigned long v;

	(void)child;
	if (conf_parse_uint_or(p, l, 1, 1, 255, &v, "the default 100") < 0) {
		vi->priority = 100;
		return 0;
	}
	vi->priority = (uint8_t)v;
	return 0;
}

static int vrrp_conf_version(struct conf_parse *p, const struct conf_line *l, void *obj,
                             void **child)
{
	(void)child;
	return vrrp_conf_u8(p, l, &((struct vrrp_instance_conf *)obj)->version, 2, 3);
}

static int vrrp_conf_advert_int(struct conf_parse *p, const struct conf_line *l, void *obj,
                                void **child)
{
	struct vrrp_instance_conf *vi = obj;
	uint64_t us;
	char kept[32];

	(void)child;

	/* range checks that depend on the version are in validate; keepalived
	 * ignores a value it cannot read ("Advert interval ... - ignoring") */
	snprintf(kept, sizeof(kept), "%g s", vi->adver_int_ms / 1000.0);
	if (conf_parse_timer_us_or(p, l, 1, 1000, VRRP_CONF_SECS_MAX * 1000000, &us, kept) < 0)
		return 0;
	vi->adver_int_ms = (uint32_t)((us + 500) / 1000);
	return 0;
}

/* The `arg` of the preempt / nopreempt rows. */
enum { VRRP_KW_PREEMPT = 1, VRRP_KW_NOPREEMPT };

static int vrrp_conf_nopreempt(struct conf_parse *p, const struct conf_line *l, void *obj,
                               void **child)
{
	struct vrrp_instance_conf *vi = obj;

	(void)child;
	switch (conf_parse_kw_arg(p)) {
	case VRRP_KW_PREEMPT:
		vi->preempt = true;
		return 0;
	case VRRP_KW_NOPREEMPT:
		vi->preempt = false;
		return 0;
	}
	return conf_parse_bad_arg(p, l);
}

static int vrrp_conf_fast_handover(struct conf_parse *p, const struct conf_line *l, void *obj,
                                   void **child)
{
	struct vrrp_instance_conf *vi = obj;
	bool b;

	(void)child;
	if (conf_parse_bool(p, l, 1, &b) < 0)
		return -1;
	vi->fast_handover = b;
	return 0;
}

static int vrrp_conf_preempt_delay(struct conf_parse *p, const struct conf_line *l, void *obj,
                                   void **child)
{
	struct vrrp_instance_conf *vi = obj;
	uint64_t us;
	char kept[32];

	(void)child;
	/* keepalived: "Preempt_delay not valid! must be between 0-1000" */
	snprintf(kept, sizeof(kept), "%g s", vi->preempt_delay_ms / 1000.0);
	if (conf_parse_timer_us_or(p, l, 1, 0, 1000 * 1000000ULL, &us, kept) < 0)
		return 0;
	vi->preempt_delay_ms = (uint32_t)((us + 500) / 1000);
	return 0;
}

/* native_ipv6: keepalived's old way to make an instance IPv6 (VRRPv3).
 * The family now follows virtual_ipaddress; the keyword still asserts it
 * (checked in vrrp_conf_check_one, where the VIPs are known). */
static int vrrp_conf_native_ipv6(struct conf_parse *p, const struct conf_line *l, void *obj,
                                 void **child)
{
	struct vrrp_instance_conf *vi = obj;

	(void)p;
	(void)child;
	vi->native_ipv6.file = l->file;
	vi->native_ipv6.line = l->line;
	return 0;
}

/* The `arg` of the garp_master_* rows. */
enum {
	VRRP_KW_GARP_DELAY = 1,
	VRRP_KW_GARP_REPEAT,
	VRRP_KW_GARP_REFRESH,
	VRRP_KW_GARP_REFRESH_REPEAT,
};

static int vrrp_conf_garp(struct conf_parse *p, const struct conf_line *l, void *obj,
                          void **child)
{
	struct vrrp_instance_conf *vi = obj;
	uint32_t *dst;
	unsigned long v, max = VRRP_CONF_SECS_MAX;
	char kept[16];

	(void)child;
	switch (conf_parse_kw_arg(p)) {
	case VRRP_KW_GARP_DELAY:
		dst = &vi->garp_master_delay_s;
		break;
	case VRRP_KW_GARP_REFRESH:
		dst = &vi->garp_master_refresh_s;
		break;
	case VRRP_KW_GARP_REPEAT:
		max = VRRP_CONF_REPEAT_MAX;
		dst = &vi->garp_master_repeat;
		break;
	case VRRP_KW_GARP_REFRESH_REPEAT:
		max = VRRP_CONF_REPEAT_MAX;
		dst = &vi->garp_master_refresh_repeat;
		break;
	default:
		return conf_parse_bad_arg(p, l);
	}
	/* keepalived: "garp_master_delay 'abc' invalid - ignoring" */
	snprintf(kept, sizeof(kept), "%u", *dst);
	if (conf_parse_uint_or(p, l, 1, 0, max, &v,
	                       *dst == UINT32_MAX ? "global_defs' value" : kept) < 0)
		return 0;
	*dst = (uint32_t)v;
	return 0;
}

/* ---- notify scripts: SCRIPT [USER [[:]GROUP]] */

void vrrp_conf_script_clear(struct script_conf *s)
{
	argv_free(s->argv);
	free(s->user);
	free(s->group);
	memset(s, 0, sizeof(*s));
}

static int vrrp_conf_notify(struct conf_parse *p, const struct conf_line *l, void *obj,
                            void **child)
{
	struct vrrp_instance_conf *vi = obj;
	struct script_conf *s;

	(void)child;
	switch ((enum vrrp_conf_notify_kw)conf_parse_kw_arg(p)) {
	case VRRP_NOTIFY_KW_MASTER: s = &vi->notify_master; break;
	case VRRP_NOTIFY_KW_BACKUP: s = &vi->notify_backup; break;
	case VRRP_NOTIFY_KW_FAULT: s = &vi->notify_fault; break;
	case VRRP_NOTIFY_KW_STOP: s = &vi->notify_stop; break;
	case VRRP_NOTIFY_KW_ANY: s = &vi->notify; break;
	case VRRP_NOTIFY_KW_RX_LOWER: s = &vi->notify_master_rx_lower_pri; break;
	default: return conf_parse_bad_arg(p, l);
	}
	return vrrp_conf_script_line(p, l, s);
}

int vrrp_conf_script_line(struct conf_parse *p, const struct conf_line *l,
                          struct script_conf *s)
{
	struct script_conf tmp = { 0 };
	const char *why = NULL;
	char *cmd, *words[3] = { 0 };
	int nw;

	/* SCRIPT [USER [[:]GROUP]]: the command is split again shell-like
	 * (GRAMMAR §5) by argv_split() */
	nw = conf_parse_script_words(l, true, &cmd, words, 3);
	if (nw < 0)
		return -1;
	if (nw > 2)
		conf_parse_warn(p, l, "extra words after '%s' ignored: '%s'", l->argv[0], words[2]);
	if (argv_split(cmd, &tmp.argv, &why) < 0) {
		conf_parse_error(p, l, "invalid %s: %s", l->argv[0], why);
	} else if (!tmp.argv[0]) {
		conf_parse_error(p, l, "invalid %s: empty command", l->argv[0]);
	} else if (tmp.argv[0][0] != '/' && strchr(tmp.argv[0], '/') != NULL) {
		/* keepalived disables a notify script it cannot find and carries
		 * on; a bare name is looked up in PATH later (src/conf_programs.c),
		 * a relative path has nothing to be relative to in a daemon */
		conf_parse_warn(p, l, "%s '%s' is a relative path (cannot be found); %s disabled",
		                l->argv[0], tmp.argv[0], l->argv[0]);
		vrrp_conf_script_clear(s);
		argv_free(tmp.argv);
		for (int i = 0; i < 3; i++)
			free(words[i]);
		free(cmd);
		return 0;
	} else {
		vrrp_conf_script_clear(s);
		s->argv = tmp.argv;
		s->user = words[0];
		s->group = words[1];
		s->origin.file = l->file;
		s->origin.line = l->line;
		free(words[2]);
		free(cmd);
		return 0;
	}
	argv_free(tmp.argv);
	for (int i = 0; i < 3; i++)
		free(words[i]);
	free(cmd);
	return -1;
}

/* ---- virtual_ipaddress { ADDR[/PREFIX] [brd X] [dev IF] [scope S] [label L] } */

/* Flags without a value: no_virtual_ipaddress (an instance without
 * addresses on purpose: no warning), promote_secondaries */
enum vrrp_conf_flag_kw { VRRP_FLAG_KW_NO_VIPS = 1, VRRP_FLAG_KW_PROMOTE_SECONDARIES };

static int vrrp_conf_flag(struct conf_parse *p, const struct conf_line *l, void *obj,
                          void **child)
{
	struct vrrp_instance_conf *vi = obj;

	(void)child;
	switch ((enum vrrp_conf_flag_kw)conf_parse_kw_arg(p)) {
	case VRRP_FLAG_KW_NO_VIPS:
		vi->no_vips_ok = true;
		return 0;
	case VRRP_FLAG_KW_PROMOTE_SECONDARIES:
		vi->promote_secondaries = true;
		return 0;
	}
	return conf_parse_bad_arg(p, l);
}

static int vrrp_conf_vips_open(struct conf_parse *p, const struct conf_line *l, void *obj,
                               void **child)
{
	(void)p;
	(void)l;
	*child = obj;
	return 0;
}

static int vrrp_conf_vips_add(struct conf_parse *p, const struct conf_line *l,
                              struct vrrp_instance_conf *vi, bool excluded)
{
	const char *block = excluded ? "virtual_ipaddress_excluded" : "virtual_ipaddress";
	struct vip_conf v, **arr = excluded ? &vi->vips_excluded : &vi->vips, *na;
	unsigned *n = excluded ? &vi->n_vips_excluded : &vi->n_vips;

	if (vrrp_conf_vip_line(p, l, block, &v) < 0)
		return -1;
	/* One instance advertises one family (RFC 5798 §5.2.9); excluded
	 * addresses are not advertised so keepalived lets them mix. */
	if (!excluded && *n > 0 && (*arr)[0].family != v.family) {
		conf_parse_error(p, l, "%s '%s' is %s but the instance's first address is %s "
		                 "(one family per instance)", block, l->argv[0],
		                 v.family == AF_INET6 ? "IPv6" : "IPv4",
		                 v.family == AF_INET6 ? "IPv4" : "IPv6");
		return -1;
	}
	if (!excluded && *n >= VRRP_MAX_ADDRS) {
		conf_parse_error(p, l, "too many addresses in %s (at most %d)", block, VRRP_MAX_ADDRS);
		return -1;
	}
	na = realloc(*arr, (*n + 1) * sizeof(*na));
	if (!na)
		return -1;
	na[*n] = v;
	*arr = na;
	(*n)++;
	return 0;
}

static int vrrp_conf_vips_item(struct conf_parse *p, const struct conf_line *l, void *child)
{
	return vrrp_conf_vips_add(p, l, child, false);
}

static int vrrp_conf_vips_excl_item(struct conf_parse *p, const struct conf_line *l,
                                    void *child)
{
	return vrrp_conf_vips_add(p, l, child, true);
}

/* smtp_alert [BOOL]; the effective value is decided by src/conf_mail.c's
 * precedence */
static int instance_smtp_alert(struct conf_parse *p, const struct conf_line *l, void *obj,
                               void **child)
{
	(void)child;
	conf_parse_onoff(p, l, "vrrp_instance ", &((struct vrrp_instance_conf *)obj)->smtp_alert_cfg);
	return 0;
}

static const struct conf_kw vrrp_conf_kws[] = {
	{ "state", CONF_KW_SIMPLE, 1, 1, vrrp_conf_state, NULL, NULL, 0 },
	{ "interface", CONF_KW_SIMPLE, 1, 1, vrrp_conf_interface, NULL, NULL, 0 },
	{ "virtual_router_id", CONF_KW_SIMPLE, 1, 1, vrrp_conf_vrid, NULL, NULL, 0 },
	{ "priority", CONF_KW_SIMPLE, 1, 1, vrrp_conf_priority, NULL, NULL, 0 },
	{ "advert_int", CONF_KW_SIMPLE, 1, 1, vrrp_conf_advert_int, NULL, NULL, 0 },
	{ "version", CONF_KW_SIMPLE, 1, 1, vrrp_conf_version, NULL, NULL, 0 },
	{ "nopreempt", CONF_KW_SIMPLE, 0, 0, vrrp_conf_nopreempt, NULL, NULL, VRRP_KW_NOPREEMPT },
	{ "preempt", CONF_KW_SIMPLE, 0, 0, vrrp_conf_nopreempt, NULL, NULL, VRRP_KW_PREEMPT },
	{ "preempt_delay", CONF_KW_SIMPLE, 1, 1, vrrp_conf_preempt_delay, NULL, NULL, 0 },
	{ "fast_handover", CONF_KW_SIMPLE, 0, 1, vrrp_conf_fast_handover, NULL, NULL, 0 },
	{ "native_ipv6", CONF_KW_SIMPLE, 0, 0, vrrp_conf_native_ipv6, NULL, NULL, 0 },
	{ "garp_master_delay", CONF_KW_SIMPLE, 1, 1, vrrp_conf_garp, NULL, NULL, VRRP_KW_GARP_DELAY },
	{ "garp_master_repeat", CONF_KW_SIMPLE, 1, 1, vrrp_conf_garp, NULL, NULL, VRRP_KW_GARP_REPEAT },
	{ "garp_master_refresh", CONF_KW_SIMPLE, 1, 1, vrrp_conf_garp, NULL, NULL, VRRP_KW_GARP_REFRESH },
	{ "garp_master_refresh_repeat", CONF_KW_SIMPLE, 1, 1, vrrp_conf_garp, NULL, NULL, VRRP_KW_GARP_REFRESH_REPEAT },
	{ "notify_master", CONF_KW_SIMPLE, 1, -1, vrrp_conf_notify, NULL, NULL, VRRP_NOTIFY_KW_MASTER },
	{ "notify_backup", CONF_KW_SIMPLE, 1, -1, vrrp_conf_notify, NULL, NULL, VRRP_NOTIFY_KW_BACKUP },
	{ "notify_fault", CONF_KW_SIMPLE, 1, -1, vrrp_conf_notify, NULL, NULL, VRRP_NOTIFY_KW_FAULT },
	{ "notify_stop", CONF_KW_SIMPLE, 1, -1, vrrp_conf_notify, NULL, NULL, VRRP_NOTIFY_KW_STOP },
	{ "notify", CONF_KW_SIMPLE, 1, -1, vrrp_conf_notify, NULL, NULL, VRRP_NOTIFY_KW_ANY },
	{ "notify_master_rx_lower_pri", CONF_KW_SIMPLE, 1, -1, vrrp_conf_notify, NULL, NULL,
	  VRRP_NOTIFY_KW_RX_LOWER },
	{ "smtp_alert", CONF_KW_SIMPLE, 0, 1, instance_smtp_alert, NULL, NULL, 0 },
	/* keepalived's older lvs_sync_daemon: src/vrrp/conf/conf_ipvs.c */
	{ "lvs_sync_daemon_interface", CONF_KW_SIMPLE, 1, 1, conf_ipvs_instance, NULL, NULL, 0 },
	{ "virtual_ipaddress", CONF_KW_VALUES, 0, 0, vrrp_conf_vips_open, NULL,
	  vrrp_conf_vips_item, 0 },
	{ "virtual_ipaddress_excluded", CONF_KW_VALUES, 0, 0, vrrp_conf_vips_open, NULL,
	  vrrp_conf_vips_excl_item, 0 },
	/* tracking: src/vrrp/conf/conf_track_advert.c */
	{ "track_script", CONF_KW_VALUES, 0, 0, vrrp_conf_track_self_open, NULL,
	  vrrp_conf_track_inst_script_item, 0 },
	{ "track_interface", CONF_KW_VALUES, 0, 0, vrrp_conf_track_self_open, NULL,
	  vrrp_conf_track_inst_iface_item, 0 },
	{ "track_file", CONF_KW_VALUES, 0, 0, vrrp_conf_track_self_open, NULL,
	  vrrp_conf_track_inst_file_item, 0 },
	{ "track_process", CONF_KW_VALUES, 0, 0, vrrp_conf_track_self_open, NULL,
	  vrrp_conf_track_process_inst_item, 0 },
	{ "notify_priority_changes", CONF_KW_SIMPLE, 0, 1, vrrp_conf_fifo_instance, NULL,
	  NULL, 0 },
	{ "track_reference", CONF_KW_VALUES, 0, 0, vrrp_conf_track_reference_open, NULL,
	  vrrp_conf_track_reference_item, 0 },
	{ "vip_lifetime", CONF_KW_SIMPLE, 1, 1, vrrp_conf_track_inst_simple, NULL, NULL, VRRP_TRACK_KW_VIP_LIFETIME },
	{ "higher_prio_send_advert", CONF_KW_SIMPLE, 0, 1, vrrp_conf_track_inst_simple, NULL,
	  NULL, VRRP_TRACK_KW_HIGHER_PRIO_SEND_ADVERT },
	{ "skip_check_adv_addr", CONF_KW_SIMPLE, 0, 1, vrrp_conf_track_inst_simple, NULL, NULL,
	  VRRP_TRACK_KW_SKIP_CHECK_ADV_ADDR },
	{ "down_timer_adverts", CONF_KW_SIMPLE, 1, 1, vrrp_conf_track_inst_simple, NULL, NULL,
	  VRRP_TRACK_KW_DOWN_TIMER_ADVERTS },
	{ "v3_checksum_as_v2", CONF_KW_SIMPLE, 0, 1, vrrp_conf_track_inst_simple, NULL, NULL,
	  VRRP_TRACK_KW_V3_CHECKSUM_AS_V2 },
	{ "lower_prio_no_advert", CONF_KW_SIMPLE, 0, 1, vrrp_conf_track_inst_simple, NULL,
	  NULL, VRRP_TRACK_KW_LOWER_PRIO_NO_ADVERT },
	{ "garp_lower_prio_repeat", CONF_KW_SIMPLE, 1, 1, vrrp_conf_track_inst_simple, NULL,
	  NULL, VRRP_TRACK_KW_GARP_LOWER_PRIO_REPEAT },
	{ "garp_lower_prio_delay", CONF_KW_SIMPLE, 1, 1, vrrp_conf_track_inst_simple, NULL,
	  NULL, VRRP_TRACK_KW_GARP_LOWER_PRIO_DELAY },
	/* unicast, authentication, version: src/vrrp/conf/conf_unicast_auth.c */
	{ "unicast_src_ip", CONF_KW_SIMPLE, 1, 1, vrrp_conf_unicast_src, NULL, NULL, 0 },
	/* keepalived: the advert source with multicast or unicast; same thing */
	{ "mcast_src_ip", CONF_KW_SIMPLE, 1, 1, vrrp_conf_unicast_src, NULL, NULL, 0 },
	{ "mcast_dst_ip", CONF_KW_SIMPLE, 1, 1, vrrp_conf_mcast_dst, NULL, NULL, 0 },
	/* floatd always hears unicast adverts from the unicast_peer list only */
	{ "check_unicast_src", CONF_KW_SIMPLE, 0, 0, conf_parse_accept, NULL, NULL, 0 },
	/* keepalived's debug level of an instance: floatd's logs do not vary */
	{ "debug", CONF_KW_SIMPLE, 0, 1, conf_parse_accept, NULL, NULL, 0 },
	{ "no_virtual_ipaddress", CONF_KW_SIMPLE, 0, 0, vrrp_conf_flag, NULL, NULL,
	  VRRP_FLAG_KW_NO_VIPS },
	{ "promote_secondaries", CONF_KW_SIMPLE, 0, 0, vrrp_conf_flag, NULL, NULL,
	  VRRP_FLAG_KW_PROMOTE_SECONDARIES },
	{ "dont_track_primary", CONF_KW_SIMPLE, 0, 0, vrrp_conf_track_inst_simple, NULL, NULL,
	  VRRP_TRACK_KW_DONT_TRACK_PRIMARY },
	{ "unicast_ttl", CONF_KW_SIMPLE, 1, 1, vrrp_conf_unicast_ttl, NULL, NULL, 0 },
	{ "track_process", CONF_KW_VALUES, 0, 0, vrrp_conf_track_self_open, NULL,
	  vrrp_conf_track_process_inst_item, 0 },
	{ "notify_priority_changes", CONF_KW_SIMPLE, 0, 1, vrrp_conf_fifo_instance, NULL,
	  NULL, 0 },
	{ "unicast_peer", CONF_KW_VALUES, 0, 0, vrrp_conf_unicast_peer_open, NULL,
	  vrrp_conf_unicast_peer_item, 0 },
	{ "authentication", CONF_KW_BLOCK, 0, 0, vrrp_conf_auth_open, &vrrp_conf_auth_table, NULL, 0 },
	/* accept mode, strict, VMAC, routes/rules: src/vrrp/conf/conf_extra.c */
	{ "accept", CONF_KW_SIMPLE, 0, 0, vrrp_conf_extra_simple, NULL, NULL, VRRP_EXTRA_KW_ACCEPT },
	{ "no_accept", CONF_KW_SIMPLE, 0, 0, vrrp_conf_extra_simple, NULL, NULL, VRRP_EXTRA_KW_NO_ACCEPT },
	{ "strict_mode", CONF_KW_SIMPLE, 0, 1, vrrp_conf_extra_simple, NULL, NULL, VRRP_EXTRA_KW_STRICT_MODE },
	{ "use_vmac", CONF_KW_SIMPLE, 0, 1, vrrp_conf_extra_simple, NULL, NULL, VRRP_EXTRA_KW_USE_VMAC },
	{ "vmac_xmit_base", CONF_KW_SIMPLE, 0, 0, vrrp_conf_extra_simple, NULL, NULL, VRRP_EXTRA_KW_VMAC_XMIT_BASE },
	{ "virtual_routes", CONF_KW_VALUES, 0, 0, vrrp_conf_extra_block_open, NULL,
	  vrrp_conf_vroute_item, 0 },
	{ "virtual_rules", CONF_KW_VALUES, 0, 0, vrrp_conf_extra_block_open, NULL,
	  vrrp_conf_vrule_item, 0 },
	{ NULL, CONF_KW_SIMPLE, 0, 0, NULL, NULL, NULL, 0 },
};

const struct conf_table vrrp_conf_instance_table = { "vrrp_instance", vrrp_conf_kws, NULL };

/* ---- validation */

static void vrrp_conf_fix_timers(struct conf_parse *p, struct vrrp_instance_conf *vi)
{
	const char *f = vi->origin.file;
	int ln = vi->origin.line;
	uint32_t ms = vi->adver_int_ms;

	if (vi->version == 2) {
		/* RFC 3768 §5.3.7: 8-bit whole seconds.  keepalived rounds to the
		 * nearest second (at least 1) and clamps to 255, and carries on. */
		if (ms > 255000) {
			conf_parse_report_at(p, 0, f, ln, "vrrp_instance %s: VRRPv2 advert_int %u.%03us "
			                     "out of range, using 255s", vi->name, ms / 1000, ms % 1000);
			vi->adver_int_ms = 255000;
		} else if (ms % 1000) {
			uint32_t r = (ms + 500) / 1000 * 1000;

			if (!r)
				r = 1000;
			conf_parse_report_at(p, 0, f, ln, "vrrp_instance %s: VRRPv2 advert_int %u.%03us "
			                     "must be whole seconds, rounded to %us", vi->name,
			                     ms / 1000, ms % 1000, r / 1000);
			vi->adver_int_ms = r;
		}
	} else {
		/* RFC 5798 §5.2.7: 12-bit centiseconds */
		if (ms > 40950) {
			conf_parse_report_at(p, 0, f, ln, "vrrp_instance %s: VRRPv3 advert_int %u.%03us "
			                     "out of range, using 40.95s", vi->name, ms / 1000, ms % 1000);
			vi->adver_int_ms = 40950;
		} else if (ms % 10) {
			uint32_t r = (ms + 5) / 10 * 10;

			if (!r)
				r = 10;
			conf_parse_report_at(p, 0, f, ln, "vrrp_instance %s: VRRPv3 advert_int %u.%03us "
			                     "is not a multiple of 10ms, rounded to %u.%02us", vi->name,
			                     ms / 1000, ms % 1000, r / 1000, r % 1000 / 10);
			vi->adver_int_ms = r;
		}
	}
}

static void vrrp_conf_check_one(struct conf_parse *p, const struct floatd_conf *c,
                                struct vrrp_instance_conf *vi)
{
	const char *f = vi->origin.file;
	int ln = vi->origin.line;

	if (!vi->interface[0])
		conf_parse_report_at(p, 1, f, ln, "vrrp_instance %s: missing 'interface'", vi->name);
	if (!vi->vrid && !vi->vrid_given)
		conf_parse_report_at(p, 1, f, ln, "vrrp_instance %s: missing 'virtual_router_id'",
		                     vi->name);
	/* keepalived: native_ipv6 means VRRPv3 unless a version is given */
	if (!vi->version)
		vi->version = vi->native_ipv6.line ? 3 : c->vrrp_version;
	vi->family = vi->n_vips ? vi->vips[0].family : AF_INET;
	if (vi->native_ipv6.line && vi->family == AF_INET && vi->n_vips)
		conf_parse_report_at(p, 1, vi->native_ipv6.file, vi->native_ipv6.line,
		                     "vrrp_instance %s: native_ipv6 with IPv4 addresses in "
		                     "virtual_ipaddress", vi->name);
	else if (vi->native_ipv6.line)
		vi->family = AF_INET6;
	if (vi->family == AF_INET6 && vi->version == 2) {
		conf_parse_report_at(p, 0, f, ln, "vrrp_instance %s: VRRPv2 has no IPv6, using "
		                     "version 3", vi->name);
		vi->version = 3;
	}
	vrrp_conf_fix_timers(p, vi);
	/* strict mode first: it drops authentication before the VRRPv2 checks */
	vrrp_conf_extra_validate(p, c, vi);
	vrrp_conf_unicast_auth_validate(p, c, vi);
	if (!vi->n_vips && !vi->no_vips_ok)
		conf_parse_report_at(p, 0, f, ln, "vrrp_instance %s: no virtual_ipaddress",
		                     vi->name);
	if (vi->priority == 255 && !vi->want_master) {
		/* RFC 5798 §6.4.1: the address owner starts as Master */
		conf_parse_report_at(p, 0, f, ln, "vrrp_instance %s: priority 255 with state BACKUP, "
		                     "starting as MASTER", vi->name);
		vi->want_master = true;
	}
	if (vi->want_master && !vi->preempt && vi->priority != 255)
		conf_parse_report_at(p, 0, f, ln, "vrrp_instance %s: nopreempt does not apply to the "
		                     "initial state MASTER", vi->name);
	if (vi->garp_master_delay_s == UINT32_MAX)
		vi->garp_master_delay_s = c->garp_master_delay_s;
	if (vi->garp_master_repeat == UINT32_MAX)
		vi->garp_master_repeat = c->garp_master_repeat;
	if (vi->garp_master_refresh_s == UINT32_MAX)
		vi->garp_master_refresh_s = c->garp_master_refresh_s;
	if (vi->garp_master_refresh_repeat == UINT32_MAX)
		vi->garp_master_refresh_repeat = c->garp_master_refresh_repeat;
}

void vrrp_conf_validate(struct conf_parse *p, struct floatd_conf *c)
{
	vrrp_conf_static_validate(c);
	for (struct vrrp_instance_conf *vi = c->instances; vi; vi = vi->next) {
		vrrp_conf_check_one(p, c, vi);
		for (struct vrrp_instance_conf *o = c->instances; o != vi; o = o->next) {
			if (strcmp(o->name, vi->name) == 0) {
				conf_parse_report_at(p, 1, vi->origin.file, vi->origin.line,
				                     "duplicate vrrp_instance '%s' (first at %s:%d)",
				                     vi->name, o->origin.file, o->origin.line);
				break;
			}
			/* RFC 5798 §7.3: the VRID selects the virtual MAC on a LAN */
			if (vi->vrid && vi->vrid == o->vrid && vi->family == o->family &&
			    vi->interface[0] && strcmp(vi->interface, o->interface) == 0) {
				conf_parse_report_at(p, 1, vi->origin.file, vi->origin.line,
				                     "vrrp_instance %s: virtual_router_id %u on %s (%s) "
				                     "already used by %s (%s:%d)", vi->name, vi->vrid,
				                     vi->interface, vi->family == AF_INET6 ? "IPv6" : "IPv4",
				                     o->name, o->origin.file, o->origin.line);
				break;
			}
		}
	}
}

/* ---- dump: the output parses back to the same configuration */

static void vrrp_conf_dump_word(FILE *fp, const char *w)
{
	fputc('\'', fp);
	for (const unsigned char *c = (const unsigned char *)w; *c; c++) {
		if (*c == '\'' || *c == '\\' || *c == '"')
			fprintf(fp, "\\%c", *c);
		else if (*c < 0x20 || *c == 0x7f || *c == '$')
			fprintf(fp, "\\x%02x", *c);
		else
			fputc(*c, fp);
	}
	fputc('\'', fp);
}

void vrrp_conf_dump_script(FILE *fp, const char *kw, const struct script_conf *s)
{
	if (!s->argv)
		return;
	fprintf(fp, "\t%s \"", kw);
	for (int i = 0; s->argv[i]; i++) {
		if (i)
			fputc(' ', fp);
		vrrp_conf_dump_word(fp, s->argv[i]);
	}
	fputc('"', fp);
	if (s->user)
		fprintf(fp, " %s", s->user);
	if (s->group)
		fprintf(fp, " %s", s->group);
	fputc('\n', fp);
}

void vrrp_conf_dump(FILE *fp, const struct vrrp_instance_conf *vi)
{
	fprintf(fp, "vrrp_instance %s {\n", vi->name);
	fprintf(fp, "\t# from %s:%d\n", vi->origin.file, vi->origin.line);
	fprintf(fp, "\tstate %s\n", vi->want_master ? "MASTER" : "BACKUP");
	fprintf(fp, "\tinterface %s\n", vi->interface);
	fprintf(fp, "\tvirtual_router_id %u\n", vi->vrid);
	fprintf(fp, "\tpriority %u\n", vi->priority);
	fprintf(fp, "\tadvert_int %u.%03u\n", vi->adver_int_ms / 1000, vi->adver_int_ms % 1000);
	fprintf(fp, "\tversion %u\n", vi->version);
	if (vi->native_ipv6.line)
		fprintf(fp, "\tnative_ipv6\n");
	fprintf(fp, "\t%s\n", vi->preempt ? "preempt" : "nopreempt");
	fprintf(fp, "\tpreempt_delay %u.%03u\n", vi->preempt_delay_ms / 1000,
	        vi->preempt_delay_ms % 1000);
	/* printed only when off (the floatd default is on), as keepalived
	 * knows no such keyword */
	if (vi->fast_handover == 0)
		fprintf(fp, "\tfast_handover off\n");
	fprintf(fp, "\tgarp_master_delay %u\n", vi->garp_master_delay_s);
	fprintf(fp, "\tgarp_master_repeat %u\n", vi->garp_master_repeat);
	fprintf(fp, "\tgarp_master_refresh %u\n", vi->garp_master_refresh_s);
	fprintf(fp, "\tgarp_master_refresh_repeat %u\n", vi->garp_master_refresh_repeat);
	vrrp_conf_unicast_auth_dump(fp, vi);
	vrrp_conf_extra_dump(fp, vi);
	vrrp_conf_dump_vips(fp, "\t", "virtual_ipaddress", vi->vips, vi->n_vips);
	vrrp_conf_dump_vips(fp, "\t", "virtual_ipaddress_excluded", vi->vips_excluded,
	                    vi->n_vips_excluded);
	vrrp_conf_dump_script(fp, "notify_master", &vi->notify_master);
	vrrp_conf_dump_script(fp, "notify_backup", &vi->notify_backup);
	vrrp_conf_dump_script(fp, "notify_fault", &vi->notify_fault);
	vrrp_conf_dump_script(fp, "notify_stop", &vi->notify_stop);
	vrrp_conf_dump_script(fp, "notify", &vi->notify);
	vrrp_conf_dump_script(fp, "notify_master_rx_lower_pri", &vi->notify_master_rx_lower_pri);
	if (vi->smtp_alert)
		fprintf(fp, "\tsmtp_alert\n");
	vrrp_conf_track_dump_instance(fp, vi);
	fprintf(fp, "}\n");
}

void vrrp_conf_instance_free(struct vrrp_instance_conf *vi)
{
	if (!vi)
		return;
	free(vi->name);
	free(vi->vips);
	free(vi->vips_excluded);
	free(vi->lvs_sync_ifname);
	vrrp_conf_extra_free(vi);
	vrrp_conf_unicast_auth_free(vi);
	vrrp_conf_script_clear(&vi->notify_master);
	vrrp_conf_script_clear(&vi->notify_backup);
	vrrp_conf_script_clear(&vi->notify_fault);
	vrrp_conf_script_clear(&vi->notify_stop);
	vrrp_conf_script_clear(&vi->notify);
	vrrp_conf_script_clear(&vi->notify_master_rx_lower_pri);
	vrrp_conf_track_instance_free(vi);
	free(vi);
}
