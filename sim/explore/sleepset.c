/* SPDX-License-Identifier: MIT */
/*
 * sleepset: dfs with sleep sets (Godefroid, 1996).
 *
 * Like dfs, an odometer over the steps of an execution; unlike dfs, an
 * actor whose next operation is independent of everything done since it
 * was last explored at an ancestor is asleep, and is not explored again
 * from here: that would only commute independent steps of an execution
 * already covered. The result: at most one complete execution per
 * Mazurkiewicz trace, and the same findings as dfs. An execution whose
 * every enabled actor is asleep is redundant and abandoned ("blocked");
 * optimal DPOR (wakeup trees) would avoid starting it at all.
 *
 * Sets are bitmasks over actor ids (SIM_MAX_ACTORS <= 64).
 */
#include <explore/strategy.h>

#include <assert.h>
#include <stdlib.h>

#include "progress.h"

struct node {
	uint64_t cands;		/* enabled and due actors at this step */
	uint64_t sleep;		/* asleep on arrival */
	uint64_t done;		/* explored from here already */
	uint64_t ends;		/* of those, the ones whose finding ended it */
	int choice;		/* actor id taken now */
};

struct sleepset {
	struct node *nodes;
	size_t cap, len, depth;
	uint64_t child_sleep;	/* sleep set for the node below */
	uint64_t root_sleep;	/* asleep at the first node (a split's unit) */
	bool started;
};

static void *ss_create(const struct sim_strategy_params *p)
{
	struct sleepset *d = calloc(1, sizeof(*d));

	if (!d)
		return NULL;
	d->cap = p->max_steps + 1;
	d->root_sleep = p->prefix_sleep;
	d->nodes = calloc(d->cap, sizeof(*d->nodes));
	if (!d->nodes) {
		free(d);
		return NULL;
	}
	return d;
}

static void ss_destroy(void *st)
{
	struct sleepset *d = st;

	if (!d)
		return;
	free(d->nodes);
	free(d);
}

/* The lowest actor in @set, or -1. */
static int first(uint64_t set)
{
	return set ? __builtin_ctzll(set) : -1;
}

static bool ss_next(void *st)
{
	struct sleepset *d = st;

	d->depth = 0;
	d->child_sleep = d->root_sleep;
	if (!d->started) {
		d->started = true;
		d->len = 0;
		return true;
	}
	while (d->len > 0) {
		struct node *n = &d->nodes[d->len - 1];
		int next;

		n->done |= 1ull << n->choice;
		next = first(n->cands & ~n->sleep & ~n->done);
		if (next >= 0) {
			n->choice = next;
			return true;
		}
		d->len--;
	}
	return false;
}

static int ss_choose(void *st, const struct sim *cs, const int *cands, int n)
{
	struct sleepset *d = st;
	struct sim *s = (struct sim *)cs;
	struct node *node;
	uint64_t set, carry;

	set = sim_cand_set(cands, n);
	if (d->depth < d->len) {
		node = &d->nodes[d->depth];
		/* Executions are deterministic: the same node again. */
		assert(node->cands == set);
	} else {
		int pick;

		assert(d->len < d->cap);
		node = &d->nodes[d->len];
		node->cands = set;
		node->sleep = d->child_sleep & set;
		node->done = 0;
		node->ends = 0;
		pick = first(set & ~node->sleep);
		if (pick < 0)
			return -1;	/* sleep-set blocked: redundant */
		node->choice = pick;
		d->len++;
	}
	/*
	 * The child's sleep set: what sleeps here or was explored here, and
	 * commutes with the step taken now.
	 */
	d->child_sleep = 0;
	carry = (node->sleep | node->done) & set & ~(1ull << node->choice) &
		~node->ends;
	for (int a = first(carry); a >= 0; a = first(carry)) {
		carry &= carry - 1;
		if (sim_ops_independent(s, a, node->choice))
			d->child_sleep |= 1ull << a;
	}
	d->depth++;
	return sim_cand_index(cands, n, node->choice);
}

static void ss_done(void *st, const struct sim *s, enum sim_exec_result r)
{
	struct sleepset *d = st;

	assert(d->depth <= d->len);
	d->len = d->depth;
	/*
	 * A finding in the middle of the last step stopped the execution:
	 * any step of another actor before it makes a different execution,
	 * so that step is dependent with everything (<sim/depend.h>,
	 * SIM_DEP_ENDS) and never sleeps.
	 */
	if (r == SIM_EXEC_FINDING && d->len) {
		struct node *n = &d->nodes[d->len - 1];

		if (sim_actor_unfinished(s, n->choice) &&
		    sim_last_finding(s)->kind != SIM_FINDING_DEADLOCK)
			n->ends |= 1ull << n->choice;
	}
}

/* As dfs_progress(), over the alternatives a node really explores. */
static struct sim_progress_node ss_node(const void *st, size_t i)
{
	const struct sleepset *d = st;
	const struct node *n = &d->nodes[i];
	uint64_t awake = n->cands & ~n->sleep;

	return (struct sim_progress_node){
		.before = __builtin_popcountll(awake & ((1ull << n->choice) - 1)),
		.total = __builtin_popcountll(awake),
	};
}

static double ss_progress(void *st)
{
	const struct sleepset *d = st;

	return sim_progress_estimate(d, d->len, ss_node);
}

const struct sim_strategy_ops sim_strategy_sleepset = {
	.name = "sleepset",
	.summary = "dfs with sleep sets: one complete execution per class of equivalent interleavings",
	.exhaustive = true,
	.split = SIM_SPLIT_SLEEP,
	.create = ss_create,
	.destroy = ss_destroy,
	.next = ss_next,
	.choose = ss_choose,
	.done = ss_done,
	.progress = ss_progress,
	.end_label = sim_strategy_end_exhaustive,
};
