/* Pure tracking code: keepalived's weight rules (vrrp_track_compute),
 * rise/fall, the ARP request builder / reply parser, and the tracking
 * config (values, group resolution, exact file:line messages). */
#include "config.h"

#include <arpa/inet.h>
#include <check.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "vrrp/track/arp_frame.h"
#include "vrrp/track/nd_probe_frame.h"
#include "vrrp/track/track_calc.h"
#include "unit_main.h"

/* ---- aggregation */

static struct vrrp_track_result calc(const struct vrrp_track_input *in, unsigned n)
{
	struct vrrp_track_result r;

	vrrp_track_compute(in, n, &r);
	return r;
}

#define SCRIPT(w, rev, ok) { VRRP_TRACK_SCRIPT, "s", w, rev, ok, 0 }
#define IFACE(w, rev, ok) { VRRP_TRACK_IFACE, "i", w, rev, ok, 0 }
#define TFILE(w, rev, v) { VRRP_TRACK_FILE, "f", w, rev, true, v }

START_TEST(t_weights)
{
	struct vrrp_track_input pos_ok[] = { SCRIPT(10, false, true) };
	struct vrrp_track_input pos_ko[] = { SCRIPT(10, false, false) };
	struct vrrp_track_input neg_ok[] = { SCRIPT(-20, false, true) };
	struct vrrp_track_input neg_ko[] = { SCRIPT(-20, false, false) };
	struct vrrp_track_input rev_pos_ok[] = { IFACE(10, true, true) };
	struct vrrp_track_input rev_neg_ko[] = { IFACE(-20, true, false) };
	struct vrrp_track_input mix[] = { SCRIPT(10, false, true), IFACE(-5, false, false),
	                                  TFILE(3, false, 4) };

	ck_assert_int_eq(calc(pos_ok, 1).priority_delta, 10);
	ck_assert_int_eq(calc(pos_ko, 1).priority_delta, 0);
	ck_assert_int_eq(calc(neg_ok, 1).priority_delta, 0);
	ck_assert_int_eq(calc(neg_ko, 1).priority_delta, -20);
	ck_assert_int_eq(calc(rev_pos_ok, 1).priority_delta, -10);
	ck_assert_int_eq(calc(rev_neg_ko, 1).priority_delta, 20);
	ck_assert_int_eq(calc(mix, 3).priority_delta, 10 - 5 + 12);
	ck_assert(!calc(mix, 3).fault);
}
END_TEST

START_TEST(t_fault)
{
	struct vrrp_track_input zero_ko[] = { SCRIPT(10, false, true), IFACE(0, false, false) };
	struct vrrp_track_input zero_ok[] = { IFACE(0, false, true) };
	struct vrrp_track_input zero_rev[] = { SCRIPT(0, true, true) };
	struct vrrp_track_input file0[] = { TFILE(0, false, 1) };
	struct vrrp_track_input file0_ok[] = { TFILE(0, false, 0) };
	struct vrrp_track_input file_low[] = { TFILE(-1, false, 254) };
	struct vrrp_track_input file_rev[] = { TFILE(2, true, 126) };
	struct vrrp_track_input file_big[] = { TFILE(100, false, 100) };
	struct vrrp_track_result r = calc(zero_ko, 2);

	ck_assert(r.fault);
	ck_assert_ptr_eq(r.fault_by, &zero_ko[1]);
	ck_assert(!calc(zero_ok, 1).fault);
	ck_assert(calc(zero_rev, 1).fault);
	ck_assert(calc(file0, 1).fault);
	ck_assert(!calc(file0_ok, 1).fault);
	ck_assert(calc(file_low, 1).fault);            /* 254 × -1 = -254: FAULT */
	ck_assert(!calc(file_rev, 1).fault);           /* 126 × -2 = -252 */
	ck_assert_int_eq(calc(file_rev, 1).priority_delta, -252);
	file_rev[0].value = 127;
	ck_assert(calc(file_rev, 1).fault);            /* -254 */
	ck_assert_int_eq(calc(file_big, 1).priority_delta, 254);  /* clamped */
}
END_TEST

START_TEST(t_file_rev_value)
{
	struct vrrp_track_input f[] = { TFILE(2, true, 10) };

	ck_assert_int_eq(calc(f, 1).priority_delta, -20);
	f[0].value = -10;
	ck_assert_int_eq(calc(f, 1).priority_delta, 20);
}
END_TEST

START_TEST(t_rise_fall)
{
	struct vrrp_track_rf rf;

	vrrp_track_rf_init(&rf, false);
	ck_assert(rf.ok);
	/* fall 3: two failures, a success resets, then three */
	ck_assert(!vrrp_track_rf_feed(&rf, false, 2, 3));
	ck_assert(!vrrp_track_rf_feed(&rf, false, 2, 3));
	ck_assert(!vrrp_track_rf_feed(&rf, true, 2, 3));
	ck_assert(!vrrp_track_rf_feed(&rf, false, 2, 3));
	ck_assert(!vrrp_track_rf_feed(&rf, false, 2, 3));
	ck_assert(rf.ok);
	ck_assert(vrrp_track_rf_feed(&rf, false, 2, 3));
	ck_assert(!rf.ok);
	/* rise 2 */
	ck_assert(!vrrp_track_rf_feed(&rf, true, 2, 3));
	ck_assert(vrrp_track_rf_feed(&rf, true, 2, 3));
	ck_assert(rf.ok);
	vrrp_track_rf_init(&rf, true);
	ck_assert(!rf.ok);
	ck_assert(vrrp_track_rf_feed(&rf, true, 1, 1));
}
END_TEST

/* ---- ARP */

START_TEST(t_arp_build)
{
	static const uint8_t want[VRRP_ARP_FRAME_LEN] = {
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06,
		0x00, 0x01, 0x08, 0x00, 6, 4, 0x00, 0x01,
		0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 192, 0, 2, 10,
		0, 0, 0, 0, 0, 0, 192, 0, 2, 1,
	};
	const uint8_t mac[6] = { 0x02, 0, 0, 0, 0, 0x01 };
	uint8_t f[VRRP_ARP_FRAME_LEN];
	struct in_addr s, t;

	inet_pton(AF_INET, "192.0.2.10", &s);
	inet_pton(AF_INET, "192.0.2.1", &t);
	ck_assert_uint_eq(vrrp_arp_request_build(f, mac, s, t), VRRP_ARP_FRAME_LEN);
	ck_assert_mem_eq(f, want, sizeof(want));
}
END_TEST

START_TEST(t_arp_parse)
{
	const uint8_t mac[6] = { 0x02, 0, 0, 0, 0, 0x01 };
	uint8_t f[64], got[6];
	struct in_addr s, t, from;

	inet_pton(AF_INET, "192.0.2.1", &s);
	inet_pton(AF_INET, "192.0.2.10", &t);
	vrrp_arp_request_build(f, mac, s, t);
	ck_assert_int_eq(vrrp_arp_reply_parse(f, VRRP_ARP_FRAME_LEN, &from, got),
	                 VRRP_ARP_NOT_REPLY);
	f[14 + 7] = 2;   /* op = reply */
	ck_assert_int_eq(vrrp_arp_reply_parse(f, VRRP_ARP_FRAME_LEN, &from, got), VRRP_ARP_REPLY);
	ck_assert_uint_eq(from.s_addr, s.s_addr);
	ck_assert_mem_eq(got, mac, 6);
	ck_assert_int_eq(vrrp_arp_reply_parse(f, 41, &from, got), VRRP_ARP_SHORT);
	f[13] = 0x00;    /* IPv4 ethertype */
	ck_assert_int_eq(vrrp_arp_reply_parse(f, 60, &from, got), VRRP_ARP_NOT_ARP);
	f[13] = 0x06;
	f[14 + 4] = 8;   /* hlen */
	ck_assert_int_eq(vrrp_arp_reply_parse(f, 60, &from, got), VRRP_ARP_NOT_ARP);
}
END_TEST

/* ---- config */

static char tdir[PATH_MAX / 2];

static void setup(void)
{
	snprintf(tdir, sizeof(tdir), "%s/floatd-track-XXXXXX",
	         getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(tdir));
}

static void teardown(void)
{
	char cmd[PATH_MAX + 16];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tdir);
	ck_assert_int_eq(system(cmd), 0);
}

struct load {
	struct floatd_conf *c;
	char *diags;
	size_t len;
	FILE *fp;
};

static void record(void *arg, enum conf_severity sev, const char *file, int line,
                   const char *msg)
{
	struct load *l = arg;
	const char *b = strrchr(file, '/');

	fprintf(l->fp, "%s:%d: %s: %s\n", b ? b + 1 : file, line,
	        sev == CONF_ERROR ? "error" : "warning", msg);
}

static int load(struct load *l, const char *text)
{
	struct conf_diag d = { .report = record };
	char path[PATH_MAX];
	FILE *fp;
	int rc;

	snprintf(path, sizeof(path), "%s/t.conf", tdir);
	fp = fopen(path, "w");
	ck_assert_ptr_nonnull(fp);
	fputs(text, fp);
	fclose(fp);
	memset(l, 0, sizeof(*l));
	l->fp = open_memstream(&l->diags, &l->len);
	d.arg = l;
	rc = floatd_conf_load_id(path, "", &d, &l->c);
	fclose(l->fp);
	return rc;
}

static void unload(struct load *l)
{
	floatd_conf_free(l->c);
	free(l->diags);
}

static void has(const struct load *l, const char *line)
{
	char want[1200];

	snprintf(want, sizeof(want), "%s\n", line);
	ck_assert_msg(strstr(l->diags, want) != NULL, "missing:\n  %s\ngot:\n%s", line, l->diags);
}

#define VI(name, vrid, extra) \
	"vrrp_instance " name " {\n interface eth0\n virtual_router_id " #vrid "\n" \
	" virtual_ipaddress {\n  10.0.0." #vrid "\n }\n" extra "}\n"

/* A classic BPF interpreter for the instructions vrrp_arp_reply_filter
 * emits (ld h/w abs, jeq k, ret k), so the filter is tested on frames. */
static uint32_t bpf_run(const struct sock_filter *p, size_t n, const uint8_t *f, size_t len)
{
	uint32_t a = 0;

	for (size_t pc = 0; pc < n; pc++) {
		const struct sock_filter *i = &p[pc];

		switch (i->code) {
		case BPF_LD | BPF_H | BPF_ABS:
			if (i->k + 2 > len)
				return 0;
			a = (uint32_t)f[i->k] << 8 | f[i->k + 1];
			break;
		case BPF_LD | BPF_W | BPF_ABS:
			if (i->k + 4 > len)
				return 0;
			a = (uint32_t)f[i->k] << 24 | (uint32_t)f[i->k + 1] << 16 |
			    (uint32_t)f[i->k + 2] << 8 | f[i->k + 3];
			break;
		case BPF_JMP | BPF_JEQ | BPF_K:
			pc += a == i->k ? i->jt : i->jf;
			break;
		case BPF_RET | BPF_K:
			return i->k;
		default:
			ck_abort_msg("unexpected BPF opcode %#x", i->code);
		}
	}
	ck_abort_msg("BPF program fell off its end");
	return 0;
}

static void arp_reply_frame(uint8_t *f, const char *sender)
{
	static const uint8_t mac[6] = { 2, 0, 0, 0, 0, 9 };
	struct in_addr s, t;

	inet_pton(AF_INET, sender, &s);
	inet_pton(AF_INET, "192.0.2.1", &t);
	vrrp_arp_request_build(f, mac, s, t);
	f[21] = 2;                          /* op: reply */
}

START_TEST(t_arp_filter)
{
	struct sock_filter prog[VRRP_ARP_FILTER_LEN_MAX];
	struct in_addr refs[VRRP_ARP_FILTER_MAX_SENDERS + 1];
	uint8_t f[VRRP_ARP_FRAME_LEN];
	size_t n;

	inet_pton(AF_INET, "192.0.2.254", &refs[0]);
	inet_pton(AF_INET, "198.51.100.7", &refs[1]);
	n = vrrp_arp_reply_filter(prog, VRRP_ARP_FILTER_LEN_MAX, refs, 2);
	ck_assert_uint_eq(n, 9);
	arp_reply_frame(f, "192.0.2.254");
	ck_assert_uint_ne(bpf_run(prog, n, f, sizeof(f)), 0);
	arp_reply_frame(f, "198.51.100.7");
	ck_assert_uint_ne(bpf_run(prog, n, f, sizeof(f)), 0);
	/* another sender, a request from a reference, not ARP at all, short */
	arp_reply_frame(f, "192.0.2.253");
	ck_assert_uint_eq(bpf_run(prog, n, f, sizeof(f)), 0);
	arp_reply_frame(f, "192.0.2.254");
	f[21] = 1;
	ck_assert_uint_eq(bpf_run(prog, n, f, sizeof(f)), 0);
	arp_reply_frame(f, "192.0.2.254");
	f[13] = 0x00;
	ck_assert_uint_eq(bpf_run(prog, n, f, sizeof(f)), 0);
	arp_reply_frame(f, "192.0.2.254");
	ck_assert_uint_eq(bpf_run(prog, n, f, 20), 0);
	/* too small a buffer */
	ck_assert_uint_eq(vrrp_arp_reply_filter(prog, 8, refs, 2), 0);
	/* too many senders for 8-bit jumps: every ARP reply passes */
	for (unsigned i = 0; i <= VRRP_ARP_FILTER_MAX_SENDERS; i++)
		refs[i].s_addr = htonl(0x0a000001u + i);
	n = vrrp_arp_reply_filter(prog, VRRP_ARP_FILTER_LEN_MAX, refs,
	                          VRRP_ARP_FILTER_MAX_SENDERS + 1);
	ck_assert_uint_eq(n, 6);
	arp_reply_frame(f, "192.0.2.253");
	ck_assert_uint_ne(bpf_run(prog, n, f, sizeof(f)), 0);
	f[21] = 1;
	ck_assert_uint_eq(bpf_run(prog, n, f, sizeof(f)), 0);
	/* the largest set still filters by sender, the last one included */
	n = vrrp_arp_reply_filter(prog, VRRP_ARP_FILTER_LEN_MAX, refs,
	                          VRRP_ARP_FILTER_MAX_SENDERS);
	ck_assert_uint_eq(n, VRRP_ARP_FILTER_LEN_MAX);
	arp_reply_frame(f, "10.0.0.64");
	ck_assert_uint_ne(bpf_run(prog, n, f, sizeof(f)), 0);
	arp_reply_frame(f, "10.0.0.65");
	ck_assert_uint_eq(bpf_run(prog, n, f, sizeof(f)), 0);
}
END_TEST

START_TEST(t_conf_values)
{
	struct load l;
	const struct vrrp_instance_conf *vi;
	const struct vrrp_script_conf *s;

	ck_assert_int_eq(load(&l,
		"vrrp_script chk {\n script \"/bin/sh -c 'exit 0'\"\n interval 2\n weight 7 reverse\n"
		" rise 2\n fall 4\n}\n"
		"vrrp_track_file tf {\n file /tmp/x\n weight -2\n}\n"
		VI("VI_1", 1, " track_script {\n  chk\n }\n track_file {\n  tf weight 3 reverse\n }\n"
		   " track_interface {\n  eth9 weight -4\n }\n vip_lifetime 4\n"
		   " track_reference {\n  192.0.2.1\n  fall 5\n }\n")
		VI("VI_2", 2, "")
		"vrrp_sync_group G {\n group {\n  VI_1\n  VI_2\n }\n track_interface {\n  eth8\n }\n}\n"),
		0);
	s = l.c->vrrp_scripts;
	ck_assert_str_eq(s->script.argv[2], "exit 0");
	ck_assert_uint_eq(s->interval_ms, 2000);
	ck_assert_uint_eq(s->timeout_ms, 2000);    /* default = interval */
	ck_assert_int_eq(s->weight, 7);
	ck_assert(s->reverse);
	ck_assert_uint_eq(s->rise, 2);
	ck_assert_uint_eq(s->fall, 4);
	vi = l.c->instances;
	ck_assert_uint_eq(vi->n_track_scripts, 1);
	ck_assert_ptr_eq(vi->track_scripts[0].script, s);
	ck_assert_int_eq(vi->track_scripts[0].weight, 7);    /* inherited with reverse */
	ck_assert(vi->track_scripts[0].reverse);
	ck_assert_int_eq(vi->track_files[0].weight, 3);
	ck_assert(vi->track_files[0].reverse);
	ck_assert_uint_eq(vi->n_track_interfaces, 2);       /* own + the group's */
	ck_assert_int_eq(vi->track_interfaces[0].weight, -4);
	ck_assert_str_eq(vi->track_interfaces[1].name, "eth8");
	ck_assert(vi->track_interfaces[1].from_group);
	ck_assert_uint_eq(vi->vip_lifetime_s, 4);
	ck_assert_uint_eq(vi->track_reference.n_addrs, 1);
	ck_assert_uint_eq(vi->track_reference.fall, 5);
	ck_assert_uint_eq(vi->track_reference.rise, 1);
	ck_assert_uint_eq(vi->garp_lower_prio_repeat, vi->garp_master_repeat);
	ck_assert_ptr_eq(vi->sync_group, l.c->sync_groups);
	ck_assert_ptr_eq(l.c->sync_groups->instances[1], vi->next);
	ck_assert_uint_eq(vi->next->n_track_interfaces, 1);
	ck_assert_uint_eq(vi->next->vip_lifetime_s, 0);
	unload(&l);
}
END_TEST

START_TEST(t_conf_errors)
{
	struct load l;

	ck_assert_int_eq(load(&l,
		"vrrp_script a {\n script /bin/true\n weight -254\n}\n"          /* 1-4 */
		VI("VI_1", 1, " track_script {\n  nope\n  a weight 9 sideways\n }\n") /* 5-15 */
		VI("VI_2", 2, "")                                                  /* 16-22 */
		"vrrp_sync_group G {\n group {\n  VI_1 VI_9\n }\n}\n"              /* 23-27 */
		"vrrp_sync_group H {\n group {\n  VI_1\n }\n}\n"),                 /* 28-32 */
		-1);
	has(&l, "t.conf:3: error: invalid weight '-254' (expected -253..253)");
	has(&l, "t.conf:12: error: vrrp_instance VI_1: track_script 'nope' is not a defined "
	        "vrrp_script");
	has(&l, "t.conf:13: error: unknown track_script option 'sideways' (expected weight N, "
	        "reverse or noreverse)");
	has(&l, "t.conf:25: error: vrrp_sync_group G: unknown vrrp_instance 'VI_9'");
	ck_assert_ptr_nonnull(strstr(l.diags, "t.conf:30: error: vrrp_sync_group H: vrrp_instance "
	                             "VI_1 is already in vrrp_sync_group G ("));
	has(&l, "t.conf:28: warning: vrrp_sync_group H has only one instance");
	has(&l, "t.conf:1: warning: vrrp_script a is not tracked by any instance (not run)");
	unload(&l);
}
END_TEST

/* What keepalived reports and corrects, we warn about and correct too. */
START_TEST(t_conf_keepalived_corrections)
{
	struct load l;
	const struct vrrp_instance_conf *vi;
	unsigned n = 0;

	ck_assert_int_eq(load(&l,
		"vrrp_script none {\n interval 1\n}\n"                               /* 1-3 */
		"vrrp_script rel {\n script \"</dev/tcp/127.0.0.1/80\"\n}\n"          /* 4-6 */
		"vrrp_script empty {\n script \"\"\n}\n"                               /* 7-9 */
		"vrrp_script ok {\n script /bin/true\n}\n"                           /* 10-12 */
		VI("VI_1", 1, " track_script {\n  none\n  rel weight 3\n  empty\n  ok\n }\n"
		   " notify_master \"notify.sh master\"\n")                             /* 13-26 */
		VI("VI_2", 2, "")                                                     /* 27-33 */
		"vrrp_sync_group G {\n VI_1\n VI_2\n track_script {\n  rel\n }\n}\n"), /* 34-40 */
		0);
	has(&l, "t.conf:1: warning: vrrp_script none: missing 'script'; vrrp_script disabled");
	has(&l, "t.conf:5: warning: vrrp_script rel: script '</dev/tcp/127.0.0.1/80' cannot be "
	        "found (not an absolute path); vrrp_script disabled");
	has(&l, "t.conf:8: warning: vrrp_script empty: empty script; vrrp_script disabled");
	has(&l, "t.conf:20: warning: vrrp_instance VI_1: track_script 'none' ignored (vrrp_script "
	        "none is disabled)");
	has(&l, "t.conf:21: warning: vrrp_instance VI_1: track_script 'rel' ignored (vrrp_script "
	        "rel is disabled)");
	has(&l, "t.conf:22: warning: vrrp_instance VI_1: track_script 'empty' ignored (vrrp_script "
	        "empty is disabled)");
	/* a bare name is looked up in PATH (not there: disabled) */
	has(&l, "t.conf:25: warning: notify_master 'notify.sh' not found in PATH; notify_master "
	        "disabled");
	has(&l, "t.conf:35: warning: vrrp_sync_group G: instance names belong in a group { } "
	        "block; 'VI_1' accepted");
	has(&l, "t.conf:36: warning: vrrp_sync_group G: instance names belong in a group { } "
	        "block; 'VI_2' accepted");
	has(&l, "t.conf:38: warning: vrrp_sync_group G: track_script 'rel' ignored (vrrp_script "
	        "rel is disabled)");
	for (const char *q = l.diags; (q = strchr(q, '\n')); q++)
		n++;
	ck_assert_msg(n == 10, "%s", l.diags);    /* and no "not tracked by any instance" */
	ck_assert(l.c->vrrp_scripts->disabled && l.c->vrrp_scripts->next->disabled);
	ck_assert(!l.c->vrrp_scripts->next->next->next->disabled);
	vi = l.c->instances;
	ck_assert_uint_eq(vi->n_track_scripts, 1);
	ck_assert_str_eq(vi->track_scripts[0].name, "ok");
	ck_assert_ptr_null(vi->notify_master.argv);
	ck_assert_uint_eq(l.c->sync_groups->n_members, 2);
	ck_assert_ptr_eq(vi->sync_group, l.c->sync_groups);
	ck_assert_ptr_eq(vi->next->sync_group, l.c->sync_groups);
	unload(&l);

	/* a bare word that is a known keyword is not taken as an instance, and a
	 * bare word naming no instance is the usual error */
	ck_assert_int_eq(load(&l,
		VI("VI_1", 1, "")                                                     /* 1-7 */
		"vrrp_sync_group G {\n smtp_alert\n VI_7\n}\n"),                     /* 8-11 */
		-1);
	/* smtp_alert is a sync group keyword (email alerts): taken silently */
	ck_assert_ptr_null(strstr(l.diags, "t.conf:9:"));
	has(&l, "t.conf:10: error: vrrp_sync_group G: unknown vrrp_instance 'VI_7'");
	unload(&l);
}
END_TEST

/* ---- IPv6: Neighbor Solicitation / Advertisement (RFC 4861) */

START_TEST(t_nd_solicited_node)
{
	struct in6_addr t, g, want;

	inet_pton(AF_INET6, "2001:db8::aa:1234:5678", &t);
	inet_pton(AF_INET6, "ff02::1:ff34:5678", &want);
	vrrp_nd_solicited_node(&t, &g);
	ck_assert_mem_eq(&g, &want, 16);
	inet_pton(AF_INET6, "fe80::1", &t);
	inet_pton(AF_INET6, "ff02::1:ff00:1", &want);
	vrrp_nd_solicited_node(&t, &g);
	ck_assert_mem_eq(&g, &want, 16);
}
END_TEST

START_TEST(t_nd_ns_build)
{
	static const uint8_t want[VRRP_ND_NS_LEN] = {
		135, 0, 0x00, 0x00,                     /* NS, code, checksum (kernel) */
		0, 0, 0, 0,                             /* reserved */
		0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01,
		1, 1, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01,   /* source link-layer address */
	};
	const uint8_t mac[6] = { 0x02, 0, 0, 0, 0, 0x01 };
	uint8_t m[VRRP_ND_NS_LEN + 4];
	struct in6_addr t;

	memset(m, 0xee, sizeof(m));
	inet_pton(AF_INET6, "2001:db8::1", &t);
	ck_assert_uint_eq(vrrp_nd_ns_build(m, mac, &t), VRRP_ND_NS_LEN);
	ck_assert_mem_eq(m, want, sizeof(want));
	ck_assert_uint_eq(m[VRRP_ND_NS_LEN], 0xee);     /* nothing written past it */
}
END_TEST

START_TEST(t_nd_na_parse)
{
	/* a solicited NA as Linux answers one: S and O set, target
	 * link-layer address option */
	static const uint8_t na[32] = {
		136, 0, 0x12, 0x34, 0x60, 0, 0, 0,
		0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01,
		2, 1, 0x02, 0x00, 0x00, 0x00, 0x00, 0x02,
	};
	const uint8_t mac2[6] = { 0x02, 0, 0, 0, 0, 0x02 }, zero[6] = { 0 };
	struct in6_addr t, want;
	uint8_t m[48], got[6];

	inet_pton(AF_INET6, "2001:db8::1", &want);
	memcpy(m, na, sizeof(na));
	ck_assert_int_eq(vrrp_nd_na_parse(m, 32, 255, &t, got), VRRP_ND_ADVERT);
	ck_assert_mem_eq(&t, &want, 16);
	ck_assert_mem_eq(got, mac2, 6);
	/* without options (the option is not required in a solicited NA) */
	memset(got, 0xff, sizeof(got));
	ck_assert_int_eq(vrrp_nd_na_parse(m, 24, 255, &t, got), VRRP_ND_ADVERT);
	ck_assert_mem_eq(got, zero, 6);
	ck_assert_int_eq(vrrp_nd_na_parse(m, 24, 255, &t, NULL), VRRP_ND_ADVERT);
	/* RFC 4861 §7.1.2 */
	ck_assert_int_eq(vrrp_nd_na_parse(m, 32, 64, &t, got), VRRP_ND_HOPLIMIT);
	ck_assert_int_eq(vrrp_nd_na_parse(m, 32, -1, &t, got), VRRP_ND_HOPLIMIT);
	ck_assert_int_eq(vrrp_nd_na_parse(m, 23, 255, &t, got), VRRP_ND_SHORT);
	ck_assert_int_eq(vrrp_nd_na_parse(m, 0, 255, &t, got), VRRP_ND_SHORT);
	ck_assert_int_eq(vrrp_nd_na_parse(m, 25, 255, &t, got), VRRP_ND_SHORT);  /* half option */
	m[25] = 0;
	ck_assert_int_eq(vrrp_nd_na_parse(m, 32, 255, &t, got), VRRP_ND_BAD_OPTION);
	m[25] = 2;      /* 16 octets claimed, 8 present */
	ck_assert_int_eq(vrrp_nd_na_parse(m, 32, 255, &t, got), VRRP_ND_SHORT);
	/* an unknown option before the TLLA is skipped */
	memcpy(m, na, 24);
	memset(m + 24, 0, 8);
	m[24] = 14;     /* nonce option */
	m[25] = 1;
	memcpy(m + 32, na + 24, 8);
	ck_assert_int_eq(vrrp_nd_na_parse(m, 40, 255, &t, got), VRRP_ND_ADVERT);
	ck_assert_mem_eq(got, mac2, 6);
	memcpy(m, na, sizeof(na));
	m[1] = 1;
	ck_assert_int_eq(vrrp_nd_na_parse(m, 32, 255, &t, got), VRRP_ND_BAD_CODE);
	m[1] = 0;
	m[8] = 0xff;    /* target ff01:db8::1 */
	ck_assert_int_eq(vrrp_nd_na_parse(m, 32, 255, &t, got), VRRP_ND_MCAST_TARGET);
	m[8] = 0x20;
	m[0] = 135;     /* our own NS */
	ck_assert_int_eq(vrrp_nd_na_parse(m, 32, 255, &t, got), VRRP_ND_NOT_NA);
	/* what the builder sends is no answer */
	vrrp_nd_ns_build(m, mac2, &want);
	ck_assert_int_eq(vrrp_nd_na_parse(m, VRRP_ND_NS_LEN, 255, &t, got), VRRP_ND_NOT_NA);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("track");
	TCase *tc = tcase_create("calc");

	tcase_add_test(tc, t_weights);
	tcase_add_test(tc, t_fault);
	tcase_add_test(tc, t_file_rev_value);
	tcase_add_test(tc, t_rise_fall);
	tcase_add_test(tc, t_arp_build);
	tcase_add_test(tc, t_arp_parse);
	tcase_add_test(tc, t_arp_filter);
	tcase_add_test(tc, t_nd_solicited_node);
	tcase_add_test(tc, t_nd_ns_build);
	tcase_add_test(tc, t_nd_na_parse);
	suite_add_tcase(s, tc);
	tc = tcase_create("conf");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, t_conf_values);
	tcase_add_test(tc, t_conf_errors);
	tcase_add_test(tc, t_conf_keepalived_corrections);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
