/* The reload plan (see reload_plan.h): a pure comparison of two parsed
 * configurations.  It decides what may change under a running instance
 * and what needs a new one; it never acts. */
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "vrrp/conf/conf_ipvs.h"
#include "vrrp/conf/conf_extra.h"
#include "reload_plan.h"

static bool
str_same(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

static bool
addr_same(int family, const union vrrp_addr *a, const union vrrp_addr *b)
{
	return family == AF_INET6 ? memcmp(&a->v6, &b->v6, sizeof(a->v6)) == 0
	                          : a->v4.s_addr == b->v4.s_addr;
}

bool
vrrp_reload_script_same(const struct script_conf *a, const struct script_conf *b)
{
	unsigned i;

	if (!str_same(a->user, b->user) || !str_same(a->group, b->group))
		return false;
	if (a->argv == NULL || b->argv == NULL)
		return a->argv == b->argv;
	for (i = 0; a->argv[i] != NULL && b->argv[i] != NULL; i++)
		if (strcmp(a->argv[i], b->argv[i]) != 0)
			return false;
	return a->argv[i] == NULL && b->argv[i] == NULL;
}

bool
vrrp_reload_vrrp_script_same(const struct vrrp_script_conf *a, const struct vrrp_script_conf *b)
{
	return str_same(a->name, b->name) && vrrp_reload_script_same(&a->script, &b->script) &&
	       a->timeout_ms == b->timeout_ms && a->rise == b->rise && a->fall == b->fall &&
	       a->init_fail == b->init_fail && a->disabled == b->disabled;
}

bool
vrrp_reload_track_file_same(const struct vrrp_track_file_conf *a,
                            const struct vrrp_track_file_conf *b)
{
	return str_same(a->name, b->name) && str_same(a->path, b->path) &&
	       a->init_file == b->init_file && a->init_value == b->init_value &&
	       a->init_overwrite == b->init_overwrite;
}

bool
vrrp_reload_reference_same(const struct track_reference_conf *a,
                           const struct track_reference_conf *b)
{
	if (a->n_addrs != b->n_addrs || a->interval_ms != b->interval_ms ||
	    a->timeout_ms != b->timeout_ms || a->fall != b->fall || a->rise != b->rise)
		return false;
	for (unsigned i = 0; i < a->n_addrs; i++)
		if (a->addrs[i].family != b->addrs[i].family ||
		    !addr_same(a->addrs[i].family, &a->addrs[i].addr, &b->addrs[i].addr))
			return false;
	return true;
}

bool
vrrp_reload_track_process_same(const struct vrrp_track_process_conf *a,
                               const struct vrrp_track_process_conf *b)
{
	return str_same(a->name, b->name) && str_same(a->process, b->process) &&
	       a->params_len == b->params_len &&
	       (a->params_len == 0 || memcmp(a->params, b->params, a->params_len) == 0) &&
	       a->param_match == b->param_match && a->full_command == b->full_command &&
	       a->quorum == b->quorum && a->quorum_max == b->quorum_max &&
	       a->fork_delay_ms == b->fork_delay_ms && a->terminate_delay_ms == b->terminate_delay_ms;
}

bool
vrrp_reload_fifo_same(const struct notify_fifo_conf *a, const struct notify_fifo_conf *b)
{
	return str_same(a->path, b->path) && str_same(a->user, b->user) &&
	       str_same(a->group, b->group) && vrrp_reload_script_same(&a->script, &b->script);
}

bool
vrrp_reload_script_globals_same(const struct floatd_conf *a, const struct floatd_conf *b)
{
	/* the notify FIFOs (and their scripts) belong to the notify objects */
	return str_same(a->script_user, b->script_user) &&
	       str_same(a->script_group, b->script_group) &&
	       a->enable_script_security == b->enable_script_security &&
	       vrrp_reload_fifo_same(&a->fifos[NOTIFY_FIFO_ALL], &b->fifos[NOTIFY_FIFO_ALL]) &&
	       vrrp_reload_fifo_same(&a->fifos[NOTIFY_FIFO_VRRP], &b->fifos[NOTIFY_FIFO_VRRP]) &&
	       a->notify_priority_changes == b->notify_priority_changes &&
	       mail_conf_same(&a->mail, &b->mail) && str_same(a->router_id, b->router_id);
}

bool
vrrp_reload_vip_same(const struct vip_conf *a, const struct vip_conf *b)
{
	return a->family == b->family && addr_same(a->family, &a->addr, &b->addr) &&
	       a->prefixlen == b->prefixlen && strcmp(a->dev, b->dev) == 0 &&
	       strcmp(a->label, b->label) == 0 && a->scope == b->scope &&
	       a->has_brd == b->has_brd && (!a->has_brd || addr_same(a->family, &a->brd, &b->brd)) &&
	       a->flags == b->flags && a->preferred_set == b->preferred_set &&
	       (!a->preferred_set || a->preferred_lft == b->preferred_lft);
}

static const struct vip_conf *
vip_at(const struct vrrp_instance_conf *c, unsigned i)
{
	return i < c->n_vips ? &c->vips[i] : &c->vips_excluded[i - c->n_vips];
}

static bool
vroutes_same(const struct vrrp_instance_conf *a, const struct vrrp_instance_conf *b)
{
	if (a->n_vroutes != b->n_vroutes || a->n_vrules != b->n_vrules)
		return false;
	for (unsigned i = 0; i < a->n_vroutes; i++)
		if (!vrrp_conf_route_same(&a->vroutes[i], &b->vroutes[i]))
			return false;
	for (unsigned i = 0; i < a->n_vrules; i++)
		if (!vrrp_conf_rule_same(&a->vrules[i], &b->vrules[i]))
			return false;
	return true;
}

/* What cannot change under a running instance: the socket it uses, its
 * identity on the wire, and what is set up once (VMAC, nftables set,
 * routes).  NULL when none of it differs. */
static const char *
replace_reason(const struct vrrp_instance_conf *a, const struct vrrp_instance_conf *b,
               bool vips_differ)
{
	if (strcmp(a->interface, b->interface) != 0)
		return "interface";
	if (a->vrid != b->vrid)
		return "virtual_router_id";
	if (a->family != b->family)
		return "address family";
	if (a->version != b->version)
		return "VRRP version";
	if ((a->n_unicast_peers > 0) != (b->n_unicast_peers > 0))
		return "unicast / multicast";
	if (a->has_unicast_src != b->has_unicast_src ||
	    (a->has_unicast_src && (a->unicast_src_family != b->unicast_src_family ||
	                            !addr_same(a->unicast_src_family, &a->unicast_src, &b->unicast_src))))
		return "unicast_src_ip";
	if (a->unicast_ttl != b->unicast_ttl)
		return "unicast_ttl";
	/* set on the interface when the instance is made */
	if (a->promote_secondaries != b->promote_secondaries)
		return "promote_secondaries";
	/* the group is joined with the socket of the instance */
	if (!addr_same(a->family, &a->mcast_group, &b->mcast_group))
		return "multicast group";
	if (a->auth_type != b->auth_type || memcmp(a->auth_pass, b->auth_pass, VRRP_AUTH_LEN) != 0)
		return "authentication";
	if (a->use_vmac != b->use_vmac || strcmp(a->vmac_name, b->vmac_name) != 0 ||
	    a->vmac_xmit_base != b->vmac_xmit_base)
		return "use_vmac";
	if ((a->priority == 255) != (b->priority == 255))
		return "address owner (priority 255)";
	if (a->accept != b->accept || a->strict != b->strict)
		return "accept mode / strict";
	/* no_accept blocks the VIPs in an nftables set made when the instance
	 * is created */
	if (vips_differ && !b->accept)
		return "VIPs of a no_accept instance";
	if (!vroutes_same(a, b))
		return "virtual_routes / virtual_rules";
	return NULL;
}

static bool
track_lines_same(const struct track_ref_conf *a, unsigned na, const struct track_ref_conf *b,
                 unsigned nb)
{
	if (na != nb)
		return false;
	for (unsigned i = 0; i < na; i++) {
		if (!str_same(a[i].name, b[i].name) || a[i].weight != b[i].weight ||
		    a[i].reverse != b[i].reverse)
			return false;
		if ((a[i].script == NULL) != (b[i].script == NULL) ||
		    (a[i].script != NULL && (!vrrp_reload_vrrp_script_same(a[i].script, b[i].script) ||
		                             a[i].script->interval_ms != b[i].script->interval_ms)))
			return false;
		if ((a[i].file == NULL) != (b[i].file == NULL) ||
		    (a[i].file != NULL && !vrrp_reload_track_file_same(a[i].file, b[i].file)))
			return false;
		/* a changed vrrp_track_process block is a changed tracker, as a
		 * changed vrrp_script is */
		if ((a[i].process == NULL) != (b[i].process == NULL) ||
		    (a[i].process != NULL && !vrrp_reload_track_process_same(a[i].process, b[i].process)))
			return false;
	}
	return true;
}

static int
vip_lists(const struct vrrp_instance_conf *a, const struct vrrp_instance_conf *b,
          struct vrrp_reload_item *it)
{
	unsigned na = a->n_vips + a->n_vips_excluded, nb = b->n_vips + b->n_vips_excluded;

	it->vips_added = calloc(nb + 1, sizeof(unsigned));
	it->vips_removed = calloc(na + 1, sizeof(unsigned));
	if (it->vips_added == NULL || it->vips_removed == NULL)
		return -1;
	/* a VIP moving between the advertised and the excluded list stays in
	 * the kernel: only the advert's address list changes */
	for (unsigned i = 0; i < nb; i++) {
		bool found = false;

		for (unsigned k = 0; k < na && !found; k++)
			found = vrrp_reload_vip_same(vip_at(b, i), vip_at(a, k));
		if (!found)
			it->vips_added[it->n_vips_added++] = i;
	}
	for (unsigned k = 0; k < na; k++) {
		bool found = false;

		for (unsigned i = 0; i < nb && !found; i++)
			found = vrrp_reload_vip_same(vip_at(a, k), vip_at(b, i));
		if (!found)
			it->vips_removed[it->n_vips_removed++] = k;
	}
	return 0;
}

static bool
vips_in_order_same(const struct vrrp_instance_conf *a, const struct vrrp_instance_conf *b)
{
	if (a->n_vips != b->n_vips || a->n_vips_excluded != b->n_vips_excluded)
		return false;
	for (unsigned i = 0; i < a->n_vips + a->n_vips_excluded; i++)
		if (!vrrp_reload_vip_same(vip_at(a, i), vip_at(b, i)))
			return false;
	return true;
}

/* Every field of struct vrrp_instance_conf is compared here or in
 * replace_reason(), except: name (the key), the origins, native_ipv6 and
 * the *_cfg parser fields (resolved by validation into version, accept,
 * strict, smtp_alert, ... which are compared), lvs_sync_ifname (moved to
 * floatd_conf.lvs by validation: lvs_changes()), and the sync group's own
 * scripts and trackers (compared by health.c when it moves the groups).
 * The globals an instance takes (vrrp_version, garp_*, vrrp_strict,
 * vip_lifetime, vrrp_*_prio_*) are resolved into its fields; the ones read
 * live (vrrp_garp_interval, vrrp_gna_interval, v3_checksum_as_v2) apply
 * from the next packet; static_* are statics.c's (vrrp_statics_reload);
 * lvs_sync_daemon, lvs_timeouts, lvs_flush_onstop are lvs_changes()'; the
 * rest is vrrp_reload_restart_only() below. */
static unsigned
changes_of(const struct vrrp_instance_conf *a, const struct vrrp_instance_conf *b,
           bool script_globals_same)
{
	unsigned ch = 0;
	const struct script_conf *sa[] = { &a->notify_master, &a->notify_backup, &a->notify_fault,
	                                   &a->notify_stop, &a->notify,
	                                   &a->notify_master_rx_lower_pri };
	const struct script_conf *sb[] = { &b->notify_master, &b->notify_backup, &b->notify_fault,
	                                   &b->notify_stop, &b->notify,
	                                   &b->notify_master_rx_lower_pri };

	if (a->priority != b->priority)
		ch |= VRRP_RELOAD_CH_PRIORITY;
	if (a->adver_int_ms != b->adver_int_ms)
		ch |= VRRP_RELOAD_CH_ADVER_INT;
	if (a->preempt != b->preempt || a->preempt_delay_ms != b->preempt_delay_ms ||
	    a->want_master != b->want_master || a->fast_handover != b->fast_handover ||
	    a->higher_prio_send_advert != b->higher_prio_send_advert ||
	    a->lower_prio_no_advert != b->lower_prio_no_advert ||
	    a->down_timer_adverts != b->down_timer_adverts)
		ch |= VRRP_RELOAD_CH_ELECTION;
	if (!vips_in_order_same(a, b))
		ch |= VRRP_RELOAD_CH_VIPS;
	if (!track_lines_same(a->track_scripts, a->n_track_scripts, b->track_scripts,
	                      b->n_track_scripts) ||
	    !track_lines_same(a->track_files, a->n_track_files, b->track_files, b->n_track_files) ||
	    !track_lines_same(a->track_interfaces, a->n_track_interfaces, b->track_interfaces,
	                      b->n_track_interfaces) ||
	    !track_lines_same(a->track_processes, a->n_track_processes, b->track_processes,
	                      b->n_track_processes) ||
	    a->dont_track_primary != b->dont_track_primary ||
	    !vrrp_reload_reference_same(&a->track_reference, &b->track_reference))
		ch |= VRRP_RELOAD_CH_TRACKERS;
	for (unsigned i = 0; i < sizeof(sa) / sizeof(sa[0]); i++)
		if (!vrrp_reload_script_same(sa[i], sb[i]))
			ch |= VRRP_RELOAD_CH_NOTIFY;
	if (!script_globals_same || a->notify_priority_changes_cfg != b->notify_priority_changes_cfg ||
	    a->smtp_alert != b->smtp_alert)
		ch |= VRRP_RELOAD_CH_NOTIFY;
	if (a->garp_master_delay_s != b->garp_master_delay_s ||
	    a->garp_master_repeat != b->garp_master_repeat ||
	    a->garp_master_refresh_s != b->garp_master_refresh_s ||
	    a->garp_master_refresh_repeat != b->garp_master_refresh_repeat ||
	    a->garp_lower_prio_repeat != b->garp_lower_prio_repeat ||
	    a->garp_lower_prio_delay_s != b->garp_lower_prio_delay_s ||
	    a->vip_lifetime_s != b->vip_lifetime_s)
		ch |= VRRP_RELOAD_CH_GARP;
	if (a->n_unicast_peers != b->n_unicast_peers)
		ch |= VRRP_RELOAD_CH_PEERS;
	else
		for (unsigned i = 0; i < a->n_unicast_peers; i++)
			if (a->unicast_peers[i].family != b->unicast_peers[i].family ||
			    !addr_same(a->unicast_peers[i].family, &a->unicast_peers[i].addr,
			               &b->unicast_peers[i].addr))
				ch |= VRRP_RELOAD_CH_PEERS;
	if ((a->sync_group == NULL) != (b->sync_group == NULL) ||
	    (a->sync_group != NULL && !str_same(a->sync_group->name, b->sync_group->name)))
		ch |= VRRP_RELOAD_CH_GROUP;
	return ch;
}

unsigned
vrrp_reload_restart_only(const struct floatd_conf *a, const struct floatd_conf *b,
                         const char **names, unsigned max)
{
	unsigned n = 0;

#define RESTART_ONLY(differs, name) \
	do { \
		if ((differs) && n < max) \
			names[n++] = (name); \
	} while (0)
	/* the control socket is made once, with its group */
	RESTART_ONLY(!str_same(a->control_group, b->control_group), "control_group");
	/* a delay before the first election: there is no second one */
	RESTART_ONLY(a->startup_delay_ms != b->startup_delay_ms, "vrrp_startup_delay");
	RESTART_ONLY(a->delay_after_boot_ms != b->delay_after_boot_ms, "vrrp_delay_after_boot");
	/* a flush at start (keepalived's too): a reload never flushes */
	RESTART_ONLY(a->lvs.flush != b->lvs.flush, "lvs_flush");
	/* set by each process once, at its start */
	RESTART_ONLY(a->vrrp_nice != b->vrrp_nice, "vrrp_priority");
	RESTART_ONLY(a->vrrp_no_swap != b->vrrp_no_swap, "vrrp_no_swap");
	RESTART_ONLY(a->checker_nice != b->checker_nice, "checker_priority");
	RESTART_ONLY(a->checker_no_swap != b->checker_no_swap, "checker_no_swap");
	RESTART_ONLY(a->checker_rt_priority != b->checker_rt_priority, "checker_rt_priority");
	RESTART_ONLY(a->checker_rlimit_rttime_us != b->checker_rlimit_rttime_us,
	             "checker_rlimit_rttime");
	RESTART_ONLY(memcmp(a->vrrp_cpus, b->vrrp_cpus, sizeof(a->vrrp_cpus)) != 0,
	             "vrrp_cpu_affinity");
	RESTART_ONLY(memcmp(a->checker_cpus, b->checker_cpus, sizeof(a->checker_cpus)) != 0,
	             "checker_cpu_affinity");
#undef RESTART_ONLY
	return n;
}

static const struct vrrp_instance_conf *
find_by_name(const struct vrrp_instance_conf *list, const char *name)
{
	for (const struct vrrp_instance_conf *c = list; c != NULL; c = c->next)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

static unsigned
lvs_changes(const struct lvs_conf *a, const struct lvs_conf *b)
{
	return (conf_ipvs_sync_same(&a->sync, &b->sync) ? 0 : VRRP_RELOAD_LVS_SYNC) |
	       (conf_ipvs_timeouts_same(a, b) ? 0 : VRRP_RELOAD_LVS_TIMEOUTS) |
	       (a->flush_onstop == b->flush_onstop ? 0 : VRRP_RELOAD_LVS_FLUSH_ONSTOP);
}

int
vrrp_reload_plan_build(const struct floatd_conf *old_conf, const struct floatd_conf *new_conf,
                       struct vrrp_reload_plan *out)
{
	bool globals = vrrp_reload_script_globals_same(old_conf, new_conf);
	unsigned n = 0;

	memset(out, 0, sizeof(*out));
	out->items = calloc(new_conf->n_instances + old_conf->n_instances + 1, sizeof(*out->items));
	if (out->items == NULL)
		return -1;
	for (const struct vrrp_instance_conf *b = new_conf->instances; b != NULL; b = b->next) {
		struct vrrp_reload_item *it = &out->items[n++];
		const struct vrrp_instance_conf *a = find_by_name(old_conf->instances, b->name);

		it->new_c = b;
		it->old_c = a;
		if (a == NULL) {
			it->kind = VRRP_RELOAD_ADDED;
		} else {
			it->changes = changes_of(a, b, globals);
			it->why = replace_reason(a, b, (it->changes & VRRP_RELOAD_CH_VIPS) != 0);
			if (it->why != NULL)
				it->kind = VRRP_RELOAD_REPLACED;
			else if (it->changes == 0)
				it->kind = VRRP_RELOAD_UNCHANGED;
			else
				it->kind = VRRP_RELOAD_UPDATED;
			if (it->kind == VRRP_RELOAD_UPDATED && (it->changes & VRRP_RELOAD_CH_VIPS) &&
			    vip_lists(a, b, it) < 0) {
				out->n_items = n;
				vrrp_reload_plan_free(out);
				return -1;
			}
		}
		out->count[it->kind]++;
	}
	for (const struct vrrp_instance_conf *a = old_conf->instances; a != NULL; a = a->next) {
		if (find_by_name(new_conf->instances, a->name) != NULL)
			continue;
		out->items[n].kind = VRRP_RELOAD_REMOVED;
		out->items[n++].old_c = a;
		out->count[VRRP_RELOAD_REMOVED]++;
	}
	out->n_items = n;
	out->lvs_changes = lvs_changes(&old_conf->lvs, &new_conf->lvs);
	return 0;
}

void
vrrp_reload_plan_free(struct vrrp_reload_plan *p)
{
	for (unsigned i = 0; i < p->n_items; i++) {
		free(p->items[i].vips_added);
		free(p->items[i].vips_removed);
	}
	free(p->items);
	memset(p, 0, sizeof(*p));
}

const char *
vrrp_reload_kind_name(enum vrrp_reload_kind k)
{
	static const char *const names[VRRP_RELOAD_KIND_MAX] = {
		"unchanged", "updated", "replaced", "removed", "added",
	};

	return k < VRRP_RELOAD_KIND_MAX ? names[k] : "?";
}
