/* Helper executables' paths (see exec_path.h). */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "exec_path.h"

char *
exec_path_helper(const char *env_var, const char *name, const char *installed_dir)
{
	const char *env = getenv(env_var);
	char self[PATH_MAX], *slash, *path = NULL;
	ssize_t n;

	if (env != NULL && env[0] != '\0')
		return strdup(env);
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n > 0) {
		self[n] = '\0';
		slash = strrchr(self, '/');
		if (slash != NULL) {
			slash[1] = '\0';
			if (asprintf(&path, "%s%s", self, name) < 0)
				path = NULL;
			else if (access(path, X_OK) == 0)
				return path;
			free(path);
		}
	}
	if (asprintf(&path, "%s/%s", installed_dir, name) < 0)
		return NULL;
	return path;
}
