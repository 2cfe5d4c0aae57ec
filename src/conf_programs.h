/* Programs named without a '/' in notify, vrrp_script, MISC_CHECK, quorum
 * and real-server scripts: looked up in PATH after the configuration is
 * read, as keepalived does at start-up.  Reads the file system (stat);
 * reports through the parser (file:line warnings), never logs. */
#ifndef FLOATD_CONF_PROGRAMS_H
#define FLOATD_CONF_PROGRAMS_H

struct conf_parse;
struct floatd_conf;

/* `name` (no '/') in the ':'-separated `path_list` (NULL: the C library's
 * default, confstr(_CS_PATH)); only absolute entries are searched.  0 and
 * the full path in *found (malloc'd), -ENOENT (nowhere), -EACCES (found
 * but not an executable regular file), -EINVAL (name has a '/'), -ENOMEM. */
int conf_program_search(const char *name, const char *path_list, char **found);

/* Every script of `c`, with PATH from the environment: found -> argv[0] is
 * the full path (a warning recommends writing it); not found -> that
 * script is cleared, that vrrp_script disabled, that MISC_CHECK removed
 * from its real server (a warning each, at the script's line). */
void conf_programs_resolve(struct conf_parse *p, struct floatd_conf *c);

#endif
