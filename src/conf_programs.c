/* Programs named without a '/' in scripts (see conf_programs.h): looked up
 * in PATH once, after the configuration is read, as keepalived does at
 * start-up (find_path(): the environment's PATH, else the C library's
 * default).  Found: argv[0] becomes the full path and a warning recommends
 * writing it so.  Not found: only that script, vrrp_script or MISC_CHECK is
 * disabled, with its file:line.  One deliberate difference: empty or
 * relative PATH entries are skipped, so a root daemon never runs a program
 * from its working directory. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conf.h"
#include "check/conf/conf_lvs.h"
#include "conf_parse.h"
#include "conf_programs.h"

int conf_program_search(const char *name, const char *path_list, char **found)
{
	char buf[PATH_MAX], *dflt = NULL;
	const char *p, *end;
	int err = -ENOENT;

	*found = NULL;
	if (name[0] == '\0' || strchr(name, '/') != NULL)
		return -EINVAL;
	if (path_list == NULL) {
		size_t n = confstr(_CS_PATH, NULL, 0);

		if (n == 0 || (dflt = malloc(n)) == NULL)
			return -ENOMEM;
		confstr(_CS_PATH, dflt, n);
		path_list = dflt;
	}
	for (p = path_list; ; p = end + 1) {
		struct stat st;

		end = strchrnul(p, ':');
		if (end > p && p[0] == '/' &&
		    snprintf(buf, sizeof(buf), "%.*s/%s", (int)(end - p), p, name) <
		    (int)sizeof(buf) && stat(buf, &st) == 0) {
			if (S_ISREG(st.st_mode) && (st.st_mode & 0111)) {
				*found = strdup(buf);
				err = *found ? 0 : -ENOMEM;
				break;
			}
			err = -EACCES;   /* keepalived: "Permissions failure" */
		}
		if (*end == '\0')
			break;
	}
	free(dflt);
	return err;
}

/* One script: true if it stays usable (nothing to do, or found).  `off`
 * names what a missing program disables. */
static bool resolve(struct conf_parse *p, struct script_conf *s, const char *what,
                    const char *off, const char *path_list)
{
	char *found = NULL;
	int r;

	if (s->argv == NULL || s->argv[0] == NULL || strchr(s->argv[0], '/') != NULL)
		return true;
	r = conf_program_search(s->argv[0], path_list, &found);
	if (r == 0) {
		conf_parse_report_at(p, 0, s->origin.file, s->origin.line,
		                     "%s '%s' is not a full path: found by a PATH search as '%s' "
		                     "(as keepalived does); better write the full path", what,
		                     s->argv[0], found);
		free(s->argv[0]);
		s->argv[0] = found;
		return true;
	}
	if (r == -ENOMEM)
		return true;   /* left as it is: it fails when run, and says so */
	conf_parse_report_at(p, 0, s->origin.file, s->origin.line,
	                     "%s '%s' %s; %s disabled", what, s->argv[0],
	                     r == -EACCES ? "is in PATH but not executable" : "not found in PATH",
	                     off);
	return false;
}

/* A notify-style script: cleared when not found (keepalived frees it). */
static void resolve_notify(struct conf_parse *p, struct script_conf *s, const char *what,
                           const char *path_list)
{
	if (resolve(p, s, what, what, path_list))
		return;
	for (unsigned i = 0; s->argv[i]; i++)
		free(s->argv[i]);
	free(s->argv);
	free(s->user);
	free(s->group);
	memset(s, 0, sizeof(*s));
}

static void resolve_vrrp(struct conf_parse *p, struct floatd_conf *c, const char *path_list)
{
	for (struct vrrp_instance_conf *vi = c->instances; vi; vi = vi->next) {
		resolve_notify(p, &vi->notify_master, "notify_master", path_list);
		resolve_notify(p, &vi->notify_backup, "notify_backup", path_list);
		resolve_notify(p, &vi->notify_fault, "notify_fault", path_list);
		resolve_notify(p, &vi->notify_stop, "notify_stop", path_list);
		resolve_notify(p, &vi->notify, "notify", path_list);
	}
	for (struct vrrp_sync_group_conf *g = c->sync_groups; g; g = g->next) {
		resolve_notify(p, &g->notify_master, "notify_master", path_list);
		resolve_notify(p, &g->notify_backup, "notify_backup", path_list);
		resolve_notify(p, &g->notify_fault, "notify_fault", path_list);
		resolve_notify(p, &g->notify_stop, "notify_stop", path_list);
		resolve_notify(p, &g->notify, "notify", path_list);
	}
	/* a disabled vrrp_script: its track_script lines are dropped by
	 * validation and the instances run as if it were not there */
	for (struct vrrp_script_conf *s = c->vrrp_scripts; s; s = s->next) {
		char what[160];

		char kw[180];

		snprintf(what, sizeof(what), "vrrp_script %s", s->name);
		snprintf(kw, sizeof(kw), "vrrp_script %s: script", s->name);
		if (!s->disabled && !resolve(p, &s->script, kw, what, path_list))
			s->disabled = true;
	}
}

static void resolve_check(struct conf_parse *p, struct floatd_conf *c, const char *path_list)
{
	for (struct virtual_server_conf *vs = c->virtual_servers; vs; vs = vs->next) {
		resolve_notify(p, &vs->quorum_up, "quorum_up", path_list);
		resolve_notify(p, &vs->quorum_down, "quorum_down", path_list);
		for (struct real_server_conf *rs = vs->rs; rs; rs = rs->next) {
			struct checker_conf **pp = &rs->checkers;

			resolve_notify(p, &rs->notify_up, "notify_up", path_list);
			resolve_notify(p, &rs->notify_down, "notify_down", path_list);
			/* keepalived removes a MISC_CHECK whose program it cannot
			 * find; the real server keeps its other checkers */
			while (*pp) {
				struct checker_conf *ck = *pp;

				if (ck->kind == CHECK_KIND_MISC &&
				    !resolve(p, &ck->misc, "misc_path", "MISC_CHECK", path_list)) {
					*pp = ck->next;
					rs->n_checkers--;
					check_conf_checker_free(ck);
					continue;
				}
				pp = &ck->next;
			}
		}
	}
}

void conf_programs_resolve(struct conf_parse *p, struct floatd_conf *c)
{
	const char *path_list = getenv("PATH");

	resolve_vrrp(p, c, path_list);
	resolve_check(p, c, path_list);
}
