/* lib/nft_msg.c: the batches are parsed back with libnftnl, without a
 * kernel, and compared with what `nft` would build for the same rules. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nf_tables.h>
#include <libmnl/libmnl.h>
#include <libnftnl/rule.h>
#include <libnftnl/set.h>
#include <libnftnl/table.h>

#include "nft.h"
#include "unit_main.h"

#define MSGTYPE(h) ((h)->nlmsg_type & 0xff)

/* Collect the message types (NFT_MSG_*, or NFNL_MSG_BATCH_*) in order. */
static unsigned
walk(const void *data, size_t len, uint16_t *types, const struct nlmsghdr **msgs, unsigned max)
{
	const struct nlmsghdr *h = data;
	int left = (int)len;
	unsigned n = 0;

	while (mnl_nlmsg_ok(h, left) && n < max) {
		types[n] = h->nlmsg_type == NFNL_MSG_BATCH_BEGIN || h->nlmsg_type == NFNL_MSG_BATCH_END
		           ? h->nlmsg_type : MSGTYPE(h);
		msgs[n++] = h;
		h = mnl_nlmsg_next(h, &left);
	}
	ck_assert_int_eq(left, 0);
	return n;
}

static void
rule_text(const struct nlmsghdr *h, char *buf, size_t len)
{
	struct nftnl_rule *r = nftnl_rule_alloc();

	ck_assert_int_eq(nftnl_rule_nlmsg_parse(h, r), 0);
	nftnl_rule_snprintf(buf, len, r, NFTNL_OUTPUT_DEFAULT, 0);
	nftnl_rule_free(r);
}

START_TEST(setup_batch)
{
	struct nft_batch *b = nft_batch_new(100);
	uint16_t t[32];
	const struct nlmsghdr *m[32];
	const uint16_t want[] = { NFNL_MSG_BATCH_BEGIN, NFT_MSG_NEWTABLE, NFT_MSG_DELTABLE,
		NFT_MSG_NEWTABLE, NFT_MSG_NEWSET, NFT_MSG_NEWSET, NFT_MSG_NEWCHAIN, NFT_MSG_NEWRULE,
		NFT_MSG_NEWRULE, NFT_MSG_NEWRULE, NFNL_MSG_BATCH_END };
	const void *data;
	size_t len;
	unsigned n;
	char txt[1024];
	struct nftnl_set *s;
	struct nftnl_table *tb;

	ck_assert_int_eq(nft_batch_setup(b, "floatd"), 0);
	ck_assert_int_eq(nft_batch_end(b), 0);
	ck_assert_uint_eq(nft_batch_count(b), 9);
	data = nft_batch_data(b, &len);
	n = walk(data, len, t, m, 32);
	ck_assert_uint_eq(n, sizeof(want) / sizeof(want[0]));
	for (unsigned i = 0; i < n; i++) {
		ck_assert_uint_eq(t[i], want[i]);
		ck_assert_uint_eq(m[i]->nlmsg_seq, 100 + i);   /* consecutive sequence numbers */
		if (i > 0 && i < n - 1)
			ck_assert(m[i]->nlmsg_flags & NLM_F_ACK);
	}
	tb = nftnl_table_alloc();
	ck_assert_int_eq(nftnl_table_nlmsg_parse(m[1], tb), 0);
	ck_assert_str_eq(nftnl_table_get_str(tb, NFTNL_TABLE_NAME), "floatd");
	ck_assert_uint_eq(nftnl_table_get_u32(tb, NFTNL_TABLE_FAMILY), NFPROTO_INET);
	nftnl_table_free(tb);
	s = nftnl_set_alloc();
	ck_assert_int_eq(nftnl_set_nlmsg_parse(m[4], s), 0);
	ck_assert_str_eq(nftnl_set_get_str(s, NFTNL_SET_NAME), "floatd_block4");
	ck_assert_uint_eq(nftnl_set_get_u32(s, NFTNL_SET_KEY_LEN), 4);
	ck_assert_uint_eq(nftnl_set_get_u32(s, NFTNL_SET_KEY_TYPE), 7);   /* ipv4_addr */
	nftnl_set_free(s);
	s = nftnl_set_alloc();
	ck_assert_int_eq(nftnl_set_nlmsg_parse(m[5], s), 0);
	ck_assert_str_eq(nftnl_set_get_str(s, NFTNL_SET_NAME), "floatd_block6");
	ck_assert_uint_eq(nftnl_set_get_u32(s, NFTNL_SET_KEY_LEN), 16);
	ck_assert_uint_eq(nftnl_set_get_u32(s, NFTNL_SET_KEY_TYPE), 8);   /* ipv6_addr */
	nftnl_set_free(s);
	/* `nft --debug=netlink add rule inet floatd input ip daddr @floatd_block4 drop` */
	rule_text(m[7], txt, sizeof(txt));
	ck_assert_msg(strstr(txt, "[ meta load nfproto => reg 1 ]") &&
	              strstr(txt, "[ cmp eq reg 1 0x00000002 ]") &&
	              strstr(txt, "[ payload load 4b @ network header + 16 => reg 1 ]") &&
	              strstr(txt, "[ lookup reg 1 set floatd_block4") &&
	              strstr(txt, "[ immediate reg 0 drop ]"), "rule 1: %s", txt);
	rule_text(m[8], txt, sizeof(txt));
	ck_assert_msg(strstr(txt, "[ cmp eq reg 1 0x0000000a ]") &&
	              strstr(txt, "[ payload load 16b @ network header + 24 => reg 1 ]") &&
	              strstr(txt, "[ meta load l4proto => reg 1 ]") &&
	              strstr(txt, "[ cmp eq reg 1 0x0000003a ]") &&
	              strstr(txt, "[ payload load 1b @ transport header + 0 => reg 1 ]") &&
	              strstr(txt, "[ cmp gte reg 1 0x00000087 ]") &&
	              strstr(txt, "[ cmp lte reg 1 0x00000088 ]") &&
	              strstr(txt, "[ immediate reg 0 accept ]"), "rule 2: %s", txt);
	rule_text(m[9], txt, sizeof(txt));
	ck_assert_msg(strstr(txt, "set floatd_block6") && strstr(txt, "drop"), "rule 3: %s", txt);
	nft_batch_free(b);
}
END_TEST

/* Where `key` sits in the message (libnftnl 1.2.4 cannot parse element
 * messages it built itself, so look at the bytes: each key is an NFTA_DATA_VALUE
 * attribute, header 4 bytes then the address). -1 if absent. */
static long
key_at(const struct nlmsghdr *h, const void *key, size_t klen)
{
	const uint8_t *p = (const uint8_t *)h;

	for (size_t off = 0; off + klen <= h->nlmsg_len; off++)
		if (memcmp(p + off, key, klen) == 0 && off >= 4 &&
		    p[off - 2] == NFTA_DATA_VALUE && p[off - 4] == 4 + klen)
			return (long)off;
	return -1;
}

START_TEST(elems_one_message)
{
	struct nft_batch *b = nft_batch_new(1);
	struct in_addr a[2];
	struct in6_addr a6;
	uint16_t t[8];
	const struct nlmsghdr *m[8];
	const void *data;
	size_t len;

	inet_pton(AF_INET, "10.99.0.50", &a[0]);
	inet_pton(AF_INET, "10.99.0.51", &a[1]);
	inet_pton(AF_INET6, "2001:db8::50", &a6);
	ck_assert_int_eq(nft_batch_elems(b, "floatd", true, AF_INET, a, 2), 0);
	ck_assert_int_eq(nft_batch_elems(b, "floatd", false, AF_INET6, &a6, 1), 0);
	ck_assert_int_eq(nft_batch_end(b), 0);
	data = nft_batch_data(b, &len);
	ck_assert_uint_eq(walk(data, len, t, m, 8), 4);
	ck_assert_uint_eq(t[1], NFT_MSG_NEWSETELEM);
	ck_assert_uint_eq(t[2], NFT_MSG_DELSETELEM);
	/* both addresses in one message, in order; the v6 one in the other */
	ck_assert_int_gt(key_at(m[1], &a[0], 4), 0);
	ck_assert_int_gt(key_at(m[1], &a[1], 4), key_at(m[1], &a[0], 4));
	ck_assert_int_eq(key_at(m[2], &a[0], 4), -1);
	ck_assert_int_gt(key_at(m[2], &a6, 16), 0);
	nft_batch_free(b);
}
END_TEST

START_TEST(bad_input)
{
	struct nft_batch *b = nft_batch_new(1);
	struct in_addr a = { 0 };
	char name[8];

	ck_assert_int_eq(nft_batch_elems(b, "floatd", true, AF_UNIX, &a, 1), -1);
	ck_assert_int_eq(nft_batch_setup(b, "a_table_name_much_too_long_for_sets"), -1);
	ck_assert_int_eq(nft_set_name(name, sizeof(name), "floatd", AF_INET), -1);
	ck_assert_int_eq(nft_batch_end(b), 0);
	ck_assert_int_eq(nft_batch_delete(b, "floatd"), -1);   /* ended */
	ck_assert_uint_eq(nft_batch_count(b), 0);
	nft_batch_free(b);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("nft");
	TCase *tc = tcase_create("batch");

	tcase_add_test(tc, setup_batch);
	tcase_add_test(tc, elems_one_message);
	tcase_add_test(tc, bad_input);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
