/* SPDX-License-Identifier: MIT */
/*
 * pct: probabilistic concurrency testing (Burckhardt, Kothari, Musuvathi,
 * Nagarakatte, ASPLOS 2010). Each execution gives the actors random
 * distinct priorities and picks d-1 random change points among the first
 * k steps; at every step the highest-priority candidate runs, and at the
 * i-th change point the running actor drops to priority i, below every
 * initial one. A bug of depth d is found with probability at least
 * 1/(n k^(d-1)) per execution. k is the longest execution seen so far (at
 * first, the step budget), as the paper suggests estimating it.
 */
#include <explore/strategy.h>

#include <stdlib.h>

#include "rng.h"

#define PCT_MAX_DEPTH 8

struct pct {
	uint64_t seed, execution, max_steps, k;
	int depth;
	struct sim_rng rng;
	int64_t prio[SIM_MAX_ACTORS];
	bool assigned[SIM_MAX_ACTORS];
	uint64_t change[PCT_MAX_DEPTH];	/* steps at which priority drops */
	uint64_t step;
};

static void *pct_create(const struct sim_strategy_params *p)
{
	struct pct *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->seed = p->seed;
	c->max_steps = p->max_steps;
	c->k = p->max_steps;
	c->depth = p->depth > 0 ? p->depth : SIM_DEFAULT_DEPTH;
	if (c->depth > PCT_MAX_DEPTH)
		c->depth = PCT_MAX_DEPTH;
	return c;
}

static void pct_destroy(void *st)
{
	free(st);
}

static bool pct_next(void *st)
{
	struct pct *c = st;

	c->rng = sim_rng_for(c->seed, c->execution++);
	c->step = 0;
	for (int i = 0; i < SIM_MAX_ACTORS; i++)
		c->assigned[i] = false;
	for (int i = 0; i + 1 < c->depth; i++)
		c->change[i] = 1 + sim_rng_below(&c->rng, c->k ? c->k : 1);
	return true;
}

static int pct_choose(void *st, const struct sim *s, const int *cands, int n)
{
	struct pct *c = st;
	int best = 0;

	(void)s;
	/*
	 * Initial priorities are drawn when an actor is first seen, above
	 * every change-point priority (which are 1..d-1).
	 */
	for (int i = 0; i < n; i++) {
		int a = cands[i];

		if (!c->assigned[a]) {
			c->assigned[a] = true;
			c->prio[a] = PCT_MAX_DEPTH + 1 +
				     (int64_t)sim_rng_below(&c->rng, 1u << 30);
		}
	}
	for (int i = 1; i < n; i++)
		if (c->prio[cands[i]] > c->prio[cands[best]])
			best = i;
	c->step++;
	for (int i = 0; i + 1 < c->depth; i++)
		if (c->change[i] == c->step)
			c->prio[cands[best]] = i + 1;
	return best;
}

static void pct_done(void *st, const struct sim *s, enum sim_exec_result res)
{
	struct pct *c = st;

	(void)res;
	/* Estimate k from the executions seen: the longest so far. */
	if (c->execution == 1 || sim_schedule_len(s) > c->k)
		c->k = sim_schedule_len(s) ? sim_schedule_len(s) : 1;
}

const struct sim_strategy_ops sim_strategy_pct = {
	.name = "pct",
	.summary = "probabilistic concurrency testing, bug depth d (--depth), seeded",
	.exhaustive = false,
	.create = pct_create,
	.destroy = pct_destroy,
	.next = pct_next,
	.choose = pct_choose,
	.done = pct_done,
	.end_label = sim_strategy_end_sampled,
};
