/* The checker's virtual servers for floatctl (see view_lvs.h). */
#include "config.h"

#include <inttypes.h>
#include <netinet/in.h>
#include <string.h>

#include <json-c/json.h>

#include "check/conf/conf_lvs.h"
#include "conf.h"
#include "ctl/view_lvs.h"

static void
vs_name(const struct virtual_server_conf *vs, char *buf, unsigned len)
{
	if (vs->kind == CHECK_VS_ADDR)
		check_sockaddr_str(&vs->addr, buf, len);
	else if (vs->kind == CHECK_VS_FWMARK)
		snprintf(buf, len, "fwmark %u", vs->fwmark);
	else
		snprintf(buf, len, "group %s", vs->group);
}

static const char *
proto_name(uint16_t p)
{
	return p == IPPROTO_UDP ? "UDP" : p == IPPROTO_SCTP ? "SCTP" : "TCP";
}

static struct json_object *
rs_json(const struct ctl_lvs_view *v, uint32_t vi, uint32_t ri, const struct real_server_conf *rc,
        uint64_t *live, bool *unknown)
{
	struct json_object *o = json_object_new_object();
	char buf[64];
	bool up;
	int32_t w;

	check_sockaddr_str(&rc->addr, buf, sizeof(buf));
	json_object_object_add(o, "address", json_object_new_string(buf));
	json_object_object_add(o, "weight", json_object_new_int64(rc->weight));
	if (v->rs_state == NULL || v->rs_state(v->arg, vi, ri, &up, &w) < 0) {
		*unknown = true;
		json_object_object_add(o, "effective_weight", NULL);
		json_object_object_add(o, "state", json_object_new_string("unknown"));
		return o;
	}
	if (up && w > 0)
		*live += (uint64_t)w;
	json_object_object_add(o, "effective_weight", json_object_new_int64(w));
	json_object_object_add(o, "state", json_object_new_string(up ? "up" : "down"));
	return o;
}

struct json_object *
ctl_view_lvs(const struct ctl_lvs_view *v)
{
	struct json_object *o = json_object_new_object(), *list = json_object_new_array();
	const struct virtual_server_conf *vs;
	uint32_t vi, ri;
	char buf[64];

	json_object_object_add(o, "running", json_object_new_boolean(v->running));
	json_object_object_add(o, "starts", json_object_new_int64(v->starts));
	json_object_object_add(o, "generation", json_object_new_int64(v->generation));
	json_object_object_add(o, "reloads_applied", json_object_new_int64(v->reloads_ok));
	json_object_object_add(o, "reloads_failed", json_object_new_int64(v->reloads_failed));
	json_object_object_add(o, "ipvs", json_object_new_boolean(!v->ipvs_unavailable));
	for (vs = v->conf->virtual_servers, vi = 0; vs != NULL; vs = vs->next, vi++) {
		struct json_object *x = json_object_new_object(), *rss = json_object_new_array();
		const struct real_server_conf *rc;
		uint64_t live = 0;
		bool unknown = false;

		vs_name(vs, buf, sizeof(buf));
		json_object_object_add(x, "name", json_object_new_string(buf));
		json_object_object_add(x, "protocol", json_object_new_string(proto_name(vs->protocol)));
		json_object_object_add(x, "scheduler", json_object_new_string(vs->sched));
		json_object_object_add(x, "quorum", json_object_new_int64(vs->quorum));
		json_object_object_add(x, "hysteresis", json_object_new_int64(vs->hysteresis));
		for (rc = vs->rs, ri = 0; rc != NULL; rc = rc->next, ri++)
			json_object_array_add(rss, rs_json(v, vi, ri, rc, &live, &unknown));
		json_object_object_add(x, "live_weight", json_object_new_int64((int64_t)live));
		/* from the reported states; inside the hysteresis band the
		 * checker keeps its previous quorum state, which it does not
		 * report: then (and while a state is unknown) null */
		if (unknown || (live > 0 && live + vs->hysteresis >= vs->quorum &&
		                live < (uint64_t)vs->quorum + vs->hysteresis))
			json_object_object_add(x, "quorum_up", NULL);
		else
			json_object_object_add(x, "quorum_up",
			                       json_object_new_boolean(live > 0 && live >= vs->quorum));
		json_object_object_add(x, "real_servers", rss);
		json_object_array_add(list, x);
	}
	json_object_object_add(o, "virtual_servers", list);
	return o;
}

/* A label value: backslash, double quote and newline escaped. */
static void
label(FILE *f, const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == '\\' || *s == '"')
			fputc('\\', f), fputc(*s, f);
		else if (*s == '\n')
			fputs("\\n", f);
		else
			fputc(*s, f);
	}
}

void
ctl_view_lvs_metrics(FILE *f, const struct ctl_lvs_view *v)
{
	const struct virtual_server_conf *vs;
	const struct real_server_conf *rc;
	uint32_t vi, ri;
	char vname[64], rname[64];

	fprintf(f, "# HELP floatd_real_server_up Real server healthy (1) or not (0), as the "
	        "checker last reported\n# TYPE floatd_real_server_up gauge\n");
	for (vs = v->conf->virtual_servers, vi = 0; vs != NULL; vs = vs->next, vi++) {
		vs_name(vs, vname, sizeof(vname));
		for (rc = vs->rs, ri = 0; rc != NULL; rc = rc->next, ri++) {
			bool up;
			int32_t w;

			if (v->rs_state == NULL || v->rs_state(v->arg, vi, ri, &up, &w) < 0)
				continue;
			check_sockaddr_str(&rc->addr, rname, sizeof(rname));
			fprintf(f, "floatd_real_server_up{vs=\"");
			label(f, vname);
			fprintf(f, "\",rs=\"");
			label(f, rname);
			fprintf(f, "\"} %d\n", up ? 1 : 0);
		}
	}
	fprintf(f, "# HELP floatd_checker_reloads_total Configurations the checker was sent, by "
	        "its answer\n# TYPE floatd_checker_reloads_total counter\n");
	fprintf(f, "floatd_checker_reloads_total{result=\"applied\"} %" PRIu32 "\n", v->reloads_ok);
	fprintf(f, "floatd_checker_reloads_total{result=\"failed\"} %" PRIu32 "\n",
	        v->reloads_failed);
}
