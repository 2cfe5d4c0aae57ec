/* Trackers that move an instance's priority or force it into FAULT:
 * vrrp_script (track_script), vrrp_track_file (track_file), track_interface
 * and the floatd track_reference probe.  Trackers are daemon-wide objects
 * (a vrrp_script is shared by every instance that names it); instance.c
 * asks for one instance's view whenever `changed` fires.  Runs on the event
 * loop; never blocks (scripts via lib/proc, files via inotify, links via
 * the netlink events instance.c forwards). */
#ifndef FLOATD_VRRP_TRACK_H
#define FLOATD_VRRP_TRACK_H

#include <stdbool.h>

#include "vrrp/conf/vrrp_conf_types.h"
#include "netlink.h"
#include "track_calc.h"

struct ev_loop;
struct vrrp_trackers;

/* What the trackers say about one instance right now. */
struct vrrp_track_view {
	int priority_delta;        /* sum of weights (keepalived's rules), may be negative */
	bool fault;                /* a weight-0 tracker failed, or a tracked interface is down */
	char fault_reason[96];     /* "track_script chk_nginx failed", for the log */
	bool has_reference;        /* track_reference configured */
	bool reference_ok;         /* at least one reference address answers */
	bool reference_known;      /* false at startup until the probes settle it */
};

/* `changed` is called (from the loop) whenever any view may have changed. */
struct vrrp_trackers *vrrp_trackers_new(struct ev_loop *, struct netlink *,
                                        const struct floatd_conf *,
                                        void (*changed)(void *arg), void *arg);
/* Start script timers, inotify watches, reference probes. 0 / -1. */
int vrrp_trackers_start(struct vrrp_trackers *);
void vrrp_trackers_eval(const struct vrrp_trackers *, const struct vrrp_instance_conf *,
                        struct vrrp_track_view *out);
/* Each tracker of one instance and its state now (scripts, files, then
 * interfaces, config order); returns how many were written (<= max).
 * Names point into the config. */
unsigned vrrp_trackers_list(const struct vrrp_trackers *, const struct vrrp_instance_conf *,
                            struct vrrp_track_input *out, unsigned max);
/* Reload: the trackers of `conf` (which replaces the running one).  A
 * vrrp_script whose name and command are unchanged keeps its result,
 * rise/fall counters, timer and any running child; a track_file keeps its
 * watch and value; track_interface its link state; track_reference its
 * probes and verdict.  New ones start, dropped ones stop.  `changed` is
 * not called: the caller evaluates afterwards.  0, or -1 on ENOMEM (the
 * trackers still follow the old configuration). */
int vrrp_trackers_reload(struct vrrp_trackers *, const struct floatd_conf *conf);
/* Before floatd enters net_namespace (main.c): open the process events
 * connector socket while still in the initial network namespace, the only
 * one the kernel's connector answers, when the configuration has a
 * vrrp_track_process.  The trackers use it from then on. */
void vrrp_trackers_preopen(const struct floatd_conf *);
/* instance.c forwards every rtnetlink event (links for track_interface). */
void vrrp_trackers_netlink_event(struct vrrp_trackers *, const struct netlink_event *);
/* Scripts still running (waited for at exit like notify scripts). */
unsigned vrrp_trackers_pending(const struct vrrp_trackers *);
void vrrp_trackers_free(struct vrrp_trackers *);
/* track_file.c: keepalived's init_file for one track_file block (no watch
 * needed); also the standalone checker's, for its FILE_CHECKs' files. */
void track_file_init_conf(const struct vrrp_track_file_conf *);

#endif
