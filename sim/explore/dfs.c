/* SPDX-License-Identifier: MIT */
/*
 * dfs: every interleaving, depth first, stateless.
 *
 * The schedule is an odometer of (choice, number of candidates) per step
 * (TigerBeetle's exhaustigen). An execution follows the recorded prefix;
 * past it, it takes the first candidate and records the step. The next
 * execution increments the rightmost choice that can grow and drops
 * everything after it. Following a prefix must offer the same candidates
 * again: executions are deterministic, and the assertion says so.
 */
#include <explore/strategy.h>

#include <assert.h>
#include <stdlib.h>

#include "progress.h"

struct dfs_step {
	int choice;
	int n;
};

struct dfs {
	struct dfs_step *steps;
	size_t cap, len, depth;
	bool started;
};

static void *dfs_create(const struct sim_strategy_params *p)
{
	struct dfs *d = calloc(1, sizeof(*d));

	if (!d)
		return NULL;
	d->cap = p->max_steps + 1;
	d->steps = calloc(d->cap, sizeof(*d->steps));
	if (!d->steps) {
		free(d);
		return NULL;
	}
	return d;
}

static void dfs_destroy(void *st)
{
	struct dfs *d = st;

	if (!d)
		return;
	free(d->steps);
	free(d);
}

static bool dfs_next(void *st)
{
	struct dfs *d = st;

	d->depth = 0;
	if (!d->started) {
		d->started = true;
		d->len = 0;
		return true;
	}
	while (d->len > 0 && d->steps[d->len - 1].choice + 1 >= d->steps[d->len - 1].n)
		d->len--;
	if (d->len == 0)
		return false;
	d->steps[d->len - 1].choice++;
	return true;
}

static int dfs_choose(void *st, const struct sim *s, const int *cands, int n)
{
	struct dfs *d = st;
	struct dfs_step *step;

	(void)s;
	(void)cands;
	assert(n > 0);
	if (d->depth < d->len) {
		step = &d->steps[d->depth++];
		assert(step->n == n);
		assert(step->choice < n);
		return step->choice;
	}
	assert(d->len < d->cap);
	step = &d->steps[d->len++];
	step->choice = 0;
	step->n = n;
	d->depth++;
	return 0;
}

static void dfs_done(void *st, const struct sim *s, enum sim_exec_result r)
{
	struct dfs *d = st;

	(void)s;
	(void)r;
	/* An execution that ended early (a finding) branches no deeper. */
	assert(d->depth <= d->len);
	d->len = d->depth;
}

/*
 * Where the odometer stands, as a fraction of the tree: the choices taken
 * so far weighted by the share of the tree each level's siblings cover.
 */
static struct sim_progress_node dfs_node(const void *st, size_t i)
{
	const struct dfs *d = st;

	return (struct sim_progress_node){ d->steps[i].choice, d->steps[i].n };
}

static double dfs_progress(void *st)
{
	const struct dfs *d = st;

	return sim_progress_estimate(d, d->len, dfs_node);
}

const struct sim_strategy_ops sim_strategy_dfs = {
	.name = "dfs",
	.summary = "every interleaving, depth first (the reference)",
	.exhaustive = true,
	.split = SIM_SPLIT_ALL,
	.create = dfs_create,
	.destroy = dfs_destroy,
	.next = dfs_next,
	.choose = dfs_choose,
	.done = dfs_done,
	.progress = dfs_progress,
	.end_label = sim_strategy_end_exhaustive,
};
