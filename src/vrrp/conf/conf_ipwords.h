/* Word readers shared by the ip-route and ip-rule grammars (conf_ipwords.c):
 * the cursor over one line's words, and the values iproute2 names (tables,
 * protocols, route types, realms, rtt times, port ranges).  Names come
 * from built-in tables (iproute2's and keepalived's defaults); floatd does
 * not read /etc/iproute2.  Only conf_iproute.c and conf_iprule.c include
 * this. */
#ifndef FLOATD_VRRP_CONF_IPWORDS_H
#define FLOATD_VRRP_CONF_IPWORDS_H

#include <stdbool.h>
#include <stdint.h>

#include "addr.h"
#include "vrrp/conf/conf_iproute.h"

struct ipw {
	int argc;
	char *const *argv;
	int i;                       /* the word being read */
	int family;                  /* 0 = not known yet */
	bool is_static;
	struct conf_ip_diag *d;
};

/* The word after the current one (advances), or NULL at the end. */
const char *ipw_next(struct ipw *);
/* Record the error (printf-style) and return -1. */
int ipw_fail(struct ipw *, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void ipw_warn(struct ipw *, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The value of the current word `what`, or an error "'what' needs a value". */
const char *ipw_value(struct ipw *);
/* Merge an address family into the line's; mixing is an error naming `what`. */
int ipw_family(struct ipw *, int family, const char *what);

/* Unsigned, decimal / 0x hex / 0 octal, no sign, at most max. 0/-1. */
int ipw_u32(const char *s, uint32_t max, uint32_t *out);
int ipw_u64(const char *s, uint64_t *out);
/* main/local/default or a number 0..2^32-1 */
int ipw_table(const char *s, uint32_t *out);
/* an RTPROT_* name (iproute2's rt_protos) or 0..255 */
int ipw_proto(const char *s, uint8_t *out);
/* ip rule ipproto: a protocol name (tcp, udp, icmp, ...) or 0..255 */
int ipw_ipproto(const char *s, uint8_t *out);
/* tos / dsfield: 0..255 */
int ipw_dsfield(const char *s, uint8_t *out);
/* realms: TO or FROM/TO, each 0..255 */
int ipw_realms(const char *s, uint32_t *out);
/* route types (RTN_*): unicast, local, broadcast (brd), anycast, multicast,
 * blackhole, unreachable, prohibit, throw, nat, xresolve */
int ipw_rtntype(const char *s, uint8_t *out);
const char *ipw_rtntype_name(uint8_t type);
/* ADDR[/LEN], or default/all/any (*any = true, family unknown) */
int ipw_prefix(struct ipw *, const char *s, const char *what, struct addr *out, bool *any);
/* rtt / rttvar / rto_min: a number in the kernel's unit (1/mult ms), or
 * with a unit s/sec/secs/ms/msec/msecs (fractions allowed), as keepalived:
 * clamped to 200 ms .. 120 s with a warning.  0/-1 */
int ipw_rtt(struct ipw *, const char *kw, const char *s, unsigned mult, uint32_t *out);
/* N or N-M, each 0..65535 (M >= N) */
int ipw_port_range(const char *s, uint16_t out[2]);
/* the text of an address of `family` */
const char *ipw_ntop(int family, const union addr_ip *a, char *buf, unsigned len);

#endif
