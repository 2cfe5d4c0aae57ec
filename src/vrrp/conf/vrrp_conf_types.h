/* The parsed configuration as plain structs: what the readers under
 * src/vrrp/conf (and src/check/conf, src/conf*.c) fill, what validation
 * checks, what the VRRP code reads.  struct floatd_conf, the whole
 * configuration, is here too: the VRRP process runs it and the checker
 * child reads its virtual servers, FIFOs, mail and script settings.  No
 * parser state, no functions: loading, validation, the dump and freeing are
 * src/conf.h's.  Lifetimes: one struct floatd_conf owns every string and
 * array below it. */
#ifndef FLOATD_VRRP_CONF_TYPES_H
#define FLOATD_VRRP_CONF_TYPES_H

#include <net/if.h>
#include <stdbool.h>
#include <stdint.h>

#include "addr.h"
#include "conf_diag.h"
#include "mail_alert.h"
#include "script_user.h"
#include "vrrp/pkt.h"

/* One virtual_ipaddress line: ADDR[/PREFIX] [dev IF] [label L] [scope S] ... */
struct vip_conf {
	int family;                  /* AF_INET / AF_INET6 */
	union vrrp_addr addr;
	uint8_t prefixlen;           /* default 32 / 128 as keepalived */
	char dev[IF_NAMESIZE];       /* empty = the instance's interface */
	char label[IF_NAMESIZE];     /* empty = none */
	uint8_t scope;               /* RT_SCOPE_* ; default RT_SCOPE_UNIVERSE */
	bool has_brd;
	union vrrp_addr brd;
	uint8_t flags;               /* VIP_F_* (src/vrrp/conf/conf_vip.c) */
	bool preferred_set;          /* preferred_lft N given; else forever */
	uint32_t preferred_lft;      /* seconds; 0 = deprecated (IPv6: never a source) */
	struct conf_origin origin;
};
/* keepalived's address flags on a VIP line; src/vrrp/vip.c makes them the
 * kernel's IFA_F_* */
enum {
	VIP_F_HOME = 1 << 0,           /* home: IFA_F_HOMEADDRESS */
	VIP_F_MNGTMPADDR = 1 << 1,     /* mngtmpaddr: IFA_F_MANAGETEMPADDR */
	VIP_F_NOPREFIXROUTE = 1 << 2,  /* noprefixroute: IFA_F_NOPREFIXROUTE */
	VIP_F_AUTOJOIN = 1 << 3,       /* autojoin: IFA_F_MCAUTOJOIN */
	VIP_F_DAD = 1 << 4,            /* -nodad: IPv6 runs DAD (default: IFA_F_NODAD) */
};

/* One unicast_peer line: ADDR [min_ttl N] [max_ttl N] (the TTL limits are
 * keepalived >= 2.2.8 and only warned about). */
struct unicast_peer_conf {
	int family;
	union vrrp_addr addr;
	struct conf_origin origin;
};

/* notify_fifo / vrrp_notify_fifo / lvs_notify_fifo FILE [USER [GROUP]] and
 * their *_fifo_script (src/vrrp/conf/conf_fifo.c) */
enum { NOTIFY_FIFO_ALL, NOTIFY_FIFO_VRRP, NOTIFY_FIFO_LVS, NOTIFY_FIFO_KINDS };
struct notify_fifo_conf {
	char *path;                  /* NULL = not configured */
	char *user, *group;          /* owner given to a FIFO floatd creates */
	struct script_conf script;   /* started with the FIFO's path appended */
	struct conf_origin origin;
};

struct virtual_server_conf;   /* src/check/conf/conf_lvs.h */
struct vroute_conf;           /* src/vrrp/conf/conf_iproute.h */
struct vrule_conf;
struct vs_group_conf;

/* ---- tracking (src/vrrp/conf/conf_track_advert.c) */

struct vrrp_script_conf;
struct vrrp_track_file_conf;
struct vrrp_track_process_conf;
struct vrrp_sync_group_conf;

/* One line of a track_script / track_file / track_interface block. */
struct track_ref_conf {
	char *name;                  /* vrrp_script / vrrp_track_file name, or interface */
	int weight;                  /* effective: the line's, else the tracked object's */
	bool reverse;                /* effective, like weight */
	bool weight_set;             /* weight given on this line (the dump keeps it so) */
	bool reverse_set;            /* reverse/noreverse given on this line */
	bool from_group;             /* copied from the instance's vrrp_sync_group */
	/* resolved by validation (NULL for track_interface) */
	struct vrrp_script_conf *script;
	struct vrrp_track_file_conf *file;
	struct vrrp_track_process_conf *process;   /* track_process */
	struct conf_origin origin;
};

/* vrrp_script NAME { ... } */
struct vrrp_script_conf {
	char *name;
	struct script_conf script;   /* argv + `user USER [GROUP]` */
	uint32_t interval_ms;        /* default 1000 */
	uint32_t timeout_ms;         /* default = interval */
	int weight;                  /* -253..253, default 0 (failure = FAULT) */
	bool reverse;
	uint32_t rise, fall;         /* default 1, 1 */
	bool init_fail;              /* start failed instead of "ok after first run" */
	/* No usable command (none given, or a relative path keepalived cannot
	 * find): warned, never run; track_script lines naming it are dropped. */
	bool disabled;
	struct conf_origin origin;
	struct vrrp_script_conf *next;
};

/* vrrp_track_file NAME { ... } (also spelt track_file at top level) */
struct vrrp_track_file_conf {
	char *name;
	char *path;
	int weight;                  /* default 1 */
	bool reverse;
	bool init_file;              /* create the file at start if missing */
	long init_value;             /* default 0 */
	bool init_overwrite;         /* write init_value even if the file exists */
	struct conf_origin origin;
	struct vrrp_track_file_conf *next;
};

/* vrrp_track_process NAME { ... } (src/vrrp/conf/conf_track_process.c) */
enum vrrp_param_match { VRRP_PARAM_MATCH_NONE, VRRP_PARAM_MATCH_EXACT,
                        VRRP_PARAM_MATCH_PARTIAL, VRRP_PARAM_MATCH_INITIAL };
struct vrrp_track_process_conf {
	char *name;
	char *process;               /* comm (15 chars), or argv[0] with full_command */
	char *params;                /* `process NAME ARGS...`: each arg NUL-terminated */
	size_t params_len;           /* bytes in params, NULs included; 0 = none */
	enum vrrp_param_match param_match;   /* NONE unless params or param_match */
	bool full_command;           /* match argv[0] of /proc/PID/cmdline, not comm */
	int weight;                  /* -254..254, default 0 (lost quorum = FAULT) */
	bool reverse;
	uint32_t quorum;             /* default 1 */
	uint32_t quorum_max;         /* default UINT32_MAX (no upper bound) */
	uint32_t fork_delay_ms;      /* quorum gained by a fork counts after this */
	uint32_t terminate_delay_ms; /* quorum lost by an exit counts after this */
	struct conf_origin origin;
	struct vrrp_track_process_conf *next;
};

/* track_reference { ADDRESS...; interval; timeout; fall; rise } (floatd) */
struct track_reference_addr {
	int family;                  /* AF_INET (ARP) / AF_INET6 (NS) */
	union vrrp_addr addr;
	struct conf_origin origin;
};
struct track_reference_conf {
	struct track_reference_addr *addrs;   /* n_addrs == 0: not configured */
	unsigned n_addrs;
	uint32_t interval_ms;        /* between probes, default 1000 */
	uint32_t timeout_ms;         /* reply wait per probe, default 1000, <= interval */
	uint32_t fall, rise;         /* consecutive misses / answers, default 3 / 1 */
	struct conf_origin origin;
};

/* vrrp_sync_group NAME { group { ... } notify_* track_* } */
struct vrrp_sync_group_conf {
	char *name;
	char **members;              /* instance names in config order */
	struct conf_origin *member_origins;
	unsigned n_members;
	struct vrrp_instance_conf **instances;   /* resolved, n_members entries */
	struct script_conf notify_master, notify_backup, notify_fault, notify_stop, notify;
	/* also copied (from_group) into every member's arrays by validation */
	struct track_ref_conf *track_scripts, *track_interfaces, *track_files;
	unsigned n_track_scripts, n_track_interfaces, n_track_files;
	struct track_ref_conf *track_processes;     /* track_process { } */
	unsigned n_track_processes;
	uint8_t smtp_alert_cfg;      /* parser: 0 unset, 1 on, 2 off (src/conf_mail.c) */
	bool smtp_alert;             /* effective after validation */
	struct conf_origin origin;
	struct vrrp_sync_group_conf *next;
};

struct vrrp_instance_conf {
	char *name;                  /* VI_1 */
	struct conf_origin origin;
	bool want_master;            /* state MASTER */
	bool no_vips_ok;             /* no_virtual_ipaddress: none is no warning */
	bool promote_secondaries;    /* set the interface's sysctl of that name (IPv4) */
	int family;                  /* of virtual_ipaddress: AF_INET (default) / AF_INET6 */
	char interface[IF_NAMESIZE];
	uint8_t vrid;                /* 1..255, required */
	bool vrid_given;             /* parser: the keyword was there (valid or not) */
	uint8_t priority;            /* 1..255, default 100 */
	uint32_t adver_int_ms;       /* default 1000; v2: whole seconds */
	uint8_t version;             /* 2 or 3 (global vrrp_version if unset) */
	bool preempt;                /* default true; nopreempt clears */
	/* floatd extension, default on: a BACKUP that has been BACKUP for a
	 * Master_Down_Interval and hears a lower-priority master takes over
	 * after Skew_Time instead of waiting the master down; off = RFC timing
	 * (also under vrrp_strict) */
	int8_t fast_handover;        /* parser: -1 = default (on), 0 off, 1 on */
	uint32_t preempt_delay_ms;
	struct vip_conf *vips;       /* config order: adverts list them so */
	unsigned n_vips;
	struct vip_conf *vips_excluded;   /* added with the VIPs, not advertised */
	unsigned n_vips_excluded;
	/* unicast (src/vrrp/conf/conf_unicast_auth.c): adverts go to each peer instead of
	 * the multicast group; adverts from other sources are dropped */
	/* mcast_dst_ip as written (has_mcast_dst), and after validation the
	 * group the instance sends to and joins: that, else the global
	 * vrrp_mcast_group4/6, else 224.0.0.18 / ff02::12 */
	bool has_mcast_dst;
	int mcast_dst_family;
	union vrrp_addr mcast_dst;
	union vrrp_addr mcast_group;
	bool has_unicast_src;
	int unicast_src_family;
	union vrrp_addr unicast_src; /* unicast_src_ip (also the source with multicast) */
	struct unicast_peer_conf *unicast_peers;
	unsigned n_unicast_peers;
	uint8_t unicast_ttl;         /* default 255 */
	/* authentication { auth_type PASS|AH; auth_pass X } (VRRPv2 only) */
	uint8_t auth_type;           /* VRRP_AUTH_NONE (default) / _PASS / _AH */
	uint8_t auth_pass[VRRP_AUTH_LEN];   /* first 8 octets, zero padded */
	struct conf_origin auth_origin;
	/* GARP schedule; UINT32_MAX = take the global value */
	uint32_t garp_master_delay_s;
	uint32_t garp_master_repeat;
	uint32_t garp_master_refresh_s;
	uint32_t garp_master_refresh_repeat;
	struct conf_origin native_ipv6;   /* line != 0: native_ipv6 given */
	struct script_conf notify_master, notify_backup, notify_fault, notify_stop, notify;
	/* a MASTER hears a lower priority (keepalived: for a cloud API call that
	 * takes the addresses back from a backup that briefly became master) */
	struct script_conf notify_master_rx_lower_pri;
	/* tracking; group-wide trackers are appended with from_group */
	struct track_ref_conf *track_scripts, *track_interfaces, *track_files;
	unsigned n_track_scripts, n_track_interfaces, n_track_files;
	struct track_ref_conf *track_processes;     /* track_process { } */
	unsigned n_track_processes;
	uint8_t notify_priority_changes_cfg;  /* 0 = the global value, 1 on, 2 off */
	bool dont_track_primary;     /* the interface's link state is no FAULT */
	struct track_reference_conf track_reference;   /* floatd extension */
	uint32_t vip_lifetime_s;     /* floatd extension; 0 = off; UINT32_MAX until validated */
	bool higher_prio_send_advert;
	bool lower_prio_no_advert;   /* no advert answers a lower priority (GARP still does) */
	/* skip_check_adv_addr: in BACKUP, adverts from the master already heard
	 * are taken without comparing their address list with ours */
	bool skip_check_adv_addr;
	uint32_t garp_lower_prio_repeat;   /* UINT32_MAX until validated (global value) */
	uint32_t garp_lower_prio_delay_s;  /* UINT32_MAX until validated (global value) */
	struct vrrp_sync_group_conf *sync_group;   /* NULL = none */
	int8_t higher_prio_send_advert_cfg;   /* parser: -1 = take the global value */
	int8_t lower_prio_no_advert_cfg;      /* parser: -1 = take the global value */
	int8_t skip_check_adv_addr_cfg;       /* parser: -1 = take the global value */
	/* v3_checksum_as_v2 [bool] (IPv4 VRRPv3: checksum without the
	 * pseudo-header, RFC 9568); parser: -1 = take the global value */
	int8_t v3_checksum_as_v2_cfg;
	bool v3_checksum_as_v2;
	/* down_timer_adverts 1..100: adverts missed before Master_Down;
	 * parser: 0 = take the global value (3 unless set) */
	uint8_t down_timer_adverts;
	/* src/vrrp/conf/conf_extra.c: accept mode, strict, VMAC, routes */
	uint8_t accept_cfg;          /* parser: 0 unset, 1 accept, 2 no_accept */
	bool accept;                 /* effective after validation */
	uint8_t strict_cfg;          /* strict_mode: 0 = global vrrp_strict, 1 on, 2 off */
	bool strict;                 /* effective after validation */
	bool use_vmac;
	char vmac_name[IF_NAMESIZE]; /* default vrrp.VRID */
	bool vmac_xmit_base;         /* adverts on the base interface, not the VMAC */
	struct vroute_conf *vroutes; /* virtual_routes (src/vrrp/conf/conf_iproute.h) */
	unsigned n_vroutes;
	struct vrule_conf *vrules;   /* virtual_rules */
	unsigned n_vrules;
	uint8_t smtp_alert_cfg;      /* parser: 0 unset, 1 on, 2 off (src/conf_mail.c) */
	bool smtp_alert;             /* effective after validation */
	/* lvs_sync_daemon_interface (keepalived's older spelling of the global
	 * lvs_sync_daemon): moved to floatd_conf.lvs by validation */
	char *lvs_sync_ifname;
	struct conf_origin lvs_sync_origin;
	struct vrrp_instance_conf *next;
};

/* IPVS settings the VRRP process applies (src/vrrp/conf/conf_ipvs.c, run by
 * src/vrrp/lvs_sync.c): keepalived's lvs_sync_daemon, lvs_timeouts,
 * lvs_flush and lvs_flush_onstop in global_defs. */
enum lvs_flush_onstop { LVS_FLUSH_ONSTOP_NONE, LVS_FLUSH_ONSTOP_FULL, LVS_FLUSH_ONSTOP_VS };
struct lvs_sync_conf {
	char *ifname;                /* NULL: no sync daemon */
	/* the vrrp_instance it follows (master while it is MASTER, backup
	 * otherwise); NULL: both daemons run all the time */
	char *instance;
	int syncid;                  /* 0..255; -1 until validated (the instance's VRID) */
	uint16_t maxlen, port;       /* 0 = the kernel's default */
	uint8_t ttl;                 /* 0 = the kernel's default */
	int group_family;            /* 0 = the kernel's default group */
	union addr_ip group;
	bool from_instance;          /* vrrp_instance's lvs_sync_daemon_interface */
	struct conf_origin origin;
};
struct lvs_conf {
	struct lvs_sync_conf sync;
	uint32_t timeout_tcp, timeout_tcpfin, timeout_udp;   /* seconds; 0 = as it is */
	bool flush;                  /* lvs_flush: flush IPVS at start */
	enum lvs_flush_onstop flush_onstop;
};

struct floatd_conf {
	char *router_id;             /* default: host name */
	bool router_id_set;          /* given in the file (the dump omits a default) */
	uint8_t vrrp_version;        /* default 2 (keepalived's default) */
	uint32_t garp_master_delay_s;     /* default 5 */
	uint32_t garp_master_repeat;      /* default 5 */
	uint32_t garp_master_refresh_s;   /* default 0 = off */
	uint32_t garp_master_refresh_repeat; /* default 1 */
	uint32_t startup_delay_ms;        /* vrrp_startup_delay, default 0 */
	/* vrrp_delay_after_boot: no election before the system has been up
	 * this long (the longer of the two delays wins); 0 = off */
	uint32_t delay_after_boot_ms;
	bool log_unknown_vrids;           /* log adverts of VRIDs not configured */
	/* default_interface: static_ipaddress lines without dev go there
	 * (empty: keepalived's default, eth0) */
	char default_interface[IF_NAMESIZE];
	/* vrrp_garp_interval / vrrp_gna_interval: least gap between two
	 * gratuitous ARPs / unsolicited NAs on one interface, default 0 */
	uint32_t garp_interval_us, gna_interval_us;
	bool v3_checksum_as_v2;
	struct notify_fifo_conf fifos[NOTIFY_FIFO_KINDS];   /* notify_fifo, vrrp_, lvs_ */
	bool notify_priority_changes;     /* vrrp_notify_priority_changes */
	int vrrp_rt_priority;             /* SCHED_RR 1..99; 0 = normal scheduling */
	/* vrrp_priority / checker_priority: nice -20..19 (0 = left alone);
	 * vrrp_no_swap / checker_no_swap: memory locked (lib/process_prio.c) */
	int vrrp_nice, checker_nice;
	int checker_rt_priority;          /* SCHED_RR 1..99 of the checker; 0 = off */
	uint32_t checker_rlimit_rttime_us;   /* 0 = keepalived's default (10000) */
	bool vrrp_no_swap, checker_no_swap;
	/* vrrp_cpu_affinity / checker_cpu_affinity CPU...: bit n = CPU n
	 * (0..1023); all zero = not set (lib/process_prio.c) */
	uint64_t vrrp_cpus[16], checker_cpus[16];
	uint32_t vrrp_rlimit_rttime_us;   /* 0 = keepalived's default (10000) */
	/* max_auto_priority: raise to SCHED_RR (then +1 each time) when the
	 * loop runs late, up to this; 0 = off (default), -1 = off (keepalived:
	 * also no start-up notice) */
	int max_auto_priority;
	uint32_t min_auto_priority_delay_us;   /* how late counts; 0 = default 1 s */
	int log_facility;                 /* floatd extension: 0..7 = local0..7, -1 = daemon */
	char *script_user;
	char *control_group;              /* floatd extension: group of the control socket */
	char *script_group;
	bool enable_script_security;
	bool vrrp_strict;                 /* strict RFC compliance */
	uint32_t vip_lifetime_s;          /* floatd extension, default 0 = off */
	bool higher_prio_send_advert;     /* vrrp_higher_prio_send_advert, default off */
	bool lower_prio_no_advert;        /* vrrp_lower_prio_no_advert, default off */
	bool has_mcast_group4, has_mcast_group6;  /* vrrp_mcast_group4/6 given */
	union vrrp_addr mcast_group4, mcast_group6;
	bool skip_check_adv_addr;         /* vrrp_skip_check_adv_addr, default off */
	uint8_t down_timer_adverts;       /* vrrp_down_timer_adverts, default 3 */
	uint32_t garp_lower_prio_repeat;  /* UINT32_MAX = garp_master_repeat */
	uint32_t garp_lower_prio_delay_s; /* UINT32_MAX = garp_master_delay */
	struct vrrp_instance_conf *instances;  /* in file order */
	unsigned n_instances;
	struct vrrp_script_conf *vrrp_scripts;       /* in file order */
	unsigned n_vrrp_scripts;
	struct vrrp_track_file_conf *track_files;    /* in file order */
	unsigned n_track_files;
	struct vrrp_track_process_conf *track_processes;   /* in file order */
	unsigned n_track_processes;
	struct vrrp_sync_group_conf *sync_groups;    /* in file order */
	unsigned n_sync_groups;
	/* LVS (src/check/conf/conf_lvs.h): virtual_server and virtual_server_group */
	struct virtual_server_conf *virtual_servers;  /* in file order */
	unsigned n_virtual_servers;
	struct vs_group_conf *vs_groups;
	unsigned n_vs_groups;
	/* static_ipaddress / static_routes / static_rules (src/vrrp/conf/conf_iproute.h):
	 * installed at start, not tied to any VRRP state, removed at stop */
	struct vip_conf *static_addrs;
	unsigned n_static_addrs;
	struct vroute_conf *static_routes;
	unsigned n_static_routes;
	struct vrule_conf *static_rules;
	unsigned n_static_rules;
	struct mail_conf mail;       /* email alerts (src/conf_mail.c) */
	struct lvs_conf lvs;         /* sync daemon, timeouts, flush (src/vrrp/conf/conf_ipvs.c) */
	/* top-level net_namespace NAME: VRRP and checks run in /run/netns/NAME;
	 * net_namespace_ipvs [NAME]: the IPVS socket's ("" = the default
	 * namespace); NULL = not given (src/conf_global.c) */
	char *net_namespace, *net_namespace_ipvs;
	char **files;                /* interned file names (conf_origin.file) */
	unsigned n_files;
};

#endif
