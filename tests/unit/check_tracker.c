/* The trackers (src/vrrp/track/track*.c) with a real loop, real scripts and real
 * files (no root, no netlink): script rise/fall moves the priority delta, a
 * hung script is killed at its timeout without stalling the loop, and a
 * track_file is re-read when it is rewritten or replaced. */
#include "config.h"

#include <check.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conf.h"
#include "loop.h"
#include "vrrp/track/track.h"
#include "unit_main.h"

static char tdir[PATH_MAX / 2];
static struct ev_loop *loop;
static struct floatd_conf *conf;
static struct vrrp_trackers *trk;
static unsigned n_changed;

static void setup(void)
{
	snprintf(tdir, sizeof(tdir), "%s/floatd-tracker-XXXXXX",
	         getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(tdir));
	loop = loop_default();
	n_changed = 0;
}

static void teardown(void)
{
	char cmd[PATH_MAX + 16];

	vrrp_trackers_free(trk);
	trk = NULL;
	floatd_conf_free(conf);
	conf = NULL;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tdir);
	ck_assert_int_eq(system(cmd), 0);
}

static void put(const char *name, const char *text)
{
	char path[PATH_MAX];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", tdir, name);
	fp = fopen(path, "w");
	ck_assert_ptr_nonnull(fp);
	fputs(text, fp);
	fclose(fp);
}

static void on_changed(void *arg)
{
	(void)arg;
	n_changed++;
}

/* Load `text` (with @ replaced by the test directory) and start trackers. */
static void start(const char *text)
{
	char path[PATH_MAX], buf[16384], *o = buf;
	struct conf_diag d = { 0 };

	for (const char *c = text; *c && o < buf + sizeof(buf) - PATH_MAX; c++)
		if (*c == '@')
			o += sprintf(o, "%s", tdir);
		else
			*o++ = *c;
	*o = '\0';
	put("t.conf", buf);
	snprintf(path, sizeof(path), "%s/t.conf", tdir);
	ck_assert_int_eq(floatd_conf_load_id(path, "", &d, &conf), 0);
	trk = vrrp_trackers_new(loop, NULL, conf, on_changed, NULL);
	ck_assert_ptr_nonnull(trk);
	ck_assert_int_eq(vrrp_trackers_start(trk), 0);
}

/* Run the loop for `ms`, sampling the largest gap of a 20 ms ticker. */
struct ticker {
	struct loop_timer *t;
	uint64_t last, max_gap;
};

static void tick(struct loop_timer *t, void *arg)
{
	struct ticker *k = arg;
	uint64_t now = loop_now_ms();

	if (now - k->last > k->max_gap)
		k->max_gap = now - k->last;
	k->last = now;
	loop_timer_after(t, 20);
}

static void stop(struct loop_timer *t, void *arg)
{
	(void)t;
	loop_break(arg);
}

static uint64_t run_ms(unsigned ms)
{
	struct ticker k = { 0 };
	struct loop_timer *end = loop_timer_new(loop, stop, loop);

	k.t = loop_timer_new(loop, tick, &k);
	k.last = loop_now_ms();
	loop_timer_after(k.t, 20);
	loop_timer_after(end, ms);
	loop_run(loop);
	loop_timer_free(end);
	loop_timer_free(k.t);
	return k.max_gap;
}

static struct vrrp_track_view view(void)
{
	struct vrrp_track_view v;

	vrrp_trackers_eval(trk, conf->instances, &v);
	return v;
}

#define VI(extra) \
	"vrrp_instance VI_1 {\n interface lo\n virtual_router_id 1\n" \
	" virtual_ipaddress {\n  10.0.0.1\n }\n" extra "}\n"

/* Run the loop until the trackers' priority delta is `want` (at most
 * max_ms): a loaded machine may take longer to fork the scripts, so the
 * test waits for the outcome instead of assuming how many runs fit in a
 * window. */
static bool wait_delta(int want, unsigned max_ms)
{
	for (unsigned t = 0; t < max_ms && view().priority_delta != want; t += 20)
		run_ms(20);
	return view().priority_delta == want;
}

START_TEST(t_script_rise_fall)
{
	/* timeout 5: a slow fork under load is not a failure of the script */
	start("vrrp_script chk {\n script \"/bin/sh -c 'exit $(cat @/rc)'\"\n interval 0.1\n"
	      " timeout 5\n weight -10\n fall 2\n rise 3\n}\n"
	      VI(" track_script {\n  chk\n }\n"));
	put("rc", "0\n");
	run_ms(350);
	ck_assert_int_eq(view().priority_delta, 0);
	ck_assert_uint_eq(n_changed, 0);
	put("rc", "1\n");
	ck_assert_msg(wait_delta(-10, 5000), "two failures did not lower the priority");
	ck_assert_uint_eq(n_changed, 1);
	put("rc", "0\n");
	run_ms(150);   /* at most one success so far: not enough (rise 3) */
	ck_assert_int_eq(view().priority_delta, -10);
	ck_assert_msg(wait_delta(0, 5000), "three successes did not restore the priority");
	ck_assert_uint_eq(n_changed, 2);
}
END_TEST

START_TEST(t_script_hang)
{
	uint64_t gap;
	struct vrrp_track_view v;

	start("vrrp_script hang {\n script \"/bin/sleep 100\"\n interval 0.5\n timeout 0.3\n"
	      "}\n" VI(" track_script {\n  hang\n }\n"));
	run_ms(100);
	ck_assert_uint_eq(vrrp_trackers_pending(trk), 1);
	ck_assert(!view().fault);
	gap = run_ms(1200);   /* killed at 0.3 s + up to 1 s for SIGKILL */
	v = view();
	ck_assert(v.fault);
	ck_assert_str_eq(v.fault_reason, "track_script hang failed");
	ck_assert_msg(gap < 100, "loop stalled for %llu ms", (unsigned long long)gap);
}
END_TEST

START_TEST(t_file)
{
	char a[PATH_MAX], b[PATH_MAX];

	start("vrrp_track_file tf {\n file @/val\n weight 5\n init_file 2\n}\n"
	      "vrrp_track_file zero {\n file @/z\n weight 0\n}\n"
	      VI(" track_file {\n  tf\n  zero\n }\n"));
	ck_assert_int_eq(view().priority_delta, 10);   /* init_file wrote 2 */
	put("val", "-3\n");
	run_ms(100);
	ck_assert_int_eq(view().priority_delta, -15);
	ck_assert_uint_ge(n_changed, 1);
	/* replaced by rename, as editors and `mv` do */
	put("val.new", "7\n");
	snprintf(a, sizeof(a), "%s/val.new", tdir);
	snprintf(b, sizeof(b), "%s/val", tdir);
	ck_assert_int_eq(rename(a, b), 0);
	run_ms(100);
	ck_assert_int_eq(view().priority_delta, 35);
	ck_assert(!view().fault);
	put("z", "1\n");   /* weight 0 and a non-zero value: FAULT */
	run_ms(100);
	ck_assert(view().fault);
	ck_assert_str_eq(view().fault_reason, "track_file zero value 1");
	unlink(b);
	run_ms(100);
	ck_assert_int_eq(view().priority_delta, 0);  /* missing file counts as 0 */
}
END_TEST

/* init_file is written as root: never through a symlink, never into a
 * file with another hard link, never a FIFO (the open would block). */
START_TEST(t_file_init_refuses)
{
	char secret[PATH_MAX], p[PATH_MAX];
	FILE *fp;
	char buf[16] = "";

	put("secret", "keep\n");
	snprintf(secret, sizeof(secret), "%s/secret", tdir);
	snprintf(p, sizeof(p), "%s/link", tdir);
	ck_assert_int_eq(symlink(secret, p), 0);
	snprintf(p, sizeof(p), "%s/hard", tdir);
	ck_assert_int_eq(link(secret, p), 0);
	snprintf(p, sizeof(p), "%s/fifo", tdir);
	ck_assert_int_eq(mkfifo(p, 0600), 0);
	start("vrrp_track_file l {\n file @/link\n init_file 5 overwrite\n}\n"
	      "vrrp_track_file h {\n file @/hard\n init_file 6 overwrite\n}\n"
	      "vrrp_track_file f {\n file @/fifo\n init_file 7 overwrite\n}\n"
	      "vrrp_track_file ok {\n file @/ok\n init_file 8 overwrite\n}\n"
	      VI(" track_file {\n  l\n  h\n  f\n  ok\n }\n"));
	fp = fopen(secret, "r");
	ck_assert_ptr_nonnull(fp);
	ck_assert_ptr_nonnull(fgets(buf, sizeof(buf), fp));
	fclose(fp);
	ck_assert_str_eq(buf, "keep\n");
	/* the regular one was written; the refused ones read as before */
	ck_assert_int_eq(view().priority_delta, 8);
}
END_TEST

START_TEST(t_iface)
{
	struct netlink_event ev = { .kind = NETLINK_EV_LINK, .ifindex = 1, .up = false };
	struct vrrp_track_view v;

	start(VI(" track_interface {\n  lo weight 7\n  nosuchif9\n }\n"));
	v = view();
	ck_assert(v.fault);   /* nosuchif9 does not exist, weight 0 */
	ck_assert_str_eq(v.fault_reason, "track_interface nosuchif9 down");
	ck_assert_int_eq(v.priority_delta, 7);
	snprintf(ev.ifname, sizeof(ev.ifname), "lo");
	vrrp_trackers_netlink_event(trk, &ev);
	ck_assert_int_eq(view().priority_delta, 0);
	ck_assert_uint_eq(n_changed, 1);
	snprintf(ev.ifname, sizeof(ev.ifname), "nosuchif9");
	ev.ifindex = 77;
	ev.up = true;
	vrrp_trackers_netlink_event(trk, &ev);
	ck_assert(!view().fault);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("tracker");
	TCase *tc = tcase_create("runtime");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, t_script_rise_fall);
	tcase_add_test(tc, t_script_hang);
	tcase_add_test(tc, t_file);
	tcase_add_test(tc, t_file_init_refuses);
	tcase_add_test(tc, t_iface);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
