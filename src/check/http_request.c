/* The HTTP_GET / SSL_GET request's shape (see http_request.h).  Pure: it
 * only formats strings; libcurl is driven by http.c and genhash.c. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "check/http_request.h"

/* snprintf into a fixed buffer: -1 when it does not fit */
static int
req_fmt(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int
req_fmt(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n >= 0 && (size_t)n < size ? 0 : -1;
}

/* an IPv6 literal in a URL or CONNECT_TO line is written in brackets */
static bool
req_needs_brackets(const char *host)
{
	return strchr(host, ':') != NULL && host[0] != '[';
}

int
check_http_request_build(struct check_http_request *r, const struct check_http_target *t)
{
	unsigned port = t->port != 0 ? t->port : t->ssl ? 443 : 80;

	memset(r, 0, sizeof(*r));
	r->http_1_1 = t->http_1_1;
	if (t->url != NULL) {
		if (req_fmt(r->url, sizeof(r->url), "%s", t->url) < 0)
			return -1;
	} else {
		bool br = req_needs_brackets(t->host);

		if (req_fmt(r->url, sizeof(r->url), "%s://%s%s%s:%u%s%s", t->ssl ? "https" : "http",
		            br ? "[" : "", t->host, br ? "]" : "", port,
		            t->path[0] == '/' ? "" : "/", t->path) < 0)
			return -1;
		if (t->connect_ip != NULL) {
			bool cbr = req_needs_brackets(t->connect_ip);

			if (req_fmt(r->connect_to, sizeof(r->connect_to), "%s:%u:%s%s%s:%u", t->host,
			            port, cbr ? "[" : "", t->connect_ip, cbr ? "]" : "", port) < 0)
				return -1;
		}
	}
	if (t->vhost != NULL &&
	    req_fmt(r->headers[r->n_headers++], sizeof(r->headers[0]), "Host: %s", t->vhost) < 0)
		return -1;
	if (t->close)
		snprintf(r->headers[r->n_headers++], sizeof(r->headers[0]), "Connection: close");
	return 0;
}
