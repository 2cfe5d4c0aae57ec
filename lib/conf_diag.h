/* Where a configuration item came from and how a load reports problems:
 * the source position every parsed struct keeps for messages after
 * parsing, and the severity-tagged "file:line: text" sink a load writes
 * to.  Types only; the generic parser (conf_parse.h) and every
 * configuration reader above it use them. */
#ifndef FLOATD_LIB_CONF_DIAG_H
#define FLOATD_LIB_CONF_DIAG_H

/* Where a config item came from, for messages after parsing. */
struct conf_origin {
	const char *file;   /* interned; owned by the loaded configuration */
	int line;
};

/* Severity-tagged messages from a load; each is "file:line: text". */
enum conf_severity { CONF_WARNING, CONF_ERROR };
struct conf_diag {
	void (*report)(void *arg, enum conf_severity, const char *file, int line,
	               const char *msg);
	void *arg;
	unsigned errors, warnings;
};

#endif
