/* floatd-genhash: fetch one URL and print the MD5 of its body, the value
 * HTTP_GET / SSL_GET's `digest` expects (keepalived's genhash in spirit).
 * A command-line tool, so it blocks (curl_easy_perform); its request is
 * built by check/http_request.c, as the checker's is, and digested through
 * check/digest.h, so the printed value is the one the checker will compute. */
#include <curl/curl.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/digest.h"
#include "check/http_request.h"

#define GENHASH_TIMEOUT_S 5

enum { GENHASH_OK = 0, GENHASH_USAGE = 1, GENHASH_FETCH = 2 };

struct genhash_body {
	struct check_digest *md5;
	unsigned long long bytes;
	bool failed;
};

static void
genhash_usage(FILE *fp)
{
	fprintf(fp,
	        "usage: floatd-genhash [-Sv] -s server [-p port] -u path [-V vhost] [-t timeout]\n"
	        "       floatd-genhash [-v] [-V vhost] [-t timeout] http[s]://host[:port]/path\n"
	        "Prints MD5SUM = <hex>, the MD5 of the body, for HTTP_GET/SSL_GET digest.\n"
	        "  -s, --server ADDR       address or name to connect to\n"
	        "  -p, --port PORT         port (default 80, or 443 with -S)\n"
	        "  -u, --url PATH          path to request, e.g. /index.html\n"
	        "  -S, --use-ssl           HTTPS (the certificate is not verified)\n"
	        "  -V, --use-virtualhost H Host: header to send\n"
	        "  -t, --timeout SECONDS   whole-request timeout (default %d)\n"
	        "  -v, --verbose           also print the URL, HTTP status and byte count\n"
	        "  -h, --help              this text\n",
	        GENHASH_TIMEOUT_S);
}

static size_t
genhash_write(char *ptr, size_t size, size_t nmemb, void *arg)
{
	struct genhash_body *b = arg;

	if (check_digest_update(b->md5, ptr, size * nmemb) < 0) {
		b->failed = true;
		return 0;   /* aborts the transfer */
	}
	b->bytes += size * nmemb;
	return size * nmemb;
}

static int
genhash_port_ok(const char *s)
{
	char *end;
	unsigned long v = strtoul(s, &end, 10);

	return *s != '\0' && *end == '\0' && v >= 1 && v <= 65535;
}

/* What the command line asks for. */
struct genhash_args {
	const char *server, *port, *path, *vhost, *url;
	bool ssl, verbose;
	unsigned long timeout_s;
};

/* argv into `a`: GENHASH_OK, GENHASH_USAGE (said on stderr), or -1 for
 * --help (said on stdout). */
static int
genhash_parse_args(int argc, char **argv, struct genhash_args *a)
{
	static const struct option longopts[] = {
		{ "server", required_argument, NULL, 's' },
		{ "port", required_argument, NULL, 'p' },
		{ "url", required_argument, NULL, 'u' },
		{ "use-ssl", no_argument, NULL, 'S' },
		{ "use-virtualhost", required_argument, NULL, 'V' },
		{ "timeout", required_argument, NULL, 't' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char *end;
	int c;

	memset(a, 0, sizeof(*a));
	a->timeout_s = GENHASH_TIMEOUT_S;
	while ((c = getopt_long(argc, argv, "s:p:u:SV:t:vh", longopts, NULL)) != -1) {
		switch (c) {
		case 's': a->server = optarg; break;
		case 'p': a->port = optarg; break;
		case 'u': a->path = optarg; break;
		case 'S': a->ssl = true; break;
		case 'V': a->vhost = optarg; break;
		case 'v': a->verbose = true; break;
		case 't':
			a->timeout_s = strtoul(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || a->timeout_s < 1 || a->timeout_s > 3600) {
				fprintf(stderr, "floatd-genhash: bad timeout '%s' (1-3600 s)\n", optarg);
				return GENHASH_USAGE;
			}
			break;
		case 'h':
			genhash_usage(stdout);
			return -1;
		default:
			genhash_usage(stderr);
			return GENHASH_USAGE;
		}
	}
	if (optind < argc) {
		/* URL form: the URL says everything -s/-p/-u/-S would */
		if (optind + 1 != argc || a->server != NULL || a->port != NULL || a->path != NULL ||
		    a->ssl || (strncmp(argv[optind], "http://", 7) != 0 &&
		               strncmp(argv[optind], "https://", 8) != 0)) {
			genhash_usage(stderr);
			return GENHASH_USAGE;
		}
		a->url = argv[optind];
	} else if (a->server == NULL || a->path == NULL ||
	           (a->port != NULL && !genhash_port_ok(a->port))) {
		genhash_usage(stderr);
		return GENHASH_USAGE;
	}
	return GENHASH_OK;
}

/* The request the checker would make for the same URL (check/http_request.h). */
static int
genhash_request(const struct genhash_args *a, struct check_http_request *req)
{
	struct check_http_target t = {
		.url = a->url,
		.ssl = a->ssl,
		.host = a->server,
		.port = a->port != NULL ? (unsigned)strtoul(a->port, NULL, 10) : 0,
		.path = a->path,
		.vhost = a->vhost,
		.http_1_1 = true,
		.close = true,
	};

	if (check_http_request_build(req, &t) < 0) {
		fprintf(stderr, "floatd-genhash: URL or Host header too long\n");
		return GENHASH_USAGE;
	}
	return GENHASH_OK;
}

/* One blocking fetch of req->url into body's digest; *status is the HTTP
 * status.  GENHASH_OK, or GENHASH_FETCH (said on stderr). */
static int
genhash_fetch(const struct check_http_request *req, unsigned long timeout_s,
              struct genhash_body *body, long *status)
{
	struct curl_slist *headers = NULL;
	char errbuf[CURL_ERROR_SIZE] = "";
	long oserr = 0;
	CURLcode rc;
	CURL *easy = curl_easy_init();

	if (easy == NULL) {
		fprintf(stderr, "floatd-genhash: cannot initialise libcurl/libcrypto\n");
		return GENHASH_FETCH;
	}
	for (unsigned i = 0; i < req->n_headers; i++)
		headers = curl_slist_append(headers, req->headers[i]);
	curl_easy_setopt(easy, CURLOPT_URL, req->url);
	curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(easy, CURLOPT_HTTP_VERSION,
	                 req->http_1_1 ? CURL_HTTP_VERSION_1_1 : CURL_HTTP_VERSION_1_0);
	curl_easy_setopt(easy, CURLOPT_USERAGENT, CHECK_HTTP_USER_AGENT);
	curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, (long)(timeout_s * 1000));
	curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, genhash_write);
	curl_easy_setopt(easy, CURLOPT_WRITEDATA, body);
	curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, errbuf);
	/* keepalived does not verify real servers' certificates either */
	curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, 0L);
	curl_easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, 0L);

	rc = curl_easy_perform(easy);
	if (rc == CURLE_OK)
		curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, status);
	else
		curl_easy_getinfo(easy, CURLINFO_OS_ERRNO, &oserr);
	curl_easy_cleanup(easy);
	curl_slist_free_all(headers);
	if (rc != CURLE_OK || body->failed) {
		fprintf(stderr, "floatd-genhash: cannot fetch %s: %s%s%s%s\n", req->url,
		        body->failed ? "digest failed" :
		        errbuf[0] != '\0' ? errbuf : curl_easy_strerror(rc),
		        oserr != 0 ? " (" : "", oserr != 0 ? strerror((int)oserr) : "",
		        oserr != 0 ? ")" : "");
		return GENHASH_FETCH;
	}
	return GENHASH_OK;
}

static void
genhash_report(const char *url, const char *hex, long status, unsigned long long bytes,
               bool verbose)
{
	if (verbose) {
		printf("URL = %s\n", url);
		printf("HTTP status = %ld\n", status);
		printf("Bytes read = %llu\n", bytes);
	} else if (status < 200 || status > 299) {
		/* the digest of an error page is rarely what the user wants, and
		 * HTTP_GET's default status_code (200-299) would refuse it */
		fprintf(stderr, "floatd-genhash: warning: HTTP status %ld from %s\n", status, url);
	}
	printf("MD5SUM = %s\n", hex);
}

int
main(int argc, char **argv)
{
	struct genhash_args args;
	struct check_http_request req;
	struct genhash_body body = { 0 };
	char hex[CHECK_DIGEST_HEX_LEN + 1];
	long status = 0;
	int rc = genhash_parse_args(argc, argv, &args);

	if (rc != GENHASH_OK)
		return rc < 0 ? GENHASH_OK : rc;
	rc = genhash_request(&args, &req);
	if (rc != GENHASH_OK)
		return rc;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK ||
	    (body.md5 = check_digest_md5_new()) == NULL) {
		fprintf(stderr, "floatd-genhash: cannot initialise libcurl/libcrypto\n");
		return GENHASH_FETCH;
	}
	rc = genhash_fetch(&req, args.timeout_s, &body, &status);
	if (rc == GENHASH_OK && check_digest_final_hex(body.md5, hex) < 0) {
		fprintf(stderr, "floatd-genhash: cannot fetch %s: digest failed\n", req.url);
		rc = GENHASH_FETCH;
	}
	check_digest_free(body.md5);
	curl_global_cleanup();
	if (rc == GENHASH_OK)
		genhash_report(req.url, hex, status, body.bytes, args.verbose);
	return rc;
}
