/* SPDX-License-Identifier: MIT */
/*
 * How far a depth-first search has come, for the progress line: Knuth's
 * estimator ("Estimating the efficiency of backtrack programs", 1975),
 * which assumes that the subtrees below one node are alike in size. The
 * strategies (dfs, sleepset, dpor) differ only in which branches a node
 * has; they describe the current path node by node.
 */
#ifndef SIM_EXPLORE_PROGRESS_H
#define SIM_EXPLORE_PROGRESS_H

#include <stddef.h>

/* A node on the path to the execution being explored. */
struct sim_progress_node {
	int before;	/* its branches explored before the current one */
	int total;	/* all its branches: explored, current and to come */
};

/*
 * The fraction of the tree done, in [0, 1): at each node of the path, the
 * share of the tree its earlier branches cover. @node describes the i-th
 * node of @st's path, 0 <= i < @depth; a node with no branches ends the
 * path.
 */
double sim_progress_estimate(const void *st, size_t depth,
			     struct sim_progress_node (*node)(const void *st,
							      size_t i));

#endif /* SIM_EXPLORE_PROGRESS_H */
