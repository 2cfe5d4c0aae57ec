/* The one address parser and scope table (see addr.h). */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "addr.h"

/* Longest text of an address we accept, plus "/128" and the NUL. */
#define ADDR_TEXT_MAX (INET6_ADDRSTRLEN + 8)

static const struct {
	const char *name;
	uint8_t scope;
} addr_scopes[] = {
	/* the first name of a value is the one printed */
	{ "global", 0 }, { "universe", 0 }, { "site", 200 }, { "link", 253 }, { "host", 254 },
	{ "nowhere", 255 },
};

unsigned addr_len(int family)
{
	return family == AF_INET ? 4 : family == AF_INET6 ? 16 : 0;
}

bool addr_eq(const struct addr *a, const struct addr *b)
{
	return a->family == b->family && addr_len(a->family) > 0 &&
	       memcmp(&a->ip, &b->ip, addr_len(a->family)) == 0;
}

static int addr_fail(const char **why, const char *msg, int rc)
{
	if (why != NULL)
		*why = msg;
	return rc;
}

int addr_parse(const char *s, int family, struct addr *out, const char **why)
{
	memset(out, 0, sizeof(*out));
	if (s == NULL || *s == '\0')
		return addr_fail(why, "missing address", -EINVAL);
	if (family != AF_INET6 && inet_pton(AF_INET, s, &out->ip.v4) == 1) {
		out->family = AF_INET;
		out->prefixlen = 32;
		return 0;
	}
	if (family != AF_INET && inet_pton(AF_INET6, s, &out->ip.v6) == 1) {
		out->family = AF_INET6;
		out->prefixlen = 128;
		return 0;
	}
	memset(out, 0, sizeof(*out));
	if (family == AF_INET)
		return addr_fail(why, "not an IPv4 address", -EINVAL);
	if (family == AF_INET6)
		return addr_fail(why, "not an IPv6 address", -EINVAL);
	return addr_fail(why, "not an IPv4 or IPv6 address", -EINVAL);
}

int addr_parse_prefix(const char *s, int family, struct addr *out, const char **why)
{
	char buf[ADDR_TEXT_MAX];
	const char *slash;
	unsigned long n = 0;
	int rc;

	if (s == NULL || (slash = strchr(s, '/')) == NULL)
		return addr_parse(s, family, out, why);
	if ((size_t)(slash - s) >= sizeof(buf)) {
		memset(out, 0, sizeof(*out));
		return addr_fail(why, "not an IPv4 or IPv6 address", -EINVAL);
	}
	memcpy(buf, s, (size_t)(slash - s));
	buf[slash - s] = '\0';
	if ((rc = addr_parse(buf, family, out, why)) < 0)
		return rc;
	slash++;
	/* digits only: no sign, no blank, no hex (iproute2 reads it decimal) */
	if (*slash == '\0' || strspn(slash, "0123456789") != strlen(slash))
		return addr_fail(why, "prefix length is not a number", -ERANGE);
	n = strtoul(slash, NULL, 10);
	if (n > out->prefixlen)
		return addr_fail(why, out->family == AF_INET ? "prefix length above 32"
		                                             : "prefix length above 128", -ERANGE);
	out->prefixlen = (uint8_t)n;
	return 0;
}

int addr_scope_parse(const char *s, uint8_t *out)
{
	unsigned long n;
	char *end;

	for (size_t k = 0; k < sizeof(addr_scopes) / sizeof(*addr_scopes); k++)
		if (strcmp(s, addr_scopes[k].name) == 0) {
			*out = addr_scopes[k].scope;
			return 0;
		}
	if (*s == '\0' || *s == '-' || *s == '+' || *s == ' ')
		return -EINVAL;
	n = strtoul(s, &end, 0);
	if (*end != '\0' || n > 255)
		return -EINVAL;
	*out = (uint8_t)n;
	return 0;
}

const char *addr_scope_name(uint8_t scope)
{
	for (size_t k = 0; k < sizeof(addr_scopes) / sizeof(*addr_scopes); k++)
		if (addr_scopes[k].scope == scope)
			return addr_scopes[k].name;
	return NULL;
}
