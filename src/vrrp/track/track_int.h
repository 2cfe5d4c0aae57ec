/* Internals shared by the tracker files (track.c, track_script.c,
 * track_file.c, track_ref.c); not for other modules (they use track.h). */
#ifndef FLOATD_VRRP_TRACK_INT_H
#define FLOATD_VRRP_TRACK_INT_H

#include <net/if.h>
#include <stdbool.h>
#include <stdint.h>

#include "track.h"
#include "track_calc.h"

struct loop_io;
struct track_script;
struct track_file;
struct track_ref;
struct track_procs;

struct track_iface {
	char name[IF_NAMESIZE];
	int ifindex;                 /* 0 while the link does not exist */
	bool up;
};

struct vrrp_trackers {
	struct ev_loop *loop;
	struct netlink *nl;
	const struct floatd_conf *conf;
	void (*changed)(void *arg);
	void *arg;
	struct track_script **scripts;
	unsigned n_scripts;
	struct track_file **files;
	unsigned n_files;
	int inotify_fd;
	struct loop_io *inotify_io;
	struct track_iface *ifaces;
	unsigned n_ifaces;
	struct track_ref **refs;
	unsigned n_refs;
	struct track_procs *procs;   /* vrrp_track_process (track_proc.c) */
	bool started;
};

/* Tell instance.c (from the loop) that views may have changed. */
void track_changed(struct vrrp_trackers *);

/* track_script.c: one vrrp_script that some instance tracks. */
struct track_script *track_script_new(struct vrrp_trackers *, const struct vrrp_script_conf *);
void track_script_start(struct track_script *);
const struct vrrp_script_conf *track_script_conf(const struct track_script *);
bool track_script_ok(const struct track_script *);     /* disabled scripts count as OK */
bool track_script_running(const struct track_script *);
void track_script_free(struct track_script *);   /* a running child finishes first */
/* Reload: the same script under a new configuration (state, timer and a
 * running child kept); or a new object that takes an old one's result and
 * rise/fall counters. */
void track_script_rebind(struct track_script *, const struct vrrp_script_conf *);
void track_script_carry(struct track_script *to, const struct track_script *from);

/* track_file.c: one vrrp_track_file, watched through t->inotify_fd. */
struct track_file *track_file_new(struct vrrp_trackers *, const struct vrrp_track_file_conf *);
int track_files_start(struct vrrp_trackers *);
const struct vrrp_track_file_conf *track_file_conf(const struct track_file *);
long track_file_value(const struct track_file *);
void track_file_free(struct track_file *);
void track_files_stop(struct vrrp_trackers *);
/* Reload: the same file under a new configuration (watch and value kept);
 * start one file added by a reload (inotify opened on first use). */
void track_file_rebind(struct track_file *, const struct vrrp_track_file_conf *);
int track_file_start_one(struct vrrp_trackers *, struct track_file *);

/* track_ref.c: an instance's track_reference prober. */
struct track_ref *track_ref_new(struct vrrp_trackers *, const struct vrrp_instance_conf *);
void track_ref_start(struct track_ref *);
const struct vrrp_instance_conf *track_ref_instance(const struct track_ref *);
bool track_ref_ok(const struct track_ref *);
/* false until a round was answered or `fall` rounds were not (startup) */
bool track_ref_known(const struct track_ref *);
void track_ref_free(struct track_ref *);
/* Reload: the same probes for the instance's new configuration. */
void track_ref_rebind(struct track_ref *, const struct vrrp_instance_conf *);

/* track_proc.c: every tracked vrrp_track_process, through the kernel's
 * process events connector.  new: NULL on ENOMEM only. */
struct track_procs *track_procs_new(struct vrrp_trackers *, const struct floatd_conf *);
void track_procs_start(struct track_procs *);
bool track_procs_known(const struct track_procs *, const struct vrrp_track_process_conf *);
bool track_procs_up(const struct track_procs *, const struct vrrp_track_process_conf *);
uint32_t track_procs_count(const struct track_procs *, const struct vrrp_track_process_conf *);
/* Reload: the trackers of `conf`; a block with unchanged settings keeps its
 * processes and quorum, a new or changed one is counted from a /proc scan.
 * 0, or -1 on ENOMEM (nothing changed). */
int track_procs_reload(struct track_procs *, const struct floatd_conf *);
void track_procs_free(struct track_procs *);

#endif
