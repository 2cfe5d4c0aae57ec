/* Configuration source snapshot (see conf_snap.h): the list of recorded
 * answers and its flat encoding.  Pure: no syscalls, no logging.  The
 * decoder trusts nothing: every length is checked against what is left. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "conf_snap.h"

/* "floatd-conf-snapshot" and a format version, then u32 count, then per
 * entry: u8 kind, u32 key length, key, i32 err, u64 dev, u64 ino,
 * u32 data length, data.  Integers little-endian. */
static const char snap_magic[] = "floatd-conf-snapshot\0\0\0\1";
#define SNAP_MAGIC_LEN (sizeof(snap_magic) - 1)

struct conf_snap *conf_snap_new(void)
{
	return calloc(1, sizeof(struct conf_snap));
}

void conf_snap_free(struct conf_snap *s)
{
	if (!s)
		return;
	for (unsigned i = 0; i < s->n; i++) {
		free(s->e[i].key);
		free(s->e[i].data);
	}
	free(s->e);
	free(s);
}

const struct conf_snap_entry *conf_snap_find(const struct conf_snap *s, enum conf_snap_kind kind,
                                             const char *key)
{
	for (unsigned i = 0; i < s->n; i++)
		if (s->e[i].kind == kind && strcmp(s->e[i].key, key) == 0)
			return &s->e[i];
	return NULL;
}

const char *conf_snap_meta(const struct conf_snap *s, const char *key)
{
	const struct conf_snap_entry *e = conf_snap_find(s, CONF_SNAP_META, key);

	return e ? e->data : NULL;
}

const struct conf_snap_entry *conf_snap_add(struct conf_snap *s, enum conf_snap_kind kind,
                                            const char *key, int err, uint64_t dev,
                                            uint64_t ino, const void *data, size_t len)
{
	struct conf_snap_entry *e;

	if (s->n >= CONF_SNAP_MAX_ENTRIES || len > CONF_SNAP_MAX_BYTES - s->bytes)
		return NULL;
	if (s->n == s->cap) {
		unsigned cap = s->cap ? s->cap * 2 : 16;
		struct conf_snap_entry *ne = realloc(s->e, cap * sizeof(*ne));

		if (!ne)
			return NULL;
		s->e = ne;
		s->cap = cap;
	}
	e = &s->e[s->n];
	memset(e, 0, sizeof(*e));
	e->kind = kind;
	e->err = err;
	e->dev = dev;
	e->ino = ino;
	e->len = len;
	e->key = strdup(key);
	e->data = malloc(len + 1);
	if (!e->key || !e->data) {
		free(e->key);
		free(e->data);
		return NULL;
	}
	if (len)
		memcpy(e->data, data, len);
	e->data[len] = '\0';
	s->bytes += len;
	s->n++;
	return e;
}

/* ---- encoding */

struct snap_out {
	uint8_t *p;
	size_t len;
};

static void put_le(struct snap_out *o, uint64_t v, unsigned bytes)
{
	for (unsigned i = 0; i < bytes; i++)
		o->p[o->len++] = (uint8_t)(v >> (8 * i));
}

static void put_bytes(struct snap_out *o, const void *b, size_t n)
{
	if (n)
		memcpy(o->p + o->len, b, n);
	o->len += n;
}

#define SNAP_ENTRY_FIXED (1 + 4 + 4 + 8 + 8 + 4)

int conf_snap_encode(const struct conf_snap *s, uint8_t **buf, size_t *len)
{
	size_t total = SNAP_MAGIC_LEN + 4;
	struct snap_out o;

	for (unsigned i = 0; i < s->n; i++)
		total += SNAP_ENTRY_FIXED + strlen(s->e[i].key) + s->e[i].len;
	o.p = malloc(total);
	o.len = 0;
	if (!o.p)
		return -1;
	put_bytes(&o, snap_magic, SNAP_MAGIC_LEN);
	put_le(&o, s->n, 4);
	for (unsigned i = 0; i < s->n; i++) {
		const struct conf_snap_entry *e = &s->e[i];
		size_t kl = strlen(e->key);

		put_le(&o, (uint64_t)e->kind, 1);
		put_le(&o, kl, 4);
		put_bytes(&o, e->key, kl);
		put_le(&o, (uint32_t)e->err, 4);
		put_le(&o, e->dev, 8);
		put_le(&o, e->ino, 8);
		put_le(&o, e->len, 4);
		put_bytes(&o, e->data, e->len);
	}
	*buf = o.p;
	*len = o.len;
	return 0;
}

/* ---- decoding */

struct snap_in {
	const uint8_t *p;
	size_t left;
};

static int get_le(struct snap_in *in, unsigned bytes, uint64_t *v)
{
	if (in->left < bytes)
		return -1;
	*v = 0;
	for (unsigned i = 0; i < bytes; i++)
		*v |= (uint64_t)in->p[i] << (8 * i);
	in->p += bytes;
	in->left -= bytes;
	return 0;
}

static int get_bytes(struct snap_in *in, size_t n, const uint8_t **b)
{
	if (in->left < n)
		return -1;
	*b = in->p;
	in->p += n;
	in->left -= n;
	return 0;
}

const char *conf_snap_err_name(enum conf_snap_err e)
{
	static const char *const names[] = {
		[CONF_SNAP_OK] = "ok",
		[CONF_SNAP_ERR_MAGIC] = "not a floatd configuration snapshot",
		[CONF_SNAP_ERR_TRUNCATED] = "truncated",
		[CONF_SNAP_ERR_KIND] = "unknown entry kind",
		[CONF_SNAP_ERR_LIMIT] = "too large",
		[CONF_SNAP_ERR_TRAILING] = "trailing bytes",
		[CONF_SNAP_ERR_NOMEM] = "out of memory",
	};

	return (unsigned)e < sizeof(names) / sizeof(names[0]) && names[e] ? names[e] : "?";
}

static enum conf_snap_err snap_decode_entry(struct snap_in *in, struct conf_snap *s)
{
	uint64_t kind, kl, err, dev, ino, dl;
	const uint8_t *key, *data;
	char *k;
	const struct conf_snap_entry *e;

	if (get_le(in, 1, &kind) < 0 || get_le(in, 4, &kl) < 0 || get_bytes(in, kl, &key) < 0 ||
	    get_le(in, 4, &err) < 0 || get_le(in, 8, &dev) < 0 || get_le(in, 8, &ino) < 0 ||
	    get_le(in, 4, &dl) < 0 || get_bytes(in, dl, &data) < 0)
		return CONF_SNAP_ERR_TRUNCATED;
	if (kind < CONF_SNAP_FILE || kind >= CONF_SNAP_KIND_MAX)
		return CONF_SNAP_ERR_KIND;
	if (memchr(key, '\0', kl))
		return CONF_SNAP_ERR_KIND;   /* keys are C strings */
	if (!(k = strndup((const char *)key, kl)))
		return CONF_SNAP_ERR_NOMEM;
	e = conf_snap_add(s, (enum conf_snap_kind)kind, k, (int)(int32_t)(uint32_t)err, dev, ino,
	                  data, dl);
	free(k);
	if (!e)
		return s->n >= CONF_SNAP_MAX_ENTRIES || dl > CONF_SNAP_MAX_BYTES - s->bytes ?
		       CONF_SNAP_ERR_LIMIT : CONF_SNAP_ERR_NOMEM;
	return CONF_SNAP_OK;
}

enum conf_snap_err conf_snap_decode(const uint8_t *buf, size_t len, struct conf_snap **out)
{
	struct snap_in in = { buf, len };
	const uint8_t *magic;
	struct conf_snap *s;
	enum conf_snap_err r = CONF_SNAP_OK;
	uint64_t n;

	*out = NULL;
	if (get_bytes(&in, SNAP_MAGIC_LEN, &magic) < 0 ||
	    memcmp(magic, snap_magic, SNAP_MAGIC_LEN) != 0)
		return CONF_SNAP_ERR_MAGIC;
	if (get_le(&in, 4, &n) < 0)
		return CONF_SNAP_ERR_TRUNCATED;
	if (n > CONF_SNAP_MAX_ENTRIES)
		return CONF_SNAP_ERR_LIMIT;
	if (!(s = conf_snap_new()))
		return CONF_SNAP_ERR_NOMEM;
	for (uint64_t i = 0; i < n && r == CONF_SNAP_OK; i++)
		r = snap_decode_entry(&in, s);
	if (r == CONF_SNAP_OK && in.left)
		r = CONF_SNAP_ERR_TRAILING;
	if (r != CONF_SNAP_OK) {
		conf_snap_free(s);
		return r;
	}
	*out = s;
	return CONF_SNAP_OK;
}
