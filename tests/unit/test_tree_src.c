/* SPDX-License-Identifier: MIT */
/*
 * The source side of kernel trees (<tree/tree.h>) on small fake trees
 * built in a temporary directory: a Makefile with the version and a few
 * files of a line or ten named like the vgic files (no kernel code).
 * Opening a directory and an archive (the second open extracts nothing),
 * each bad input's one line, patches as unified diffs, `git format-patch`
 * output and an mbox of two messages, a hunk that does not apply, a patch
 * that lost its leading whitespace repaired, and one that cannot be.
 *
 * With --real CACHE-DIR, it opens Debian's linux-source-6.12 tarball
 * instead (extracting into CACHE-DIR once), and exits 77 (skipped) when
 * the package is not installed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <cmocka.h>
#include <dirent.h>
#include <unistd.h>

#include <scenario/sha256.h>
#include <tree/tree.h>

#define ITS "arch/arm64/kvm/vgic/vgic-its.c"

static char tmp[256];
static char err[1024];

static const char fake_its[] =
	"/* A fake vgic-its.c: itsim's tree tests patch it. */\n"	/* 1 */
	"int fake_setup(void)\n"
	"{\n"
	"\treturn 0;\n"
	"}\n"								/* 5 */
	"\n"
	"static void fake_invalidate(struct fake_its *its)\n"
	"{\n"
	"\tunsigned long idx;\n"
	"\tvoid *irq;\n"						/* 10 */
	"\n"
	"\tfake_for_each(its, idx, irq) {\n"
	"\t\tfake_erase(its, idx);\n"
	"\t\tfake_put(irq);\n"
	"\t}\n"								/* 15 */
	"}\n"
	"\n"
	"int fake_teardown(void)\n"
	"{\n"
	"\treturn 0;\n"							/* 20 */
	"}\n";

/* fake_its with the fix: put only what was erased. */
static const char fixed_its[] =
	"/* A fake vgic-its.c: itsim's tree tests patch it. */\n"
	"int fake_setup(void)\n"
	"{\n"
	"\treturn 0;\n"
	"}\n"
	"\n"
	"static void fake_invalidate(struct fake_its *its)\n"
	"{\n"
	"\tunsigned long idx;\n"
	"\tvoid *irq;\n"
	"\n"
	"\tfake_for_each(its, idx, irq) {\n"
	"\t\tirq = fake_erase(its, idx);\n"
	"\t\tif (irq)\n"
	"\t\t\tfake_put(irq);\n"
	"\t}\n"
	"}\n"
	"\n"
	"int fake_teardown(void)\n"
	"{\n"
	"\treturn 0;\n"
	"}\n";

static const char fix_hunk[] =
	"--- a/" ITS "\n"
	"+++ b/" ITS "\n"
	"@@ -11,6 +11,7 @@ static void fake_invalidate(struct fake_its *its)\n"
	" \n"
	" \tfake_for_each(its, idx, irq) {\n"
	"-\t\tfake_erase(its, idx);\n"
	"-\t\tfake_put(irq);\n"
	"+\t\tirq = fake_erase(its, idx);\n"
	"+\t\tif (irq)\n"
	"+\t\t\tfake_put(irq);\n"
	" \t}\n"
	" }\n";

static const char format_patch_head[] =
	"From 0123456789abcdef0123456789abcdef01234567 Mon Sep 17 00:00:00 2001\n"
	"From: A Developer <dev@example.org>\n"
	"Date: Mon, 1 Jun 2026 10:00:00 +0000\n"
	"Subject: [PATCH 1/2] fake: put only what was erased\n"
	"\n"
	"Only the context that erases an entry drops its reference.\n"
	"\n"
	"Signed-off-by: A Developer <dev@example.org>\n"
	"---\n"
	" arch/arm64/kvm/vgic/vgic-its.c | 5 +++--\n"
	" 1 file changed, 3 insertions(+), 2 deletions(-)\n"
	"\n"
	"diff --git a/" ITS " b/" ITS "\n"
	"index 1111111..2222222 100644\n";

static const char signature[] = "-- \n2.39.5\n\n";

/* The second message of the mbox: builds on the first, adds a file, touches one outside the subset. */
static const char second_message[] =
	"From 89abcdef0123456789abcdef0123456789abcdef Mon Sep 17 00:00:00 2001\n"
	"From: A Developer <dev@example.org>\n"
	"Subject: [PATCH 2/2] fake: say why\n"
	"\n"
	"---\n"
	"diff --git a/" ITS " b/" ITS "\n"
	"index 2222222..3333333 100644\n"
	"--- a/" ITS "\n"
	"+++ b/" ITS "\n"
	"@@ -12,2 +12,3 @@ static void fake_invalidate(struct fake_its *its)\n"
	" \tfake_for_each(its, idx, irq) {\n"
	"+\t\t/* Only who erases puts. */\n"
	" \t\tirq = fake_erase(its, idx);\n"
	"diff --git a/arch/arm64/kvm/arm.c b/arch/arm64/kvm/arm.c\n"
	"index 4444444..5555555 100644\n"
	"--- a/arch/arm64/kvm/arm.c\n"
	"+++ b/arch/arm64/kvm/arm.c\n"
	"@@ -1 +1 @@\n"
	"-old\n"
	"+new\n"
	"diff --git a/arch/arm64/kvm/vgic/vgic-new.c b/arch/arm64/kvm/vgic/vgic-new.c\n"
	"new file mode 100644\n"
	"index 0000000..6666666\n"
	"--- /dev/null\n"
	"+++ b/arch/arm64/kvm/vgic/vgic-new.c\n"
	"@@ -0,0 +1,2 @@\n"
	"+/* A new fake file. */\n"
	"+int fake_new;\n"
	"-- \n"
	"2.39.5\n";

static void write_file(const char *dir, const char *rel, const char *text)
{
	char path[1024], *p;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	for (p = path + 1; *p; p++)
		if (*p == '/') {
			*p = '\0';
			mkdir(path, 0777);
			*p = '/';
		}
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static char *read_file(const char *dir, const char *rel)
{
	char path[1024];
	static char buf[65536];
	size_t n;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	f = fopen(path, "r");
	if (!f)
		return NULL;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

enum fake_gen { FAKE_A, FAKE_6_1, FAKE_B, FAKE_NO_CACHE };

static const char *const vgic_files[] = {
	"vgic.c", "vgic-mmio.c", "vgic-mmio-v3.c", "vgic-init.c", "vgic-kvm-device.c",
	"vgic-v3.c", "vgic-irqfd.c", "vgic-mmio-v2.c", "vgic.h", "vgic-mmio.h", NULL,
};

/* A fake tree at @dir (under tmp): Linux @version, @gen, without @omit (a path, or NULL). */
static const char *make_tree(const char *dir, const char *version, enum fake_gen gen,
			     const char *omit)
{
	static char top[512];
	unsigned v, p, s;
	char mk[256];

	snprintf(top, sizeof(top), "%s/%s", tmp, dir);
	assert_int_equal(sscanf(version, "%u.%u.%u", &v, &p, &s), 3);
	snprintf(mk, sizeof(mk),
		 "# SPDX-License-Identifier: GPL-2.0\nVERSION = %u\nPATCHLEVEL = %u\nSUBLEVEL = %u\nEXTRAVERSION =\nNAME = Fake\n",
		 v, p, s);
	write_file(top, "Makefile", mk);
	for (int i = 0; vgic_files[i]; i++) {
		char rel[128], text[128];

		snprintf(rel, sizeof(rel), "arch/arm64/kvm/vgic/%s", vgic_files[i]);
		snprintf(text, sizeof(text), "/* A fake %s. */\n", vgic_files[i]);
		if (!omit || strcmp(omit, rel) != 0)
			write_file(top, rel, text);
	}
	if (!omit || strcmp(omit, ITS) != 0)
		write_file(top, ITS, fake_its);
	write_file(top, "include/kvm/arm_vgic.h",
		   gen == FAKE_A ? "struct vgic_irq {\n\tstruct kref refcount;\n};\n\nstruct vgic_its {\n\tstruct xarray\t\ttranslation_cache;\n};\n\nstruct vgic_dist {\n\tstruct xarray\t\tlpi_xa;\n};\n" :
		   gen == FAKE_6_1 ? "struct vgic_irq {\n\tstruct kref refcount;\n};\n\nstruct vgic_its {\n\tint fake;\n};\n\nstruct vgic_dist {\n\traw_spinlock_t\t\tlpi_list_lock;\n\tstruct list_head\tlpi_translation_cache;\n};\n" :
		   gen == FAKE_B ? "struct vgic_irq {\n\trefcount_t refcount;\n};\n\nstruct vgic_its {\n\tstruct xarray\t\ttranslation_cache;\n};\n" :
		   "struct vgic_irq {\n\tstruct kref refcount;\n};\n");
	write_file(top, "include/kvm/iodev.h", "/* A fake iodev.h. */\n");
	write_file(top, "include/linux/irqchip/arm-gic-v3.h", "/* A fake arm-gic-v3.h. */\n");
	write_file(top, "include/linux/irqchip/arm-gic.h", "/* A fake arm-gic.h. */\n");
	write_file(top, "include/uapi/linux/kvm.h", "/* A fake kvm.h. */\n");
	write_file(top, "arch/arm64/include/uapi/asm/kvm.h", "/* A fake asm/kvm.h. */\n");
	write_file(top, "virt/kvm/eventfd.c", "/* A fake eventfd.c. */\n");
	/* Not in the subset: never hashed, never extracted. */
	write_file(top, "arch/arm64/kvm/arm.c", "old\n");
	write_file(top, "arch/arm64/kvm/vgic/vgic.o", "\x7f" "ELF");
	write_file(top, "include/linux/irqchip/arm-vic.h", "/* A fake arm-vic.h. */\n");
	write_file(top, "kernel/fork.c", "/* A fake fork.c. */\n");
	return top;
}

static int sh(const char *fmt, ...)
{
	char cmd[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	return system(cmd);
}

static int setup(void **state)
{
	char cache[300];

	(void)state;
	snprintf(tmp, sizeof(tmp), "%s/itsim-tree-test-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	assert_non_null(mkdtemp(tmp));
	snprintf(cache, sizeof(cache), "%s/cache", tmp);
	setenv("XDG_CACHE_HOME", cache, 1);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	sh("rm -rf '%s'", tmp);
	return 0;
}

static bool has_file(const struct tree_src *t, const char *name)
{
	for (int i = 0; i < tree_file_count(t); i++)
		if (strcmp(tree_file_name(t, i), name) == 0)
			return true;
	return false;
}

static const char *file_sha(const struct tree_src *t, const char *name)
{
	for (int i = 0; i < tree_file_count(t); i++)
		if (strcmp(tree_file_name(t, i), name) == 0)
			return tree_file_sha256(t, i);
	return NULL;
}

static void test_open_dir(void **state)
{
	const char *top = make_tree("linux-6.12.118", "6.12.118", FAKE_A, NULL);
	struct tree_src *t;
	char sha[65];

	(void)state;
	assert_int_equal(tree_open(top, NULL, &t, err, sizeof(err)), TREE_OK);
	assert_string_equal(tree_version(t), "6.12.118");
	assert_int_equal(tree_generation(t), TREE_GEN_A);
	assert_string_equal(tree_generation_name(TREE_GEN_A), "generation A");
	assert_false(tree_extracted(t));
	assert_string_equal(tree_root(t), top);
	assert_int_equal(strlen(tree_hash(t)), 64);
	/* The subset: the vgic sources and headers, the used headers, the Makefile; nothing else. */
	assert_true(has_file(t, "Makefile"));
	assert_true(has_file(t, ITS));
	assert_true(has_file(t, "include/linux/irqchip/arm-gic-v3.h"));
	assert_true(has_file(t, "arch/arm64/include/uapi/asm/kvm.h"));
	assert_true(has_file(t, "virt/kvm/eventfd.c"));
	assert_false(has_file(t, "arch/arm64/kvm/arm.c"));
	assert_false(has_file(t, "arch/arm64/kvm/vgic/vgic.o"));
	assert_false(has_file(t, "include/linux/irqchip/arm-vic.h"));
	assert_false(has_file(t, "kernel/fork.c"));
	assert_int_equal(tree_file_count(t), 19);
	for (int i = 1; i < tree_file_count(t); i++)
		assert_true(strcmp(tree_file_name(t, i - 1), tree_file_name(t, i)) < 0);
	sha256_hex(fake_its, strlen(fake_its), sha);
	assert_string_equal(file_sha(t, ITS), sha);
	tree_close(t);

	/* The 6.1 generation opens too. */
	top = make_tree("linux-6.1.192", "6.1.192", FAKE_6_1, NULL);
	assert_int_equal(tree_open(top, NULL, &t, err, sizeof(err)), TREE_OK);
	assert_string_equal(tree_version(t), "6.1.192");
	assert_int_equal(tree_generation(t), TREE_GEN_6_1);
	tree_close(t);
}

static int count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

static void test_open_archive(void **state)
{
	const char *top = make_tree("src/linux-6.12.118", "6.12.118", FAKE_A, NULL);
	char dir_hash[65], archive[512], root[512], trees[512];
	struct tree_src *t;
	struct stat st1, st2;
	char *notes = NULL;
	size_t notes_len;
	FILE *nf;

	(void)state;
	assert_int_equal(tree_open(top, NULL, &t, err, sizeof(err)), TREE_OK);
	snprintf(dir_hash, sizeof(dir_hash), "%s", tree_hash(t));
	tree_close(t);
	snprintf(archive, sizeof(archive), "%s/linux-6.12.118.tar.xz", tmp);
	assert_int_equal(sh("tar -C '%s/src' -cJf '%s' linux-6.12.118", tmp, archive), 0);

	nf = open_memstream(&notes, &notes_len);
	assert_int_equal(tree_open(archive, nf, &t, err, sizeof(err)), TREE_OK);
	fclose(nf);
	assert_true(tree_extracted(t));
	assert_non_null(strstr(notes, "extracting the vgic files into"));
	free(notes);
	assert_string_equal(tree_version(t), "6.12.118");
	assert_int_equal(tree_generation(t), TREE_GEN_A);
	/* The same files as the directory, so the same hash. */
	assert_string_equal(tree_hash(t), dir_hash);
	snprintf(root, sizeof(root), "%s", tree_root(t));
	snprintf(trees, sizeof(trees), "%s/cache/itsim/trees", tmp);
	assert_int_equal(strncmp(root, trees, strlen(trees)), 0);
	/* Only the subset was extracted. */
	assert_null(read_file(root, "kernel/fork.c"));
	assert_null(read_file(root, "arch/arm64/kvm/arm.c"));
	assert_non_null(read_file(root, ITS));
	tree_close(t);
	assert_int_equal(stat(root, &st1), 0);

	/* The second open extracts nothing: the cache is as it was. */
	nf = open_memstream(&notes, &notes_len);
	assert_int_equal(tree_open(archive, nf, &t, err, sizeof(err)), TREE_OK);
	fclose(nf);
	assert_false(tree_extracted(t));
	assert_string_equal(notes, "");
	free(notes);
	assert_string_equal(tree_root(t), root);
	assert_string_equal(tree_hash(t), dir_hash);
	tree_close(t);
	assert_int_equal(stat(root, &st2), 0);
	assert_int_equal(st1.st_mtim.tv_sec, st2.st_mtim.tv_sec);
	assert_int_equal(st1.st_mtim.tv_nsec, st2.st_mtim.tv_nsec);
	assert_int_equal(count_entries(trees), 1);

	/* A plain .tar of the tree's contents ("./Makefile"), no top directory. */
	snprintf(archive, sizeof(archive), "%s/flat.tar", tmp);
	assert_int_equal(sh("tar -C '%s' -cf '%s' .", top, archive), 0);
	assert_int_equal(tree_open(archive, NULL, &t, err, sizeof(err)), TREE_OK);
	assert_string_equal(tree_hash(t), dir_hash);
	tree_close(t);
	/* And a .tar.gz of one whose members have no "./" either. */
	snprintf(archive, sizeof(archive), "%s/bare.tar.gz", tmp);
	assert_int_equal(sh("cd '%s' && tar -czf '%s' Makefile arch include virt", top, archive), 0);
	assert_int_equal(tree_open(archive, NULL, &t, err, sizeof(err)), TREE_OK);
	assert_string_equal(tree_hash(t), dir_hash);
	tree_close(t);
}

/* Open @src, expecting @status and the message @fmt (with %s for tmp). */
static void expect_error(const char *src, enum tree_status status, const char *want)
{
	struct tree_src *t = (void *)1;

	assert_int_equal(tree_open(src, NULL, &t, err, sizeof(err)), status);
	assert_null(t);
	assert_string_equal(err, want);
}

static void test_bad_input(void **state)
{
	char src[512], want[1024];
	const char *top;

	(void)state;
	snprintf(src, sizeof(src), "%s/nowhere", tmp);
	snprintf(want, sizeof(want), "%s: cannot open: No such file or directory", src);
	expect_error(src, TREE_ERR_MISSING, want);

	snprintf(src, sizeof(src), "%s/notes.txt", tmp);
	write_file(tmp, "notes.txt", "hello\n");
	snprintf(want, sizeof(want), "%s: neither a kernel source directory nor a .tar, .tar.gz or .tar.xz archive of one", src);
	expect_error(src, TREE_ERR_NOT_TREE, want);

	/* A directory that is no kernel tree; a Makefile without SUBLEVEL. */
	write_file(tmp, "empty/README", "not a kernel\n");
	snprintf(src, sizeof(src), "%s/empty", tmp);
	snprintf(want, sizeof(want), "%s: not a kernel source tree: no top Makefile with VERSION, PATCHLEVEL and SUBLEVEL", src);
	expect_error(src, TREE_ERR_NOT_TREE, want);
	write_file(tmp, "empty/Makefile", "VERSION = 6\nPATCHLEVEL = 12\n");
	expect_error(src, TREE_ERR_NOT_TREE, want);

	/* The first required vgic file missing is named. */
	top = make_tree("no-its", "6.12.118", FAKE_A, ITS);
	snprintf(want, sizeof(want), "%s: Linux 6.12.118 has no arch/arm64/kvm/vgic/vgic-its.c: itsim needs the arm64 KVM vgic files", top);
	expect_error(top, TREE_ERR_NO_VGIC, want);
	top = make_tree("no-irqfd", "6.12.118", FAKE_A, "arch/arm64/kvm/vgic/vgic-irqfd.c");
	snprintf(want, sizeof(want), "%s: Linux 6.12.118 has no arch/arm64/kvm/vgic/vgic-irqfd.c: itsim needs the arm64 KVM vgic files", top);
	expect_error(top, TREE_ERR_NO_VGIC, want);

	/* Generations itsim does not run. */
	top = make_tree("gen-b", "6.18.0", FAKE_B, NULL);
	snprintf(want, sizeof(want), "%s: Linux 6.18.0 is not a generation itsim runs: struct vgic_irq counts references with a refcount_t, LPIs released deferred (the 6.17 generation), not a kref; it runs the 6.1 generation (global translation cache) and generation A (6.12: kref, per-ITS xarray cache)", top);
	expect_error(top, TREE_ERR_GENERATION, want);
	top = make_tree("gen-none", "5.4.0", FAKE_NO_CACHE, NULL);
	snprintf(want, sizeof(want), "%s: Linux 5.4.0 is not a generation itsim runs: a kref but no translation cache that itsim knows (neither struct vgic_its's xarray nor struct vgic_dist's list); it runs the 6.1 generation (global translation cache) and generation A (6.12: kref, per-ITS xarray cache)", top);
	expect_error(top, TREE_ERR_GENERATION, want);
	assert_int_equal(tree_detect_generation(top, want, sizeof(want)), TREE_GEN_UNKNOWN);

	/* Archives: not a tar at all; a kernel archive without vgic-its.c. */
	snprintf(src, sizeof(src), "%s/junk.tar.xz", tmp);
	write_file(tmp, "junk.tar.xz", "this is no archive\n");
	assert_int_equal(tree_open(src, NULL, &(struct tree_src *){ NULL }, err, sizeof(err)), TREE_ERR_ARCHIVE);
	snprintf(want, sizeof(want), "%s: not a readable tar archive (tar: ", src);
	assert_int_equal(strncmp(err, want, strlen(want)), 0);
	snprintf(src, sizeof(src), "%s/no-its.tar.gz", tmp);
	assert_int_equal(sh("tar -C '%s' -czf '%s' no-its", tmp, src), 0);
	snprintf(want, sizeof(want), "%s: Linux 6.12.118 has no arch/arm64/kvm/vgic/vgic-its.c: itsim needs the arm64 KVM vgic files", src);
	expect_error(src, TREE_ERR_NO_VGIC, want);
	snprintf(src, sizeof(src), "%s/not-kernel.tar", tmp);
	assert_int_equal(sh("tar -C '%s' -cf '%s' empty", tmp, src), 0);
	snprintf(want, sizeof(want), "%s: not a kernel source archive: no top Makefile with VERSION, PATCHLEVEL and SUBLEVEL", src);
	expect_error(src, TREE_ERR_NOT_TREE, want);
}

/* Write @text as the patch file @name under tmp; its path. */
static const char *patch_file(const char *name, const char *text)
{
	static char path[8][512];
	static int next;
	char *p = path[next++ % 8];

	write_file(tmp, name, text);
	snprintf(p, 512, "%s/%s", tmp, name);
	return p;
}

/* Open a fresh fake tree and apply @n patches; the status, notes in *@notes (freed by the caller). */
static enum tree_status open_and_patch(const char *dir, struct tree_src **t,
				       const char *const *patches, int n, char **notes)
{
	const char *top = make_tree(dir, "6.12.118", FAKE_A, NULL);
	enum tree_status rc;
	size_t len;
	FILE *nf = open_memstream(notes, &len);

	assert_int_equal(tree_open(top, NULL, t, err, sizeof(err)), TREE_OK);
	rc = tree_patch(*t, patches, n, nf, err, sizeof(err));
	fclose(nf);
	return rc;
}

static void test_patch_unified(void **state)
{
	const char *p = patch_file("fix.diff", fix_hunk);
	char before[65], top[512];
	struct tree_src *t;
	char *notes;

	(void)state;
	assert_int_equal(open_and_patch("unified", &t, &p, 1, &notes), TREE_OK);
	assert_string_equal(notes, "");
	free(notes);
	snprintf(top, sizeof(top), "%s/unified", tmp);
	assert_string_not_equal(tree_root(t), top);
	assert_string_equal(read_file(tree_root(t), ITS), fixed_its);
	/* The user's tree is untouched; the hash follows the patched copy. */
	assert_string_equal(read_file(top, ITS), fake_its);
	sha256_hex(fixed_its, strlen(fixed_its), before);
	assert_string_equal(file_sha(t, ITS), before);
	snprintf(before, sizeof(before), "%s", tree_hash(t));
	tree_close(t);
	assert_int_equal(tree_open(top, NULL, &t, err, sizeof(err)), TREE_OK);
	assert_string_not_equal(tree_hash(t), before);
	tree_close(t);
}

static void test_patch_format_patch_and_mbox(void **state)
{
	char text[8192];
	const char *p;
	struct tree_src *t;
	char *notes;

	(void)state;
	snprintf(text, sizeof(text), "%s%s%s", format_patch_head, fix_hunk, signature);
	p = patch_file("0001-fake.patch", text);
	assert_int_equal(open_and_patch("format-patch", &t, &p, 1, &notes), TREE_OK);
	free(notes);
	assert_string_equal(read_file(tree_root(t), ITS), fixed_its);
	tree_close(t);

	/* Two messages in one mbox: the second builds on the first. */
	snprintf(text, sizeof(text), "%s%s%s%s", format_patch_head, fix_hunk, signature, second_message);
	p = patch_file("series.mbox", text);
	assert_int_equal(open_and_patch("mbox", &t, &p, 1, &notes), TREE_OK);
	assert_non_null(strstr(notes, "series.mbox: an mbox of 2 messages, applied in order\n"));
	assert_non_null(strstr(notes, "series.mbox: arch/arm64/kvm/arm.c skipped: itsim reads none of it\n"));
	free(notes);
	assert_non_null(strstr(read_file(tree_root(t), ITS),
			       "\tfake_for_each(its, idx, irq) {\n\t\t/* Only who erases puts. */\n\t\tirq = fake_erase(its, idx);\n"));
	assert_string_equal(read_file(tree_root(t), "arch/arm64/kvm/vgic/vgic-new.c"),
			    "/* A new fake file. */\nint fake_new;\n");
	assert_true(has_file(t, "arch/arm64/kvm/vgic/vgic-new.c"));
	tree_close(t);

	/* The same two as two patch files, in order. */
	{
		char second[4096];
		const char *two[2];

		snprintf(text, sizeof(text), "%s%s%s", format_patch_head, fix_hunk, signature);
		snprintf(second, sizeof(second), "%s", second_message);
		two[0] = patch_file("0001.patch", text);
		two[1] = patch_file("0002.patch", second);
		assert_int_equal(open_and_patch("two-files", &t, two, 2, &notes), TREE_OK);
		free(notes);
		assert_non_null(read_file(tree_root(t), "arch/arm64/kvm/vgic/vgic-new.c"));
		tree_close(t);
	}
}

static void test_patch_offset(void **state)
{
	char text[4096];
	const char *p;
	struct tree_src *t;
	char *notes, *at;

	(void)state;
	/* The hunk says line 5; its context is at line 11. */
	snprintf(text, sizeof(text), "%s", fix_hunk);
	at = strstr(text, "@@ -11,6 +11,7 @@");
	memcpy(at, "@@ -5,6 +5,7 @@  ", 17);
	p = patch_file("offset.diff", text);
	assert_int_equal(open_and_patch("offset", &t, &p, 1, &notes), TREE_OK);
	assert_non_null(strstr(notes, "offset.diff: hunk #1 of " ITS " applied at offset +6\n"));
	free(notes);
	assert_string_equal(read_file(tree_root(t), ITS), fixed_its);
	tree_close(t);
}

static void test_patch_fails(void **state)
{
	char text[4096], want[1024];
	const char *p, *two[2];
	struct tree_src *t;
	char *notes;

	(void)state;
	/* Hunk #1 applies, hunk #2's removed line is not in the file. */
	p = patch_file("bad-hunk.diff",
		       "--- a/" ITS "\n"
		       "+++ b/" ITS "\n"
		       "@@ -3,3 +3,3 @@ int fake_setup(void)\n"
		       " {\n"
		       "-\treturn 0;\n"
		       "+\treturn 2;\n"
		       " }\n"
		       "@@ -12,3 +12,3 @@ static void fake_invalidate(struct fake_its *its)\n"
		       " \tfake_for_each(its, idx, irq) {\n"
		       "-\t\tfake_erase(its, 0);\n"
		       "+\t\tfake_erase(its, 1);\n"
		       " \t\tfake_put(irq);\n");
	assert_int_equal(open_and_patch("bad-hunk", &t, &p, 1, &notes), TREE_ERR_PATCH);
	free(notes);
	snprintf(want, sizeof(want), "%s: hunk #2 of " ITS " does not apply: no place in the file matches its 3 context and removed lines (expected at line 12)", p);
	assert_string_equal(err, want);
	/* Left unpatched. */
	assert_string_equal(read_file(tree_root(t), ITS), fake_its);
	tree_close(t);

	/* The same patch twice: the second is already applied. */
	two[0] = two[1] = patch_file("fix.diff", fix_hunk);
	assert_int_equal(open_and_patch("twice", &t, two, 2, &notes), TREE_ERR_PATCH);
	free(notes);
	snprintf(want, sizeof(want), "%s: hunk #1 of " ITS " does not apply: it is already applied (its result is at line 11)", two[0]);
	assert_string_equal(err, want);
	tree_close(t);

	/* Tabs turned into spaces, without the lost-marker damage: refused, and said why. */
	snprintf(text, sizeof(text), "%s", fix_hunk);
	for (char *c = strstr(text, "@@"); *c; c++)
		if (*c == '\t')
			*c = ' ';
	p = patch_file("spaces.diff", text);
	assert_int_equal(open_and_patch("spaces", &t, &p, 1, &notes), TREE_ERR_PATCH);
	free(notes);
	snprintf(want, sizeof(want), "%s: hunk #1 of " ITS " does not apply: its context matches line 11 only if whitespace is ignored", p);
	assert_string_equal(err, want);
	tree_close(t);

	/* Malformed: the header promises more lines than follow. */
	p = patch_file("short.diff",
		       "--- a/" ITS "\n"
		       "+++ b/" ITS "\n"
		       "@@ -3,4 +3,4 @@\n"
		       " {\n"
		       "-\treturn 0;\n"
		       "+\treturn 2;\n");
	assert_int_equal(open_and_patch("short", &t, &p, 1, &notes), TREE_ERR_PATCH);
	free(notes);
	snprintf(want, sizeof(want), "%s:3: hunk #1 of " ITS " ends early: its header promises 4 old and 4 new lines", p);
	assert_string_equal(err, want);
	tree_close(t);

	/* No diff at all; a file that does not exist. */
	p = patch_file("prose.txt", "Just words.\n");
	assert_int_equal(open_and_patch("prose", &t, &p, 1, &notes), TREE_ERR_PATCH);
	free(notes);
	snprintf(want, sizeof(want), "%s: no diff in it (no --- and +++ lines, no @@ hunks)", p);
	assert_string_equal(err, want);
	tree_close(t);
	snprintf(want, sizeof(want), "%s/missing.patch", tmp);
	p = want;
	assert_int_equal(open_and_patch("missing", &t, &p, 1, &notes), TREE_ERR_MISSING);
	free(notes);
	assert_non_null(strstr(err, "missing.patch: cannot read: No such file or directory"));
	tree_close(t);
}

/* @text with every line's leading whitespace removed, as a mail archive serves it. */
static void strip_indent(char *text)
{
	char *o = text;
	bool bol = true;

	for (char *s = text; *s; s++) {
		if (bol && (*s == ' ' || *s == '\t'))
			continue;
		bol = *s == '\n';
		*o++ = *s;
	}
	*o = '\0';
}

static void test_patch_damaged(void **state)
{
	char text[8192], want[1024];
	const char *p;
	struct tree_src *t;
	char *notes;

	(void)state;
	snprintf(text, sizeof(text), "%s%s%s", format_patch_head, fix_hunk, signature);
	strip_indent(text);
	assert_non_null(strstr(text, "\nfake_for_each(its, idx, irq) {\n-\t\tfake_erase"));
	p = patch_file("damaged.patch", text);
	assert_int_equal(open_and_patch("damaged", &t, &p, 1, &notes), TREE_OK);
	snprintf(want, sizeof(want),
		 "%s: 3 context lines lost their leading whitespace (mail-archive damage); repairing them from the files\n"
		 "%s: hunk #1 of " ITS ": indentation restored from the file's lines 11-16\n", p, p);
	assert_string_equal(notes, want);
	free(notes);
	/* The same result as the undamaged patch. */
	assert_string_equal(read_file(tree_root(t), ITS), fixed_its);
	tree_close(t);

	/* Damaged, and its context ("{", "return 0;", "}") is in two functions: refused. */
	snprintf(text, sizeof(text),
		 "--- a/" ITS "\n"
		 "+++ b/" ITS "\n"
		 "@@ -3,3 +3,3 @@\n"
		 " {\n"
		 "-\treturn 0;\n"
		 "+\treturn 2;\n"
		 " }\n");
	strip_indent(text);
	p = patch_file("ambiguous.patch", text);
	assert_int_equal(open_and_patch("ambiguous", &t, &p, 1, &notes), TREE_ERR_PATCH);
	free(notes);
	snprintf(want, sizeof(want), "%s: hunk #1 of " ITS " lost its leading whitespace (mail-archive damage) and cannot be repaired: its context matches more than one place of the file once whitespace is ignored", p);
	assert_string_equal(err, want);
	assert_string_equal(read_file(tree_root(t), ITS), fake_its);
	tree_close(t);

	/* Damaged and against other code: no place matches. */
	snprintf(text, sizeof(text), "%s", fix_hunk);
	*strstr(text, "idx, irq") = 'X';
	strip_indent(text);
	p = patch_file("elsewhere.patch", text);
	assert_int_equal(open_and_patch("elsewhere", &t, &p, 1, &notes), TREE_ERR_PATCH);
	free(notes);
	snprintf(want, sizeof(want), "%s: hunk #1 of " ITS " lost its leading whitespace (mail-archive damage) and cannot be repaired: its context matches no place of the file once whitespace is ignored", p);
	assert_string_equal(err, want);
	tree_close(t);
}

/* Debian's linux-source-6.12, when installed: version 6.12.x, generation A. */
static int real_tarball(const char *cache)
{
	const char *tarball = "/usr/src/linux-source-6.12.tar.xz";
	struct tree_src *t;
	int rc = 0;

	if (access(tarball, R_OK) != 0) {
		printf("SKIP: %s is not installed (Debian package linux-source-6.12; tools/deps.sh itsim_need_kernel_sources installs it)\n",
		       tarball);
		return 77;
	}
	setenv("XDG_CACHE_HOME", cache, 1);
	if (tree_open(tarball, stdout, &t, err, sizeof(err)) != TREE_OK) {
		printf("FAIL: %s\n", err);
		return 1;
	}
	printf("%s: Linux %s, %s, %d files, hash %s, %s\n", tarball, tree_version(t),
	       tree_generation_name(tree_generation(t)), tree_file_count(t), tree_hash(t),
	       tree_extracted(t) ? "extracted" : "from the cache");
	if (strncmp(tree_version(t), "6.12.", 5) != 0) {
		printf("FAIL: version %s is not 6.12.x\n", tree_version(t));
		rc = 1;
	}
	if (tree_generation(t) != TREE_GEN_A) {
		printf("FAIL: %s, not generation A\n", tree_generation_name(tree_generation(t)));
		rc = 1;
	}
	for (int i = 0; tree_required_file(i); i++)
		if (!has_file(t, tree_required_file(i))) {
			printf("FAIL: no %s\n", tree_required_file(i));
			rc = 1;
		}
	tree_close(t);
	return rc;
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_open_dir, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_archive, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_input, setup, teardown),
		cmocka_unit_test_setup_teardown(test_patch_unified, setup, teardown),
		cmocka_unit_test_setup_teardown(test_patch_format_patch_and_mbox, setup, teardown),
		cmocka_unit_test_setup_teardown(test_patch_offset, setup, teardown),
		cmocka_unit_test_setup_teardown(test_patch_fails, setup, teardown),
		cmocka_unit_test_setup_teardown(test_patch_damaged, setup, teardown),
	};

	if (argc == 3 && strcmp(argv[1], "--real") == 0)
		return real_tarball(argv[2]);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
