/* Renderings of the status views (see view.h). */
#include <arpa/inet.h>
#include <inttypes.h>
#include <string.h>
#include <time.h>

#include <json-c/json.h>

#include "ctl/commands.h"
#include "ctl/view.h"

static struct json_object *
addr_json(int family, const void *a)
{
	char buf[INET6_ADDRSTRLEN];

	if (inet_ntop(family, a, buf, sizeof(buf)) == NULL)
		return NULL;
	return json_object_new_string(buf);
}

void
ctl_view_iso_time(int64_t wall_us, char *out, size_t len)
{
	time_t sec = (time_t)(wall_us / 1000000);
	struct tm tm;
	char date[32] = "?";

	if (gmtime_r(&sec, &tm) != NULL)
		strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(out, len, "%s.%06lldZ", date, (long long)(wall_us % 1000000));
}

static void
add_str(struct json_object *o, const char *k, const char *v)
{
	json_object_object_add(o, k, json_object_new_string(v));
}

static void
add_int(struct json_object *o, const char *k, int64_t v)
{
	json_object_object_add(o, k, json_object_new_int64(v));
}

static struct json_object *
tracker_json(const struct vrrp_track_input *t)
{
	struct json_object *o = json_object_new_object();

	add_str(o, "kind", vrrp_track_kind_name(t->kind));
	add_str(o, "name", t->name);
	add_int(o, "weight", t->weight);
	json_object_object_add(o, "reverse", json_object_new_boolean(t->reverse));
	if (t->kind == VRRP_TRACK_FILE)
		add_int(o, "value", t->value);
	else if (t->kind == VRRP_TRACK_PROCESS) {
		add_str(o, "state", t->ok ? "UP" : "DOWN");
		add_int(o, "processes", t->value);
	} else
		add_str(o, "state", t->kind == VRRP_TRACK_IFACE ? (t->ok ? "UP" : "DOWN")
		                                               : (t->ok ? "GOOD" : "BAD"));
	return o;
}

static struct json_object *
counters_json(const struct vrrp_counters *n)
{
	struct json_object *o = json_object_new_object(), *drops = json_object_new_object();

	add_int(o, "adverts_sent", (int64_t)n->adverts_sent);
	add_int(o, "adverts_received", (int64_t)n->adverts_rcvd);
	add_int(o, "became_master", (int64_t)n->became_master);
	add_int(o, "released_master", (int64_t)n->released_master);
	add_int(o, "priority0_sent", (int64_t)n->prio0_sent);
	add_int(o, "priority0_received", (int64_t)n->prio0_rcvd);
	add_int(o, "dual_master_episodes", (int64_t)n->dual_master_episodes);
	for (int r = 1; r < VRRP_DROP_MAX; r++)
		add_int(drops, vrrp_drop_name(r), (int64_t)n->drops[r]);
	json_object_object_add(o, "drops", drops);
	return o;
}

struct json_object *
ctl_view_history_entry(const char *instance, const struct vrrp_history_entry *e)
{
	struct json_object *o = json_object_new_object();
	char at[48];

	ctl_view_iso_time(e->wall_us, at, sizeof(at));
	add_str(o, "instance", instance);
	add_str(o, "at", at);
	add_int(o, "at_us", e->wall_us);
	add_str(o, "from", vrrp_state_name(e->from));
	add_str(o, "to", vrrp_state_name(e->to));
	add_str(o, "reason", e->reason);
	return o;
}

struct json_object *
ctl_view_instance(const struct vrrp_instance_status *s, const struct ctl_view_clock *clk)
{
	const struct vrrp_instance_conf *c = s->c;
	struct json_object *o = json_object_new_object(), *a;
	const struct vrrp_history_entry *last = vrrp_history_get(s->history, 0);

	add_str(o, "name", c->name);
	add_str(o, "state", vrrp_state_name(s->state));
	add_str(o, "interface", s->interface);
	add_str(o, "family", s->family == AF_INET6 ? "inet6" : "inet");
	add_int(o, "vrid", s->vrid);
	add_int(o, "version", s->version);
	add_int(o, "base_priority", s->base_priority);
	add_int(o, "effective_priority", s->effective_priority);
	add_int(o, "advert_interval_ms", s->adver_int_ms);
	if (s->master_known) {
		struct json_object *m = json_object_new_object();

		json_object_object_add(m, "address", addr_json(s->family, &s->master));
		add_int(m, "priority", s->master_priority);
		json_object_object_add(o, "master", m);
	} else {
		json_object_object_add(o, "master", NULL);
	}
	a = json_object_new_array();
	for (unsigned i = 0; i < c->n_vips; i++) {
		char buf[INET6_ADDRSTRLEN + 8] = "?";

		inet_ntop(c->vips[i].family, &c->vips[i].addr, buf, INET6_ADDRSTRLEN);
		snprintf(buf + strlen(buf), 8, "/%u", c->vips[i].prefixlen);
		json_object_array_add(a, json_object_new_string(buf));
	}
	json_object_object_add(o, "vips", a);
	if (s->last_transition_ms != 0)
		add_int(o, "time_in_state_ms", (int64_t)(clk->now_ms - s->last_transition_ms));
	json_object_object_add(o, "last_transition",
	                       last != NULL ? ctl_view_history_entry(c->name, last) : NULL);
	if (s->state == VRRP_STATE_FAULT)
		add_str(o, "fault_reason", s->fault_reason);
	json_object_object_add(o, "interface_usable", json_object_new_boolean(s->iface_up));
	json_object_object_add(o, "released", json_object_new_boolean(s->released));
	if (c->sync_group != NULL)
		add_str(o, "sync_group", c->sync_group->name);
	a = json_object_new_array();
	for (unsigned i = 0; i < s->n_trackers; i++)
		json_object_array_add(a, tracker_json(&s->trackers[i]));
	json_object_object_add(o, "trackers", a);
	if (s->has_reference)
		add_str(o, "track_reference", !s->reference_known ? "UNKNOWN" :
		                              s->reference_ok ? "GOOD" : "BAD");
	json_object_object_add(o, "counters", counters_json(&s->counters));
	return o;
}

/* ---- Prometheus text exposition format 0.0.4 */

/* A label value: backslash, double quote and newline escaped. */
static void
label(FILE *f, const char *v)
{
	for (; *v != '\0'; v++) {
		if (*v == '\\' || *v == '"')
			fputc('\\', f), fputc(*v, f);
		else if (*v == '\n')
			fputs("\\n", f);
		else
			fputc(*v, f);
	}
}

enum metric_family {
	FAM_INFO,
	FAM_START,
	FAM_STATE,
	FAM_PRIORITY,
	FAM_MASTER_PRIORITY,
	FAM_ADVERTS_SENT,
	FAM_ADVERTS_RCVD,
	FAM_BECAME_MASTER,
	FAM_RELEASED_MASTER,
	FAM_PRIO0_SENT,
	FAM_PRIO0_RCVD,
	FAM_DUAL_MASTER,
	FAM_DROPS,
	FAM_TRACKER_UP,
	FAM_TRACK_FILE_VALUE,
	FAM_MAX
};

static const struct {
	const char *name, *type, *help;
} families[FAM_MAX] = {
	[FAM_INFO] = { "floatd_info", "gauge", "floatd version (always 1)" },
	[FAM_START] = { "floatd_start_time_seconds", "gauge", "When floatd started (Unix time)" },
	[FAM_STATE] = { "floatd_vrrp_state", "gauge", "1 for the instance's current state, 0 for the others" },
	[FAM_PRIORITY] = { "floatd_vrrp_priority", "gauge", "Priority: configured (base) and effective after trackers" },
	[FAM_MASTER_PRIORITY] = { "floatd_vrrp_master_priority", "gauge", "Priority of the master this instance follows (0 = unknown)" },
	[FAM_ADVERTS_SENT] = { "floatd_vrrp_adverts_sent_total", "counter", "Advertisements sent" },
	[FAM_ADVERTS_RCVD] = { "floatd_vrrp_adverts_received_total", "counter", "Valid advertisements received" },
	[FAM_BECAME_MASTER] = { "floatd_vrrp_became_master_total", "counter", "Transitions into MASTER" },
	[FAM_RELEASED_MASTER] = { "floatd_vrrp_released_master_total", "counter", "Transitions out of MASTER" },
	[FAM_PRIO0_SENT] = { "floatd_vrrp_priority_zero_sent_total", "counter", "Priority 0 advertisements sent" },
	[FAM_PRIO0_RCVD] = { "floatd_vrrp_priority_zero_received_total", "counter", "Priority 0 advertisements received" },
	[FAM_DUAL_MASTER] = { "floatd_vrrp_dual_master_episodes_total", "counter", "Episodes with another MASTER heard" },
	[FAM_DROPS] = { "floatd_vrrp_drops_total", "counter", "Advertisements dropped, by reason" },
	[FAM_TRACKER_UP] = { "floatd_vrrp_tracker_up", "gauge", "Tracked script/interface succeeding (1) or not (0)" },
	[FAM_TRACK_FILE_VALUE] = { "floatd_vrrp_track_file_value", "gauge", "The value read from a track_file" },
};

void
ctl_view_metrics_header(FILE *f, const char *version, int64_t start_wall_us)
{
	fprintf(f, "# HELP %s %s\n# TYPE %s %s\n", families[FAM_INFO].name, families[FAM_INFO].help,
	        families[FAM_INFO].name, families[FAM_INFO].type);
	fprintf(f, "floatd_info{version=\"");
	label(f, version);
	fprintf(f, "\"} 1\n");
	fprintf(f, "# HELP %s %s\n# TYPE %s %s\n", families[FAM_START].name, families[FAM_START].help,
	        families[FAM_START].name, families[FAM_START].type);
	fprintf(f, "floatd_start_time_seconds %lld.%06lld\n", (long long)(start_wall_us / 1000000),
	        (long long)(start_wall_us % 1000000));
}

static void
sample(FILE *f, const char *family, const char *instance, const char *k, const char *v,
       uint64_t value)
{
	fprintf(f, "%s{instance=\"", family);
	label(f, instance);
	if (k != NULL) {
		fprintf(f, "\",%s=\"", k);
		label(f, v);
	}
	fprintf(f, "\"} %" PRIu64 "\n", value);
}

void
ctl_view_metrics_instance_family(FILE *f, unsigned fam, const struct vrrp_instance_status *s)
{
	const struct vrrp_counters *n = &s->counters;
	const char *name = families[fam].name, *in = s->c->name;

	switch (fam) {
	case FAM_STATE:
		for (int st = VRRP_STATE_INIT; st < VRRP_STATE_MAX; st++)
			sample(f, name, in, "state", vrrp_state_name(st), s->state == (enum vrrp_state)st);
		break;
	case FAM_PRIORITY:
		sample(f, name, in, "kind", "base", s->base_priority);
		sample(f, name, in, "kind", "effective", s->effective_priority);
		break;
	case FAM_MASTER_PRIORITY: sample(f, name, in, NULL, NULL, s->master_known ? s->master_priority : 0); break;
	case FAM_ADVERTS_SENT: sample(f, name, in, NULL, NULL, n->adverts_sent); break;
	case FAM_ADVERTS_RCVD: sample(f, name, in, NULL, NULL, n->adverts_rcvd); break;
	case FAM_BECAME_MASTER: sample(f, name, in, NULL, NULL, n->became_master); break;
	case FAM_RELEASED_MASTER: sample(f, name, in, NULL, NULL, n->released_master); break;
	case FAM_PRIO0_SENT: sample(f, name, in, NULL, NULL, n->prio0_sent); break;
	case FAM_PRIO0_RCVD: sample(f, name, in, NULL, NULL, n->prio0_rcvd); break;
	case FAM_DUAL_MASTER: sample(f, name, in, NULL, NULL, n->dual_master_episodes); break;
	case FAM_DROPS:
		for (int r = 1; r < VRRP_DROP_MAX; r++)
			sample(f, name, in, "reason", vrrp_drop_name(r), n->drops[r]);
		break;
	case FAM_TRACKER_UP:
	case FAM_TRACK_FILE_VALUE:
		for (unsigned i = 0; i < s->n_trackers; i++) {
			const struct vrrp_track_input *t = &s->trackers[i];
			bool file = t->kind == VRRP_TRACK_FILE;

			if (file != (fam == FAM_TRACK_FILE_VALUE))
				continue;
			fprintf(f, "%s{instance=\"", name);
			label(f, in);
			fprintf(f, "\",kind=\"%s\",name=\"", vrrp_track_kind_name(t->kind));
			label(f, t->name);
			fprintf(f, "\"} %ld\n", file ? t->value : (long)t->ok);
		}
		break;
	}
}

void
ctl_view_metrics_family_header(FILE *f, unsigned fam)
{
	fprintf(f, "# HELP %s %s\n# TYPE %s %s\n", families[fam].name, families[fam].help,
	        families[fam].name, families[fam].type);
}

unsigned
ctl_view_metrics_families(void)
{
	return FAM_MAX;
}

struct json_object *
ctl_view_reload(const struct ctl_reload_stats *r)
{
	struct json_object *o = json_object_new_object(), *last = NULL;
	char at[40];

	json_object_object_add(o, "ok", json_object_new_int64((int64_t)r->ok));
	json_object_object_add(o, "failed", json_object_new_int64((int64_t)r->failed));
	if (r->any) {
		last = json_object_new_object();
		ctl_view_iso_time(r->last_wall_us, at, sizeof(at));
		json_object_object_add(last, "result", json_object_new_string(r->last_ok ? "ok" : "failed"));
		json_object_object_add(last, "at", json_object_new_string(at));
		json_object_object_add(last, "at_us", json_object_new_int64(r->last_wall_us));
		json_object_object_add(last, "duration_ms", json_object_new_int64(r->last_ms));
	}
	json_object_object_add(o, "last", last);
	return o;
}

void
ctl_view_metrics_reload(FILE *f, const struct ctl_reload_stats *r)
{
	fprintf(f, "# HELP floatd_reloads_total Configuration reloads by result.\n"
	           "# TYPE floatd_reloads_total counter\n"
	           "floatd_reloads_total{result=\"ok\"} %" PRIu64 "\n"
	           "floatd_reloads_total{result=\"failed\"} %" PRIu64 "\n", r->ok, r->failed);
	fprintf(f, "# HELP floatd_last_reload_success Whether the last reload was applied "
	           "(1 before any reload).\n# TYPE floatd_last_reload_success gauge\n"
	           "floatd_last_reload_success %d\n", !r->any || r->last_ok);
	fprintf(f, "# HELP floatd_last_reload_timestamp_seconds When the last reload was tried "
	           "(0 before any).\n# TYPE floatd_last_reload_timestamp_seconds gauge\n"
	           "floatd_last_reload_timestamp_seconds %lld.%06lld\n",
	           (long long)(r->last_wall_us / 1000000), (long long)(r->last_wall_us % 1000000));
}
