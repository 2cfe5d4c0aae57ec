/* The control socket's default paths (see path.h). */
#include <stdio.h>
#include <string.h>

#include "ctl/path.h"

int
ctl_path_for_id(const char *id, char *out, size_t len)
{
	int n;

	if (strchr(id, '/') != NULL)
		return -1;
	n = snprintf(out, len, "/run/floatd/floatd-%s.sock", id);
	return n < 0 || (size_t)n >= len ? -1 : 0;
}
