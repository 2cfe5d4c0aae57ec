/* Virtual-server quorum and what each destination's weight should be, as
 * keepalived runs them (keepalived.conf(5): quorum, hysteresis,
 * sorry_server, sorry_server_inhibit, inhibit_on_failure).  Pure: the
 * checker child feeds the live weight and runs the scripts and IPVS. */
#ifndef FLOATD_CHECK_QUORUM_H
#define FLOATD_CHECK_QUORUM_H

#include <stdbool.h>
#include <stdint.h>

enum check_quorum_change { CHECK_QUORUM_SAME, CHECK_QUORUM_LOST, CHECK_QUORUM_GAINED };
const char *check_quorum_change_name(enum check_quorum_change);

/* `live` is the sum of the weights of the real servers that are up.  The
 * quorum is lost when live is 0 or live < quorum - hysteresis, and gained
 * again when live > 0 and live >= quorum + hysteresis; in between the
 * state holds (hysteresis is a flap dampener).  Updates *up. */
enum check_quorum_change check_quorum_eval(bool *up, uint64_t live, uint32_t quorum,
                                           uint32_t hysteresis);

/* Weight to program for a real server, or -1 to leave it out of IPVS:
 *  - down: 0 with inhibit_on_failure, else out;
 *  - up while the quorum is lost and a sorry server is configured: the
 *    sorry server takes the traffic, so out (0 with inhibit_on_failure);
 *  - else its weight. */
int check_quorum_rs_weight(bool rs_up, int weight, bool inhibit, bool quorum_up,
                           bool has_sorry);
/* Weight of the sorry server: 1 while the quorum is lost; once it is back,
 * 0 with sorry_server_inhibit (kept, drained), else out (-1). */
int check_quorum_sorry_weight(bool quorum_up, bool sorry_inhibit);

#endif
