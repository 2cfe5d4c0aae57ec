/* Keyword names keepalived accepts, per block, that floatd may not implement:
 * a keyword found here but not in floatd's own tables is a warning, anything
 * else an error.  Generated once from floatd's keyword notes on keepalived's
 * man page (facts only); edit by hand.  Pure data. */
#include "config.h"

#include <stddef.h>
#include <string.h>

#include "conf_known.h"

struct conf_known_block {
	const char *block;
	const char *const *kws;
};

static const char *const known_top[] = {
	"include", "includer", "includem", "includew", "includeb", "includea",
	"net_namespace", "net_namespace_ipvs", "namespace_with_ipsets", "use_pid_dir",
	"instance", "child_wait_time", "linkbeat_use_polling", "global_defs",
	"linkbeat_interfaces", "track_group", "static_ipaddress", "static_routes",
	"static_rules", "vrrp_track_process", "bfd_instance",
	"garp_group", "vrrp_instance",
	"interface_up_down_delays", "virtual_server_group", "virtual_server", "SSL", NULL,
};

static const char *const known_global_defs[] = {
	"tmp_config_directory", "config_save_dir", "process_names", "process_name",
	"vrrp_process_name", "checker_process_name", "lvs_process_name", "bfd_process_name",
	"use_symlink_paths", "set_supplementary_groups", "startup_script",
	"startup_script_timeout", "shutdown_script", "shutdown_script_timeout",
	"notification_email", "notification_email_from", "smtp_server", "smtp_helo_name",
	"smtp_connect_timeout", "smtp_alert", "smtp_alert_vrrp", "smtp_alert_checker",
	"checker_log_all_failures", "no_email_faults", "router_id", "vrrp_mcast_group4",
	"vrrp_mcast_group6", "default_interface", "vrrp_garp_master_repeat",
	"vrrp_garp_master_delay", "vrrp_garp_master_refresh",
	"vrrp_garp_master_refresh_repeat", "vrrp_garp_interval",
	"vrrp_gna_interval", "vrrp_min_garp", "vrrp_garp_extra_if", "vrrp_vmac_garp_intvl",
	"vrrp_down_timer_adverts", "vrrp_lower_prio_no_advert",
	"vrrp_version", "v3_checksum_as_v2", "nftables",
	"nftables_priority", "nftables_counters", "nftables_ifindex", "nftables_ipvs",
	"nftables_ipvs_priority", "nftables_ipvs_start_fwmark", "vrrp_iptables",
	"vrrp_ipsets", "disable_local_igmp", "vrrp_check_unicast_src",
	"vrrp_skip_check_adv_addr", "vrrp_notify_priority_changes",
	"vrrp_owner_ignore_adverts", "max_auto_priority", "min_auto_priority_delay",
	"vrrp_priority", "checker_priority", "bfd_priority", "vrrp_no_swap",
	"checker_no_swap", "bfd_no_swap", "vrrp_cpu_affinity", "checker_cpu_affinity",
	"bfd_cpu_affinity", "vrrp_rt_priority", "checker_rt_priority", "bfd_rt_priority",
	"vrrp_rlimit_rttime", "checker_rlimit_rttime", "bfd_rlimit_rttime",
	"vrrp_rlimit_rtime", "checker_rlimit_rtime", "bfd_rlimit_rtime", "snmp_socket",
	"enable_snmp_vrrp", "enable_snmp_keepalived", "enable_snmp_checker",
	"enable_snmp_rfc", "enable_snmp_rfcv2", "enable_snmp_rfcv3", "enable_traps",
	"snmp_vs_stats_update_interval", "snmp_rs_stats_update_interval", "enable_dbus",
	"dbus_service_name", "dbus_no_interface_name", "script_user",
	"enable_script_security", "notify_fifo", "notify_fifo_script", "vrrp_notify_fifo",
	"vrrp_notify_fifo_script", "lvs_notify_fifo", "lvs_notify_fifo_script",
	"fifo_write_vrrp_states_on_reload", "dynamic_interfaces", "vrrp_netlink_cmd_rcv_bufs",
	"vrrp_netlink_cmd_rcv_bufs_force", "vrrp_netlink_monitor_rcv_bufs",
	"vrrp_netlink_monitor_rcv_bufs_force", "lvs_netlink_cmd_rcv_bufs",
	"lvs_netlink_cmd_rcv_bufs_force", "lvs_netlink_monitor_rcv_bufs",
	"lvs_netlink_monitor_rcv_bufs_force", "process_monitor_rcv_bufs",
	"process_monitor_rcv_bufs_force", "vrrp_rx_bufs_policy", "vrrp_rx_bufs_multiplier",
	"rs_init_notifies", "no_checker_emails", "umask", "vrrp_startup_delay",
	"vrrp_delay_after_boot", "log_unknown_vrids", "vmac_prefix", "vmac_addr_prefix",
	"random_seed", "reload_check_config", "reload_time_file", "reload_repeat",
	"reload_file", "include_check", "data_use_instance", "state_dump_file",
	"stats_dump_file", "json_dump_file", "state_file_location", "stats_file_location",
	"json_file_location", "json_version", "iproute_usr_dir", "iproute_etc_dir",
	"lvs_id", NULL,
};

static const char *const known_track_group[] = {
	"group", NULL,
};

static const char *const known_vrrp_track_process[] = {
	"process", "param_match", "weight", "quorum", "quorum_max", "fork_delay",
	"terminate_delay", "delay", "full_command", NULL,
};

static const char *const known_bfd_instance[] = {
	"neighbor_ip", "neighbour_ip", "source_ip", "min_rx", "min_tx", "idle_tx",
	"multiplier", "passive", "ttl", "hoplimit", "max_hops", "multihop", "weight", "vrrp",
	"checker", NULL,
};

static const char *const known_vrrp_sync_group[] = {
	"track_process",
	"track_bfd", "notify_deleted", "notify_priority_changes", "smtp_alert",
	"global_tracking", "sync_group_tracking_weight", NULL,
};

static const char *const known_garp_group[] = {
	"garp_interval", "gna_interval", "interface", "interfaces", NULL,
};

static const char *const known_vrrp_instance[] = {
	"state", "interface", "vrf", "use_vmac_addr",
	"use_ipvlan", "native_ipv6", "dont_track_primary", "track_process", "track_bfd",
	"mcast_src_ip", "unicast_src_ip",
	"mcast_dst_ip", "track_src_ip", "version", "check_unicast_src", "unicast_peer",
	"unicast_fault_no_peer", "unicast_ttl", "old_unicast_checksum", "v3_checksum_as_v2",
	"garp_master_delay", "garp_master_repeat", "garp_master_refresh",
	"garp_master_refresh_repeat",
	"garp_extra_if", "vmac_garp_intvl", "down_timer_adverts", "timer_expired_backup",
	"thread_timer_expired", "lower_prio_no_advert", "owner_ignore_adverts",
	"virtual_router_id", "priority", "advert_int",
	"authentication", "auth_hmac", "virtual_ipaddress", "virtual_ipaddress_excluded",
	"no_virtual_ipaddress", "promote_secondaries", "nopreempt", "preempt", "preempt_delay",
	"skip_check_adv_addr", "debug", "notify_master", "notify_backup", "notify_fault",
	"notify_stop", "notify_deleted", "notify", "notify_master_rx_lower_pri",
	"notify_priority_changes", "smtp_alert", "kernel_rx_buf_size", "linkbeat_use_polling",
	NULL,
};

static const char *const known_authentication[] = {
	"auth_type", "auth_pass", NULL,
};

static const char *const known_auth_hmac[] = {
	"key", "active_key", "anti_replay", "time_window", "mode", NULL,
};

static const char *const known_virtual_server[] = {
	"lvs_sched", "lb_algo", "lvs_method", "lb_kind", "flag-1", "flag-2", "flag-3",
	"sh-port", "sh-fallback", "mh-port", "mh-fallback", "hashed", "ops",
	"persistence_engine", "persistence_timeout", "persistence_granularity", "protocol",
	"ha_suspend", "smtp_alert", "virtualhost", "snmp_name", "alpha", "omega", "quorum",
	"hysteresis", "quorum_up", "quorum_down", "ip_family", "sorry_server",
	"sorry_server_inhibit", "sorry_server_lvs_method", "connect_timeout", "retry",
	"delay_before_retry", "warmup", "delay_loop", "inhibit_on_failure", "weight",
	"real_server", NULL,
};

static const char *const known_real_server[] = {
	"weight", "lvs_method", "notify_up", "notify_down", "uthreshold", "lthreshold",
	"smtp_alert", "virtualhost", "snmp_name", "alpha", "connect_timeout", "retry",
	"delay_before_retry", "warmup", "delay_loop", "inhibit_on_failure", "TCP_CHECK",
	"HTTP_GET", "SSL_GET", "SMTP_CHECK", "DNS_CHECK", "MISC_CHECK", "UDP_CHECK",
	"PING_CHECK", "FILE_CHECK", "BFD_CHECK", NULL,
};

static const char *const known_tcp_check[] = {
	"connect_ip", "connect_port", "bindto", "bind_port", "bind_if", "connect_timeout",
	"fwmark", "retry", "delay_before_retry", "warmup", "delay_loop", "alpha",
	"log_all_failures", NULL,
};

static const char *const known_http_get[] = {
	"connect_ip", "connect_port", "bindto", "bind_port", "bind_if", "connect_timeout",
	"fwmark", "retry", "delay_before_retry", "warmup", "delay_loop", "alpha",
	"log_all_failures", "http_protocol", "virtualhost", "fast_recovery", "enable_sni",
	"sni_name", "tls_compliant", "url", "nb_get_retry", NULL,
};

static const char *const known_ssl_get[] = {
	"connect_ip", "connect_port", "bindto", "bind_port", "bind_if", "connect_timeout",
	"fwmark", "retry", "delay_before_retry", "warmup", "delay_loop", "alpha",
	"log_all_failures", "http_protocol", "virtualhost", "fast_recovery", "enable_sni",
	"sni_name", "tls_compliant", "url", "nb_get_retry", NULL,
};

static const char *const known_smtp_check[] = {
	"connect_ip", "connect_port", "bindto", "bind_port", "bind_if", "connect_timeout",
	"fwmark", "retry", "delay_before_retry", "warmup", "delay_loop", "alpha",
	"log_all_failures", "helo_name", "host", NULL,
};

static const char *const known_dns_check[] = {
	"connect_ip", "connect_port", "bindto", "bind_port", "bind_if", "connect_timeout",
	"fwmark", "retry", "delay_before_retry", "warmup", "delay_loop", "alpha",
	"log_all_failures", "type", "name", NULL,
};

static const char *const known_udp_check[] = {
	"connect_ip", "connect_port", "bindto", "bind_port", "bind_if", "connect_timeout",
	"fwmark", "retry", "delay_before_retry", "warmup", "delay_loop", "alpha",
	"log_all_failures", "payload", "require_reply", "min_reply_length",
	"max_reply_length", NULL,
};

static const char *const known_ping_check[] = {
	"connect_ip", "connect_port", "bindto", "bind_port", "bind_if", "connect_timeout",
	"fwmark", "retry", "delay_before_retry", "warmup", "delay_loop", "alpha",
	"log_all_failures", NULL,
};

static const char *const known_misc_check[] = {
	"retry", "delay_before_retry", "warmup", "delay_loop", "alpha", "log_all_failures",
	"misc_path", "misc_timeout", "misc_dynamic", "user", NULL,
};

static const char *const known_url[] = {
	"path", "digest", "status_code", "virtualhost", "regex", "regex_no_match",
	"regex_options", "regex_stack", "regex_min_offset", "regex_max_offset",
	"tls_compliant", NULL,
};

static const char *const known_file_check[] = {
	"track_file", "weight", "dynamic", NULL,
};

static const char *const known_bfd_check[] = {
	"name", "alpha", NULL,
};

static const char *const known_ssl[] = {
	"password", "ca", "certificate", "key", NULL,
};

static const struct conf_known_block conf_known_blocks[] = {
	{ "(top)", known_top },
	{ "global_defs", known_global_defs },
	{ "track_group", known_track_group },
	{ "vrrp_track_process", known_vrrp_track_process },
	{ "bfd_instance", known_bfd_instance },
	{ "vrrp_sync_group", known_vrrp_sync_group },
	{ "garp_group", known_garp_group },
	{ "vrrp_instance", known_vrrp_instance },
	{ "authentication", known_authentication },
	{ "auth_hmac", known_auth_hmac },
	{ "virtual_server", known_virtual_server },
	{ "real_server", known_real_server },
	{ "TCP_CHECK", known_tcp_check },
	{ "HTTP_GET", known_http_get },
	{ "SSL_GET", known_ssl_get },
	{ "SMTP_CHECK", known_smtp_check },
	{ "DNS_CHECK", known_dns_check },
	{ "UDP_CHECK", known_udp_check },
	{ "PING_CHECK", known_ping_check },
	{ "MISC_CHECK", known_misc_check },
	{ "url", known_url },
	{ "FILE_CHECK", known_file_check },
	{ "BFD_CHECK", known_bfd_check },
	{ "SSL", known_ssl },
};

bool conf_known_keyword(const char *block, const char *kw)
{
	for (size_t i = 0; i < sizeof(conf_known_blocks) / sizeof(conf_known_blocks[0]); i++) {
		if (strcmp(conf_known_blocks[i].block, block) != 0)
			continue;
		for (const char *const *k = conf_known_blocks[i].kws; *k; k++)
			if (strcmp(*k, kw) == 0)
				return true;
	}
	return false;
}

const char *const *conf_known_list(const char *block)
{
	for (size_t i = 0; i < sizeof(conf_known_blocks) / sizeof(conf_known_blocks[0]); i++)
		if (strcmp(conf_known_blocks[i].block, block) == 0)
			return conf_known_blocks[i].kws;
	return NULL;
}

/* Keywords of keepalived forks (from their parsers: alibaba/LVS's
 * keepalived, iqiyi/dpvs's tools/keepalived).  Upstream keepalived says
 * "unknown keyword" and carries on; floatd names the fork. */
#define FORK_FULLNAT "Alibaba LVS and DPVS (FULLNAT keepalived forks)"
#define FORK_DPVS "DPVS (iQIYI's keepalived fork)"

static const struct {
	const char *block, *kw, *fork;
} conf_fork_kws[] = {
	{ "(top)", "local_address_group", FORK_FULLNAT },
	{ "(top)", "deny_address_group", FORK_DPVS },
	{ "(top)", "tunnel_group", FORK_DPVS },
	{ "virtual_server", "laddr_group_name", FORK_FULLNAT },
	{ "virtual_server", "syn_proxy", FORK_FULLNAT },
	{ "virtual_server", "nat_mask", FORK_FULLNAT },
	{ "virtual_server", "daddr_group_name", FORK_DPVS },
	{ "virtual_server", "vip_bind_dev", FORK_DPVS },
	{ "virtual_server", "establish_timeout", FORK_DPVS },
	{ "virtual_server", "bps", FORK_DPVS },
	{ "virtual_server", "limit_proportion", FORK_DPVS },
	{ "virtual_server", "src-range", FORK_DPVS },
	{ "virtual_server", "dst-range", FORK_DPVS },
	{ "virtual_server", "oif", FORK_DPVS },
	{ "virtual_server", "iif", FORK_DPVS },
	{ "virtual_server", "hash_target", FORK_DPVS },
};

const char *conf_fork_keyword(const char *block, const char *kw)
{
	for (size_t i = 0; i < sizeof(conf_fork_kws) / sizeof(conf_fork_kws[0]); i++)
		if (strcmp(conf_fork_kws[i].block, block) == 0 &&
		    strcmp(conf_fork_kws[i].kw, kw) == 0)
			return conf_fork_kws[i].fork;
	return NULL;
}
