/* The shape of one HTTP_GET / SSL_GET request: URL, Host and Connection
 * headers, and the CONNECT_TO line that sends an SNI request to the real
 * server's address.  Pure (no libcurl, no sockets): the checker (http.c)
 * and floatd-genhash (genhash.c) both build their request here, so the
 * digest genhash prints comes from the request the checker makes. */
#ifndef FLOATD_CHECK_HTTP_REQUEST_H
#define FLOATD_CHECK_HTTP_REQUEST_H

#include <stdbool.h>

#define CHECK_HTTP_USER_AGENT "floatd-checker"
#define CHECK_HTTP_HEADERS_MAX 2

struct check_http_target {
	const char *url;         /* a whole URL, used as it is (genhash's URL
	                            form); NULL = built from the four below */
	bool ssl;                /* https, default port 443 (else http, 80) */
	const char *host;        /* a name or an address literal; an IPv6
	                            literal gets its brackets here */
	unsigned port;           /* 0 = the scheme's default */
	const char *path;        /* a missing leading '/' is added */
	const char *vhost;       /* Host: header; NULL = the URL's host */
	const char *connect_ip;  /* with a name as host (SNI): the address to
	                            connect to instead (CONNECT_TO); NULL = none */
	bool http_1_1;           /* else HTTP/1.0 */
	bool close;              /* send "Connection: close" (keepalived's
	                            http_protocol 1.1 and 1.0C; 1.0 closes anyway) */
};

struct check_http_request {
	char url[4096];
	unsigned n_headers;
	char headers[CHECK_HTTP_HEADERS_MAX][1100];   /* a config line is at most 1023 */
	char connect_to[4200];   /* "HOST:PORT:ADDR:PORT", "" = none */
	bool http_1_1;
};

/* Fill `r` from `t`.  0, or -1 when a part does not fit (nothing to send). */
int check_http_request_build(struct check_http_request *r, const struct check_http_target *t);

#endif
