/* SMTP_CHECK's conversation (see smtp_proto.h).  keepalived reads one line
 * per step and looks only at its first three digits; floatd reads whole
 * replies (RFC 5321 §4.2.1: "NNN-" lines continue, "NNN " or a bare "NNN"
 * ends), so a multi-line greeting counts by its code where keepalived
 * would see "220-" as a bad banner.  Pure. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "check/smtp_proto.h"

void check_smtp_proto_init(struct check_smtp_proto *s, const char *helo_name)
{
	memset(s, 0, sizeof(*s));
	s->step = CHECK_SMTP_WAIT_BANNER;
	s->multi_code = -1;
	s->code = -1;
	snprintf(s->helo, sizeof(s->helo), "%s", helo_name);
}

const char *check_smtp_step_name(enum check_smtp_step st)
{
	switch (st) {
	case CHECK_SMTP_WAIT_BANNER: return "the greeting";
	case CHECK_SMTP_WAIT_HELO: return "the HELO reply";
	case CHECK_SMTP_WAIT_QUIT: return "the QUIT reply";
	case CHECK_SMTP_DONE: return "nothing";
	}
	return "?";
}

static enum check_smtp_action smtp_down(struct check_smtp_proto *s, enum check_smtp_fail f,
                                        int code)
{
	s->fail = f;
	s->code = code;
	s->fail_step = s->step;
	s->step = CHECK_SMTP_DONE;
	return CHECK_SMTP_ACT_DOWN;
}

static enum check_smtp_action smtp_send(struct check_smtp_proto *s, enum check_smtp_step next,
                                        const char *cmd, const char *arg)
{
	int n = snprintf(s->out, sizeof(s->out), "%s%s%s\r\n", cmd, arg ? " " : "",
	                 arg ? arg : "");

	s->out_len = n > 0 && (size_t)n < sizeof(s->out) ? (size_t)n : 0;
	s->step = next;
	return CHECK_SMTP_ACT_SEND;
}

/* One complete line (no CR/LF) in s->line.  -1: not a reply line; else
 * the code, with *last = the reply ends here. */
static int smtp_line_code(const struct check_smtp_proto *s, bool *last)
{
	const char *l = s->line;

	if (s->line_len < 3 || l[0] < '0' || l[0] > '9' || l[1] < '0' || l[1] > '9' ||
	    l[2] < '0' || l[2] > '9')
		return -1;
	if (s->line_len == 3 || l[3] == ' ')
		*last = true;
	else if (l[3] == '-')
		*last = false;
	else
		return -1;
	return (l[0] - '0') * 100 + (l[1] - '0') * 10 + (l[2] - '0');
}

/* A whole line has arrived: what it means in the current step. */
static enum check_smtp_action smtp_line(struct check_smtp_proto *s)
{
	bool last = false;
	int code = smtp_line_code(s, &last);

	if (s->step == CHECK_SMTP_WAIT_QUIT)
		return s->step = CHECK_SMTP_DONE, CHECK_SMTP_ACT_UP;  /* keepalived: any line */
	if (code < 0 || (s->multi_code >= 0 && code != s->multi_code))
		return smtp_down(s, CHECK_SMTP_FAIL_SYNTAX, -1);
	if (!last) {
		s->multi_code = code;
		return CHECK_SMTP_ACT_WAIT;
	}
	s->multi_code = -1;
	if (s->step == CHECK_SMTP_WAIT_BANNER)
		return code == 220 ? smtp_send(s, CHECK_SMTP_WAIT_HELO, "HELO", s->helo)
		                   : smtp_down(s, CHECK_SMTP_FAIL_BANNER, code);
	return code == 250 ? smtp_send(s, CHECK_SMTP_WAIT_QUIT, "QUIT", NULL)
	                   : smtp_down(s, CHECK_SMTP_FAIL_HELO, code);
}

enum check_smtp_action check_smtp_proto_feed(struct check_smtp_proto *s, const char *data,
                                             size_t n)
{
	/* bytes kept from the last call are in line[]: a reply split over
	 * reads and bytes after a complete reply continue from there */
	static const char nothing[1];
	size_t i = 0;

	if (s->step == CHECK_SMTP_DONE)
		return s->fail == CHECK_SMTP_FAIL_NONE ? CHECK_SMTP_ACT_UP : CHECK_SMTP_ACT_DOWN;
	if (data == NULL)
		data = nothing, n = 0;
	for (;;) {
		char *nl = memchr(s->line, '\n', s->line_len);
		enum check_smtp_action a;
		size_t used, rest;

		if (nl == NULL) {
			/* take more input; a line over the limit keeps its start */
			while (i < n && s->line_len < sizeof(s->line)) {
				s->line[s->line_len++] = data[i++];
				if (data[i - 1] == '\n')
					break;
			}
			nl = memchr(s->line, '\n', s->line_len);
			if (nl == NULL && s->line_len == sizeof(s->line)) {
				/* overlong: drop bytes up to the newline, keep the code */
				while (i < n && data[i] != '\n')
					i++;
				if (i == n)
					return CHECK_SMTP_ACT_WAIT;
				s->line[s->line_len - 1] = data[i++];
				nl = &s->line[s->line_len - 1];
			}
			if (nl == NULL)
				return CHECK_SMTP_ACT_WAIT;
		}
		used = (size_t)(nl - s->line) + 1;
		*nl = '\0';
		if (nl > s->line && nl[-1] == '\r')
			nl[-1] = '\0';
		rest = s->line_len - used;
		s->line_len = strlen(s->line);
		a = smtp_line(s);
		memmove(s->line, s->line + used, rest);
		s->line_len = rest;
		if (a != CHECK_SMTP_ACT_WAIT) {
			/* unread input: kept while it fits, the rest is dropped (a
			 * server does not speak before our command arrives) */
			size_t keep = n - i;

			if (keep > sizeof(s->line) - s->line_len)
				keep = sizeof(s->line) - s->line_len;
			memcpy(s->line + s->line_len, data + i, keep);
			s->line_len += keep;
			return a;
		}
	}
}

enum check_smtp_action check_smtp_proto_eof(struct check_smtp_proto *s)
{
	if (s->step == CHECK_SMTP_DONE)
		return s->fail == CHECK_SMTP_FAIL_NONE ? CHECK_SMTP_ACT_UP : CHECK_SMTP_ACT_DOWN;
	return smtp_down(s, CHECK_SMTP_FAIL_EOF, -1);
}

void check_smtp_proto_describe(const struct check_smtp_proto *s, char *buf, size_t size)
{
	switch (s->fail) {
	case CHECK_SMTP_FAIL_NONE:
		snprintf(buf, size, "ok");
		break;
	case CHECK_SMTP_FAIL_BANNER:
		snprintf(buf, size, "greeting %d (want 220)", s->code);
		break;
	case CHECK_SMTP_FAIL_HELO:
		snprintf(buf, size, "HELO reply %d (want 250)", s->code);
		break;
	case CHECK_SMTP_FAIL_SYNTAX:
		snprintf(buf, size, "reply line without a code while waiting for %s",
		         check_smtp_step_name(s->fail_step));
		break;
	case CHECK_SMTP_FAIL_EOF:
		snprintf(buf, size, "connection closed while waiting for %s",
		         check_smtp_step_name(s->fail_step));
		break;
	}
}
