/* Internals shared by instance.c (sockets, FSM actions) and the files of
 * src/vrrp/ that work on its instances and interfaces.  announce.c's and
 * health.c's own state sit behind opaque pointers (announce.h, health.h).
 * Nothing outside src/vrrp/ includes this. */
#ifndef FLOATD_VRRP_INSTANCE_INT_H
#define FLOATD_VRRP_INSTANCE_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "vrrp/conf/vrrp_conf_types.h"
#include "fsm.h"
#include "history.h"
#include "log.h"
#include "loop.h"
#include "netlink.h"
#include "auth_ah.h"
#include "pkt.h"
#include "garp_pace.h"
#include "announce.h"
#include "health.h"

struct vrrp_garp;
struct vrrp_ndisc;
struct vrrp_vips;
struct vrrp_extras;
struct vrrp_notify;
struct vrrp_announce;
struct vrrp_health;
struct vrrp_health_set;

/* Followed by name (iface.c): while no link of that name exists, ifindex
 * is 0 and no socket is open (the instances on it are in FAULT). */
struct vrrp_iface {
	char name[IF_NAMESIZE];
	int ifindex;                   /* 0 = no such link now */
	int family;                    /* one vrrp_iface per interface and family */
	int fd;                        /* -1 while unbound */
	struct loop_io *io;
	union vrrp_addr primary;       /* IPv4 primary / IPv6 link-local: advert source */
	bool has_primary;              /* false = none (FAULT) */
	bool link_up;
	struct vrrp_garp *garp;        /* IPv4 */
	struct vrrp_ndisc *ndisc;      /* IPv6: unsolicited NA */
	struct vrrp_garp_pace pace;    /* vrrp_garp_interval / vrrp_gna_interval */
	int ah_fd;                     /* IPv4 protocol-51 socket when an instance uses AH */
	struct loop_io *ah_io;         /* NULL = no AH socket */
	bool want_ah;                  /* an instance on it uses AH: (re-)open with the rest */
	bool want_promote;             /* an instance has promote_secondaries (IPv4) */
	int promote_old;               /* the sysctl's value before we set it; -1: untouched */
	bool addr_dirty;               /* address events seen: re-read in the settle pass */
	bool retry;                    /* opening the sockets failed: try again */
	bool open_failed_logged;
	uint64_t drops[VRRP_DROP_MAX]; /* drops before an instance is known */
	struct log_ratelimit drop_rl;
	struct vrrp_set *set;
	struct vrrp_iface *next;
};

struct vrrp_instance {
	struct vrrp_set *set;
	const struct vrrp_instance_conf *c;
	struct vrrp_iface *ifc;
	struct vrrp_fsm fsm;
	struct loop_timer *timer;       /* the FSM's one timer */
	struct vrrp_announce *announce; /* announce.c's own state (vrrp_announce_new) */
	struct vrrp_vips *vips;
	struct vrrp_extras *extras;     /* no_accept, VMAC, routes/rules */
	bool vmac_lost;                 /* iface.c: our VMAC was deleted; re-create if MASTER */
	struct vrrp_notify *notify;
	union vrrp_addr *adv_addrs;     /* advertised VIPs, config order */
	uint8_t n_adv;
	bool stopped;
	uint64_t drops[VRRP_DROP_MAX];
	uint64_t csum_seen[2];          /* by enum vrrp_csum_form */
	uint64_t adverts_sent, adverts_rcvd;
	uint64_t became_master, released_master;   /* entries into / exits from MASTER */
	uint64_t prio0_sent, prio0_rcvd;
	uint64_t last_transition_ms;    /* loop_now_ms() of the last state change */
	/* the sender of the last valid advert with priority > 0: in BACKUP, the
	 * master (status dumps) */
	union vrrp_addr last_master;
	uint8_t last_master_prio;
	bool last_master_known;
	uint32_t ah_seq;                /* auth_type AH: our sequence number, IP ID */
	uint16_t ip_id;
	struct vrrp_ah_replay *ah_replay;   /* auth_type AH only (half a kB) */
	/* dual-master episodes: another MASTER heard while we are MASTER */
	bool dual_master;
	uint64_t master_since_ms;       /* when we last entered MASTER */
	uint64_t dual_master_last_ms;
	uint64_t dual_master_episodes;
	struct log_ratelimit drop_rl;
	struct vrrp_health *health;     /* health.c's own state (vrrp_health_new) */
	struct vrrp_history history;    /* status.c: the last transitions, for floatctl */
	bool released;                  /* release.c: floatctl release, priority held at 1 */
	uint64_t history_lost;          /* entries lost to a failed allocation */
	/* reload.c: removed by a reload, leaving (make-before-break); it keeps
	 * the configuration it was started with alive until it stopped */
	bool removing;
	struct vrrp_retired_conf *retired;
	uint64_t last_sent_ms;          /* our last advert with priority > 0 */
	bool kept;                      /* inplace.c: stopped in place, its VIPs, VMAC,
	                                   routes and nftables table stay for the
	                                   next floatd */
	bool adopted;                   /* inplace.c: took over the previous floatd's */
	struct vrrp_instance *next;
};

/* Records a state change in the instance's history (status.c). */
void vrrp_status_note_transition(struct vrrp_instance *, const struct vrrp_actions *);

struct vrrp_set {
	struct ev_loop *loop;
	const struct floatd_conf *conf;
	struct netlink *nl;
	struct vrrp_iface *ifaces;
	struct vrrp_instance *instances;
	unsigned running;
	bool shutting_down;
	struct loop_timer *startup_timer;
	uint32_t startup_delay_ms;      /* in effect: vrrp_startup_delay, or what is
	                                   left of vrrp_delay_after_boot if longer */
	struct log_ratelimit unknown_vrid_rl;   /* log_unknown_vrids */
	void (*on_all_stopped)(void *);
	void *arg;
	void (*on_state_change)(void *); /* vrrp_set_on_state_change() */
	void *state_arg;
	struct vrrp_health_set *health; /* health.c's own state: trackers, sync groups */
	struct loop_timer *iface_timer; /* iface.c: the settle pass (re-reads, re-opens) */
	uint64_t iface_settle_at;
	bool iface_resync;              /* iface.c: events were lost, re-read all */
	/* reload.c: configurations still used by removed instances leaving,
	 * and the timer that frees those instances once they stopped */
	struct vrrp_retired_conf *retired;
	struct loop_timer *reap_timer;
	struct vrrp_statics *statics;   /* statics.c: static_ipaddress/_routes/_rules */
	bool statics_kept;              /* stopped in place: left for the next floatd */
	struct vrrp_lvs_sync *lvs_sync; /* lvs_sync.c: sync daemon, IPVS timeouts, flushes */
	uint64_t in_place_until;        /* inplace.c: a stop before this time is a
	                                   restart in place (0 = not armed) */
	struct vrrp_adopt *adopt;       /* inplace.c: the previous floatd's MASTERs */
	unsigned n_adopt;
};

/* inplace.c: whether the previous floatd's state (vrrp_set_adopt_from) lets
 * this instance start as MASTER with the kernel objects it left */
bool vrrp_set_adopts(struct vrrp_set *, const struct vrrp_instance_conf *,
                     uint32_t master_down_ms, uint32_t adver_ms);

/* instance.c */
void vrrp_instance_step(struct vrrp_instance *, const struct vrrp_event *);
/* Creates an instance (prepended to set->instances, counted in running)
 * and returns it in *out (may be NULL) even when it fails half-way (-1):
 * the set frees it.  `reloading`: VIPs found are ours, not a crash's. */
int vrrp_instance_create(struct vrrp_set *, const struct vrrp_instance_conf *, bool reloading,
                         struct vrrp_instance **out);
void vrrp_instance_fsm_params(const struct vrrp_instance_conf *, struct vrrp_fsm_params *);
/* Frees an instance already unlinked from the set. */
void vrrp_instance_free(struct vrrp_instance *);

/* reload.c: a removed instance reached STOP (free it later, not in the
 * FSM's action loop); everything a reload left, at the set's end. */
void vrrp_reload_instance_stopped(struct vrrp_instance *);
void vrrp_reload_free(struct vrrp_set *);
/* Receive watchers of the VRRP and AH sockets (arg: the vrrp_iface). */
void vrrp_iface_readable(struct loop_io *, int fd, void *arg);
/* Open the AH socket on a bound interface (no-op if open).  0 / -1. */
int vrrp_iface_open_ah(struct vrrp_iface *);

/* iface.c: interfaces followed by name.  get: the vrrp_iface of (name,
 * family), created (sockets open if the link exists, else unbound) on
 * first use; NULL on ENOMEM.  usable: link up and an address to send from.
 * The rtnetlink event callback (links, addresses, VIPs and VMACs deleted
 * by someone else; forwards to health.c). */
struct vrrp_iface *vrrp_iface_get(struct vrrp_set *, const char *name, int family);
bool vrrp_iface_usable(const struct vrrp_iface *);
/* The instance's multicast group (vrrp_mcast_group4/6, mcast_dst_ip) on
 * the interface's sockets, if they are open (else when they are). */
void vrrp_iface_join_group(struct vrrp_iface *, const struct vrrp_instance_conf *);
/* keepalived's promote_secondaries for this interface (IPv4): set now if
 * the link exists, and again whenever it appears; put back at the end. */
void vrrp_iface_want_promote(struct vrrp_iface *);
void vrrp_ifaces_netlink_event(void *set, const struct netlink_event *);
void vrrp_ifaces_free(struct vrrp_set *);

#endif
