/* IPVS reconciliation: desired services (from the config and the checkers'
 * health) against what the kernel holds -> an ordered list of operations.
 * Pure: no kernel, no files.  Rules:
 *  - a wanted service that is missing is created, then its dests added;
 *  - a wanted service that differs (sched, flags, timeout, netmask, pe) is
 *    edited; its dests are made to match the wanted list exactly (added,
 *    edited, removed): a service the config names is the config's;
 *  - a kernel service that is not wanted is deleted only if floatd created
 *    it earlier (it is in `owned`); anything else is never touched.
 * Ownership persists in /run/floatd/ipvs-owned (IPVS_OWNED_FILE): one
 * service key per line (ipvs_service_key format, e.g. "tcp 10.0.0.1 80",
 * "fwmark 5 inet").  A service is owned once floatd created it; adopting a
 * pre-existing service the config names does not make it owned, so removing
 * it from the config later leaves it in place, as it was found. */
#ifndef FLOATD_CHECK_RECONCILE_H
#define FLOATD_CHECK_RECONCILE_H

#include <stdio.h>

#include "check/ipvs.h"

#define IPVS_OWNED_FILE "/run/floatd/ipvs-owned"

enum ipvs_op_kind {
	IPVS_OP_ADD_SVC,
	IPVS_OP_EDIT_SVC,
	IPVS_OP_DEL_SVC,
	IPVS_OP_ADD_DEST,
	IPVS_OP_EDIT_DEST,
	IPVS_OP_DEL_DEST,
};
const char *ipvs_op_kind_name(enum ipvs_op_kind);

struct ipvs_op {
	enum ipvs_op_kind kind;
	struct ipvs_service svc;
	struct ipvs_dest dest;     /* *_DEST only */
};

struct ipvs_ops {
	struct ipvs_op *ops;       /* in the order to apply */
	unsigned n, cap;
};

/* The set of owned service keys. */
struct ipvs_owned {
	struct ipvs_service *svcs;
	unsigned n;
};

/* Compute the operations and the ownership after they succeed.  `out` and
 * `owned_after` are filled (free with ipvs_ops_free / ipvs_owned_free).
 * Returns 0 or -1 (memory). */
int ipvs_reconcile(const struct ipvs_svc_state *want, unsigned n_want,
                   const struct ipvs_svc_state *have, unsigned n_have,
                   const struct ipvs_owned *owned, struct ipvs_ops *out,
                   struct ipvs_owned *owned_after);
void ipvs_ops_free(struct ipvs_ops *);

/* Ownership file text: read lines (bad lines are skipped and counted in
 * *bad if non-NULL), write one key per line.  0 / -1. */
int ipvs_owned_read(FILE *, struct ipvs_owned *out, unsigned *bad);
int ipvs_owned_write(FILE *, const struct ipvs_owned *);
bool ipvs_owned_has(const struct ipvs_owned *, const struct ipvs_service *);
int ipvs_owned_add(struct ipvs_owned *, const struct ipvs_service *);
void ipvs_owned_free(struct ipvs_owned *);

/* Desired IPVS state from the config.  rs_weight(arg, vs, rs) returns the
 * weight to program for a real server (>= 0), or -1 to leave it out (down
 * and not inhibited); sorry(arg, vs) is the sorry server's weight, or -1
 * to leave it out (see check/quorum.h for both decisions).
 * virtual_server group NAME expands to one service per group member (an
 * address range gives one service per address).  NULL callbacks = all up
 * with their configured weight, no sorry server. */
struct floatd_conf;
struct virtual_server_conf;
struct real_server_conf;
int ipvs_want_from_conf(const struct floatd_conf *,
                        int (*rs_weight)(void *arg, const struct virtual_server_conf *,
                                         const struct real_server_conf *),
                        int (*sorry)(void *arg, const struct virtual_server_conf *),
                        void *arg, struct ipvs_svc_state **out, unsigned *n);

/* ---- system side (ipvs.c) */
/* Run ops in order, logging each ("IPVS add-dest tcp 10.0.0.1 80 -> ...");
 * goes on after a failure.  0, -1 (*failed = count), IPVS_UNAVAILABLE. */
int ipvs_apply(struct ipvs_handle *, const struct ipvs_ops *, unsigned *failed);
/* Ownership file: a missing file is an empty set; save writes a temporary
 * file and renames it, creating the directory. */
int ipvs_owned_load(const char *path, struct ipvs_owned *out);
int ipvs_owned_save(const char *path, const struct ipvs_owned *);

#endif
