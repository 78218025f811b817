/* SPDX-License-Identifier: MIT */
/*
 * Exploration driver: runs executions under a strategy until it is done or
 * a budget is spent, and keeps one trace per distinct finding (by kind and
 * site): the one with the shortest schedule.
 */
#ifndef SIM_EXPLORE_H
#define SIM_EXPLORE_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include <sim/engine.h>
#include <sim/cover.h>
#include <sim/fault.h>
#include <explore/strategy.h>

struct sim_found {
	struct sim_finding finding;
	char key[192];		/* kind and site: what makes findings distinct */
	char *report;		/* the rendered report */
	char *svg;		/* its picture, when asked for (else NULL) */
	char **schedule;	/* actor names, one per step */
	size_t schedule_len;
	uint64_t execution;	/* which execution found it (1-based) */
	uint64_t hits;		/* executions that hit it */
	int label;		/* the strategy's label when first found, or -1 */
	int preemptions;	/* in the kept schedule, or -1 when unknown */
	/* The failures its execution injected (<sim/fault.h>), in plan order. */
	struct sim_fault faults[SIM_FAULTS_MAX];
	int nr_faults;
};

/*
 * Shared with another thread while an exploration runs: it may ask the
 * exploration to stop at its next execution boundary, and read how far it
 * has come.
 */
struct sim_explore_ctl {
	_Atomic bool stop;
	_Atomic uint64_t executions;	/* complete ones so far */
	_Atomic uint64_t findings;	/* distinct findings so far */
	_Atomic uint64_t progress_ppm;	/* of an exhaustive search, or 0 */
	/* Set before: draw each kept finding as an SVG with this heading. */
	const char *svg_title;
	/* Set before: shrink each kept schedule (<explore/shrink.h>). */
	bool shrink;
	/*
	 * Set before, optional: render the show-th complete execution
	 * (1-based, clean or not) into shown (malloc'd; the caller frees it).
	 */
	uint64_t show;
	char *shown;
};

struct sim_explore_result {
	uint64_t executions;	/* complete executions */
	/*
	 * Executions cut short as redundant: the strategy abandoned them
	 * because every enabled actor was asleep (sleepset), and, in a
	 * split search, the prefixes blocked the same way.
	 */
	uint64_t abandoned;
	/*
	 * Complete executions of a class counted elsewhere: by an earlier
	 * round (bounded) or by another unit (dpor's units). The strategy's
	 * repeated_name says which.
	 */
	uint64_t repeated;
	/* A replay whose schedule could not be followed (0 or 1). */
	uint64_t diverged;
	/*
	 * Complete executions under a fault plan that did not reach every
	 * planned failure: each is an execution of a smaller plan (none
	 * injected: a fault-free one), explored there. Not counted in
	 * executions, and their findings are that plan's.
	 */
	uint64_t uninjected;
	/* The allocations counted (sim_fault_space()), when asked to. */
	struct sim_fault_point *space;
	size_t nr_space;
	/* ... and their sites (sim_fault_sites()). */
	struct sim_alloc_site *sites;
	size_t nr_sites;
	/* What the executions reached (<sim/cover.h>), when asked to. */
	struct sim_cover_item *cover;
	size_t nr_cover;
	uint64_t steps;		/* scheduled in all runs, cut-short ones too */
	uint64_t runs;		/* all runs: what a budget counts */
	/* Of those, run by other workers for this search (<explore/share.h>). */
	uint64_t shared;
	/*
	 * Steps a search inserted into branches it had handed out, taken in
	 * by the tasks running them, whose results were used (sim/explore/
	 * dpor.c, forward()).
	 */
	uint64_t forwarded;
	/*
	 * Of those tasks, the times one went back to a point it had marked
	 * and explored on from there (dpor.c, go_back()).
	 */
	uint64_t back;
	bool complete;		/* an exhaustive strategy ran out of work */
	bool finished;		/* the strategy ran out of work (any kind) */
	bool interrupted;	/* stopped through sim_explore_ctl.stop */
	struct sim_found *found;
	int nr_found;
};

/*
 * Run at most @max_executions executions (complete or abandoned).
 * Return: 0, or -1 when out of memory.
 */
int sim_explore(struct sim *s, const struct sim_strategy_ops *ops, void *st,
		uint64_t max_executions, struct sim_explore_result *res,
		struct sim_explore_ctl *ctl);
void sim_explore_result_free(struct sim_explore_result *res);
/*
 * Add @from (a unit's result, a fault plan's search, a task's) to @to, as
 * one search that went on would have counted it: @from's findings are
 * numbered after @to's executions, and the shorter trace of each is kept.
 * @from is emptied.
 */
void sim_explore_add(struct sim_explore_result *to,
		     struct sim_explore_result *from);
/*
 * Move @from's findings into @to, as one search would have kept them,
 * numbered after @offset executions; @from is emptied.
 */
void sim_explore_merge_found(struct sim_explore_result *to,
			     struct sim_explore_result *from, uint64_t offset);

/* Render the finding of the execution that just ended (malloc'd). */
char *sim_render_report(struct sim *s, const struct sim_finding *f);
/*
 * The execution that just ended in @s as "execution N: OUTCOME" and its
 * whole interleaving, one line per step, as a report shows it (a
 * livelock's up to the end of the first run of its cycle).
 * Return: malloc'd text, or NULL (out of memory).
 */
char *sim_render_execution(struct sim *s, uint64_t n, enum sim_exec_result r);
/* The distinctness key of a finding. */
void sim_finding_key(const struct sim_finding *f, char *buf, size_t len);

/*
 * How findings of one key combine wherever two sightings meet (two
 * executions of one search, two units, two shards): hits add up, the
 * label is the smallest non-negative one (-1: none), and the shorter
 * trace is kept, the one seen first on a tie. Updates @hits and @label.
 * Return: true when the candidate's trace (@cand_steps) replaces the
 * kept one (@kept_steps).
 */
bool sim_found_combine(uint64_t *hits, int *label, size_t kept_steps,
		       uint64_t cand_hits, int cand_label, size_t cand_steps);

#endif /* SIM_EXPLORE_H */
