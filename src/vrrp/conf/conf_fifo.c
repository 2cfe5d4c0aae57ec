/* Notify FIFO keywords (see conf_fifo.h).  keepalived's rules (its
 * global_parser.c): a second FIFO or script of the same kind is reported
 * and ignored; the script's line is a notify script's (SCRIPT [USER
 * [GROUP]]) and the FIFO's path is appended to its arguments when it is
 * started.  floatd needs absolute paths (no PATH search for scripts). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "vrrp/conf/conf_instance.h"
#include "vrrp/conf/conf_fifo.h"

static const char *const fifo_prefix[NOTIFY_FIFO_KINDS] = { "", "vrrp_", "lvs_" };

static int fifo_dup(char **dst, const char *src)
{
	if (!src)
		return 0;
	return (*dst = strdup(src)) ? 0 : -1;
}

int vrrp_conf_fifo_global(struct conf_parse *p, const struct conf_line *l, void *obj,
                          void **child)
{
	struct floatd_conf *c = obj;
	const char *kw = l->argv[0];
	int arg = conf_parse_kw_arg(p);
	struct notify_fifo_conf *f;

	(void)child;
	if (arg == VRRP_FIFO_KW_PRIORITY_CHANGES)
		return conf_parse_bool(p, l, 1, &c->notify_priority_changes);
	if (arg < VRRP_FIFO_KW_ALL || arg > VRRP_FIFO_KW_LVS_SCRIPT)
		return conf_parse_bad_arg(p, l);
	/* ALL/VRRP/LVS, then their scripts in the same order */
	f = &c->fifos[(arg - VRRP_FIFO_KW_ALL) % 3];
	if (arg >= VRRP_FIFO_KW_ALL_SCRIPT) {
		if (f->script.argv) {
			conf_parse_warn(p, l, "%s already given (line %d); ignored, as keepalived does",
			                kw, f->script.origin.line);
			return 0;
		}
		return vrrp_conf_script_line(p, l, &f->script);
	}
	if (f->path) {
		conf_parse_warn(p, l, "%s already given (line %d); '%s' ignored, as keepalived does",
		                kw, f->origin.line, l->argv[1]);
		return 0;
	}
	if (l->argv[1][0] != '/') {
		conf_parse_error(p, l, "invalid %s '%s' (must be an absolute path)", kw, l->argv[1]);
		return -1;
	}
	if (l->argc > 4)
		conf_parse_warn(p, l, "extra words after '%s' ignored: '%s'", kw, l->argv[4]);
	if (fifo_dup(&f->path, l->argv[1]) < 0 ||
	    fifo_dup(&f->user, l->argc > 2 ? l->argv[2] : NULL) < 0 ||
	    fifo_dup(&f->group, l->argc > 3 ? l->argv[3] : NULL) < 0)
		return -1;
	f->origin.file = l->file;
	f->origin.line = l->line;
	return 0;
}

int vrrp_conf_fifo_instance(struct conf_parse *p, const struct conf_line *l, void *obj,
                            void **child)
{
	struct vrrp_instance_conf *vi = obj;
	bool on;

	(void)child;
	if (conf_parse_bool(p, l, 1, &on) < 0)
		return -1;
	vi->notify_priority_changes_cfg = on ? 1 : 2;
	return 0;
}

bool vrrp_conf_fifo_priority_changes(const struct floatd_conf *c,
                                     const struct vrrp_instance_conf *vi)
{
	if (vi->notify_priority_changes_cfg)
		return vi->notify_priority_changes_cfg == 1;
	return c->notify_priority_changes;
}

void vrrp_conf_fifo_dump_global(FILE *fp, const struct floatd_conf *c)
{
	for (int k = 0; k < NOTIFY_FIFO_KINDS; k++) {
		const struct notify_fifo_conf *f = &c->fifos[k];
		char kw[40];

		if (f->path)
			fprintf(fp, "\t%snotify_fifo %s%s%s%s%s\n", fifo_prefix[k], f->path,
			        f->user ? " " : "", f->user ? f->user : "", f->group ? " " : "",
			        f->group ? f->group : "");
		snprintf(kw, sizeof(kw), "%snotify_fifo_script", fifo_prefix[k]);
		vrrp_conf_dump_script(fp, kw, &f->script);
	}
	if (c->notify_priority_changes)
		fprintf(fp, "\tvrrp_notify_priority_changes\n");
}

void vrrp_conf_fifo_dump_instance(FILE *fp, const struct vrrp_instance_conf *vi)
{
	if (vi->notify_priority_changes_cfg)
		fprintf(fp, "\tnotify_priority_changes %s\n",
		        vi->notify_priority_changes_cfg == 1 ? "on" : "off");
}

void vrrp_conf_fifo_free(struct floatd_conf *c)
{
	for (int k = 0; k < NOTIFY_FIFO_KINDS; k++) {
		free(c->fifos[k].path);
		free(c->fifos[k].user);
		free(c->fifos[k].group);
		vrrp_conf_script_clear(&c->fifos[k].script);
	}
}
