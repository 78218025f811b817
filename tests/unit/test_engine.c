/* SPDX-License-Identifier: MIT */
/*
 * Engine tests: tiny programs over the shims, each with a known number of
 * interleavings or a known violation, explored with dfs.
 */
#include <linux/atomic.h>
#include <linux/compiler.h>
#include <linux/lockdep.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/refcount.h>
#include <linux/slab.h>
#include <linux/xarray.h>
#include <sim/engine.h>
#include <sim/explore.h>
#include <sim/strategy.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

/* ---- a tiny "model": shared state rebuilt before every execution ---- */

struct shared {
	int vars[4];
	struct mutex a, b;
	refcount_t ref;
	struct xarray xa;
	int *obj;
	int seen[8];		/* indices a walker saw, per execution */
	int nr_seen;
};

struct prog {
	void (*setup)(struct shared *sh);
	void (*actors[4])(void *arg);
	int nr_actors;
	int ops[4];		/* for the counting program */
	int holders;		/* what the holders hook answers (-1: none) */
	bool leaks;
	struct sim_lock_binding locks[2];
	int nr_locks;
};

static struct shared *sh;
static struct prog *cur;

static void setup(struct sim *s, void *ctx)
{
	struct prog *p = ctx;
	char name[16];

	sh = kzalloc(sizeof(*sh), GFP_KERNEL);
	mutex_init(&sh->a);
	mutex_init(&sh->b);
	refcount_set(&sh->ref, 1);
	xa_init(&sh->xa);
	if (p->setup)
		p->setup(sh);
	for (int i = 0; i < p->nr_actors; i++) {
		snprintf(name, sizeof(name), "t%d", i);
		sim_spawn(s, name, p->actors[i], (void *)(long)i);
	}
}

static int holders(void *ctx, const void *obj, char *buf, size_t len)
{
	struct prog *p = ctx;

	(void)obj;
	snprintf(buf, len, "the test");
	return p->holders;
}

struct counts {
	uint64_t executions;
	bool complete;
	int nr_found;
	char kinds[8][32];
};

static struct counts explore_with(const struct sim_strategy_ops *ops,
				  struct prog *p, uint64_t max_steps);

/* dfs, checking on the way that sleepset agrees with it. */
static struct counts explore(struct prog *p, uint64_t max_steps)
{
	struct counts d = explore_with(&sim_strategy_dfs, p, max_steps);
	struct counts r = explore_with(&sim_strategy_sleepset, p, max_steps);

	/* The reduction loses no finding and adds none. */
	assert_int_equal(r.nr_found, d.nr_found);
	for (int i = 0; i < d.nr_found && i < 8; i++)
		assert_string_equal(r.kinds[i], d.kinds[i]);
	assert_true(r.executions <= d.executions);
	assert_true(r.executions >= 1);
	assert_int_equal(r.complete, d.complete);
	return d;
}

static struct counts explore_with(const struct sim_strategy_ops *ops,
				  struct prog *p, uint64_t max_steps)
{
	struct sim_config cfg = { .max_steps = max_steps, .check_leaks = p->leaks,
				  .locks = p->locks, .nr_locks = p->nr_locks };
	struct sim_hooks hooks = { .ctx = p, .setup = setup,
				   .holders = p->holders >= 0 ? holders : NULL };
	struct sim_strategy_params sp = { .max_steps = max_steps };
	struct sim_explore_result res;
	struct counts c = { 0 };
	struct sim *s;
	void *st;

	cur = p;
	s = sim_create(&cfg, &hooks);
	assert_non_null(s);
	st = ops->create(&sp);
	assert_int_equal(sim_explore(s, ops, st, 1000000, &res), 0);
	c.executions = res.executions;
	c.complete = res.complete;
	c.nr_found = res.nr_found;
	for (int i = 0; i < res.nr_found && i < 8; i++)
		snprintf(c.kinds[i], sizeof(c.kinds[i]), "%s",
			 sim_finding_kind_name(res.found[i].finding.kind));
	sim_explore_result_free(&res);
	ops->destroy(st);
	sim_destroy(s);
	return c;
}

/* ---- dfs counts: independent actors give the multinomial ---- */

static void reader(void *arg)
{
	int id = (int)(long)arg;

	for (int i = 0; i < cur->ops[id]; i++)
		(void)READ_ONCE(sh->vars[id]);
}

static void test_dfs_multinomial(void **state)
{
	struct prog p = { .actors = { reader, reader }, .nr_actors = 2,
			  .ops = { 2, 3 }, .holders = -1 };
	struct counts c;

	(void)state;
	c = explore(&p, 100);
	assert_int_equal(c.executions, 10);	/* 5! / (2! 3!) */
	assert_true(c.complete);
	assert_int_equal(c.nr_found, 0);

	p.ops[0] = 3;
	c = explore(&p, 100);
	assert_int_equal(c.executions, 20);	/* 6! / (3! 3!) */

	p.nr_actors = 3;
	p.actors[2] = reader;
	p.ops[0] = p.ops[1] = p.ops[2] = 1;
	c = explore(&p, 100);
	assert_int_equal(c.executions, 6);	/* 3! */

	/* Reads of different variables all commute: one class. */
	c = explore_with(&sim_strategy_sleepset, &p, 100);
	assert_int_equal(c.executions, 1);
	assert_true(c.complete);
}

/* ---- mutexes block waiters; noop does not exclude ---- */

static void locker(void *arg)
{
	(void)arg;
	mutex_lock(&sh->a);
	mutex_unlock(&sh->a);
}

static void test_mutex_blocks(void **state)
{
	struct prog p = { .actors = { locker, locker }, .nr_actors = 2,
			  .holders = -1 };
	struct counts c;

	(void)state;
	c = explore(&p, 100);
	assert_int_equal(c.executions, 2);	/* AABB and BBAA only */
	assert_int_equal(c.nr_found, 0);
	/* Both are distinct classes: the lock orders them. */
	c = explore_with(&sim_strategy_sleepset, &p, 100);
	assert_int_equal(c.executions, 2);

	p.locks[0] = (struct sim_lock_binding){ "&sh->a", &sim_lock_noop_ops };
	p.nr_locks = 1;
	c = explore(&p, 100);
	assert_int_equal(c.executions, 6);	/* 4! / (2! 2!) */
}

/* ---- deadlock: ABBA ---- */

static void ab(void *arg)
{
	(void)arg;
	mutex_lock(&sh->a);
	mutex_lock(&sh->b);
	mutex_unlock(&sh->b);
	mutex_unlock(&sh->a);
}

static void ba(void *arg)
{
	(void)arg;
	mutex_lock(&sh->b);
	mutex_lock(&sh->a);
	mutex_unlock(&sh->a);
	mutex_unlock(&sh->b);
}

static void test_deadlock_abba(void **state)
{
	struct prog p = { .actors = { ab, ba }, .nr_actors = 2, .holders = -1 };
	struct counts c;

	(void)state;
	c = explore(&p, 100);
	assert_int_equal(c.nr_found, 1);
	assert_string_equal(c.kinds[0], "deadlock");

	p.actors[1] = ab;	/* same order: no deadlock */
	c = explore(&p, 100);
	assert_int_equal(c.nr_found, 0);
}

/* ---- refcounts ---- */

static void putter(void *arg)
{
	(void)arg;
	refcount_dec(&sh->ref);
}

static void getter(void *arg)
{
	(void)arg;
	refcount_inc(&sh->ref);
}

static void test_refcount_underflow(void **state)
{
	struct prog p = { .actors = { putter, putter }, .nr_actors = 2,
			  .holders = -1 };
	struct counts c;

	(void)state;
	c = explore(&p, 100);
	assert_int_equal(c.nr_found, 1);
	assert_string_equal(c.kinds[0], "refcount-underflow");

	p.nr_actors = 1;
	c = explore(&p, 100);
	assert_int_equal(c.nr_found, 0);
}

static void test_refcount_inc_zero(void **state)
{
	struct prog p = { .actors = { putter, getter }, .nr_actors = 2,
			  .holders = -1 };
	struct counts c;

	(void)state;
	c = explore(&p, 100);
	assert_int_equal(c.executions, 2);
	assert_int_equal(c.nr_found, 1);	/* only when the put goes first */
	assert_string_equal(c.kinds[0], "refcount-inc-zero");
}

static void test_premature_free(void **state)
{
	struct prog p = { .actors = { putter }, .nr_actors = 1, .holders = 1 };
	struct counts c;

	(void)state;
	c = explore(&p, 100);
	assert_int_equal(c.nr_found, 1);
	assert_string_equal(c.kinds[0], "premature-free");

	p.holders = 0;
	c = explore(&p, 100);
	assert_int_equal(c.nr_found, 0);
}

/* ---- lifetimes ---- */

static void alloc_obj(struct shared *s)
{
	s->obj = kzalloc(sizeof(int), GFP_KERNEL);
}

static void freer(void *arg)
{
	(void)arg;
	kfree(sh->obj);
}

static void user(void *arg)
{
	(void)arg;
	(void)READ_ONCE(*sh->obj);
}

static void rcu_user(void *arg)
{
	int *p;

	(void)arg;
	rcu_read_lock();
	p = READ_ONCE(sh->obj);
	if (p)
		(void)READ_ONCE(*p);
	rcu_read_unlock();
}

static void rcu_late_user(void *arg)
{
	int *p;

	(void)arg;
	rcu_read_lock();
	p = READ_ONCE(sh->obj);
	rcu_read_unlock();
	if (p)
		(void)READ_ONCE(*p);	/* outside the read-side section: a bug */
}

/* Unpublish, then free after a grace period. */
static void rcu_freer(void *arg)
{
	int *p = sh->obj;

	(void)arg;
	WRITE_ONCE(sh->obj, NULL);
	kfree_rcu(p, rcu);
}

static void test_use_after_free(void **state)
{
	struct prog p = { .setup = alloc_obj, .actors = { freer, user },
			  .nr_actors = 2, .holders = -1 };
	struct counts c;

	(void)state;
	c = explore(&p, 100);
	assert_int_equal(c.executions, 2);
	assert_int_equal(c.nr_found, 1);
	assert_string_equal(c.kinds[0], "use-after-free");
}

static void test_double_free(void **state)
{
	struct prog p = { .setup = alloc_obj, .actors = { freer, freer },
			  .nr_actors = 2, .holders = -1 };
	struct counts c;

	(void)state;
	c = explore(&p, 100);
	assert_int_equal(c.nr_found, 1);
	assert_string_equal(c.kinds[0], "double-free");
}

static void test_rcu_deferred_free(void **state)
{
	struct prog p = { .setup = alloc_obj, .actors = { rcu_user, rcu_freer },
			  .nr_actors = 2, .holders = -1 };
	struct counts c;

	(void)state;
	c = explore(&p, 100);
	assert_true(c.complete);
	assert_true(c.executions >= 6);
	assert_int_equal(c.nr_found, 0);	/* the reader stays inside */

	p.actors[0] = rcu_late_user;
	c = explore(&p, 100);
	assert_int_equal(c.nr_found, 1);
	assert_string_equal(c.kinds[0], "use-after-free");
}

static void test_leak(void **state)
{
	struct prog p = { .setup = alloc_obj, .actors = { user }, .nr_actors = 1,
			  .holders = -1, .leaks = true };
	struct counts c;

	(void)state;
	c = explore(&p, 100);
	assert_int_equal(c.nr_found, 1);
	assert_string_equal(c.kinds[0], "leak");
}

/* ---- lockdep_assert_held ---- */

static void asserter(void *arg)
{
	(void)arg;
	lockdep_assert_held(&sh->a);
}

static void locked_asserter(void *arg)
{
	(void)arg;
	mutex_lock(&sh->a);
	lockdep_assert_held(&sh->a);
	mutex_unlock(&sh->a);
}

static void test_assert_held(void **state)
{
	struct prog p = { .actors = { asserter }, .nr_actors = 1, .holders = -1 };
	struct counts c;

	(void)state;
	c = explore(&p, 100);
	assert_int_equal(c.nr_found, 1);
	assert_string_equal(c.kinds[0], "assert-held");

	p.actors[0] = locked_asserter;
	c = explore(&p, 100);
	assert_int_equal(c.nr_found, 0);
}

/* ---- livelock: waiting for a flag nobody sets ---- */

static void spinner(void *arg)
{
	(void)arg;
	while (!READ_ONCE(sh->vars[0]))
		;
}

static void test_livelock(void **state)
{
	struct prog p = { .actors = { spinner }, .nr_actors = 1, .holders = -1 };
	struct counts c;

	(void)state;
	c = explore(&p, 50);
	assert_int_equal(c.nr_found, 1);
	assert_string_equal(c.kinds[0], "livelock");
}

/* ---- xarray walk under a concurrent erase ---- */

static void xa_fill(struct shared *s)
{
	for (int i = 1; i <= 3; i++)
		xa_store(&s->xa, i, &s->vars[i], GFP_KERNEL);
}

static void walker(void *arg)
{
	unsigned long index;
	void *entry;

	(void)arg;
	xa_for_each(&sh->xa, index, entry)
		sh->seen[sh->nr_seen++] = (int)index;
}

static void eraser(void *arg)
{
	(void)arg;
	assert_non_null(xa_erase(&sh->xa, 2));
	assert_null(xa_erase(&sh->xa, 2));
}

static int walks_without_2, walks_with_2;

static void walker_record(void *arg)
{
	walker(arg);
	if (sh->nr_seen == 2 && sh->seen[0] == 1 && sh->seen[1] == 3)
		walks_without_2++;
	else if (sh->nr_seen == 3 && sh->seen[1] == 2)
		walks_with_2++;
	else
		fail_msg("walk saw %d entries", sh->nr_seen);
}

static void test_xa_walk_concurrent_erase(void **state)
{
	struct prog p = { .setup = xa_fill, .actors = { walker_record, eraser },
			  .nr_actors = 2, .holders = -1 };
	struct counts c;

	(void)state;
	walks_without_2 = walks_with_2 = 0;
	c = explore_with(&sim_strategy_dfs, &p, 100);
	assert_int_equal(c.nr_found, 0);
	assert_true(c.complete);
	/* Every walk saw either the erased index or not, both happen. */
	assert_true(walks_without_2 > 0);
	assert_true(walks_with_2 > 0);
	assert_int_equal(walks_with_2 + walks_without_2, c.executions);

	/* sleepset still shows the walk both with and without index 2. */
	walks_without_2 = walks_with_2 = 0;
	c = explore_with(&sim_strategy_sleepset, &p, 100);
	assert_true(walks_without_2 > 0);
	assert_true(walks_with_2 > 0);
}

/* ---- determinism: the same schedule gives the same event log ---- */

static char *run_logged(struct prog *p, int which)
{
	struct sim_config cfg = { .max_steps = 100 };
	struct sim_hooks hooks = { .ctx = p, .setup = setup };
	struct sim_strategy_params sp = { .max_steps = 100 };
	char *buf = NULL, line[400];
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	struct sim *s = sim_create(&cfg, &hooks);
	void *st = sim_strategy_dfs.create(&sp);
	struct sim_chooser ch = { st, sim_strategy_dfs.choose };

	cur = p;
	for (int i = 0; i <= which; i++) {
		assert_true(sim_strategy_dfs.next(st));
		sim_execute(s, &ch);
		sim_strategy_dfs.done(st, s, SIM_EXEC_CLEAN);
	}
	for (size_t i = 0; i < sim_log_len(s); i++) {
		sim_format_event(s, sim_log_at(s, i), line, sizeof(line));
		fprintf(out, "%s\n", line);
	}
	fclose(out);
	sim_strategy_dfs.destroy(st);
	sim_destroy(s);
	return buf;
}

static void test_determinism(void **state)
{
	struct prog p = { .setup = xa_fill, .actors = { walker, eraser },
			  .nr_actors = 2, .holders = -1 };
	char *a = run_logged(&p, 7), *b = run_logged(&p, 7), *c = run_logged(&p, 3);

	(void)state;
	assert_true(strlen(a) > 100);
	assert_string_equal(a, b);
	assert_string_not_equal(a, c);
	free(a);
	free(b);
	free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dfs_multinomial),
		cmocka_unit_test(test_mutex_blocks),
		cmocka_unit_test(test_deadlock_abba),
		cmocka_unit_test(test_refcount_underflow),
		cmocka_unit_test(test_refcount_inc_zero),
		cmocka_unit_test(test_premature_free),
		cmocka_unit_test(test_use_after_free),
		cmocka_unit_test(test_double_free),
		cmocka_unit_test(test_rcu_deferred_free),
		cmocka_unit_test(test_leak),
		cmocka_unit_test(test_assert_held),
		cmocka_unit_test(test_livelock),
		cmocka_unit_test(test_xa_walk_concurrent_erase),
		cmocka_unit_test(test_determinism),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
