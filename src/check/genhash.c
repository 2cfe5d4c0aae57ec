/* floatd-genhash: fetch one URL and print the MD5 of its body, the value
 * HTTP_GET / SSL_GET's `digest` expects (keepalived's genhash in spirit).
 * A command-line tool, so it blocks (curl_easy_perform); it sends the
 * request the way check/http.c does and digests through check/digest.h, so
 * the printed value is the one the checker will compute. */
#include <curl/curl.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/digest.h"

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

/* -s/-p/-u into a URL; a bare IPv6 address gets its brackets. */
static int
genhash_build_url(char *url, size_t size, const char *server, const char *port,
                  const char *path, bool ssl)
{
	bool v6 = strchr(server, ':') != NULL && server[0] != '[';
	int n;

	n = snprintf(url, size, "%s://%s%s%s:%s%s%s", ssl ? "https" : "http", v6 ? "[" : "",
	             server, v6 ? "]" : "", port != NULL ? port : ssl ? "443" : "80",
	             path[0] == '/' ? "" : "/", path);
	return n > 0 && (size_t)n < size ? 0 : -1;
}

static int
genhash_port_ok(const char *s)
{
	char *end;
	unsigned long v = strtoul(s, &end, 10);

	return *s != '\0' && *end == '\0' && v >= 1 && v <= 65535;
}

int
main(int argc, char **argv)
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
	const char *server = NULL, *port = NULL, *path = NULL, *vhost = NULL;
	bool ssl = false, verbose = false;
	unsigned long timeout_s = GENHASH_TIMEOUT_S;
	struct genhash_body body = { 0 };
	struct curl_slist *headers = NULL;
	char url[4096], hdr[512], errbuf[CURL_ERROR_SIZE] = "";
	char hex[CHECK_DIGEST_HEX_LEN + 1];
	CURL *easy;
	CURLcode rc;
	long status = 0, oserr = 0;
	char *end;
	int c;

	while ((c = getopt_long(argc, argv, "s:p:u:SV:t:vh", longopts, NULL)) != -1) {
		switch (c) {
		case 's': server = optarg; break;
		case 'p': port = optarg; break;
		case 'u': path = optarg; break;
		case 'S': ssl = true; break;
		case 'V': vhost = optarg; break;
		case 'v': verbose = true; break;
		case 't':
			timeout_s = strtoul(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || timeout_s < 1 || timeout_s > 3600) {
				fprintf(stderr, "floatd-genhash: bad timeout '%s' (1-3600 s)\n", optarg);
				return GENHASH_USAGE;
			}
			break;
		case 'h':
			genhash_usage(stdout);
			return GENHASH_OK;
		default:
			genhash_usage(stderr);
			return GENHASH_USAGE;
		}
	}
	if (optind < argc) {
		/* URL form: the URL says everything -s/-p/-u/-S would */
		if (optind + 1 != argc || server != NULL || port != NULL || path != NULL || ssl ||
		    (strncmp(argv[optind], "http://", 7) != 0 &&
		     strncmp(argv[optind], "https://", 8) != 0)) {
			genhash_usage(stderr);
			return GENHASH_USAGE;
		}
		snprintf(url, sizeof(url), "%s", argv[optind]);
	} else {
		if (server == NULL || path == NULL || (port != NULL && !genhash_port_ok(port))) {
			genhash_usage(stderr);
			return GENHASH_USAGE;
		}
		if (genhash_build_url(url, sizeof(url), server, port, path, ssl) < 0) {
			fprintf(stderr, "floatd-genhash: URL too long\n");
			return GENHASH_USAGE;
		}
	}

	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK || (easy = curl_easy_init()) == NULL ||
	    (body.md5 = check_digest_md5_new()) == NULL) {
		fprintf(stderr, "floatd-genhash: cannot initialise libcurl/libcrypto\n");
		return GENHASH_FETCH;
	}
	/* the same request shape as the checker (check/http.c) */
	if (vhost != NULL) {
		snprintf(hdr, sizeof(hdr), "Host: %s", vhost);
		headers = curl_slist_append(headers, hdr);
	}
	headers = curl_slist_append(headers, "Connection: close");
	curl_easy_setopt(easy, CURLOPT_URL, url);
	curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(easy, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1);
	curl_easy_setopt(easy, CURLOPT_USERAGENT, "floatd-checker");
	curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, (long)(timeout_s * 1000));
	curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, genhash_write);
	curl_easy_setopt(easy, CURLOPT_WRITEDATA, &body);
	curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, errbuf);
	/* keepalived does not verify real servers' certificates either */
	curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, 0L);
	curl_easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, 0L);

	rc = curl_easy_perform(easy);
	if (rc == CURLE_OK)
		curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
	else
		curl_easy_getinfo(easy, CURLINFO_OS_ERRNO, &oserr);
	curl_easy_cleanup(easy);
	curl_slist_free_all(headers);
	if (rc != CURLE_OK || body.failed || check_digest_final_hex(body.md5, hex) < 0) {
		fprintf(stderr, "floatd-genhash: cannot fetch %s: %s%s%s%s\n", url,
		        body.failed ? "digest failed" :
		        errbuf[0] != '\0' ? errbuf : curl_easy_strerror(rc),
		        oserr != 0 ? " (" : "", oserr != 0 ? strerror((int)oserr) : "",
		        oserr != 0 ? ")" : "");
		check_digest_free(body.md5);
		curl_global_cleanup();
		return GENHASH_FETCH;
	}
	check_digest_free(body.md5);
	curl_global_cleanup();

	if (verbose) {
		printf("URL = %s\n", url);
		printf("HTTP status = %ld\n", status);
		printf("Bytes read = %llu\n", body.bytes);
	} else if (status < 200 || status > 299) {
		/* the digest of an error page is rarely what the user wants, and
		 * HTTP_GET's default status_code (200-299) would refuse it */
		fprintf(stderr, "floatd-genhash: warning: HTTP status %ld from %s\n", status, url);
	}
	printf("MD5SUM = %s\n", hex);
	return GENHASH_OK;
}
