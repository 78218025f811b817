/* SPDX-License-Identifier: MIT */
/* The command line: shared pieces of the subcommands. */
#ifndef SIM_CLI_H
#define SIM_CLI_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <explore/driver.h>
#include <scenario/scenario.h>

struct model_ops;
struct cli_tree;

#define CLI_EXIT_OK 0
#define CLI_EXIT_MISMATCH 1
#define CLI_EXIT_BAD_INPUT 2

int cmd_run(int argc, char **argv);
int cmd_replay(int argc, char **argv);
int cmd_list(int argc, char **argv);
int cmd_variant(int argc, char **argv);
int cmd_bench(int argc, char **argv);
int cmd_merge(int argc, char **argv);

/* The registries the scenario loader validates names against. */
const struct scenario_names *cli_names(void);

/* One scenario explored under one model's variant: a column's cell. */
struct cli_job {
	const struct scenario *scn;
	const struct model_ops *model;
	int variant;
	const char *column;	/* the column's name, if not the variant's */
	const struct cli_tree *tree;	/* the kernel tree the model is, or NULL */
	const struct sim_strategy_ops *strategy;
	struct sim_strategy_params params;
	uint64_t max_executions;
	bool progress;		/* draw a progress line on a terminal */
	bool svg;		/* draw each finding as an SVG picture */
	unsigned jobs;		/* workers (0: one) */
	unsigned shard, shards;	/* explore units shard, shard + shards, ... */
	uint32_t hang_ms;	/* the watchdog's limit (0: none) */
	bool kcsan;		/* --kcsan: data races judged (sim_config.kcsan) */
	uint64_t show;		/* print this complete execution (0: none) */
	/* Fault injection (<sim/fault.h>): at most this many per execution. */
	int faults;
	bool coverage;		/* count the allocation sites reached */
	const char *const *fault_funcs;	/* NULL: any function */
	int nr_fault_funcs;
	/* A replay's failures, from its trace. */
	const struct sim_fault *plan;
	int nr_plan;
};

/*
 * Run @job through the exploration driver, with a progress line when
 * asked for and stderr is a terminal. Return: 0, or CLI_EXIT_BAD_INPUT
 * with a message on stderr.
 */
int cli_explore(const struct cli_job *job, struct sim_job_result *out);
const char *cli_variant_name(const struct cli_job *job);
/* "itsim: scenario ..., variant ..., locks ..., strategy ..." */
void cli_print_header(FILE *f, const struct cli_job *job);

/*
 * Read the whole of @path, NUL-terminated; @len gets its size.
 * Return: malloc'd text, or NULL with errno set.
 */
char *cli_read_file(const char *path, size_t *len);
/* Write @text to @path. Return: 0, or -1 with a message on stderr. */
int cli_write_file(const char *path, const char *text);

#endif /* SIM_CLI_H */
