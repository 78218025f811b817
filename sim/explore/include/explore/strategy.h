/* SPDX-License-Identifier: MIT */
/*
 * Exploration strategies: each decides, execution after execution, which
 * actor goes next at every step. Strategies are const ops tables found by
 * name, like the lock implementations.
 */
#ifndef SIM_STRATEGY_H
#define SIM_STRATEGY_H

#include <stdbool.h>
#include <stddef.h>
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

/*
 * The defaults of a search, wherever its settings come from (plain
 * numbers: help texts print them with SIM_STR()).
 */
#define SIM_DEFAULT_STRATEGY "dpor"
#define SIM_DEFAULT_MAX_EXECUTIONS 1000000
#define SIM_DEFAULT_MAX_STEPS 10000
/* The most steps an execution may be given (--max-steps, traces). */
#define SIM_MAX_STEPS_LIMIT 10000000
/* Seconds of CPU an actor may run without a visible operation: "hang". */
#define SIM_DEFAULT_HANG_SECONDS 10
#define SIM_DEFAULT_PREEMPTION_BOUND 2
#define SIM_DEFAULT_DEPTH 3
/* dpor: wakeup-tree steps before it starts again as source-set DPOR. */
#define SIM_DPOR_TREE_STEPS 262144
/* dpor: see sim_strategy_params.share_quiet. */
#define SIM_SHARE_QUIET 32
/*
 * A task about to go past the branches its giver planned at a node waits
 * for steps its giver may still send there, for at most this many of the
 * giver's executions (sim/explore/dpor.c, hold()).
 */
#define SIM_SHARE_HOLD 64
/*
 * A task at its end, with a mark to go back to, waits for steps its giver
 * may still send for at most this many of the giver's executions (dpor.c,
 * dpor_next()): at W x S 4,3 under v1, 256 kept every such task, where
 * waiting for the giver to get to the branch cost up to 0.3 s.
 */
#define SIM_SHARE_END_HOLD 256
struct sim_share;
struct sim_task;
#define SIM_STR_(x) #x
#define SIM_STR(x) SIM_STR_(x)
struct sim_strategy_params {
	uint64_t max_steps;
	uint64_t seed;		/* random, pct */
	int depth;		/* pct: bug depth d (0: SIM_DEFAULT_DEPTH) */
	int preemption_bound;	/* bounded: the last bound tried */
	bool timed;		/* dpor: some operation waits for a virtual time */
	/*
	 * dpor: how many steps its wakeup tree may hold before it starts
	 * again as source-set DPOR (0: SIM_DPOR_TREE_STEPS), and whether it
	 * is that from the start (sim/explore/dpor.c).
	 */
	size_t tree_steps;
	bool source;
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
	/*
	 * Work sharing (dpor, <explore/share.h>): the board to hand branches
	 * out on (NULL: the search runs alone), the unit they belong to, and
	 * the runs this search may take (its budget, for what a task may
	 * take). @task: this search is a task, the branch it explores.
	 */
	struct sim_share *share;
	size_t share_unit;
	uint64_t budget;
	struct sim_task *task;
	/*
	 * dpor: the runs a branch must have gone without an insertion before
	 * it is handed out (0: SIM_SHARE_QUIET, and a risky branch only while
	 * risky ones pay, see dpor.c). Set, it hands out risky ones too: tests
	 * hand out at once (1).
	 */
	uint64_t share_quiet;
	/*
	 * dpor: a task does not wait for steps that may still come before it
	 * goes past the branches planned at a node (SIM_SHARE_HOLD): tests,
	 * so that tasks go back to their marks more often (dpor.c, go_back()).
	 */
	bool share_no_hold;
};

/* How a strategy's search splits into units (<explore/split.h>). */
enum sim_split_kind {
	SIM_SPLIT_NONE,		/* not at all (random, pct, replay) */
	SIM_SPLIT_ALL,		/* every interleaving of the prefix (dfs) */
	SIM_SPLIT_SLEEP,	/* with sleep sets (sleepset) */
	/* With sleep sets, only where no child gets a sleeper (dpor). */
	SIM_SPLIT_SLEEP_FREE,
	SIM_SPLIT_BOUNDED,	/* keeping the prefix's preemptions (bounded) */
};

struct sim_strategy_ops {
	const char *name;	/* as --strategy and scenarios spell it */
	const char *summary;	/* one line, for sim list */
	bool exhaustive;	/* "complete" means every interleaving was run */
	/*
	 * It follows a recorded schedule (params.schedule) once: there is
	 * no budget to show and nothing to shrink (replay).
	 */
	bool replays;
	enum sim_split_kind split;
	/*
	 * It asks what each step did (sim_step_holders_changed()), which
	 * the engine then records, at a cost, for every execution.
	 */
	bool step_effects;
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
	/* With redundant: what those executions are, for a summary. */
	const char *repeated_name;
	/*
	 * Optional: the fraction of the search done, in [0, 1), assuming
	 * subtrees of one node are alike in size (Knuth's estimator).
	 */
	double (*progress)(void *st);
	/*
	 * Optional (work sharing): a task another worker ran that the search
	 * has taken as its own since the last call, oldest first, or NULL.
	 * Its result is to be added to the search's (sim_explore_add()) before
	 * the next execution; the caller frees it (sim_task_free()).
	 */
	struct sim_task *(*committed)(void *st);
	/*
	 * Optional (work sharing): a task's search may mark where it is, and
	 * later go back there and explore on as if what came after had not
	 * been (dpor.c: steps its giver sends late, go_back()). Called after
	 * next(): *@back is the mark it went back to in that call (dropped,
	 * with those after it), or -1; the return, whether it then took a new
	 * mark. The caller keeps what it counted with each mark, and takes it
	 * back with a going back. When it cannot (a finding since: a kept
	 * trace is not kept twice), it calls unmark(), and the search drops
	 * every mark it has.
	 */
	bool (*marks)(void *st, int *back);
	void (*unmark)(void *st);
	/* Optional: a number to show with each finding (bounded: its bound). */
	int (*label)(void *st);
	const char *label_name;	/* "preemption bound" */
	/*
	 * How a search under @p ended, for a summary, into @buf: "complete",
	 * "bound N", "sampled", "truncated", ... @finished and @complete as
	 * struct sim_explore_result has them. Called through
	 * sim_strategy_end_label().
	 */
	void (*end_label)(const struct sim_strategy_params *p, bool finished,
			  bool complete, char *buf, size_t len);
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

/* The candidates as a set of actor ids (ids below 64, as the engine's). */
static inline uint64_t sim_cand_set(const int *cands, int n)
{
	uint64_t set = 0;

	for (int i = 0; i < n; i++)
		set |= 1ull << cands[i];
	return set;
}

/* Strategies a scenario or --strategy may name; NULL when unknown. */
const struct sim_strategy_ops *sim_strategy_lookup(const char *name);
/* NULL-terminated list of the strategies a user may choose. */
const struct sim_strategy_ops *const *sim_strategies(void);

/*
 * How a search under @ops with @p ended, for the "search" column of a
 * summary: "interrupted" when @interrupted (stopped through
 * sim_explore_ctl.stop), else what @ops->end_label says:
 * - "complete": an exhaustive strategy (dfs, sleepset, dpor) ran out of
 *   work (@complete);
 * - "bound N": bounded ran every round up to N = p->preemption_bound
 *   (@finished);
 * - "sampled": random or pct ran their executions;
 * - "replayed": replay followed its schedule to the end (@finished);
 * - "truncated": a budget (--max-executions) ran out first.
 * @finished and @complete as struct sim_explore_result has them. Always
 * NUL-terminates @buf (@len > 0).
 */
void sim_strategy_end_label(const struct sim_strategy_ops *ops,
			    const struct sim_strategy_params *p,
			    bool interrupted, bool finished, bool complete,
			    char *buf, size_t len);
/* end_label of the exhaustive strategies: "complete" or "truncated". */
void sim_strategy_end_exhaustive(const struct sim_strategy_params *p,
				 bool finished, bool complete, char *buf,
				 size_t len);
/* end_label of the sampling strategies: "sampled". */
void sim_strategy_end_sampled(const struct sim_strategy_params *p,
			      bool finished, bool complete, char *buf,
			      size_t len);
/* end_label of replay: "replayed" or "truncated". */
void sim_strategy_end_replayed(const struct sim_strategy_params *p,
			       bool finished, bool complete, char *buf,
			       size_t len);

/*
 * replay: the step at which the schedule could not be followed, or -1 (an
 * execution that ended before its schedule did included).
 */
long sim_replay_diverged_at(void *st);

#endif /* SIM_STRATEGY_H */
