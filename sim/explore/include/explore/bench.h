/* SPDX-License-Identifier: MIT */
/* The engine's micro-benchmarks, behind sim bench (sim/explore/bench.c). */
#ifndef SIM_EXPLORE_BENCH_H
#define SIM_EXPLORE_BENCH_H

#include <stdint.h>

struct sim_bench_result {
	/* One actor's visible operations back to back, 100 executions. */
	uint64_t step_ops;
	double step_seconds;
	/* dfs over two actors of 6 steps each (924 interleavings), x 50. */
	uint64_t executions;
	double exec_seconds;
};

/* Wall-clock measurements, for printing only. Return: 0, or -1 (memory). */
int sim_bench_run(struct sim_bench_result *r);

#endif /* SIM_EXPLORE_BENCH_H */
