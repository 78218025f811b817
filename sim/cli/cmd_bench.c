/* SPDX-License-Identifier: MIT */
/*
 * sim bench: measure the engine's hot path and the exploration rate. It
 * prints numbers; nothing asserts a time.
 *
 * - step: one actor performing visible operations back to back; each is
 *   an announcement, two coroutine switches, the operation and its log
 *   entry, so this is the cost of one scheduling step.
 * - execution: dfs over two actors of 6 visible steps each (924
 *   interleavings), rebuilt from scratch every time: the cost of one
 *   stateless execution of a small program.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>
#include <uv.h>

#include <sim/engine.h>
#include <sim/mem.h>
#include <sim/op.h>

struct bench {
	int steps;		/* per actor */
	int actors;
	int *vars;
};

static struct bench *cur;

static void spin(void *arg)
{
	struct sim_op op = { .kind = SIM_OP_READ, .site = SIM_HERE, .what = "read" };
	int id = (int)(long)arg;

	op.addr = &cur->vars[id];
	for (int i = 0; i < cur->steps; i++) {
		sim_visible(&op);
		sim_done(&op);
	}
}

static void setup(struct sim *s, void *ctx)
{
	struct bench *b = ctx;

	b->vars = sim_kzalloc(sizeof(int) * (size_t)b->actors, "int[]", false, SIM_HERE);
	for (int i = 0; i < b->actors; i++)
		sim_spawn(s, i ? "t1" : "t0", spin, (void *)(long)i);
}

static int first(void *ctx, const struct sim *s, const int *cands, int n)
{
	(void)ctx;
	(void)s;
	(void)cands;
	(void)n;
	return 0;
}

static double now(void)
{
	return (double)uv_hrtime() / 1e9;
}

int cmd_bench(int argc, char **argv)
{
	struct bench b = { .steps = 20000, .actors = 1 };
	struct sim_config cfg = { .max_steps = 20001 };
	struct sim_hooks hooks = { .ctx = &b, .setup = setup };
	struct sim_chooser ch = { NULL, first };
	struct sim_strategy_params sp = { .max_steps = 100 };
	struct sim_explore_result res;
	struct sim *s;
	double t;
	void *st;

	if (argc > 1) {
		fputs("usage: sim bench\n\nMeasure the cost of a scheduling step and the rate of executions.\n",
		      strcmp(argv[1], "--help") && strcmp(argv[1], "-h") ? stderr : stdout);
		return strcmp(argv[1], "--help") && strcmp(argv[1], "-h") ?
		       CLI_EXIT_BAD_INPUT : CLI_EXIT_OK;
	}
	cur = &b;
	s = sim_create(&cfg, &hooks);
	if (!s)
		return CLI_EXIT_BAD_INPUT;
	/* Warm the log's pages once, then time 100 executions. */
	sim_execute(s, &ch);
	t = now();
	for (int i = 0; i < 100; i++)
		sim_execute(s, &ch);
	t = now() - t;
	printf("step       %8.1f ns per visible operation (%d x 100 in %.3f s; 2 switches each)\n",
	       t * 1e9 / (100.0 * b.steps), b.steps, t);
	sim_destroy(s);

	b = (struct bench){ .steps = 6, .actors = 2 };
	cfg.max_steps = 100;
	s = sim_create(&cfg, &hooks);
	st = sim_strategy_dfs.create(&sp);
	t = now();
	for (int round = 0; round < 50; round++) {
		sim_strategy_dfs.destroy(st);
		st = sim_strategy_dfs.create(&sp);
		sim_explore(s, &sim_strategy_dfs, st, 1000000, &res, NULL);
		if (round + 1 < 50)
			sim_explore_result_free(&res);
	}
	t = now() - t;
	printf("execution  %8.1f ns per execution of 12 steps (%llu dfs executions x 50 in %.3f s: %.0f/s)\n",
	       t * 1e9 / (50.0 * (double)res.executions),
	       (unsigned long long)res.executions, t, 50.0 * (double)res.executions / t);
	sim_explore_result_free(&res);
	sim_strategy_dfs.destroy(st);
	sim_destroy(s);
	return CLI_EXIT_OK;
}
