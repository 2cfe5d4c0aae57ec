/* Process matching, quorum and proc connector decoding (see
 * track_proc_match.h).  Pure: no clock, no I/O, no logging. */
#include "config.h"

#include <stddef.h>
#include <string.h>

#include <linux/cn_proc.h>
#include <linux/connector.h>
#include <linux/netlink.h>

#include "track_proc_match.h"

/* keepalived's check_params(): `params` are the process's arguments after
 * argv[0], NUL-terminated each, as in /proc/PID/cmdline. */
static bool tp_params_ok(const struct vrrp_track_process_conf *t, const char *params,
                         size_t len)
{
	if (t->param_match == VRRP_PARAM_MATCH_EXACT)
		return len == t->params_len &&
		       (len == 0 || memcmp(params, t->params, len) == 0);
	if (!t->params_len)
		return true;
	if (len < t->params_len)
		return false;
	if (t->param_match == VRRP_PARAM_MATCH_PARTIAL)
		return memcmp(params, t->params, t->params_len) == 0;
	/* initial: all but the last configured NUL, so the process's last
	 * compared argument may go on */
	return t->params_len == 1 || memcmp(params, t->params, t->params_len - 1) == 0;
}

bool track_proc_match(const struct vrrp_track_process_conf *t, const char *comm,
                      const char *cmdline, size_t cmdline_len)
{
	size_t n;

	if (!t->full_command)
		return comm && strcmp(comm, t->process) == 0;
	if (!cmdline || !cmdline_len)
		return false;   /* a kernel thread or a zombie: no command line */
	n = strnlen(cmdline, cmdline_len);
	if (n != strlen(t->process) || memcmp(cmdline, t->process, n) != 0)
		return false;
	if (t->param_match == VRRP_PARAM_MATCH_NONE)
		return true;
	/* the NUL after argv[0] may be missing when the line was cut short */
	if (n == cmdline_len)
		return tp_params_ok(t, cmdline + n, 0);
	return tp_params_ok(t, cmdline + n + 1, cmdline_len - n - 1);
}

/* ---- quorum */

void track_proc_quorum_init(struct track_proc_quorum *q, uint32_t quorum, uint32_t quorum_max)
{
	memset(q, 0, sizeof(*q));
	q->quorum = quorum;
	q->quorum_max = quorum_max;
	q->up = track_proc_quorum_in_range(q, 0);
}

bool track_proc_quorum_in_range(const struct track_proc_quorum *q, uint32_t count)
{
	return count >= q->quorum && count <= q->quorum_max;
}

enum track_proc_step track_proc_quorum_set(struct track_proc_quorum *q, uint32_t count,
                                           uint32_t up_delay_ms, uint32_t down_delay_ms,
                                           uint32_t *delay_ms)
{
	bool want = track_proc_quorum_in_range(q, count);
	uint32_t delay = want ? up_delay_ms : down_delay_ms;

	q->count = count;
	if (want == q->up) {
		if (!q->pending)
			return TRACK_PROC_SAME;
		/* back where we were before the wait began */
		q->pending = 0;
		return TRACK_PROC_DISARM;
	}
	if (q->pending == (want ? 1 : -1))
		return TRACK_PROC_SAME;   /* already waiting for this */
	if (delay) {
		q->pending = want ? 1 : -1;
		*delay_ms = delay;
		return TRACK_PROC_ARM;
	}
	q->pending = 0;
	q->up = want;
	return TRACK_PROC_CHANGED;
}

bool track_proc_quorum_timer(struct track_proc_quorum *q)
{
	bool want = track_proc_quorum_in_range(q, q->count);

	q->pending = 0;
	if (want == q->up)
		return false;
	q->up = want;
	return true;
}

/* ---- proc connector */

int cn_proc_parse(const void *buf, size_t len, struct cn_proc_event *out)
{
	const unsigned char *b = buf;
	struct nlmsghdr nh;
	struct cn_msg cn;
	struct proc_event ev;
	size_t off = NLMSG_HDRLEN, evlen;

	memset(out, 0, sizeof(*out));
	if (len < NLMSG_HDRLEN)
		return -1;
	memcpy(&nh, b, sizeof(nh));
	if (nh.nlmsg_len < NLMSG_HDRLEN || nh.nlmsg_len > len ||
	    nh.nlmsg_type == NLMSG_ERROR || nh.nlmsg_type == NLMSG_NOOP)
		return -1;
	len = nh.nlmsg_len;
	if (len - off < sizeof(cn))
		return -1;
	memcpy(&cn, b + off, sizeof(cn));
	off += sizeof(cn);
	if (cn.id.idx != CN_IDX_PROC || cn.id.val != CN_VAL_PROC || cn.len > len - off)
		return -1;
	evlen = cn.len;
	if (evlen < offsetof(struct proc_event, event_data))
		return -1;
	memset(&ev, 0, sizeof(ev));
	memcpy(&ev, b + off, evlen < sizeof(ev) ? evlen : sizeof(ev));

#define NEED(member) \
	if (evlen < offsetof(struct proc_event, event_data) + sizeof(ev.event_data.member)) \
		return -1
	switch (ev.what) {
	case PROC_EVENT_NONE:
		NEED(ack);
		out->kind = CN_PROC_ACK;
		out->ack_err = ev.event_data.ack.err;
		break;
	case PROC_EVENT_FORK:
		NEED(fork);
		out->kind = CN_PROC_FORK;
		out->parent_tgid = ev.event_data.fork.parent_tgid;
		out->pid = ev.event_data.fork.child_pid;
		out->tgid = ev.event_data.fork.child_tgid;
		break;
	case PROC_EVENT_EXEC:
		NEED(exec);
		out->kind = CN_PROC_EXEC;
		out->pid = ev.event_data.exec.process_pid;
		out->tgid = ev.event_data.exec.process_tgid;
		break;
	case PROC_EVENT_COMM:
		NEED(comm);
		out->kind = CN_PROC_COMM;
		out->pid = ev.event_data.comm.process_pid;
		out->tgid = ev.event_data.comm.process_tgid;
		memcpy(out->comm, ev.event_data.comm.comm, sizeof(ev.event_data.comm.comm));
		out->comm[sizeof(ev.event_data.comm.comm)] = '\0';
		break;
	case PROC_EVENT_EXIT:
		NEED(exit);
		out->kind = CN_PROC_EXIT;
		out->pid = ev.event_data.exit.process_pid;
		out->tgid = ev.event_data.exit.process_tgid;
		break;
	default:
		out->kind = CN_PROC_OTHER;
		break;
	}
#undef NEED
	return 0;
}

size_t cn_proc_listen_msg(void *buf, size_t size, bool on)
{
	uint32_t op = on ? PROC_CN_MCAST_LISTEN : PROC_CN_MCAST_IGNORE;
	struct cn_msg cn = { .id = { CN_IDX_PROC, CN_VAL_PROC }, .len = sizeof(op) };
	struct nlmsghdr nh = { .nlmsg_type = NLMSG_DONE };
	size_t len = NLMSG_LENGTH(sizeof(cn) + sizeof(op));
	unsigned char *b = buf;

	if (size < len)
		return 0;
	memset(buf, 0, len);
	nh.nlmsg_len = (uint32_t)len;
	memcpy(b, &nh, sizeof(nh));
	memcpy(b + NLMSG_HDRLEN, &cn, sizeof(cn));
	memcpy(b + NLMSG_HDRLEN + sizeof(cn), &op, sizeof(op));
	return len;
}

int track_proc_stat_parse(const char *buf, size_t len, char comm[17], char *state)
{
	const char *open = memchr(buf, '(', len), *close = NULL;
	size_t n;

	if (!open)
		return -1;
	/* a name may itself hold ')': the last one ends it */
	for (const char *p = buf + len; p > open; p--)
		if (p[-1] == ')') {
			close = p - 1;
			break;
		}
	if (!close || close + 2 >= buf + len || close[1] != ' ')
		return -1;
	n = (size_t)(close - open - 1);
	if (n > 16)
		return -1;
	memcpy(comm, open + 1, n);
	comm[n] = '\0';
	*state = close[2];
	return 0;
}
