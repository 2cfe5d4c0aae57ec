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
#include "vrrp/conf/conf_fifo.h"
#include "loop.h"
#include "mail_alert.h"
#include "proc.h"
#include "notify.h"
#include "notify_fifo.h"
#include "safefile.h"
#include "script_user.h"

enum { NOTIFY_MASTER, NOTIFY_BACKUP, NOTIFY_FAULT, NOTIFY_STOP, NOTIFY_GENERIC,
       NOTIFY_RX_LOWER,   /* notify_master_rx_lower_pri (instances only) */
       NOTIFY_N };

/* ---- per instance ---- */

/* The scripts of one instance or group, allocated only when at least one
 * is configured: most instances of a large configuration have none. */
struct notify_scripts {
	char **argv[NOTIFY_N];        /* deep copies; NULL = not configured or refused */
	struct proc_opts opts[NOTIFY_N];   /* who each runs as; timeout; file to exec */
	char *paths[NOTIFY_N];        /* opts[i].path: checked (enable_script_security) */
	struct log_ratelimit replaced_rl;
	struct proc_queue *q;
};

struct vrrp_notify {
	const char *type;             /* "INSTANCE" or "GROUP" (keepalived's TYPE) */
	char *name;
	struct notify_scripts *s;     /* NULL: no notify script */
	/* notify_fifo and vrrp_notify_fifo (NULL: not configured; the same
	 * object twice when both name one path: written once) */
	struct vrrp_notify_fifo *fifo[2];
	bool priority_changes;        /* MASTER_PRIORITY / BACKUP_PRIORITY lines */
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

static void
notify_scripts_free(struct notify_scripts *s)
{
	if (s == NULL)
		return;
	proc_queue_free(s->q);   /* a running script finishes on its own */
	for (int i = 0; i < NOTIFY_N; i++) {
		notify_argv_free(s->argv[i]);
		free(s->paths[i]);
	}
	free(s);
}

static struct notify_scripts *
notify_scripts_new(struct ev_loop *loop, const char *name)
{
	struct notify_scripts *s = calloc(1, sizeof(*s));

	if (s == NULL)
		return NULL;
	s->replaced_rl = (struct log_ratelimit)LOG_RATELIMIT_INIT(60000, 1);
	if ((s->q = proc_queue_new(loop, name)) == NULL) {
		free(s);
		return NULL;
	}
	return s;
}

static struct vrrp_notify *
notify_new(struct ev_loop *loop, const struct floatd_conf *conf, const char *type,
           const char *name, const struct script_conf *const sc[NOTIFY_N], bool smtp_alert)
{
	const struct script_defaults dflt = { conf->script_user, conf->script_group,
	                                      conf->enable_script_security };
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
		n->mail = mail_alert_get(loop, &conf->mail, conf->router_id);
	n->name = strdup(name != NULL ? name : "");
	if (n->name == NULL)
		goto fail;
	for (i = 0; i < NOTIFY_N; i++) {
		struct notify_scripts *s;

		if (sc[i]->argv == NULL || sc[i]->argv[0] == NULL)
			continue;
		if (n->s == NULL && (n->s = notify_scripts_new(loop, n->name)) == NULL)
			goto fail;
		s = n->s;
		s->opts[i].timeout_ms = SCRIPT_NOTIFY_TIMEOUT_MS;
		/* keepalived: an unknown user disables the script rather than
		 * running it as root; so does a refusal by script security */
		if (script_user_prepare(sc[i], sc[i]->argv, &dflt, &s->opts[i], &s->paths[i], why,
		                        sizeof(why)) == -1) {
			log_warnx("(%s) notify script %s: %s; script disabled", n->name,
			          sc[i]->argv[0], why);
			continue;
		}
		if ((s->argv[i] = notify_argv_dup(sc[i]->argv)) == NULL)
			goto fail;
	}
	n->fifo[0] = vrrp_notify_fifo_get(loop, conf, &conf->fifos[NOTIFY_FIFO_ALL], true);
	n->fifo[1] = vrrp_notify_fifo_get(loop, conf, &conf->fifos[NOTIFY_FIFO_VRRP], true);
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
		[NOTIFY_RX_LOWER] = &ic->notify_master_rx_lower_pri,
	};

	struct vrrp_notify *n = notify_new(loop, conf, "INSTANCE", ic->name, sc, ic->smtp_alert);

	if (n != NULL)
		n->priority_changes = vrrp_conf_fifo_priority_changes(conf, ic);
	return n;
}

struct vrrp_notify *
vrrp_notify_new_group(struct ev_loop *loop, const struct floatd_conf *conf,
                      const struct vrrp_sync_group_conf *gc)
{
	static const struct script_conf no_script;   /* a group has no such script */
	const struct script_conf *const sc[NOTIFY_N] = {
		[NOTIFY_MASTER] = &gc->notify_master,
		[NOTIFY_BACKUP] = &gc->notify_backup,
		[NOTIFY_FAULT] = &gc->notify_fault,
		[NOTIFY_STOP] = &gc->notify_stop,
		[NOTIFY_GENERIC] = &gc->notify,
		[NOTIFY_RX_LOWER] = &no_script,
	};

	return notify_new(loop, conf, "GROUP", gc->name, sc, gc->smtp_alert);
}

/* keepalived's vrrp_smtp_notifier / vrrp_sync_smtp_notifier: one mail per
 * state entered (a state repeated is not mailed again), FAULT left out
 * with no_email_faults.  The sender never blocks (lib/mail_alert.c). */
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

static void
notify_fifo_line(struct vrrp_notify *n, const char *line, size_t len)
{
	vrrp_notify_fifo_write(n->fifo[0], line, len);
	if (n->fifo[1] != n->fifo[0])
		vrrp_notify_fifo_write(n->fifo[1], line, len);
}

void
vrrp_notify_priority(struct vrrp_notify *n, enum vrrp_state state, uint8_t priority)
{
	char line[512];
	int len;

	if (!n->priority_changes)
		return;
	/* keepalived: MASTER_PRIORITY in MASTER, BACKUP_PRIORITY otherwise */
	len = snprintf(line, sizeof(line), "%s \"%s\" %s %u\n", n->type, n->name,
	               state == VRRP_STATE_MASTER ? "MASTER_PRIORITY" : "BACKUP_PRIORITY",
	               priority);
	if (len > 0 && (size_t)len < sizeof(line))
		notify_fifo_line(n, line, (size_t)len);
}

/* Only the latest event matters to a notify script: one that comes while
 * an earlier one's scripts run replaces the one waiting, so a flapping link
 * (or a stream of lower-priority adverts) never queues minutes of scripts. */
static void
notify_run(struct vrrp_notify *n, const struct proc_cmd *cmds, unsigned nc, const char *word)
{
	struct notify_scripts *s = n->s;
	unsigned long before;
	uint32_t suppressed;

	if (nc == 0)
		return;
	before = proc_queue_replaced(s->q);
	if (proc_queue_push_latest(s->q, cmds, nc) == -1) {
		log_warn("(%s) cannot queue notify scripts for %s", n->name, word);
		return;
	}
	if (proc_queue_replaced(s->q) != before &&
	    log_ratelimit_ok(&s->replaced_rl, loop_now_ms(), &suppressed))
		log_info("(%s) notify scripts of an earlier state not run: replaced by %s "
		         "(%lu replaced so far)", n->name, word, proc_queue_replaced(s->q));
}

void
vrrp_notify_rx_lower(struct vrrp_notify *n, uint8_t priority)
{
	char line[512];
	int len;

	len = snprintf(line, sizeof(line), "%s \"%s\" MASTER_RX_LOWER_PRI %u\n", n->type, n->name,
	               priority);
	if (len > 0 && (size_t)len < sizeof(line))
		notify_fifo_line(n, line, (size_t)len);
	/* keepalived runs notify_master_rx_lower_pri as written, no arguments
	 * added, and not the generic `notify` */
	if (n->s != NULL && n->s->argv[NOTIFY_RX_LOWER] != NULL) {
		struct proc_cmd cmd = { n->s->argv[NOTIFY_RX_LOWER], &n->s->opts[NOTIFY_RX_LOWER] };

		notify_run(n, &cmd, 1, "MASTER_RX_LOWER_PRI");
	}
}

void
vrrp_notify_state(struct vrrp_notify *n, enum vrrp_state state, uint8_t priority)
{
	struct notify_scripts *s = n->s;
	const char *word;
	char prio[4], line[512], **gen;
	char *argv[64];
	struct proc_cmd cmds[2];
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

	len = snprintf(line, sizeof(line), "%s \"%s\" %s %s\n", n->type, n->name, word, prio);
	if (len > 0 && (size_t)len < sizeof(line))
		notify_fifo_line(n, line, (size_t)len);
	if (s == NULL)
		return;
	/* keepalived runs the state's own script first, then the generic one. */
	if (s->argv[which] != NULL)
		cmds[nc++] = (struct proc_cmd){ s->argv[which], &s->opts[which] };
	gen = s->argv[NOTIFY_GENERIC];
	if (gen != NULL) {
		for (k = 0; gen[k] != NULL && k < sizeof(argv) / sizeof(argv[0]) - 5; k++)
			argv[k] = gen[k];
		argv[k++] = (char *)n->type;
		argv[k++] = n->name;
		argv[k++] = (char *)word;
		argv[k++] = prio;
		argv[k] = NULL;
		cmds[nc++] = (struct proc_cmd){ argv, &s->opts[NOTIFY_GENERIC] };
	}
	notify_run(n, cmds, nc, word);
}

unsigned
vrrp_notify_pending(const struct vrrp_notify *n)
{
	return n->s != NULL ? proc_queue_pending(n->s->q) : 0;
}

void
vrrp_notify_free(struct vrrp_notify *n)
{
	if (n == NULL)
		return;
	notify_scripts_free(n->s);
	vrrp_notify_fifo_put(n->fifo[0]);
	vrrp_notify_fifo_put(n->fifo[1]);
	mail_alert_put(n->mail);
	free(n->name);
	free(n);
}
