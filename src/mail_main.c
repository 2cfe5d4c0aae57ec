/* floatd-mail: sends one email alert over SMTP with libcurl and exits.
 * floatd and floatd-checker start it through lib/proc (lib/mail_alert.c),
 * so the VRRP process never links libcurl and never waits on a mail
 * server.  One message, no event loop: blocking here blocks nobody.
 *
 *   floatd-mail --server HOST [--port N] [--helo NAME] [--connect-timeout S]
 *               [--timeout S] --from ADDR --to ADDR [--to ADDR ...]
 *               --subject TEXT --body TEXT
 *
 * The message is keepalived's (its smtp.c): Date, From, Subject, X-Mailer
 * and To headers, then the body line.  Exit 0 when the server accepted it,
 * else libcurl's error number (1..99; a message on stderr), 100 for a usage
 * error, 101 out of memory. */
#include "config.h"

#include <curl/curl.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAIL_MAX_TO 64
#define MAIL_EXIT_USAGE 100
#define MAIL_EXIT_NOMEM 101

struct mail_args {
	const char *server, *helo, *from, *subject, *body;
	const char *to[MAIL_MAX_TO];
	unsigned n_to;
	long port, connect_timeout_s, timeout_s;
};

struct mail_reader {
	const char *buf;
	size_t len, off;
};

static size_t
mail_read(char *dst, size_t size, size_t nmemb, void *arg)
{
	struct mail_reader *r = arg;
	size_t n = size * nmemb;

	if (n > r->len - r->off)
		n = r->len - r->off;
	memcpy(dst, r->buf + r->off, n);
	r->off += n;
	return n;
}

/* The envelope address: what is inside "Name <addr>", else the whole word,
 * in angle brackets (keepalived's MAIL FROM / RCPT TO) */
static char *
mail_envelope(const char *addr)
{
	size_t len = strlen(addr);
	const char *lt;
	char *out;

	if (len > 0 && addr[len - 1] == '>' && (lt = strrchr(addr, '<')) != NULL)
		return strdup(lt);
	if ((out = malloc(len + 3)) != NULL)
		snprintf(out, len + 3, "<%s>", addr);
	return out;
}

/* Header text never carries a line break of its own (no header injection
 * from a configured name) */
static void
mail_put_clean(FILE *f, const char *s)
{
	for (; *s != '\0'; s++)
		fputc(*s == '\r' || *s == '\n' ? ' ' : *s, f);
}

static char *
mail_message(const struct mail_args *a, size_t *len)
{
	char date[80], *buf = NULL;
	time_t now = time(NULL);
	struct tm tm;
	FILE *f = open_memstream(&buf, len);

	if (f == NULL)
		return NULL;
	localtime_r(&now, &tm);
	strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S %z", &tm);
	fprintf(f, "Date: %s\r\nFrom: ", date);
	mail_put_clean(f, a->from);
	fputs("\r\nSubject: ", f);
	mail_put_clean(f, a->subject);
	fputs("\r\nX-Mailer: floatd\r\nTo:", f);
	for (unsigned i = 0; i < a->n_to; i++) {
		fputs(i == 0 ? " " : ",\r\n ", f);
		mail_put_clean(f, a->to[i]);
	}
	fputs("\r\n\r\n", f);
	mail_put_clean(f, a->body);
	fputs("\r\n", f);
	if (fclose(f) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

static void
usage(FILE *out)
{
	fprintf(out,
	    "usage: floatd-mail --server HOST [--port N] [--helo NAME] [--connect-timeout S]\n"
	    "                   [--timeout S] --from ADDR --to ADDR [--to ADDR ...]\n"
	    "                   --subject TEXT --body TEXT\n"
	    "Sends one email alert (started by floatd and floatd-checker).\n");
}

static long
mail_num(const char *s, long min, long max)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (*s == '\0' || *end != '\0' || v < min || v > max) {
		fprintf(stderr, "floatd-mail: bad number '%s'\n", s);
		exit(MAIL_EXIT_USAGE);
	}
	return v;
}

static void
parse_args(int argc, char **argv, struct mail_args *a)
{
	static const struct option longopts[] = {
		{ "server", required_argument, NULL, 's' },
		{ "port", required_argument, NULL, 'p' },
		{ "helo", required_argument, NULL, 'H' },
		{ "connect-timeout", required_argument, NULL, 'c' },
		{ "timeout", required_argument, NULL, 't' },
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 'r' },
		{ "subject", required_argument, NULL, 'S' },
		{ "body", required_argument, NULL, 'b' },
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int ch;

	memset(a, 0, sizeof(*a));
	a->port = 25;
	a->connect_timeout_s = 30;
	a->timeout_s = 90;
	a->helo = "localhost";
	while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (ch) {
		case 's': a->server = optarg; break;
		case 'p': a->port = mail_num(optarg, 1, 65535); break;
		case 'H': a->helo = optarg; break;
		case 'c': a->connect_timeout_s = mail_num(optarg, 1, 3600); break;
		case 't': a->timeout_s = mail_num(optarg, 1, 3 * 3600); break;
		case 'f': a->from = optarg; break;
		case 'r':
			if (a->n_to == MAIL_MAX_TO) {
				fprintf(stderr, "floatd-mail: more than %d recipients\n", MAIL_MAX_TO);
				exit(MAIL_EXIT_USAGE);
			}
			a->to[a->n_to++] = optarg;
			break;
		case 'S': a->subject = optarg; break;
		case 'b': a->body = optarg; break;
		case 'V': printf("floatd-mail %s\n", PACKAGE_VERSION); exit(0);
		case 'h': usage(stdout); exit(0);
		default: usage(stderr); exit(MAIL_EXIT_USAGE);
		}
	}
	if (optind < argc || a->server == NULL || a->from == NULL || a->n_to == 0 ||
	    a->subject == NULL || a->body == NULL || a->from[0] == '\0') {
		usage(stderr);
		exit(MAIL_EXIT_USAGE);
	}
}

int
main(int argc, char **argv)
{
	struct mail_args a;
	struct mail_reader r = { 0 };
	struct curl_slist *rcpt = NULL, *l;
	char url[600], err[CURL_ERROR_SIZE] = "", *msg, *env;
	bool v6;
	CURL *c;
	CURLcode rc;

	parse_args(argc, argv, &a);
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK || (c = curl_easy_init()) == NULL)
		return MAIL_EXIT_NOMEM;
	/* an IPv6 literal goes in brackets; the path is the EHLO/HELO name */
	v6 = strchr(a.server, ':') != NULL;
	snprintf(url, sizeof(url), "smtp://%s%s%s:%ld/%s", v6 ? "[" : "", a.server, v6 ? "]" : "",
	         a.port, a.helo);
	if ((msg = mail_message(&a, &r.len)) == NULL || (env = mail_envelope(a.from)) == NULL)
		return MAIL_EXIT_NOMEM;
	r.buf = msg;
	for (unsigned i = 0; i < a.n_to; i++) {
		char *to = mail_envelope(a.to[i]);

		if (to == NULL || (l = curl_slist_append(rcpt, to)) == NULL)
			return MAIL_EXIT_NOMEM;
		rcpt = l;
		free(to);
	}
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp");
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, env);
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(c, CURLOPT_READFUNCTION, mail_read);
	curl_easy_setopt(c, CURLOPT_READDATA, &r);
	curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, a.connect_timeout_s);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, a.timeout_s);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, err);
	rc = curl_easy_perform(c);
	if (rc != CURLE_OK)
		fprintf(stderr, "floatd-mail: SMTP alert to %s port %ld failed: %s%s%s\n", a.server,
		        a.port, curl_easy_strerror(rc), err[0] ? ": " : "", err);
	curl_slist_free_all(rcpt);
	curl_easy_cleanup(c);
	curl_global_cleanup();
	free(env);
	free(msg);
	if (rc == CURLE_OK)
		return 0;
	return rc < MAIL_EXIT_USAGE ? (int)rc : MAIL_EXIT_USAGE - 1;
}
