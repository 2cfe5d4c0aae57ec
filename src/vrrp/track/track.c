/* Trackers: builds the daemon-wide tracker objects from the configuration,
 * owns track_interface link states, and evaluates one instance's view with
 * the pure rules of track_calc.c.  Scripts, files and reference probes live
 * in track_script.c, track_file.c and track_ref.c.  Never blocks. */
#include "config.h"

#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "vrrp/reload_plan.h"
#include "track_int.h"

void track_changed(struct vrrp_trackers *t)
{
	if (t->changed)
		t->changed(t->arg);
}

static struct track_iface *track_iface_find(struct vrrp_trackers *t, const char *name)
{
	for (unsigned i = 0; i < t->n_ifaces; i++)
		if (strcmp(t->ifaces[i].name, name) == 0)
			return &t->ifaces[i];
	return NULL;
}

static int track_iface_add(struct vrrp_trackers *t, const char *name)
{
	struct track_iface *n;

	if (track_iface_find(t, name))
		return 0;
	n = realloc(t->ifaces, (t->n_ifaces + 1) * sizeof(*n));
	if (!n)
		return -1;
	t->ifaces = n;
	memset(&n[t->n_ifaces], 0, sizeof(*n));
	snprintf(n[t->n_ifaces].name, sizeof(n->name), "%s", name);
	t->n_ifaces++;
	return 0;
}

/* Re-read one link by name (start, RESYNC). */
static void track_iface_read(struct vrrp_trackers *t, struct track_iface *ti)
{
	int st;

	ti->ifindex = (int)if_nametoindex(ti->name);
	if (!ti->ifindex) {
		ti->up = false;
		return;
	}
	st = t->nl ? netlink_link_state(t->nl, ti->ifindex, NULL) : 1;
	ti->up = st == 1;
}

static struct track_script *track_find_script(const struct vrrp_trackers *t,
                                              const struct vrrp_script_conf *sc)
{
	for (unsigned i = 0; i < t->n_scripts; i++)
		if (track_script_conf(t->scripts[i]) == sc)
			return t->scripts[i];
	return NULL;
}

static int track_add_script(struct vrrp_trackers *t, const struct vrrp_script_conf *sc)
{
	struct track_script **n;

	if (track_find_script(t, sc))
		return 0;
	n = realloc(t->scripts, (t->n_scripts + 1) * sizeof(*n));
	if (!n)
		return -1;
	t->scripts = n;
	if (!(n[t->n_scripts] = track_script_new(t, sc)))
		return -1;
	t->n_scripts++;
	return 0;
}

static struct track_file *track_find_file(const struct vrrp_trackers *t,
                                          const struct vrrp_track_file_conf *fc)
{
	for (unsigned i = 0; i < t->n_files; i++)
		if (track_file_conf(t->files[i]) == fc)
			return t->files[i];
	return NULL;
}

static int track_add_file(struct vrrp_trackers *t, const struct vrrp_track_file_conf *fc)
{
	struct track_file **n;

	if (track_find_file(t, fc))
		return 0;
	n = realloc(t->files, (t->n_files + 1) * sizeof(*n));
	if (!n)
		return -1;
	t->files = n;
	if (!(n[t->n_files] = track_file_new(t, fc)))
		return -1;
	t->n_files++;
	return 0;
}

static int track_add_ref(struct vrrp_trackers *t, const struct vrrp_instance_conf *vi)
{
	struct track_ref **n = realloc(t->refs, (t->n_refs + 1) * sizeof(*n));

	if (!n)
		return -1;
	t->refs = n;
	if (!(n[t->n_refs] = track_ref_new(t, vi)))
		return -1;
	t->n_refs++;
	return 0;
}

struct vrrp_trackers *vrrp_trackers_new(struct ev_loop *loop, struct netlink *nl,
                                        const struct floatd_conf *conf,
                                        void (*changed)(void *arg), void *arg)
{
	struct vrrp_trackers *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	t->loop = loop;
	t->nl = nl;
	t->conf = conf;
	t->changed = changed;
	t->arg = arg;
	t->inotify_fd = -1;
	/* Only what some instance tracks is run or watched (keepalived too). */
	for (const struct vrrp_instance_conf *vi = conf->instances; vi; vi = vi->next) {
		for (unsigned i = 0; i < vi->n_track_scripts; i++)
			if (vi->track_scripts[i].script &&
			    track_add_script(t, vi->track_scripts[i].script) < 0)
				goto fail;
		for (unsigned i = 0; i < vi->n_track_files; i++)
			if (vi->track_files[i].file && track_add_file(t, vi->track_files[i].file) < 0)
				goto fail;
		for (unsigned i = 0; i < vi->n_track_interfaces; i++)
			if (track_iface_add(t, vi->track_interfaces[i].name) < 0)
				goto fail;
		if (vi->track_reference.n_addrs && track_add_ref(t, vi) < 0)
			goto fail;
	}
	if (!(t->procs = track_procs_new(t, conf)))
		goto fail;
	return t;
fail:
	vrrp_trackers_free(t);
	return NULL;
}

/* keepalived writes every track_file's init_file at start, whoever reads
 * the file: those no instance tracks (a FILE_CHECK's, read by the checker
 * child, which starts after this) are written here; the tracked ones as
 * their watch starts. */
static void track_files_init_untracked(const struct vrrp_trackers *t)
{
	for (const struct vrrp_track_file_conf *fc = t->conf->track_files; fc; fc = fc->next)
		if (!track_find_file(t, fc))
			track_file_init_conf(fc);
}

int vrrp_trackers_start(struct vrrp_trackers *t)
{
	int rc = 0;

	if (t->started)
		return 0;
	t->started = true;
	track_files_init_untracked(t);
	for (unsigned i = 0; i < t->n_ifaces; i++)
		track_iface_read(t, &t->ifaces[i]);
	if (track_files_start(t) < 0)
		rc = -1;
	for (unsigned i = 0; i < t->n_scripts; i++)
		track_script_start(t->scripts[i]);
	for (unsigned i = 0; i < t->n_refs; i++)
		track_ref_start(t->refs[i]);
	track_procs_start(t->procs);
	return rc;
}

unsigned vrrp_trackers_list(const struct vrrp_trackers *t, const struct vrrp_instance_conf *vi,
                            struct vrrp_track_input *in, unsigned max)
{
	unsigned k = 0;

	for (unsigned i = 0; i < vi->n_track_scripts && k < max; i++) {
		const struct track_ref_conf *rc = &vi->track_scripts[i];
		const struct track_script *s = rc->script ? track_find_script(t, rc->script) : NULL;

		if (!s)
			continue;
		in[k++] = (struct vrrp_track_input){ VRRP_TRACK_SCRIPT, rc->name, rc->weight,
		                                     rc->reverse, track_script_ok(s), 0 };
	}
	for (unsigned i = 0; i < vi->n_track_files && k < max; i++) {
		const struct track_ref_conf *rc = &vi->track_files[i];
		const struct track_file *f = rc->file ? track_find_file(t, rc->file) : NULL;

		if (!f)
			continue;
		in[k++] = (struct vrrp_track_input){ VRRP_TRACK_FILE, rc->name, rc->weight,
		                                     rc->reverse, true, track_file_value(f) };
	}
	for (unsigned i = 0; i < vi->n_track_interfaces && k < max; i++) {
		const struct track_ref_conf *rc = &vi->track_interfaces[i];
		const struct track_iface *ti = NULL;

		for (unsigned j = 0; j < t->n_ifaces; j++)
			if (strcmp(t->ifaces[j].name, rc->name) == 0)
				ti = &t->ifaces[j];
		in[k++] = (struct vrrp_track_input){ VRRP_TRACK_IFACE, rc->name, rc->weight,
		                                     rc->reverse, ti && ti->up, 0 };
	}
	for (unsigned i = 0; i < vi->n_track_processes && k < max; i++) {
		const struct track_ref_conf *rc = &vi->track_processes[i];

		if (!rc->process || !track_procs_known(t->procs, rc->process))
			continue;
		/* value: the matching processes counted now */
		in[k++] = (struct vrrp_track_input){ VRRP_TRACK_PROCESS, rc->name, rc->weight,
		                                     rc->reverse,
		                                     track_procs_up(t->procs, rc->process),
		                                     track_procs_count(t->procs, rc->process) };
	}
	return k;
}

void vrrp_trackers_eval(const struct vrrp_trackers *t, const struct vrrp_instance_conf *vi,
                        struct vrrp_track_view *out)
{
	unsigned n = vi->n_track_scripts + vi->n_track_files + vi->n_track_interfaces +
	             vi->n_track_processes, k;
	struct vrrp_track_input stack[32], *in = n <= 32 ? stack : calloc(n, sizeof(*in));
	struct vrrp_track_result r;

	memset(out, 0, sizeof(*out));
	if (!in) {
		/* out of memory: report no change rather than a false FAULT */
		return;
	}
	k = vrrp_trackers_list(t, vi, in, n);
	vrrp_track_compute(in, k, &r);
	out->priority_delta = r.priority_delta;
	out->fault = r.fault;
	if (r.fault_by) {
		const struct vrrp_track_input *f = r.fault_by;

		if (f->kind == VRRP_TRACK_FILE)
			snprintf(out->fault_reason, sizeof(out->fault_reason), "track_file %s value %ld",
			         f->name, f->value);
		else if (f->kind == VRRP_TRACK_PROCESS)
			snprintf(out->fault_reason, sizeof(out->fault_reason),
			         "track_process %s %s (%ld running)", f->name,
			         f->ok ? "has quorum (reverse)" : "lost quorum", f->value);
		else if (f->kind == VRRP_TRACK_IFACE)
			snprintf(out->fault_reason, sizeof(out->fault_reason), "track_interface %s %s",
			         f->name, f->ok ? "up (reverse)" : "down");
		else
			snprintf(out->fault_reason, sizeof(out->fault_reason), "track_script %s %s",
			         f->name, f->ok ? "succeeded (reverse)" : "failed");
	}
	for (unsigned i = 0; i < t->n_refs; i++)
		if (track_ref_instance(t->refs[i]) == vi) {
			out->has_reference = true;
			out->reference_ok = track_ref_ok(t->refs[i]);
			out->reference_known = track_ref_known(t->refs[i]);
		}
	if (in != stack)
		free(in);
}

/* ---- reload: the old objects that fit the new configuration are kept */

static struct track_script *take_script(struct track_script **old, unsigned n,
                                        const struct vrrp_script_conf *sc)
{
	for (unsigned i = 0; i < n; i++)
		if (old[i] && vrrp_reload_vrrp_script_same(track_script_conf(old[i]), sc)) {
			struct track_script *s = old[i];

			old[i] = NULL;
			return s;
		}
	return NULL;
}

static int reload_script(struct vrrp_trackers *t, struct track_script **old, unsigned n_old,
                         bool globals_same, const struct vrrp_script_conf *sc)
{
	struct track_script *kept, *s;

	if (track_find_script(t, sc))
		return 0;
	kept = take_script(old, n_old, sc);
	if (kept && globals_same) {
		track_script_rebind(kept, sc);
		t->scripts[t->n_scripts++] = kept;
		return 0;
	}
	/* new, or prepared again for other script_user / security settings:
	 * a known script keeps its verdict (no flap to "ok") */
	if (!(s = track_script_new(t, sc))) {
		track_script_free(kept);
		return -1;
	}
	if (kept) {
		track_script_carry(s, kept);
		track_script_free(kept);
	}
	t->scripts[t->n_scripts++] = s;
	track_script_start(s);
	return 0;
}

static int reload_file(struct vrrp_trackers *t, struct track_file **old, unsigned n_old,
                       const struct vrrp_track_file_conf *fc)
{
	struct track_file *f;

	if (track_find_file(t, fc))
		return 0;
	for (unsigned i = 0; i < n_old; i++)
		if (old[i] && vrrp_reload_track_file_same(track_file_conf(old[i]), fc)) {
			track_file_rebind(old[i], fc);
			t->files[t->n_files++] = old[i];
			old[i] = NULL;
			return 0;
		}
	if (!(f = track_file_new(t, fc)))
		return -1;
	t->files[t->n_files++] = f;
	track_file_start_one(t, f);
	return 0;
}

static int reload_ref(struct vrrp_trackers *t, struct track_ref **old, unsigned n_old,
                      const struct vrrp_instance_conf *vi)
{
	struct track_ref *r;

	for (unsigned i = 0; i < n_old; i++) {
		const struct vrrp_instance_conf *was = old[i] ? track_ref_instance(old[i]) : NULL;

		if (was && strcmp(was->name, vi->name) == 0 &&
		    strcmp(was->interface, vi->interface) == 0 &&
		    vrrp_reload_reference_same(&was->track_reference, &vi->track_reference)) {
			track_ref_rebind(old[i], vi);
			t->refs[t->n_refs++] = old[i];
			old[i] = NULL;
			return 0;
		}
	}
	if (!(r = track_ref_new(t, vi)))
		return -1;
	t->refs[t->n_refs++] = r;
	track_ref_start(r);
	return 0;
}

int vrrp_trackers_reload(struct vrrp_trackers *t, const struct floatd_conf *conf)
{
	struct track_script **old_s = t->scripts;
	struct track_file **old_f = t->files;
	struct track_ref **old_r = t->refs;
	struct track_iface *old_i = t->ifaces;
	unsigned n_s = t->n_scripts, n_f = t->n_files, n_r = t->n_refs, n_i = t->n_ifaces;
	unsigned max_s = 0, max_f = 0, max_r = 0;
	bool globals = vrrp_reload_script_globals_same(t->conf, conf);
	int rc = 0;

	for (const struct vrrp_instance_conf *vi = conf->instances; vi; vi = vi->next) {
		max_s += vi->n_track_scripts;
		max_f += vi->n_track_files;
		max_r += vi->track_reference.n_addrs > 0;
	}
	t->scripts = calloc(max_s + 1, sizeof(*t->scripts));
	t->files = calloc(max_f + 1, sizeof(*t->files));
	t->refs = calloc(max_r + 1, sizeof(*t->refs));
	if (!t->scripts || !t->files || !t->refs) {
		free(t->scripts);
		free(t->files);
		free(t->refs);
		t->scripts = old_s;
		t->files = old_f;
		t->refs = old_r;
		return -1;
	}
	t->n_scripts = t->n_files = t->n_refs = 0;
	t->ifaces = NULL;
	t->n_ifaces = 0;
	/* new objects are prepared with the new global settings */
	t->conf = conf;
	for (const struct vrrp_instance_conf *vi = conf->instances; vi; vi = vi->next) {
		for (unsigned i = 0; i < vi->n_track_scripts; i++)
			if (vi->track_scripts[i].script &&
			    reload_script(t, old_s, n_s, globals, vi->track_scripts[i].script) < 0)
				rc = -1;
		for (unsigned i = 0; i < vi->n_track_files; i++)
			if (vi->track_files[i].file && reload_file(t, old_f, n_f, vi->track_files[i].file) < 0)
				rc = -1;
		for (unsigned i = 0; i < vi->n_track_interfaces; i++) {
			const char *name = vi->track_interfaces[i].name;
			struct track_iface *ti;

			if (track_iface_find(t, name))
				continue;
			if (track_iface_add(t, name) < 0) {
				rc = -1;
				continue;
			}
			ti = &t->ifaces[t->n_ifaces - 1];
			for (unsigned k = 0; k < n_i; k++)
				if (strcmp(old_i[k].name, name) == 0)
					*ti = old_i[k];
			if (!ti->ifindex && !ti->up)
				track_iface_read(t, ti);
		}
		if (vi->track_reference.n_addrs && reload_ref(t, old_r, n_r, vi) < 0)
			rc = -1;
	}
	if (track_procs_reload(t->procs, conf) < 0)
		rc = -1;
	for (unsigned i = 0; i < n_s; i++)
		track_script_free(old_s[i]);
	for (unsigned i = 0; i < n_f; i++)
		track_file_free(old_f[i]);
	for (unsigned i = 0; i < n_r; i++)
		track_ref_free(old_r[i]);
	free(old_s);
	free(old_f);
	free(old_r);
	free(old_i);
	return rc;
}

void vrrp_trackers_netlink_event(struct vrrp_trackers *t, const struct netlink_event *ev)
{
	bool changed = false;

	if (ev->kind == NETLINK_EV_RESYNC) {
		for (unsigned i = 0; i < t->n_ifaces; i++) {
			struct track_iface old = t->ifaces[i];

			track_iface_read(t, &t->ifaces[i]);
			changed |= old.up != t->ifaces[i].up;
		}
	} else if (ev->kind == NETLINK_EV_LINK) {
		for (unsigned i = 0; i < t->n_ifaces; i++) {
			struct track_iface *ti = &t->ifaces[i];
			bool was = ti->up;

			if (strcmp(ti->name, ev->ifname) == 0) {
				/* same name, possibly a new index after delete + re-create */
				ti->ifindex = ev->deleted ? 0 : ev->ifindex;
				ti->up = !ev->deleted && ev->up;
			} else if (ti->ifindex && ti->ifindex == ev->ifindex) {
				/* our link was renamed away (or removed under a new name) */
				ti->ifindex = 0;
				ti->up = false;
			}
			if (was != ti->up) {
				log_info("track_interface %s is %s", ti->name, ti->up ? "up" : "down");
				changed = true;
			}
		}
	}
	if (changed)
		track_changed(t);
}

unsigned vrrp_trackers_pending(const struct vrrp_trackers *t)
{
	unsigned n = 0;

	for (unsigned i = 0; i < t->n_scripts; i++)
		n += track_script_running(t->scripts[i]);
	return n;
}

void vrrp_trackers_free(struct vrrp_trackers *t)
{
	if (!t)
		return;
	for (unsigned i = 0; i < t->n_scripts; i++)
		track_script_free(t->scripts[i]);
	for (unsigned i = 0; i < t->n_refs; i++)
		track_ref_free(t->refs[i]);
	track_procs_free(t->procs);
	track_files_stop(t);
	for (unsigned i = 0; i < t->n_files; i++)
		track_file_free(t->files[i]);
	free(t->scripts);
	free(t->files);
	free(t->refs);
	free(t->ifaces);
	free(t);
}
