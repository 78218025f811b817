/* SPDX-License-Identifier: MIT */
/* sim bench: print the engine's micro-benchmarks (<explore/bench.h>). */
#include "cli.h"

#include <string.h>

#include <explore/bench.h>

int cmd_bench(int argc, char **argv)
{
	struct sim_bench_result r;
	bool help;

	if (argc > 1) {
		help = strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0;
		fputs("usage: sim bench\n\nMeasure the cost of a scheduling step and the rate of executions.\n",
		      help ? stdout : stderr);
		return help ? CLI_EXIT_OK : CLI_EXIT_BAD_INPUT;
	}
	if (sim_bench_run(&r))
		return CLI_EXIT_BAD_INPUT;
	printf("step       %8.1f ns per visible operation (%llu x 100 in %.3f s; 2 switches each)\n",
	       r.step_seconds * 1e9 / (double)r.step_ops,
	       (unsigned long long)(r.step_ops / 100), r.step_seconds);
	printf("execution  %8.1f ns per execution of 12 steps (%llu dfs executions x 50 in %.3f s: %.0f/s)\n",
	       r.exec_seconds * 1e9 / (double)r.executions,
	       (unsigned long long)(r.executions / 50), r.exec_seconds,
	       (double)r.executions / r.exec_seconds);
	return CLI_EXIT_OK;
}
