/* SPDX-License-Identifier: MIT */
/* Kernel trees on the command line (trees.h). */
#include "trees.h"

#include "cli.h"
#include "variant_file.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sim/alloc.h>
#include <tree/tree.h>

static struct cli_tree trees[CLI_MAX_TREES];
static int nr_trees;

int cli_tree_count(void)
{
	return nr_trees;
}

const struct cli_tree *cli_tree_at(int i)
{
	return &trees[i];
}

/* Names as variants have them: A-Z a-z 0-9 . _ - + only. */
static bool good_name(const char *s, size_t len)
{
	if (len == 0 || len > MODEL_VARIANT_NAME_MAX)
		return false;
	for (size_t i = 0; i < len; i++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			    "0123456789._-+", s[i]))
			return false;
	return true;
}

int cli_tree_add(const char *arg)
{
	const char *eq = strchr(arg, '=');
	struct cli_tree *t;

	if (nr_trees >= CLI_MAX_TREES) {
		fprintf(stderr, "sim run: at most %d --kernel-tree\n", CLI_MAX_TREES);
		return CLI_EXIT_BAD_INPUT;
	}
	t = &trees[nr_trees];
	memset(t, 0, sizeof(*t));
	/* NAME=SRC when what comes before "=" is a name, not a path. */
	if (eq && good_name(arg, (size_t)(eq - arg))) {
		snprintf(t->name, sizeof(t->name), "%.*s", (int)(eq - arg), arg);
		t->src = eq + 1;
	} else {
		t->src = arg;
	}
	if (!*t->src) {
		fprintf(stderr, "sim run: --kernel-tree takes [NAME=]SRC, not \"%s\"\n",
			arg);
		return CLI_EXIT_BAD_INPUT;
	}
	nr_trees++;
	return 0;
}

int cli_tree_add_patch(const char *path)
{
	struct cli_tree *t;

	if (nr_trees == 0) {
		fprintf(stderr, "sim run: --patch %s: give the --kernel-tree it "
			"applies to first\n", path);
		return CLI_EXIT_BAD_INPUT;
	}
	t = &trees[nr_trees - 1];
	if (t->nr_patches >= CLI_MAX_PATCHES) {
		fprintf(stderr, "sim run: at most %d --patch for one tree\n",
			CLI_MAX_PATCHES);
		return CLI_EXIT_BAD_INPUT;
	}
	t->patches[t->nr_patches++] = path;
	return 0;
}

/* "linux-6.12.118+revert-fix": the version, and each patch's file name. */
static void default_name(struct cli_tree *ct, const char *version)
{
	size_t n = (size_t)snprintf(ct->name, sizeof(ct->name), "linux-%s",
				    version);

	for (int i = 0; i < ct->nr_patches && n < sizeof(ct->name); i++) {
		const char *base = strrchr(ct->patches[i], '/');
		const char *dot;
		size_t len;

		base = base ? base + 1 : ct->patches[i];
		dot = strrchr(base, '.');
		len = dot && dot != base ? (size_t)(dot - base) : strlen(base);
		n += (size_t)snprintf(ct->name + n, sizeof(ct->name) - n, "+%.*s",
				      (int)len, base);
	}
	/* Only name characters, within the limit (a long list is cut short). */
	for (char *c = ct->name; *c; c++)
		if (!good_name(c, 1))
			*c = '_';
}

int cli_tree_add_replayed(const char *name, const char *src,
			  const struct sim_trace_tree *expect, const char *dir)
{
	char arg[PATH_MAX + MODEL_VARIANT_NAME_MAX + 2];
	int rc;

	snprintf(arg, sizeof(arg), "%s=%s", name, src);
	rc = cli_tree_add(arg);
	if (rc)
		return rc;
	trees[nr_trees - 1].expect = expect;
	trees[nr_trees - 1].patch_dir = expect->nr_patches ? dir : NULL;
	for (int i = 0; i < expect->nr_patches && !rc; i++) {
		const char *base = strrchr(expect->patches[i].name, '/');
		char *path = sim_xasprintf("%s/%d-%s", dir, i,
					   base ? base + 1 : expect->patches[i].name);

		if (cli_write_file(path, expect->patches[i].text))
			rc = CLI_EXIT_BAD_INPUT;
		else
			rc = cli_tree_add_patch(path);
		/* The tree keeps the path: it is freed at exit. */
	}
	return rc;
}

/* What a trace records of the tree: version, hash, files, patches. */
static void record(struct cli_tree *ct, const struct tree_src *t)
{
	struct sim_trace_tree *in = &ct->info;

	in->version = sim_xstrdup(tree_version(t));
	in->hash = sim_xstrdup(tree_hash(t));
	in->nr_files = tree_file_count(t);
	in->files = sim_xcalloc((size_t)in->nr_files, sizeof(*in->files));
	for (int i = 0; i < in->nr_files; i++) {
		in->files[i].name = sim_xstrdup(tree_file_name(t, i));
		in->files[i].sha256 = sim_xstrdup(tree_file_sha256(t, i));
	}
	in->nr_patches = ct->nr_patches;
	in->patches = sim_xcalloc((size_t)ct->nr_patches, sizeof(*in->patches));
	for (int i = 0; i < ct->nr_patches; i++) {
		size_t len;

		in->patches[i].name = sim_xstrdup(ct->patches[i]);
		in->patches[i].text = cli_read_file(ct->patches[i], &len);
		if (!in->patches[i].text)
			in->patches[i].text = sim_xstrdup("");
	}
}

/*
 * A replay's tree must be the one the trace ran: every file the trace
 * compiled, with the same content. Return: 0, or 2 naming the first
 * file that differs.
 */
static int check_expected(const struct cli_tree *ct, const struct tree_src *t)
{
	const struct sim_trace_tree *e = ct->expect;

	for (int i = 0; i < e->nr_files; i++) {
		const char *sha = NULL;

		for (int k = 0; k < tree_file_count(t) && !sha; k++)
			if (strcmp(tree_file_name(t, k), e->files[i].name) == 0)
				sha = tree_file_sha256(t, k);
		if (!sha || strcmp(sha, e->files[i].sha256) != 0) {
			fprintf(stderr, "%s: %s %s the tree the trace ran (Linux %s): "
				"not the same tree\n", ct->src, e->files[i].name,
				sha ? "differs from its file in" : "is missing from",
				e->version);
			return CLI_EXIT_BAD_INPUT;
		}
	}
	for (int k = 0; k < tree_file_count(t); k++) {
		bool known = false;

		for (int i = 0; i < e->nr_files && !known; i++)
			known = strcmp(tree_file_name(t, k), e->files[i].name) == 0;
		if (!known) {
			fprintf(stderr, "%s: %s was not in the tree the trace ran "
				"(Linux %s): not the same tree\n", ct->src,
				tree_file_name(t, k), e->version);
			return CLI_EXIT_BAD_INPUT;
		}
	}
	return 0;
}

/* A replay wrote the trace's patches to files of its own: remove them. */
static void remove_patch_dir(const struct cli_tree *ct)
{
	if (!ct->patch_dir)
		return;
	for (int i = 0; i < ct->nr_patches; i++)
		unlink(ct->patches[i]);
	rmdir(ct->patch_dir);
}

static int load_one(struct cli_tree *ct, const char *root)
{
	struct tree_src *t = NULL;
	char err[1024];

	if (tree_open(ct->src, stderr, &t, err, sizeof(err)) != TREE_OK)
		goto bad;
	if (ct->nr_patches &&
	    tree_patch(t, ct->patches, ct->nr_patches, stderr, err,
		       sizeof(err)) != TREE_OK)
		goto bad;
	if (ct->expect && check_expected(ct, t)) {
		tree_close(t);
		remove_patch_dir(ct);
		return CLI_EXIT_BAD_INPUT;
	}
	if (!ct->name[0])
		default_name(ct, tree_version(t));
	record(ct, t);
	ct->model = tree_model_build(t, root, stderr, stderr, err, sizeof(err));
	if (!ct->model)
		goto bad;
	/* The object is loaded: the tree's files are no longer needed. */
	tree_close(t);
	remove_patch_dir(ct);
	return 0;
bad:
	fprintf(stderr, "%s\n", err);
	tree_close(t);
	remove_patch_dir(ct);
	return CLI_EXIT_BAD_INPUT;
}

int cli_trees_load(void)
{
	char root[PATH_MAX];

	cli_source_root(root, sizeof(root));
	for (int i = 0; i < nr_trees; i++) {
		if (load_one(&trees[i], root))
			return CLI_EXIT_BAD_INPUT;
		for (int k = 0; k < i; k++)
			if (strcmp(trees[k].name, trees[i].name) == 0) {
				fprintf(stderr, "sim run: two kernel trees named %s: name "
					"them (--kernel-tree NAME=SRC)\n",
					trees[i].name);
				return CLI_EXIT_BAD_INPUT;
			}
		if (!trees[i].expect &&
		    model_builtin.variant_lookup(trees[i].name) >= 0) {
			fprintf(stderr, "sim run: kernel tree %s has the name of a "
				"variant: name it (--kernel-tree NAME=SRC)\n",
				trees[i].name);
			return CLI_EXIT_BAD_INPUT;
		}
	}
	return 0;
}
