/* nftables batch builder (see nft.h).  Pure: builds netlink messages with
 * libnftnl into a growing buffer; never opens a socket, never logs.  The
 * expressions spell out what `nft` would generate for the rules in nft.h, so
 * `nft list table` shows them in their usual form. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nf_tables.h>
#include <libmnl/libmnl.h>
#include <libnftnl/common.h>
#include <libnftnl/table.h>
#include <libnftnl/chain.h>
#include <libnftnl/set.h>
#include <libnftnl/rule.h>
#include <libnftnl/expr.h>

#include "nft.h"

/* nft's datatype ids (src/datatype.h in nftables): they make `nft list`
 * print "type ipv4_addr" rather than a raw integer type. */
#define NFT_TYPE_IPADDR 7
#define NFT_TYPE_IP6ADDR 8
#define NFT_ICMPV6_ND_SOLICIT 135   /* RFC 4861 §4.3 */
#define NFT_ICMPV6_ND_ADVERT 136    /* RFC 4861 §4.4 */
#define NFT_MSG_ROOM 4096           /* one message fits: elements are chunked */

struct nft_batch {
	char *buf;
	size_t len, cap;
	uint32_t seq;
	unsigned count;
	bool ended;
};

struct nft_batch *
nft_batch_new(uint32_t first_seq)
{
	struct nft_batch *b = calloc(1, sizeof(*b));

	if (b == NULL)
		return NULL;
	b->cap = 4 * NFT_MSG_ROOM;
	b->buf = calloc(1, b->cap);
	if (b->buf == NULL) {
		free(b);
		return NULL;
	}
	b->seq = first_seq;
	nftnl_batch_begin(b->buf, b->seq++);
	b->len = ((struct nlmsghdr *)b->buf)->nlmsg_len;
	return b;
}

void
nft_batch_free(struct nft_batch *b)
{
	if (b == NULL)
		return;
	free(b->buf);
	free(b);
}

/* Room for one more message at the tail (zeroed: libnftnl expects it). */
static char *
nft_batch_room(struct nft_batch *b)
{
	if (b->ended)
		return NULL;
	if (b->cap - b->len < NFT_MSG_ROOM) {
		char *n = realloc(b->buf, b->cap * 2);

		if (n == NULL)
			return NULL;
		b->buf = n;
		b->cap *= 2;
	}
	memset(b->buf + b->len, 0, NFT_MSG_ROOM);
	return b->buf + b->len;
}

static void
nft_batch_commit(struct nft_batch *b, struct nlmsghdr *nlh)
{
	b->len += NLMSG_ALIGN(nlh->nlmsg_len);
	b->count++;
}

static struct nlmsghdr *
nft_hdr(struct nft_batch *b, uint16_t type, uint16_t flags)
{
	char *p = nft_batch_room(b);

	if (p == NULL)
		return NULL;
	/* every message asks for an ack so that nft.c can tell which failed */
	return nftnl_nlmsg_build_hdr(p, type, NFPROTO_INET, flags | NLM_F_ACK, b->seq++);
}

int
nft_set_name(char *buf, size_t len, const char *table, int family)
{
	int n = snprintf(buf, len, "%s_block%d", table, family == AF_INET ? 4 : 6);

	return n < 0 || (size_t)n >= len ? -1 : 0;
}

static int
nft_table_msg(struct nft_batch *b, const char *table, uint16_t type, uint16_t flags)
{
	struct nftnl_table *t = nftnl_table_alloc();
	struct nlmsghdr *nlh;

	if (t == NULL)
		return -1;
	nftnl_table_set_str(t, NFTNL_TABLE_NAME, table);
	nftnl_table_set_u32(t, NFTNL_TABLE_FAMILY, NFPROTO_INET);
	nlh = nft_hdr(b, type, flags);
	if (nlh == NULL) {
		nftnl_table_free(t);
		return -1;
	}
	nftnl_table_nlmsg_build_payload(nlh, t);
	nftnl_table_free(t);
	nft_batch_commit(b, nlh);
	return 0;
}

static int
nft_set_msg(struct nft_batch *b, const char *table, int family, uint32_t id)
{
	struct nftnl_set *s = nftnl_set_alloc();
	struct nlmsghdr *nlh;
	char name[NFT_NAME_MAX];

	if (s == NULL || nft_set_name(name, sizeof(name), table, family) < 0) {
		nftnl_set_free(s);
		return -1;
	}
	nftnl_set_set_str(s, NFTNL_SET_TABLE, table);
	nftnl_set_set_str(s, NFTNL_SET_NAME, name);
	nftnl_set_set_u32(s, NFTNL_SET_FAMILY, NFPROTO_INET);
	nftnl_set_set_u32(s, NFTNL_SET_ID, id);
	nftnl_set_set_u32(s, NFTNL_SET_KEY_TYPE,
	                  family == AF_INET ? NFT_TYPE_IPADDR : NFT_TYPE_IP6ADDR);
	nftnl_set_set_u32(s, NFTNL_SET_KEY_LEN,
	                  family == AF_INET ? sizeof(struct in_addr) : sizeof(struct in6_addr));
	nlh = nft_hdr(b, NFT_MSG_NEWSET, NLM_F_CREATE | NLM_F_EXCL);
	if (nlh == NULL) {
		nftnl_set_free(s);
		return -1;
	}
	nftnl_set_nlmsg_build_payload(nlh, s);
	nftnl_set_free(s);
	nft_batch_commit(b, nlh);
	return 0;
}

static int
nft_chain_msg(struct nft_batch *b, const char *table)
{
	struct nftnl_chain *c = nftnl_chain_alloc();
	struct nlmsghdr *nlh;

	if (c == NULL)
		return -1;
	nftnl_chain_set_str(c, NFTNL_CHAIN_TABLE, table);
	nftnl_chain_set_str(c, NFTNL_CHAIN_NAME, NFT_CHAIN_NAME);
	nftnl_chain_set_u32(c, NFTNL_CHAIN_FAMILY, NFPROTO_INET);
	nftnl_chain_set_str(c, NFTNL_CHAIN_TYPE, "filter");
	nftnl_chain_set_u32(c, NFTNL_CHAIN_HOOKNUM, NF_INET_LOCAL_IN);
	nftnl_chain_set_s32(c, NFTNL_CHAIN_PRIO, 0);   /* "priority filter" */
	nftnl_chain_set_u32(c, NFTNL_CHAIN_POLICY, NF_ACCEPT);
	nlh = nft_hdr(b, NFT_MSG_NEWCHAIN, NLM_F_CREATE | NLM_F_EXCL);
	if (nlh == NULL) {
		nftnl_chain_free(c);
		return -1;
	}
	nftnl_chain_nlmsg_build_payload(nlh, c);
	nftnl_chain_free(c);
	nft_batch_commit(b, nlh);
	return 0;
}

/* ---- rule expressions */

static int
nft_add_expr(struct nftnl_rule *r, struct nftnl_expr *e)
{
	if (e == NULL)
		return -1;
	nftnl_rule_add_expr(r, e);
	return 0;
}

static int
nft_meta(struct nftnl_rule *r, uint32_t key)
{
	struct nftnl_expr *e = nftnl_expr_alloc("meta");

	if (e != NULL) {
		nftnl_expr_set_u32(e, NFTNL_EXPR_META_KEY, key);
		nftnl_expr_set_u32(e, NFTNL_EXPR_META_DREG, NFT_REG_1);
	}
	return nft_add_expr(r, e);
}

static int
nft_cmp(struct nftnl_rule *r, uint32_t op, uint8_t value)
{
	struct nftnl_expr *e = nftnl_expr_alloc("cmp");

	if (e != NULL) {
		nftnl_expr_set_u32(e, NFTNL_EXPR_CMP_SREG, NFT_REG_1);
		nftnl_expr_set_u32(e, NFTNL_EXPR_CMP_OP, op);
		nftnl_expr_set(e, NFTNL_EXPR_CMP_DATA, &value, sizeof(value));
	}
	return nft_add_expr(r, e);
}

static int
nft_payload(struct nftnl_rule *r, uint32_t base, uint32_t offset, uint32_t len)
{
	struct nftnl_expr *e = nftnl_expr_alloc("payload");

	if (e != NULL) {
		nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_BASE, base);
		nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_OFFSET, offset);
		nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_LEN, len);
		nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_DREG, NFT_REG_1);
	}
	return nft_add_expr(r, e);
}

static int
nft_lookup(struct nftnl_rule *r, const char *set, uint32_t set_id)
{
	struct nftnl_expr *e = nftnl_expr_alloc("lookup");

	if (e != NULL) {
		nftnl_expr_set_str(e, NFTNL_EXPR_LOOKUP_SET, set);
		/* the set is created in the same transaction: its id finds it */
		nftnl_expr_set_u32(e, NFTNL_EXPR_LOOKUP_SET_ID, set_id);
		nftnl_expr_set_u32(e, NFTNL_EXPR_LOOKUP_SREG, NFT_REG_1);
	}
	return nft_add_expr(r, e);
}

static int
nft_verdict(struct nftnl_rule *r, int verdict)
{
	struct nftnl_expr *e = nftnl_expr_alloc("immediate");

	if (e != NULL) {
		nftnl_expr_set_u32(e, NFTNL_EXPR_IMM_DREG, NFT_REG_VERDICT);
		nftnl_expr_set_u32(e, NFTNL_EXPR_IMM_VERDICT, (uint32_t)verdict);
	}
	return nft_add_expr(r, e);
}

/* [ip|ip6] daddr @TABLE_blockN [icmpv6 type nd-*] drop|accept */
static int
nft_rule_msg(struct nft_batch *b, const char *table, int family, uint32_t set_id, bool nd)
{
	struct nftnl_rule *r = nftnl_rule_alloc();
	struct nlmsghdr *nlh;
	char set[NFT_NAME_MAX];
	bool v4 = family == AF_INET;
	int rc = 0;

	if (r == NULL || nft_set_name(set, sizeof(set), table, family) < 0) {
		nftnl_rule_free(r);
		return -1;
	}
	nftnl_rule_set_str(r, NFTNL_RULE_TABLE, table);
	nftnl_rule_set_str(r, NFTNL_RULE_CHAIN, NFT_CHAIN_NAME);
	nftnl_rule_set_u32(r, NFTNL_RULE_FAMILY, NFPROTO_INET);
	/* in an inet chain "ip daddr" first matches the packet's family */
	rc |= nft_meta(r, NFT_META_NFPROTO);
	rc |= nft_cmp(r, NFT_CMP_EQ, v4 ? NFPROTO_IPV4 : NFPROTO_IPV6);
	/* destination: IPv4 header offset 16, IPv6 header offset 24 */
	rc |= nft_payload(r, NFT_PAYLOAD_NETWORK_HEADER, v4 ? 16 : 24, v4 ? 4 : 16);
	rc |= nft_lookup(r, set, set_id);
	if (nd) {
		/* Neighbour Discovery to the VIP must pass, or neighbours could
		 * not resolve or confirm it (RFC 4861 §7.2) */
		rc |= nft_meta(r, NFT_META_L4PROTO);
		rc |= nft_cmp(r, NFT_CMP_EQ, IPPROTO_ICMPV6);
		rc |= nft_payload(r, NFT_PAYLOAD_TRANSPORT_HEADER, 0, 1);
		rc |= nft_cmp(r, NFT_CMP_GTE, NFT_ICMPV6_ND_SOLICIT);
		rc |= nft_cmp(r, NFT_CMP_LTE, NFT_ICMPV6_ND_ADVERT);
	}
	rc |= nft_verdict(r, nd ? NF_ACCEPT : NF_DROP);
	nlh = rc == 0 ? nft_hdr(b, NFT_MSG_NEWRULE, NLM_F_CREATE | NLM_F_APPEND) : NULL;
	if (nlh == NULL) {
		nftnl_rule_free(r);
		return -1;
	}
	nftnl_rule_nlmsg_build_payload(nlh, r);
	nftnl_rule_free(r);
	nft_batch_commit(b, nlh);
	return 0;
}

int
nft_batch_setup(struct nft_batch *b, const char *table)
{
	if (strlen(table) + sizeof("_block4") > NFT_NAME_MAX)
		return -1;
	/* "add" never fails on an existing table, so add+delete+add replaces a
	 * leftover in one transaction whether or not it exists */
	if (nft_table_msg(b, table, NFT_MSG_NEWTABLE, NLM_F_CREATE) < 0 ||
	    nft_table_msg(b, table, NFT_MSG_DELTABLE, 0) < 0 ||
	    nft_table_msg(b, table, NFT_MSG_NEWTABLE, NLM_F_CREATE | NLM_F_EXCL) < 0 ||
	    nft_set_msg(b, table, AF_INET, 1) < 0 ||
	    nft_set_msg(b, table, AF_INET6, 2) < 0 ||
	    nft_chain_msg(b, table) < 0 ||
	    nft_rule_msg(b, table, AF_INET, 1, false) < 0 ||
	    nft_rule_msg(b, table, AF_INET6, 2, true) < 0 ||
	    nft_rule_msg(b, table, AF_INET6, 2, false) < 0)
		return -1;
	return 0;
}

int
nft_batch_delete(struct nft_batch *b, const char *table)
{
	return nft_table_msg(b, table, NFT_MSG_DELTABLE, 0);
}

int
nft_batch_elems(struct nft_batch *b, const char *table, bool add, int family,
                const void *addrs, unsigned n)
{
	size_t alen = family == AF_INET ? sizeof(struct in_addr) : sizeof(struct in6_addr);
	const uint8_t *p = addrs;
	char name[NFT_NAME_MAX];

	if ((family != AF_INET && family != AF_INET6) ||
	    nft_set_name(name, sizeof(name), table, family) < 0)
		return -1;
	/* chunks keep each message within NFT_MSG_ROOM (~40 bytes an element) */
	for (unsigned done = 0; done < n;) {
		struct nftnl_set *s = nftnl_set_alloc();
		struct nlmsghdr *nlh;
		unsigned k;

		if (s == NULL)
			return -1;
		nftnl_set_set_str(s, NFTNL_SET_TABLE, table);
		nftnl_set_set_str(s, NFTNL_SET_NAME, name);
		nftnl_set_set_u32(s, NFTNL_SET_FAMILY, NFPROTO_INET);
		for (k = 0; k < 64 && done < n; k++, done++) {
			struct nftnl_set_elem *e = nftnl_set_elem_alloc();

			if (e == NULL) {
				nftnl_set_free(s);
				return -1;
			}
			nftnl_set_elem_set(e, NFTNL_SET_ELEM_KEY, p + (size_t)done * alen, (uint32_t)alen);
			nftnl_set_elem_add(s, e);
		}
		/* NLM_F_CREATE without EXCL: adding a present element is no error */
		nlh = nft_hdr(b, add ? NFT_MSG_NEWSETELEM : NFT_MSG_DELSETELEM,
		              add ? NLM_F_CREATE : 0);
		if (nlh == NULL) {
			nftnl_set_free(s);
			return -1;
		}
		nftnl_set_elems_nlmsg_build_payload(nlh, s);
		nftnl_set_free(s);
		nft_batch_commit(b, nlh);
	}
	return 0;
}

int
nft_batch_end(struct nft_batch *b)
{
	char *p = nft_batch_room(b);

	if (p == NULL)
		return -1;
	nftnl_batch_end(p, b->seq++);
	b->len += NLMSG_ALIGN(((struct nlmsghdr *)p)->nlmsg_len);
	b->ended = true;
	return 0;
}

const void *
nft_batch_data(const struct nft_batch *b, size_t *len)
{
	*len = b->len;
	return b->buf;
}

unsigned
nft_batch_count(const struct nft_batch *b)
{
	return b->count;
}
