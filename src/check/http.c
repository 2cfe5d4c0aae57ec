/* HTTP_GET / SSL_GET over libcurl multi (see http.h).  Owns the CURLM and
 * its mapping onto loop watchers; one easy handle per url being fetched.
 * Never calls curl_easy_perform (it blocks) and never logs. */
#include <arpa/inet.h>
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "check/digest.h"
#include "check/http.h"
#include "check/http_request.h"
#include "loop.h"

/* Finished easy handles kept for the next attempts: curl_easy_init and
 * curl_easy_cleanup allocate and free the handle and its buffers every
 * time (keeping them cut floatd's CPU for 500 HTTP checks/s by about 6 %
 * on the host, docs/benchmarks.md).  A handle is reset
 * (curl_easy_reset: every option back to its default) before it goes
 * back, so no attempt sees another's options.  Bounded: a burst of
 * checks does not keep its peak of handles. */
#define HTTP_IDLE_MAX 64

struct check_http_ctx {
	struct ev_loop *loop;
	CURLM *multi;
	struct loop_timer *timer;
	CURL *idle[HTTP_IDLE_MAX];
	unsigned n_idle;
};

struct check_http {
	struct check_http_ctx *ctx;
	const struct checker_conf *c;
	unsigned url;               /* index being fetched */
	CURL *easy;
	struct curl_slist *headers, *connect_to;
	struct check_digest *md5;   /* NULL: no digest to compare */
	char errbuf[CURL_ERROR_SIZE];
	check_done_cb done;
	void *arg;
};

static void http_pump(struct check_http_ctx *);

/* ---- curl <-> loop plumbing ---- */

static void
http_io_ready(struct loop_io *io, int fd, unsigned events, void *arg)
{
	struct check_http_ctx *ctx = arg;
	int flags = 0, running;

	(void)io;
	if (events & LOOP_READ)
		flags |= CURL_CSELECT_IN;
	if (events & LOOP_WRITE)
		flags |= CURL_CSELECT_OUT;
	curl_multi_socket_action(ctx->multi, fd, flags, &running);
	http_pump(ctx);
}

static int
http_socket_cb(CURL *e, curl_socket_t s, int what, void *userp, void *socketp)
{
	struct check_http_ctx *ctx = userp;
	struct loop_io *io = socketp;
	unsigned want = 0;

	(void)e;
	if (what == CURL_POLL_REMOVE) {
		loop_io_free(io);
		curl_multi_assign(ctx->multi, s, NULL);
		return 0;
	}
	if (what == CURL_POLL_IN || what == CURL_POLL_INOUT)
		want |= LOOP_READ;
	if (what == CURL_POLL_OUT || what == CURL_POLL_INOUT)
		want |= LOOP_WRITE;
	if (io == NULL) {
		io = loop_io_new_events(ctx->loop, s, want, http_io_ready, ctx);
		if (io == NULL)
			return -1;
		curl_multi_assign(ctx->multi, s, io);
	} else {
		loop_io_set_events(io, want);
	}
	return 0;
}

static int
http_timer_cb(CURLM *m, long timeout_ms, void *userp)
{
	struct check_http_ctx *ctx = userp;

	(void)m;
	/* curl asks for socket_action(TIMEOUT) after timeout_ms; calling it
	 * from here would recurse, so it always goes through the loop. */
	if (timeout_ms < 0)
		loop_timer_stop(ctx->timer);
	else
		loop_timer_after(ctx->timer, (uint64_t)timeout_ms);
	return 0;
}

static void
http_timer_fired(struct loop_timer *t, void *arg)
{
	struct check_http_ctx *ctx = arg;
	int running;

	(void)t;
	curl_multi_socket_action(ctx->multi, CURL_SOCKET_TIMEOUT, 0, &running);
	http_pump(ctx);
}

struct check_http_ctx *
check_http_ctx_new(struct ev_loop *loop)
{
	struct check_http_ctx *ctx;

	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return NULL;
	ctx = calloc(1, sizeof(*ctx));
	if (ctx == NULL)
		return NULL;
	ctx->loop = loop;
	ctx->multi = curl_multi_init();
	ctx->timer = loop_timer_new(loop, http_timer_fired, ctx);
	if (ctx->multi == NULL || ctx->timer == NULL) {
		check_http_ctx_free(ctx);
		return NULL;
	}
	curl_multi_setopt(ctx->multi, CURLMOPT_SOCKETFUNCTION, http_socket_cb);
	curl_multi_setopt(ctx->multi, CURLMOPT_SOCKETDATA, ctx);
	curl_multi_setopt(ctx->multi, CURLMOPT_TIMERFUNCTION, http_timer_cb);
	curl_multi_setopt(ctx->multi, CURLMOPT_TIMERDATA, ctx);
	return ctx;
}

void
check_http_ctx_free(struct check_http_ctx *ctx)
{
	if (ctx == NULL)
		return;
	if (ctx->multi != NULL)
		curl_multi_cleanup(ctx->multi);
	while (ctx->n_idle > 0)
		curl_easy_cleanup(ctx->idle[--ctx->n_idle]);
	loop_timer_free(ctx->timer);
	free(ctx);
}

/* ---- one url ---- */

static size_t
http_body(char *ptr, size_t size, size_t nmemb, void *arg)
{
	struct check_http *h = arg;

	if (h->md5 != NULL && check_digest_update(h->md5, ptr, size * nmemb) < 0)
		return 0;    /* aborts the transfer: reported as a transfer error */
	return size * nmemb;
}

static int
http_sockopt(void *arg, curl_socket_t fd, curlsocktype purpose)
{
	struct check_http *h = arg;

	(void)purpose;
	if (h->c->fwmark != 0 &&
	    setsockopt(fd, SOL_SOCKET, SO_MARK, &h->c->fwmark, sizeof(h->c->fwmark)) < 0)
		return CURL_SOCKOPT_ERROR;
	return CURL_SOCKOPT_OK;
}

static CURL *
http_easy_get(struct check_http_ctx *ctx)
{
	return ctx->n_idle > 0 ? ctx->idle[--ctx->n_idle] : curl_easy_init();
}

static void
http_easy_put(struct check_http_ctx *ctx, CURL *easy)
{
	if (ctx->n_idle == HTTP_IDLE_MAX) {
		curl_easy_cleanup(easy);
		return;
	}
	curl_easy_reset(easy);
	ctx->idle[ctx->n_idle++] = easy;
}

static void
http_free_easy(struct check_http *h)
{
	if (h->easy != NULL) {
		curl_multi_remove_handle(h->ctx->multi, h->easy);
		http_easy_put(h->ctx, h->easy);
		h->easy = NULL;
	}
	curl_slist_free_all(h->headers);
	curl_slist_free_all(h->connect_to);
	h->headers = h->connect_to = NULL;
	check_digest_free(h->md5);
	h->md5 = NULL;
}

/* The options of one fetch on a fresh or reset handle: the request, and
 * what makes it a health check rather than a browser. */
static void
http_easy_options(struct check_http *h, const struct check_http_request *req, bool ssl)
{
	const struct checker_conf *c = h->c;

	for (unsigned i = 0; i < req->n_headers; i++)
		h->headers = curl_slist_append(h->headers, req->headers[i]);
	curl_easy_setopt(h->easy, CURLOPT_HTTPHEADER, h->headers);
	curl_easy_setopt(h->easy, CURLOPT_URL, req->url);
	curl_easy_setopt(h->easy, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h->easy, CURLOPT_HTTP_VERSION,
	                 req->http_1_1 ? CURL_HTTP_VERSION_1_1 : CURL_HTTP_VERSION_1_0);
	curl_easy_setopt(h->easy, CURLOPT_USERAGENT, CHECK_HTTP_USER_AGENT);
	curl_easy_setopt(h->easy, CURLOPT_NOSIGNAL, 1L);
	/* the request leaves in one write, which Nagle never holds back:
	 * saves curl's setsockopt(TCP_NODELAY) per check */
	curl_easy_setopt(h->easy, CURLOPT_TCP_NODELAY, 0L);
	/* libcurl walks its whole DNS cache after every transfer to prune it;
	 * the URL names an IP literal (nothing to resolve), and with an entry
	 * kept per real server for 60 s that walk grew with their number.
	 * Not caching keeps it to the fetches in flight. */
	curl_easy_setopt(h->easy, CURLOPT_DNS_CACHE_TIMEOUT, 0L);
	/* a health check tests a fresh connection every time */
	curl_easy_setopt(h->easy, CURLOPT_FRESH_CONNECT, 1L);
	curl_easy_setopt(h->easy, CURLOPT_FORBID_REUSE, 1L);
	/* connect_timeout bounds the whole fetch, so "down" is detected within
	 * delay_loop + connect_timeout * (retry + 1) as documented */
	curl_easy_setopt(h->easy, CURLOPT_TIMEOUT_MS, (long)c->connect_timeout_ms);
	curl_easy_setopt(h->easy, CURLOPT_CONNECTTIMEOUT_MS, (long)c->connect_timeout_ms);
	curl_easy_setopt(h->easy, CURLOPT_WRITEFUNCTION, http_body);
	curl_easy_setopt(h->easy, CURLOPT_WRITEDATA, h);
	curl_easy_setopt(h->easy, CURLOPT_ERRORBUFFER, h->errbuf);
	curl_easy_setopt(h->easy, CURLOPT_PRIVATE, h);
	curl_easy_setopt(h->easy, CURLOPT_SOCKOPTFUNCTION, http_sockopt);
	curl_easy_setopt(h->easy, CURLOPT_SOCKOPTDATA, h);
	if (ssl) {
		/* keepalived does not verify real servers' certificates either */
		curl_easy_setopt(h->easy, CURLOPT_SSL_VERIFYPEER, 0L);
		curl_easy_setopt(h->easy, CURLOPT_SSL_VERIFYHOST, 0L);
	}
}

/* bindto / bind_if: curl's CURLOPT_INTERFACE forms "host!ADDR", "if!NAME". */
static void
http_bind_options(struct check_http *h)
{
	const struct checker_conf *c = h->c;

	if (c->bindto.family != 0) {
		char b[INET6_ADDRSTRLEN], iface[INET6_ADDRSTRLEN + 8];

		inet_ntop(c->bindto.family, &c->bindto.addr, b, sizeof(b));
		snprintf(iface, sizeof(iface), "host!%s", b);
		curl_easy_setopt(h->easy, CURLOPT_INTERFACE, iface);
		if (c->bindto.port != 0)
			curl_easy_setopt(h->easy, CURLOPT_LOCALPORT, (long)c->bindto.port);
	} else if (c->bind_if[0] != '\0') {
		char iface[IF_NAMESIZE + 4];

		snprintf(iface, sizeof(iface), "if!%s", c->bind_if);
		curl_easy_setopt(h->easy, CURLOPT_INTERFACE, iface);
	}
}

static int
http_setup_url(struct check_http *h)
{
	const struct checker_conf *c = h->c;
	const struct check_url *u = &c->urls[h->url];
	struct check_http_target t = {
		.ssl = c->kind == CHECK_KIND_SSL,
		.port = c->connect.port,
		.path = u->path,
		.vhost = u->virtualhost != NULL ? u->virtualhost : c->virtualhost,
		.http_1_1 = c->http_protocol == CHECK_HTTP_1_1,
		.close = c->http_protocol != CHECK_HTTP_1_0,
	};
	struct check_http_request req;
	char ip[INET6_ADDRSTRLEN] = "?";

	inet_ntop(c->connect.family, &c->connect.addr, ip, sizeof(ip));
	/* SNI is sent only with enable_sni (keepalived); curl sends it when the
	 * URL names a host, so only then does the URL carry a name, and
	 * CONNECT_TO still sends the connection to the real server. */
	t.host = ip;
	if (t.ssl && c->enable_sni && (c->sni_name != NULL || t.vhost != NULL)) {
		t.host = c->sni_name != NULL ? c->sni_name : t.vhost;
		t.connect_ip = ip;
	}
	if (check_http_request_build(&req, &t) < 0)
		return -1;
	h->easy = http_easy_get(h->ctx);
	if (h->easy == NULL)
		return -1;
	if (u->digest[0] != '\0') {
		h->md5 = check_digest_md5_new();
		if (h->md5 == NULL)
			return -1;
	}
	if (req.connect_to[0] != '\0') {
		h->connect_to = curl_slist_append(NULL, req.connect_to);
		if (h->connect_to == NULL)
			return -1;
		curl_easy_setopt(h->easy, CURLOPT_CONNECT_TO, h->connect_to);
	}
	http_easy_options(h, &req, t.ssl);
	http_bind_options(h);
	h->errbuf[0] = '\0';
	return curl_multi_add_handle(h->ctx->multi, h->easy) == CURLM_OK ? 0 : -1;
}

static void
http_deliver(struct check_http *h, const struct check_outcome *out)
{
	check_done_cb done = h->done;
	void *arg = h->arg;

	http_free_easy(h);
	free(h);
	done(arg, out);
}

/* One url finished: judge it, then fetch the next or report. */
static void
http_url_done(struct check_http *h, CURLcode rc)
{
	const struct check_url *u = &h->c->urls[h->url];
	struct check_outcome out = { .why = CHECK_WHY_OK, .weight = -1 };
	long code = 0;
	char hex[CHECK_DIGEST_HEX_LEN + 1];

	if (rc != CURLE_OK) {
		out.why = rc == CURLE_OPERATION_TIMEDOUT ? CHECK_WHY_TIMEOUT :
		          rc == CURLE_COULDNT_CONNECT ? CHECK_WHY_REFUSED : CHECK_WHY_TRANSFER;
		snprintf(out.detail, sizeof(out.detail), "%.32s: %.60s", u->path,
		         h->errbuf[0] != '\0' ? h->errbuf : curl_easy_strerror(rc));
	} else {
		curl_easy_getinfo(h->easy, CURLINFO_RESPONSE_CODE, &code);
		if (!check_url_status_ok(u, (int)code)) {
			out.why = CHECK_WHY_STATUS;
			snprintf(out.detail, sizeof(out.detail), "%.32s: HTTP status %ld", u->path, code);
		} else if (h->md5 != NULL) {
			if (check_digest_final_hex(h->md5, hex) < 0) {
				out.why = CHECK_WHY_INTERNAL;
			} else if (strcmp(hex, u->digest) != 0) {
				out.why = CHECK_WHY_DIGEST;
				snprintf(out.detail, sizeof(out.detail), "%.32s: MD5 %s", u->path, hex);
			}
		}
	}
	http_free_easy(h);
	if (out.why == CHECK_WHY_OK && ++h->url < h->c->n_urls) {
		if (http_setup_url(h) == 0)
			return;
		out.why = CHECK_WHY_INTERNAL;
		snprintf(out.detail, sizeof(out.detail), "cannot set up the HTTP request");
	}
	http_deliver(h, &out);
}

static void
http_pump(struct check_http_ctx *ctx)
{
	CURLMsg *msg;
	int left;

	while ((msg = curl_multi_info_read(ctx->multi, &left)) != NULL) {
		struct check_http *h = NULL;

		if (msg->msg != CURLMSG_DONE)
			continue;
		curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&h);
		if (h != NULL)
			http_url_done(h, msg->data.result);
	}
}

struct check_http *
check_http_start(struct check_http_ctx *ctx, const struct checker_conf *c, check_done_cb done,
                 void *arg)
{
	struct check_http *h;

	if (c->n_urls == 0)
		return NULL;
	h = calloc(1, sizeof(*h));
	if (h == NULL)
		return NULL;
	h->ctx = ctx;
	h->c = c;
	h->done = done;
	h->arg = arg;
	if (http_setup_url(h) < 0) {
		http_free_easy(h);
		free(h);
		return NULL;
	}
	return h;
}

void
check_http_cancel(struct check_http *h)
{
	if (h == NULL)
		return;
	http_free_easy(h);
	free(h);
}
