/* Unsubstituted template placeholders in a keepalived.conf line: what a
 * configuration management run left behind when a templating step did not
 * happen ("{{ vip }}", "{% if %}", "<iface>", "__VRID__", "${UNDEFINED}").
 * keepalived would read them as values and fail somewhere later; floatd
 * names them, once per line, and keeps the line's shape so nothing else
 * cascades.  Pure. */
#ifndef FLOATD_CONF_PLACEHOLDER_H
#define FLOATD_CONF_PLACEHOLDER_H

#include <stddef.h>

/* The first placeholder outside double quotes (a quoted script may use
 * "${HOME}" or "<" for its shell), or NULL; *len is its length. */
const char *conf_placeholder_find(const char *line, size_t *len);

/* A copy of `line` with every placeholder outside quotes replaced by the
 * word "placeholder" (so "vrrp_instance {{ name }} {" still opens one
 * block); NULL when out of memory.  free() it. */
char *conf_placeholder_neutralise(const char *line);

#endif
