/* State and statistics dump text (see dump.h).  Every "Key = value" line
 * of an instance comes before its first list ("Virtual IP (n):"), because
 * keepalived-style parsers end the instance's record at the first line
 * without " = ". */
#include <arpa/inet.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "dump.h"

static const char *
addr_str(int family, const union vrrp_addr *a, char *buf, size_t len)
{
	if (inet_ntop(family, a, buf, (socklen_t)len) == NULL)
		snprintf(buf, len, "?");
	return buf;
}

/* A monotonic stamp as "SECONDS.MICROS (YYYY-MM-DDTHH:MM:SSZ)" wall time. */
static void
print_stamp(FILE *f, const char *key, uint64_t at_ms, const struct vrrp_dump_clock *clk)
{
	int64_t ago_ms = (int64_t)(clk->now_ms - at_ms);
	int64_t wall_us = (int64_t)clk->wall.tv_sec * 1000000 + clk->wall.tv_nsec / 1000 -
	                  ago_ms * 1000;
	time_t sec = (time_t)(wall_us / 1000000);
	struct tm tm;
	char date[32] = "?";

	if (gmtime_r(&sec, &tm) != NULL)
		strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%SZ", &tm);
	fprintf(f, "   %s = %lld.%06lld (%s)\n", key, (long long)sec, (long long)(wall_us % 1000000),
	        date);
}

void
vrrp_dump_data_header(FILE *f, const struct vrrp_dump_clock *clk, const char *version)
{
	struct tm tm;
	char date[32] = "?";

	if (gmtime_r(&clk->wall.tv_sec, &tm) != NULL)
		strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%SZ", &tm);
	fprintf(f, "------< floatd %s state dump, %s >------\n\n", version, date);
	fprintf(f, "------< VRRP Topology >------\n");
}

static const char *
tracker_state(const struct vrrp_track_input *t, char *buf, size_t len)
{
	if (t->kind == VRRP_TRACK_FILE)
		snprintf(buf, len, "value %ld", t->value);
	else if (t->kind == VRRP_TRACK_PROCESS)
		snprintf(buf, len, "%s (%ld running)", t->ok ? "UP" : "DOWN", t->value);
	else if (t->kind == VRRP_TRACK_IFACE)
		snprintf(buf, len, "%s", t->ok ? "UP" : "DOWN");
	else
		snprintf(buf, len, "%s", t->ok ? "GOOD" : "BAD");
	return buf;
}

void
vrrp_dump_data_instance(FILE *f, const struct vrrp_instance_status *s,
                        const struct vrrp_dump_clock *clk)
{
	const struct vrrp_instance_conf *c = s->c;
	const struct vrrp_counters *n = &s->counters;
	char a[INET6_ADDRSTRLEN], st[32];

	fprintf(f, " VRRP Instance = %s\n", c->name);
	fprintf(f, "   VRRP Version = %u\n", s->version);
	fprintf(f, "   State = %s\n", vrrp_state_name(s->state));
	fprintf(f, "   Initial state = %s\n", c->want_master ? "MASTER" : "BACKUP");
	if (s->last_transition_ms != 0)
		print_stamp(f, "Last transition", s->last_transition_ms, clk);
	fprintf(f, "   Interface = %s\n", s->interface);
	fprintf(f, "   Interface state = %s\n", s->iface_up ? "UP" : "DOWN or no address");
	if (s->state == VRRP_STATE_FAULT && s->fault_reason[0] != '\0')
		fprintf(f, "   Fault reason = %s\n", s->fault_reason);
	if (s->has_source)
		fprintf(f, "   Using src_ip = %s\n", addr_str(s->family, &s->source, a, sizeof(a)));
	fprintf(f, "   Virtual Router ID = %u\n", s->vrid);
	fprintf(f, "   Priority = %u\n", s->base_priority);
	fprintf(f, "   Effective priority = %u\n", s->effective_priority);
	fprintf(f, "   Advert interval = %u ms\n", s->adver_int_ms);
	if (s->version == 3)
		fprintf(f, "   Master advert interval = %u ms\n", s->master_adver_int_ms);
	if (s->master_known) {
		fprintf(f, "   Master router = %s\n", addr_str(s->family, &s->master, a, sizeof(a)));
		fprintf(f, "   Master priority = %u\n", s->master_priority);
	} else {
		fprintf(f, "   Master router = unknown\n");
	}
	if (s->last_advert_ms != 0)
		print_stamp(f, "Last advert received", s->last_advert_ms, clk);
	fprintf(f, "   Preempt = %s\n", c->preempt ? "enabled" : "disabled");
	if (c->preempt_delay_ms != 0)
		fprintf(f, "   Preempt delay = %u ms\n", c->preempt_delay_ms);
	fprintf(f, "   Accept = %s\n", c->accept ? "enabled" : "disabled");
	if (c->use_vmac)
		fprintf(f, "   Use VMAC = %s%s\n", c->vmac_name, c->vmac_xmit_base ? ", xmit base" : "");
	if (c->sync_group != NULL)
		fprintf(f, "   Sync group = %s\n", c->sync_group->name);
	if (s->has_reference)
		fprintf(f, "   Track reference = %s\n",
		        !s->reference_known ? "UNKNOWN" : s->reference_ok ? "GOOD" : "BAD");
	fprintf(f, "   Adverts sent = %" PRIu64 "\n", n->adverts_sent);
	fprintf(f, "   Adverts received = %" PRIu64 "\n", n->adverts_rcvd);
	fprintf(f, "   Became master = %" PRIu64 "\n", n->became_master);
	fprintf(f, "   Released master = %" PRIu64 "\n", n->released_master);
	fprintf(f, "   Dual-master episodes = %" PRIu64 "\n", n->dual_master_episodes);
	for (int r = 1; r < VRRP_DROP_MAX; r++)
		fprintf(f, "   Dropped %s = %" PRIu64 "\n", vrrp_drop_name(r), n->drops[r]);
	fprintf(f, "   Tracked objects (%u):\n", s->n_trackers);
	for (unsigned i = 0; i < s->n_trackers; i++) {
		const struct vrrp_track_input *t = &s->trackers[i];

		fprintf(f, "     %s %s weight %d%s %s\n", vrrp_track_kind_name(t->kind), t->name,
		        t->weight, t->reverse ? " reverse" : "", tracker_state(t, st, sizeof(st)));
	}
	fprintf(f, "   Virtual IP (%u):\n", c->n_vips);
	for (unsigned i = 0; i < c->n_vips; i++)
		fprintf(f, "     %s/%u dev %s\n", addr_str(c->vips[i].family, &c->vips[i].addr, a, sizeof(a)),
		        c->vips[i].prefixlen, c->vips[i].dev[0] ? c->vips[i].dev : s->vip_dev);
	if (c->n_vips_excluded > 0) {
		fprintf(f, "   Virtual IP Excluded (%u):\n", c->n_vips_excluded);
		for (unsigned i = 0; i < c->n_vips_excluded; i++) {
			const struct vip_conf *v = &c->vips_excluded[i];

			fprintf(f, "     %s/%u dev %s\n", addr_str(v->family, &v->addr, a, sizeof(a)),
			        v->prefixlen, v->dev[0] ? v->dev : s->vip_dev);
		}
	}
	if (c->n_vroutes > 0)
		fprintf(f, "   Virtual Routes (%u)\n", c->n_vroutes);
	if (c->n_vrules > 0)
		fprintf(f, "   Virtual Rules (%u)\n", c->n_vrules);
	fputc('\n', f);
}

static void
stat_line(FILE *f, const char *key, uint64_t v)
{
	fprintf(f, "    %s: %" PRIu64 "\n", key, v);
}

void
vrrp_dump_stats_instance(FILE *f, const struct vrrp_instance_status *s)
{
	const struct vrrp_counters *n = &s->counters;

	fprintf(f, "VRRP Instance: %s\n", s->c->name);
	fprintf(f, "  Advertisements:\n");
	stat_line(f, "Received", n->adverts_rcvd);
	stat_line(f, "Sent", n->adverts_sent);
	fprintf(f, "  Became master: %" PRIu64 "\n", n->became_master);
	fprintf(f, "  Released master: %" PRIu64 "\n", n->released_master);
	fprintf(f, "  Packet Errors:\n");
	stat_line(f, "Length", n->drops[VRRP_DROP_TRUNCATED]);
	stat_line(f, "TTL", n->drops[VRRP_DROP_TTL]);
	stat_line(f, "Invalid Type", n->drops[VRRP_DROP_TYPE]);
	stat_line(f, "Advertisement Interval", n->drops[VRRP_DROP_ADVER_INT]);
	stat_line(f, "Address List", n->drops[VRRP_DROP_ADDR_LIST]);
	/* floatd does not tell an unknown auth type from a mismatch or a wrong
	 * password: every authentication drop is a Failure */
	fprintf(f, "  Authentication Errors:\n");
	stat_line(f, "Failure", n->drops[VRRP_DROP_AUTH]);
	fprintf(f, "  Priority Zero:\n");
	stat_line(f, "Received", n->prio0_rcvd);
	stat_line(f, "Sent", n->prio0_sent);
	fprintf(f, "  Other Drops:\n");
	stat_line(f, "Version", n->drops[VRRP_DROP_VERSION]);
	stat_line(f, "Checksum", n->drops[VRRP_DROP_CHECKSUM]);
	stat_line(f, "Family", n->drops[VRRP_DROP_FAMILY]);
	stat_line(f, "Own", n->drops[VRRP_DROP_OWN]);
	stat_line(f, "Not Peer", n->drops[VRRP_DROP_NOT_PEER]);
	fprintf(f, "  Dual Master:\n");
	stat_line(f, "Episodes", n->dual_master_episodes);
}

void
vrrp_dump_stats_iface(FILE *f, const struct vrrp_iface_status *s)
{
	fprintf(f, "Interface: %s %s\n", s->name, s->family == AF_INET6 ? "IPv6" : "IPv4");
	fprintf(f, "  Dropped before an instance:\n");
	for (int r = 1; r < VRRP_DROP_MAX; r++)
		stat_line(f, vrrp_drop_name(r), s->drops[r]);
}
