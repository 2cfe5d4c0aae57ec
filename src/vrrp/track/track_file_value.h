/* The pure parts of a track_file, shared by the VRRP trackers
 * (vrrp/track/track_file.c) and the checker's FILE_CHECK (check/file_check.c):
 * the number a file holds, and the directory that is watched for it.
 * No I/O, no logging. */
#ifndef FLOATD_VRRP_TRACK_FILE_VALUE_H
#define FLOATD_VRRP_TRACK_FILE_VALUE_H

#include <stddef.h>

/* keepalived's process_track_file: the leading integer of the first
 * bytes (strtol base 0: "12", "-3", "0x1f", "017"), 0 for an empty file or
 * no digits.  -1 when the number is out of the 32-bit range (keepalived
 * logs "Invalid number" and keeps the previous value). */
int track_file_value_parse(const char *buf, size_t len, long *value);

/* "/a/b/f" -> dir "/a/b" (malloc'd), base "f" (inside path); "/f" -> "/".
 * -1 when path has no '/' or ends with one, or out of memory. */
int track_file_value_split(const char *path, char **dir, const char **base);

/* Not pure, in vrrp/track/track_file.c: the value of the file at `path` read
 * now (non-blocking open, 127 bytes): 0 and *value (0 when the file is
 * missing, unreadable or empty), or -1 for a number out of range. */
int vrrp_track_file_read(const char *path, long *value);

#endif
