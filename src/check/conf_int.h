/* Helpers shared by src/check/conf.c and conf_validate.c only. */
#ifndef FLOATD_CHECK_CONF_INT_H
#define FLOATD_CHECK_CONF_INT_H

#include "check/conf.h"

/* inet_pton for either family into a->family/addr (port untouched); 0/-1 */
int check_conf_addr(const char *s, struct check_sockaddr *a);
void check_conf_script_clear(struct script_conf *);

#endif
