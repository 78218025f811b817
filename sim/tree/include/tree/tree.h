/* SPDX-License-Identifier: MIT */
/*
 * A user's kernel source tree, as `sim run --kernel-tree SRC [--patch P]...`
 * takes it: SRC is a kernel source directory (a git checkout, an extracted
 * tarball) or a .tar, .tar.gz or .tar.xz archive of one (Debian's
 * /usr/src/linux-source-6.12.tar.xz).
 *
 * Only a subset of the tree is read: the vgic directory, the headers it
 * includes from the tree, the top Makefile (tree_subset_path() lists it).
 * An archive's subset is extracted once, with tar(1), into
 *
 *	$XDG_CACHE_HOME/itsim/trees/<key>/	(else ~/.cache/itsim/trees/<key>/)
 *
 * where <key> is the SHA-256 of the archive's real path, size and mtime
 * and of the subset's list; a second open of the same archive extracts
 * nothing. Patches are applied to a private copy of the subset; the user's
 * SRC and the shared extraction are never written.
 *
 * Every failure is one line in @err, naming the path it is about, meant
 * for the command line's exit status 2.
 */
#ifndef SIM_TREE_TREE_H
#define SIM_TREE_TREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

struct tree_src;

enum tree_status {
	TREE_OK = 0,
	TREE_ERR_MISSING,	/* SRC (or a patch) does not exist or cannot be read */
	TREE_ERR_NOT_TREE,	/* no top Makefile with VERSION, PATCHLEVEL, SUBLEVEL */
	TREE_ERR_NO_VGIC,	/* a required vgic file is missing */
	TREE_ERR_GENERATION,	/* neither 6.1-like nor 6.12-like */
	TREE_ERR_ARCHIVE,	/* tar failed, timed out, or SRC is no archive */
	TREE_ERR_IO,		/* the cache or a private copy cannot be written */
	TREE_ERR_PATCH,		/* a patch is malformed or does not apply */
};

/*
 * How a tree's vgic code counts LPI references and caches translations,
 * read from include/kvm/arm_vgic.h.
 */
enum tree_generation {
	TREE_GEN_UNKNOWN = 0,	/* none of the below */
	TREE_GEN_6_1,		/* kref; one global translation cache list under lpi_list_lock */
	TREE_GEN_A,		/* kref; a per-ITS xarray translation cache (6.12) */
	TREE_GEN_B,		/* refcount_t with deferred release (6.17 and later) */
};

/* "6.1 generation", "generation A", ... */
const char *tree_generation_name(enum tree_generation gen);

/*
 * tree_open() - Open a kernel tree or archive and check it is one itsim runs.
 * @src:   a directory or a .tar/.tar.gz/.tgz/.tar.xz/.txz file.
 * @notes: where to say that an archive is being extracted (it takes about
 *         a minute for Debian's 150 MB tarball); NULL for silence.
 * @out:   the tree, to be freed with tree_close(); NULL on failure.
 * Checks, in order: @src exists; it is a kernel tree (its top Makefile
 * gives VERSION, PATCHLEVEL, SUBLEVEL); the required vgic files exist
 * (tree_required_file()); its generation is the 6.1 one or A.
 * Return: TREE_OK, or another status with one line in @err.
 */
enum tree_status tree_open(const char *src, FILE *notes, struct tree_src **out,
			   char *err, size_t len);

/*
 * tree_detect_generation() - Read the generation of the subset at @root.
 * @why: what was found, for a message ("struct vgic_irq has a kref ...").
 */
enum tree_generation tree_detect_generation(const char *root, char *why, size_t len);

/*
 * tree_patch() - Apply @patches in order onto a private copy of the subset.
 * @patches: paths of unified diffs, `git format-patch` files or mbox files
 *           (several messages); paths inside are taken with -p1.
 * @notes:   one line for each thing worth knowing that is no error: a
 *           repaired hunk, a file outside the subset that was skipped,
 *           the number of messages of an mbox; NULL for silence.
 * Context must match exactly (at any offset, nearest the line the hunk
 * names), as `git apply` wants it. A patch whose context lines lost their
 * leading whitespace (mail-archive damage) is detected; each damaged hunk
 * is repaired from the file's own lines when its context and removed lines
 * match exactly one place of the file once whitespace is ignored, and
 * refused otherwise. At most one call per tree; on failure the tree is
 * left unpatched.
 * Return: TREE_OK, or TREE_ERR_MISSING/TREE_ERR_PATCH/TREE_ERR_IO with one
 * line in @err naming the patch file, and for a hunk the target file and
 * the hunk's number.
 */
enum tree_status tree_patch(struct tree_src *t, const char *const *patches, int n,
			    FILE *notes, char *err, size_t len);

void tree_close(struct tree_src *t);

/* The directory to compile from: the patched copy, else the source. */
const char *tree_root(const struct tree_src *t);
/* "6.12.118" (with EXTRAVERSION, e.g. "6.13.0-rc3"). */
const char *tree_version(const struct tree_src *t);
enum tree_generation tree_generation(const struct tree_src *t);
/* True when this open extracted an archive, false when it used the cache (or SRC is a directory). */
bool tree_extracted(const struct tree_src *t);

/*
 * The content hash: SHA-256 over every file of the subset after patching
 * (in name order, each as its name and its content's SHA-256) and every
 * applied patch's text. 64 hex digits. The compile step adds its own
 * inputs (shims, compiler, flags) to make its cache key.
 */
const char *tree_hash(const struct tree_src *t);

/* The subset's files after patching, in name order, relative to tree_root(). */
int tree_file_count(const struct tree_src *t);
const char *tree_file_name(const struct tree_src *t, int i);
const char *tree_file_sha256(const struct tree_src *t, int i);

/* The subset read from a tree: NULL-terminated patterns relative to its top. */
const char *tree_subset_path(int i);
/* The files a tree must have (relative to its top): NULL past the end. */
const char *tree_required_file(int i);

struct sha256_ctx;
struct model_ops;

/*
 * tree_hash_dir() - Add every regular file under @dir whose name ends in
 * @ext (its path relative to @dir, and its content), in sorted order, to
 * @ctx; below too when @recurse. A cache key over sources that code
 * compiles against, the same wherever the checkout is.
 */
void tree_hash_dir(struct sha256_ctx *ctx, const char *dir, const char *ext,
		   bool recurse);

/*
 * tree_model_build() - The kernel model of @t (opened, patched): its vgic
 * files compiled unmodified with sim/tree/build.sh against this project's
 * shims, glue and harness under @srcroot, into a shared object cached as
 *
 *	$XDG_CACHE_HOME/itsim/trees/objects/<key>.so
 *
 * where <key> hashes every input: the tree's files after patching and the
 * patches (tree_hash()), the shims, glue, harness and build script, the
 * compiler ($CC) and its flags (in build.sh). A second run compiles
 * nothing. The compiler runs with a timeout; its output goes to @log
 * when it fails.
 * Return: the model (the object's itsim_tree_model; it stays loaded
 * until exit), or NULL with one line in @err.
 */
/*
 * Build trees from now on for --kcsan (SIM_KCSAN_CFLAGS) instead of KASAN;
 * each instrumentation has its own cached object.
 */
void tree_set_kcsan(bool on);
const struct model_ops *tree_model_build(struct tree_src *t,
					 const char *srcroot, FILE *notes,
					 FILE *log, char *err, size_t len);

/*
 * Child processes (tar, the compiler), for the tree layer and for the
 * command line's variant files: spawn @argv in a new process group, stdin
 * from /dev/null, stdout and stderr to @out_fd and @err_fd (-1: kept).
 */
int tree_spawn(char *const argv[], int out_fd, int err_fd, pid_t *pid);
/* Wait for @pid; past @timeout_s kill its group. Return: exit status, -1
 * on a signal, -2 on timeout. */
int tree_wait_timeout(pid_t pid, int timeout_s);

#endif /* SIM_TREE_TREE_H */
