/* Where a helper executable of ours is: the test override in an
 * environment variable, else beside our own executable (the build tree,
 * or the installed sibling), else the installed directory. */
#ifndef FLOATD_EXEC_PATH_H
#define FLOATD_EXEC_PATH_H

/* A malloc'd path (NULL: out of memory).  $ENV_VAR when set and not empty;
 * else NAME in /proc/self/exe's directory when executable there; else
 * INSTALLED_DIR/NAME, unchecked (the caller's exec reports a missing one). */
char *exec_path_helper(const char *env_var, const char *name, const char *installed_dir);

#endif
