/* Notify FIFO lines of the checker (see fifo_line.h).  Pure. */
#include "config.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>

#include "check/fifo_line.h"

/* "[ADDR]:PROTO:PORT", keepalived's inet_sockaddrtotrio() */
static void fifo_trio(const struct check_sockaddr *a, uint16_t proto, char *buf, size_t len)
{
	char addr[INET6_ADDRSTRLEN] = "?";
	const char *p = proto == IPPROTO_TCP ? "tcp" : proto == IPPROTO_UDP ? "udp" :
	                proto == IPPROTO_SCTP ? "sctp" : proto == 0 ? "none" : "?";

	inet_ntop(a->family, &a->addr, addr, sizeof(addr));
	snprintf(buf, len, "[%s]:%s:%u", addr, p, a->port);
}

static void fifo_vs(const struct virtual_server_conf *vs, char *buf, size_t len)
{
	if (vs->kind == CHECK_VS_GROUP)
		snprintf(buf, len, "[%s]:%u", vs->group, vs->addr.port);
	else if (vs->kind == CHECK_VS_FWMARK)
		snprintf(buf, len, "FWM %u", vs->fwmark);
	else
		fifo_trio(&vs->addr, vs->protocol, buf, len);
}

static size_t fifo_done(int n, size_t len)
{
	return n > 0 && (size_t)n < len ? (size_t)n : 0;
}

size_t check_fifo_vs_line(const struct virtual_server_conf *vs, bool up, char *buf, size_t len)
{
	char v[320];

	fifo_vs(vs, v, sizeof(v));
	return fifo_done(snprintf(buf, len, "VS %s %s\n", v, up ? "UP" : "DOWN"), len);
}

size_t check_fifo_rs_line(const struct virtual_server_conf *vs, const struct real_server_conf *rs,
                          bool up, char *buf, size_t len)
{
	char v[320], r[80];

	fifo_vs(vs, v, sizeof(v));
	fifo_trio(&rs->addr, vs->protocol, r, sizeof(r));
	return fifo_done(snprintf(buf, len, "RS %s %s %s\n", r, v, up ? "UP" : "DOWN"), len);
}
