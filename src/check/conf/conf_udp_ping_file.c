/* UDP_CHECK / PING_CHECK / FILE_CHECK keywords, validation, dump,
 * comparison and free (see conf_udp_ping_file.h).  keepalived 2.2's
 * check_udp.c, check_ping.c and check_file.c define the grammar:
 *  - UDP_CHECK: the common keywords plus `payload HEX`, `require_reply
 *    [HEX]` (X = any nibble), `min_reply_length N` (default 0) and
 *    `max_reply_length N` (default 255), both 0..65535;
 *  - PING_CHECK: the common keywords only;
 *  - FILE_CHECK: `track_file NAME` (a top-level track_file block) and
 *    `weight W [reverse|noreverse]` (-2147483647..2147483647; default the
 *    block's weight and reverse).
 * Pure: reports through conf_parse. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "vrrp/conf/vrrp_conf_types.h"
#include "check/conf/conf_lvs.h"
#include "check/conf/conf_int.h"
#include "check/conf/conf_udp_ping_file.h"

int check_conf_udp_ping_file_open(struct conf_parse *p, const struct conf_line *l, void *obj,
                                  void **child)
{
	struct checker_conf *ck;
	enum check_kind kind;

	if (strcmp(l->argv[0], "UDP_CHECK") == 0)
		kind = CHECK_KIND_UDP;
	else if (strcmp(l->argv[0], "PING_CHECK") == 0)
		kind = CHECK_KIND_PING;
	else if (strcmp(l->argv[0], "FILE_CHECK") == 0)
		kind = CHECK_KIND_FILE;
	else
		return conf_parse_bad_arg(p, l);
	if (!(ck = check_conf_ck_add(obj, l, kind)))
		return -1;
	ck->udp.max_reply_len = CHECK_UDP_MAX_REPLY_DEFAULT;
	*child = ck;
	return 0;
}

/* argv[1..] joined with blanks (keepalived's make_strvec_str) as hex:
 * a malloc'd buffer of *len bytes (and its mask), or -1 */
static int cu_hex(struct conf_parse *p, const struct conf_line *l, bool wildcard,
                  uint8_t **data, uint8_t **mask, size_t *len)
{
	size_t total = 0, n;
	char *s, *q;
	uint8_t *d = NULL, *m = NULL;
	bool any_mask = false;

	for (int i = 1; i < l->argc; i++)
		total += strlen(l->argv[i]) + 1;
	if (!(s = malloc(total + 1)))
		return -1;
	q = s;
	for (int i = 1; i < l->argc; i++)
		q += sprintf(q, "%s%s", i > 1 ? " " : "", l->argv[i]);
	*q = '\0';
	n = total / 2 + 1;
	d = malloc(n);
	m = malloc(n);
	if (!d || !m) {
		free(s);
		free(d);
		free(m);
		return -1;
	}
	n = check_udp_hex_parse(s, wildcard, d, m, n > CHECK_UDP_HEX_MAX ? CHECK_UDP_HEX_MAX : n);
	free(s);
	if (n == 0) {
		free(d);
		free(m);
		conf_parse_error(p, l, "invalid hex string for UDP_CHECK %s (hex digit pairs%s, "
		                 "at most %d bytes)", l->argv[0], wildcard ? " or X" : "",
		                 CHECK_UDP_HEX_MAX);
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		any_mask |= m[i] != 0;
	free(*data);
	*data = d;
	*len = n;
	if (mask) {
		free(*mask);
		*mask = any_mask ? m : NULL;
	}
	if (!mask || !any_mask)
		free(m);
	return 0;
}

int check_conf_udp_kw(struct conf_parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct checker_conf *ck = obj;
	struct check_udp_conf *u = &ck->udp;
	unsigned long v;

	(void)child;
	switch ((enum check_conf_udp_kw)conf_parse_kw_arg(p)) {
	case CHECK_UDP_KW_PAYLOAD:
		if (l->argc < 2) {
			conf_parse_error(p, l, "UDP_CHECK payload requires a payload");
			return -1;
		}
		return cu_hex(p, l, false, &u->payload, NULL, &u->payload_len);
	case CHECK_UDP_KW_REQUIRE_REPLY:
		u->require_reply = true;
		if (l->argc < 2)
			return 0;
		return cu_hex(p, l, true, &u->reply, &u->reply_mask, &u->reply_len);
	case CHECK_UDP_KW_MIN_REPLY:
	case CHECK_UDP_KW_MAX_REPLY:
		if (conf_parse_uint(p, l, 1, 0, CHECK_UDP_HEX_MAX, &v) < 0)
			return -1;
		if (conf_parse_kw_arg(p) == CHECK_UDP_KW_MIN_REPLY)
			u->min_reply_len = (uint32_t)v;
		else
			u->max_reply_len = (uint32_t)v;
		return 0;
	}
	return conf_parse_bad_arg(p, l);
}

/* ---- FILE_CHECK */

enum { CF_KW_TRACK_FILE = 1, CF_KW_WEIGHT };

static int cf_kw(struct conf_parse *p, const struct conf_line *l, void *obj, void **child)
{
	struct checker_conf *ck = obj;
	struct check_file_conf *f = &ck->file;
	char *end;
	long w;

	(void)child;
	if (conf_parse_kw_arg(p) == CF_KW_TRACK_FILE) {
		check_conf_origin(&f->origin, l);
		return check_conf_strdup(l, &f->name);
	}
	if (conf_parse_kw_arg(p) != CF_KW_WEIGHT)
		return conf_parse_bad_arg(p, l);
	errno = 0;
	w = strtol(l->argv[1], &end, 10);
	if (!l->argv[1][0] || *end || errno || w < -INT_MAX || w > INT_MAX) {
		conf_parse_error(p, l, "invalid FILE_CHECK weight '%s' (%d..%d)", l->argv[1],
		                 -INT_MAX, INT_MAX);
		return -1;
	}
	f->reverse = false;
	if (l->argc > 2 && strcmp(l->argv[2], "reverse") == 0)
		f->reverse = true;
	else if (l->argc > 2 && strcmp(l->argv[2], "noreverse") != 0) {
		conf_parse_error(p, l, "invalid FILE_CHECK weight option '%s' (expected reverse "
		                 "or noreverse)", l->argv[2]);
		return -1;
	}
	f->weight = (int)w;
	f->weight_set = true;
	return 0;
}

static const struct conf_kw cf_kws[] = {
	{ "track_file", CONF_KW_SIMPLE, 1, 1, cf_kw, NULL, NULL, CF_KW_TRACK_FILE },
	{ "weight", CONF_KW_SIMPLE, 1, 2, cf_kw, NULL, NULL, CF_KW_WEIGHT },
	{ NULL, CONF_KW_SIMPLE, 0, 0, NULL, NULL, NULL, 0 },
};
const struct conf_table check_conf_file_table = { "FILE_CHECK", cf_kws, NULL };

/* ---- validate */

static void cv_file(struct conf_parse *p, const struct floatd_conf *c, struct checker_conf *ck)
{
	struct check_file_conf *f = &ck->file;
	const struct vrrp_track_file_conf *tf = c->track_files;

	if (!f->name) {
		conf_parse_report_at(p, 1, ck->origin.file, ck->origin.line,
		                     "FILE_CHECK has no track_file");
		return;
	}
	while (tf && strcmp(tf->name, f->name) != 0)
		tf = tf->next;
	if (!tf) {
		conf_parse_report_at(p, 1, f->origin.file, f->origin.line,
		                     "FILE_CHECK: track_file %s not found (no top-level "
		                     "track_file %s { file PATH })", f->name, f->name);
		return;
	}
	if (!tf->path)
		return;   /* the track_file block's own error says so */
	free(f->path);
	if (!(f->path = strdup(tf->path)))
		return;
	if (!f->weight_set) {
		f->weight = tf->weight;
		f->reverse = tf->reverse;
	}
}

bool check_conf_file_check_reads(const struct floatd_conf *c, const char *name)
{
	for (const struct virtual_server_conf *vs = c->virtual_servers; vs; vs = vs->next)
		for (const struct real_server_conf *rs = vs->rs; rs; rs = rs->next)
			for (const struct checker_conf *ck = rs->checkers; ck; ck = ck->next)
				if (ck->kind == CHECK_KIND_FILE && ck->file.name &&
				    strcmp(ck->file.name, name) == 0)
					return true;
	return false;
}

void check_conf_udp_ping_file_validate(struct conf_parse *p, struct floatd_conf *c)
{
	for (struct virtual_server_conf *vs = c->virtual_servers; vs; vs = vs->next)
		for (struct real_server_conf *rs = vs->rs; rs; rs = rs->next)
			for (struct checker_conf *ck = rs->checkers; ck; ck = ck->next) {
				if (ck->kind == CHECK_KIND_FILE)
					cv_file(p, c, ck);
				if (ck->kind == CHECK_KIND_UDP && ck->udp.reply &&
				    ck->udp.min_reply_len > ck->udp.max_reply_len)
					conf_parse_report_at(p, 0, ck->origin.file, ck->origin.line,
					                     "UDP_CHECK min_reply_length %u > "
					                     "max_reply_length %u: it will always fail",
					                     ck->udp.min_reply_len,
					                     ck->udp.max_reply_len);
			}
}

/* ---- dump, compare, free */

static void cd_hex(FILE *fp, const char *in, const char *k, const uint8_t *d,
                   const uint8_t *m, size_t n)
{
	fprintf(fp, "%s%s ", in, k);
	for (size_t i = 0; i < n; i++) {
		uint8_t mk = m ? m[i] : 0;

		fputc(mk & 0xf0 ? 'X' : "0123456789abcdef"[d[i] >> 4], fp);
		fputc(mk & 0x0f ? 'X' : "0123456789abcdef"[d[i] & 0x0f], fp);
	}
	fputc('\n', fp);
}

void check_conf_udp_ping_file_dump(FILE *fp, const struct checker_conf *ck, const char *in)
{
	const struct check_udp_conf *u = &ck->udp;
	const struct check_file_conf *f = &ck->file;

	if (ck->kind == CHECK_KIND_FILE) {
		fprintf(fp, "%strack_file %s\n", in, f->name ? f->name : "");
		if (f->path)
			fprintf(fp, "%sfile \"%s\"\n", in, f->path);
		fprintf(fp, "%sweight %d%s\n", in, f->weight, f->reverse ? " reverse" : "");
		return;
	}
	if (ck->kind != CHECK_KIND_UDP)
		return;
	if (u->payload)
		cd_hex(fp, in, "payload", u->payload, NULL, u->payload_len);
	if (u->reply)
		cd_hex(fp, in, "require_reply", u->reply, u->reply_mask, u->reply_len);
	else if (u->require_reply)
		fprintf(fp, "%srequire_reply\n", in);
	if (u->reply)
		fprintf(fp, "%smin_reply_length %u\n%smax_reply_length %u\n", in, u->min_reply_len,
		        in, u->max_reply_len);
}

static bool bytes_eq(const uint8_t *a, const uint8_t *b, size_t n)
{
	return (!a && !b) || (a && b && memcmp(a, b, n) == 0);
}

bool check_conf_udp_ping_file_eq(const struct checker_conf *a, const struct checker_conf *b)
{
	const struct check_udp_conf *x = &a->udp, *y = &b->udp;

	if (x->payload_len != y->payload_len || !bytes_eq(x->payload, y->payload, x->payload_len) ||
	    x->require_reply != y->require_reply || x->reply_len != y->reply_len ||
	    !bytes_eq(x->reply, y->reply, x->reply_len) ||
	    !bytes_eq(x->reply_mask, y->reply_mask, x->reply_len) ||
	    x->min_reply_len != y->min_reply_len || x->max_reply_len != y->max_reply_len)
		return false;
	return a->file.weight == b->file.weight && a->file.reverse == b->file.reverse &&
	       (a->file.path == b->file.path ||
	        (a->file.path && b->file.path && strcmp(a->file.path, b->file.path) == 0));
}

void check_conf_udp_ping_file_free(struct checker_conf *ck)
{
	free(ck->udp.payload);
	free(ck->udp.reply);
	free(ck->udp.reply_mask);
	free(ck->file.name);
	free(ck->file.path);
}
