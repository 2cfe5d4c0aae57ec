/* nftables transport (see nft.h): sends a batch built by nft_msg.c on a
 * NETLINK_NETFILTER socket.  nfnetlink handles the whole batch inside
 * sendmsg() and queues one ack or error per message before it returns, so
 * the replies are read with MSG_DONTWAIT and the loop never blocks. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <netinet/in.h>
#include <libmnl/libmnl.h>

#include "nft.h"

struct nft {
	struct mnl_socket *nl;
	uint32_t portid;
	uint32_t seq;
	char table[NFT_NAME_MAX];
};

struct nft *
nft_open(const char *table)
{
	struct nft *n;

	if (strlen(table) >= NFT_NAME_MAX - sizeof("_block4")) {
		errno = ENAMETOOLONG;
		return NULL;
	}
	n = calloc(1, sizeof(*n));
	if (n == NULL)
		return NULL;
	strcpy(n->table, table);
	n->nl = mnl_socket_open2(NETLINK_NETFILTER, SOCK_CLOEXEC);
	if (n->nl == NULL || mnl_socket_bind(n->nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		int e = errno;

		nft_close(n);
		errno = e;
		return NULL;
	}
	n->portid = mnl_socket_get_portid(n->nl);
	n->seq = (uint32_t)time(NULL);
	return n;
}

void
nft_close(struct nft *n)
{
	if (n == NULL)
		return;
	if (n->nl != NULL)
		mnl_socket_close(n->nl);
	free(n);
}

/* Drain every reply; the first non-zero error wins. */
static int
nft_collect(struct nft *n, unsigned expect)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	int first = 0;

	for (unsigned got = 0; got < expect;) {
		ssize_t len = recv(mnl_socket_get_fd(n->nl), buf, sizeof(buf), MSG_DONTWAIT);

		if (len < 0) {
			if (errno == EINTR)
				continue;
			/* EAGAIN: nothing more queued.  A batch the kernel rejects as a
			 * whole can leave fewer replies than messages. */
			return first ? first : (errno == EAGAIN ? (got ? 0 : -EIO) : -errno);
		}
		for (const struct nlmsghdr *h = (const struct nlmsghdr *)buf;
		     mnl_nlmsg_ok(h, (int)len); h = mnl_nlmsg_next(h, (int *)&len)) {
			if (h->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = mnl_nlmsg_get_payload(h);

				if (e->error != 0 && first == 0)
					first = e->error;
				got++;
			}
		}
	}
	return first;
}

static int
nft_send(struct nft *n, struct nft_batch *b)
{
	const void *data;
	size_t len;
	int rc;

	if (nft_batch_end(b) < 0) {
		nft_batch_free(b);
		return -ENOMEM;
	}
	data = nft_batch_data(b, &len);
	if (mnl_socket_sendto(n->nl, data, len) < 0)
		rc = -errno;
	else
		rc = nft_collect(n, nft_batch_count(b));
	/* the builder counted begin/end, which take sequence numbers too */
	n->seq += nft_batch_count(b) + 2;
	nft_batch_free(b);
	return rc;
}

int
nft_table_setup(struct nft *n)
{
	struct nft_batch *b = nft_batch_new(n->seq);

	if (b == NULL)
		return -ENOMEM;
	if (nft_batch_setup(b, n->table) < 0) {
		nft_batch_free(b);
		return -ENOMEM;
	}
	return nft_send(n, b);
}

int
nft_table_delete(struct nft *n)
{
	struct nft_batch *b = nft_batch_new(n->seq);

	if (b == NULL)
		return -ENOMEM;
	if (nft_batch_delete(b, n->table) < 0) {
		nft_batch_free(b);
		return -ENOMEM;
	}
	return nft_send(n, b);
}

int
nft_addrs(struct nft *n, bool add, int family, const void *addrs, unsigned count)
{
	struct nft_batch *b;

	if (count == 0)
		return 0;
	b = nft_batch_new(n->seq);
	if (b == NULL)
		return -ENOMEM;
	if (nft_batch_elems(b, n->table, add, family, addrs, count) < 0) {
		nft_batch_free(b);
		return -ENOMEM;
	}
	return nft_send(n, b);
}

int
nft_addrs46(struct nft *n, bool add, const void *v4, unsigned n4, const void *v6, unsigned n6)
{
	struct nft_batch *b;

	if (n4 + n6 == 0)
		return 0;
	b = nft_batch_new(n->seq);
	if (b == NULL)
		return -ENOMEM;
	if ((n4 > 0 && nft_batch_elems(b, n->table, add, AF_INET, v4, n4) < 0) ||
	    (n6 > 0 && nft_batch_elems(b, n->table, add, AF_INET6, v6, n6) < 0)) {
		nft_batch_free(b);
		return -ENOMEM;
	}
	return nft_send(n, b);
}
