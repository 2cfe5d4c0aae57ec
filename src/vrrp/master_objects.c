/* What an instance holds while MASTER besides its VIPs: accept-mode
 * blocks, the VMAC and virtual routes/rules, set up and taken down around
 * the VIPs in one order (see master_objects.h). */
#include <net/if.h>
#include <stdlib.h>

#include "master_objects.h"
#include "strict.h"
#include "vip.h"
#include "vmac.h"
#include "vroutes.h"

struct vrrp_extras {
	struct vrrp_strict *strict;
	struct vrrp_vmac *vmac;
	struct vrrp_vroutes *routes;
	int base_ifindex;
};

struct vrrp_extras *
vrrp_extras_new(struct netlink *nl, const struct vrrp_instance_conf *c, int base_ifindex)
{
	struct vrrp_extras *x = calloc(1, sizeof(*x));
	bool failed;

	if (x == NULL)
		return NULL;
	x->base_ifindex = base_ifindex;
	x->strict = vrrp_strict_new(c, &failed);
	if (failed)
		goto fail;
	if (c->use_vmac && (x->vmac = vrrp_vmac_new(nl, c, base_ifindex)) == NULL)
		goto fail;
	x->routes = vrrp_vroutes_new(nl, c);
	if ((c->n_vroutes > 0 || c->n_vrules > 0) && x->routes == NULL)
		goto fail;
	return x;
fail:
	vrrp_extras_free(x);
	return NULL;
}

void
vrrp_extras_keep(struct vrrp_extras *x)
{
	if (x == NULL)
		return;
	vrrp_strict_keep(x->strict);
	if (x->vmac != NULL)
		vrrp_vmac_keep(x->vmac);
}

void
vrrp_extras_free(struct vrrp_extras *x)
{
	if (x == NULL)
		return;
	vrrp_vroutes_free(x->routes);
	vrrp_strict_free(x->strict);
	vrrp_vmac_free(x->vmac);
	free(x);
}

void
vrrp_extras_rebind(struct vrrp_extras *x, const struct vrrp_instance_conf *c)
{
	vrrp_strict_rebind(x->strict, c);
	vrrp_vmac_rebind(x->vmac, c);
	vrrp_vroutes_rebind(x->routes, c);
}

int
vrrp_extras_vip_ifindex(const struct vrrp_extras *x, int base_ifindex)
{
	int vmac = x != NULL && x->vmac != NULL ? vrrp_vmac_ifindex(x->vmac) : 0;

	return vmac > 0 ? vmac : base_ifindex;
}

void
vrrp_extras_remove_leftovers(struct vrrp_extras *x, struct vrrp_vips *vips)
{
	int left = x->vmac != NULL ? vrrp_vmac_leftover(x->vmac) : 0;

	/* routes first: one with `src VIP` goes anyway with the VIP */
	vrrp_vroutes_remove_leftovers(x->routes);
	if (x->vmac != NULL)
		vrrp_vmac_restore_leftover_sysctls(x->vmac);
	if (left == 0)
		return;
	/* the VIPs on a crashed run's VMAC, by name in the log, then the VMAC
	 * (which would take them anyway); the VIPs point back at the base,
	 * where they live until the next creation retargets them */
	vrrp_vips_set_ifindex(vips, left);
	vrrp_vips_remove_leftovers(vips);
	vrrp_vmac_remove_leftover(x->vmac);
	vrrp_vips_set_ifindex(vips, x->base_ifindex);
}

void
vrrp_extras_before_vips_add(struct vrrp_extras *x, struct vrrp_vips *vips)
{
	/* The VMAC exists on the MASTER only; its ifindex is new each time.
	 * If it cannot be made the VIPs go on the base interface: serving
	 * without the virtual MAC beats not serving. */
	if (x->vmac != NULL) {
		int ifindex = vrrp_vmac_create(x->vmac);

		vrrp_vips_set_ifindex(vips, ifindex > 0 ? ifindex : x->base_ifindex);
	}
	/* blocked before the VIPs exist: no packet to them is ever accepted */
	vrrp_strict_block(x->strict, true);
}

void
vrrp_extras_after_vips_add(struct vrrp_extras *x)
{
	vrrp_vroutes_add_all(x->routes);
}

void
vrrp_extras_before_vips_del(struct vrrp_extras *x)
{
	vrrp_vroutes_del_all(x->routes);
}

void
vrrp_extras_after_vips_del(struct vrrp_extras *x)
{
	vrrp_strict_block(x->strict, false);
	if (x->vmac != NULL)
		vrrp_vmac_destroy(x->vmac);
}

void
vrrp_extras_set_base(struct vrrp_extras *x, int base_ifindex)
{
	x->base_ifindex = base_ifindex;
	if (x->vmac != NULL)
		vrrp_vmac_set_base(x->vmac, base_ifindex);
}

bool
vrrp_extras_vmac_gone(struct vrrp_extras *x, int ifindex)
{
	return x->vmac != NULL && vrrp_vmac_gone(x->vmac, ifindex);
}

bool
vrrp_extras_vmac_check(struct vrrp_extras *x)
{
	int ifindex = x->vmac != NULL ? vrrp_vmac_ifindex(x->vmac) : 0;
	char name[IF_NAMESIZE];

	return ifindex > 0 && if_indextoname((unsigned)ifindex, name) == NULL &&
	       vrrp_vmac_gone(x->vmac, ifindex);
}

struct vrrp_garp *
vrrp_extras_garp(const struct vrrp_extras *x, struct vrrp_garp *base)
{
	struct vrrp_garp *g = x != NULL && x->vmac != NULL ? vrrp_vmac_garp(x->vmac) : NULL;

	return g != NULL ? g : base;
}

int
vrrp_extras_tx_fd(const struct vrrp_extras *x, int base_fd)
{
	if (x == NULL || x->vmac == NULL || vrrp_vmac_tx_fd(x->vmac) < 0)
		return base_fd;
	return vrrp_vmac_tx_fd(x->vmac);
}

int
vrrp_extras_tx_ifindex(const struct vrrp_extras *x, int base_ifindex)
{
	if (x == NULL || x->vmac == NULL || vrrp_vmac_tx_fd(x->vmac) < 0)
		return base_ifindex;
	return vrrp_vmac_ifindex(x->vmac);
}
