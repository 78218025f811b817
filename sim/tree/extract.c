/* SPDX-License-Identifier: MIT */
/*
 * Extracting a kernel archive's subset into the cache, once, with tar(1):
 * its first member names the archive's top directory, then one pass of
 * `tar -x` with the subset's patterns under it. Each tar runs in a process
 * group of its own (with its decompressor) under a timeout, and the
 * extraction lands in a temporary directory renamed into place whole, so a
 * killed or concurrent run never leaves or sees half a tree.
 */
#include "src_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <scenario/sha256.h>
#include <sim/alloc.h>

extern char **environ;

/* Debian's 150 MB linux-source tarball takes 30 to 60 s. */
#define TREE_TAR_TIMEOUT_S 600
#define TREE_LIST_TIMEOUT_S 60

/* $XDG_CACHE_HOME/itsim/trees, or ~/.cache/itsim/trees, created as needed. */
char *tree_cache_dir(void)
{
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	char *dir, *probe;

	if (xdg && *xdg)
		dir = sim_xasprintf("%s/itsim/trees", xdg);
	else if (home && *home)
		dir = sim_xasprintf("%s/.cache/itsim/trees", home);
	else
		dir = sim_xasprintf("/tmp/itsim-%u/trees", (unsigned)getuid());
	probe = sim_xasprintf("%s/x", dir);
	if (tree_mkdirs_for(probe) != 0) {
		free(probe);
		free(dir);
		return NULL;
	}
	free(probe);
	return dir;
}

/* A compiler or tar that needs more has met an input meant to exhaust it. */
#define TREE_SPAWN_MEMORY_MB 4096

/*
 * Spawn @argv in a new process group, stdin from /dev/null, under a limit
 * of virtual memory (ITSIM_COMPILE_MEMORY_MB, default
 * TREE_SPAWN_MEMORY_MB): a shell sets it for itself and execs @argv,
 * since posix_spawn() has no way to, and lowering this process's own
 * limit would bind it (and a sanitizer's shadow mappings) too.
 */
int tree_spawn(char *const argv[], int out_fd, int err_fd, pid_t *pid)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	const char *env = getenv("ITSIM_COMPILE_MEMORY_MB");
	long mb = env && atol(env) > 0 ? atol(env) : TREE_SPAWN_MEMORY_MB;
	char limit[64];
	size_t n = 0;
	char **wrapped;
	int rc;

	while (argv[n])
		n++;
	wrapped = sim_xcalloc(n + 5, sizeof(*wrapped));
	snprintf(limit, sizeof(limit), "ulimit -v %ld && exec \"$@\"", mb * 1024);
	wrapped[0] = "sh";
	wrapped[1] = "-c";
	wrapped[2] = limit;
	wrapped[3] = "sh";
	memcpy(wrapped + 4, argv, (n + 1) * sizeof(*wrapped));

	posix_spawn_file_actions_init(&fa);
	posix_spawnattr_init(&attr);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	if (out_fd >= 0)
		posix_spawn_file_actions_adddup2(&fa, out_fd, 1);
	if (err_fd >= 0)
		posix_spawn_file_actions_adddup2(&fa, err_fd, 2);
	posix_spawnattr_setpgroup(&attr, 0);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
	rc = posix_spawnp(pid, "sh", &fa, &attr, wrapped, environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&attr);
	free(wrapped);
	return rc;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Wait for @pid; past @timeout_s kill its group. Return: exit status, -1 on a signal, -2 on timeout. */
int tree_wait_timeout(pid_t pid, int timeout_s)
{
	double deadline = now() + timeout_s;
	struct timespec tick = { 0, 20 * 1000 * 1000 };
	int status;

	for (;;) {
		pid_t r = waitpid(pid, &status, WNOHANG);

		if (r == pid)
			return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
		if (r < 0 && errno != EINTR)
			return -1;
		if (now() > deadline) {
			kill(-pid, SIGKILL);
			waitpid(pid, &status, 0);
			return -2;
		}
		nanosleep(&tick, NULL);
	}
}

/* The first line of tar's complaints worth showing, from @path. */
static void tar_message(const char *path, char *out, size_t len)
{
	char *text = tree_slurp(path, NULL);

	snprintf(out, len, "tar gave no message");
	for (char *line = text; line && *line;) {
		char *nl = strchr(line, '\n');

		if (nl)
			*nl = '\0';
		if (*line && !strstr(line, "Exiting with failure status") &&
		    !strstr(line, "Child returned status")) {
			snprintf(out, len, "%s", line);
			break;
		}
		line = nl ? nl + 1 : NULL;
	}
	free(text);
}

/* Are all of tar's complaints in @path about patterns that matched nothing? */
static bool only_not_found(const char *path)
{
	char *text = tree_slurp(path, NULL);
	bool ok = text != NULL;

	for (char *line = text; line && *line;) {
		char *nl = strchr(line, '\n');

		if (nl)
			*nl = '\0';
		if (*line && !strstr(line, "Not found in archive") &&
		    !strstr(line, "Exiting with failure status"))
			ok = false;
		line = nl ? nl + 1 : NULL;
	}
	free(text);
	return ok;
}

/*
 * The archive's top directory from its first member: "linux-6.12/" gives
 * "linux-6.12", "./Makefile" gives ".", a member at the top ("Makefile",
 * ".clang-format") gives "" (no top directory).
 */
static enum tree_status first_member(const char *archive, const char *errfile,
				     char **top, char *err, size_t len)
{
	char *argv[] = { "tar", "-t", "-f", (char *)archive, NULL };
	char line[PATH_MAX + 1];
	size_t n = 0;
	int fds[2], efd, status;
	double deadline = now() + TREE_LIST_TIMEOUT_S;
	bool done = false;
	pid_t pid;

	efd = open(errfile, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (efd < 0 || pipe2(fds, O_CLOEXEC) != 0) {
		snprintf(err, len, "%s: cannot list: %s", archive, strerror(errno));
		if (efd >= 0)
			close(efd);
		return TREE_ERR_IO;
	}
	if (tree_spawn(argv, fds[1], efd, &pid) != 0) {
		snprintf(err, len, "%s: cannot run tar: %s", archive, strerror(errno));
		close(fds[0]);
		close(fds[1]);
		close(efd);
		return TREE_ERR_ARCHIVE;
	}
	close(fds[1]);
	close(efd);
	while (!done && n < sizeof(line) - 1) {
		struct pollfd p = { .fd = fds[0], .events = POLLIN };
		int ms = (int)((deadline - now()) * 1000);
		ssize_t r;

		if (ms <= 0 || poll(&p, 1, ms) <= 0)
			break;
		r = read(fds[0], line + n, sizeof(line) - 1 - n);
		if (r <= 0)
			break;
		n += (size_t)r;
		done = memchr(line, '\n', n) != NULL;
	}
	close(fds[0]);
	/* The rest of the listing is not wanted: stop tar and its decompressor. */
	kill(-pid, SIGKILL);
	waitpid(pid, &status, 0);
	line[n] = '\0';
	if (!done) {
		char msg[200];

		tar_message(errfile, msg, sizeof(msg));
		snprintf(err, len, "%s: not a readable tar archive (%s)", archive, msg);
		return TREE_ERR_ARCHIVE;
	}
	*strchr(line, '\n') = '\0';
	{
		char *m = line, *slash;

		slash = strchr(m, '/');
		*top = sim_xasprintf("%.*s", slash ? (int)(slash - m) : 0, m);
	}
	return TREE_OK;
}

/* @s with tar's wildcard characters escaped. */
static char *escape(const char *s)
{
	char *out = sim_xmalloc(2 * strlen(s) + 1), *o = out;

	for (; *s; s++) {
		if (strchr("*?[\\", *s))
			*o++ = '\\';
		*o++ = *s;
	}
	*o = '\0';
	return out;
}

static void cache_key(const char *archive, const struct stat *st, char key[65])
{
	char *real = realpath(archive, NULL);
	struct sha256_ctx ctx;
	uint8_t d[32];
	char meta[96];

	sha256_init(&ctx);
	sha256_update(&ctx, "itsim-tree-subset-1", 20);
	sha256_update(&ctx, real ? real : archive, strlen(real ? real : archive) + 1);
	snprintf(meta, sizeof(meta), "%lld %lld.%09ld", (long long)st->st_size,
		 (long long)st->st_mtim.tv_sec, st->st_mtim.tv_nsec);
	sha256_update(&ctx, meta, strlen(meta) + 1);
	for (int i = 0; tree_subset_path(i); i++)
		sha256_update(&ctx, tree_subset_path(i), strlen(tree_subset_path(i)) + 1);
	sha256_final(&ctx, d);
	for (int i = 0; i < 32; i++)
		snprintf(key + 2 * i, 3, "%02x", d[i]);
	free(real);
}

/* Run `tar -x` of the subset of @archive, whose top is @top, into @dir. */
static enum tree_status untar(const char *archive, const char *top, const char *dir,
			      const char *errfile, char *err, size_t len)
{
	char *argv[32], *pats[16], *esc = escape(top), *strip = NULL;
	int n = 0, np = 0, efd, rc;
	enum tree_status st = TREE_OK;
	pid_t pid;

	argv[n++] = "tar";
	argv[n++] = "-x";
	argv[n++] = "-f";
	argv[n++] = (char *)archive;
	argv[n++] = "-C";
	argv[n++] = (char *)dir;
	argv[n++] = "--no-same-owner";
	argv[n++] = "--no-same-permissions";
	argv[n++] = "--wildcards";
	argv[n++] = "--no-wildcards-match-slash";
	if (*top) {
		strip = sim_xstrdup("--strip-components=1");
		argv[n++] = strip;
	}
	for (int i = 0; tree_subset_path(i); i++) {
		pats[np] = *top ? sim_xasprintf("%s/%s", esc, tree_subset_path(i))
				: sim_xstrdup(tree_subset_path(i));
		argv[n++] = pats[np++];
	}
	argv[n] = NULL;
	efd = open(errfile, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (efd < 0 || tree_spawn(argv, -1, efd, &pid) != 0) {
		snprintf(err, len, "%s: cannot run tar: %s", archive, strerror(errno));
		st = TREE_ERR_ARCHIVE;
		goto out;
	}
	rc = tree_wait_timeout(pid, TREE_TAR_TIMEOUT_S);
	if (rc == -2) {
		snprintf(err, len, "%s: tar did not finish in %d s: killed", archive,
			 TREE_TAR_TIMEOUT_S);
		st = TREE_ERR_ARCHIVE;
	} else if (rc != 0 && !(rc == 2 && only_not_found(errfile))) {
		char msg[200];

		tar_message(errfile, msg, sizeof(msg));
		snprintf(err, len, "%s: cannot extract: %s", archive, msg);
		st = TREE_ERR_ARCHIVE;
	}
out:
	if (efd >= 0)
		close(efd);
	for (int i = 0; i < np; i++)
		free(pats[i]);
	free(strip);
	free(esc);
	return st;
}

enum tree_status tree_extract(const char *archive, FILE *notes, char **dir,
			      bool *extracted, char *err, size_t len)
{
	char key[65], *cache = tree_cache_dir(), *final, *tmp, *errfile, *top = NULL;
	enum tree_status rc;
	struct stat st;

	*dir = NULL;
	*extracted = false;
	if (!cache) {
		snprintf(err, len, "%s: cannot create the tree cache: %s", archive, strerror(errno));
		return TREE_ERR_IO;
	}
	if (stat(archive, &st) != 0) {
		snprintf(err, len, "%s: cannot open: %s", archive, strerror(errno));
		free(cache);
		return TREE_ERR_MISSING;
	}
	cache_key(archive, &st, key);
	final = sim_xasprintf("%s/%s", cache, key);
	if (stat(final, &st) == 0 && S_ISDIR(st.st_mode)) {
		*dir = final;
		free(cache);
		return TREE_OK;
	}
	tmp = sim_xasprintf("%s/%s.tmp-XXXXXX", cache, key);
	errfile = sim_xasprintf("%s.tar-stderr", tmp);
	if (!mkdtemp(tmp)) {
		snprintf(err, len, "%s: cannot create a directory in %s: %s", archive, cache,
			 strerror(errno));
		rc = TREE_ERR_IO;
		goto out;
	}
	free(errfile);
	errfile = sim_xasprintf("%s.tar-stderr", tmp);
	if (notes)
		fprintf(notes, "%s: extracting the vgic files into %s (once)\n", archive, final);
	rc = first_member(archive, errfile, &top, err, len);
	if (rc == TREE_OK)
		rc = untar(archive, top, tmp, errfile, err, len);
	if (rc != TREE_OK) {
		tree_remove_dir(tmp);
		goto out;
	}
	if (rename(tmp, final) != 0) {
		/* Another run extracted the same archive first: use its copy. */
		tree_remove_dir(tmp);
		if (stat(final, &st) != 0 || !S_ISDIR(st.st_mode)) {
			snprintf(err, len, "%s: cannot move the extraction to %s: %s", archive,
				 final, strerror(errno));
			rc = TREE_ERR_IO;
			goto out;
		}
	} else {
		*extracted = true;
	}
	*dir = final;
	final = NULL;
out:
	unlink(errfile);
	free(errfile);
	free(top);
	free(tmp);
	free(final);
	free(cache);
	return rc;
}
