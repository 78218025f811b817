/* SPDX-License-Identifier: MIT */
/*
 * A kernel tree made a model: its vgic files compiled by sim/tree/build.sh
 * into a shared object, cached by the hash of every input, and loaded.
 */
#include "src_internal.h"

#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <scenario/sha256.h>
#include <sim/alloc.h>
#include <sim/engine.h>

/* Eight files of a tree compile in about 4 s of CPU; allow for a slow machine. */
#define TREE_BUILD_TIMEOUT_S 600

/* tree_hash_dir() below @top: each file named relative to @top. */
static void hash_below(struct sha256_ctx *ctx, const char *top,
		       const char *dir, const char *ext, bool recurse)
{
	struct dirent **names;
	int n = scandir(dir, &names, NULL, alphasort);

	for (int i = 0; i < n; i++) {
		const char *name = names[i]->d_name;
		char *path = sim_xasprintf("%s/%s", dir, name);
		size_t nl = strlen(name), el = strlen(ext);
		struct stat st;

		if (name[0] != '.' && stat(path, &st) == 0) {
			if (S_ISDIR(st.st_mode) && recurse) {
				hash_below(ctx, top, path, ext, true);
			} else if (S_ISREG(st.st_mode) && nl > el &&
				   strcmp(name + nl - el, ext) == 0) {
				const char *rel = path + strlen(top);
				size_t len = 0;
				char *text = tree_slurp(path, &len);

				/* Where the checkout is changes nothing. */
				sha256_update(ctx, rel, strlen(rel) + 1);
				if (text)
					sha256_update(ctx, text, len);
				free(text);
			}
		}
		free(path);
		free(names[i]);
	}
	if (n >= 0)
		free(names);
}

void tree_hash_dir(struct sha256_ctx *ctx, const char *dir, const char *ext,
		   bool recurse)
{
	hash_below(ctx, dir, dir, ext, recurse);
}

static bool kcsan;

void tree_set_kcsan(bool on)
{
	kcsan = on;
}

/* The instrumentation code under test is compiled with. */
static const char *xcflags(void)
{
	return kcsan ? SIM_KCSAN_CFLAGS : SIM_KASAN_CFLAGS;
}

/* The object's name: the tree after patching and everything it is built with. */
static void build_key(const struct tree_src *t, const char *srcroot,
		      char key[65])
{
	static const char *const dirs[][2] = {
		{ "include", ".h" }, { "sim/tree", ".h" }, { "sim/tree", ".c" },
		{ "sim/tree", ".sh" }, { "sim/model/include", ".h" },
	};
	const char *cc = getenv("CC");
	struct sha256_ctx ctx;
	uint8_t digest[32];

	sha256_init(&ctx);
	sha256_update(&ctx, t->hash, sizeof(t->hash));
	sha256_update(&ctx, cc && *cc ? cc : "cc", strlen(cc && *cc ? cc : "cc") + 1);
	sha256_update(&ctx, SIM_WRAP_EXIT_LDFLAGS, sizeof(SIM_WRAP_EXIT_LDFLAGS));
	sha256_update(&ctx, xcflags(), strlen(xcflags()) + 1);
	for (size_t i = 0; i < sizeof(dirs) / sizeof(*dirs); i++) {
		char *dir = sim_xasprintf("%s/%s", srcroot, dirs[i][0]);

		sha256_update(&ctx, dirs[i][0], strlen(dirs[i][0]) + 1);
		tree_hash_dir(&ctx, dir, dirs[i][1], true);
		free(dir);
	}
	sha256_final(&ctx, digest);
	for (int i = 0; i < 32; i++)
		snprintf(key + 2 * i, 3, "%02x", digest[i]);
}

/* Copy the build's output in @path to @log. */
static void show_log(const char *path, FILE *log)
{
	char *text = tree_slurp(path, NULL);

	if (log && text)
		fputs(text, log);
	free(text);
}

/* Run build.sh; @so gets the object. Return: 0, or -1 with @err set. */
static int compile(const struct tree_src *t, const char *srcroot,
		   const char *so, FILE *log, char *err, size_t len)
{
	char *script = sim_xasprintf("%s/sim/tree/build.sh", srcroot);
	char *logpath = sim_xasprintf("%s.log", so);
	char why[256];
	/* Read again after patching: the harness must fit the patched code. */
	enum tree_generation gen = tree_detect_generation(tree_root(t), why,
							  sizeof(why));
	char *argv[] = { "sh", script, (char *)tree_root(t), (char *)so,
			 (char *)srcroot, gen == TREE_GEN_6_1 ? "6.1" : "a",
			 SIM_WRAP_EXIT_LDFLAGS, (char *)xcflags(), NULL };
	int fd = -1, rc = -1;
	pid_t pid;

	if (gen != TREE_GEN_A && gen != TREE_GEN_6_1) {
		snprintf(err, len, "%s: Linux %s after the patches is not a generation itsim runs: %s",
			 t->src, tree_version(t), why);
		goto out;
	}
	fd = open(logpath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0 || tree_spawn(argv, fd, fd, &pid) != 0) {
		snprintf(err, len, "%s: cannot run %s: %s", t->src, script,
			 strerror(errno));
		goto out;
	}
	rc = tree_wait_timeout(pid, TREE_BUILD_TIMEOUT_S);
	if (rc == -2)
		snprintf(err, len, "%s: compiling the kernel tree took more than %d s",
			 t->src, TREE_BUILD_TIMEOUT_S);
	else if (rc != 0)
		snprintf(err, len, "%s: the kernel tree (%s) does not compile against "
			 "the shims (the compiler's messages are above)", t->src,
			 tree_version(t));
	if (rc != 0) {
		show_log(logpath, log);
		rc = -1;
	}
out:
	if (fd >= 0)
		close(fd);
	unlink(logpath);
	free(logpath);
	free(script);
	return rc;
}

const struct model_ops *tree_model_build(struct tree_src *t,
					 const char *srcroot, FILE *notes,
					 FILE *log, char *err, size_t len)
{
	char key[65], *dir = tree_cache_dir(), *so = NULL, *tmp = NULL, *work;
	const struct model_ops *ops = NULL;
	struct stat st;
	void *h;

	if (!dir) {
		snprintf(err, len, "%s: cannot create the tree cache: %s", t->src,
			 strerror(errno));
		return NULL;
	}
	build_key(t, srcroot, key);
	so = sim_xasprintf("%s/objects/%s.so", dir, key);
	if (stat(so, &st) != 0) {
		if (tree_mkdirs_for(so) != 0) {
			snprintf(err, len, "%s: cannot create %s: %s", t->src, so,
				 strerror(errno));
			goto out;
		}
		if (notes)
			fprintf(notes, "itsim: compiling %s (linux %s) into %s\n",
				t->src, tree_version(t), so);
		tmp = sim_xasprintf("%s.%d.tmp.so", so, (int)getpid());
		if (compile(t, srcroot, tmp, log, err, len) != 0)
			goto out;
		/* Atomic: a concurrent run never loads a half-written object. */
		if (rename(tmp, so) != 0) {
			snprintf(err, len, "%s: cannot write %s: %s", t->src, so,
				 strerror(errno));
			goto out;
		}
	}
	h = dlopen(so, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		snprintf(err, len, "%s: cannot load the compiled tree: %s", t->src,
			 dlerror());
		goto out;
	}
	ops = dlsym(h, "itsim_tree_model");
	if (!ops)
		snprintf(err, len, "%s: %s has no itsim_tree_model", t->src, so);
out:
	if (tmp) {
		unlink(tmp);
		work = sim_xasprintf("%s.d", tmp);
		tree_remove_dir(work);
		free(work);
	}
	free(tmp);
	free(so);
	free(dir);
	return ops;
}
