/* SPDX-License-Identifier: MIT */
/*
 * The engine's micro-benchmarks (<explore/bench.h>), behind sim bench:
 * the hot path and the exploration rate. They measure; nothing asserts a
 * time.
 *
 * - step: one actor performing visible operations back to back; each is
 *   an announcement, two coroutine switches, the operation and its log
 *   entry, so this is the cost of one scheduling step.
 * - execution: dfs over two actors of 6 visible steps each (924
 *   interleavings), rebuilt from scratch every time: the cost of one
 *   stateless execution of a small program.
 */
#include <explore/bench.h>
#include <explore/explore.h>

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

	b->vars = sim_kzalloc(sizeof(int) * (size_t)b->actors, "int[]", 0, SIM_HERE);
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

int sim_bench_run(struct sim_bench_result *r)
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

	memset(r, 0, sizeof(*r));
	cur = &b;
	s = sim_create(&cfg, &hooks);
	if (!s)
		return -1;
	/* Warm the log's pages once, then time 100 executions. */
	sim_execute(s, &ch);
	t = now();
	for (int i = 0; i < 100; i++)
		sim_execute(s, &ch);
	r->step_seconds = now() - t;
	r->step_ops = 100ull * (uint64_t)b.steps;
	sim_destroy(s);

	b = (struct bench){ .steps = 6, .actors = 2 };
	cfg.max_steps = 100;
	s = sim_create(&cfg, &hooks);
	if (!s)
		return -1;
	st = sim_strategy_dfs.create(&sp);
	t = now();
	for (int round = 0; round < 50; round++) {
		sim_strategy_dfs.destroy(st);
		st = sim_strategy_dfs.create(&sp);
		sim_explore(s, &sim_strategy_dfs, st, 1000000, &res, NULL);
		r->executions += res.executions;
		sim_explore_result_free(&res);
	}
	r->exec_seconds = now() - t;
	sim_strategy_dfs.destroy(st);
	sim_destroy(s);
	return 0;
}
