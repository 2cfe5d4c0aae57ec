/* The SIGUSR1/SIGUSR2 dump text (src/vrrp/dump.c), the atomic writer that
 * puts it in place (lib/atomic_file.c) and the list of signals the daemons
 * catch (lib/signals.c). */
#include "config.h"

#include <arpa/inet.h>
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic_file.h"
#include "signals.h"
#include "vrrp/dump.h"
#include "unit_main.h"

static struct vip_conf vips[2];
static struct vrrp_instance_conf conf;
static struct vrrp_instance_status st;
static const struct vrrp_dump_clock clk = { 10000, { 1000000000, 900000000 } };

static void
setup(void)
{
	memset(vips, 0, sizeof(vips));
	memset(&conf, 0, sizeof(conf));
	memset(&st, 0, sizeof(st));
	conf.name = "VI_1";
	snprintf(conf.interface, sizeof(conf.interface), "eth0");
	conf.vrid = 51;
	conf.priority = 150;
	conf.want_master = true;
	conf.preempt = true;
	conf.vips = vips;
	conf.n_vips = 2;
	vips[0].family = vips[1].family = AF_INET;
	inet_pton(AF_INET, "10.0.0.50", &vips[0].addr.v4);
	vips[0].prefixlen = 24;
	inet_pton(AF_INET, "10.0.1.50", &vips[1].addr.v4);
	vips[1].prefixlen = 32;
	snprintf(vips[1].dev, sizeof(vips[1].dev), "eth1");
	st.c = &conf;
	st.state = VRRP_STATE_BACKUP;
	st.interface = conf.interface;
	st.vip_dev = conf.interface;
	st.family = AF_INET;
	st.vrid = 51;
	st.version = 2;
	st.base_priority = 150;
	st.effective_priority = 130;
	st.adver_int_ms = 1000;
	st.master_known = true;
	inet_pton(AF_INET, "10.0.0.12", &st.master.v4);
	st.master_priority = 200;
	st.last_transition_ms = 7500;
	st.trackers[0] = (struct vrrp_track_input){ VRRP_TRACK_SCRIPT, "chk_web", -20, false, false, 0 };
	st.trackers[1] = (struct vrrp_track_input){ VRRP_TRACK_IFACE, "eth2", 0, false, true, 0 };
	st.n_trackers = 2;
	st.counters.adverts_rcvd = 42;
	st.counters.became_master = 3;
	st.counters.released_master = 3;
	st.counters.prio0_rcvd = 1;
	st.counters.drops[VRRP_DROP_TTL] = 7;
	st.counters.drops[VRRP_DROP_AUTH] = 2;
}

static char *
render(void (*fn)(FILE *))
{
	static char *buf;
	size_t len;
	FILE *f;

	free(buf);
	buf = NULL;
	f = open_memstream(&buf, &len);
	ck_assert_ptr_nonnull(f);
	fn(f);
	fclose(f);
	return buf;
}

static void data_fn(FILE *f) { vrrp_dump_data_instance(f, &st, &clk); }
static void stats_fn(FILE *f) { vrrp_dump_stats_instance(f, &st); }

static bool
has_line(const char *text, const char *line)
{
	size_t n = strlen(line);

	for (const char *p = text; p != NULL && *p != '\0'; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (strncmp(p, line, n) == 0 && (p[n] == '\n' || p[n] == '\0'))
			return true;
	return false;
}

START_TEST(data_fields)
{
	const char *d = render(data_fn);

	ck_assert_msg(has_line(d, " VRRP Instance = VI_1"), "%s", d);
	ck_assert(has_line(d, "   State = BACKUP"));
	ck_assert(has_line(d, "   Initial state = MASTER"));
	ck_assert(has_line(d, "   Interface = eth0"));
	ck_assert(has_line(d, "   Virtual Router ID = 51"));
	ck_assert(has_line(d, "   Priority = 150"));
	ck_assert(has_line(d, "   Effective priority = 130"));
	ck_assert(has_line(d, "   Master router = 10.0.0.12"));
	ck_assert(has_line(d, "   Master priority = 200"));
	/* 2.5 s before a wall clock of 1000000000.9 */
	ck_assert_msg(has_line(d, "   Last transition = 999999998.400000 (2001-09-09T01:46:38Z)"), "%s", d);
	ck_assert(has_line(d, "   Adverts received = 42"));
	ck_assert(has_line(d, "   Dropped ttl = 7"));
	ck_assert(has_line(d, "     track_script chk_web weight -20 BAD"));
	ck_assert(has_line(d, "     track_interface eth2 weight 0 UP"));
	ck_assert(has_line(d, "   Virtual IP (2):"));
	ck_assert(has_line(d, "     10.0.0.50/24 dev eth0"));
	ck_assert(has_line(d, "     10.0.1.50/32 dev eth1"));
}
END_TEST

/* keepalived-style readers end an instance at its first line without
 * " = ": every value line must come before the lists. */
START_TEST(data_values_before_lists)
{
	const char *d = render(data_fn);
	const char *p = strstr(d, " VRRP Instance = VI_1\n");
	bool in_lists = false;

	ck_assert_ptr_nonnull(p);
	for (p = strchr(p, '\n') + 1; *p != '\0'; p = strchr(p, '\n') + 1) {
		const char *eol = strchr(p, '\n');
		bool value = memmem(p, (size_t)(eol - p), " = ", 3) != NULL;

		if (!value)
			in_lists = true;
		ck_assert_msg(!(in_lists && value), "value line after a list: %.*s", (int)(eol - p), p);
	}
}
END_TEST

START_TEST(data_unknown_master)
{
	const char *d;

	st.master_known = false;
	st.state = VRRP_STATE_FAULT;
	st.fault_reason = "interface eth0 is down or has no address";
	d = render(data_fn);
	ck_assert(has_line(d, "   Master router = unknown"));
	ck_assert(has_line(d, "   State = FAULT"));
	ck_assert(has_line(d, "   Fault reason = interface eth0 is down or has no address"));
}
END_TEST

START_TEST(stats_sections)
{
	const char *s = render(stats_fn);

	ck_assert_msg(has_line(s, "VRRP Instance: VI_1"), "%s", s);
	ck_assert(has_line(s, "  Advertisements:"));
	ck_assert(has_line(s, "    Received: 42"));
	ck_assert(has_line(s, "  Became master: 3"));
	ck_assert(has_line(s, "  Released master: 3"));
	ck_assert(has_line(s, "    TTL: 7"));
	ck_assert(has_line(s, "    Failure: 2"));
	ck_assert(has_line(s, "  Priority Zero:"));
	ck_assert(strstr(s, "  Priority Zero:\n    Received: 1\n    Sent: 0\n") != NULL);
}
END_TEST

static char dir[] = "/tmp/check_dump.XXXXXX";

static int
fill_hello(FILE *f, void *arg)
{
	(void)arg;
	return fputs("hello\n", f) < 0 ? -1 : 0;
}

static int
fill_fail(FILE *f, void *arg)
{
	(void)arg;
	fputs("partial", f);
	return -1;
}

static void
slurp(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");
	size_t n;

	ck_assert_ptr_nonnull(f);
	n = fread(buf, 1, len - 1, f);
	buf[n] = '\0';
	fclose(f);
}

static unsigned
entries(const char *d)
{
	DIR *dp = opendir(d);
	struct dirent *e;
	unsigned n = 0;

	while ((e = readdir(dp)) != NULL)
		n += e->d_name[0] != '.';
	closedir(dp);
	return n;
}

START_TEST(atomic_never_follows_symlink)
{
	char target[128], victim[128], buf[64];
	struct stat sb;
	FILE *f;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(target, sizeof(target), "%s/keepalived.data", dir);
	snprintf(victim, sizeof(victim), "%s/victim", dir);
	f = fopen(victim, "w");
	fputs("precious\n", f);
	fclose(f);
	ck_assert_int_eq(symlink(victim, target), 0);
	umask(077);
	ck_assert_int_eq(atomic_file_write(target, 0644, fill_hello, NULL), 0);
	umask(022);
	slurp(victim, buf, sizeof(buf));
	ck_assert_str_eq(buf, "precious\n");
	ck_assert_int_eq(lstat(target, &sb), 0);
	ck_assert(S_ISREG(sb.st_mode));
	ck_assert_int_eq(sb.st_mode & 0777, 0644);
	slurp(target, buf, sizeof(buf));
	ck_assert_str_eq(buf, "hello\n");
	/* a failing fill leaves the old file and no temporary */
	ck_assert_int_eq(atomic_file_write(target, 0644, fill_fail, NULL), -EIO);
	slurp(target, buf, sizeof(buf));
	ck_assert_str_eq(buf, "hello\n");
	ck_assert_uint_eq(entries(dir), 2);
	unlink(target);
	unlink(victim);
	rmdir(dir);
}
END_TEST

START_TEST(terminating_list)
{
	int sigs[NSIG];
	size_t n = signals_terminating(sigs, NSIG);
	const int must[] = { SIGHUP, SIGINT, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM, SIGTERM, SIGVTALRM,
	                     SIGPROF, SIGIO, SIGPWR, SIGXCPU, SIGXFSZ, SIGSTKFLT };
	const int never[] = { SIGKILL, SIGSTOP, SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGTRAP,
	                      SIGSYS, SIGPIPE, SIGCHLD, SIGCONT, SIGWINCH, SIGURG, SIGTSTP };

	ck_assert_uint_eq(n, 14 + (size_t)(SIGRTMAX - SIGRTMIN + 1));
	for (size_t i = 0; i < sizeof(must) / sizeof(must[0]); i++)
		ck_assert_msg(signals_is_terminating(must[i]), "%s", strsignal(must[i]));
	for (size_t i = 0; i < sizeof(never) / sizeof(never[0]); i++)
		ck_assert_msg(!signals_is_terminating(never[i]), "%s", strsignal(never[i]));
	ck_assert(signals_is_terminating(SIGRTMIN));
	ck_assert(signals_is_terminating(SIGRTMAX));
	for (size_t i = 0; i < n; i++)
		ck_assert(signals_is_terminating(sigs[i]));
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("dump");
	TCase *tc = tcase_create("dump");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, data_fields);
	tcase_add_test(tc, data_values_before_lists);
	tcase_add_test(tc, data_unknown_master);
	tcase_add_test(tc, stats_sections);
	tcase_add_test(tc, atomic_never_follows_symlink);
	tcase_add_test(tc, terminating_list);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
