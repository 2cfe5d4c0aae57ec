/* Pure parts of a track_file (see track_file_value.h). */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vrrp/track/track_file_value.h"

int track_file_value_parse(const char *buf, size_t len, long *value)
{
	char tmp[128];
	long long v;

	if (len >= sizeof(tmp))
		len = sizeof(tmp) - 1;   /* keepalived reads 127 bytes */
	memcpy(tmp, buf, len);
	tmp[len] = '\0';
	errno = 0;
	v = strtoll(tmp, NULL, 0);
	if (errno || v < INT32_MIN || v > INT32_MAX)
		return -1;
	*value = (long)v;
	return 0;
}

int track_file_value_split(const char *path, char **dir, const char **base)
{
	const char *slash = strrchr(path, '/');
	size_t n;

	if (!slash || !slash[1])
		return -1;
	n = slash == path ? 1 : (size_t)(slash - path);
	if (!(*dir = malloc(n + 1)))
		return -1;
	memcpy(*dir, path, n);
	(*dir)[n] = '\0';
	*base = slash + 1;
	return 0;
}
