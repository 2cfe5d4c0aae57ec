/* enable_script_security path and command-line checks (see script_secure.h).
 * The check and the exec must see the same file: the caller execs the
 * resolved path this returns, and every directory on the way to it is
 * writable by root only, so nobody else can swap it in between. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "argv.h"
#include "script_secure.h"

/* The kernel follows at most 4 nested #! interpreters (binfmt_script). */
#define SECURE_SHEBANG_DEPTH 4

static int secure_fail(char *why, size_t whylen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int
secure_fail(char *why, size_t whylen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, whylen, fmt, ap);
	va_end(ap);
	return -1;
}

/* One component, already lstat'ed.  `last`: the file itself. */
static int
secure_component(const char *path, const struct stat *st, bool last, uid_t owner, char *why,
                 size_t whylen)
{
	bool writable = (st->st_mode & S_IWOTH) || ((st->st_mode & S_IWGRP) && st->st_gid != 0);

	if (st->st_uid != 0 && st->st_uid != owner) {
		return secure_fail(why, whylen, "%s is owned by uid %lu, not root", path,
		                   (unsigned long)st->st_uid);
	}
	if (S_ISLNK(st->st_mode))
		return 0;   /* its own mode means nothing; the target is walked too */
	if (!last && !S_ISDIR(st->st_mode))
		return secure_fail(why, whylen, "%s is not a directory", path);
	if (last && !S_ISREG(st->st_mode))
		return secure_fail(why, whylen, "%s is not a regular file", path);
	/* a sticky directory (/tmp) lets nobody but the owner rename or
	 * remove a root-owned entry, so it may be world-writable (keepalived) */
	if (writable && !(S_ISDIR(st->st_mode) && (st->st_mode & S_ISVTX)))
		return secure_fail(why, whylen, "%s is writable by %s", path,
		                   (st->st_mode & S_IWOTH) ? "others" : "a non-root group");
	return 0;
}

/* lstat "/", "/a", "/a/b", ... of an absolute path.  `nolinks`: the
 * resolved path, in which a symlink means it changed under us. */
static int
secure_walk(const char *path, uid_t owner, bool nolinks, char *why, size_t whylen)
{
	char buf[PATH_MAX];
	struct stat st;
	size_t len = strlen(path), i = 0;

	if (path[0] != '/')
		return secure_fail(why, whylen, "%s is not an absolute path", path);
	if (len >= sizeof(buf))
		return secure_fail(why, whylen, "%s: path too long", path);
	for (;;) {
		bool last;

		/* the prefix ends before the next '/' (or is "/" itself) */
		while (path[i] == '/')
			i++;
		while (path[i] != '\0' && path[i] != '/')
			i++;
		memcpy(buf, path, i);
		buf[i] = '\0';
		if (i == 0 || buf[0] == '\0')
			strcpy(buf, "/");
		last = path[i + strspn(path + i, "/")] == '\0';
		if (lstat(buf, &st) == -1)
			return secure_fail(why, whylen, "%s: %s", buf, strerror(errno));
		if (nolinks && S_ISLNK(st.st_mode))
			return secure_fail(why, whylen, "%s changed while being checked", buf);
		if (secure_component(buf, &st, last, owner, why, whylen) == -1)
			return -1;
		if (last)
			return 0;
	}
}

/* The root directory itself, which the walks above reach as a prefix only
 * when the path is "/": check it explicitly. */
static int
secure_root(uid_t owner, char *why, size_t whylen)
{
	struct stat st;

	if (lstat("/", &st) == -1)
		return secure_fail(why, whylen, "/: %s", strerror(errno));
	return secure_component("/", &st, false, owner, why, whylen);
}

int
script_secure_path(const char *path, uid_t owner, char **resolved, char *why, size_t whylen)
{
	char *real;

	if (resolved != NULL)
		*resolved = NULL;
	if (path == NULL || path[0] != '/')
		return secure_fail(why, whylen, "%s is not an absolute path",
		                   path != NULL ? path : "(none)");
	if (secure_root(owner, why, whylen) == -1 || secure_walk(path, owner, false, why, whylen) == -1)
		return -1;
	if ((real = realpath(path, NULL)) == NULL)
		return secure_fail(why, whylen, "%s: %s", path, strerror(errno));
	/* a symlink anywhere on the way: its target's directories count too */
	if (strcmp(real, path) != 0 && secure_walk(real, owner, true, why, whylen) == -1) {
		free(real);
		return -1;
	}
	if (resolved != NULL)
		*resolved = real;
	else
		free(real);
	return 0;
}

/* The #! line of a (checked, regular) file: its interpreter path in out,
 * "" when the file is not a script.  -1 when it cannot be read. */
static int
secure_shebang(const char *file, char *out, size_t outlen, char *why, size_t whylen)
{
	char buf[256];
	ssize_t n;
	size_t k;
	char *p;
	int fd = open(file, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);

	out[0] = '\0';
	if (fd == -1)
		return secure_fail(why, whylen, "%s: %s", file, strerror(errno));
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n < 2 || buf[0] != '#' || buf[1] != '!')
		return 0;
	buf[n] = '\0';
	p = buf + 2;
	p += strspn(p, " \t");
	k = strcspn(p, " \t\n");
	if (k == 0 || k >= outlen)
		return 0;   /* the kernel refuses it too: exec fails, logged then */
	memcpy(out, p, k);
	out[k] = '\0';
	return 0;
}

/* argv[0]-like: the file and, if it is a script, its interpreters. */
static int
secure_program(const char *path, uid_t owner, char **resolved, char *why, size_t whylen)
{
	char interp[PATH_MAX], *file = NULL, *next = NULL;
	int depth;

	if (script_secure_path(path, owner, &file, why, whylen) == -1)
		return -1;
	for (depth = 0;; depth++) {
		const char *cur = next != NULL ? next : file;

		if (secure_shebang(cur, interp, sizeof(interp), why, whylen) == -1)
			goto fail;
		if (interp[0] == '\0')
			break;
		if (depth == SECURE_SHEBANG_DEPTH) {
			secure_fail(why, whylen, "%s: too many nested #! interpreters", path);
			goto fail;
		}
		if (interp[0] != '/') {
			/* resolved against the daemon's working directory */
			secure_fail(why, whylen, "%s: relative #! interpreter %s", cur, interp);
			goto fail;
		}
		free(next);
		next = NULL;
		if (script_secure_path(interp, owner, &next, why, whylen) == -1) {
			char inner[PATH_MAX + 64];

			snprintf(inner, sizeof(inner), "%s", why);
			secure_fail(why, whylen, "#! interpreter: %s", inner);
			goto fail;
		}
	}
	free(next);
	if (resolved != NULL)
		*resolved = file;
	else
		free(file);
	return 0;
fail:
	free(next);
	free(file);
	return -1;
}

enum secure_interp { INTERP_NONE, INTERP_SHELL, INTERP_PYTHON, INTERP_PERL };

static enum secure_interp
secure_interp_kind(const char *prog)
{
	static const char *const shells[] = { "sh", "bash", "dash", "ash", "ksh", "mksh",
	                                      "pdksh", "zsh", "posh", "yash", NULL };
	const char *base = strrchr(prog, '/');
	int i;

	base = base != NULL ? base + 1 : prog;
	for (i = 0; shells[i] != NULL; i++)
		if (strcmp(base, shells[i]) == 0)
			return INTERP_SHELL;
	if (strncmp(base, "python", 6) == 0)
		return INTERP_PYTHON;
	if (strncmp(base, "perl", 4) == 0 || strncmp(base, "ruby", 4) == 0)
		return INTERP_PERL;
	return INTERP_NONE;
}

/* Does option `opt` of this interpreter take the next word as its value? */
static bool
secure_opt_has_arg(enum secure_interp kind, const char *opt)
{
	if (kind == INTERP_SHELL)
		return strcmp(opt, "-o") == 0 || strcmp(opt, "+o") == 0 ||
		       strcmp(opt, "-O") == 0 || strcmp(opt, "+O") == 0 ||
		       strcmp(opt, "--rcfile") == 0 || strcmp(opt, "--init-file") == 0;
	if (kind == INTERP_PYTHON)
		return strcmp(opt, "-W") == 0 || strcmp(opt, "-X") == 0;
	return strcmp(opt, "-I") == 0 || strcmp(opt, "-r") == 0;
}

/* Inline code rather than a file: sh -c (also -ec ...), python -c / -m,
 * perl/ruby -e / -E, the letter last in a bundle of flags. */
static bool
secure_opt_inline(enum secure_interp kind, const char *opt)
{
	char last;

	if (opt[0] != '-' || opt[1] == '-' || opt[1] == '\0')
		return false;
	last = opt[strlen(opt) - 1];
	if (kind == INTERP_SHELL)
		return strchr(opt + 1, 'c') != NULL;
	if (kind == INTERP_PYTHON)
		return opt[1] != 'W' && opt[1] != 'X' && (last == 'c' || last == 'm');
	return opt[1] != 'M' && opt[1] != 'm' && opt[1] != 'I' && (last == 'e' || last == 'E');
}

/* The program a shell command string starts: its first word after `exec`,
 * `command` and VAR=value assignments, cut at the first operator, when it
 * is a path.  Anything cleverer ($VAR, `...`, a later command of a list)
 * is the shell's to parse and stays unchecked (documented). */
static int
secure_shell_command(const char *cmd, uid_t owner, char *why, size_t whylen)
{
	const char *err = NULL;
	char **words = NULL, *w;
	int rc = 0, k = 0;

	if (argv_split(cmd, &words, &err) == -1)
		return 0;   /* not our syntax to judge: the shell parses it */
	while (words[k] != NULL &&
	       (strcmp(words[k], "exec") == 0 || strcmp(words[k], "command") == 0 ||
	        (strchr(words[k], '=') != NULL && words[k][0] != '/')))
		k++;
	w = words[k];
	if (w != NULL && w[0] == '/') {
		w[strcspn(w, ";&|<>()")] = '\0';
		rc = secure_program(w, owner, NULL, why, whylen);
	}
	argv_free(words);
	return rc;
}

int
script_secure_argv(char *const argv[], uid_t owner, char **resolved, char *why, size_t whylen)
{
	enum secure_interp kind;
	char *file = NULL;
	int i;

	if (resolved != NULL)
		*resolved = NULL;
	if (argv == NULL || argv[0] == NULL)
		return secure_fail(why, whylen, "empty command");
	if (secure_program(argv[0], owner, &file, why, whylen) == -1)
		return -1;
	kind = secure_interp_kind(file);
	if (kind == INTERP_NONE)
		kind = secure_interp_kind(argv[0]);   /* /bin/sh -> dash: either name */
	for (i = 1; kind != INTERP_NONE && argv[i] != NULL; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--") == 0 || strcmp(a, "-") == 0) {
			if (a[1] == '-' && argv[i + 1] != NULL &&
			    script_secure_path(argv[i + 1], owner, NULL, why, whylen) == -1)
				goto fail;
			break;
		}
		if (secure_opt_inline(kind, a)) {
			if (kind == INTERP_SHELL && argv[i + 1] != NULL &&
			    secure_shell_command(argv[i + 1], owner, why, whylen) == -1)
				goto fail;
			break;   /* the rest are the inline code's arguments */
		}
		if (a[0] == '-' || (kind == INTERP_SHELL && a[0] == '+')) {
			if (secure_opt_has_arg(kind, a))
				i++;
			if (argv[i] == NULL)
				break;
			continue;
		}
		/* the first operand: the script file the interpreter reads */
		if (script_secure_path(a, owner, NULL, why, whylen) == -1)
			goto fail;
		break;
	}
	if (resolved != NULL)
		*resolved = file;
	else
		free(file);
	return 0;
fail:
	{
		char inner[PATH_MAX + 64];

		snprintf(inner, sizeof(inner), "%s", why);
		snprintf(why, whylen, "%s runs %s", argv[0], inner);
	}
	free(file);
	return -1;
}

bool
script_secure_needed(const char *resolved, uid_t uid, gid_t gid)
{
	struct stat st;

	if (uid == 0 || gid == 0)
		return true;
	if (resolved == NULL || stat(resolved, &st) == -1)
		return false;
	return (st.st_uid == 0 && (st.st_mode & S_ISUID) && (st.st_mode & S_IXUSR)) ||
	       (st.st_gid == 0 && (st.st_mode & S_ISGID) && (st.st_mode & S_IXGRP));
}
