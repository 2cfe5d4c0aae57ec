/* enable_script_security: may a script run with root's privileges from
 * where it lives?  keepalived's rule (check_script_secure): every component
 * of the configured path and of the file it resolves to is owned by root
 * and, unless it is a sticky directory, not writable by a non-root group or
 * by others.  floatd adds: the resolved file is what runs (proc_opts.path),
 * the #! interpreter of a script is checked the same way, and so is the
 * program a shell or interpreter on the command line is told to run.
 * Reads the file system (lstat, realpath, the first line of a script);
 * never logs: the reason goes back in `why`. */
#ifndef FLOATD_SCRIPT_SECURE_H
#define FLOATD_SCRIPT_SECURE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* `path` (absolute) and every directory above it, as configured (lstat:
 * a symlink is not followed but must itself be owned by root) and as
 * resolved: owned by root or by `owner` (pass 0 in the daemon; the unit
 * tests pass their own uid), not writable by a non-root group or others
 * unless a sticky directory; the last one a regular file.  0 with the
 * resolved path in *resolved (malloc'd; NULL may be passed), or -1 with
 * the reason in why. */
int script_secure_path(const char *path, uid_t owner, char **resolved, char *why,
                       size_t whylen);

/* A whole command line: argv[0] as script_secure_path plus its #!
 * interpreter (and that one's, up to 4 levels, as the kernel); when
 * argv[0] is a shell (sh, bash, dash, ...) or a script interpreter
 * (python, perl, ruby) the script file it is given, and for `sh -c CMD`
 * the first word of CMD when it is a path.  Programs looked up through
 * PATH at run time (a bare command word, env) cannot be checked.  0 with
 * argv[0]'s resolved file in *resolved, or -1 with why. */
int script_secure_argv(char *const argv[], uid_t owner, char **resolved, char *why,
                       size_t whylen);

/* keepalived: the checks apply when the script runs as uid 0 or gid 0, or
 * the file is setuid/setgid root. */
bool script_secure_needed(const char *resolved, uid_t uid, gid_t gid);

#endif
