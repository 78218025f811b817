/* SPDX-License-Identifier: MIT */
/*
 * KASAN for code meson builds into the simulator: this file is compiled
 * with the built-in model's flags (model_kasan in meson.build), so its
 * plain loads and stores are judged as the model's are. A plain read of
 * a freed object is a use-after-free, one past an object's end is
 * out-of-bounds, and an object freed with kfree_rcu() stays readable
 * until its grace period ends. Built only without the host's sanitizers,
 * as the model's instrumentation is.
 */
#include <linux/compiler.h>
#include <linux/kernel.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <sim/engine.h>
#include <explore/explore.h>
#include <explore/strategy.h>

#include "harness.h"

struct obj {
	u32 v;
	struct rcu_head rcu;
};

static struct obj *obj;
static int how;

static void freer_reader(void *arg);

static void setup(struct sim *s, void *ctx)
{
	(void)ctx;
	obj = kzalloc(sizeof(*obj), GFP_KERNEL);
	obj->v = 7;
	harness_spawn(s, "t", 0, freer_reader);
}

static void freer_reader(void *arg)
{
	u32 *small;

	(void)arg;
	switch (how) {
	case 0:		/* a plain read after kfree() */
		kfree(obj);
		(void)*(volatile u32 *)&obj->v;
		break;
	case 1:		/* one byte past a 4-byte object */
		small = kzalloc(sizeof(*small), GFP_ATOMIC);
		(void)((volatile u8 *)small)[5];
		break;
	case 2:		/* inside the grace period: still readable */
		rcu_read_lock();
		kfree_rcu(obj, rcu);
		(void)*(volatile u32 *)&obj->v;
		rcu_read_unlock();
		break;
	case 4:		/* after the grace period: freed */
		kfree_rcu(obj, rcu);
		(void)READ_ONCE(how);	/* the callback may run before this */
		(void)*(volatile u32 *)&obj->v;
		break;
	case 3:		/* a plain write, no fault */
		*(volatile u32 *)&obj->v = 8;
		break;
	}
}

static const char *run(void)
{
	static char title[160];
	struct sim_config cfg = { .max_steps = 100 };
	struct sim_hooks hooks = { .setup = setup };
	struct sim_strategy_params sp = { .max_steps = 100 };
	struct sim_explore_result res;
	struct sim *s = harness_sim(&cfg, &hooks);

	harness_explore(s, &sim_strategy_dfs, &sp, 100, NULL, &res);
	title[0] = '\0';
	if (res.nr_found)
		snprintf(title, sizeof(title), "%s", res.found[0].finding.title);
	assert_true(res.nr_found <= 1);
	sim_explore_result_free(&res);
	sim_destroy(s);
	return title;
}

static void test_model_code_is_instrumented(void **state)
{
	(void)state;
	how = 0;
	assert_string_equal(run(), "BUG: KASAN: slab-use-after-free in freer_reader");
	how = 1;
	assert_string_equal(run(), "BUG: KASAN: slab-out-of-bounds in freer_reader");
	how = 2;
	assert_string_equal(run(), "");
	how = 3;
	assert_string_equal(run(), "");
	how = 4;
	assert_string_equal(run(), "BUG: KASAN: slab-use-after-free in freer_reader");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_model_code_is_instrumented),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
