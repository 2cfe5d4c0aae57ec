/* Notify scripts and notify_fifo lines for one instance (see notify.h).
 * Scripts go through a per-instance proc_queue so they run one at a time in
 * transition order; the fifo is shared by all instances and never blocks:
 * a line nobody is reading is dropped and counted. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "loop.h"
#include "mail_alert.h"
#include "proc.h"
#include "notify.h"
#include "safefile.h"
#include "script_user.h"

enum { NOTIFY_MASTER, NOTIFY_BACKUP, NOTIFY_FAULT, NOTIFY_STOP, NOTIFY_GENERIC,
       NOTIFY_N };

/* ---- the shared fifo ---- */

struct vrrp_notify_fifo {
	char *path;
	int fd;                       /* -1 until a reader shows up */
	unsigned refs;
	uint64_t dropped;
	struct log_ratelimit rl;
	struct vrrp_notify_fifo *next;
};

static struct vrrp_notify_fifo *notify_fifos;
static uint64_t notify_fifo_dropped_total;

static struct vrrp_notify_fifo *
notify_fifo_get(const char *path)
{
	struct vrrp_notify_fifo *f;

	for (f = notify_fifos; f != NULL; f = f->next)
		if (strcmp(f->path, path) == 0) {
			f->refs++;
			return f;
		}
	f = calloc(1, sizeof(*f));
	if (f == NULL || (f->path = strdup(path)) == NULL) {
		free(f);
		return NULL;
	}
	f->fd = -1;
	f->refs = 1;
	f->rl = (struct log_ratelimit)LOG_RATELIMIT_INIT(60000, 1);
	/* Like keepalived, create the fifo if it does not exist yet. */
	if (mkfifo(path, 0600) == -1 && errno != EEXIST)
		log_warn("notify_fifo %s: mkfifo", path);
	f->next = notify_fifos;
	notify_fifos = f;
	return f;
}

static void
notify_fifo_put(struct vrrp_notify_fifo *f)
{
	struct vrrp_notify_fifo **pp;

	if (f == NULL || --f->refs > 0)
		return;
	for (pp = &notify_fifos; *pp != NULL; pp = &(*pp)->next)
		if (*pp == f) {
			*pp = f->next;
			break;
		}
	if (f->fd != -1)
		close(f->fd);
	free(f->path);
	free(f);
}

static void
notify_fifo_drop(struct vrrp_notify_fifo *f, const char *why)
{
	uint32_t suppressed;

	f->dropped++;
	notify_fifo_dropped_total++;
	if (log_ratelimit_ok(&f->rl, loop_now_ms(), &suppressed))
		log_warnx("notify_fifo %s: %s, line dropped (%llu dropped so far)",
		          f->path, why, (unsigned long long)f->dropped);
}

/* Opened lazily (O_NONBLOCK: ENXIO while nobody reads) and kept open while
 * the reader stays.  Lines are shorter than PIPE_BUF, so a write is atomic:
 * all of it or EAGAIN.  SIGPIPE is ignored by main(), so a vanished reader
 * is an EPIPE here. */
static void
notify_fifo_write(struct vrrp_notify_fifo *f, const char *line, size_t len)
{
	char why[PATH_MAX + 64];
	ssize_t n;

	if (f->fd == -1) {
		/* keepalived: only a FIFO we own, never through a symlink (a
		 * regular file or a device planted at the path is not written) */
		f->fd = safefile_open(f->path, O_WRONLY | O_NONBLOCK, 0,
		                      SAFEFILE_FIFO | SAFEFILE_OURS, why, sizeof(why));
		if (f->fd == -1) {
			notify_fifo_drop(f, errno == ENXIO ? "no reader" : why);
			return;
		}
	}
	n = write(f->fd, line, len);
	if (n == (ssize_t)len)
		return;
	if (n == -1 && errno == EAGAIN) {
		notify_fifo_drop(f, "reader too slow");
		return;
	}
	/* EPIPE (the reader left) or anything else: reopen next time. */
	notify_fifo_drop(f, n == -1 ? strerror(errno) : "short write");
	close(f->fd);
	f->fd = -1;
}

uint64_t
vrrp_notify_fifo_dropped(void)
{
	return notify_fifo_dropped_total;
}

/* ---- per instance ---- */

struct vrrp_notify {
	const char *type;             /* "INSTANCE" or "GROUP" (keepalived's TYPE) */
	char *name;
	char **scripts[NOTIFY_N];     /* deep copies; NULL = not configured or refused */
	struct proc_opts opts[NOTIFY_N];   /* who each runs as; timeout; file to exec */
	char *paths[NOTIFY_N];        /* opts[i].path: checked (enable_script_security) */
	struct log_ratelimit replaced_rl;
	struct proc_queue *q;
	struct vrrp_notify_fifo *fifo;
	struct mail_alert *mail;      /* NULL: smtp_alert off or no mail configured */
	bool no_email_faults;
	int last_mail_state;          /* keepalived mails a state once: -1 = none yet */
};

static void
notify_argv_free(char **argv)
{
	char **p;

	for (p = argv; p != NULL && *p != NULL; p++)
		free(*p);
	free(argv);
}

static char **
notify_argv_dup(char *const *argv)
{
	size_t n, i;
	char **out;

	for (n = 0; argv[n] != NULL; n++)
		;
	out = calloc(n + 1, sizeof(*out));
	if (out == NULL)
		return NULL;
	for (i = 0; i < n; i++)
		if ((out[i] = strdup(argv[i])) == NULL) {
			notify_argv_free(out);
			return NULL;
		}
	return out;
}

static struct vrrp_notify *
notify_new(struct ev_loop *loop, const struct floatd_conf *conf, const char *type,
           const char *name, const struct script_conf *const sc[NOTIFY_N], bool smtp_alert)
{
	struct vrrp_notify *n;
	char why[PATH_MAX + 192];
	int i;

	n = calloc(1, sizeof(*n));
	if (n == NULL)
		return NULL;
	n->type = type;
	n->last_mail_state = -1;
	n->no_email_faults = conf->mail.no_email_faults;
	if (smtp_alert)
		n->mail = mail_alert_get(loop, conf);
	n->replaced_rl = (struct log_ratelimit)LOG_RATELIMIT_INIT(60000, 1);
	n->name = strdup(name != NULL ? name : "");
	n->q = proc_queue_new(loop, n->name != NULL ? n->name : "");
	if (n->name == NULL || n->q == NULL)
		goto fail;
	for (i = 0; i < NOTIFY_N; i++) {
		if (sc[i]->argv == NULL || sc[i]->argv[0] == NULL)
			continue;
		n->opts[i].timeout_ms = SCRIPT_NOTIFY_TIMEOUT_MS;
		/* keepalived: an unknown user disables the script rather than
		 * running it as root; so does a refusal by script security */
		if (script_user_prepare(sc[i], sc[i]->argv, conf, &n->opts[i], &n->paths[i], why,
		                        sizeof(why)) == -1) {
			log_warnx("(%s) notify script %s: %s; script disabled", n->name,
			          sc[i]->argv[0], why);
			continue;
		}
		if ((n->scripts[i] = notify_argv_dup(sc[i]->argv)) == NULL)
			goto fail;
	}
	if (conf->notify_fifo != NULL && conf->notify_fifo[0] != '\0' &&
	    (n->fifo = notify_fifo_get(conf->notify_fifo)) == NULL)
		goto fail;
	return n;
fail:
	vrrp_notify_free(n);
	return NULL;
}

struct vrrp_notify *
vrrp_notify_new(struct ev_loop *loop, const struct floatd_conf *conf,
                const struct vrrp_instance_conf *ic)
{
	const struct script_conf *const sc[NOTIFY_N] = {
		[NOTIFY_MASTER] = &ic->notify_master,
		[NOTIFY_BACKUP] = &ic->notify_backup,
		[NOTIFY_FAULT] = &ic->notify_fault,
		[NOTIFY_STOP] = &ic->notify_stop,
		[NOTIFY_GENERIC] = &ic->notify,
	};

	return notify_new(loop, conf, "INSTANCE", ic->name, sc, ic->smtp_alert);
}

struct vrrp_notify *
vrrp_notify_new_group(struct ev_loop *loop, const struct floatd_conf *conf,
                      const struct vrrp_sync_group_conf *gc)
{
	const struct script_conf *const sc[NOTIFY_N] = {
		[NOTIFY_MASTER] = &gc->notify_master,
		[NOTIFY_BACKUP] = &gc->notify_backup,
		[NOTIFY_FAULT] = &gc->notify_fault,
		[NOTIFY_STOP] = &gc->notify_stop,
		[NOTIFY_GENERIC] = &gc->notify,
	};

	return notify_new(loop, conf, "GROUP", gc->name, sc, gc->smtp_alert);
}

/* keepalived's vrrp_smtp_notifier / vrrp_sync_smtp_notifier: one mail per
 * state entered (a state repeated is not mailed again), FAULT left out
 * with no_email_faults.  The sender never blocks (src/mail_alert.c). */
static void
notify_mail(struct vrrp_notify *n, enum vrrp_state state)
{
	static const char *const inst_body[] = {
		[VRRP_STATE_MASTER] = "=> VRRP Instance is now owning VRRP VIPs <=",
		[VRRP_STATE_BACKUP] = "=> VRRP Instance is no longer owning VRRP VIPs <=",
		[VRRP_STATE_FAULT] = "=> VRRP Instance is no longer owning VRRP VIPs <=",
		[VRRP_STATE_STOP] = "=> VRRP Instance stopping <=",
	};
	static const char *const group_body[] = {
		[VRRP_STATE_MASTER] = "=> All VRRP group instances are now in MASTER state <=",
		[VRRP_STATE_BACKUP] = "=> All VRRP group instances are now in BACKUP state <=",
		[VRRP_STATE_FAULT] = "=> All VRRP group instances are now in FAULT state <=",
		[VRRP_STATE_STOP] = "=> All VRRP group instances are now stopping <=",
	};
	bool group = strcmp(n->type, "GROUP") == 0;
	const char *what;
	char subject[256];

	if (n->mail == NULL || (int)state == n->last_mail_state ||
	    (n->no_email_faults && state == VRRP_STATE_FAULT))
		return;
	switch (state) {
	case VRRP_STATE_MASTER: what = "Entering MASTER state"; break;
	case VRRP_STATE_BACKUP: what = "Entering BACKUP state"; break;
	case VRRP_STATE_FAULT:  what = "Entering FAULT state"; break;
	case VRRP_STATE_STOP:   what = "Stopping"; break;
	default: return;
	}
	snprintf(subject, sizeof(subject), "VRRP %s %s - %s", group ? "Group" : "Instance",
	         n->name, what);
	mail_alert_send(n->mail, subject, group ? group_body[state] : inst_body[state]);
	n->last_mail_state = (int)state;
}

void
vrrp_notify_state(struct vrrp_notify *n, enum vrrp_state state, uint8_t priority)
{
	const char *word;
	char prio[4], line[512], **gen;
	char *argv[64];
	struct proc_cmd cmds[2];
	unsigned long before;
	uint32_t suppressed;
	unsigned nc = 0;
	size_t k;
	int which, len;

	switch (state) {
	case VRRP_STATE_MASTER: which = NOTIFY_MASTER; word = "MASTER"; break;
	case VRRP_STATE_BACKUP: which = NOTIFY_BACKUP; word = "BACKUP"; break;
	case VRRP_STATE_FAULT:  which = NOTIFY_FAULT;  word = "FAULT";  break;
	case VRRP_STATE_STOP:   which = NOTIFY_STOP;   word = "STOP";   break;
	default:
		return;   /* INIT and LEAVING are not reported (as keepalived) */
	}
	snprintf(prio, sizeof(prio), "%u", priority);
	notify_mail(n, state);

	if (n->fifo != NULL) {
		len = snprintf(line, sizeof(line), "%s \"%s\" %s %s\n", n->type, n->name, word, prio);
		if (len > 0 && (size_t)len < sizeof(line))
			notify_fifo_write(n->fifo, line, (size_t)len);
	}
	/* keepalived runs the state's own script first, then the generic one. */
	if (n->scripts[which] != NULL)
		cmds[nc++] = (struct proc_cmd){ n->scripts[which], &n->opts[which] };
	gen = n->scripts[NOTIFY_GENERIC];
	if (gen != NULL) {
		for (k = 0; gen[k] != NULL && k < sizeof(argv) / sizeof(argv[0]) - 5; k++)
			argv[k] = gen[k];
		argv[k++] = (char *)n->type;
		argv[k++] = n->name;
		argv[k++] = (char *)word;
		argv[k++] = prio;
		argv[k] = NULL;
		cmds[nc++] = (struct proc_cmd){ argv, &n->opts[NOTIFY_GENERIC] };
	}
	if (nc == 0)
		return;
	/* Only the latest state matters to a notify script: a transition that
	 * comes while an earlier one's scripts run replaces the one waiting,
	 * so a flapping link never queues minutes of scripts. */
	before = proc_queue_replaced(n->q);
	if (proc_queue_push_latest(n->q, cmds, nc) == -1) {
		log_warn("(%s) cannot queue notify scripts for %s", n->name, word);
		return;
	}
	if (proc_queue_replaced(n->q) != before &&
	    log_ratelimit_ok(&n->replaced_rl, loop_now_ms(), &suppressed))
		log_info("(%s) notify scripts of an earlier state not run: replaced by %s "
		         "(%lu replaced so far)", n->name, word, proc_queue_replaced(n->q));
}

unsigned
vrrp_notify_pending(const struct vrrp_notify *n)
{
	return n->q != NULL ? proc_queue_pending(n->q) : 0;
}

void
vrrp_notify_free(struct vrrp_notify *n)
{
	int i;

	if (n == NULL)
		return;
	proc_queue_free(n->q);   /* a running script finishes on its own */
	for (i = 0; i < NOTIFY_N; i++) {
		notify_argv_free(n->scripts[i]);
		free(n->paths[i]);
	}
	notify_fifo_put(n->fifo);
	mail_alert_put(n->mail);
	free(n->name);
	free(n);
}
