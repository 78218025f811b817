/* SPDX-License-Identifier: MIT */
/* The command line: shared pieces of the subcommands. */
#ifndef SIM_CLI_H
#define SIM_CLI_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <sim/explore.h>

#include "../scenario/scenario.h"

#define CLI_EXIT_OK 0
#define CLI_EXIT_MISMATCH 1
#define CLI_EXIT_BAD_INPUT 2

#define CLI_DEFAULT_MAX_EXECUTIONS 1000000ull
#define CLI_DEFAULT_MAX_STEPS 10000ull
#define CLI_DEFAULT_STRATEGY "dpor"
/* Units a search is split into, whatever the number of workers. */
#define CLI_SPLIT_UNITS 64

int cmd_run(int argc, char **argv);
int cmd_replay(int argc, char **argv);
int cmd_list(int argc, char **argv);
int cmd_variant(int argc, char **argv);
int cmd_bench(int argc, char **argv);
int cmd_merge(int argc, char **argv);

/* The registries the scenario loader validates names against. */
const struct scenario_names *cli_names(void);

/* One scenario explored under one variant. */
struct cli_job {
	const struct scenario *scn;
	int variant;
	const struct sim_strategy_ops *strategy;
	struct sim_strategy_params params;
	uint64_t max_executions;
	bool progress;		/* draw a progress line on a terminal */
	bool svg;		/* draw each finding as an SVG picture */
	unsigned jobs;		/* workers (0: one) */
	unsigned shard, shards;	/* explore units shard, shard + shards, ... */
};

/* Write @text to @path. Return: 0, or -1 with a message on stderr. */
int cli_write_file(const char *path, const char *text);

struct cli_outcome {
	struct sim_explore_result res;
	double seconds;
	size_t units;		/* of the split search (1: not split) */
	size_t units_run;	/* by this run (its shard) */
	/*
	 * Set when the lock dependencies of the units together close a cycle
	 * that no unit saw whole (each unit's lock-order history is its own).
	 */
	char note[512];
	char setup_err[256];
	/* effective lock implementations, for traces and the header */
	int nr_locks;
	const char *lock_keys[8];
	const char *lock_impls[8];
};

/* Return: 0, or CLI_EXIT_BAD_INPUT with a message on stderr. */
int cli_explore(const struct cli_job *job, struct cli_outcome *out);
void cli_outcome_free(struct cli_outcome *out);
/* Ctrl-C was pressed during an exploration. */
bool cli_interrupted(void);

/* "itsim: scenario ..., variant ..., locks ..., strategy ..." */
void cli_print_header(FILE *f, const struct cli_job *job,
		      const struct cli_outcome *out);

#endif /* SIM_CLI_H */
