/* IPVS over generic netlink (family "IPVS").  Two halves:
 *  - ipvs_msg.c (pure): build and parse the genl messages as byte buffers,
 *    so unit tests need neither libnl nor a kernel with IPVS;
 *  - ipvs.c (system): the only IPVS user of libnl-genl; resolves the family,
 *    sends, waits for acks, dumps.  When the kernel has no IPVS it logs
 *    "IPVS not available: <reason>" once and returns IPVS_UNAVAILABLE so the
 *    checker child keeps checking and reporting health. */
#ifndef FLOATD_CHECK_IPVS_H
#define FLOATD_CHECK_IPVS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "addr.h"      /* union addr_ip */

#define IPVS_UNAVAILABLE (-2)     /* distinct from -1: no IPVS in this kernel */
#define IPVS_NAME_MAX 16          /* IP_VS_SCHEDNAME_MAXLEN, IP_VS_PENAME_MAXLEN */

/* A virtual service.  Identity: (af, fwmark) when fwmark != 0, else
 * (af, protocol, addr, port).  Ports in host byte order. */
struct ipvs_service {
	uint16_t af;
	uint16_t protocol;            /* IPPROTO_TCP/UDP/SCTP; fwmark services too */
	union addr_ip addr;
	uint16_t port;
	uint32_t fwmark;
	char sched[IPVS_NAME_MAX];
	uint32_t flags;               /* IP_VS_SVC_F_* (PERSISTENT, ONEPACKET, SCHEDn) */
	uint32_t timeout_s;           /* persistence timeout */
	uint32_t netmask;             /* IPv4: mask (network order); IPv6: prefix length */
	char pe_name[IPVS_NAME_MAX];  /* "" = none */
};

/* A real server (destination) of a service. */
struct ipvs_dest {
	uint16_t af;                  /* may differ from the service's with TUN */
	union addr_ip addr;
	uint16_t port;
	uint32_t fwd_method;          /* IP_VS_CONN_F_MASQ/TUNNEL/DROUTE */
	int32_t weight;
	uint32_t u_thresh, l_thresh;
	uint32_t active_conns, inact_conns;   /* read back only; ignored on send */
};

/* The sync daemon (keepalived's lvs_sync_daemon): one per state. */
struct ipvs_daemon {
	uint32_t state;               /* IP_VS_STATE_MASTER or IP_VS_STATE_BACKUP */
	char ifname[16];              /* IP_VS_IFNAME_MAXLEN, NUL included */
	uint32_t syncid;              /* 0..255 */
	uint16_t maxlen, port;        /* 0 = the kernel's default */
	uint8_t ttl;                  /* 0 = the kernel's default */
	uint16_t group_af;            /* 0 = the kernel's default group */
	union addr_ip group;
};

/* Connection timeouts in seconds (IPVS_CMD_SET/GET_CONFIG); 0 = not set. */
struct ipvs_timeouts {
	uint32_t tcp, tcpfin, udp;
};

/* ---- pure message codec (ipvs_msg.c) */

/* Build a complete netlink message (nlmsghdr + genlmsghdr + attributes)
 * into buf.  `full` adds the attributes the kernel needs to create or edit
 * (sched, flags, timeout, netmask; dest fwd/weight/thresholds); without it
 * only the identity (for delete).  Returns the length, or -1 if too small. */
int ipvs_msg_service(uint8_t *buf, size_t size, uint16_t family_id, uint8_t cmd,
                     uint32_t seq, const struct ipvs_service *svc, bool full);
int ipvs_msg_dest(uint8_t *buf, size_t size, uint16_t family_id, uint8_t cmd, uint32_t seq,
                  const struct ipvs_service *svc, const struct ipvs_dest *d, bool full);
/* Dump requests: GET_SERVICE (svc NULL) or GET_DEST of svc; NLM_F_DUMP, no
 * NLM_F_ACK (the dump ends with NLMSG_DONE, which keeps libnl's seq in step). */
int ipvs_msg_dump(uint8_t *buf, size_t size, uint16_t family_id, uint8_t cmd, uint32_t seq,
                  const struct ipvs_service *svc);

/* NEW_DAEMON (start: state, interface, sync id and whichever of maxlen,
 * group, port and TTL are set) or DEL_DAEMON (state, sync id). */
int ipvs_msg_daemon(uint8_t *buf, size_t size, uint16_t family_id, uint32_t seq, bool start,
                    const struct ipvs_daemon *);
/* SET_CONFIG with the non-zero timeouts only (the kernel keeps the rest). */
int ipvs_msg_timeouts(uint8_t *buf, size_t size, uint16_t family_id, uint32_t seq,
                      const struct ipvs_timeouts *);
/* A command without attributes: IPVS_CMD_FLUSH, IPVS_CMD_GET_CONFIG. */
int ipvs_msg_cmd(uint8_t *buf, size_t size, uint16_t family_id, uint8_t cmd, uint32_t seq);
/* The generic-netlink controller's CTRL_CMD_GETFAMILY for "IPVS". */
int ipvs_msg_family_lookup(uint8_t *buf, size_t size, uint32_t seq);
/* All these ask for an ack (NLM_F_ACK) and return the length or -1. */

enum ipvs_parse {
	IPVS_PARSE_OK = 0,
	IPVS_PARSE_TRUNCATED,      /* lengths do not add up */
	IPVS_PARSE_NO_ATTR,        /* no IPVS_CMD_ATTR_SERVICE / _DEST nest */
	IPVS_PARSE_MISSING,        /* a required member attribute is absent */
	IPVS_PARSE_BAD_VALUE,      /* an attribute has the wrong size */
};
const char *ipvs_parse_name(enum ipvs_parse);
/* Parse one message (starting at its nlmsghdr) of a GET_SERVICE / GET_DEST
 * reply, or a request built above (round trip). */
enum ipvs_parse ipvs_msg_parse_service(const uint8_t *msg, size_t len, struct ipvs_service *);
enum ipvs_parse ipvs_msg_parse_dest(const uint8_t *msg, size_t len, struct ipvs_dest *);
/* GET_CONFIG's answer (all three timeouts) / the controller's answer to
 * the family lookup (CTRL_ATTR_FAMILY_ID). */
enum ipvs_parse ipvs_msg_parse_timeouts(const uint8_t *msg, size_t len, struct ipvs_timeouts *);
enum ipvs_parse ipvs_msg_parse_family(const uint8_t *msg, size_t len, uint16_t *id);

/* Identity comparison and a stable text key ("tcp 10.0.0.1 80",
 * "udp [2001:db8::1] 53", "fwmark 5 inet6") used in logs and the ownership
 * file.  ipvs_service_from_key parses one back (0 / -1). */
bool ipvs_service_same(const struct ipvs_service *, const struct ipvs_service *);
bool ipvs_dest_same(const struct ipvs_dest *, const struct ipvs_dest *);
const char *ipvs_service_key(const struct ipvs_service *, char *buf, size_t size);
int ipvs_service_from_key(const char *key, struct ipvs_service *out);
const char *ipvs_dest_str(const struct ipvs_dest *, char *buf, size_t size);

/* ---- kernel side (ipvs.c, libnl-genl-3) */

struct ipvs_handle;
/* 0 and *out; IPVS_UNAVAILABLE (family "IPVS" missing, logged once as
 * "IPVS not available: ..."); -1 other failure (logged). */
int ipvs_open(struct ipvs_handle **out);
void ipvs_close(struct ipvs_handle *);
/* Each returns 0, -1 (errno set from the kernel's answer, logged by the
 * caller), or IPVS_UNAVAILABLE when h is NULL (no IPVS): callers carry on. */
int ipvs_service_add(struct ipvs_handle *, const struct ipvs_service *);
int ipvs_service_edit(struct ipvs_handle *, const struct ipvs_service *);
int ipvs_service_del(struct ipvs_handle *, const struct ipvs_service *);
int ipvs_dest_add(struct ipvs_handle *, const struct ipvs_service *, const struct ipvs_dest *);
int ipvs_dest_edit(struct ipvs_handle *, const struct ipvs_service *, const struct ipvs_dest *);
int ipvs_dest_del(struct ipvs_handle *, const struct ipvs_service *, const struct ipvs_dest *);

/* A service with its destinations, as dumped or as wanted. */
struct ipvs_svc_state {
	struct ipvs_service svc;
	struct ipvs_dest *dests;
	unsigned n_dests;
};
/* Dump every service and its dests (malloc'd; free with ipvs_state_free). */
int ipvs_dump(struct ipvs_handle *, struct ipvs_svc_state **out, unsigned *n);
void ipvs_state_free(struct ipvs_svc_state *, unsigned n);

#endif
