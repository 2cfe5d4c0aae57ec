/* keepalived's IPVS global_defs keywords run by the VRRP process: the sync
 * daemon following a VRRP instance, connection timeouts, flushes at start
 * and stop.  Grammar and defaults as keepalived 2.2 reads them
 * (core/global_parser.c, vrrp/vrrp_parser.c); where keepalived reports a
 * bad value and goes on, floatd reports an error and refuses the file.
 * Pure: parses, validates, dumps, compares. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "vrrp/conf/conf_ipvs.h"

/* IP_VS_IFNAME_MAXLEN: the kernel's sync daemon interface name, NUL included */
#define LVS_IFNAME_MAX 16
/* keepalived: a UDP payload that fits an IPv4 datagram */
#define LVS_MAXLEN_MAX (65535 - 20 - 8)

static int lvs_strdup(char **dst, const char *src)
{
	char *s = strdup(src);

	if (!s)
		return -1;
	free(*dst);
	*dst = s;
	return 0;
}

/* argv[i], decimal min..max; the error names the keyword and its option */
static int lvs_uint(struct conf_parse *p, const struct conf_line *l, int i, const char *opt,
                    unsigned long min, unsigned long max, unsigned long *out)
{
	const char *w = l->argv[i];
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(w, &end, 10);
	if (w[0] < '0' || w[0] > '9' || *end || errno || v < min || v > max) {
		conf_parse_error(p, l, "invalid %s %s '%s' (expected %lu..%lu)", l->argv[0], opt, w,
		                 min, max);
		return -1;
	}
	*out = v;
	return 0;
}

static bool lvs_multicast(const struct addr *a)
{
	if (a->family == AF_INET)
		return IN_MULTICAST(ntohl(a->ip.v4.s_addr));
	return IN6_IS_ADDR_MULTICAST(&a->ip.v6);
}

/* One option of lvs_sync_daemon with its value at argv[i + 1]. */
static int lvs_sync_option(struct conf_parse *p, const struct conf_line *l, int i,
                           struct lvs_sync_conf *s)
{
	const char *opt = l->argv[i];
	unsigned long v;

	if (i + 1 >= l->argc) {
		conf_parse_error(p, l, "lvs_sync_daemon %s needs a value", opt);
		return -1;
	}
	if (strcmp(opt, "inst") == 0) {
		if (s->instance) {
			conf_parse_warn(p, l, "lvs_sync_daemon instance given twice; '%s' kept, as "
			                "keepalived does", s->instance);
			return 0;
		}
		return lvs_strdup(&s->instance, l->argv[i + 1]);
	}
	if (strcmp(opt, "id") == 0) {
		if (lvs_uint(p, l, i + 1, "id", 0, 255, &v) < 0)
			return -1;
		s->syncid = (int)v;
		return 0;
	}
	if (strcmp(opt, "maxlen") == 0) {
		if (lvs_uint(p, l, i + 1, "maxlen", 1, LVS_MAXLEN_MAX, &v) < 0)
			return -1;
		s->maxlen = (uint16_t)v;
		return 0;
	}
	if (strcmp(opt, "port") == 0) {
		if (lvs_uint(p, l, i + 1, "port", 1, 65535, &v) < 0)
			return -1;
		s->port = (uint16_t)v;
		return 0;
	}
	if (strcmp(opt, "ttl") == 0) {
		if (lvs_uint(p, l, i + 1, "ttl", 1, 255, &v) < 0)
			return -1;
		s->ttl = (uint8_t)v;
		return 0;
	}
	/* "group" */
	{
		struct addr a;
		const char *why = NULL;

		if (addr_parse(l->argv[i + 1], 0, &a, &why) < 0) {
			conf_parse_error(p, l, "invalid lvs_sync_daemon group '%s'%s%s",
			                 l->argv[i + 1], why ? ": " : "", why ? why : "");
			return -1;
		}
		if (!lvs_multicast(&a)) {
			conf_parse_error(p, l, "lvs_sync_daemon group %s is not a multicast address",
			                 l->argv[i + 1]);
			return -1;
		}
		s->group_family = a.family;
		s->group = a.ip;
	}
	return 0;
}

static bool lvs_is_option(const char *w)
{
	static const char *const opts[] = { "inst", "id", "maxlen", "port", "ttl", "group",
	                                    NULL };

	for (unsigned i = 0; opts[i]; i++)
		if (strcmp(w, opts[i]) == 0)
			return true;
	return false;
}

/* lvs_sync_daemon IFNAME [[inst] INSTANCE] [id N] [maxlen N] [port N] [ttl N]
 * [group ADDR]; keepalived also still reads `IFNAME INSTANCE N`. */
static int lvs_sync_daemon(struct conf_parse *p, const struct conf_line *l,
                           struct lvs_sync_conf *s)
{
	struct lvs_sync_conf n = { .syncid = -1 };
	int rc = 0;

	if (s->ifname) {
		conf_parse_warn(p, l, "lvs_sync_daemon given twice; the one of %s:%d kept, as "
		                "keepalived does", s->origin.file, s->origin.line);
		return 0;
	}
	if (strlen(l->argv[1]) >= LVS_IFNAME_MAX) {
		conf_parse_error(p, l, "lvs_sync_daemon interface name '%s' is too long (at most "
		                 "%d characters)", l->argv[1], LVS_IFNAME_MAX - 1);
		return -1;
	}
	for (int i = 2; i < l->argc && rc == 0; i++) {
		if (lvs_is_option(l->argv[i])) {
			rc = lvs_sync_option(p, l, i, &n);
			i++;
		} else if (i == 2) {
			rc = lvs_strdup(&n.instance, l->argv[2]);
		} else if (i == 3) {
			unsigned long v;

			/* keepalived's older form: the sync id after the instance */
			if ((rc = lvs_uint(p, l, 3, "id", 0, 255, &v)) == 0) {
				n.syncid = (int)v;
				conf_parse_warn(p, l, "lvs_sync_daemon: write 'id %s' (read as the sync "
				                "id, as keepalived does)", l->argv[3]);
			}
		} else {
			conf_parse_error(p, l, "unknown lvs_sync_daemon option '%s' (inst, id, "
			                 "maxlen, port, ttl, group)", l->argv[i]);
			rc = -1;
		}
	}
	if (rc < 0 || lvs_strdup(&n.ifname, l->argv[1]) < 0) {
		free(n.instance);
		free(n.ifname);
		return -1;
	}
	n.origin.file = l->file;
	n.origin.line = l->line;
	*s = n;
	return 0;
}

/* lvs_timeouts [tcp SECS] [tcpfin SECS] [udp SECS]: at least one */
static int lvs_timeouts(struct conf_parse *p, const struct conf_line *l, struct lvs_conf *c)
{
	if (l->argc < 3) {
		conf_parse_error(p, l, "lvs_timeouts needs at least one of tcp, tcpfin, udp with "
		                 "its seconds");
		return -1;
	}
	for (int i = 1; i < l->argc; i += 2) {
		const char *w = l->argv[i];
		uint32_t *dst = strcmp(w, "tcp") == 0      ? &c->timeout_tcp
		                : strcmp(w, "tcpfin") == 0 ? &c->timeout_tcpfin
		                : strcmp(w, "udp") == 0    ? &c->timeout_udp
		                                           : NULL;
		unsigned long v;

		if (!dst) {
			conf_parse_error(p, l, "unknown lvs_timeouts option '%s' (tcp, tcpfin, udp)",
			                 w);
			return -1;
		}
		if (i + 1 >= l->argc) {
			conf_parse_error(p, l, "lvs_timeouts %s needs its seconds", w);
			return -1;
		}
		if (lvs_uint(p, l, i + 1, w, 0, CONF_IPVS_TIMEOUT_MAX, &v) < 0)
			return -1;
		*dst = (uint32_t)v;
	}
	return 0;
}

int conf_ipvs_global(struct conf_parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct floatd_conf *c = obj;

	(void)child;
	switch (conf_parse_kw_arg(p)) {
	case CONF_IPVS_KW_SYNC_DAEMON:
		return lvs_sync_daemon(p, l, &c->lvs.sync);
	case CONF_IPVS_KW_TIMEOUTS:
		return lvs_timeouts(p, l, &c->lvs);
	case CONF_IPVS_KW_FLUSH:
		c->lvs.flush = true;
		return 0;
	case CONF_IPVS_KW_FLUSH_ONSTOP:
		if (l->argc == 1) {
			c->lvs.flush_onstop = LVS_FLUSH_ONSTOP_FULL;
		} else if (strcmp(l->argv[1], "VS") == 0) {
			c->lvs.flush_onstop = LVS_FLUSH_ONSTOP_VS;
		} else {
			conf_parse_error(p, l, "unknown %s type '%s' (nothing, or VS)", l->argv[0],
			                 l->argv[1]);
			return -1;
		}
		return 0;
	}
	return conf_parse_bad_arg(p, l);
}

int conf_ipvs_instance(struct conf_parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct vrrp_instance_conf *vi = obj;

	(void)child;
	if (strlen(l->argv[1]) >= LVS_IFNAME_MAX) {
		conf_parse_error(p, l, "lvs_sync_daemon_interface name '%s' is too long (at most "
		                 "%d characters)", l->argv[1], LVS_IFNAME_MAX - 1);
		return -1;
	}
	conf_parse_warn(p, l, "lvs_sync_daemon_interface in vrrp_instance is deprecated; write "
	                "'lvs_sync_daemon %s %s' in global_defs", l->argv[1],
	                vi->name ? vi->name : "INSTANCE");
	if (vi->lvs_sync_ifname) {
		conf_parse_warn(p, l, "lvs_sync_daemon_interface given twice; '%s' kept",
		                vi->lvs_sync_ifname);
		return 0;
	}
	vi->lvs_sync_origin.file = l->file;
	vi->lvs_sync_origin.line = l->line;
	return lvs_strdup(&vi->lvs_sync_ifname, l->argv[1]);
}

static const struct vrrp_instance_conf *lvs_find(const struct floatd_conf *c, const char *name)
{
	for (const struct vrrp_instance_conf *vi = c->instances; vi; vi = vi->next)
		if (strcmp(vi->name, name) == 0)
			return vi;
	return NULL;
}

void conf_ipvs_validate(struct conf_parse *p, struct floatd_conf *c)
{
	struct lvs_sync_conf *s = &c->lvs.sync;
	const struct vrrp_instance_conf *vi;

	for (struct vrrp_instance_conf *v = c->instances; v; v = v->next) {
		if (!v->lvs_sync_ifname)
			continue;
		if (s->ifname) {
			conf_parse_report_at(p, 0, v->lvs_sync_origin.file, v->lvs_sync_origin.line,
			                     "(%s) lvs_sync_daemon_interface ignored: the sync daemon "
			                     "is already given at %s:%d", v->name, s->origin.file,
			                     s->origin.line);
			continue;
		}
		/* keepalived: this form follows its instance with sync id 0 */
		s->ifname = v->lvs_sync_ifname;
		v->lvs_sync_ifname = NULL;
		if (lvs_strdup(&s->instance, v->name) < 0) {
			conf_parse_report_at(p, 1, v->lvs_sync_origin.file, v->lvs_sync_origin.line,
			                     "out of memory");
			return;
		}
		s->syncid = 0;
		s->from_instance = true;
		s->origin = v->lvs_sync_origin;
	}
	if (!s->ifname)
		return;
	if (!s->instance) {
		/* keepalived's checker then runs a master and a backup daemon */
		if (s->syncid < 0)
			s->syncid = 0;
		return;
	}
	if (!(vi = lvs_find(c, s->instance))) {
		conf_parse_report_at(p, 1, s->origin.file, s->origin.line,
		                     "lvs_sync_daemon: vrrp_instance '%s' is not defined",
		                     s->instance);
		return;
	}
	if (s->syncid < 0)
		s->syncid = vi->vrid;
}

void conf_ipvs_dump_global(FILE *fp, const struct floatd_conf *c)
{
	const struct lvs_conf *lv = &c->lvs;
	const struct lvs_sync_conf *s = &lv->sync;

	if (s->ifname) {
		char ip[INET6_ADDRSTRLEN];

		fprintf(fp, "\tlvs_sync_daemon %s", s->ifname);
		if (s->instance)
			fprintf(fp, " inst %s", s->instance);
		fprintf(fp, " id %d", s->syncid);
		if (s->maxlen)
			fprintf(fp, " maxlen %u", s->maxlen);
		if (s->port)
			fprintf(fp, " port %u", s->port);
		if (s->ttl)
			fprintf(fp, " ttl %u", s->ttl);
		if (s->group_family && inet_ntop(s->group_family, &s->group, ip, sizeof(ip)))
			fprintf(fp, " group %s", ip);
		fprintf(fp, "\n");
	}
	if (lv->timeout_tcp || lv->timeout_tcpfin || lv->timeout_udp) {
		fprintf(fp, "\tlvs_timeouts");
		if (lv->timeout_tcp)
			fprintf(fp, " tcp %u", lv->timeout_tcp);
		if (lv->timeout_tcpfin)
			fprintf(fp, " tcpfin %u", lv->timeout_tcpfin);
		if (lv->timeout_udp)
			fprintf(fp, " udp %u", lv->timeout_udp);
		fprintf(fp, "\n");
	}
	if (lv->flush)
		fprintf(fp, "\tlvs_flush\n");
	if (lv->flush_onstop != LVS_FLUSH_ONSTOP_NONE)
		fprintf(fp, "\tlvs_flush_onstop%s\n",
		        lv->flush_onstop == LVS_FLUSH_ONSTOP_VS ? " VS" : "");
}

void conf_ipvs_free(struct floatd_conf *c)
{
	free(c->lvs.sync.ifname);
	free(c->lvs.sync.instance);
	c->lvs.sync.ifname = c->lvs.sync.instance = NULL;
}

static bool lvs_str_same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

bool conf_ipvs_sync_same(const struct lvs_sync_conf *a, const struct lvs_sync_conf *b)
{
	return lvs_str_same(a->ifname, b->ifname) && lvs_str_same(a->instance, b->instance) &&
	       a->syncid == b->syncid && a->maxlen == b->maxlen && a->port == b->port &&
	       a->ttl == b->ttl && a->group_family == b->group_family &&
	       (!a->group_family || memcmp(&a->group, &b->group, addr_len(a->group_family)) == 0);
}

bool conf_ipvs_timeouts_same(const struct lvs_conf *a, const struct lvs_conf *b)
{
	return a->timeout_tcp == b->timeout_tcp && a->timeout_tcpfin == b->timeout_tcpfin &&
	       a->timeout_udp == b->timeout_udp;
}

bool conf_ipvs_wanted(const struct lvs_conf *c)
{
	return c->sync.ifname || c->timeout_tcp || c->timeout_tcpfin || c->timeout_udp ||
	       c->flush || c->flush_onstop != LVS_FLUSH_ONSTOP_NONE;
}
