/* SPDX-License-Identifier: MIT */
/*
 * random: seeded uniform random walks. At every step each candidate is
 * equally likely. Execution i draws from a generator derived from (seed,
 * i) only, so the same seed gives the same executions in the same order.
 * Never exhaustive: it runs until --max-executions.
 */
#include <explore/strategy.h>

#include <stdlib.h>

#include "rng.h"

struct rnd {
	uint64_t seed, execution;
	struct sim_rng rng;
};

static void *rnd_create(const struct sim_strategy_params *p)
{
	struct rnd *r = calloc(1, sizeof(*r));

	if (r)
		r->seed = p->seed;
	return r;
}

static void rnd_destroy(void *st)
{
	free(st);
}

static bool rnd_next(void *st)
{
	struct rnd *r = st;

	r->rng = sim_rng_for(r->seed, r->execution++);
	return true;
}

static int rnd_choose(void *st, const struct sim *s, const int *cands, int n)
{
	struct rnd *r = st;

	(void)s;
	(void)cands;
	return (int)sim_rng_below(&r->rng, (uint64_t)n);
}

static void rnd_done(void *st, const struct sim *s, enum sim_exec_result res)
{
	(void)st;
	(void)s;
	(void)res;
}

const struct sim_strategy_ops sim_strategy_random = {
	.name = "random",
	.summary = "seeded uniform random walks (--seed), until --max-executions",
	.exhaustive = false,
	.create = rnd_create,
	.destroy = rnd_destroy,
	.next = rnd_next,
	.choose = rnd_choose,
	.done = rnd_done,
	.end_label = sim_strategy_end_sampled,
};
