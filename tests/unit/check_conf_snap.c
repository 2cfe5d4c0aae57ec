/* Configuration snapshots: a config parsed from the disk (recording) and
 * from its snapshot (replay, with the files changed or gone) gives the same
 * `-t -v` dump and the same file:line messages; the decoder refuses every
 * truncated or altered encoding without crashing. */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conf.h"
#include "conf_snap.h"
#include "unit_main.h"

struct result {
	char *dump, *diag;
	size_t dump_len, diag_len;
	FILE *diag_fp;
	int rc;
};

static void snap_report(void *arg, enum conf_severity sev, const char *file, int line,
                        const char *msg)
{
	struct result *r = arg;

	fprintf(r->diag_fp, "%s:%d: %s: %s\n", file, line,
	        sev == CONF_ERROR ? "error" : "warning", msg);
}

/* Load (from the disk recording into snap, or from snap), dump like -t -v. */
static void load(struct result *r, const char *path, struct conf_snap *snap, bool replay)
{
	struct conf_diag d = { .report = snap_report, .arg = r };
	struct floatd_conf *c = NULL;
	FILE *fp;

	r->diag_fp = open_memstream(&r->diag, &r->diag_len);
	ck_assert_ptr_nonnull(r->diag_fp);
	r->rc = replay ? floatd_conf_load_snap(snap, &d, &c)
	               : floatd_conf_load_record(path, "lb1", snap, &d, &c);
	fclose(r->diag_fp);
	fp = open_memstream(&r->dump, &r->dump_len);
	ck_assert_ptr_nonnull(fp);
	if (c)
		floatd_conf_dump(fp, c);
	fclose(fp);
	floatd_conf_free(c);
}

static void result_free(struct result *r)
{
	free(r->dump);
	free(r->diag);
}

/* Round trip through the flat encoding, as the memfd carries it. */
static struct conf_snap *reencode(const struct conf_snap *s)
{
	struct conf_snap *out;
	uint8_t *buf;
	size_t len;

	ck_assert_int_eq(conf_snap_encode(s, &buf, &len), 0);
	ck_assert_int_eq(conf_snap_decode(buf, len, &out), CONF_SNAP_OK);
	free(buf);
	return out;
}

static void write_file(const char *dir, const char *name, const char *text)
{
	char path[512];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fp = fopen(path, "w");
	ck_assert_ptr_nonnull(fp);
	fputs(text, fp);
	fclose(fp);
}

static void remove_tree(const char *dir, const char *const *names)
{
	char path[512];

	for (; *names; names++) {
		snprintf(path, sizeof(path), "%s/%s", dir, *names);
		unlink(path);
	}
	snprintf(path, sizeof(path), "%s/inc", dir);
	rmdir(path);
	rmdir(dir);
}

START_TEST(test_replay_after_files_changed)
{
	char dir[] = "/tmp/check_conf_snap-XXXXXX", path[512], sub[512];
	struct conf_snap *snap = conf_snap_new(), *copy;
	struct result disk = { 0 }, replay = { 0 };

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(sub, sizeof(sub), "%s/inc", dir);
	ck_assert_int_eq(mkdir(sub, 0700), 0);
	write_file(dir, "main.conf",
	           "# params first, then every virtual server of inc/\n"
	           "include inc/params.conf\n"
	           "global_defs {\n  router_id $RID\n}\n"
	           "@lb1 $DELAY=3\n"
	           "@^lb1 $DELAY=9\n"
	           "includew inc/vs*.conf\n"
	           "include inc/missing-*.conf\n"
	           "vrrp_instance VI_1 {\n  interface ${_ENV SNAP_TEST_IF}\n"
	           "  virtual_router_id 51\n  virtual_ipaddress {\n    $VIPS\n  }\n}\n");
	write_file(dir, "inc/params.conf",
	           "$RID=lb-one\n"
	           "$VIPS=192.0.2.10 \\\n  192.0.2.11\n"
	           "$RS=real_server ${ADDR} 80 { TCP_CHECK { connect_timeout 2 } }\n");
	write_file(dir, "inc/vs1.conf",
	           "virtual_server 10.0.0.1 80 {\n  delay_loop $DELAY\n  lb_kind DR\n"
	           "  $ADDR=10.0.1.1\n  $RS\n  $ADDR=10.0.1.2\n  $RS\n"
	           "  delay_loop 3 extra\n}\n");
	write_file(dir, "inc/vs2.conf",
	           "virtual_server 10.0.0.2 443 {\n  delay_loop 1\n"
	           "  real_server 10.0.2.1 443 {\n    TCP_CHECK {\n    }\n  }\n}\n");
	setenv("SNAP_TEST_IF", "eth7", 1);
	snprintf(path, sizeof(path), "%s/main.conf", dir);

	load(&disk, path, snap, false);
	if (disk.rc) fprintf(stderr, "%s", disk.diag);
	ck_assert_int_eq(disk.rc, 0);
	ck_assert_ptr_nonnull(strstr(disk.dump, "10.0.1.2"));
	ck_assert_ptr_nonnull(strstr(disk.dump, "eth7"));
	ck_assert_ptr_nonnull(strstr(disk.diag, "inc/vs1.conf:8: "));   /* extra words */

	/* the files change and then vanish; the environment changes too */
	write_file(dir, "inc/vs1.conf", "virtual_server 10.9.9.9 80 {\n}\n");
	write_file(dir, "inc/vs3.conf", "virtual_server 10.9.9.8 80 {\n}\n");
	setenv("SNAP_TEST_IF", "other0", 1);
	copy = reencode(snap);
	remove_tree(dir, (const char *const[]){ "main.conf", "inc/vs1.conf", "inc/vs2.conf",
	                                        "inc/vs3.conf", "inc/params.conf", NULL });

	load(&replay, NULL, copy, true);
	ck_assert_int_eq(replay.rc, 0);
	ck_assert_str_eq(replay.dump, disk.dump);
	ck_assert_str_eq(replay.diag, disk.diag);
	ck_assert_ptr_null(strstr(replay.dump, "10.9.9.9"));
	unsetenv("SNAP_TEST_IF");
	result_free(&disk);
	result_free(&replay);
	conf_snap_free(snap);
	conf_snap_free(copy);
}
END_TEST

/* ${_RANDOM} is an answer from the system too: the child replaying the
 * snapshot draws the same values (a VRID, priorities and a ~SEQ of
 * addresses here), while two recorded loads draw independently. */
START_TEST(test_replay_random)
{
	char dir[] = "/tmp/check_conf_snap-XXXXXX", path[512];
	struct conf_snap *snap = conf_snap_new(), *copy;
	struct result disk = { 0 }, replay = { 0 }, other = { 0 };
	struct conf_snap *snap2 = conf_snap_new();
	bool differ = false;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	write_file(dir, "main.conf",
	           "vrrp_instance VI_1 {\n  interface eth0\n"
	           "  virtual_router_id ${_RANDOM 1 255}\n  priority ${_RANDOM 1 254}\n"
	           "  virtual_ipaddress {\n"
	           "    ~SEQ(i, 1, 8) 10.${_RANDOM 0 255}.${_RANDOM 0 255}.${i}\n  }\n}\n");
	snprintf(path, sizeof(path), "%s/main.conf", dir);
	load(&disk, path, snap, false);
	ck_assert_int_eq(disk.rc, 0);
	ck_assert_ptr_nonnull(conf_snap_meta(snap, "random_seed"));
	copy = reencode(snap);
	remove_tree(dir, (const char *const[]){ "main.conf", NULL });
	load(&replay, NULL, copy, true);
	ck_assert_int_eq(replay.rc, 0);
	ck_assert_str_eq(replay.dump, disk.dump);
	/* fresh recorded loads draw other values (8 tries: the chance that
	 * all 18 random numbers repeat is nil) */
	for (int i = 0; i < 8 && !differ; i++) {
		struct conf_snap *s2 = conf_snap_new();

		conf_snap_free(snap2);
		snap2 = s2;
		ck_assert_ptr_nonnull(mkdtemp(strcpy(dir, "/tmp/check_conf_snap-XXXXXX")));
		write_file(dir, "main.conf",
		           "vrrp_instance VI_1 {\n  interface eth0\n"
		           "  virtual_router_id ${_RANDOM 1 255}\n  priority ${_RANDOM 1 254}\n"
		           "  virtual_ipaddress {\n"
		           "    ~SEQ(i, 1, 8) 10.${_RANDOM 0 255}.${_RANDOM 0 255}.${i}\n  }\n}\n");
		snprintf(path, sizeof(path), "%s/main.conf", dir);
		result_free(&other);
		memset(&other, 0, sizeof(other));
		load(&other, path, snap2, false);
		remove_tree(dir, (const char *const[]){ "main.conf", NULL });
		ck_assert_int_eq(other.rc, 0);
		differ = strcmp(other.dump, disk.dump) != 0;
	}
	ck_assert(differ);
	result_free(&disk);
	result_free(&replay);
	result_free(&other);
	conf_snap_free(snap);
	conf_snap_free(snap2);
	conf_snap_free(copy);
}
END_TEST

/* Every golden config of tests/conf (includes, conditions, errors): the
 * dump and the messages are the same from the snapshot. */
START_TEST(test_corpus_identical)
{
	static const char *const files[] = {
		"basic", "conditional", "errors", "garp-errors", "garp", "include",
		"proto-errors", "proto", "tracking-errors", "tracking",
	};
	char path[512];

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		struct conf_snap *snap = conf_snap_new(), *copy;
		struct result disk = { 0 }, replay = { 0 };

		snprintf(path, sizeof(path), "%s/tests/conf/%s.conf", TOP_SRCDIR, files[i]);
		load(&disk, path, snap, false);
		copy = reencode(snap);
		load(&replay, NULL, copy, true);
		ck_assert_int_eq(replay.rc, disk.rc);
		ck_assert_str_eq(replay.dump, disk.dump);
		ck_assert_str_eq(replay.diag, disk.diag);
		result_free(&disk);
		result_free(&replay);
		conf_snap_free(snap);
		conf_snap_free(copy);
	}
}
END_TEST

/* A file the snapshot lacks reads as missing (the disk is never asked). */
START_TEST(test_replay_never_reads_disk)
{
	struct conf_snap *snap = conf_snap_new();
	struct result r = { 0 };
	char path[512];

	snprintf(path, sizeof(path), "%s/tests/conf/basic.conf", TOP_SRCDIR);
	ck_assert_ptr_nonnull(conf_snap_add(snap, CONF_SNAP_META, "main", 0, 0, 0, path,
	                                    strlen(path)));
	ck_assert_ptr_nonnull(conf_snap_add(snap, CONF_SNAP_META, "config_id", 0, 0, 0, "", 0));
	ck_assert_ptr_nonnull(conf_snap_add(snap, CONF_SNAP_META, "host", 0, 0, 0, "h", 1));
	load(&r, NULL, snap, true);
	ck_assert_int_eq(r.rc, -1);
	ck_assert_ptr_nonnull(strstr(r.diag, "basic.conf:0: error: cannot read"));
	result_free(&r);
	conf_snap_free(snap);
}
END_TEST

START_TEST(test_decode_rejects)
{
	struct conf_snap *snap = conf_snap_new(), *out;
	uint8_t *buf;
	size_t len;

	conf_snap_add(snap, CONF_SNAP_META, "main", 0, 0, 0, "/x.conf", 7);
	conf_snap_add(snap, CONF_SNAP_FILE, "/x.conf", 0, 1, 2, "a\0b\n", 4);
	conf_snap_add(snap, CONF_SNAP_GLOB, "/i/*", 0, 0, 0, "/i/a\0/i/b\0", 10);
	ck_assert_int_eq(conf_snap_encode(snap, &buf, &len), 0);
	/* every strict prefix is refused, none crashes (ASan build) */
	for (size_t n = 0; n < len; n++) {
		ck_assert_int_ne(conf_snap_decode(buf, n, &out), CONF_SNAP_OK);
		ck_assert_ptr_null(out);
	}
	ck_assert_int_eq(conf_snap_decode(buf, len, &out), CONF_SNAP_OK);
	ck_assert_uint_eq(out->n, 3);
	ck_assert_uint_eq(out->e[1].len, 4);
	ck_assert_int_eq(memcmp(out->e[1].data, "a\0b\n", 4), 0);
	ck_assert_uint_eq(out->e[1].ino, 2);
	conf_snap_free(out);
	buf[0] ^= 1;
	ck_assert_int_eq(conf_snap_decode(buf, len, &out), CONF_SNAP_ERR_MAGIC);
	buf[0] ^= 1;
	buf = realloc(buf, len + 1);
	buf[len] = 0;
	ck_assert_int_eq(conf_snap_decode(buf, len + 1, &out), CONF_SNAP_ERR_TRAILING);
	free(buf);
	conf_snap_free(snap);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("conf_snap");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_replay_after_files_changed);
	tcase_add_test(tc, test_replay_random);
	tcase_add_test(tc, test_corpus_identical);
	tcase_add_test(tc, test_replay_never_reads_disk);
	tcase_add_test(tc, test_decode_rejects);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
