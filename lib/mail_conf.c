/* Email-alert settings: configured at all, and unchanged (see mail_conf.h). */
#include "config.h"

#include <string.h>

#include "mail_conf.h"

bool
mail_conf_enabled(const struct mail_conf *mc)
{
	return mc->n_to > 0 && mc->server != NULL;
}

static bool
mail_str_same(const char *a, const char *b)
{
	return a == b || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

bool
mail_conf_same(const struct mail_conf *x, const struct mail_conf *y)
{
	if (x->n_to != y->n_to || !mail_str_same(x->from, y->from) ||
	    !mail_str_same(x->server, y->server) || x->port != y->port ||
	    !mail_str_same(x->helo_name, y->helo_name) ||
	    x->connect_timeout_s != y->connect_timeout_s ||
	    x->no_email_faults != y->no_email_faults)
		return false;
	for (unsigned i = 0; i < x->n_to; i++)
		if (strcmp(x->to[i], y->to[i]) != 0)
			return false;
	return true;
}
