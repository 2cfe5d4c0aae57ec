/* The maintenance flag file (see maintenance.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic_file.h"
#include "ctl/maintenance.h"

int
ctl_maintenance_path(const char *state_dir, const char *config_id, char *out, size_t len)
{
	int n;

	if (config_id != NULL && strchr(config_id, '/') != NULL)
		return -1;
	n = config_id != NULL ? snprintf(out, len, "%s/maintenance-%s", state_dir, config_id)
	                      : snprintf(out, len, "%s/maintenance", state_dir);
	return n < 0 || (size_t)n >= len ? -1 : 0;
}

bool
ctl_maintenance_is_on(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static int
fill(FILE *f, void *arg)
{
	(void)arg;
	/* the content is for a person who finds the file */
	return fputs("floatd maintenance mode: every VRRP instance released "
	             "(floatctl maintenance off ends it)\n", f) < 0 ? -1 : 0;
}

int
ctl_maintenance_set(const char *path, bool on)
{
	char *dir, *slash;

	if (!on)
		return unlink(path) == 0 || errno == ENOENT ? 0 : -errno;
	dir = strdup(path);
	if (dir == NULL)
		return -ENOMEM;
	slash = strrchr(dir, '/');
	if (slash != NULL && slash != dir) {
		*slash = '\0';
		if (mkdir(dir, 0755) < 0 && errno != EEXIST) {
			int e = -errno;

			free(dir);
			return e;
		}
	}
	free(dir);
	return atomic_file_write(path, 0644, fill, NULL);
}
