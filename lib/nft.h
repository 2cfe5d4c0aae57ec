/* nftables through libnftnl + libmnl: one table of our own (family inet)
 * holding two address sets and an input chain that drops packets to the
 * addresses in the sets.  Every change is one atomic batch.  Only the named
 * table is ever touched.  Knows nothing of VRRP.
 *
 * The batch builder (nft_msg.c) is pure: it fills a buffer that unit tests
 * parse back without a kernel.  The transport (nft.c) sends a batch on a
 * NETLINK_NETFILTER socket and collects the per-message acks. */
#ifndef FLOATD_NFT_H
#define FLOATD_NFT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define NFT_NAME_MAX 32          /* table/set/chain names we build */

/* Layout of the table `inet TABLE` (names derived from TABLE):
 *   set TABLE_block4 { type ipv4_addr }   set TABLE_block6 { type ipv6_addr }
 *   chain input { type filter hook input priority filter; policy accept;
 *     ip daddr @TABLE_block4 drop
 *     ip6 daddr @TABLE_block6 icmpv6 type { nd-neighbor-solicit, nd-neighbor-advert } accept
 *     ip6 daddr @TABLE_block6 drop } */
#define NFT_CHAIN_NAME "input"

/* ---- pure batch builder (nft_msg.c) */
struct nft_batch;

struct nft_batch *nft_batch_new(uint32_t first_seq);   /* NULL: ENOMEM */
void nft_batch_free(struct nft_batch *);
/* Create the table, sets, chain and rules, replacing a table of the same
 * name (a leftover of a crashed run) in the same transaction. */
int nft_batch_setup(struct nft_batch *, const char *table);
/* Add or delete addresses (family AF_INET: n struct in_addr; AF_INET6: n
 * struct in6_addr) in the family's block set: one message. */
int nft_batch_elems(struct nft_batch *, const char *table, bool add, int family,
                    const void *addrs, unsigned n);
/* Delete the whole table (with its sets, chain and rules). */
int nft_batch_delete(struct nft_batch *, const char *table);
/* Close the batch; after this only nft_batch_data is valid.  0 or -1. */
int nft_batch_end(struct nft_batch *);
const void *nft_batch_data(const struct nft_batch *, size_t *len);
/* Messages between begin and end (each asks for an ack). */
unsigned nft_batch_count(const struct nft_batch *);
/* The set name for a family: "TABLE_block4" / "TABLE_block6". */
int nft_set_name(char *buf, size_t len, const char *table, int family);

/* ---- transport (nft.c) */
struct nft;

struct nft *nft_open(const char *table);   /* NULL on error (errno) */
void nft_close(struct nft *);
/* 0 or -errno (the first error the kernel reported for the batch). */
int nft_table_setup(struct nft *);
int nft_table_delete(struct nft *);
int nft_addrs(struct nft *, bool add, int family, const void *addrs, unsigned n);
/* Both families in one transaction (one atomic update of both sets). */
int nft_addrs46(struct nft *, bool add, const void *v4, unsigned n4, const void *v6,
                unsigned n6);

#endif
