/* Loading the configuration: lexer + keyword tables + validation, into the
 * plain structs of src/vrrp/conf/vrrp_conf_types.h and
 * src/check/conf/conf_lvs.h.  Owns the top-level table, the defaults, the
 * file-name interning hand-over, free and the normalised dump.  Pure: never
 * logs, never exits; every message goes to struct conf_diag. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "conf_programs.h"
#include "conf_global.h"
#include "conf_known.h"
#include "vrrp/conf/conf_ipvs.h"
#include "conf_mail.h"
#include "conf_lex.h"
#include "conf_parse.h"
#include "conf_snap.h"
#include "check/conf/conf_lvs.h"
#include "vrrp/conf/conf_instance.h"
#include "vrrp/conf/conf_iproute.h"
#include "conf_sched.h"
#include "vrrp/conf/conf_fifo.h"
#include "vrrp/conf/conf_track.h"
#include "vrrp/conf/conf_track_process.h"

static int conf_global_open(struct conf_parse *p, const struct conf_line *l, void *obj,
                            void **child)
{
	(void)p;
	(void)l;
	*child = obj;
	return 0;
}

static const struct conf_kw conf_top_kws[] = {
	{ "global_defs", CONF_KW_BLOCK, 0, 0, conf_global_open, &conf_global_table, NULL, 0 },
	{ "vrrp_instance", CONF_KW_BLOCK, 1, 1, vrrp_conf_instance_open,
	  &vrrp_conf_instance_table, NULL, 0 },
	{ "virtual_server", CONF_KW_BLOCK, 1, -1, check_conf_vs_open, &check_conf_vs_table, NULL, 0 },
	{ "virtual_server_group", CONF_KW_VALUES, 1, 1, check_conf_group_open, NULL,
	  check_conf_group_item, 0 },
	{ "vrrp_script", CONF_KW_BLOCK, 1, 1, vrrp_conf_track_script_open,
	  &vrrp_conf_track_script_table, NULL, 0 },
	{ "vrrp_track_file", CONF_KW_BLOCK, 1, 1, vrrp_conf_track_file_open,
	  &vrrp_conf_track_file_table, NULL, 0 },
	{ "track_file", CONF_KW_BLOCK, 1, 1, vrrp_conf_track_file_open,
	  &vrrp_conf_track_file_table, NULL, 0 },
	{ "vrrp_sync_group", CONF_KW_BLOCK, 1, 1, vrrp_conf_track_group_open,
	  &vrrp_conf_track_group_table, NULL, 0 },
	/* src/vrrp/conf/conf_ipblocks.c */
	{ "static_ipaddress", CONF_KW_VALUES, 0, 0, vrrp_conf_static_open, NULL,
	  vrrp_conf_static_addr_item, 0 },
	{ "static_routes", CONF_KW_VALUES, 0, 0, vrrp_conf_static_open, NULL,
	  vrrp_conf_static_route_item, 0 },
	{ "static_rules", CONF_KW_VALUES, 0, 0, vrrp_conf_static_open, NULL,
	  vrrp_conf_static_rule_item, 0 },
	{ "vrrp_track_process", CONF_KW_BLOCK, 1, 1, vrrp_conf_track_process_open,
	  &vrrp_conf_track_process_table, NULL, 0 },
	{ "net_namespace", CONF_KW_SIMPLE, 0, 1, conf_global_net_namespace, NULL, NULL,
	  CONF_GLOBAL_NETNS },
	{ "net_namespace_ipvs", CONF_KW_SIMPLE, 0, 1, conf_global_net_namespace, NULL, NULL,
	  CONF_GLOBAL_NETNS_IPVS },
	{ NULL, CONF_KW_SIMPLE, 0, 0, NULL, NULL, NULL, 0 },
};

static const struct conf_table conf_top_table = { "(top)", conf_top_kws, NULL };

static void conf_report(void *arg, int is_error, const char *file, int line, const char *msg)
{
	struct conf_diag *d = arg;

	if (is_error)
		d->errors++;
	else
		d->warnings++;
	if (d->report)
		d->report(d->arg, is_error ? CONF_ERROR : CONF_WARNING, file, line, msg);
}

static void conf_hostname(char *buf, size_t size, bool short_name)
{
	if (gethostname(buf, size) < 0)
		snprintf(buf, size, "localhost");
	buf[size - 1] = '\0';
	if (short_name)
		buf[strcspn(buf, ".")] = '\0';
}

static struct floatd_conf *conf_new(const char *host)
{
	struct floatd_conf *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->router_id = strdup(host);
	c->vrrp_version = 2;
	c->log_facility = -1;
	c->garp_master_delay_s = 5;
	c->garp_master_repeat = 5;
	c->garp_master_refresh_s = 0;
	c->garp_master_refresh_repeat = 1;
	vrrp_conf_track_conf_defaults(c);
	if (!c->router_id) {
		free(c);
		return NULL;
	}
	return c;
}

/* One load: from the disk (snap NULL, or recording into snap) or, with
 * replay, from snap alone.  `host` is the router_id default. */
static int conf_load(const char *path, const char *config_id, const char *host,
                     struct conf_snap *snap, bool replay, struct conf_diag *diag,
                     struct floatd_conf **out)
{
	struct conf_report rep = { conf_report, diag };
	struct floatd_conf *c = conf_new(host);
	struct conf_lex *lx = NULL;
	struct conf_parse *p = NULL;
	unsigned errors0 = diag->errors;

	*out = NULL;
	if (!c || !(lx = conf_lex_open_snap(path, config_id, &rep, snap, replay)) ||
	    !(p = conf_parse_new(lx, conf_known_keyword))) {
		conf_report(diag, 1, path, 0, "out of memory");
		goto fail;
	}
	conf_parse_set_forks(p, conf_fork_keyword, conf_known_list);
	conf_parse_run(p, &conf_top_table, c);
	/* before validation: a vrrp_script or MISC_CHECK it disables is then
	 * dropped by validation like any other disabled one */
	conf_programs_resolve(p, c);
	vrrp_conf_validate(p, c);
	vrrp_conf_track_validate(p, c);
	check_conf_validate(p, c);
	conf_mail_validate(p, c);
	conf_ipvs_validate(p, c);
	c->files = conf_lex_take_files(lx, &c->n_files);
	conf_parse_free(p);
	conf_lex_close(lx);
	if (diag->errors != errors0) {
		floatd_conf_free(c);
		return -1;
	}
	*out = c;
	return 0;
fail:
	conf_parse_free(p);
	conf_lex_close(lx);
	floatd_conf_free(c);
	return -1;
}

/* keepalived: the config id defaults to the host name up to the first dot */
static const char *conf_default_id(const char *config_id, char *buf, size_t size)
{
	if (config_id)
		return config_id;
	conf_hostname(buf, size, true);
	return buf;
}

int floatd_conf_load_id(const char *path, const char *config_id, struct conf_diag *diag,
                        struct floatd_conf **out)
{
	char host[256];

	conf_hostname(host, sizeof(host), false);
	return conf_load(path, config_id, host, NULL, false, diag, out);
}

int floatd_conf_load(const char *path, struct conf_diag *diag, struct floatd_conf **out)
{
	char id[256];

	return floatd_conf_load_id(path, conf_default_id(NULL, id, sizeof(id)), diag, out);
}

int floatd_conf_load_record(const char *path, const char *config_id, struct conf_snap *snap,
                            struct conf_diag *diag, struct floatd_conf **out)
{
	char host[256], id[256];

	config_id = conf_default_id(config_id, id, sizeof(id));
	conf_hostname(host, sizeof(host), false);
	*out = NULL;
	if (!conf_snap_add(snap, CONF_SNAP_META, "main", 0, 0, 0, path, strlen(path)) ||
	    !conf_snap_add(snap, CONF_SNAP_META, "config_id", 0, 0, 0, config_id,
	                   strlen(config_id)) ||
	    !conf_snap_add(snap, CONF_SNAP_META, "host", 0, 0, 0, host, strlen(host))) {
		conf_report(diag, 1, path, 0, "out of memory");
		return -1;
	}
	return conf_load(path, config_id, host, snap, false, diag, out);
}

int floatd_conf_load_snap(const struct conf_snap *snap, struct conf_diag *diag,
                          struct floatd_conf **out)
{
	const char *path = conf_snap_meta(snap, "main");
	const char *id = conf_snap_meta(snap, "config_id");
	const char *host = conf_snap_meta(snap, "host");

	*out = NULL;
	if (!path || !id || !host) {
		conf_report(diag, 1, path ? path : "(snapshot)", 0,
		            "configuration snapshot lacks its main file, config id or host name");
		return -1;
	}
	/* replay never writes to the snapshot: the cast only shares the type */
	return conf_load(path, id, host, (struct conf_snap *)snap, true, diag, out);
}

void floatd_conf_free(struct floatd_conf *c)
{
	if (!c)
		return;
	while (c->instances) {
		struct vrrp_instance_conf *vi = c->instances;

		c->instances = vi->next;
		vrrp_conf_instance_free(vi);
	}
	vrrp_conf_track_free(c);
	vrrp_conf_static_free(c);
	check_conf_free(c);
	conf_mail_free(c);
	conf_ipvs_free(c);
	free(c->net_namespace);
	free(c->net_namespace_ipvs);
	for (unsigned i = 0; i < c->n_files; i++)
		free(c->files[i]);
	free(c->files);
	free(c->router_id);
	vrrp_conf_fifo_free(c);
	free(c->script_user);
	free(c->control_group);
	free(c->script_group);
	free(c);
}

void floatd_conf_dump(FILE *fp, const struct floatd_conf *c)
{
	if (c->net_namespace)
		fprintf(fp, "net_namespace %s\n", c->net_namespace);
	if (c->net_namespace_ipvs)
		fprintf(fp, "net_namespace_ipvs%s%s\n", c->net_namespace_ipvs[0] ? " " : "",
		        c->net_namespace_ipvs);
	fprintf(fp, "global_defs {\n");
	if (c->router_id_set)
		fprintf(fp, "\trouter_id %s\n", c->router_id);
	fprintf(fp, "\tvrrp_version %u\n", c->vrrp_version);
	fprintf(fp, "\tvrrp_garp_master_delay %u\n", c->garp_master_delay_s);
	fprintf(fp, "\tvrrp_garp_master_repeat %u\n", c->garp_master_repeat);
	fprintf(fp, "\tvrrp_garp_master_refresh %u\n", c->garp_master_refresh_s);
	fprintf(fp, "\tvrrp_garp_master_refresh_repeat %u\n", c->garp_master_refresh_repeat);
	fprintf(fp, "\tvrrp_startup_delay %u.%03u\n", c->startup_delay_ms / 1000,
	        c->startup_delay_ms % 1000);
	if (c->delay_after_boot_ms)
		fprintf(fp, "\tvrrp_delay_after_boot %u.%03u\n", c->delay_after_boot_ms / 1000,
		        c->delay_after_boot_ms % 1000);
	if (c->log_unknown_vrids)
		fprintf(fp, "\tlog_unknown_vrids\n");
	if (c->default_interface[0])
		fprintf(fp, "\tdefault_interface %s\n", c->default_interface);
	/* (vrrp_min_garp shows in the vrrp_garp_master_* values above) */
	if (c->garp_interval_us)
		fprintf(fp, "\tvrrp_garp_interval %u.%06u\n", c->garp_interval_us / 1000000,
		        c->garp_interval_us % 1000000);
	if (c->gna_interval_us)
		fprintf(fp, "\tvrrp_gna_interval %u.%06u\n", c->gna_interval_us / 1000000,
		        c->gna_interval_us % 1000000);
	fprintf(fp, "\tv3_checksum_as_v2 %s\n", c->v3_checksum_as_v2 ? "on" : "off");
	vrrp_conf_fifo_dump_global(fp, c);
	conf_sched_dump(fp, c);
	if (c->log_facility >= 0)
		fprintf(fp, "\tlog_facility local%d\n", c->log_facility);
	if (c->control_group)
		fprintf(fp, "\tcontrol_group %s\n", c->control_group);
	if (c->script_user)
		fprintf(fp, "\tscript_user %s%s%s\n", c->script_user, c->script_group ? " " : "",
		        c->script_group ? c->script_group : "");
	if (c->enable_script_security)
		fprintf(fp, "\tenable_script_security\n");
	if (c->vrrp_strict)
		fprintf(fp, "\tvrrp_strict\n");
	conf_mail_dump_global(fp, c);
	conf_ipvs_dump_global(fp, c);
	fprintf(fp, "}\n");
	vrrp_conf_track_dump_top(fp, c);
	vrrp_conf_static_dump(fp, c);
	vrrp_conf_track_process_dump_top(fp, c);
	for (const struct vrrp_instance_conf *vi = c->instances; vi; vi = vi->next)
		vrrp_conf_dump(fp, vi);
	vrrp_conf_track_dump_groups(fp, c);
	check_conf_dump(fp, c);
}
