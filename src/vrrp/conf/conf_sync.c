/* Tracking configuration, sync groups: vrrp_sync_group blocks (parse, the
 * check that resolves members and copies the group's trackers into them,
 * dump, free).  The validation pass is conf_track_advert.c's.
 * keepalived's meanings and ranges (its keepalived.conf(5)). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vrrp/conf/conf_instance.h"
#include "vrrp/conf/conf_track.h"
#include "vrrp/conf/conf_track_priv.h"
#include "vrrp/conf/conf_track_process.h"

/* ---- vrrp_sync_group NAME { group { ... } notify_* track_* } */

int vrrp_conf_track_group_open(struct conf_parse *p, const struct conf_line *l, void *obj,
                               void **child)
{
	struct floatd_conf *c = obj;
	struct vrrp_sync_group_conf *g = calloc(1, sizeof(*g)), **tail;

	(void)p;
	if (!g || !(g->name = strdup(l->argv[1]))) {
		free(g);
		return -1;
	}
	g->origin.file = l->file;
	g->origin.line = l->line;
	for (tail = &c->sync_groups; *tail; tail = &(*tail)->next)
		;
	*tail = g;
	c->n_sync_groups++;
	*child = g;
	return 0;
}

static int track_group_member(struct conf_parse *p, const struct conf_line *l, void *child)
{
	struct vrrp_sync_group_conf *g = child;

	for (int i = 0; i < l->argc; i++) {
		char **nm;
		struct conf_origin *no;
		bool dup = false;

		for (unsigned k = 0; k < g->n_members; k++)
			if (strcmp(g->members[k], l->argv[i]) == 0)
				dup = true;
		if (dup) {
			conf_parse_warn(p, l, "vrrp_sync_group %s: '%s' listed twice, ignored",
			                g->name, l->argv[i]);
			continue;
		}
		nm = realloc(g->members, (g->n_members + 1) * sizeof(*nm));
		if (!nm)
			return -1;
		g->members = nm;
		no = realloc(g->member_origins, (g->n_members + 1) * sizeof(*no));
		if (!no)
			return -1;
		g->member_origins = no;
		if (!(nm[g->n_members] = strdup(l->argv[i])))
			return -1;
		no[g->n_members].file = l->file;
		no[g->n_members].line = l->line;
		g->n_members++;
	}
	return 0;
}

static int track_group_notify(struct conf_parse *p, const struct conf_line *l, void *obj,
                              void **child)
{
	struct vrrp_sync_group_conf *g = obj;
	struct script_conf *s;

	(void)child;
	switch ((enum vrrp_conf_notify_kw)conf_parse_kw_arg(p)) {
	case VRRP_NOTIFY_KW_MASTER: s = &g->notify_master; break;
	case VRRP_NOTIFY_KW_BACKUP: s = &g->notify_backup; break;
	case VRRP_NOTIFY_KW_FAULT: s = &g->notify_fault; break;
	case VRRP_NOTIFY_KW_STOP: s = &g->notify_stop; break;
	case VRRP_NOTIFY_KW_ANY: s = &g->notify; break;
	default: return conf_parse_bad_arg(p, l);
	}
	return vrrp_conf_script_line(p, l, s);
}

static int track_group_script_item(struct conf_parse *p, const struct conf_line *l, void *c)
{
	struct vrrp_sync_group_conf *g = c;

	return vrrp_conf_track_ref_add(p, l, VRRP_CONF_TRACK_SCRIPT, &g->track_scripts,
	                               &g->n_track_scripts);
}

static int track_group_iface_item(struct conf_parse *p, const struct conf_line *l, void *c)
{
	struct vrrp_sync_group_conf *g = c;

	return vrrp_conf_track_ref_add(p, l, VRRP_CONF_TRACK_IFACE, &g->track_interfaces,
	                               &g->n_track_interfaces);
}

static int track_group_file_item(struct conf_parse *p, const struct conf_line *l, void *c)
{
	struct vrrp_sync_group_conf *g = c;

	return vrrp_conf_track_ref_add(p, l, VRRP_CONF_TRACK_FILE, &g->track_files,
	                               &g->n_track_files);
}

/* `vrrp_sync_group G { VI_2 VI_3 }`: keepalived's own sample
 * (keepalived.conf.vrrp.lvs_syncd) lists the members without `group { }`.
 * The walker calls this only for a word that is no keyword here nor a
 * keepalived one, so a misspelt keyword still fails as unknown instance. */
static int track_group_bare(struct conf_parse *p, const struct conf_line *l, void *obj,
                            void **child)
{
	struct vrrp_sync_group_conf *g = obj;

	(void)child;
	conf_parse_warn(p, l, "vrrp_sync_group %s: instance names belong in a group { } block; "
	                "'%s' accepted", g->name, l->argv[0]);
	return track_group_member(p, l, g);
}

/* smtp_alert [BOOL] (precedence: src/conf_mail.c) */
static int group_smtp_alert(struct conf_parse *p, const struct conf_line *l, void *obj,
                            void **child)
{
	(void)child;
	conf_parse_onoff(p, l, "vrrp_sync_group ",
	                 &((struct vrrp_sync_group_conf *)obj)->smtp_alert_cfg);
	return 0;
}

static const struct conf_kw track_group_kws[] = {
	{ "group", CONF_KW_VALUES, 0, 0, vrrp_conf_track_self_open, NULL, track_group_member, 0 },
	{ "notify_master", CONF_KW_SIMPLE, 1, -1, track_group_notify, NULL, NULL, VRRP_NOTIFY_KW_MASTER },
	{ "notify_backup", CONF_KW_SIMPLE, 1, -1, track_group_notify, NULL, NULL, VRRP_NOTIFY_KW_BACKUP },
	{ "notify_fault", CONF_KW_SIMPLE, 1, -1, track_group_notify, NULL, NULL, VRRP_NOTIFY_KW_FAULT },
	{ "notify_stop", CONF_KW_SIMPLE, 1, -1, track_group_notify, NULL, NULL, VRRP_NOTIFY_KW_STOP },
	{ "notify", CONF_KW_SIMPLE, 1, -1, track_group_notify, NULL, NULL, VRRP_NOTIFY_KW_ANY },
	{ "smtp_alert", CONF_KW_SIMPLE, 0, 1, group_smtp_alert, NULL, NULL, 0 },
	{ "track_script", CONF_KW_VALUES, 0, 0, vrrp_conf_track_self_open, NULL,
	  track_group_script_item, 0 },
	{ "track_interface", CONF_KW_VALUES, 0, 0, vrrp_conf_track_self_open, NULL,
	  track_group_iface_item, 0 },
	{ "track_file", CONF_KW_VALUES, 0, 0, vrrp_conf_track_self_open, NULL,
	  track_group_file_item, 0 },
	{ "track_process", CONF_KW_VALUES, 0, 0, vrrp_conf_track_self_open, NULL,
	  vrrp_conf_track_process_group_item, 0 },
	{ "(instance name)", CONF_KW_OTHER, 0, -1, track_group_bare, NULL, NULL, 0 },
	{ NULL, CONF_KW_SIMPLE, 0, 0, NULL, NULL, NULL, 0 },
};

const struct conf_table vrrp_conf_track_group_table = { "vrrp_sync_group", track_group_kws, NULL };

/* ---- validation (called from vrrp_conf_track_validate) */

static int track_copy_refs(const struct track_ref_conf *src, unsigned n_src,
                           struct track_ref_conf **arr, unsigned *n)
{
	for (unsigned i = 0; i < n_src; i++) {
		struct track_ref_conf *na;
		bool have = false;

		/* the member's own line for the same object wins */
		for (unsigned k = 0; k < *n; k++)
			if (strcmp((*arr)[k].name, src[i].name) == 0)
				have = true;
		if (have)
			continue;
		na = realloc(*arr, (*n + 1) * sizeof(*na));
		if (!na)
			return -1;
		*arr = na;
		na[*n] = src[i];
		na[*n].from_group = true;
		if (!(na[*n].name = strdup(src[i].name)))
			return -1;
		(*n)++;
	}
	return 0;
}

void vrrp_conf_track_check_group(struct conf_parse *p, struct floatd_conf *c,
                                 struct vrrp_sync_group_conf *g)
{
	char owner[160];

	snprintf(owner, sizeof(owner), "vrrp_sync_group %s", g->name);
	/* against the first only: n copies make n - 1 errors, not n^2 / 2 */
	for (struct vrrp_sync_group_conf *o = c->sync_groups; o != g; o = o->next)
		if (strcmp(o->name, g->name) == 0) {
			conf_parse_report_at(p, 1, g->origin.file, g->origin.line,
			                     "duplicate vrrp_sync_group '%s' (first at %s:%d)", g->name,
			                     o->origin.file, o->origin.line);
			break;
		}
	vrrp_conf_track_resolve(p, c, owner, VRRP_CONF_TRACK_SCRIPT, g->track_scripts,
	                        &g->n_track_scripts);
	vrrp_conf_track_resolve(p, c, owner, VRRP_CONF_TRACK_IFACE, g->track_interfaces,
	                        &g->n_track_interfaces);
	vrrp_conf_track_resolve(p, c, owner, VRRP_CONF_TRACK_FILE, g->track_files,
	                        &g->n_track_files);
	free(g->instances);
	g->instances = calloc(g->n_members ? g->n_members : 1, sizeof(*g->instances));
	if (!g->instances)
		return;
	if (!g->n_members)
		conf_parse_report_at(p, 1, g->origin.file, g->origin.line,
		                     "vrrp_sync_group %s: no instances in 'group'", g->name);
	else if (g->n_members == 1)
		conf_parse_report_at(p, 0, g->origin.file, g->origin.line,
		                     "vrrp_sync_group %s has only one instance", g->name);
	for (unsigned i = 0; i < g->n_members; i++) {
		struct vrrp_instance_conf *vi;
		const struct conf_origin *mo = &g->member_origins[i];

		for (vi = c->instances; vi; vi = vi->next)
			if (strcmp(vi->name, g->members[i]) == 0)
				break;
		if (!vi) {
			conf_parse_report_at(p, 1, mo->file, mo->line, "vrrp_sync_group %s: unknown "
			                     "vrrp_instance '%s'", g->name, g->members[i]);
			continue;
		}
		if (vi->sync_group) {
			conf_parse_report_at(p, 1, mo->file, mo->line, "vrrp_sync_group %s: "
			                     "vrrp_instance %s is already in vrrp_sync_group %s (%s:%d)",
			                     g->name, vi->name, vi->sync_group->name,
			                     vi->sync_group->origin.file, vi->sync_group->origin.line);
			continue;
		}
		vi->sync_group = g;
		g->instances[i] = vi;
		track_copy_refs(g->track_scripts, g->n_track_scripts, &vi->track_scripts,
		                &vi->n_track_scripts);
		track_copy_refs(g->track_interfaces, g->n_track_interfaces, &vi->track_interfaces,
		                &vi->n_track_interfaces);
		track_copy_refs(g->track_files, g->n_track_files, &vi->track_files,
		                &vi->n_track_files);
	}
}

/* ---- dump */

void vrrp_conf_track_dump_groups(FILE *fp, const struct floatd_conf *c)
{
	for (const struct vrrp_sync_group_conf *g = c->sync_groups; g; g = g->next) {
		fprintf(fp, "vrrp_sync_group %s {\n", g->name);
		fprintf(fp, "\t# from %s:%d\n", g->origin.file, g->origin.line);
		fprintf(fp, "\tgroup {\n");
		for (unsigned i = 0; i < g->n_members; i++)
			fprintf(fp, "\t\t%s\n", g->members[i]);
		fprintf(fp, "\t}\n");
		vrrp_conf_dump_script(fp, "notify_master", &g->notify_master);
		vrrp_conf_dump_script(fp, "notify_backup", &g->notify_backup);
		vrrp_conf_dump_script(fp, "notify_fault", &g->notify_fault);
		vrrp_conf_dump_script(fp, "notify_stop", &g->notify_stop);
		vrrp_conf_dump_script(fp, "notify", &g->notify);
		if (g->smtp_alert)
			fprintf(fp, "\tsmtp_alert\n");
		vrrp_conf_track_dump_refs(fp, "\t", "track_script", g->track_scripts,
		                          g->n_track_scripts, false);
		vrrp_conf_track_dump_refs(fp, "\t", "track_interface", g->track_interfaces,
		                          g->n_track_interfaces, false);
		vrrp_conf_track_dump_refs(fp, "\t", "track_file", g->track_files,
		                          g->n_track_files, false);
		vrrp_conf_track_process_dump_refs(fp, "\t", g->track_processes,
		                                  g->n_track_processes, false);
		fprintf(fp, "}\n");
	}
}

/* ---- free */

void vrrp_conf_track_groups_free(struct floatd_conf *c)
{
	while (c->sync_groups) {
		struct vrrp_sync_group_conf *g = c->sync_groups;

		c->sync_groups = g->next;
		free(g->name);
		for (unsigned i = 0; i < g->n_members; i++)
			free(g->members[i]);
		free(g->members);
		free(g->member_origins);
		free(g->instances);
		vrrp_conf_script_clear(&g->notify_master);
		vrrp_conf_script_clear(&g->notify_backup);
		vrrp_conf_script_clear(&g->notify_fault);
		vrrp_conf_script_clear(&g->notify_stop);
		vrrp_conf_script_clear(&g->notify);
		vrrp_conf_track_refs_free(g->track_scripts, g->n_track_scripts);
		vrrp_conf_track_refs_free(g->track_interfaces, g->n_track_interfaces);
		vrrp_conf_track_refs_free(g->track_files, g->n_track_files);
		vrrp_conf_track_refs_free(g->track_processes, g->n_track_processes);
		free(g);
	}
}
