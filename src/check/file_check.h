/* FILE_CHECK in the checker child: the track_files its FILE_CHECKs name,
 * watched with one inotify descriptor on the child's loop (the
 * directories, so a file replaced by rename or created later is seen),
 * read as keepalived reads them (vrrp/track/track_file_value.h), and their value
 * applied at once to the checkers (check/file_eval.h): up/down, and a
 * weight added to the real server's.  No timers: a FILE_CHECK never
 * "runs". */
#ifndef FLOATD_CHECK_FILE_CHECK_H
#define FLOATD_CHECK_FILE_CHECK_H

struct ev_loop;
struct child;
struct child_ck;
struct check_files;

struct check_files *check_files_new(struct ev_loop *);
void check_files_free(struct check_files *);   /* after every checker stopped */

/* Called while the checker is built (before its state is counted): reads
 * the file, sets ck->st.up and ck->file_delta, and follows the file from
 * now on.  -1 when out of memory. */
int child_file_start(struct child *, struct child_ck *);
void child_file_stop(struct child_ck *);

#endif
