/* The reload plan (src/vrrp/reload_plan.c): two configurations loaded from
 * files under a fresh mkdtemp directory, compared instance by instance.
 * Each test names what changed and checks the kind, the change bits, the
 * reason of a replacement and the VIP lists. */
#include "config.h"

#include <check.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "vrrp/reload_plan.h"
#include "unit_main.h"

static char tdir[PATH_MAX / 2];

static void setup(void)
{
	snprintf(tdir, sizeof(tdir), "%s/floatd-plan-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(tdir));
}

static void teardown(void)
{
	char cmd[PATH_MAX + 16];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tdir);
	ck_assert_int_eq(system(cmd), 0);
}

static void quiet(void *arg, enum conf_severity sev, const char *file, int line, const char *msg)
{
	(void)arg;
	if (sev == CONF_ERROR)
		fprintf(stderr, "%s:%d: %s\n", file, line, msg);
}

/* VI_1 with `vi1` inside its block, VI_2 plain, and `tail` at top level. */
static struct floatd_conf *conf_of(const char *name, const char *vi1, const char *tail)
{
	char path[PATH_MAX], text[4096];
	struct conf_diag diag = { .report = quiet };
	struct floatd_conf *c = NULL;

	snprintf(path, sizeof(path), "%s/%s", tdir, name);
	snprintf(text, sizeof(text),
	        "vrrp_script chk { script \"/bin/true\" interval 1 weight -20 fall 2 }\n"
	        "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 51\n priority 100\n"
	        " advert_int 1\n%s\n}\n"
	        "vrrp_instance VI_2 {\n interface eth0\n virtual_router_id 52\n priority 100\n"
	        " virtual_ipaddress {\n  10.0.2.1/24\n }\n}\n%s\n", vi1, tail);
	unit_put(path, text);
	ck_assert_int_eq(floatd_conf_load_id(path, "test", &diag, &c), 0);
	ck_assert_ptr_nonnull(c);
	return c;
}

#define VIPS " virtual_ipaddress {\n  10.0.1.1/24\n  10.0.1.2/24\n }\n"
#define PROC_BLOCK "vrrp_track_process px {\n process sshd\n}\n"

static const struct vrrp_reload_item *item(const struct vrrp_reload_plan *p, const char *name)
{
	for (unsigned i = 0; i < p->n_items; i++) {
		const struct vrrp_instance_conf *c = p->items[i].new_c ? p->items[i].new_c : p->items[i].old_c;

		if (strcmp(c->name, name) == 0)
			return &p->items[i];
	}
	ck_abort_msg("no item %s", name);
	return NULL;
}

struct pair {
	struct floatd_conf *a, *b;
	struct vrrp_reload_plan p;
};

static void plan(struct pair *x, const char *vi1_a, const char *vi1_b, const char *tail_a,
                 const char *tail_b)
{
	x->a = conf_of("a.conf", vi1_a, tail_a);
	x->b = conf_of("b.conf", vi1_b, tail_b);
	ck_assert_int_eq(vrrp_reload_plan_build(x->a, x->b, &x->p), 0);
}

static void unplan(struct pair *x)
{
	vrrp_reload_plan_free(&x->p);
	floatd_conf_free(x->a);
	floatd_conf_free(x->b);
}

static void expect(const struct pair *x, enum vrrp_reload_kind kind, unsigned changes)
{
	const struct vrrp_reload_item *it = item(&x->p, "VI_1");

	ck_assert_str_eq(vrrp_reload_kind_name(it->kind), vrrp_reload_kind_name(kind));
	if (kind == VRRP_RELOAD_UPDATED)
		ck_assert_uint_eq(it->changes, changes);
	/* the other instance never moves */
	ck_assert_int_eq(item(&x->p, "VI_2")->kind, VRRP_RELOAD_UNCHANGED);
}

START_TEST(t_identical)
{
	struct pair x;

	plan(&x, VIPS " track_script { chk }", VIPS " track_script { chk }", "", "");
	expect(&x, VRRP_RELOAD_UNCHANGED, 0);
	ck_assert_uint_eq(x.p.count[VRRP_RELOAD_UNCHANGED], 2);
	ck_assert_uint_eq(x.p.n_items, 2);
	unplan(&x);
}
END_TEST

/* Things that change in place, one per row. */
static const struct {
	const char *a, *b;
	unsigned changes;
} in_place[] = {
	{ VIPS, VIPS " priority 150", VRRP_RELOAD_CH_PRIORITY },
	{ VIPS, VIPS " advert_int 2", VRRP_RELOAD_CH_ADVER_INT },
	{ VIPS, VIPS " nopreempt", VRRP_RELOAD_CH_ELECTION },
	{ VIPS, VIPS " preempt_delay 5", VRRP_RELOAD_CH_ELECTION },
	{ VIPS, VIPS " track_script { chk }", VRRP_RELOAD_CH_TRACKERS },
	{ VIPS " track_script { chk }", VIPS " track_script { chk weight -30 }", VRRP_RELOAD_CH_TRACKERS },
	{ VIPS, VIPS " track_interface { eth1 }", VRRP_RELOAD_CH_TRACKERS },
	{ VIPS, VIPS " notify_master \"/bin/true\"", VRRP_RELOAD_CH_NOTIFY },
	{ VIPS, VIPS " garp_master_delay 1", VRRP_RELOAD_CH_GARP },
	{ VIPS, " virtual_ipaddress {\n  10.0.1.1/24\n  10.0.1.3/24\n }\n", VRRP_RELOAD_CH_VIPS },
	{ VIPS " priority 90", VIPS " priority 110\n advert_int 3", VRRP_RELOAD_CH_PRIORITY | VRRP_RELOAD_CH_ADVER_INT },
	{ VIPS, VIPS " dont_track_primary", VRRP_RELOAD_CH_TRACKERS },
	{ VIPS, VIPS " smtp_alert", VRRP_RELOAD_CH_NOTIFY },
	{ VIPS " smtp_alert", VIPS " smtp_alert off", VRRP_RELOAD_CH_NOTIFY },
	{ VIPS, VIPS " notify_priority_changes", VRRP_RELOAD_CH_NOTIFY },
	{ VIPS, VIPS " track_process {\n  px\n }", VRRP_RELOAD_CH_TRACKERS },
	{ VIPS " track_process {\n  px\n }", VIPS " track_process {\n  px weight 10\n }", VRRP_RELOAD_CH_TRACKERS },
	{ VIPS, VIPS " track_reference {\n  10.0.0.7\n }", VRRP_RELOAD_CH_TRACKERS },
	{ VIPS, VIPS " vip_lifetime 60", VRRP_RELOAD_CH_GARP },
	{ VIPS, VIPS " garp_lower_prio_repeat 2", VRRP_RELOAD_CH_GARP },
	{ VIPS, VIPS " higher_prio_send_advert false", VRRP_RELOAD_CH_ELECTION },
	{ VIPS, VIPS " fast_handover off", VRRP_RELOAD_CH_ELECTION },
};

START_TEST(t_in_place)
{
	struct pair x;

	plan(&x, in_place[_i].a, in_place[_i].b, PROC_BLOCK, PROC_BLOCK);
	expect(&x, VRRP_RELOAD_UPDATED, in_place[_i].changes);
	ck_assert_uint_eq(x.p.count[VRRP_RELOAD_UPDATED], 1);
	unplan(&x);
}
END_TEST

/* Things that need a new instance, with the reason given. */
static const struct {
	const char *a, *b, *why;
} replaced[] = {
	{ VIPS, VIPS " interface eth1", "interface" },
	{ VIPS, VIPS " virtual_router_id 61", "virtual_router_id" },
	{ VIPS, VIPS " version 3", "VRRP version" },
	{ VIPS, VIPS " unicast_peer {\n  10.0.0.9\n }", "unicast / multicast" },
	{ VIPS, VIPS " authentication {\n  auth_type PASS\n  auth_pass secret\n }", "authentication" },
	{ VIPS " authentication {\n  auth_type PASS\n  auth_pass one\n }",
	  VIPS " authentication {\n  auth_type PASS\n  auth_pass two\n }", "authentication" },
	{ VIPS, VIPS " use_vmac", "use_vmac" },
	/* mcast_src_ip is unicast_src_ip's other spelling: the advert's source */
	{ VIPS, VIPS " mcast_src_ip 10.0.0.1", "unicast_src_ip" },
	{ VIPS " mcast_src_ip 10.0.0.1", VIPS " mcast_src_ip 10.0.0.2", "unicast_src_ip" },
	{ VIPS, VIPS " unicast_ttl 10\n unicast_peer {\n  10.0.0.9\n }", "unicast / multicast" },
	{ VIPS, VIPS " no_accept", "accept mode / strict" },
	{ VIPS, VIPS " virtual_routes {\n  10.9.0.0/16 via 10.0.0.254\n }", "virtual_routes / virtual_rules" },
	{ VIPS, VIPS " priority 255", "address owner (priority 255)" },
	{ VIPS " no_accept", " no_accept\n virtual_ipaddress {\n  10.0.1.1/24\n }\n",
	  "VIPs of a no_accept instance" },
};

START_TEST(t_replaced)
{
	struct pair x;
	const struct vrrp_reload_item *it;

	plan(&x, replaced[_i].a, replaced[_i].b, "", "");
	expect(&x, VRRP_RELOAD_REPLACED, 0);
	it = item(&x.p, "VI_1");
	ck_assert_ptr_nonnull(it->why);
	ck_assert_str_eq(it->why, replaced[_i].why);
	ck_assert_ptr_nonnull(it->old_c);
	ck_assert_ptr_nonnull(it->new_c);
	unplan(&x);
}
END_TEST

START_TEST(t_vip_lists)
{
	struct pair x;
	const struct vrrp_reload_item *it;

	/* .2 removed, .3 and .4 added, .1 kept; .1 also moved to the excluded list */
	plan(&x, VIPS,
	     " virtual_ipaddress {\n  10.0.1.3/24\n  10.0.1.4/24\n }\n"
	     " virtual_ipaddress_excluded {\n  10.0.1.1/24\n }\n", "", "");
	expect(&x, VRRP_RELOAD_UPDATED, VRRP_RELOAD_CH_VIPS);
	it = item(&x.p, "VI_1");
	ck_assert_uint_eq(it->n_vips_added, 2);
	ck_assert_uint_eq(it->vips_added[0], 0);     /* 10.0.1.3 */
	ck_assert_uint_eq(it->vips_added[1], 1);     /* 10.0.1.4 */
	ck_assert_uint_eq(it->n_vips_removed, 1);
	ck_assert_uint_eq(it->vips_removed[0], 1);   /* 10.0.1.2 */
	unplan(&x);

	/* a changed prefix length is the old address removed and the new added */
	plan(&x, VIPS, " virtual_ipaddress {\n  10.0.1.1/24\n  10.0.1.2/25\n }\n", "", "");
	it = item(&x.p, "VI_1");
	ck_assert_uint_eq(it->n_vips_added, 1);
	ck_assert_uint_eq(it->n_vips_removed, 1);
	ck_assert_uint_eq(it->vips_added[0], 1);
	ck_assert_uint_eq(it->vips_removed[0], 1);
	unplan(&x);
}
END_TEST

START_TEST(t_added_removed)
{
	struct pair x;
	const struct vrrp_reload_item *it;

	plan(&x, VIPS, VIPS,
	     "vrrp_instance OLD {\n interface eth0\n virtual_router_id 60\n virtual_ipaddress {\n  10.0.6.1\n }\n}\n",
	     "vrrp_instance NEW {\n interface eth0\n virtual_router_id 61\n virtual_ipaddress {\n  10.0.7.1\n }\n}\n");
	ck_assert_uint_eq(x.p.n_items, 4);
	it = item(&x.p, "OLD");
	ck_assert_int_eq(it->kind, VRRP_RELOAD_REMOVED);
	ck_assert_ptr_null(it->new_c);
	it = item(&x.p, "NEW");
	ck_assert_int_eq(it->kind, VRRP_RELOAD_ADDED);
	ck_assert_ptr_null(it->old_c);
	ck_assert_uint_eq(x.p.count[VRRP_RELOAD_UNCHANGED], 2);
	ck_assert_uint_eq(x.p.count[VRRP_RELOAD_ADDED], 1);
	ck_assert_uint_eq(x.p.count[VRRP_RELOAD_REMOVED], 1);
	/* the removed ones come after the new configuration's, in order */
	ck_assert_int_eq(x.p.items[3].kind, VRRP_RELOAD_REMOVED);
	unplan(&x);
}
END_TEST

START_TEST(t_script_changes)
{
	struct pair x;
	const struct vrrp_script_conf *a, *b;

	/* a changed command is a changed tracker of the instance using it,
	 * and no script state may be carried over */
	plan(&x, VIPS " track_script { chk }", VIPS " track_script { chk }", "",
	     "vrrp_script chk2 { script \"/bin/false\" }\n");
	expect(&x, VRRP_RELOAD_UNCHANGED, 0);
	a = x.a->vrrp_scripts;
	b = x.b->vrrp_scripts;
	ck_assert(vrrp_reload_vrrp_script_same(a, b));
	ck_assert(!vrrp_reload_vrrp_script_same(a, b->next));   /* other name, command */
	unplan(&x);

	x.a = conf_of("a.conf", VIPS " track_script { chk }", "");
	x.b = conf_of("b.conf", VIPS " track_script { chk }", "");
	/* rise/fall or command changes: state may not be carried */
	x.b->vrrp_scripts->fall = 3;
	ck_assert(!vrrp_reload_vrrp_script_same(x.a->vrrp_scripts, x.b->vrrp_scripts));
	x.b->vrrp_scripts->fall = x.a->vrrp_scripts->fall;
	x.b->vrrp_scripts->interval_ms = 5000;   /* interval: applies from the next run */
	ck_assert(vrrp_reload_vrrp_script_same(x.a->vrrp_scripts, x.b->vrrp_scripts));
	ck_assert_int_eq(vrrp_reload_plan_build(x.a, x.b, &x.p), 0);
	expect(&x, VRRP_RELOAD_UPDATED, VRRP_RELOAD_CH_TRACKERS);
	unplan(&x);
}
END_TEST

START_TEST(t_globals)
{
	struct pair x;

	/* script security settings re-prepare every notify script */
	plan(&x, VIPS, VIPS, "", "global_defs {\n script_user nobody\n}\n");
	ck_assert_int_eq(item(&x.p, "VI_1")->kind, VRRP_RELOAD_UPDATED);
	ck_assert_int_eq(item(&x.p, "VI_2")->kind, VRRP_RELOAD_UPDATED);
	ck_assert_uint_eq(item(&x.p, "VI_1")->changes, VRRP_RELOAD_CH_NOTIFY);
	ck_assert_uint_eq(item(&x.p, "VI_2")->changes, VRRP_RELOAD_CH_NOTIFY);
	ck_assert(!vrrp_reload_script_globals_same(x.a, x.b));
	unplan(&x);
}
END_TEST

/* A changed vrrp_track_process block is a changed tracker of the
 * instances tracking it (as a changed vrrp_script is); the other
 * instance does not move. */
static const struct {
	const char *a, *b;
	bool same;
} proc_blocks[] = {
	{ "process sshd", "process sshd", true },
	{ "process sshd", "process nginx", false },
	{ "process sshd", "process sshd\n quorum 2", false },
	{ "process sshd", "process sshd\n quorum_max 4", false },
	{ "process sshd", "process sshd\n delay 2", false },
	{ "process sshd", "process sshd\n fork_delay 2", false },
	{ "process sshd", "process sshd\n terminate_delay 2", false },
	{ "process sshd", "process sshd -D", false },
	{ "process sshd -D", "process sshd -D\n param_match initial", false },
	{ "process sshd", "process /usr/sbin/sshd\n full_command", false },
	/* weight and reverse are the track_process line's (CH_TRACKERS via the line) */
	{ "process sshd", "process sshd\n weight 10", true },
};

START_TEST(t_track_process)
{
	struct pair x;
	char ta[256], tb[256];

	snprintf(ta, sizeof(ta), "vrrp_track_process px {\n %s\n}\n", proc_blocks[_i].a);
	snprintf(tb, sizeof(tb), "vrrp_track_process px {\n %s\n}\n", proc_blocks[_i].b);
	plan(&x, VIPS " track_process {\n  px\n }", VIPS " track_process {\n  px\n }", ta, tb);
	ck_assert_ptr_nonnull(x.a->track_processes);
	ck_assert_ptr_nonnull(x.b->track_processes);
	ck_assert_int_eq(vrrp_reload_track_process_same(x.a->track_processes, x.b->track_processes),
	                 proc_blocks[_i].same);
	if (proc_blocks[_i].same && strstr(proc_blocks[_i].b, "weight") == NULL)
		expect(&x, VRRP_RELOAD_UNCHANGED, 0);
	else
		expect(&x, VRRP_RELOAD_UPDATED, VRRP_RELOAD_CH_TRACKERS);
	unplan(&x);
}
END_TEST

/* Global settings: where each one goes on a reload. */
START_TEST(t_globals_audit)
{
	struct pair x;
	const char *names[8];
	unsigned n;

	/* notify FIFOs are the notify objects' */
	plan(&x, VIPS, VIPS, "", "global_defs {\n notify_fifo /run/x.fifo\n}\n");
	ck_assert_uint_eq(item(&x.p, "VI_1")->changes, VRRP_RELOAD_CH_NOTIFY);
	ck_assert_uint_eq(item(&x.p, "VI_2")->changes, VRRP_RELOAD_CH_NOTIFY);
	ck_assert(!vrrp_reload_fifo_same(&x.a->fifos[NOTIFY_FIFO_ALL], &x.b->fifos[NOTIFY_FIFO_ALL]));
	unplan(&x);
	plan(&x, VIPS, VIPS, "global_defs {\n vrrp_notify_fifo /run/x.fifo\n}\n",
	     "global_defs {\n vrrp_notify_fifo /run/x.fifo\n vrrp_notify_fifo_script /bin/cat\n}\n");
	ck_assert_uint_eq(item(&x.p, "VI_1")->changes, VRRP_RELOAD_CH_NOTIFY);
	unplan(&x);
	/* the checker's own FIFO: no instance moves, the child compares it */
	plan(&x, VIPS, VIPS, "", "global_defs {\n lvs_notify_fifo /run/x.fifo\n}\n");
	expect(&x, VRRP_RELOAD_UNCHANGED, 0);
	ck_assert(!vrrp_reload_fifo_same(&x.a->fifos[NOTIFY_FIFO_LVS], &x.b->fifos[NOTIFY_FIFO_LVS]));
	unplan(&x);
	/* email settings re-prepare the notify objects */
	plan(&x, VIPS, VIPS, "", "global_defs {\n notification_email {\n  a@b\n }\n smtp_server 127.0.0.1\n}\n");
	ck_assert_uint_eq(item(&x.p, "VI_1")->changes, VRRP_RELOAD_CH_NOTIFY);
	unplan(&x);
	/* resolved into each instance: a per-instance change */
	plan(&x, VIPS, VIPS, "", "global_defs {\n vrrp_garp_master_delay 1\n}\n");
	ck_assert_uint_eq(item(&x.p, "VI_1")->changes, VRRP_RELOAD_CH_GARP);
	ck_assert_uint_eq(item(&x.p, "VI_2")->changes, VRRP_RELOAD_CH_GARP);
	unplan(&x);
	plan(&x, VIPS, VIPS, "", "global_defs {\n vrrp_version 3\n}\n");
	ck_assert_int_eq(item(&x.p, "VI_1")->kind, VRRP_RELOAD_REPLACED);
	ck_assert_str_eq(item(&x.p, "VI_1")->why, "VRRP version");
	unplan(&x);
	/* static_*: statics.c adds and removes by difference; no instance
	 * moves.  vrrp_rt_priority / vrrp_rlimit_rttime: src/rt_sched.c
	 * applies them again.  Neither waits for a restart. */
	plan(&x, VIPS, VIPS, "",
	     "static_ipaddress {\n 10.0.9.1/24 dev eth0\n}\nstatic_routes {\n 10.8.0.0/16 via 10.0.9.254\n}\n"
	     "global_defs {\n vrrp_rt_priority 10\n vrrp_rlimit_rttime 20000\n vrrp_garp_interval 0.01\n"
	     " v3_checksum_as_v2\n}\n");
	expect(&x, VRRP_RELOAD_UNCHANGED, 0);
	ck_assert_uint_eq(vrrp_reload_restart_only(x.a, x.b, names, 8), 0);
	unplan(&x);
	/* read once at start: named, so the reload warns */
	plan(&x, VIPS, VIPS, "",
	     "global_defs {\n control_group adm\n vrrp_startup_delay 3\n}\n");
	expect(&x, VRRP_RELOAD_UNCHANGED, 0);
	n = vrrp_reload_restart_only(x.a, x.b, names, 8);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(names[0], "control_group");
	ck_assert_str_eq(names[1], "vrrp_startup_delay");
	ck_assert_uint_eq(vrrp_reload_restart_only(x.a, x.b, names, 1), 1);
	unplan(&x);
}
END_TEST

/* The IPVS settings of global_defs: instances untouched, lvs_changes says
 * what the sync daemon and the timeouts do. */
START_TEST(t_lvs)
{
	static const struct {
		const char *a, *b;
		unsigned changes;
	} cases[] = {
		{ "", "", 0 },
		{ "lvs_sync_daemon eth1 VI_1", "lvs_sync_daemon eth1 VI_1", 0 },
		{ "", "lvs_sync_daemon eth1 VI_1", VRRP_RELOAD_LVS_SYNC },
		{ "lvs_sync_daemon eth1 VI_1", "", VRRP_RELOAD_LVS_SYNC },
		{ "lvs_sync_daemon eth1 VI_1", "lvs_sync_daemon eth2 VI_1", VRRP_RELOAD_LVS_SYNC },
		{ "lvs_sync_daemon eth1 VI_1", "lvs_sync_daemon eth1 VI_2", VRRP_RELOAD_LVS_SYNC },
		/* the sync id defaults to the VRID: VI_1's 51 written out is the same */
		{ "lvs_sync_daemon eth1 VI_1", "lvs_sync_daemon eth1 VI_1 id 51", 0 },
		{ "lvs_sync_daemon eth1 VI_1", "lvs_sync_daemon eth1 VI_1 id 5", VRRP_RELOAD_LVS_SYNC },
		{ "lvs_sync_daemon eth1 VI_1", "lvs_sync_daemon eth1 VI_1 ttl 2", VRRP_RELOAD_LVS_SYNC },
		{ "lvs_sync_daemon eth1 VI_1 group 239.0.0.1",
		  "lvs_sync_daemon eth1 VI_1 group 239.0.0.2", VRRP_RELOAD_LVS_SYNC },
		{ "lvs_timeouts tcp 900", "lvs_timeouts tcp 900", 0 },
		{ "lvs_timeouts tcp 900", "lvs_timeouts tcp 901", VRRP_RELOAD_LVS_TIMEOUTS },
		{ "lvs_timeouts tcp 900", "", VRRP_RELOAD_LVS_TIMEOUTS },
		{ "", "lvs_flush_onstop", VRRP_RELOAD_LVS_FLUSH_ONSTOP },
		/* lvs_flush acts at start only: restart-only (below) */
		{ "", "lvs_flush", 0 },
	};
	const char *names[4];
	char ta[256], tb[256];
	struct pair x;

	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(ta, sizeof(ta), "global_defs {\n %s\n}\n", cases[i].a);
		snprintf(tb, sizeof(tb), "global_defs {\n %s\n}\n", cases[i].b);
		plan(&x, VIPS, VIPS, ta, tb);
		expect(&x, VRRP_RELOAD_UNCHANGED, 0);
		ck_assert_msg(x.p.lvs_changes == cases[i].changes, "'%s' -> '%s': %u, want %u",
		              cases[i].a, cases[i].b, x.p.lvs_changes, cases[i].changes);
		if (strcmp(cases[i].b, "lvs_flush") == 0) {
			ck_assert_uint_eq(vrrp_reload_restart_only(x.a, x.b, names, 4), 1);
			ck_assert_str_eq(names[0], "lvs_flush");
		} else {
			ck_assert_uint_eq(vrrp_reload_restart_only(x.a, x.b, names, 4), 0);
		}
		unplan(&x);
	}
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("reload_plan");
	TCase *tc = tcase_create("plan");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, t_identical);
	tcase_add_loop_test(tc, t_in_place, 0, sizeof(in_place) / sizeof(in_place[0]));
	tcase_add_loop_test(tc, t_replaced, 0, sizeof(replaced) / sizeof(replaced[0]));
	tcase_add_test(tc, t_vip_lists);
	tcase_add_test(tc, t_added_removed);
	tcase_add_test(tc, t_script_changes);
	tcase_add_test(tc, t_globals);
	tcase_add_loop_test(tc, t_track_process, 0, sizeof(proc_blocks) / sizeof(proc_blocks[0]));
	tcase_add_test(tc, t_globals_audit);
	tcase_add_test(tc, t_lvs);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return unit_run(suite());
}
