/* global_defs: the VRRP process's keywords (vrrp_conf_global_table): the
 * version, gratuitous ARP / NA timing, start-up delay, checksum and
 * firewall keywords read here, and the rows whose handlers are in the other
 * VRRP readers (notify FIFOs, advert options, vrrp_strict, IPVS sync and
 * flushes).  src/conf_global.c lists this table after its own rows.  Pure:
 * fills struct floatd_conf (vrrp_conf_types.h), never logs. */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "vrrp/conf/conf_vrrp_global.h"
#include "vrrp/conf/conf_extra.h"
#include "vrrp/conf/conf_fifo.h"
#include "vrrp/conf/conf_ipvs.h"
#include "vrrp/conf/conf_track.h"
#include "vrrp/conf/conf_unicast_auth.h"
#include "vrrp/conf/vrrp_conf_types.h"

#define GLOBAL_SECS_MAX 86400UL
#define GLOBAL_REPEAT_MAX 65535UL

static int global_version(struct conf_parse *p, const struct conf_line *l, void *obj,
                          void **child)
{
	struct floatd_conf *c = obj;
	unsigned long v;

	(void)child;
	if (conf_parse_uint(p, l, 1, 2, 3, &v) < 0)
		return -1;
	c->vrrp_version = (uint8_t)v;
	return 0;
}

static int global_uint(struct conf_parse *p, const struct conf_line *l, uint32_t *dst,
                       unsigned long max)
{
	unsigned long v;

	if (conf_parse_uint(p, l, 1, 0, max, &v) < 0)
		return -1;
	*dst = (uint32_t)v;
	return 0;
}

static int global_garp_delay(struct conf_parse *p, const struct conf_line *l, void *obj,
                             void **child)
{
	(void)child;
	return global_uint(p, l, &((struct floatd_conf *)obj)->garp_master_delay_s,
	                   GLOBAL_SECS_MAX);
}

static int global_garp_repeat(struct conf_parse *p, const struct conf_line *l, void *obj,
                              void **child)
{
	(void)child;
	return global_uint(p, l, &((struct floatd_conf *)obj)->garp_master_repeat,
	                   GLOBAL_REPEAT_MAX);
}

static int global_garp_refresh(struct conf_parse *p, const struct conf_line *l, void *obj,
                               void **child)
{
	(void)child;
	return global_uint(p, l, &((struct floatd_conf *)obj)->garp_master_refresh_s,
	                   GLOBAL_SECS_MAX);
}

static int global_garp_refresh_repeat(struct conf_parse *p, const struct conf_line *l,
                                      void *obj, void **child)
{
	(void)child;
	return global_uint(p, l, &((struct floatd_conf *)obj)->garp_master_refresh_repeat,
	                   GLOBAL_REPEAT_MAX);
}

/* vrrp_startup_delay / vrrp_delay_after_boot SECS (decimal) */
static int global_startup_delay(struct conf_parse *p, const struct conf_line *l, void *obj,
                                void **child)
{
	struct floatd_conf *c = obj;
	uint64_t us;

	(void)child;
	if (conf_parse_timer_us(p, l, 1, 0, GLOBAL_SECS_MAX * 1000000, &us) < 0)
		return -1;
	if (strcmp(l->argv[0], "vrrp_delay_after_boot") == 0)
		c->delay_after_boot_ms = (uint32_t)((us + 500) / 1000);
	else
		c->startup_delay_ms = (uint32_t)((us + 500) / 1000);
	return 0;
}

static int global_default_interface(struct conf_parse *p, const struct conf_line *l,
                                    void *obj, void **child)
{
	struct floatd_conf *c = obj;

	(void)child;
	return conf_parse_name(p, l, 1, c->default_interface, sizeof(c->default_interface));
}

static int global_log_unknown_vrids(struct conf_parse *p, const struct conf_line *l, void *obj,
                                    void **child)
{
	(void)p;
	(void)l;
	(void)child;
	((struct floatd_conf *)obj)->log_unknown_vrids = true;
	return 0;
}

/* The `arg` of the vrrp_garp_interval / vrrp_gna_interval rows. */
enum { GLOBAL_KW_GARP_INTERVAL = 1, GLOBAL_KW_GNA_INTERVAL };

/* vrrp_garp_interval / vrrp_gna_interval SECS: decimal seconds to the
 * microsecond (keepalived's resolution, and its bound of UINT_MAX us);
 * keepalived only notes values of a second or more, floatd warns (such a
 * gap stretches a burst of 5 over seconds).  The gap is kept in whole
 * milliseconds at run time (the loop's clock), rounded up. */
static int global_garp_gap(struct conf_parse *p, const struct conf_line *l, void *obj,
                           void **child)
{
	struct floatd_conf *c = obj;
	uint64_t us;

	(void)child;
	/* keepalived's bound: UINT_MAX microseconds */
	if (conf_parse_timer_us(p, l, 1, 0, UINT32_MAX, &us) < 0)
		return -1;
	if (us >= 1000000)
		conf_parse_warn(p, l, "%s %s is very large (seconds between two messages)",
		                l->argv[0], l->argv[1]);
	switch (conf_parse_kw_arg(p)) {
	case GLOBAL_KW_GARP_INTERVAL:
		c->garp_interval_us = (uint32_t)us;
		return 0;
	case GLOBAL_KW_GNA_INTERVAL:
		c->gna_interval_us = (uint32_t)us;
		return 0;
	}
	return conf_parse_bad_arg(p, l);
}

/* vrrp_min_garp [BOOL]: one gratuitous ARP / NA on becoming MASTER and no
 * second burst or refresh.  As in keepalived it changes only the
 * vrrp_garp_master_* values still at their defaults when it is read, so a
 * value given before or after it wins. */
static int global_min_garp(struct conf_parse *p, const struct conf_line *l, void *obj,
                           void **child)
{
	struct floatd_conf *c = obj;
	bool on;

	(void)child;
	if (conf_parse_bool(p, l, 1, &on) < 0)
		return -1;
	if (!on)
		return 0;
	if (c->garp_master_repeat == 5)
		c->garp_master_repeat = 1;
	if (c->garp_master_delay_s == 5)
		c->garp_master_delay_s = 0;
	if (c->garp_master_refresh_repeat == 1)
		c->garp_master_refresh_repeat = 0;
	return 0;
}

static int global_v3_checksum(struct conf_parse *p, const struct conf_line *l, void *obj,
                              void **child)
{
	(void)child;
	return conf_parse_bool(p, l, 1, &((struct floatd_conf *)obj)->v3_checksum_as_v2);
}

/* keepalived's firewall keywords.  floatd has one firewall of its own for
 * what they are for (dropping the VIPs of a no_accept or strict instance
 * that is not MASTER): nftables, table inet floatd, sets floatd_block4 /
 * floatd_block6 (src/vrrp/strict.c).  The keywords are accepted; the
 * warning says what floatd does instead of the chains, ipsets or table
 * they name. */
enum { GLOBAL_KW_IPTABLES = 1, GLOBAL_KW_IPSETS, GLOBAL_KW_NFTABLES };

static int global_firewall(struct conf_parse *p, const struct conf_line *l, void *obj,
                           void **child)
{
	static const char what[] = "the VIPs of no_accept and strict instances are dropped "
	                           "while not MASTER by nftables, table 'inet floatd' (chain "
	                           "input, sets floatd_block4 and floatd_block6)";

	(void)obj;
	(void)child;
	switch (conf_parse_kw_arg(p)) {
	case GLOBAL_KW_IPTABLES:
		conf_parse_warn(p, l, "vrrp_iptables%s%s%s%s: floatd does not use iptables: %s%s",
		                l->argc > 1 ? " " : "", l->argc > 1 ? l->argv[1] : "",
		                l->argc > 2 ? " " : "", l->argc > 2 ? l->argv[2] : "", what,
		                l->argc > 2 ? "; there is no outbound filtering" : "");
		return 0;
	case GLOBAL_KW_IPSETS:
		conf_parse_warn(p, l, "vrrp_ipsets: floatd uses no ipsets: %s", what);
		return 0;
	case GLOBAL_KW_NFTABLES:
		conf_parse_warn(p, l, "nftables%s%s: floatd has its own table, whatever the name: %s",
		                l->argc > 1 ? " " : "", l->argc > 1 ? l->argv[1] : "", what);
		return 0;
	}
	return conf_parse_bad_arg(p, l);
}

static const struct conf_kw vrrp_global_kws[] = {
	{ "vrrp_version", CONF_KW_SIMPLE, 1, 1, global_version, NULL, NULL, 0 },
	{ "vrrp_garp_master_delay", CONF_KW_SIMPLE, 1, 1, global_garp_delay, NULL, NULL, 0 },
	{ "vrrp_garp_master_repeat", CONF_KW_SIMPLE, 1, 1, global_garp_repeat, NULL, NULL, 0 },
	{ "vrrp_garp_master_refresh", CONF_KW_SIMPLE, 1, 1, global_garp_refresh, NULL, NULL, 0 },
	{ "vrrp_garp_master_refresh_repeat", CONF_KW_SIMPLE, 1, 1, global_garp_refresh_repeat,
	  NULL, NULL, 0 },
	{ "vrrp_startup_delay", CONF_KW_SIMPLE, 1, 1, global_startup_delay, NULL, NULL, 0 },
	{ "vrrp_delay_after_boot", CONF_KW_SIMPLE, 1, 1, global_startup_delay, NULL, NULL, 0 },
	{ "log_unknown_vrids", CONF_KW_SIMPLE, 0, 0, global_log_unknown_vrids, NULL, NULL, 0 },
	{ "default_interface", CONF_KW_SIMPLE, 1, 1, global_default_interface, NULL, NULL, 0 },
	{ "vrrp_garp_interval", CONF_KW_SIMPLE, 1, 1, global_garp_gap, NULL, NULL, GLOBAL_KW_GARP_INTERVAL },
	{ "vrrp_gna_interval", CONF_KW_SIMPLE, 1, 1, global_garp_gap, NULL, NULL, GLOBAL_KW_GNA_INTERVAL },
	{ "vrrp_min_garp", CONF_KW_SIMPLE, 0, 1, global_min_garp, NULL, NULL, 0 },
	{ "v3_checksum_as_v2", CONF_KW_SIMPLE, 0, 1, global_v3_checksum, NULL, NULL, 0 },
	{ "vrrp_iptables", CONF_KW_SIMPLE, 0, 2, global_firewall, NULL, NULL, GLOBAL_KW_IPTABLES },
	{ "vrrp_ipsets", CONF_KW_SIMPLE, 0, 6, global_firewall, NULL, NULL, GLOBAL_KW_IPSETS },
	{ "nftables", CONF_KW_SIMPLE, 0, 1, global_firewall, NULL, NULL, GLOBAL_KW_NFTABLES },
	/* notify FIFOs: src/vrrp/conf/conf_fifo.c */
	{ "notify_fifo", CONF_KW_SIMPLE, 1, 3, vrrp_conf_fifo_global, NULL, NULL,
	  VRRP_FIFO_KW_ALL },
	{ "vrrp_notify_fifo", CONF_KW_SIMPLE, 1, 3, vrrp_conf_fifo_global, NULL, NULL,
	  VRRP_FIFO_KW_VRRP },
	{ "lvs_notify_fifo", CONF_KW_SIMPLE, 1, 3, vrrp_conf_fifo_global, NULL, NULL,
	  VRRP_FIFO_KW_LVS },
	{ "notify_fifo_script", CONF_KW_SIMPLE, 1, -1, vrrp_conf_fifo_global, NULL, NULL,
	  VRRP_FIFO_KW_ALL_SCRIPT },
	{ "vrrp_notify_fifo_script", CONF_KW_SIMPLE, 1, -1, vrrp_conf_fifo_global, NULL, NULL,
	  VRRP_FIFO_KW_VRRP_SCRIPT },
	{ "lvs_notify_fifo_script", CONF_KW_SIMPLE, 1, -1, vrrp_conf_fifo_global, NULL, NULL,
	  VRRP_FIFO_KW_LVS_SCRIPT },
	{ "vrrp_notify_priority_changes", CONF_KW_SIMPLE, 0, 1, vrrp_conf_fifo_global, NULL,
	  NULL, VRRP_FIFO_KW_PRIORITY_CHANGES },
	/* advert options: src/vrrp/conf/conf_track_advert.c */
	{ "vip_lifetime", CONF_KW_SIMPLE, 1, 1, vrrp_conf_track_global_simple, NULL, NULL,
	  VRRP_TRACK_KW_VIP_LIFETIME },
	{ "vrrp_higher_prio_send_advert", CONF_KW_SIMPLE, 0, 1, vrrp_conf_track_global_simple,
	  NULL, NULL, VRRP_TRACK_KW_HIGHER_PRIO_SEND_ADVERT },
	{ "vrrp_skip_check_adv_addr", CONF_KW_SIMPLE, 0, 1, vrrp_conf_track_global_simple,
	  NULL, NULL, VRRP_TRACK_KW_SKIP_CHECK_ADV_ADDR },
	{ "vrrp_down_timer_adverts", CONF_KW_SIMPLE, 1, 1, vrrp_conf_track_global_simple,
	  NULL, NULL, VRRP_TRACK_KW_DOWN_TIMER_ADVERTS },
	{ "vrrp_lower_prio_no_advert", CONF_KW_SIMPLE, 0, 1, vrrp_conf_track_global_simple,
	  NULL, NULL, VRRP_TRACK_KW_LOWER_PRIO_NO_ADVERT },
	{ "vrrp_garp_lower_prio_repeat", CONF_KW_SIMPLE, 1, 1, vrrp_conf_track_global_simple,
	  NULL, NULL, VRRP_TRACK_KW_GARP_LOWER_PRIO_REPEAT },
	{ "vrrp_garp_lower_prio_delay", CONF_KW_SIMPLE, 1, 1, vrrp_conf_track_global_simple,
	  NULL, NULL, VRRP_TRACK_KW_GARP_LOWER_PRIO_DELAY },
	/* src/vrrp/conf/conf_extra.c */
	{ "vrrp_strict", CONF_KW_SIMPLE, 0, 0, vrrp_conf_global_strict, NULL, NULL, 0 },
	/* floatd always hears unicast adverts from the unicast_peer list only */
	{ "vrrp_check_unicast_src", CONF_KW_SIMPLE, 0, 0, conf_parse_accept, NULL, NULL, 0 },
	/* floatd always follows interfaces by name: missing at start-up,
	 * deleted and re-created (src/vrrp/iface.c) */
	{ "dynamic_interfaces", CONF_KW_SIMPLE, 0, 1, conf_parse_accept, NULL, NULL, 0 },
	/* src/vrrp/conf/conf_unicast_auth.c */
	{ "vrrp_mcast_group4", CONF_KW_SIMPLE, 1, 1, vrrp_conf_mcast_group, NULL, NULL, 0 },
	{ "vrrp_mcast_group6", CONF_KW_SIMPLE, 1, 1, vrrp_conf_mcast_group, NULL, NULL, 0 },
	/* IPVS sync daemon, timeouts, flushes: src/vrrp/conf/conf_ipvs.c */
	{ "lvs_sync_daemon", CONF_KW_SIMPLE, 1, -1, conf_ipvs_global, NULL, NULL,
	  CONF_IPVS_KW_SYNC_DAEMON },
	{ "lvs_timeouts", CONF_KW_SIMPLE, 0, -1, conf_ipvs_global, NULL, NULL,
	  CONF_IPVS_KW_TIMEOUTS },
	{ "lvs_flush", CONF_KW_SIMPLE, 0, 0, conf_ipvs_global, NULL, NULL, CONF_IPVS_KW_FLUSH },
	{ "lvs_flush_onstop", CONF_KW_SIMPLE, 0, 1, conf_ipvs_global, NULL, NULL,
	  CONF_IPVS_KW_FLUSH_ONSTOP },
	{ "lvs_flush_on_stop", CONF_KW_SIMPLE, 0, 1, conf_ipvs_global, NULL, NULL,
	  CONF_IPVS_KW_FLUSH_ONSTOP },
	{ NULL, CONF_KW_SIMPLE, 0, 0, NULL, NULL, NULL, 0 },
};

const struct conf_table vrrp_conf_global_table = { "global_defs", vrrp_global_kws, NULL };
