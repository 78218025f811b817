/* SPDX-License-Identifier: MIT */
/*
 * Splitting a search into units that can be explored independently: by
 * workers of one run (--jobs), or by separate runs (--shard).
 *
 * A unit is a prefix of the schedule: the search below it is the unit's.
 * The prefixes are enumerated breadth first, each level in the order the
 * strategy itself would take, until there are enough of them; how many
 * does not depend on the number of workers, so the units, and what each
 * explores, are the same however many run them. Counting executions unit
 * by unit gives the same total as one search; see docs/strategies.md for
 * why, strategy by strategy:
 *
 * - dfs: the prefixes are all interleavings of their length, the units
 *   partition the tree.
 * - bounded: the same, keeping the preemptions of the prefix; a unit's
 *   rounds start at that number.
 * - sleepset and dpor: the prefix tree is explored with sleep sets (every
 *   awake actor, the earlier siblings asleep when they commute), which
 *   gives every class to exactly one unit: the one whose sleep set has
 *   no actor that could start the class's rest. sleepset starts each
 *   unit with that sleep set. dpor explores below the prefix as one
 *   search from there would, with no one asleep (its wakeup trees rely
 *   on sleepers whose races it has seen), and counts an execution only
 *   when it is the unit's; the others are "repeated", not counted. To
 *   have none, dpor splits a node only where no child gets a sleeper.
 */
#ifndef SIM_SPLIT_H
#define SIM_SPLIT_H

#include <sim/engine.h>
#include <explore/strategy.h>

struct sim_unit {
	int *prefix;		/* actor ids */
	size_t len;
	uint64_t sleep;		/* asleep on arrival (sleepset, dpor) */
	int prev, used;		/* bounded: last actor, preemptions */
};

struct sim_split {
	struct sim_unit *units;
	size_t nr;
	uint64_t blocked;	/* sleep-set blocked prefixes: no unit */
};

/* Whether @ops can be split (ops->split: dfs, sleepset, dpor, bounded). */
bool sim_splittable(const struct sim_strategy_ops *ops);

/*
 * Enumerate at least @target units of @ops's search (fewer when the
 * search is smaller), with the engine @s. Return: 0, or -1 when out of
 * memory.
 */
int sim_split(struct sim *s, const struct sim_strategy_ops *ops,
	      const struct sim_strategy_params *p, size_t target,
	      struct sim_split *out);
void sim_split_free(struct sim_split *sp);

/*
 * The strategy that runs @unit's prefix, then @inner below it: the same
 * name, kind and label as @inner. Its state comes from
 * sim_prefixed_create(), not from ops.create.
 */
struct sim_strategy_ops sim_prefixed_ops(const struct sim_strategy_ops *inner);
void *sim_prefixed_create(const struct sim_strategy_ops *inner,
			  const struct sim_strategy_params *p,
			  const struct sim_unit *unit);

#endif /* SIM_SPLIT_H */
