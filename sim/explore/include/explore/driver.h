/* SPDX-License-Identifier: MIT */
/*
 * The exploration driver: one search (a job) run to its end by one or
 * more workers, each owning an engine instance that a factory made.
 *
 * When the strategy allows it and more than one worker or shard is asked
 * for, the search is split into units (<explore/split.h>) that the workers
 * take one by one; the results are merged in unit order, so the outcome
 * does not depend on how many workers ran or which ran what. The driver
 * runs libuv's loop on the calling thread while the workers run on its
 * thread pool: a timer reports progress, SIGINT asks every worker to stop
 * at its next execution boundary.
 */
#ifndef SIM_DRIVER_H
#define SIM_DRIVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sim/engine.h>
#include <explore/explore.h>
#include <explore/strategy.h>

/* Units a search is split into, whatever the number of workers. */
#define SIM_SPLIT_UNITS 64

/* How far a job has come, for a progress display. */
struct sim_progress {
	uint64_t executions;	/* complete ones, all workers */
	uint64_t findings;	/* distinct ones, per worker, added up */
	double fraction;	/* of an exhaustive unsplit search (estimate), or 0 */
	size_t unit, nr_units;	/* split: units started so far, of */
	double seconds;		/* wall clock: shown live, never reported */
};

struct sim_job {
	const struct sim_strategy_ops *strategy;
	struct sim_strategy_params params;
	uint64_t max_executions;
	unsigned jobs;		/* workers (0: one) */
	/* This run explores units shard, shard + shards, ... (shards 0: all). */
	unsigned shard, shards;
	bool shrink;		/* shrink each kept schedule (<explore/shrink.h>) */
	/*
	 * Render the show-th complete execution (1-based) into the result's
	 * shown; 0: none. A job that shows one runs as one search (no split,
	 * one worker), so the N-th is the same every time.
	 */
	uint64_t show;
	const char *svg_title;	/* draw each finding under this heading, or NULL */
	/*
	 * Fault injection (<sim/fault.h>): explore every execution with at
	 * most this many failed allocations (0: none, one search), at the
	 * allocations made directly by fault_funcs (NULL: any function).
	 * After the fault-free search, one search per fault plan, each with
	 * max_executions. Not with shards.
	 */
	int faults;
	const char *const *fault_funcs;
	int nr_fault_funcs;
	/* Count the allocation sites reached (res.sites), faults or not. */
	bool coverage;
	/* The fault-free search's failures instead (a replay's), or NULL. */
	const struct sim_fault *plan;
	int nr_plan;
	struct sim_factory factory;
	/* Optional, on the calling thread about four times a second. */
	void (*progress)(void *ctx, const struct sim_progress *p);
	/* Optional, on the calling thread once the workers are done. */
	void (*progress_end)(void *ctx);
	void *progress_ctx;
};

struct sim_job_result {
	struct sim_explore_result res;
	double seconds;		/* wall clock: shown, never in a report */
	size_t units;		/* of the split search (1: not split) */
	/* With faults: the fault plans explored after the fault-free search. */
	size_t plans;
	uint64_t fault_executions;	/* their executions, in res.executions */
	size_t units_run;	/* by this run (its shard) */
	/*
	 * Set (malloc'd) when the lock dependencies of the units together
	 * close a cycle that no unit saw whole (each unit's lock-order
	 * history is its own) and running the units again in one history,
	 * in their order, did not report it either. NULL otherwise.
	 */
	char *note;
	char *shown;		/* the job's show-th execution, or NULL */
	/* With coverage: the lock pairs taken (held -> taken), malloc'd. */
	struct sim_lock_edge *lock_pairs;
	size_t nr_lock_pairs;
};

/*
 * Run @job. Return: 0, or -1 with a one-line message in @err (a factory
 * refused, or the strategy cannot be sharded).
 */
int sim_job_run(const struct sim_job *job, struct sim_job_result *out,
		char *err, size_t errlen);
void sim_job_result_free(struct sim_job_result *out);
/* SIGINT stopped a job of this process. */
bool sim_job_interrupted(void);

#endif /* SIM_DRIVER_H */
