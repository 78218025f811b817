/* SPDX-License-Identifier: MIT */
/*
 * Exploration strategies: each decides, execution after execution, which
 * actor goes next at every step. Strategies are const ops tables found by
 * name, like the lock implementations.
 */
#ifndef SIM_STRATEGY_H
#define SIM_STRATEGY_H

#include <stdbool.h>
#include <stdint.h>

#include <sim/engine.h>

/*
 * Where a replay left its schedule: at @step (0-based, as reports number
 * steps) the schedule names @want, and @runnable lists the actors that
 * could run there, comma-separated ("" when the execution had ended:
 * every actor finished before the schedule did).
 */
struct sim_replay_divergence {
	long step;		/* -1: the schedule was followed to its end */
	char want[64];
	char runnable[256];
};

struct sim_strategy_params {
	uint64_t max_steps;
	uint64_t seed;		/* random, pct */
	int depth;		/* pct: bug depth d (0: 3) */
	int preemption_bound;	/* bounded: the last bound tried */
	bool timed;		/* dpor: some operation waits for a virtual time */
	/* replay only: the actor names to choose, step by step */
	const char *const *schedule;
	size_t schedule_len;
	/* replay only: where the schedule could not be followed (or NULL) */
	struct sim_replay_divergence *divergence;
	/*
	 * A unit of a split search (<explore/split.h>): the strategy explores
	 * only below a prefix of this many steps, which sim_prefixed runs
	 * for it. On arrival below the prefix: the actors asleep (sleepset,
	 * dpor), the actor that ran the last step and the preemptions so far
	 * (bounded).
	 */
	size_t prefix_len;
	uint64_t prefix_sleep;
	int prefix_prev, prefix_used;
};

struct sim_strategy_ops {
	const char *name;
	const char *summary;
	bool exhaustive;	/* "complete" means every interleaving was run */
	void *(*create)(const struct sim_strategy_params *p);
	void (*destroy)(void *st);
	/* Prepare the next execution. Return: false when the search is over. */
	bool (*next)(void *st);
	/* Index into @cands, or -1 to abandon the execution. */
	int (*choose)(void *st, const struct sim *s, const int *cands, int n);
	/* The execution that next() prepared has ended. */
	void (*done)(void *st, const struct sim *s, enum sim_exec_result r);
	/*
	 * Optional: the execution that just ended repeats one an earlier
	 * round covered (bounded), so it is not counted again.
	 */
	bool (*redundant)(void *st);
	/*
	 * Optional: the fraction of the search done, in [0, 1), assuming
	 * subtrees of one node are alike in size (Knuth's estimator).
	 */
	double (*progress)(void *st);
	/* Optional: a number to show with each finding (bounded: its bound). */
	int (*label)(void *st);
	const char *label_name;	/* "preemption bound" */
};

extern const struct sim_strategy_ops sim_strategy_dfs;
extern const struct sim_strategy_ops sim_strategy_sleepset;
extern const struct sim_strategy_ops sim_strategy_dpor;
extern const struct sim_strategy_ops sim_strategy_replay;
extern const struct sim_strategy_ops sim_strategy_bounded;
extern const struct sim_strategy_ops sim_strategy_random;
extern const struct sim_strategy_ops sim_strategy_pct;

/* The index of @actor in @cands (as choose() receives them), or -1. */
static inline int sim_cand_index(const int *cands, int n, int actor)
{
	for (int i = 0; i < n; i++)
		if (cands[i] == actor)
			return i;
	return -1;
}

/* Strategies a scenario or --strategy may name; NULL when unknown. */
const struct sim_strategy_ops *sim_strategy_lookup(const char *name);
/* NULL-terminated names of the strategies a user may choose. */
const char *const *sim_strategy_names(void);

/*
 * replay: the step at which the schedule could not be followed, or -1 (an
 * execution that ended before its schedule did included).
 */
long sim_replay_diverged_at(void *st);

#endif /* SIM_STRATEGY_H */
