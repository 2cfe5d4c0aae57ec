/* Accept-mode blocking (see strict.h).  The nft handle is shared by every
 * instance of the process, hence the file-level reference count. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "nft.h"
#include "strict.h"

struct vrrp_strict {
	const char *name;
	struct in_addr *v4;
	struct in6_addr *v6;
	unsigned n4, n6;
	bool blocked;
	bool kept;          /* restart in place: stays blocked */
};

static struct nft *strict_nft;
static unsigned strict_users;
static bool strict_table_kept;   /* restart in place: the last put keeps it */

bool
vrrp_strict_needed(const struct vrrp_instance_conf *c)
{
	/* RFC 5798 §6.4.3: the owner always accepts; keepalived likewise */
	return !c->accept && c->priority != 255;
}

static int
strict_table_get(void)
{
	int rc;

	if (strict_users++ > 0)
		return 0;
	strict_nft = nft_open(VRRP_STRICT_TABLE);
	if (strict_nft == NULL) {
		log_warn("nftables: cannot open a netfilter socket");
		strict_users = 0;
		return -1;
	}
	rc = nft_table_setup(strict_nft);
	if (rc < 0) {
		errno = -rc;
		log_warn("nftables: cannot create table inet %s", VRRP_STRICT_TABLE);
		nft_close(strict_nft);
		strict_nft = NULL;
		strict_users = 0;
		return -1;
	}
	log_info("nftables: table inet %s created (no_accept / strict mode)", VRRP_STRICT_TABLE);
	return 0;
}

static void
strict_table_put(void)
{
	int rc;

	if (strict_users == 0 || --strict_users > 0)
		return;
	rc = strict_table_kept ? 0 : nft_table_delete(strict_nft);
	if (rc < 0) {
		errno = -rc;
		log_warn("nftables: cannot delete table inet %s", VRRP_STRICT_TABLE);
	}
	nft_close(strict_nft);
	strict_nft = NULL;
}

struct vrrp_strict *
vrrp_strict_new(const struct vrrp_instance_conf *c, bool *failed)
{
	struct vrrp_strict *s;
	unsigned total = c->n_vips + c->n_vips_excluded;

	*failed = false;
	if (!vrrp_strict_needed(c))
		return NULL;
	s = calloc(1, sizeof(*s));
	if (s == NULL || (s->v4 = calloc(total + 1, sizeof(*s->v4))) == NULL ||
	    (s->v6 = calloc(total + 1, sizeof(*s->v6))) == NULL)
		goto fail;
	s->name = c->name;
	/* "VIPs and eVIPs" (keepalived): both lists are blocked */
	for (unsigned i = 0; i < total; i++) {
		const struct vip_conf *v = i < c->n_vips ? &c->vips[i] : &c->vips_excluded[i - c->n_vips];

		if (v->family == AF_INET)
			s->v4[s->n4++] = v->addr.v4;
		else
			s->v6[s->n6++] = v->addr.v6;
	}
	if (strict_table_get() < 0)
		goto fail;
	return s;
fail:
	if (s != NULL) {
		free(s->v4);
		free(s->v6);
		free(s);
	}
	*failed = true;
	return NULL;
}

int
vrrp_strict_block(struct vrrp_strict *s, bool on)
{
	int rc;

	if (s == NULL || s->blocked == on)
		return 0;
	/* one transaction: both sets change together or not at all */
	rc = nft_addrs46(strict_nft, on, s->v4, s->n4, s->v6, s->n6);
	if (rc < 0) {
		errno = -rc;
		log_warn("(%s) nftables: cannot %s the VIPs in the block sets", s->name,
		         on ? "add" : "remove");
		if (on)
			return -1;
	}
	s->blocked = on;
	return 0;
}

/* restart in place: the next floatd replaces the table when it starts;
 * until then the VIPs stay blocked as they are */
void
vrrp_strict_keep(struct vrrp_strict *s)
{
	if (s == NULL)
		return;
	s->kept = true;
	strict_table_kept = true;
}

void
vrrp_strict_free(struct vrrp_strict *s)
{
	if (s == NULL)
		return;
	if (!s->kept)
		vrrp_strict_block(s, false);
	strict_table_put();
	free(s->v4);
	free(s->v6);
	free(s);
}

void
vrrp_strict_rebind(struct vrrp_strict *s, const struct vrrp_instance_conf *c)
{
	if (s != NULL)
		s->name = c->name;
}
