/* SPDX-License-Identifier: MIT */
/*
 * Variants from a user's C file: compiled with the system compiler against
 * the installed shim and model headers into a shared object, cached by the
 * SHA-256 of the source and the compile command, loaded with dlopen() and
 * registered with the model, which resolves its base like a built-in one.
 *
 * The sim executable exports its symbols (-rdynamic), so the object's
 * calls into the model and the shims land in the running simulator; the
 * object is built with hidden visibility, so its own functions never
 * shadow the model's dispatchers.
 */
#include "variant_file.h"
#include "cli.h"

#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <model/model.h>
#include <sim/alloc.h>
#include <sim/engine.h>
#include <scenario/sha256.h>
#include <tree/tree.h>

extern char **environ;

#ifndef ITSIM_SOURCE_ROOT
#define ITSIM_SOURCE_ROOT "."
#endif

/* What the kernel's own build refuses is an error here too. */
/* A non-static function the model does not declare is not a replaceable
 * one (a typo in its name): -Werror=missing-prototypes says so. A frame
 * above the kernel's arm64 limit (CONFIG_FRAME_WARN) is refused too. The
 * exit() family is wrapped: such a call ends one execution, not the run. */
#define CFLAGS_COMMON "-std=gnu11 -O1 -g -fPIC -shared -fvisibility=hidden -D_GNU_SOURCE -Wall -Wno-unused-function -Werror=implicit-function-declaration -Werror=incompatible-pointer-types -Werror=int-conversion -Werror=missing-prototypes -Werror=frame-larger-than=2048 "
#define CFLAGS_FIXED CFLAGS_COMMON SIM_KASAN_CFLAGS " " SIM_WRAP_EXIT_LDFLAGS
/*
 * --kcsan: compiled (-c) with the thread sanitizer's callbacks, then
 * linked apart, without it: gcc links userspace TSan's runtime into any
 * object it links with -fsanitize=thread.
 */
#define CFLAGS_KCSAN CFLAGS_COMMON SIM_KCSAN_CFLAGS
#define LDFLAGS_KCSAN "-shared " SIM_WRAP_EXIT_LDFLAGS

static bool kcsan;

void cli_variant_set_kcsan(bool on)
{
	kcsan = on;
}

struct loaded {
	char name[MODEL_VARIANT_NAME_MAX + 1];
	char file[65];		/* the base name of its file */
	char sha256[65];
	char *text;
	void *handle;
};

static struct loaded loaded[MODEL_BUILTIN_MAX_REGISTERED];
static int nr_loaded;

/*
 * The headers' root: an installed copy beside the binary
 * (PREFIX/bin/sim -> PREFIX/share/itsim), else the source tree the binary
 * was built from.
 */
void cli_source_root(char *buf, size_t len)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	struct stat st;

	if (n > 0) {
		char *slash;

		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash) {
			char probe[PATH_MAX + 64];

			*slash = '\0';
			/* A path too long to hold is no installed tree. */
			if (snprintf(buf, len, "%s/../share/itsim", exe) < (int)len &&
			    snprintf(probe, sizeof(probe),
				     "%s/include/kvm/itsim-variant.h", buf) <
			    (int)sizeof(probe) &&
			    stat(probe, &st) == 0)
				return;
		}
	}
	snprintf(buf, len, "%s", ITSIM_SOURCE_ROOT);
}

/* $XDG_CACHE_HOME/itsim/variants, or ~/.cache/..., created as needed. */
static int cache_dir(char *buf, size_t len)
{
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	char path[PATH_MAX];

	if (xdg && *xdg)
		snprintf(path, sizeof(path), "%s/itsim/variants", xdg);
	else if (home && *home)
		snprintf(path, sizeof(path), "%s/.cache/itsim/variants", home);
	else
		snprintf(path, sizeof(path), "/tmp/itsim-%u/variants", (unsigned)getuid());
	for (char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0777) && errno != EEXIST)
			return -1;
		*p = '/';
	}
	if (mkdir(path, 0777) && errno != EEXIST)
		return -1;
	snprintf(buf, len, "%s", path);
	return 0;
}

/* A compiler that runs longer has met a file that never ends. */
#define VARIANT_COMPILE_TIMEOUT_S 120

/*
 * Run @argv with stdout and stderr to the caller's stderr, in its own
 * process group, killed past VARIANT_COMPILE_TIMEOUT_S (an #include of a
 * FIFO or /dev/zero never ends). Return: its status, or -1.
 */
static int run(char *const argv[])
{
	const char *env = getenv("ITSIM_COMPILE_TIMEOUT");
	int timeout = VARIANT_COMPILE_TIMEOUT_S;
	pid_t pid;
	int rc;

	/* Tests shorten it; anything but a positive number keeps the default. */
	if (env && atoi(env) > 0)
		timeout = atoi(env);
	if (tree_spawn(argv, 2, 2, &pid) != 0)
		return -1;
	rc = tree_wait_timeout(pid, timeout);
	if (rc == -2)
		fprintf(stderr, "itsim: the compiler ran more than %d s (does the file include one that never ends?)\n",
			timeout);
	return rc < 0 ? -1 : rc;
}

static int compile(const char *src, const char *so, const char *root)
{
	const char *cc = getenv("CC");
	char *inc1 = sim_xasprintf("-I%s/include", root);
	char *inc2 = sim_xasprintf("-I%s/sim/kvm", root);
	char *inc3 = sim_xasprintf("-I%s/sim/kvm/variants", root);
	char *tmp = sim_xasprintf("%s.%d.tmp", so, (int)getpid());
	char *obj = sim_xasprintf("%s.%d.o", so, (int)getpid());
	char flags[] = CFLAGS_FIXED, kflags[] = CFLAGS_KCSAN, lflags[] = LDFLAGS_KCSAN;
	char *argv[48];
	int n = 0, rc;

	argv[n++] = (char *)(cc && *cc ? cc : "cc");
	for (char *tok = strtok(kcsan ? kflags : flags, " "); tok; tok = strtok(NULL, " "))
		argv[n++] = tok;
	argv[n++] = inc1;
	argv[n++] = inc2;
	argv[n++] = inc3;
	if (kcsan)
		argv[n++] = "-c";
	argv[n++] = "-o";
	argv[n++] = kcsan ? obj : tmp;
	argv[n++] = (char *)src;
	argv[n] = NULL;
	rc = run(argv);
	if (rc == 0 && kcsan) {
		n = 1;
		for (char *tok = strtok(lflags, " "); tok; tok = strtok(NULL, " "))
			argv[n++] = tok;
		argv[n++] = "-o";
		argv[n++] = tmp;
		argv[n++] = obj;
		argv[n] = NULL;
		rc = run(argv);
	}
	unlink(obj);
	free(obj);
	if (rc != 0)
		unlink(tmp);
	/* Atomic: a concurrent run never loads a half-written object. */
	else if (rename(tmp, so) != 0)
		rc = -1;
	free(inc1);
	free(inc2);
	free(inc3);
	free(tmp);
	return rc;
}

/*
 * The cache key of a compiled variant: its text, the compiler and its
 * flags, and the headers it compiles against, by content (a header that
 * changed gives a new object: its static inlines are compiled in).
 */
static void variant_key(const char *text, const char *file, const char *cc,
			const char *root, char key[65])
{
	struct sha256_ctx ctx;
	uint8_t digest[32];
	char *dir;

	sha256_init(&ctx);
	sha256_update(&ctx, text, strlen(text) + 1);
	/* The object's sites name the file: __FILE__ is compiled in. */
	sha256_update(&ctx, file, strlen(file) + 1);
	sha256_update(&ctx, cc, strlen(cc) + 1);
	if (kcsan) {
		sha256_update(&ctx, CFLAGS_KCSAN, sizeof(CFLAGS_KCSAN));
		sha256_update(&ctx, LDFLAGS_KCSAN, sizeof(LDFLAGS_KCSAN));
	} else {
		sha256_update(&ctx, CFLAGS_FIXED, sizeof(CFLAGS_FIXED));
	}
	sha256_update(&ctx, "include", sizeof("include"));
	dir = sim_xasprintf("%s/include", root);
	tree_hash_dir(&ctx, dir, ".h", true);
	free(dir);
	sha256_update(&ctx, "sim/kvm", sizeof("sim/kvm"));
	dir = sim_xasprintf("%s/sim/kvm", root);
	tree_hash_dir(&ctx, dir, ".h", true);
	free(dir);
	sha256_final(&ctx, digest);
	for (int i = 0; i < 32; i++)
		snprintf(key + 2 * i, 3, "%02x", digest[i]);
}

/*
 * @file: the user's file, compiled where it is so the compiler's messages
 * name it; NULL for a text from a trace, compiled from the cache's copy,
 * KEY/BASE, so that reports name its sites as they named the user's file.
 * @base: the file's base name.
 */
static int load_text(const char *display, const char *file, const char *base,
		     const char *text, char *name_out, size_t name_len)
{
	char root[PATH_MAX], dir[PATH_MAX], key[65], src[2 * PATH_MAX + 160],
	     so[PATH_MAX + 80], err[256];
	const struct vgic_variant *const *sym;
	const char *cc = getenv("CC");
	struct stat st;
	struct loaded *l;
	void *h;

	if (nr_loaded >= (int)(sizeof(loaded) / sizeof(loaded[0]))) {
		fprintf(stderr, "%s: too many variant files (at most %d)\n", display,
			MODEL_BUILTIN_MAX_REGISTERED);
		return 2;
	}
	cli_source_root(root, sizeof(root));
	variant_key(text, base, cc && *cc ? cc : "cc", root, key);
	if (cache_dir(dir, sizeof(dir))) {
		fprintf(stderr, "%s: cannot create the variant cache: %s\n", display,
			strerror(errno));
		return 2;
	}
	snprintf(src, sizeof(src), "%s/%s", dir, key);
	snprintf(so, sizeof(so), "%s/%s.so", dir, key);
	if (stat(so, &st) != 0) {
		FILE *f;

		if (mkdir(src, 0755) != 0 && errno != EEXIST) {
			fprintf(stderr, "%s: cannot create %s: %s\n", display, src,
				strerror(errno));
			return 2;
		}
		snprintf(src + strlen(src), sizeof(src) - strlen(src), "/%s", base);
		f = fopen(src, "w");

		if (!f || fputs(text, f) < 0 || fclose(f) != 0) {
			fprintf(stderr, "%s: cannot write %s: %s\n", display, src,
				strerror(errno));
			return 2;
		}
		if (compile(file ? file : src, so, root) != 0) {
			fprintf(stderr, "%s: the variant file does not compile (the compiler's messages are above; "
				"\"no previous prototype\" names a function that is not one of the replaceable ones: "
				"check its name against `sim variant new`, or make a helper static)\n",
				display);
			return 2;
		}
	}
	h = dlopen(so, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		fprintf(stderr, "%s: cannot load: %s\n", display, dlerror());
		return 2;
	}
	sym = dlsym(h, "itsim_file_variant");
	if (!sym) {
		fprintf(stderr, "%s: no VARIANT(...) line: the file defines no itsim_file_variant\n",
			display);
		dlclose(h);
		return 2;
	}
	if (model_builtin_register_variant((const struct vgic_variant *)sym, err, sizeof(err))) {
		fprintf(stderr, "%s: %s\n", display, err);
		dlclose(h);
		return 2;
	}
	l = &loaded[nr_loaded++];
	l->handle = h;
	l->text = strdup(text);
	snprintf(l->file, sizeof(l->file), "%s", base);
	sha256_hex(text, strlen(text), l->sha256);
	snprintf(l->name, sizeof(l->name), "%s", model_builtin.variant_name(model_builtin.variant_count() - 1));
	snprintf(name_out, name_len, "%s", l->name);
	return 0;
}

int cli_variant_file_load(const char *path, char *name_out, size_t name_len)
{
	const char *base;
	struct stat st;
	size_t len;
	char *text;
	int rc;

	/* A FIFO or a device would block the read, or never end. */
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		fprintf(stderr, "%s: not a regular file\n", path);
		return 2;
	}
	text = cli_read_file(path, &len);
	if (!text) {
		fprintf(stderr, "%s: cannot read: %s\n", path, strerror(errno));
		return 2;
	}
	if (strlen(text) != len) {
		fprintf(stderr, "%s: not a C source file (it holds a NUL byte)\n", path);
		free(text);
		return 2;
	}
	base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	if (!*base || strlen(base) > 64 || base[0] == '.') {
		fprintf(stderr, "%s: give the variant file a plain name (at most 64 characters, not starting with '.')\n",
			path);
		free(text);
		return 2;
	}
	rc = load_text(path, path, base, text, name_out, name_len);
	free(text);
	return rc;
}

int cli_variant_text_load(const char *display, const char *file,
			  const char *text, char *name_out, size_t name_len)
{
	return load_text(display, NULL, file ? file : "variant.c", text,
			 name_out, name_len);
}

bool cli_variant_file_source(const char *name, const char **text,
			     const char **sha256, const char **file)
{
	for (int i = 0; i < nr_loaded; i++)
		if (strcmp(loaded[i].name, name) == 0) {
			*text = loaded[i].text;
			*sha256 = loaded[i].sha256;
			*file = loaded[i].file;
			return true;
		}
	return false;
}
