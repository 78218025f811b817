/* SPDX-License-Identifier: MIT */
/*
 * Kernel trees on the command line: --kernel-tree [NAME=]SRC and the
 * --patch options after it, each tree a column of the variant matrix.
 */
#ifndef SIM_CLI_TREES_H
#define SIM_CLI_TREES_H

#include <explore/trace.h>
#include <model/model.h>

/* The kernel trees a run takes at most. */
#define CLI_MAX_TREES 8
/* Patches on one tree at most. */
#define CLI_MAX_PATCHES 32

struct cli_tree {
	char name[MODEL_VARIANT_NAME_MAX + 1];	/* the column's name */
	const char *src;
	const char *patches[CLI_MAX_PATCHES];
	int nr_patches;
	const struct model_ops *model;		/* once loaded */
	struct sim_trace_tree info;		/* for traces, once loaded */
	/* Set for a replay: the tree the trace ran, which this one must be. */
	const struct sim_trace_tree *expect;
	const char *patch_dir;	/* a replay's patches: removed once applied */
};

/* --kernel-tree [NAME=]SRC. Return: 0, or 2 with a message. */
int cli_tree_add(const char *arg);
/* --patch P, for the last --kernel-tree. Return: 0, or 2 with a message. */
int cli_tree_add_patch(const char *path);
/*
 * sim replay TRACE --kernel-tree SRC: the tree named @name, given @src and
 * the trace's patches (written to files under @dir), checked against
 * @expect when loaded. Return: 0, or 2 with a message.
 */
int cli_tree_add_replayed(const char *name, const char *src,
			  const struct sim_trace_tree *expect, const char *dir);
/*
 * Open, check, patch, compile (or take from the cache) and load every
 * tree given, naming each column (by default "linux-VERSION" and "+NAME"
 * per patch file). Return: 0, or 2 with a message on stderr.
 */
int cli_trees_load(void);
int cli_tree_count(void);
const struct cli_tree *cli_tree_at(int i);

#endif /* SIM_CLI_TREES_H */
