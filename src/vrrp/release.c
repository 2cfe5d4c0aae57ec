/* Planned handover (floatctl release / resume): a released instance holds
 * its priority at 1 until resumed; a released MASTER hands over
 * make-before-break first (the FSM's RELEASE row: priority 0 sent, the VIPs
 * kept until the new master is heard). */
#include <string.h>

#include "instance.h"
#include "instance_int.h"
#include "log.h"

static void
release_one(struct vrrp_instance *vi)
{
	struct vrrp_event ev = { .kind = VRRP_EV_RELEASE, .new_priority = 1 };

	vi->released = true;
	log_info("(%s) released by floatctl: priority held at 1%s", vi->c->name,
	         vi->fsm.state == VRRP_STATE_MASTER ? ", handing over" : "");
	if (vi->fsm.state == VRRP_STATE_INIT)
		vi->fsm.priority = 1;   /* STARTUP reads it */
	else
		vrrp_instance_step(vi, &ev);
}

int
vrrp_set_release(struct vrrp_set *set, const char *name, bool release, unsigned *changed,
                 const char **err)
{
	unsigned matched = 0;

	*changed = 0;
	for (struct vrrp_instance *vi = set->instances; vi != NULL; vi = vi->next) {
		if (name != NULL && strcmp(vi->c->name, name) != 0)
			continue;
		matched++;
		if (vi->stopped || vi->released == release)
			continue;
		if (vi->c->priority == 255) {
			/* RFC 5798 §5.2.4: the owner's priority is fixed; a named
			 * owner is an error, --all passes over it */
			if (name != NULL) {
				*err = "an address owner (priority 255) cannot hand over its addresses";
				return -1;
			}
			continue;
		}
		(*changed)++;
		if (release) {
			release_one(vi);
		} else {
			vi->released = false;
			log_info("(%s) resumed by floatctl", vi->c->name);
		}
	}
	if (name != NULL && matched == 0) {
		*err = "no such VRRP instance";
		return -1;
	}
	/* resumed instances get their tracked priority back (and a MASTER left
	 * by a release that found no taker gets its held one) */
	vrrp_health_eval_all(set);
	return 0;
}
