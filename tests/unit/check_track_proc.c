/* Pure process tracking: matching a process (comm / command line /
 * param_match) against a vrrp_track_process, keepalived's quorum rules with
 * the fork and terminate delays, the decoding of proc connector messages
 * (built here byte by byte, at odd alignments) and of /proc/PID/stat, and
 * the weight rules for a track_process. */
#include "config.h"

#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <linux/cn_proc.h>
#include <linux/connector.h>
#include <linux/netlink.h>

#include "conf.h"
#include "vrrp/track/track_calc.h"
#include "vrrp/track/track_proc_match.h"

/* ---- matching */

static struct vrrp_track_process_conf tpc(const char *name, bool full, enum vrrp_param_match m,
                                          const char *params, size_t params_len)
{
	struct vrrp_track_process_conf c = { 0 };

	c.process = (char *)name;
	c.full_command = full;
	c.param_match = m;
	c.params = (char *)params;
	c.params_len = params_len;
	return c;
}

/* cmdline literals: "a\0b\0" has sizeof - 1 bytes */
#define CL(s) s, sizeof(s) - 1

START_TEST(t_match_comm)
{
	struct vrrp_track_process_conf c = tpc("nginx", false, VRRP_PARAM_MATCH_NONE, NULL, 0);

	ck_assert(track_proc_match(&c, "nginx", NULL, 0));
	ck_assert(!track_proc_match(&c, "nginx2", NULL, 0));
	ck_assert(!track_proc_match(&c, "ngin", NULL, 0));
	ck_assert(!track_proc_match(&c, NULL, CL("nginx\0")));
	/* the command line does not matter without full_command */
	ck_assert(track_proc_match(&c, "nginx", CL("/usr/sbin/nginx\0-g\0")));
}
END_TEST

START_TEST(t_match_full)
{
	struct vrrp_track_process_conf c = tpc("/usr/sbin/sshd", true, VRRP_PARAM_MATCH_NONE,
	                                       NULL, 0);

	ck_assert(track_proc_match(&c, "sshd", CL("/usr/sbin/sshd\0-D\0")));
	ck_assert(track_proc_match(&c, NULL, CL("/usr/sbin/sshd\0")));
	ck_assert(!track_proc_match(&c, "sshd", CL("sshd\0")));
	ck_assert(!track_proc_match(&c, "sshd", CL("/usr/sbin/sshd2\0")));
	ck_assert(!track_proc_match(&c, "sshd", CL("/usr/sbin/ssh\0")));
	/* kernel threads and zombies have no command line */
	ck_assert(!track_proc_match(&c, "sshd", "", 0));
}
END_TEST

START_TEST(t_match_params)
{
	static const char p[] = "a\0bc\0";
	struct vrrp_track_process_conf ex = tpc("/bin/x", true, VRRP_PARAM_MATCH_EXACT, p, 5);
	struct vrrp_track_process_conf pa = tpc("/bin/x", true, VRRP_PARAM_MATCH_PARTIAL, p, 5);
	struct vrrp_track_process_conf in = tpc("/bin/x", true, VRRP_PARAM_MATCH_INITIAL, p, 5);
	struct vrrp_track_process_conf none = tpc("/bin/x", true, VRRP_PARAM_MATCH_EXACT, NULL, 0);

	/* exact: the same arguments, no more */
	ck_assert(track_proc_match(&ex, NULL, CL("/bin/x\0a\0bc\0")));
	ck_assert(!track_proc_match(&ex, NULL, CL("/bin/x\0a\0bc\0d\0")));
	ck_assert(!track_proc_match(&ex, NULL, CL("/bin/x\0a\0bcd\0")));
	ck_assert(!track_proc_match(&ex, NULL, CL("/bin/x\0a\0")));
	ck_assert(!track_proc_match(&ex, NULL, CL("/bin/x\0")));
	/* partial: the configured ones first, whole */
	ck_assert(track_proc_match(&pa, NULL, CL("/bin/x\0a\0bc\0")));
	ck_assert(track_proc_match(&pa, NULL, CL("/bin/x\0a\0bc\0d\0")));
	ck_assert(!track_proc_match(&pa, NULL, CL("/bin/x\0a\0bcd\0")));
	ck_assert(!track_proc_match(&pa, NULL, CL("/bin/x\0b\0a\0bc\0")));
	/* initial: the last one may be a prefix */
	ck_assert(track_proc_match(&in, NULL, CL("/bin/x\0a\0bc\0")));
	ck_assert(track_proc_match(&in, NULL, CL("/bin/x\0a\0bcd\0")));
	ck_assert(track_proc_match(&in, NULL, CL("/bin/x\0a\0bc\0d\0")));
	ck_assert(!track_proc_match(&in, NULL, CL("/bin/x\0a\0b\0")));
	ck_assert(!track_proc_match(&in, NULL, CL("/bin/x\0ab\0c\0")));
	/* param_match exact with no parameters: the process must have none */
	ck_assert(track_proc_match(&none, NULL, CL("/bin/x\0")));
	ck_assert(!track_proc_match(&none, NULL, CL("/bin/x\0a\0")));
	/* a line cut after argv[0] (no NUL) has no parameters */
	ck_assert(track_proc_match(&none, NULL, "/bin/x", 6));
}
END_TEST

/* ---- quorum */

START_TEST(t_quorum_plain)
{
	struct track_proc_quorum q;
	uint32_t d = 0;

	track_proc_quorum_init(&q, 2, 3);
	ck_assert(!q.up);
	ck_assert_int_eq(track_proc_quorum_set(&q, 1, 0, 0, &d), TRACK_PROC_SAME);
	ck_assert_int_eq(track_proc_quorum_set(&q, 2, 0, 0, &d), TRACK_PROC_CHANGED);
	ck_assert(q.up);
	ck_assert_int_eq(track_proc_quorum_set(&q, 3, 0, 0, &d), TRACK_PROC_SAME);
	/* above quorum_max is down too */
	ck_assert_int_eq(track_proc_quorum_set(&q, 4, 0, 0, &d), TRACK_PROC_CHANGED);
	ck_assert(!q.up);
	ck_assert_int_eq(track_proc_quorum_set(&q, 3, 0, 0, &d), TRACK_PROC_CHANGED);
	ck_assert_int_eq(track_proc_quorum_set(&q, 1, 0, 0, &d), TRACK_PROC_CHANGED);
	ck_assert(!q.up);

	/* quorum_max 0: up while nothing runs */
	track_proc_quorum_init(&q, 0, 0);
	ck_assert(q.up);
	ck_assert_int_eq(track_proc_quorum_set(&q, 1, 0, 0, &d), TRACK_PROC_CHANGED);
	ck_assert(!q.up);
	ck_assert_int_eq(track_proc_quorum_set(&q, 0, 0, 0, &d), TRACK_PROC_CHANGED);
	ck_assert(q.up);

	/* defaults: 1..unbounded */
	track_proc_quorum_init(&q, 1, UINT32_MAX);
	ck_assert_int_eq(track_proc_quorum_set(&q, 70000, 0, 0, &d), TRACK_PROC_CHANGED);
	ck_assert(q.up);
}
END_TEST

START_TEST(t_quorum_delays)
{
	struct track_proc_quorum q;
	uint32_t d = 0;

	track_proc_quorum_init(&q, 1, UINT32_MAX);
	/* gained by a fork: wait fork_delay */
	ck_assert_int_eq(track_proc_quorum_set(&q, 1, 500, 0, &d), TRACK_PROC_ARM);
	ck_assert_uint_eq(d, 500);
	ck_assert(!q.up);
	/* more forks while waiting: still waiting */
	ck_assert_int_eq(track_proc_quorum_set(&q, 2, 500, 0, &d), TRACK_PROC_SAME);
	ck_assert(track_proc_quorum_timer(&q));
	ck_assert(q.up);
	/* lost by exits: wait terminate_delay; a new process cancels the wait */
	ck_assert_int_eq(track_proc_quorum_set(&q, 0, 0, 300, &d), TRACK_PROC_ARM);
	ck_assert_uint_eq(d, 300);
	ck_assert(q.up);
	ck_assert_int_eq(track_proc_quorum_set(&q, 1, 0, 0, &d), TRACK_PROC_DISARM);
	ck_assert(q.up);
	/* the timer of a cancelled wait changes nothing */
	ck_assert(!track_proc_quorum_timer(&q));
	/* a change that is not the delay's kind is taken at once */
	ck_assert_int_eq(track_proc_quorum_set(&q, 0, 500, 0, &d), TRACK_PROC_CHANGED);
	ck_assert(!q.up);
	/* the fork's child exits while waiting: the wait ends, still down */
	ck_assert_int_eq(track_proc_quorum_set(&q, 1, 500, 0, &d), TRACK_PROC_ARM);
	ck_assert_int_eq(track_proc_quorum_set(&q, 0, 0, 300, &d), TRACK_PROC_DISARM);
	ck_assert(!q.up);
	/* timer fires after the count moved on: follows the count */
	ck_assert_int_eq(track_proc_quorum_set(&q, 1, 500, 0, &d), TRACK_PROC_ARM);
	q.count = 0;
	ck_assert(!track_proc_quorum_timer(&q));
	ck_assert(!q.up);
}
END_TEST

/* ---- the weight rules of track_calc for a process */

START_TEST(t_weights)
{
	struct vrrp_track_input up0 = { VRRP_TRACK_PROCESS, "p", 0, false, true, 1 };
	struct vrrp_track_input down0 = { VRRP_TRACK_PROCESS, "p", 0, false, false, 0 };
	struct vrrp_track_input up10 = { VRRP_TRACK_PROCESS, "p", 10, false, true, 1 };
	struct vrrp_track_input down10 = { VRRP_TRACK_PROCESS, "p", 10, false, false, 0 };
	struct vrrp_track_input downm20 = { VRRP_TRACK_PROCESS, "p", -20, false, false, 0 };
	struct vrrp_track_input uprev0 = { VRRP_TRACK_PROCESS, "p", 0, true, true, 1 };
	struct vrrp_track_result r;

	vrrp_track_compute(&up0, 1, &r);
	ck_assert(!r.fault);
	vrrp_track_compute(&down0, 1, &r);
	ck_assert(r.fault);
	ck_assert_ptr_eq(r.fault_by, &down0);
	vrrp_track_compute(&up10, 1, &r);
	ck_assert_int_eq(r.priority_delta, 10);
	vrrp_track_compute(&down10, 1, &r);
	ck_assert_int_eq(r.priority_delta, 0);
	vrrp_track_compute(&downm20, 1, &r);
	ck_assert_int_eq(r.priority_delta, -20);
	vrrp_track_compute(&uprev0, 1, &r);
	ck_assert(r.fault);
	ck_assert_str_eq(vrrp_track_kind_name(VRRP_TRACK_PROCESS), "track_process");
}
END_TEST

/* ---- connector messages */

/* nlmsghdr + cn_msg + proc_event at `buf + shift` (odd alignment on
 * purpose); returns the length. */
static size_t cn_build(unsigned char *buf, size_t shift, const struct proc_event *ev,
                       size_t evlen, uint32_t idx)
{
	struct nlmsghdr nh = { 0 };
	struct cn_msg cn = { 0 };
	size_t len = NLMSG_HDRLEN + sizeof(cn) + evlen;

	nh.nlmsg_len = (uint32_t)len;
	nh.nlmsg_type = NLMSG_DONE;
	cn.id.idx = idx;
	cn.id.val = CN_VAL_PROC;
	cn.len = (uint16_t)evlen;
	memcpy(buf + shift, &nh, sizeof(nh));
	memcpy(buf + shift + NLMSG_HDRLEN, &cn, sizeof(cn));
	memcpy(buf + shift + NLMSG_HDRLEN + sizeof(cn), ev, evlen);
	return len;
}

START_TEST(t_cn_parse)
{
	unsigned char buf[512];
	struct proc_event ev;
	struct cn_proc_event out;
	size_t len;

	for (size_t shift = 0; shift < 8; shift += 3) {
		memset(&ev, 0, sizeof(ev));
		ev.what = PROC_EVENT_FORK;
		ev.event_data.fork.parent_pid = 10;
		ev.event_data.fork.parent_tgid = 10;
		ev.event_data.fork.child_pid = 11;
		ev.event_data.fork.child_tgid = 11;
		len = cn_build(buf, shift, &ev, sizeof(ev), CN_IDX_PROC);
		ck_assert_int_eq(cn_proc_parse(buf + shift, len, &out), 0);
		ck_assert_int_eq(out.kind, CN_PROC_FORK);
		ck_assert_int_eq(out.parent_tgid, 10);
		ck_assert_int_eq(out.pid, 11);
		ck_assert_int_eq(out.tgid, 11);
	}

	memset(&ev, 0, sizeof(ev));
	ev.what = PROC_EVENT_EXEC;
	ev.event_data.exec.process_pid = 42;
	ev.event_data.exec.process_tgid = 41;
	len = cn_build(buf, 1, &ev, sizeof(ev), CN_IDX_PROC);
	ck_assert_int_eq(cn_proc_parse(buf + 1, len, &out), 0);
	ck_assert_int_eq(out.kind, CN_PROC_EXEC);
	ck_assert_int_eq(out.pid, 42);
	ck_assert_int_eq(out.tgid, 41);

	memset(&ev, 0, sizeof(ev));
	ev.what = PROC_EVENT_COMM;
	ev.event_data.comm.process_pid = 7;
	ev.event_data.comm.process_tgid = 7;
	memcpy(ev.event_data.comm.comm, "0123456789abcdef", 16);   /* no NUL */
	len = cn_build(buf, 0, &ev, sizeof(ev), CN_IDX_PROC);
	ck_assert_int_eq(cn_proc_parse(buf, len, &out), 0);
	ck_assert_int_eq(out.kind, CN_PROC_COMM);
	ck_assert_str_eq(out.comm, "0123456789abcdef");

	memset(&ev, 0, sizeof(ev));
	ev.what = PROC_EVENT_EXIT;
	ev.event_data.exit.process_pid = 9;
	ev.event_data.exit.process_tgid = 9;
	len = cn_build(buf, 0, &ev, sizeof(ev), CN_IDX_PROC);
	ck_assert_int_eq(cn_proc_parse(buf, len, &out), 0);
	ck_assert_int_eq(out.kind, CN_PROC_EXIT);
	ck_assert_int_eq(out.pid, 9);

	/* the LISTEN answer */
	memset(&ev, 0, sizeof(ev));
	ev.what = PROC_EVENT_NONE;
	ev.event_data.ack.err = 0;
	len = cn_build(buf, 0, &ev, sizeof(ev), CN_IDX_PROC);
	ck_assert_int_eq(cn_proc_parse(buf, len, &out), 0);
	ck_assert_int_eq(out.kind, CN_PROC_ACK);

	/* an event kind we do not follow */
	memset(&ev, 0, sizeof(ev));
	ev.what = PROC_EVENT_UID;
	len = cn_build(buf, 0, &ev, sizeof(ev), CN_IDX_PROC);
	ck_assert_int_eq(cn_proc_parse(buf, len, &out), 0);
	ck_assert_int_eq(out.kind, CN_PROC_OTHER);
}
END_TEST

START_TEST(t_cn_malformed)
{
	unsigned char buf[512];
	struct proc_event ev = { 0 };
	struct cn_proc_event out;
	struct nlmsghdr nh;
	size_t len;

	ev.what = PROC_EVENT_EXIT;
	len = cn_build(buf, 0, &ev, sizeof(ev), CN_IDX_PROC);
	/* every truncation is refused */
	for (size_t cut = 0; cut < NLMSG_HDRLEN + sizeof(struct cn_msg) + 8; cut++) {
		struct nlmsghdr h;

		memcpy(&h, buf, sizeof(h));
		h.nlmsg_len = (uint32_t)cut;
		memcpy(buf, &h, sizeof(h));
		ck_assert_int_eq(cn_proc_parse(buf, len, &out), -1);
		ck_assert_int_eq(cn_proc_parse(buf, cut, &out), -1);
	}
	/* nlmsg_len longer than what was read */
	len = cn_build(buf, 0, &ev, sizeof(ev), CN_IDX_PROC);
	ck_assert_int_eq(cn_proc_parse(buf, len - 1, &out), -1);
	/* cn_msg.len says less than an exit event */
	len = cn_build(buf, 0, &ev, 20, CN_IDX_PROC);
	ck_assert_int_eq(cn_proc_parse(buf, len, &out), -1);
	/* another connector */
	len = cn_build(buf, 0, &ev, sizeof(ev), CN_IDX_PROC + 1);
	ck_assert_int_eq(cn_proc_parse(buf, len, &out), -1);
	/* netlink errors and no-ops */
	len = cn_build(buf, 0, &ev, sizeof(ev), CN_IDX_PROC);
	memcpy(&nh, buf, sizeof(nh));
	nh.nlmsg_type = NLMSG_ERROR;
	memcpy(buf, &nh, sizeof(nh));
	ck_assert_int_eq(cn_proc_parse(buf, len, &out), -1);
}
END_TEST

START_TEST(t_cn_listen)
{
	unsigned char buf[64];
	struct nlmsghdr nh;
	struct cn_msg cn;
	uint32_t op;
	size_t len = cn_proc_listen_msg(buf, sizeof(buf), true);

	ck_assert_uint_eq(len, NLMSG_LENGTH(sizeof(cn) + sizeof(op)));
	memcpy(&nh, buf, sizeof(nh));
	memcpy(&cn, buf + NLMSG_HDRLEN, sizeof(cn));
	memcpy(&op, buf + NLMSG_HDRLEN + sizeof(cn), sizeof(op));
	ck_assert_uint_eq(nh.nlmsg_len, len);
	ck_assert_uint_eq(cn.id.idx, CN_IDX_PROC);
	ck_assert_uint_eq(cn.len, sizeof(op));
	ck_assert_uint_eq(op, PROC_CN_MCAST_LISTEN);
	cn_proc_listen_msg(buf, sizeof(buf), false);
	memcpy(&op, buf + NLMSG_HDRLEN + sizeof(cn), sizeof(op));
	ck_assert_uint_eq(op, PROC_CN_MCAST_IGNORE);
	ck_assert_uint_eq(cn_proc_listen_msg(buf, 10, true), 0);
}
END_TEST

/* ---- /proc/PID/stat */

START_TEST(t_stat)
{
	char comm[17], st;
	static const char s1[] = "1234 (sleep) S 1 1234 1234 0 -1";
	static const char s2[] = "99 (a) b (c)) Z 1 2";
	static const char s3[] = "99 (noclose S 1";

	ck_assert_int_eq(track_proc_stat_parse(s1, sizeof(s1) - 1, comm, &st), 0);
	ck_assert_str_eq(comm, "sleep");
	ck_assert_int_eq(st, 'S');
	/* a name holding ") " ends at the last ')' */
	ck_assert_int_eq(track_proc_stat_parse(s2, sizeof(s2) - 1, comm, &st), 0);
	ck_assert_str_eq(comm, "a) b (c)");
	ck_assert_int_eq(st, 'Z');
	ck_assert_int_eq(track_proc_stat_parse(s3, sizeof(s3) - 1, comm, &st), -1);
	ck_assert_int_eq(track_proc_stat_parse("1 (x)", 5, comm, &st), -1);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("track_proc");
	TCase *tc = tcase_create("pure");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, t_match_comm);
	tcase_add_test(tc, t_match_full);
	tcase_add_test(tc, t_match_params);
	tcase_add_test(tc, t_quorum_plain);
	tcase_add_test(tc, t_quorum_delays);
	tcase_add_test(tc, t_weights);
	tcase_add_test(tc, t_cn_parse);
	tcase_add_test(tc, t_cn_malformed);
	tcase_add_test(tc, t_cn_listen);
	tcase_add_test(tc, t_stat);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
