/* Email alerts through the floatd-mail program (see mail_alert.h).  The
 * VRRP process must never link libcurl nor wait on a mail server, so a
 * mail is an argv handed to lib/proc: fork/exec, a timeout, the exit status
 * read by the loop's child watcher.  Only one floatd-mail runs at a time
 * (mails leave in the order the transitions happened); a server that does
 * not answer costs one process and 3 x smtp_connect_timeout per mail, and
 * the bounded queue turns a long outage into counted drops. */
#define _GNU_SOURCE
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "exec_path.h"
#include "log.h"
#include "loop.h"
#include "mail_alert.h"
#include "proc.h"

#define MAIL_PROGRAM "floatd-mail"
#define MAIL_SESSION_FACTOR 3        /* whole session: 3 x smtp_connect_timeout */
#define MAIL_KILL_SLACK_S 5          /* floatd-mail's own limit, then ours */
#define MAIL_TIMEOUT_MAX_S 3600
#define MAIL_ARGV_FIXED 20           /* program, options and their values, NULL */

struct mail_item {
	char **argv;
	struct mail_item *next;
};

struct mail_alert {
	struct ev_loop *loop;
	unsigned refs;
	char *program;               /* floatd-mail's path */
	char *router_id;
	char **base;                 /* argv up to --subject, shared by every mail */
	unsigned n_base;
	char server_desc[300];       /* "HOST port N" for log lines */
	struct proc_opts opts;
	struct mail_item *head, *tail;
	unsigned n_waiting;
	bool running;
	struct log_ratelimit fail_rl, drop_rl;
};

static struct mail_alert *mail_sender;
static struct mail_alert_stats mail_stats;

struct mail_alert_stats
mail_alert_stats(void)
{
	return mail_stats;
}

static void
mail_argv_free(char **argv)
{
	for (char **p = argv; p != NULL && *p != NULL; p++)
		free(*p);
	free(argv);
}

static int
mail_base_add(struct mail_alert *m, const char *a, const char *b)
{
	char **nb = realloc(m->base, (m->n_base + 3) * sizeof(*nb));

	if (nb == NULL)
		return -1;
	m->base = nb;
	m->base[m->n_base] = NULL;
	if ((m->base[m->n_base] = strdup(a)) == NULL)
		return -1;
	m->n_base++;
	m->base[m->n_base] = NULL;
	if (b != NULL) {
		if ((m->base[m->n_base] = strdup(b)) == NULL)
			return -1;
		m->n_base++;
		m->base[m->n_base] = NULL;
	}
	return 0;
}

/* keepalived's defaults for what the file leaves out: the sender is
 * USER@HOST (the user floatd runs as), the HELO name the host name */
static int
mail_build_base(struct mail_alert *m, const struct mail_conf *mc)
{
	char host[256], from[512], num[16];
	struct passwd *pw;
	uint64_t session = (uint64_t)mc->connect_timeout_s * MAIL_SESSION_FACTOR;

	if (gethostname(host, sizeof(host)) < 0)
		snprintf(host, sizeof(host), "localhost");
	host[sizeof(host) - 1] = '\0';
	if (mc->from != NULL) {
		snprintf(from, sizeof(from), "%s", mc->from);
	} else {
		pw = getpwuid(getuid());
		snprintf(from, sizeof(from), "%s@%s", pw != NULL ? pw->pw_name : "root", host);
	}
	if (session > MAIL_TIMEOUT_MAX_S)
		session = MAIL_TIMEOUT_MAX_S;
	m->opts.timeout_ms = (uint32_t)(session + MAIL_KILL_SLACK_S) * 1000;
	if (mail_base_add(m, m->program, NULL) < 0 || mail_base_add(m, "--server", mc->server) < 0)
		return -1;
	snprintf(num, sizeof(num), "%u", mc->port);
	if (mail_base_add(m, "--port", num) < 0 ||
	    mail_base_add(m, "--helo", mc->helo_name != NULL ? mc->helo_name : host) < 0)
		return -1;
	snprintf(num, sizeof(num), "%u",
	         mc->connect_timeout_s < MAIL_TIMEOUT_MAX_S ? mc->connect_timeout_s
	                                                    : MAIL_TIMEOUT_MAX_S);
	if (mail_base_add(m, "--connect-timeout", num) < 0)
		return -1;
	snprintf(num, sizeof(num), "%llu", (unsigned long long)session);
	if (mail_base_add(m, "--timeout", num) < 0 || mail_base_add(m, "--from", from) < 0)
		return -1;
	for (unsigned i = 0; i < mc->n_to; i++)
		if (mail_base_add(m, "--to", mc->to[i]) < 0)
			return -1;
	snprintf(m->server_desc, sizeof(m->server_desc), "%s port %u", mc->server, mc->port);
	return 0;
}

static void mail_next(struct mail_alert *);
static void mail_free(struct mail_alert *);

/* floatd-mail exits with libcurl's error number (its own message went to
 * its stderr); these are the ones a down or misconfigured server gives */
static const char *
mail_exit_reason(int status)
{
	switch (status) {
	case 6: return "cannot resolve the server name";
	case 7: return "cannot connect to the server";
	case 8: return "unexpected reply from the server";
	case 28: return "timed out";
	case 55: return "sending failed";
	case 56: return "receiving failed";
	case 67: return "login denied";
	case 100: return "floatd-mail usage error";
	case 101: return "floatd-mail out of memory";
	case 127: return "floatd-mail could not be run";
	default: return NULL;
	}
}

static void
mail_done(void *arg, const struct proc_done *d)
{
	struct mail_alert *m = arg;
	const char *why;
	char buf[64];

	m->running = false;
	if (d->result == PROC_EXITED && d->status == 0) {
		mail_stats.sent++;
		log_debug("SMTP alert sent to %s in %llu ms", m->server_desc,
		          (unsigned long long)d->runtime_ms);
	} else {
		mail_stats.failed++;
		if (d->result == PROC_TIMEDOUT)
			why = "timed out, killed";
		else if (d->result == PROC_SIGNALED)
			why = "floatd-mail killed by a signal";
		else if ((why = mail_exit_reason(d->status)) == NULL) {
			snprintf(buf, sizeof(buf), "libcurl error %d", d->status);
			why = buf;
		}
		log_warnx_rl(&m->fail_rl, "SMTP alert to %s failed: %s (%llu failed so far)",
		             m->server_desc, why, (unsigned long long)mail_stats.failed);
	}
	if (m->refs == 0) {
		/* released while floatd-mail ran: finish the teardown now */
		if (mail_sender == m)
			mail_sender = NULL;
		mail_free(m);
		return;
	}
	mail_next(m);
}

static void
mail_next(struct mail_alert *m)
{
	struct mail_item *it;

	while (!m->running && m->head != NULL && m->refs > 0) {
		it = m->head;
		m->head = it->next;
		if (m->head == NULL)
			m->tail = NULL;
		m->n_waiting--;
		if (proc_spawn(m->loop, it->argv, &m->opts, mail_done, m) == -1) {
			mail_stats.failed++;
			log_warn_rl(&m->fail_rl, "SMTP alert: cannot start %s", m->program);
		} else {
			m->running = true;
		}
		mail_argv_free(it->argv);
		free(it);
	}
}

static void
mail_free(struct mail_alert *m)
{
	while (m->head != NULL) {
		struct mail_item *it = m->head;

		m->head = it->next;
		mail_argv_free(it->argv);
		free(it);
	}
	mail_argv_free(m->base);
	free(m->program);
	free(m->router_id);
	free(m);
}

static bool
mail_same(const struct mail_alert *a, const struct mail_alert *b)
{
	if (a->n_base != b->n_base || strcmp(a->router_id, b->router_id) != 0)
		return false;
	for (unsigned i = 0; i < a->n_base; i++)
		if (strcmp(a->base[i], b->base[i]) != 0)
			return false;
	return true;
}

struct mail_alert *
mail_alert_get(struct ev_loop *loop, const struct mail_conf *mc, const char *router_id)
{
	struct mail_alert *m;

	if (!mail_conf_enabled(mc))
		return NULL;
	m = calloc(1, sizeof(*m));
	if (m == NULL)
		goto nomem;
	m->loop = loop;
	m->refs = 1;
	m->fail_rl = (struct log_ratelimit)LOG_RATELIMIT_INIT(60000, 3);
	m->drop_rl = (struct log_ratelimit)LOG_RATELIMIT_INIT(60000, 1);
	m->program = exec_path_helper("FLOATD_MAIL", MAIL_PROGRAM, PKGLIBEXECDIR);
	m->router_id = strdup(router_id != NULL ? router_id : "");
	if (m->program == NULL || m->router_id == NULL || mail_build_base(m, mc) < 0)
		goto nomem;
	/* the same settings: share the sender (one mail at a time, in order) */
	if (mail_sender != NULL && mail_sender->refs > 0 && mail_same(mail_sender, m)) {
		mail_free(m);
		mail_sender->refs++;
		return mail_sender;
	}
	/* new settings (a reload): new owners get a new sender; the earlier one
	 * serves its owners until they go (a mail it runs finishes alone) */
	mail_sender = m;
	return m;
nomem:
	log_warnx("SMTP alerts: out of memory; no mail will be sent");
	if (m != NULL)
		mail_free(m);
	return NULL;
}

void
mail_alert_put(struct mail_alert *m)
{
	if (m == NULL || m->refs == 0 || --m->refs > 0)
		return;
	if (m->running)
		return;   /* freed by mail_done when floatd-mail ends */
	if (mail_sender == m)
		mail_sender = NULL;
	mail_free(m);
}

/* keepalived's smtp.c: "[router_id] " before the subject */
void
mail_alert_send(struct mail_alert *m, const char *subject, const char *body)
{
	struct mail_item *it;
	char *subj = NULL;
	unsigned i;

	if (m == NULL || m->refs == 0)
		return;
	if (m->n_waiting >= MAIL_ALERT_QUEUE_MAX) {
		mail_stats.dropped++;
		log_warnx_rl(&m->drop_rl, "SMTP alert '%s' dropped: %u mails already wait for %s "
		             "(%llu dropped so far)", subject, m->n_waiting, m->server_desc,
		             (unsigned long long)mail_stats.dropped);
		return;
	}
	it = calloc(1, sizeof(*it));
	if (it == NULL || (it->argv = calloc(m->n_base + 5, sizeof(char *))) == NULL)
		goto nomem;
	for (i = 0; i < m->n_base; i++)
		it->argv[i] = strdup(m->base[i]);
	if (asprintf(&subj, "[%s] %s", m->router_id, subject) < 0)
		subj = NULL;
	it->argv[i++] = strdup("--subject");
	it->argv[i++] = subj;
	it->argv[i++] = strdup("--body");
	it->argv[i++] = strdup(body);
	for (unsigned k = 0; k < i; k++)
		if (it->argv[k] == NULL)
			goto nomem;
	if (m->tail != NULL)
		m->tail->next = it;
	else
		m->head = it;
	m->tail = it;
	m->n_waiting++;
	mail_next(m);
	return;
nomem:
	mail_stats.dropped++;
	log_warnx_rl(&m->drop_rl, "SMTP alert '%s' dropped: out of memory", subject);
	if (it != NULL && it->argv != NULL)
		for (unsigned k = 0; k < m->n_base + 4; k++)
			free(it->argv[k]);
	if (it != NULL)
		free(it->argv);
	free(it);
}
