/* SPDX-License-Identifier: MIT */
/*
 * The randomized strategies' generator: splitmix64 (Steele, Lea, Flood
 * 2014), seeded from the user's seed and the execution number, so every
 * execution can be re-derived from the seed alone and nothing depends on
 * the machine, the clock or other executions' outcomes.
 */
#ifndef SIM_EXPLORE_RNG_H
#define SIM_EXPLORE_RNG_H

#include <stdint.h>

struct sim_rng {
	uint64_t state;
};

static inline uint64_t sim_rng_next(struct sim_rng *r)
{
	uint64_t z = (r->state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* A uniform integer in [0, n) without modulo bias. */
static inline uint64_t sim_rng_below(struct sim_rng *r, uint64_t n)
{
	uint64_t limit = UINT64_MAX - UINT64_MAX % n;
	uint64_t v;

	do
		v = sim_rng_next(r);
	while (v >= limit);
	return v % n;
}

/* The generator of execution @execution under @seed. */
static inline struct sim_rng sim_rng_for(uint64_t seed, uint64_t execution)
{
	struct sim_rng r = { seed };
	struct sim_rng mix = { sim_rng_next(&r) ^ (execution * 0xd1b54a32d192ed03ull) };

	(void)sim_rng_next(&mix);
	return mix;
}

#endif /* SIM_EXPLORE_RNG_H */
