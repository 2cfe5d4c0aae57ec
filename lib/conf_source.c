/* The config lexer's only questions to the system (part of the lexer, see
 * conf_lex.c): a file's bytes, an include pattern's matches, an ${_ENV}
 * value, the seed of ${_RANDOM}.  Every answer goes into the lexer's snapshot, and a question asked
 * twice gets the first answer; in replay mode the snapshot is the only
 * source and nothing here makes a syscall. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "conf_lex_int.h"

/* Read a whole regular file: 0 and a malloc'd *buf, or -errno.  O_NONBLOCK
 * so that a FIFO named by a glob cannot hang the reader; the type check
 * then refuses it. */
static int source_read_disk(const char *path, char **buf, size_t *len, struct stat *st)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	size_t cap = 0, n = 0;
	char *b = NULL;
	int err = 0;

	if (fd < 0)
		return -errno;
	if (fstat(fd, st) < 0) {
		err = errno;
		goto out;
	}
	if (!S_ISREG(st->st_mode)) {
		err = EISDIR;   /* what the reader has always said for a non-file */
		goto out;
	}
	for (;;) {
		ssize_t r;

		if (n == cap) {
			char *nb;

			if (cap >= CONF_LEX_FILE_MAX) {
				err = EFBIG;
				goto out;
			}
			cap = cap ? cap * 2 : 4096;
			if (!(nb = realloc(b, cap))) {
				err = ENOMEM;
				goto out;
			}
			b = nb;
		}
		r = read(fd, b + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			err = errno;
			goto out;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
out:
	close(fd);
	if (err) {
		free(b);
		return -err;
	}
	*buf = b;
	*len = n;
	return 0;
}

int conf_source_file(struct conf_lex *lx, const char *path, const char **data, size_t *len,
                     uint64_t *dev, uint64_t *ino)
{
	const struct conf_snap_entry *e = conf_snap_find(lx->snap, CONF_SNAP_FILE, path);

	if (!e && lx->replay)
		return -ENOENT;
	if (!e) {
		struct stat st;
		char *buf = NULL;
		size_t n = 0;
		int r = source_read_disk(path, &buf, &n, &st);

		e = conf_snap_add(lx->snap, CONF_SNAP_FILE, path, r < 0 ? -r : 0,
		                  r < 0 ? 0 : (uint64_t)st.st_dev, r < 0 ? 0 : (uint64_t)st.st_ino,
		                  buf, n);
		free(buf);
		if (!e)
			return -ENOMEM;
	}
	if (e->err)
		return -e->err;
	*data = e->data;
	*len = e->len;
	*dev = e->dev;
	*ino = e->ino;
	return 0;
}

size_t conf_source_glob(struct conf_lex *lx, const char *pattern, const char **list,
                        size_t *len)
{
	const struct conf_snap_entry *e = conf_snap_find(lx->snap, CONF_SNAP_GLOB, pattern);
	size_t n = 0;

	if (!e && lx->replay)
		return 0;
	if (!e) {
		glob_t g;
		char *all = NULL;
		size_t total = 0, off = 0;
		int r = glob(pattern, GLOB_BRACE, NULL, &g);

		if (r == 0) {
			for (size_t i = 0; i < g.gl_pathc; i++)
				total += strlen(g.gl_pathv[i]) + 1;
			all = malloc(total + 1);
			for (size_t i = 0; all && i < g.gl_pathc; i++) {
				size_t k = strlen(g.gl_pathv[i]) + 1;

				memcpy(all + off, g.gl_pathv[i], k);
				off += k;
			}
			globfree(&g);
			if (!all)
				return 0;
		}
		e = conf_snap_add(lx->snap, CONF_SNAP_GLOB, pattern, off ? 0 : ENOENT, 0, 0,
		                  all, off);
		free(all);
		if (!e)
			return 0;
	}
	if (e->err || e->len == 0 || e->data[e->len - 1] != '\0')
		return 0;
	for (size_t i = 0; i < e->len; i++)
		n += e->data[i] == '\0';
	*list = e->data;
	*len = e->len;
	return n;
}

const char *conf_source_env(struct conf_lex *lx, const char *name)
{
	const struct conf_snap_entry *e = conf_snap_find(lx->snap, CONF_SNAP_ENV, name);

	if (!e && lx->replay)
		return NULL;
	if (!e) {
		const char *v = getenv(name);

		e = conf_snap_add(lx->snap, CONF_SNAP_ENV, name, v ? 0 : ENOENT, 0, 0,
		                  v ? v : "", v ? strlen(v) : 0);
		if (!e)
			return v;
	}
	return e->err ? NULL : e->data;
}

/* One seed per load, recorded as META "random_seed": the checker child,
 * replaying the snapshot, draws the same ${_RANDOM} values in the same
 * order.  A replayed snapshot without one (no ${_RANDOM} when recorded)
 * cannot ask for it, since the lexer reads the same text. */
uint64_t conf_source_random_seed(struct conf_lex *lx)
{
	const char *v = conf_snap_meta(lx->snap, "random_seed");
	uint64_t seed = 0;
	char buf[24];

	if (v != NULL)
		return strtoull(v, NULL, 16);
	if (lx->replay)
		return 0;
	if (getrandom(&seed, sizeof(seed), GRND_NONBLOCK) != sizeof(seed))
		seed = (uint64_t)time(NULL) * 0x9e3779b97f4a7c15ull;
	snprintf(buf, sizeof(buf), "%llx", (unsigned long long)seed);
	conf_snap_add(lx->snap, CONF_SNAP_META, "random_seed", 0, 0, 0, buf, strlen(buf));
	return seed;
}
