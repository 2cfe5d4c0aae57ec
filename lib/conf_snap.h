/* A configuration source snapshot: every answer the config lexer got from
 * the system while reading a configuration (each file's exact bytes, each
 * include glob's matches, each ${_ENV NAME} value, the config id and host
 * name), so the same configuration can be parsed again without touching the
 * disk.  The parent records it once; the checker child parses from it.
 * Pure: no syscalls, no logging; the encoding is a flat byte string that
 * conf_snap_decode() checks completely (it crosses a process boundary). */
#ifndef FLOATD_LIB_CONF_SNAP_H
#define FLOATD_LIB_CONF_SNAP_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

enum conf_snap_kind {
	CONF_SNAP_FILE = 1,  /* key: path as opened; err, dev/ino, data: the bytes */
	CONF_SNAP_GLOB,      /* key: pattern; err 0 = matched, data: paths, each NUL-ended */
	CONF_SNAP_ENV,       /* key: variable; err 0 = set, data: the value */
	CONF_SNAP_META,      /* key: "config_id", "host", "main"; data: the value */
	CONF_SNAP_KIND_MAX,
};

struct conf_snap_entry {
	enum conf_snap_kind kind;
	char *key;
	int err;             /* 0, or the errno the question got */
	uint64_t dev, ino;   /* FILE: identity, for include loop detection */
	char *data;          /* NUL-terminated beyond len as well */
	size_t len;
};

struct conf_snap {
	struct conf_snap_entry *e;
	unsigned n, cap;
	size_t bytes;        /* sum of data lengths, against CONF_SNAP_MAX_BYTES */
};

#define CONF_SNAP_MAX_BYTES (64u << 20)
#define CONF_SNAP_MAX_ENTRIES 65536u

struct conf_snap *conf_snap_new(void);
void conf_snap_free(struct conf_snap *);
/* The first entry of that kind and key, or NULL. */
const struct conf_snap_entry *conf_snap_find(const struct conf_snap *, enum conf_snap_kind,
                                             const char *key);
/* Adds a copy of data (len bytes).  Returns the entry, or NULL (memory or
 * one of the limits above). */
const struct conf_snap_entry *conf_snap_add(struct conf_snap *, enum conf_snap_kind,
                                            const char *key, int err, uint64_t dev,
                                            uint64_t ino, const void *data, size_t len);
/* A META value, or NULL. */
const char *conf_snap_meta(const struct conf_snap *, const char *key);

/* Flat encoding.  encode: 0 and a malloc'd *buf, or -1 (memory). */
int conf_snap_encode(const struct conf_snap *, uint8_t **buf, size_t *len);
enum conf_snap_err {
	CONF_SNAP_OK,
	CONF_SNAP_ERR_MAGIC,      /* not a floatd snapshot (or another version) */
	CONF_SNAP_ERR_TRUNCATED,
	CONF_SNAP_ERR_KIND,
	CONF_SNAP_ERR_LIMIT,      /* too many entries or bytes */
	CONF_SNAP_ERR_TRAILING,
	CONF_SNAP_ERR_NOMEM,
};
const char *conf_snap_err_name(enum conf_snap_err);
enum conf_snap_err conf_snap_decode(const uint8_t *buf, size_t len, struct conf_snap **out);

#endif
