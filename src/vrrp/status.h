/* A read-only view of the running VRRP instances: what a state dump
 * (SIGUSR1), a statistics dump (SIGUSR2) or a status command shows.  The
 * views are filled from the live structures on demand and point into them:
 * valid only during the callback, never kept, never written through. */
#ifndef FLOATD_VRRP_STATUS_H
#define FLOATD_VRRP_STATUS_H

#include <stdbool.h>
#include <stdint.h>

#include "vrrp/conf/vrrp_conf_types.h"
#include "fsm.h"
#include "history.h"
#include "pkt.h"
#include "vrrp/track/track_calc.h"

struct vrrp_set;

/* Counters since start; never reset. */
struct vrrp_counters {
	uint64_t adverts_sent, adverts_rcvd;
	uint64_t became_master;      /* entries into MASTER */
	uint64_t released_master;    /* exits from MASTER (to BACKUP, FAULT or LEAVING) */
	uint64_t prio0_sent, prio0_rcvd;
	uint64_t dual_master_episodes;
	uint64_t drops[VRRP_DROP_MAX];   /* by enum vrrp_drop */
	uint64_t csum_seen[2];       /* by enum vrrp_csum_form */
};

#define VRRP_STATUS_TRACKERS_MAX 64

struct vrrp_instance_status {
	const struct vrrp_instance_conf *c;  /* name, VIPs, routes, configured values */
	enum vrrp_state state;
	const char *interface;
	const char *vip_dev;         /* where VIPs without `dev` are: the VMAC while it exists */
	int family;
	uint8_t vrid, version;
	uint8_t base_priority, effective_priority;
	uint32_t adver_int_ms, master_adver_int_ms;
	bool has_source;             /* our advert source address is known */
	union vrrp_addr source;
	bool master_known;           /* MASTER: us; BACKUP: the last master heard */
	union vrrp_addr master;
	uint8_t master_priority;
	uint64_t last_transition_ms; /* loop_now_ms() of the last state change; 0 = none */
	uint64_t last_advert_ms;     /* last valid advert from a peer; 0 = none */
	bool iface_up;               /* link up with a usable address */
	const char *fault_reason;    /* non-empty in FAULT */
	bool in_sync_group;
	bool released;               /* floatctl release: priority held at 1 */
	/* trackers as this instance sees them (config order: scripts, files,
	 * interfaces); at most VRRP_STATUS_TRACKERS_MAX */
	struct vrrp_track_input trackers[VRRP_STATUS_TRACKERS_MAX];
	unsigned n_trackers;
	bool has_reference, reference_ok, reference_known;   /* track_reference */
	struct vrrp_counters counters;
	const struct vrrp_history *history;   /* the last transitions, newest first */
};

/* Drops seen on an interface before an advert could be tied to an instance
 * (too short to hold a VRID, or a VRID nobody here uses). */
struct vrrp_iface_status {
	const char *name;
	int family;
	bool link_up, has_primary;
	union vrrp_addr primary;
	uint64_t drops[VRRP_DROP_MAX];
};

/* Visit every instance in config order / every interface socket. */
void vrrp_status_instances(const struct vrrp_set *,
                           void (*cb)(const struct vrrp_instance_status *, void *), void *arg);
void vrrp_status_ifaces(const struct vrrp_set *,
                        void (*cb)(const struct vrrp_iface_status *, void *), void *arg);

#endif
