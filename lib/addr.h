/* An IPv4 or IPv6 address (family + bytes, optionally a prefix length) and
 * its one parser, plus the one table of route/address scope names.  Pure
 * and generic: knows nothing of VRRP, LVS or the configuration grammar. */
#ifndef FLOATD_ADDR_H
#define FLOATD_ADDR_H

#include <stdbool.h>
#include <stdint.h>
#include <netinet/in.h>

/* The bytes of either family (network order), as every layer stores them. */
union addr_ip {
	struct in_addr v4;
	struct in6_addr v6;
};

struct addr {
	int family;                  /* AF_INET / AF_INET6 */
	union addr_ip ip;
	uint8_t prefixlen;           /* 32 / 128 when none was given */
};

/* "ADDR": an IPv4 or IPv6 address.  family 0 = either, else only that one.
 * 0, or -EINVAL with *why saying what is wrong (why may be NULL). */
int addr_parse(const char *s, int family, struct addr *out, const char **why);
/* "ADDR" or "ADDR/PREFIX" (PREFIX decimal, at most 32 / 128).  0, or
 * -EINVAL (the address part is wrong) / -ERANGE (the prefix length is),
 * with *why. */
int addr_parse_prefix(const char *s, int family, struct addr *out, const char **why);
/* Bytes of the family: 4, 16, or 0 for anything else. */
unsigned addr_len(int family);
/* Equal family and bytes (the prefix length is not compared). */
bool addr_eq(const struct addr *, const struct addr *);

/* Scopes (RT_SCOPE_* of <linux/rtnetlink.h>): iproute2's rt_scopes names
 * global/site/link/host/nowhere, "universe" (the kernel's name for 0), or a
 * number 0..255 (decimal, 0x hex or 0 octal, as iproute2 and keepalived read
 * it).  0 or -EINVAL. */
int addr_scope_parse(const char *s, uint8_t *out);
/* The name of a scope value, or NULL when it has none ("global" for 0). */
const char *addr_scope_name(uint8_t scope);

#endif
