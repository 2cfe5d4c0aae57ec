/* The only IPVS user of libnl-genl: resolve family "IPVS", send the
 * messages ipvs_msg.c builds, wait for the ack, dump services and dests;
 * apply reconcile operations; load/save the ownership file.  Calls are
 * synchronous: IPVS netlink is local and answers at once (keepalived does
 * the same).  No kernel IPVS: logged once, IPVS_UNAVAILABLE returned. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/ip_vs.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check/ipvs.h"
#include "check/reconcile.h"
#include "log.h"
#include "safefile.h"

#define IPVS_BUF 1024

struct ipvs_handle {
	struct nl_sock *sk;
	int family;
	int last_errno;      /* the kernel's answer to the last request */
};

static bool ipvs_unavailable_logged;

int ipvs_open(struct ipvs_handle **out)
{
	struct ipvs_handle *h = calloc(1, sizeof(*h));
	int rc = -NLE_NOMEM;

	*out = NULL;
	if (!h)
		return -1;
	if (!(h->sk = nl_socket_alloc()) || (rc = genl_connect(h->sk)) < 0) {
		log_warnx("IPVS: generic netlink socket: %s",
		          h->sk ? nl_geterror(rc) : "out of memory");
		ipvs_close(h);
		return -1;
	}
	/* the genl controller loads ip_vs on this lookup where it can */
	h->family = genl_ctrl_resolve(h->sk, IPVS_GENL_NAME);
	if (h->family < 0) {
		if (!ipvs_unavailable_logged)
			log_warnx("IPVS not available: generic netlink family \"%s\" not found "
			          "(%s; kernel without CONFIG_IP_VS or module not loadable); "
			          "checks go on, nothing is programmed",
			          IPVS_GENL_NAME, nl_geterror(h->family));
		ipvs_unavailable_logged = true;
		ipvs_close(h);
		return IPVS_UNAVAILABLE;
	}
	*out = h;
	return 0;
}

void ipvs_close(struct ipvs_handle *h)
{
	if (!h)
		return;
	nl_socket_free(h->sk);
	free(h);
}

static int ipvs_err_cb(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	(void)nla;
	*(int *)arg = -e->error;
	return NL_STOP;
}

static int ipvs_send(struct ipvs_handle *h, uint8_t *buf, int len,
                     int (*valid)(struct nl_msg *, void *), void *arg)
{
	struct nl_msg *m;
	struct nl_cb *cb, *orig;
	int rc;

	if (!h)
		return IPVS_UNAVAILABLE;
	if (len < 0) {
		errno = EMSGSIZE;
		return -1;
	}
	if (!(m = nlmsg_convert((struct nlmsghdr *)buf)))
		return -1;
	rc = nl_send_auto(h->sk, m);
	nlmsg_free(m);
	if (rc < 0) {
		errno = EIO;
		return -1;
	}
	/* nl_socket_get_cb() takes a reference: drop it once cloned */
	orig = nl_socket_get_cb(h->sk);
	cb = nl_cb_clone(orig);
	nl_cb_put(orig);
	if (!cb)
		return -1;
	h->last_errno = 0;
	nl_cb_err(cb, NL_CB_CUSTOM, ipvs_err_cb, &h->last_errno);
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, valid, arg);
	rc = nl_recvmsgs(h->sk, cb);
	nl_cb_put(cb);
	if (h->last_errno || rc < 0) {
		errno = h->last_errno ? h->last_errno : EIO;
		return -1;
	}
	return 0;
}

/* nl_send_sync reports the kernel's error as a libnl code: map the usual ones back */
static int ipvs_request(struct ipvs_handle *h, uint8_t *buf, int len)
{
	struct nl_msg *m;
	int rc;

	if (!h)
		return IPVS_UNAVAILABLE;
	if (len < 0) {
		errno = EMSGSIZE;
		return -1;
	}
	if (!(m = nlmsg_convert((struct nlmsghdr *)buf)))
		return -1;
	rc = nl_send_sync(h->sk, m);   /* sends, waits for the ack, frees m */
	if (rc < 0) {
		errno = rc == -NLE_EXIST ? EEXIST : rc == -NLE_OBJ_NOTFOUND ? ENOENT
		        : rc == -NLE_INVAL ? EINVAL : rc == -NLE_PERM ? EPERM : EIO;
		return -1;
	}
	return 0;
}

static int ipvs_svc_cmd(struct ipvs_handle *h, uint8_t cmd, const struct ipvs_service *s,
                        bool full)
{
	uint8_t buf[IPVS_BUF];

	if (!h)
		return IPVS_UNAVAILABLE;
	return ipvs_request(h, buf, ipvs_msg_service(buf, sizeof(buf), (uint16_t)h->family, cmd,
	                                             NL_AUTO_SEQ, s, full));
}

static int ipvs_dest_cmd(struct ipvs_handle *h, uint8_t cmd, const struct ipvs_service *s,
                         const struct ipvs_dest *d, bool full)
{
	uint8_t buf[IPVS_BUF];

	if (!h)
		return IPVS_UNAVAILABLE;
	return ipvs_request(h, buf, ipvs_msg_dest(buf, sizeof(buf), (uint16_t)h->family, cmd,
	                                          NL_AUTO_SEQ, s, d, full));
}

int ipvs_service_add(struct ipvs_handle *h, const struct ipvs_service *s)
{
	return ipvs_svc_cmd(h, IPVS_CMD_NEW_SERVICE, s, true);
}

int ipvs_service_edit(struct ipvs_handle *h, const struct ipvs_service *s)
{
	return ipvs_svc_cmd(h, IPVS_CMD_SET_SERVICE, s, true);
}

int ipvs_service_del(struct ipvs_handle *h, const struct ipvs_service *s)
{
	return ipvs_svc_cmd(h, IPVS_CMD_DEL_SERVICE, s, false);
}

int ipvs_dest_add(struct ipvs_handle *h, const struct ipvs_service *s, const struct ipvs_dest *d)
{
	return ipvs_dest_cmd(h, IPVS_CMD_NEW_DEST, s, d, true);
}

int ipvs_dest_edit(struct ipvs_handle *h, const struct ipvs_service *s, const struct ipvs_dest *d)
{
	return ipvs_dest_cmd(h, IPVS_CMD_SET_DEST, s, d, true);
}

int ipvs_dest_del(struct ipvs_handle *h, const struct ipvs_service *s, const struct ipvs_dest *d)
{
	return ipvs_dest_cmd(h, IPVS_CMD_DEL_DEST, s, d, false);
}

/* ---- dump */

struct ipvs_dump_ctx {
	struct ipvs_svc_state *v;
	unsigned n;
	struct ipvs_svc_state *cur;   /* GET_DEST: the service being filled */
	int failed;
};

static int ipvs_dump_svc_cb(struct nl_msg *m, void *arg)
{
	struct ipvs_dump_ctx *c = arg;
	struct nlmsghdr *hdr = nlmsg_hdr(m);
	struct ipvs_svc_state *nv;
	struct ipvs_service s;

	if (ipvs_msg_parse_service((const uint8_t *)hdr, hdr->nlmsg_len, &s) != IPVS_PARSE_OK)
		return NL_OK;   /* an unknown service shape: skip it, never act on it */
	if (!(nv = realloc(c->v, (c->n + 1) * sizeof(*nv)))) {
		c->failed = 1;
		return NL_STOP;
	}
	c->v = nv;
	memset(&nv[c->n], 0, sizeof(nv[c->n]));
	nv[c->n++].svc = s;
	return NL_OK;
}

static int ipvs_dump_dest_cb(struct nl_msg *m, void *arg)
{
	struct ipvs_dump_ctx *c = arg;
	struct nlmsghdr *hdr = nlmsg_hdr(m);
	struct ipvs_dest d, *nd;

	if (ipvs_msg_parse_dest((const uint8_t *)hdr, hdr->nlmsg_len, &d) != IPVS_PARSE_OK)
		return NL_OK;
	if (!(nd = realloc(c->cur->dests, (c->cur->n_dests + 1) * sizeof(*nd)))) {
		c->failed = 1;
		return NL_STOP;
	}
	c->cur->dests = nd;
	nd[c->cur->n_dests++] = d;
	return NL_OK;
}

int ipvs_dump(struct ipvs_handle *h, struct ipvs_svc_state **out, unsigned *n)
{
	struct ipvs_dump_ctx c = { 0 };
	uint8_t buf[IPVS_BUF];

	*out = NULL;
	*n = 0;
	if (!h)
		return IPVS_UNAVAILABLE;
	if (ipvs_send(h, buf, ipvs_msg_dump(buf, sizeof(buf), (uint16_t)h->family,
	                                    IPVS_CMD_GET_SERVICE, NL_AUTO_SEQ, NULL),
	              ipvs_dump_svc_cb, &c) < 0 || c.failed)
		goto fail;
	for (unsigned i = 0; i < c.n; i++) {
		c.cur = &c.v[i];
		if (ipvs_send(h, buf, ipvs_msg_dump(buf, sizeof(buf), (uint16_t)h->family,
		                                    IPVS_CMD_GET_DEST, NL_AUTO_SEQ, &c.v[i].svc),
		              ipvs_dump_dest_cb, &c) < 0 || c.failed)
			goto fail;
	}
	*out = c.v;
	*n = c.n;
	return 0;
fail:
	ipvs_state_free(c.v, c.n);
	return -1;
}

/* ---- apply and ownership (used by the checker child and tests/vm) */

int ipvs_apply(struct ipvs_handle *h, const struct ipvs_ops *ops, unsigned *failed)
{
	char key[96], ds[64];

	*failed = 0;
	if (!h)
		return IPVS_UNAVAILABLE;
	for (unsigned i = 0; i < ops->n; i++) {
		const struct ipvs_op *op = &ops->ops[i];
		int rc;

		switch (op->kind) {
		case IPVS_OP_ADD_SVC: rc = ipvs_service_add(h, &op->svc); break;
		case IPVS_OP_EDIT_SVC: rc = ipvs_service_edit(h, &op->svc); break;
		case IPVS_OP_DEL_SVC: rc = ipvs_service_del(h, &op->svc); break;
		case IPVS_OP_ADD_DEST: rc = ipvs_dest_add(h, &op->svc, &op->dest); break;
		case IPVS_OP_EDIT_DEST: rc = ipvs_dest_edit(h, &op->svc, &op->dest); break;
		default: rc = ipvs_dest_del(h, &op->svc, &op->dest); break;
		}
		ipvs_service_key(&op->svc, key, sizeof(key));
		if (op->kind >= IPVS_OP_ADD_DEST)
			ipvs_dest_str(&op->dest, ds, sizeof(ds));
		else
			ds[0] = '\0';
		if (rc < 0) {
			(*failed)++;
			log_warn_every(10000, 10, "IPVS %s %s%s%s failed", ipvs_op_kind_name(op->kind), key,
			         ds[0] ? " -> " : "", ds);
		} else {
			log_info("IPVS %s %s%s%s", ipvs_op_kind_name(op->kind), key, ds[0] ? " -> " : "",
			         ds);
		}
	}
	return *failed ? -1 : 0;
}

int ipvs_owned_load(const char *path, struct ipvs_owned *out)
{
	char why[600];
	unsigned bad = 0;
	FILE *fp;
	int rc, fd, err;

	memset(out, 0, sizeof(*out));
	/* the list decides which services get deleted: only a file of ours */
	fd = safefile_open(path, O_RDONLY, 0, SAFEFILE_REGULAR | SAFEFILE_OURS, why, sizeof(why));
	if (fd < 0) {
		if (errno == ENOENT)
			return 0;
		err = errno;
		log_warnx("IPVS ownership list: %s", why);
		errno = err;
		return -1;
	}
	if (!(fp = fdopen(fd, "r"))) {
		close(fd);
		return -1;
	}
	rc = ipvs_owned_read(fp, out, &bad);
	fclose(fp);
	if (bad)
		log_warnx("%s: %u unreadable line(s) ignored", path, bad);
	return rc;
}

int ipvs_owned_save(const char *path, const struct ipvs_owned *o)
{
	char tmp[512], dir[512], why[600], *slash;
	struct stat st;
	FILE *fp;
	int fd, err;

	snprintf(dir, sizeof(dir), "%s", path);
	if ((slash = strrchr(dir, '/')) && slash != dir) {
		*slash = '\0';
		mkdir(dir, 0755);   /* /run/floatd; EEXIST is fine */
		/* a directory others can write could swap the list under us */
		if (lstat(dir, &st) == -1 || !S_ISDIR(st.st_mode) || st.st_uid != geteuid() ||
		    (st.st_mode & (S_IWGRP | S_IWOTH))) {
			log_warnx("IPVS ownership list: %s is not a directory of ours that only we "
			          "can write (refused)", dir);
			errno = EPERM;
			return -1;
		}
	}
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	fd = safefile_open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644,
	                   SAFEFILE_REGULAR | SAFEFILE_OURS, why, sizeof(why));
	if (fd < 0) {
		err = errno;
		log_warnx("IPVS ownership list: %s", why);
		errno = err;
		return -1;
	}
	if (!(fp = fdopen(fd, "w"))) {
		close(fd);
		return -1;
	}
	if (ipvs_owned_write(fp, o) < 0 || fclose(fp) != 0) {
		unlink(tmp);
		return -1;
	}
	/* rename: a crash never leaves a half-written ownership list (and a
	 * symlink at `path` is replaced, not followed) */
	return rename(tmp, path);
}
