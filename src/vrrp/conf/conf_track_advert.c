/* Tracking configuration, the instance side, and the advert options: the
 * track_* keywords of vrrp_instance (track_script, track_interface,
 * track_file), the floatd track_reference, and vip_lifetime,
 * higher_prio_send_advert, lower_prio_no_advert, skip_check_adv_addr,
 * down_timer_adverts and garp_lower_prio_*
 * (in vrrp_instance and global_defs); the helpers shared with
 * conf_script_trackfile.c (vrrp_script, vrrp_track_file) and conf_sync.c
 * (vrrp_sync_group), and the validation pass over all three.
 * Parses, validates, dumps and frees; runs nothing.
 * keepalived's meanings and ranges (its keepalived.conf(5)). */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "argv.h"
#include "vrrp/conf/conf_instance.h"
#include "vrrp/conf/conf_track.h"
#include "vrrp/conf/conf_track_priv.h"
#include "vrrp/conf/conf_track_process.h"
#include "vrrp/conf/conf_fifo.h"

#define TRACK_SECS_MAX 86400ULL
#define TRACK_COUNT_MAX 65535UL
#define TRACK_LIFETIME_MAX 86400UL

/* ---- small helpers */

/* A signed integer in [min, max]; `what` names it in the message. */
int vrrp_conf_track_int(struct conf_parse *p, const struct conf_line *l, const char *what,
                        const char *s, long min, long max, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (!*s || *end || errno || v < min || v > max) {
		conf_parse_error(p, l, "invalid %s '%s' (expected %ld..%ld)", what, s, min, max);
		return -1;
	}
	*out = (int)v;
	return 0;
}

int vrrp_conf_track_ms(struct conf_parse *p, const struct conf_line *l, int idx,
                       uint64_t min_us, uint32_t *out)
{
	uint64_t us;

	if (conf_parse_timer_us(p, l, idx, min_us, TRACK_SECS_MAX * 1000000, &us) < 0)
		return -1;
	*out = (uint32_t)((us + 500) / 1000);
	if (!*out)
		*out = 1;
	return 0;
}

int vrrp_conf_track_count(struct conf_parse *p, const struct conf_line *l, int idx,
                          unsigned long min, uint32_t *out)
{
	unsigned long v;

	if (conf_parse_uint(p, l, idx, min, TRACK_COUNT_MAX, &v) < 0)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

/* ---- track_* list items: NAME [weight N] [reverse|noreverse] */

static const char *const track_block[] = { "track_script", "track_interface", "track_file",
                                           "track_process" };
/* keepalived's item ranges: files and processes may go to 254 */
static const int track_wmax[] = { 253, 253, 254, 254 };

int vrrp_conf_track_ref_add(struct conf_parse *p, const struct conf_line *l,
                            enum vrrp_conf_track_kind k, struct track_ref_conf **arr,
                            unsigned *n)
{
	struct track_ref_conf r = { 0 }, *na;

	if (k == VRRP_CONF_TRACK_IFACE && strlen(l->argv[0]) >= IF_NAMESIZE) {
		conf_parse_error(p, l, "invalid interface name '%s' in track_interface",
		                 l->argv[0]);
		return -1;
	}
	for (int i = 1; i < l->argc; i++) {
		const char *o = l->argv[i];

		if (strcmp(o, "weight") == 0) {
			if (i + 1 >= l->argc) {
				conf_parse_error(p, l, "%s '%s': 'weight' needs a value", track_block[k],
				                 l->argv[0]);
				return -1;
			}
			if (vrrp_conf_track_int(p, l, "weight", l->argv[++i], -track_wmax[k],
			                        track_wmax[k], &r.weight) < 0)
				return -1;
			r.weight_set = true;
		} else if (strcmp(o, "reverse") == 0 || strcmp(o, "noreverse") == 0) {
			r.reverse = o[0] == 'r';
			r.reverse_set = true;
		} else {
			conf_parse_error(p, l, "unknown %s option '%s' (expected weight N, reverse "
			                 "or noreverse)", track_block[k], o);
			return -1;
		}
	}
	for (unsigned i = 0; i < *n; i++)
		if (strcmp((*arr)[i].name, l->argv[0]) == 0) {
			conf_parse_warn(p, l, "%s '%s' listed twice (first at line %d), ignored",
			                track_block[k], l->argv[0], (*arr)[i].origin.line);
			return 0;
		}
	na = realloc(*arr, (*n + 1) * sizeof(*na));
	if (!na)
		return -1;
	*arr = na;
	if (!(r.name = strdup(l->argv[0])))
		return -1;
	r.origin.file = l->file;
	r.origin.line = l->line;
	na[(*n)++] = r;
	return 0;
}

void vrrp_conf_track_refs_free(struct track_ref_conf *arr, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		free(arr[i].name);
	free(arr);
}

int vrrp_conf_track_self_open(struct conf_parse *p, const struct conf_line *l, void *obj,
                              void **child)
{
	(void)p;
	(void)l;
	*child = obj;
	return 0;
}

int vrrp_conf_track_inst_script_item(struct conf_parse *p, const struct conf_line *l, void *c)
{
	struct vrrp_instance_conf *vi = c;

	return vrrp_conf_track_ref_add(p, l, VRRP_CONF_TRACK_SCRIPT, &vi->track_scripts,
	                               &vi->n_track_scripts);
}

int vrrp_conf_track_inst_iface_item(struct conf_parse *p, const struct conf_line *l, void *c)
{
	struct vrrp_instance_conf *vi = c;

	return vrrp_conf_track_ref_add(p, l, VRRP_CONF_TRACK_IFACE, &vi->track_interfaces,
	                               &vi->n_track_interfaces);
}

int vrrp_conf_track_inst_file_item(struct conf_parse *p, const struct conf_line *l, void *c)
{
	struct vrrp_instance_conf *vi = c;

	return vrrp_conf_track_ref_add(p, l, VRRP_CONF_TRACK_FILE, &vi->track_files,
	                               &vi->n_track_files);
}

/* ---- track_reference { ADDRESS | interval T | timeout T | fall N | rise N } */

int vrrp_conf_track_reference_open(struct conf_parse *p, const struct conf_line *l, void *obj,
                                   void **child)
{
	struct vrrp_instance_conf *vi = obj;

	if (vi->track_reference.origin.line) {
		conf_parse_error(p, l, "track_reference given twice (first at line %d)",
		                 vi->track_reference.origin.line);
		return -1;
	}
	vi->track_reference.origin.file = l->file;
	vi->track_reference.origin.line = l->line;
	*child = &vi->track_reference;
	return 0;
}

int vrrp_conf_track_reference_item(struct conf_parse *p, const struct conf_line *l, void *c)
{
	struct track_reference_conf *tr = c;
	struct track_reference_addr a = { 0 }, *na;
	struct addr parsed;
	const char *kw = l->argv[0];

	if (strcmp(kw, "interval") == 0 || strcmp(kw, "timeout") == 0 ||
	    strcmp(kw, "fall") == 0 || strcmp(kw, "rise") == 0) {
		if (l->argc != 2) {
			conf_parse_error(p, l, "track_reference '%s' needs one value", kw);
			return -1;
		}
		if (kw[0] == 'i')
			return vrrp_conf_track_ms(p, l, 1, 10000, &tr->interval_ms);
		if (kw[0] == 't')
			return vrrp_conf_track_ms(p, l, 1, 10000, &tr->timeout_ms);
		return vrrp_conf_track_count(p, l, 1, 1, kw[0] == 'f' ? &tr->fall : &tr->rise);
	}
	if (l->argc != 1) {
		conf_parse_error(p, l, "track_reference: one address per line ('%s %s')", kw,
		                 l->argv[1]);
		return -1;
	}
	if (addr_parse(kw, 0, &parsed, NULL) == 0) {
		a.family = parsed.family;
		vrrp_addr_from(&a.addr, &parsed);
	} else {
		conf_parse_error(p, l, "invalid address '%s' in track_reference (expected an "
		                 "IPv4/IPv6 address or interval, timeout, fall, rise)", kw);
		return -1;
	}
	for (unsigned i = 0; i < tr->n_addrs; i++)
		if (tr->addrs[i].family == a.family &&
		    memcmp(&tr->addrs[i].addr, &a.addr, sizeof(a.addr)) == 0) {
			conf_parse_warn(p, l, "track_reference address %s listed twice, ignored", kw);
			return 0;
		}
	na = realloc(tr->addrs, (tr->n_addrs + 1) * sizeof(*na));
	if (!na)
		return -1;
	a.origin.file = l->file;
	a.origin.line = l->line;
	na[tr->n_addrs++] = a;
	tr->addrs = na;
	return 0;
}

/* ---- simple per-instance and global keywords */

/* [<BOOL>] into a tri-state field (-1 = take the global value) */
static int track_bool_cfg(struct conf_parse *p, const struct conf_line *l, int8_t *out)
{
	bool b;

	if (conf_parse_bool(p, l, 1, &b) < 0)
		return -1;
	*out = b;
	return 0;
}

static int track_u32(struct conf_parse *p, const struct conf_line *l, unsigned long max,
                     uint32_t *out)
{
	unsigned long v;

	if (conf_parse_uint(p, l, 1, 0, max, &v) < 0)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

/* down_timer_adverts N: keepalived reports a value outside 1..100 and
 * keeps the one it had (`unset` names it while *out is still 0) */
static int track_down_adverts(struct conf_parse *p, const struct conf_line *l, uint8_t *out,
                              const char *unset)
{
	unsigned long v = *out;
	char kept[8];

	snprintf(kept, sizeof(kept), "%u", *out);
	if (conf_parse_uint_or(p, l, 1, 1, 100, &v, *out ? kept : unset) < 0)
		return 0;
	*out = (uint8_t)v;
	return 0;
}

int vrrp_conf_track_inst_simple(struct conf_parse *p, const struct conf_line *l, void *obj,
                                void **child)
{
	struct vrrp_instance_conf *vi = obj;

	(void)child;
	switch ((enum vrrp_conf_track_kw)conf_parse_kw_arg(p)) {
	case VRRP_TRACK_KW_DONT_TRACK_PRIMARY:
		/* keepalived: the instance's own link going down is no FAULT */
		vi->dont_track_primary = true;
		return 0;
	case VRRP_TRACK_KW_VIP_LIFETIME:
		return track_u32(p, l, TRACK_LIFETIME_MAX, &vi->vip_lifetime_s);
	case VRRP_TRACK_KW_HIGHER_PRIO_SEND_ADVERT:
		return track_bool_cfg(p, l, &vi->higher_prio_send_advert_cfg);
	case VRRP_TRACK_KW_LOWER_PRIO_NO_ADVERT:
		return track_bool_cfg(p, l, &vi->lower_prio_no_advert_cfg);
	case VRRP_TRACK_KW_SKIP_CHECK_ADV_ADDR:
		return track_bool_cfg(p, l, &vi->skip_check_adv_addr_cfg);
	case VRRP_TRACK_KW_V3_CHECKSUM_AS_V2:
		return track_bool_cfg(p, l, &vi->v3_checksum_as_v2_cfg);
	case VRRP_TRACK_KW_DOWN_TIMER_ADVERTS:
		return track_down_adverts(p, l, &vi->down_timer_adverts,
		                          "the global vrrp_down_timer_adverts");
	case VRRP_TRACK_KW_GARP_LOWER_PRIO_REPEAT:
		return track_u32(p, l, TRACK_COUNT_MAX, &vi->garp_lower_prio_repeat);
	case VRRP_TRACK_KW_GARP_LOWER_PRIO_DELAY:
		return track_u32(p, l, TRACK_LIFETIME_MAX, &vi->garp_lower_prio_delay_s);
	}
	return conf_parse_bad_arg(p, l);
}

int vrrp_conf_track_global_simple(struct conf_parse *p, const struct conf_line *l, void *obj,
                                  void **child)
{
	struct floatd_conf *c = obj;

	(void)child;
	switch ((enum vrrp_conf_track_kw)conf_parse_kw_arg(p)) {
	case VRRP_TRACK_KW_VIP_LIFETIME:
		return track_u32(p, l, TRACK_LIFETIME_MAX, &c->vip_lifetime_s);
	case VRRP_TRACK_KW_HIGHER_PRIO_SEND_ADVERT:
		return conf_parse_bool(p, l, 1, &c->higher_prio_send_advert);
	case VRRP_TRACK_KW_LOWER_PRIO_NO_ADVERT:
		return conf_parse_bool(p, l, 1, &c->lower_prio_no_advert);
	case VRRP_TRACK_KW_SKIP_CHECK_ADV_ADDR:
		return conf_parse_bool(p, l, 1, &c->skip_check_adv_addr);
	case VRRP_TRACK_KW_DOWN_TIMER_ADVERTS:
		return track_down_adverts(p, l, &c->down_timer_adverts, "3");
	case VRRP_TRACK_KW_GARP_LOWER_PRIO_REPEAT:
		return track_u32(p, l, TRACK_COUNT_MAX, &c->garp_lower_prio_repeat);
	case VRRP_TRACK_KW_GARP_LOWER_PRIO_DELAY:
		return track_u32(p, l, TRACK_LIFETIME_MAX, &c->garp_lower_prio_delay_s);
	case VRRP_TRACK_KW_DONT_TRACK_PRIMARY:
	case VRRP_TRACK_KW_V3_CHECKSUM_AS_V2:
		break;   /* instance keywords only (this one's global form has its row) */
	}
	return conf_parse_bad_arg(p, l);
}

void vrrp_conf_track_conf_defaults(struct floatd_conf *c)
{
	c->garp_lower_prio_repeat = UINT32_MAX;
	c->garp_lower_prio_delay_s = UINT32_MAX;
	/* floatd default, unlike keepalived's: a MASTER that yields to a higher
	 * priority sends one advert first, so after a split brain heals the
	 * winner always hears it and re-announces (GARP/NA); otherwise clients
	 * that followed the loser stay there whenever the winner's advert
	 * happens to cross first. */
	c->higher_prio_send_advert = true;
	c->down_timer_adverts = 3;   /* RFC 3768/5798: Master_Down_Interval */
}

void vrrp_conf_track_instance_defaults(struct vrrp_instance_conf *vi)
{
	vi->vip_lifetime_s = UINT32_MAX;
	vi->higher_prio_send_advert_cfg = -1;
	vi->lower_prio_no_advert_cfg = -1;
	vi->skip_check_adv_addr_cfg = -1;
	vi->v3_checksum_as_v2_cfg = -1;
	vi->garp_lower_prio_repeat = UINT32_MAX;
	vi->garp_lower_prio_delay_s = UINT32_MAX;
	vi->track_reference.interval_ms = 1000;
	vi->track_reference.timeout_ms = 1000;
	vi->track_reference.fall = 3;
	vi->track_reference.rise = 1;
}

/* ---- validation */

static struct vrrp_script_conf *track_find_script(const struct floatd_conf *c, const char *n)
{
	for (struct vrrp_script_conf *s = c->vrrp_scripts; s; s = s->next)
		if (strcmp(s->name, n) == 0)
			return s;
	return NULL;
}

static struct vrrp_track_file_conf *track_find_file(const struct floatd_conf *c,
                                                     const char *n)
{
	for (struct vrrp_track_file_conf *f = c->track_files; f; f = f->next)
		if (strcmp(f->name, n) == 0)
			return f;
	return NULL;
}

/* Resolve names and fill effective weight/reverse; drops unresolved items
 * (after reporting them) so the runtime never sees a dangling name. */
void vrrp_conf_track_resolve(struct conf_parse *p, const struct floatd_conf *c,
                             const char *owner, enum vrrp_conf_track_kind k,
                             struct track_ref_conf *arr, unsigned *n)
{
	unsigned out = 0;

	for (unsigned i = 0; i < *n; i++) {
		struct track_ref_conf *r = &arr[i];
		int w = 0;
		bool rev = false, ok = true;

		if (k == VRRP_CONF_TRACK_SCRIPT) {
			if (!(r->script = track_find_script(c, r->name)))
				ok = false;
			else if (r->script->disabled) {
				/* keepalived drops references to a script it removed */
				conf_parse_report_at(p, 0, r->origin.file, r->origin.line,
				                     "%s: track_script '%s' ignored (vrrp_script %s is "
				                     "disabled)", owner, r->name, r->name);
				free(r->name);
				continue;
			} else {
				w = r->script->weight;
				rev = r->script->reverse;
			}
		} else if (k == VRRP_CONF_TRACK_FILE) {
			if (!(r->file = track_find_file(c, r->name)))
				ok = false;
			else {
				/* keepalived clamps the file's weight to the item range */
				w = r->file->weight > 254 ? 254 : r->file->weight < -254 ? -254
				                                                         : r->file->weight;
				rev = r->file->reverse;
			}
		}
		if (!ok) {
			conf_parse_report_at(p, 1, r->origin.file, r->origin.line,
			                     "%s: %s '%s' is not a defined %s", owner, track_block[k],
			                     r->name, k == VRRP_CONF_TRACK_SCRIPT ? "vrrp_script"
			                                                : "vrrp_track_file");
			free(r->name);
			continue;
		}
		if (!r->weight_set)
			r->weight = w;
		if (!r->reverse_set)
			r->reverse = r->weight_set ? false : rev;
		arr[out++] = *r;
	}
	*n = out;
}

static void track_check_instance(struct conf_parse *p, const struct floatd_conf *c,
                                 struct vrrp_instance_conf *vi)
{
	const char *f = vi->origin.file;
	int ln = vi->origin.line;
	char owner[160];
	struct track_reference_conf *tr = &vi->track_reference;

	snprintf(owner, sizeof(owner), "vrrp_instance %s", vi->name);
	vrrp_conf_track_resolve(p, c, owner, VRRP_CONF_TRACK_SCRIPT, vi->track_scripts,
	                        &vi->n_track_scripts);
	vrrp_conf_track_resolve(p, c, owner, VRRP_CONF_TRACK_IFACE, vi->track_interfaces,
	                        &vi->n_track_interfaces);
	vrrp_conf_track_resolve(p, c, owner, VRRP_CONF_TRACK_FILE, vi->track_files,
	                        &vi->n_track_files);
	if (vi->vip_lifetime_s == UINT32_MAX)
		vi->vip_lifetime_s = c->vip_lifetime_s;
	if (vi->higher_prio_send_advert_cfg >= 0)
		vi->higher_prio_send_advert = vi->higher_prio_send_advert_cfg;
	else
		vi->higher_prio_send_advert = c->higher_prio_send_advert;
	if (vi->lower_prio_no_advert_cfg >= 0)
		vi->lower_prio_no_advert = vi->lower_prio_no_advert_cfg;
	else
		vi->lower_prio_no_advert = c->lower_prio_no_advert;
	vi->skip_check_adv_addr = vi->skip_check_adv_addr_cfg >= 0 ? vi->skip_check_adv_addr_cfg :
	                          c->skip_check_adv_addr;
	if (vi->down_timer_adverts == 0)
		vi->down_timer_adverts = c->down_timer_adverts;
	vi->v3_checksum_as_v2 = vi->v3_checksum_as_v2_cfg >= 0 ? vi->v3_checksum_as_v2_cfg :
	                        c->v3_checksum_as_v2;
	if (vi->garp_lower_prio_repeat == UINT32_MAX)
		vi->garp_lower_prio_repeat = c->garp_lower_prio_repeat != UINT32_MAX ?
		                             c->garp_lower_prio_repeat : vi->garp_master_repeat;
	if (vi->garp_lower_prio_delay_s == UINT32_MAX)
		vi->garp_lower_prio_delay_s = c->garp_lower_prio_delay_s != UINT32_MAX ?
		                              c->garp_lower_prio_delay_s : vi->garp_master_delay_s;
	/* The VIPs are renewed with every advertisement: a lifetime that is not
	 * longer than the interval would let them expire between renewals. */
	if (vi->vip_lifetime_s && (uint64_t)vi->vip_lifetime_s * 1000 <= vi->adver_int_ms)
		conf_parse_report_at(p, 1, f, ln, "vrrp_instance %s: vip_lifetime %us must be "
		                     "longer than advert_int %u.%03us", vi->name, vi->vip_lifetime_s,
		                     vi->adver_int_ms / 1000, vi->adver_int_ms % 1000);
	else if (vi->vip_lifetime_s && (uint64_t)vi->vip_lifetime_s * 1000 < 3ULL * vi->adver_int_ms)
		conf_parse_report_at(p, 0, f, ln, "vrrp_instance %s: vip_lifetime %us is less than "
		                     "three advert intervals; one lost renewal removes the VIPs",
		                     vi->name, vi->vip_lifetime_s);
	if (tr->origin.line && !tr->n_addrs)
		conf_parse_report_at(p, 1, tr->origin.file, tr->origin.line,
		                     "vrrp_instance %s: track_reference has no address", vi->name);
	if (tr->n_addrs && tr->timeout_ms > tr->interval_ms)
		conf_parse_report_at(p, 1, tr->origin.file, tr->origin.line,
		                     "vrrp_instance %s: track_reference timeout %u.%03us is longer "
		                     "than its interval %u.%03us", vi->name, tr->timeout_ms / 1000,
		                     tr->timeout_ms % 1000, tr->interval_ms / 1000,
		                     tr->interval_ms % 1000);
}

void vrrp_conf_track_validate(struct conf_parse *p, struct floatd_conf *c)
{
	for (struct vrrp_script_conf *s = c->vrrp_scripts; s; s = s->next) {
		vrrp_conf_track_check_script(p, s);
		for (struct vrrp_script_conf *o = c->vrrp_scripts; o != s; o = o->next)
			if (strcmp(o->name, s->name) == 0) {
				conf_parse_report_at(p, 1, s->origin.file, s->origin.line,
				                     "duplicate vrrp_script '%s' (first at %s:%d)", s->name,
				                     o->origin.file, o->origin.line);
				break;
			}
	}
	for (struct vrrp_track_file_conf *tf = c->track_files; tf; tf = tf->next) {
		vrrp_conf_track_check_file(p, tf);
		for (struct vrrp_track_file_conf *o = c->track_files; o != tf; o = o->next)
			if (strcmp(o->name, tf->name) == 0) {
				conf_parse_report_at(p, 1, tf->origin.file, tf->origin.line,
				                     "duplicate vrrp_track_file '%s' (first at %s:%d)",
				                     tf->name, o->origin.file, o->origin.line);
				break;
			}
	}
	for (struct vrrp_instance_conf *vi = c->instances; vi; vi = vi->next)
		track_check_instance(p, c, vi);
	for (struct vrrp_sync_group_conf *g = c->sync_groups; g; g = g->next)
		vrrp_conf_track_check_group(p, c, g);
	vrrp_conf_track_process_validate(p, c);
	/* keepalived runs a script only when some instance tracks it */
	for (struct vrrp_script_conf *s = c->vrrp_scripts; s; s = s->next) {
		bool used = false;

		for (struct vrrp_instance_conf *vi = c->instances; vi && !used; vi = vi->next)
			for (unsigned i = 0; i < vi->n_track_scripts; i++)
				if (vi->track_scripts[i].script == s)
					used = true;
		if (!used && !s->disabled)
			conf_parse_report_at(p, 0, s->origin.file, s->origin.line,
			                     "vrrp_script %s is not tracked by any instance (not run)",
			                     s->name);
	}
}

/* ---- dump: parses back to the same configuration */

void vrrp_conf_track_dump_refs(FILE *fp, const char *ind, const char *kw,
                               const struct track_ref_conf *r, unsigned n, bool skip_group)
{
	unsigned shown = 0;

	for (unsigned i = 0; i < n; i++)
		if (!(skip_group && r[i].from_group))
			shown++;
	if (!shown)
		return;
	fprintf(fp, "%s%s {\n", ind, kw);
	for (unsigned i = 0; i < n; i++) {
		if (skip_group && r[i].from_group)
			continue;
		fprintf(fp, "%s\t%s weight %d%s\n", ind, r[i].name, r[i].weight,
		        r[i].reverse ? " reverse" : "");
	}
	fprintf(fp, "%s}\n", ind);
}

void vrrp_conf_track_dump_instance(FILE *fp, const struct vrrp_instance_conf *vi)
{
	const struct track_reference_conf *tr = &vi->track_reference;
	char a[INET6_ADDRSTRLEN];

	/* Effective values, only where they differ from the defaults (vip
	 * lifetime off, higher_prio_send_advert on, lower_prio_no_advert off,
	 * the lower-priority GARPs following garp_master_*).  The global_defs
	 * forms are not dumped: every instance carries the value it inherited,
	 * which keeps the dump parsing back to the same configuration. */
	if (vi->vip_lifetime_s)
		fprintf(fp, "\tvip_lifetime %u\n", vi->vip_lifetime_s);
	if (!vi->higher_prio_send_advert)
		fprintf(fp, "\thigher_prio_send_advert off\n");
	if (vi->lower_prio_no_advert)
		fprintf(fp, "\tlower_prio_no_advert\n");
	if (vi->skip_check_adv_addr)
		fprintf(fp, "\tskip_check_adv_addr\n");
	if (vi->down_timer_adverts != 3)
		fprintf(fp, "\tdown_timer_adverts %u\n", vi->down_timer_adverts);
	if (vi->v3_checksum_as_v2)
		fprintf(fp, "\tv3_checksum_as_v2\n");
	if (vi->dont_track_primary)
		fprintf(fp, "\tdont_track_primary\n");
	if (vi->garp_lower_prio_repeat != vi->garp_master_repeat)
		fprintf(fp, "\tgarp_lower_prio_repeat %u\n", vi->garp_lower_prio_repeat);
	if (vi->garp_lower_prio_delay_s != vi->garp_master_delay_s)
		fprintf(fp, "\tgarp_lower_prio_delay %u\n", vi->garp_lower_prio_delay_s);
	vrrp_conf_track_dump_refs(fp, "\t", "track_script", vi->track_scripts,
	                          vi->n_track_scripts, true);
	vrrp_conf_track_dump_refs(fp, "\t", "track_interface", vi->track_interfaces,
	                          vi->n_track_interfaces, true);
	vrrp_conf_track_dump_refs(fp, "\t", "track_file", vi->track_files, vi->n_track_files,
	                          true);
	vrrp_conf_track_process_dump_refs(fp, "\t", vi->track_processes, vi->n_track_processes,
	                                  true);
	vrrp_conf_fifo_dump_instance(fp, vi);
	if (tr->n_addrs) {
		fprintf(fp, "\ttrack_reference {\n");
		for (unsigned i = 0; i < tr->n_addrs; i++) {
			inet_ntop(tr->addrs[i].family, &tr->addrs[i].addr, a, sizeof(a));
			fprintf(fp, "\t\t%s\n", a);
		}
		fprintf(fp, "\t\tinterval %u.%03u\n", tr->interval_ms / 1000, tr->interval_ms % 1000);
		fprintf(fp, "\t\ttimeout %u.%03u\n", tr->timeout_ms / 1000, tr->timeout_ms % 1000);
		fprintf(fp, "\t\tfall %u\n", tr->fall);
		fprintf(fp, "\t\trise %u\n", tr->rise);
		fprintf(fp, "\t}\n");
	}
}

/* ---- free */

void vrrp_conf_track_instance_free(struct vrrp_instance_conf *vi)
{
	vrrp_conf_track_refs_free(vi->track_scripts, vi->n_track_scripts);
	vrrp_conf_track_refs_free(vi->track_interfaces, vi->n_track_interfaces);
	vrrp_conf_track_refs_free(vi->track_files, vi->n_track_files);
	vrrp_conf_track_refs_free(vi->track_processes, vi->n_track_processes);
	free(vi->track_reference.addrs);
}

void vrrp_conf_track_free(struct floatd_conf *c)
{
	vrrp_conf_track_scripts_free(c);
	vrrp_conf_track_groups_free(c);
	vrrp_conf_track_process_free(c);
}
