/* SPDX-License-Identifier: MIT */
/*
 * Engine tests: tiny programs over the shims, each with a known number of
 * interleavings or a known violation, explored with dfs.
 */
#include <linux/bug.h>
#include <linux/lockdep.h>
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/rcupdate.h>
#include <linux/refcount.h>
#include <linux/spinlock.h>
#include <linux/srcu.h>
#include <linux/xarray.h>
#include <sim/engine.h>
#include <explore/driver.h>
#include <explore/explore.h>
#include <explore/strategy.h>

#include "harness.h"

/* ---- a tiny "model": shared state rebuilt before every execution ---- */

struct shared {
	int vars[4];
	struct mutex a, b, c;
	spinlock_t sl;
	struct srcu_struct srcu;
	refcount_t ref;
	struct xarray xa;
	int *obj;
	struct mutex *lobj;	/* a mutex in an object of its own */
	atomic_t first;		/* who came first (the split test) */
	struct robj {
		refcount_t ref;
		int v;
	} *robj;		/* a reference-counted object */
	int seen[8];		/* indices a walker saw, per execution */
	int nr_seen;
	int holding;		/* pointers to sh->ref's owner (live_holders) */
};

struct prog {
	void (*setup)(struct shared *sh);
	void (*actors[4])(void *arg);
	int nr_actors;
	int ops[4];		/* for the counting program */
	int holders;		/* what the holders hook answers (-1: none) */
	bool live_holders;	/* ... or sh->holding, when set */
	uint32_t hang_ms;	/* the watchdog's limit (0: none) */
	bool leaks;
	struct sim_lock_binding locks[2];
	int nr_locks;
	bool atomic[4];		/* actors in atomic context */
	uint64_t at[4];		/* virtual start time of each actor */
	const struct sim_lock_rule *rules;
	bool named;		/* objects make_robj() allocates are "robj" */
};

static struct shared *sh;
static struct prog *cur;

static void setup(struct sim *s, void *ctx)
{
	struct prog *p = ctx;

	sh = kzalloc(sizeof(*sh), GFP_KERNEL);
	mutex_init(&sh->a);
	mutex_init(&sh->b);
	mutex_init(&sh->c);
	spin_lock_init(&sh->sl);
	init_srcu_struct(&sh->srcu);
	refcount_set(&sh->ref, 1);
	xa_init(&sh->xa);
	if (p->setup)
		p->setup(sh);
	for (int i = 0; i < p->nr_actors; i++)
		sim_actor_set_atomic(s, harness_spawn(s, "t", i, p->actors[i]),
				     p->atomic[i]);
}

static int holders(void *ctx, const void *obj, char *buf, size_t len)
{
	struct prog *p = ctx;

	(void)obj;
	snprintf(buf, len, "the test");
	return p->live_holders ? sh->holding : p->holders;
}

/*
 * Every object make_robj() allocates has one name, as every vgic_irq of
 * one INTID has in the model; the others are left to the engine.
 */
static bool describe(void *ctx, const void *obj, const char *alloc_func,
		     char *buf, size_t len)
{
	(void)ctx;
	(void)obj;
	if (strcmp(alloc_func, "make_robj") != 0)
		return false;
	snprintf(buf, len, "robj");
	return true;
}

/* Parameters for the strategies that take some (bounded, random, pct). */
static struct sim_strategy_params params;

struct counts {
	uint64_t executions;
	uint64_t repeated;
	int labels[8];		/* in discovery order */
	bool complete;
	int nr_found;
	char kinds[8][32];
	char titles[8][160];	/* in discovery order */
};

static struct counts explore_with(const struct sim_strategy_ops *ops,
				  struct prog *p, uint64_t max_steps);

static int cmp_kind(const void *a, const void *b)
{
	return strcmp(a, b);
}

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

/* An engine running @p. */
static struct sim *prog_sim(struct prog *p, uint64_t max_steps)
{
	struct sim_config cfg = { .max_steps = max_steps, .check_leaks = p->leaks,
				  .locks = p->locks, .nr_locks = p->nr_locks,
				  .lock_rules = p->rules, .hang_ms = p->hang_ms };
	struct sim_hooks hooks = { .ctx = p, .setup = setup,
				   .holders = p->holders >= 0 ? holders : NULL,
				   .describe = p->named ? describe : NULL };

	cur = p;
	return harness_sim(&cfg, &hooks);
}

/* The report of the first finding dfs makes of @p (malloc'd). */
static char *first_report(struct prog *p, uint64_t max_steps)
{
	struct sim_strategy_params sp = { .max_steps = max_steps };
	struct sim_explore_result res;
	struct sim *s = prog_sim(p, max_steps);
	char *report;

	harness_explore(s, &sim_strategy_dfs, &sp, 1000, NULL, &res);
	assert_true(res.nr_found >= 1);
	report = strdup(res.found[0].report);
	assert_non_null(report);
	sim_explore_result_free(&res);
	sim_destroy(s);
	return report;
}

static struct counts explore_with(const struct sim_strategy_ops *ops,
				  struct prog *p, uint64_t max_steps)
{
	struct sim_strategy_params sp = params;
	struct sim_explore_result res;
	struct counts c = { 0 };
	struct sim *s = prog_sim(p, max_steps);

	sp.max_steps = max_steps;
	harness_explore(s, ops, &sp, params.seed ? 200 : 1000000, NULL, &res);
	c.executions = res.executions;
	c.repeated = res.repeated;
	c.complete = res.complete;
	c.nr_found = res.nr_found;
	for (int i = 0; i < res.nr_found && i < 8; i++) {
		snprintf(c.kinds[i], sizeof(c.kinds[i]), "%s",
			 sim_finding_kind_name(res.found[i].finding.kind));
		snprintf(c.titles[i], sizeof(c.titles[i]), "%s",
			 res.found[i].finding.title);
		c.labels[i] = res.found[i].label;
	}
	/* ITSIM_PRINT_REPORTS=1 shows them (docs/findings.md quotes them). */
	if (getenv("ITSIM_PRINT_REPORTS") && ops == &sim_strategy_dfs)
		for (int i = 0; i < res.nr_found; i++)
			printf("# %s\n%s\n", res.found[i].key, res.found[i].report);
	/* Sorted: strategies may find the same things in another order. */
	qsort(c.kinds, (size_t)(c.nr_found < 8 ? c.nr_found : 8),
	      sizeof(c.kinds[0]), cmp_kind);
	sim_explore_result_free(&res);
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
	harness_lock_nested(&sh->a, &sh->b);
}

static void ba(void *arg)
{
	(void)arg;
	harness_lock_nested(&sh->b, &sh->a);
}

static void test_deadlock_abba(void **state)
{
	struct prog p = { .actors = { ab, ba }, .nr_actors = 2, .holders = -1 };
	struct counts c;

	(void)state;
	c = explore(&p, 100);
	/* The order is reported once, then the real deadlock too. */
	assert_int_equal(c.nr_found, 2);
	assert_string_equal(c.kinds[0], "deadlock");
	assert_string_equal(c.kinds[1], "lock-order");

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

/*
 * A lock with static storage, as a patch may add one: one class, and
 * unlocked again at the start of every execution, even after one that
 * ended (a finding) with it held.
 */
static DEFINE_MUTEX(static_mutex);

static void put_under_static_mutex(void *arg)
{
	(void)arg;
	mutex_lock(&static_mutex);
	refcount_dec(&sh->ref);
	mutex_unlock(&static_mutex);
}

static void static_then_a(void *arg)
{
	(void)arg;
	mutex_lock(&static_mutex);
	mutex_lock(&sh->a);
	mutex_unlock(&sh->a);
	mutex_unlock(&static_mutex);
}

static void a_then_static(void *arg)
{
	(void)arg;
	mutex_lock(&sh->a);
	mutex_lock(&static_mutex);
	mutex_unlock(&static_mutex);
	mutex_unlock(&sh->a);
}

static void test_static_lock(void **state)
{
	struct prog p = { .actors = { put_under_static_mutex, put_under_static_mutex },
			  .nr_actors = 2, .holders = -1 };
	struct counts c;
	bool found;

	(void)state;
	c = explore(&p, 100);
	assert_int_equal(c.executions, 2);
	assert_int_equal(c.nr_found, 1);	/* never a deadlock on a stale holder */
	assert_string_equal(c.kinds[0], "refcount-underflow");

	p.actors[0] = static_then_a;
	p.actors[1] = a_then_static;
	c = explore(&p, 100);
	found = false;
	for (int i = 0; i < c.nr_found && i < 8; i++)
		found |= !strcmp(c.kinds[i], "lock-order");
	assert_true(found);	/* its class is ordered like any other */
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

	/*
	 * No holder: the put is no premature free, but refcount_dec() to 0
	 * leaves the object unreleased ("decrement hit 0; leaking memory",
	 * the kernel says): a leak when the execution ends.
	 */
	p.holders = 0;
	c = explore(&p, 100);
	assert_int_equal(c.nr_found, 1);
	assert_string_equal(c.kinds[0], "leak");
	assert_non_null(strstr(c.titles[0], "dropped to 0"));
}

/*
 * A put and the clearing of the pointer it dropped: the kernel clears the
 * pointer after the put, under the lock that guards it (6.1's
 * vgic_its_invalidate_cache()), and that is no finding; a pointer still
 * there when the putter next acts on shared state is one.
 */
static void two_holders(struct shared *s)
{
	refcount_set(&s->ref, 2);
	s->holding = 2;
}

static void put_then_clear(void *arg)
{
	(void)arg;
	spin_lock(&sh->sl);
	refcount_dec(&sh->ref);
	sh->holding--;
	spin_unlock(&sh->sl);
}

static void put_unlock_then_clear(void *arg)
{
	(void)arg;
	spin_lock(&sh->sl);
	refcount_dec(&sh->ref);
	spin_unlock(&sh->sl);
	sh->holding--;
}

static void put_without_clear(void *arg)
{
	(void)arg;
	refcount_dec(&sh->ref);
}

static void test_premature_put_then_clear(void **state)
{
	struct prog p = { .setup = two_holders, .actors = { put_then_clear },
			  .nr_actors = 1, .live_holders = true };
	struct counts c;

	(void)state;
	c = explore(&p, 100);
	assert_int_equal(c.nr_found, 0);

	p.actors[0] = put_unlock_then_clear;
	c = explore(&p, 100);
	assert_int_equal(c.nr_found, 1);
	assert_string_equal(c.kinds[0], "premature-free");

	/* An actor that ends with the deficit is judged at its end. */
	p.actors[0] = put_without_clear;
	c = explore(&p, 100);
	assert_int_equal(c.nr_found, 1);
	assert_string_equal(c.kinds[0], "premature-free");
	assert_non_null(strstr(c.titles[0], "count 1 below its 2 live references"));
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

static void alloc_lock_obj(struct shared *s)
{
	s->lobj = kzalloc(sizeof(*s->lobj), GFP_KERNEL);
	mutex_init(s->lobj);
}

static void lock_freer(void *arg)
{
	(void)arg;
	kfree(sh->lobj);
}

static void lock_user(void *arg)
{
	(void)arg;
	mutex_lock(sh->lobj);
	mutex_unlock(sh->lobj);
}

/*
 * Taking a lock in freed memory: the lock's class and implementation are
 * poison then, so nothing may read them; the access is reported as a use
 * after free, not a crash.
 */
static void test_lock_in_freed_memory(void **state)
{
	struct prog p = { .setup = alloc_lock_obj,
			  .actors = { lock_freer, lock_user },
			  .nr_actors = 2, .holders = -1 };
	struct counts c;

	(void)state;
	c = explore(&p, 100);
	assert_true(c.executions >= 2);
	/* The lock, and (freed while held) the unlock. */
	assert_true(c.nr_found >= 1);
	for (int i = 0; i < c.nr_found; i++)
		assert_string_equal(c.kinds[i], "use-after-free");
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

/* ---- two objects of one name are told apart ---- */

static struct robj *make_robj(void)
{
	return kzalloc(sizeof(struct robj), GFP_KERNEL);
}

static void alloc_named_robj(struct shared *s)
{
	s->robj = make_robj();
}

/* Free the object, make another of the same name, free the old again. */
static void remaker(void *arg)
{
	struct robj *old = sh->robj;

	(void)arg;
	kfree(old);
	WRITE_ONCE(sh->robj, make_robj());
	kfree(old);
}

static void twice_freer(void *arg)
{
	(void)arg;
	kfree(sh->robj);
	kfree(sh->robj);
}

/* The number of lines of @text that contain @what. */
static int lines_with(const char *text, const char *what)
{
	int n = 0;

	for (const char *l = text; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		const char *end = strchr(l, '\n');
		const char *hit = strstr(l, what);

		n += hit && (!end || hit < end);
	}
	return n;
}

/*
 * The old object and the new one share the model's name; the report
 * ranks them by allocation, on every line that names either, the
 * finding's object included. The initial state's object is the 1st,
 * though it has no allocation step.
 */
static void test_same_name_told_apart(void **state)
{
	struct prog p = { .setup = alloc_named_robj, .actors = { remaker },
			  .nr_actors = 1, .holders = -1, .named = true };
	char *r;

	(void)state;
	r = first_report(&p, 100);
	assert_non_null(strstr(r, "\nBUG: KASAN: double-free in remaker\n"));
	assert_non_null(strstr(r, "\nobject: robj (1st)\n"));
	assert_non_null(strstr(r, "second free of robj (1st) (freed,"));
	assert_int_equal(lines_with(r, "kfree(robj (1st))"), 2 + 2);
	assert_int_equal(lines_with(r, "kzalloc(robj (2nd))"), 1);
	assert_int_equal(lines_with(r, "WRITE_ONCE(object #0 (sizeof(*sh))"), 1);
	/* No line names either object without its rank. */
	assert_null(strstr(r, "(robj)"));
	assert_null(strstr(r, ": robj\n"));
	assert_null(strstr(r, " robj (freed"));
	free(r);

	/* One object of that name: the name alone. */
	p.actors[0] = twice_freer;
	r = first_report(&p, 100);
	assert_non_null(strstr(r, "\nobject: robj\n"));
	assert_int_equal(lines_with(r, "kfree(robj)"), 2 + 2);
	assert_null(strstr(r, "(1st)"));
	free(r);
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

/*
 * RCU-sched: a spinlock holder holds off grace periods (preemption is off),
 * as since the flavours were consolidated in 5.0. A reader that loads the
 * pointer under a spinlock and uses it before unlocking is safe; one that
 * uses it after the unlock is not; and nesting an RCU section inside the
 * spinlock, or the spinlock inside it, keeps the region whole.
 */
static void spin_user(void *arg)
{
	int *p;

	(void)arg;
	spin_lock(&sh->sl);
	p = READ_ONCE(sh->obj);
	if (p)
		(void)READ_ONCE(*p);
	spin_unlock(&sh->sl);
}

static void spin_late_user(void *arg)
{
	int *p;

	(void)arg;
	spin_lock(&sh->sl);
	p = READ_ONCE(sh->obj);
	spin_unlock(&sh->sl);
	if (p)
		(void)READ_ONCE(*p);	/* after the region: a bug */
}

/* rcu_read_lock, spin_lock, rcu_read_unlock, use, spin_unlock: one region. */
static void spin_overlap_user(void *arg)
{
	int *p;

	(void)arg;
	rcu_read_lock();
	spin_lock(&sh->sl);
	p = READ_ONCE(sh->obj);
	rcu_read_unlock();
	if (p)
		(void)READ_ONCE(*p);
	spin_unlock(&sh->sl);
}

static void test_rcu_sched_regions(void **state)
{
	struct prog p = { .setup = alloc_obj, .actors = { spin_user, rcu_freer },
			  .nr_actors = 2, .holders = -1 };
	struct counts c;

	(void)state;
	c = explore(&p, 100);
	assert_true(c.complete);
	assert_int_equal(c.nr_found, 0);

	p.actors[0] = spin_overlap_user;
	c = explore(&p, 100);
	assert_true(c.complete);
	assert_int_equal(c.nr_found, 0);

	p.actors[0] = spin_late_user;
	c = explore(&p, 100);
	assert_int_equal(c.nr_found, 1);
	assert_string_equal(c.kinds[0], "use-after-free");
}

/*
 * The free after a grace period is a step of the RCU callback actor: a
 * reader that keeps its pointer past rcu_read_unlock() is caught in the
 * executions where the callback runs before the late use, and only there.
 */
static void test_rcu_callback_is_scheduled(void **state)
{
	struct prog p = { .setup = alloc_obj, .actors = { rcu_late_user, rcu_freer },
			  .nr_actors = 2, .holders = -1 };
	struct sim_config cfg = { .max_steps = 100 };
	struct sim_hooks hooks = { .ctx = &p, .setup = setup };
	struct sim_strategy_params sp = { .max_steps = 100 };
	struct sim *s = harness_sim(&cfg, &hooks);
	struct harness_run hr = harness_run_create(&sim_strategy_dfs, &sp);
	enum sim_exec_result r;
	int uaf = 0, clean = 0, callback_steps = 0;

	(void)state;
	cur = &p;
	while (harness_run_next(&hr, s, &r)) {
		if (r == SIM_EXEC_FINDING)
			uaf += sim_last_finding(s)->kind == SIM_FINDING_USE_AFTER_FREE;
		else
			clean++;
		for (size_t i = 0; i < sim_log_len(s); i++)
			callback_steps += sim_log_at(s, i)->op.kind == SIM_OP_RCU_CALLBACK;
	}
	assert_true(uaf > 0);
	assert_true(clean > 0);
	assert_true(callback_steps > 0);
	harness_run_destroy(&hr);
	sim_destroy(s);
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

/* ---- lock order, named by pattern as lockdep's own tests are ---- */

static void wait_at(void *arg)
{
	sim_not_before(cur->at[(long)arg]);
}

static void lock_aa(void *arg)
{
	wait_at(arg);
	mutex_lock(&sh->a);
	mutex_lock(&sh->a);
}

static void lock_ab(void *arg)
{
	wait_at(arg);
	harness_lock_nested(&sh->a, &sh->b);
}

static void lock_ba(void *arg)
{
	wait_at(arg);
	harness_lock_nested(&sh->b, &sh->a);
}

static void lock_bc(void *arg)
{
	wait_at(arg);
	harness_lock_nested(&sh->b, &sh->c);
}

static void lock_ca(void *arg)
{
	wait_at(arg);
	harness_lock_nested(&sh->c, &sh->a);
}

static bool has_title(const struct counts *c, const char *prefix)
{
	for (int i = 0; i < c->nr_found && i < 8; i++)
		if (strncmp(c->titles[i], prefix, strlen(prefix)) == 0)
			return true;
	return false;
}

static void test_lock_AA(void **state)
{
	struct prog p = { .actors = { lock_aa }, .nr_actors = 1, .holders = -1 };
	struct counts c;

	(void)state;
	c = explore(&p, 100);
	assert_int_equal(c.nr_found, 1);
	assert_string_equal(c.kinds[0], "recursive-lock");
	assert_true(has_title(&c, "WARNING: possible recursive locking detected"));
}

static void test_lock_ABBA_never_concurrent(void **state)
{
	/* The two orders never overlap in time: no deadlock, still a cycle. */
	struct prog p = { .actors = { lock_ab, lock_ba }, .nr_actors = 2,
			  .holders = -1, .at = { 0, 10 } };
	struct counts c;

	(void)state;
	c = explore(&p, 100);
	assert_int_equal(c.executions, 1);
	assert_int_equal(c.nr_found, 1);
	assert_string_equal(c.kinds[0], "lock-order");
	assert_true(has_title(&c, "WARNING: possible circular locking dependency detected"));

	p.actors[1] = lock_ab;	/* one order only */
	c = explore(&p, 100);
	assert_int_equal(c.nr_found, 0);
}

static void test_lock_ABBCCA(void **state)
{
	struct prog p = { .actors = { lock_ab, lock_bc, lock_ca }, .nr_actors = 3,
			  .holders = -1, .at = { 0, 10, 20 } };
	struct counts c;

	(void)state;
	c = explore(&p, 100);
	assert_int_equal(c.nr_found, 1);
	assert_string_equal(c.kinds[0], "lock-order");
	assert_true(has_title(&c, "WARNING: possible circular locking dependency detected"));

	p.actors[2] = lock_bc;	/* A->B, B->C: no cycle */
	c = explore(&p, 100);
	assert_int_equal(c.nr_found, 0);
}

static const struct sim_lock_rule a_before_b[] = {
	{ "&sh->a", "&sh->b", "the test's documented order" },
	{ NULL, NULL, NULL },
};

static void test_lock_documented_order(void **state)
{
	struct prog p = { .actors = { lock_ba }, .nr_actors = 1, .holders = -1,
			  .rules = a_before_b };
	struct counts c;

	(void)state;
	c = explore(&p, 100);
	assert_int_equal(c.nr_found, 1);
	assert_string_equal(c.kinds[0], "lock-order");
	assert_true(has_title(&c, "WARNING: lock order violation: &sh->a taken while holding &sh->b"));

	p.actors[0] = lock_ab;
	c = explore(&p, 100);
	assert_int_equal(c.nr_found, 0);

	/* Run as "noop", a lock is not taken: it orders nothing. */
	p.actors[0] = lock_ba;
	p.locks[0] = (struct sim_lock_binding){ "&sh->b", &sim_lock_noop_ops };
	p.nr_locks = 1;
	c = explore(&p, 100);
	assert_int_equal(c.nr_found, 0);
}

static const struct sim_lock_rule chain[] = {
	{ "&sh->a", "&sh->b", "chain" },
	{ "&sh->b", "&sh->c", "chain" },
	{ NULL, NULL, NULL },
};

static void test_lock_documented_transitive(void **state)
{
	struct prog p = { .actors = { lock_ca }, .nr_actors = 1, .holders = -1,
			  .rules = chain };
	struct counts c;

	(void)state;
	c = explore(&p, 100);	/* c then a: a comes before c through b */
	assert_int_equal(c.nr_found, 1);
	assert_string_equal(c.kinds[0], "lock-order");
}

static const struct sim_lock_rule a_outside_srcu[] = {
	{ "&sh->a", "&sh->srcu", "locking.rst: not inside an SRCU read side" },
	{ NULL, NULL, NULL },
};

static void srcu_then_a(void *arg)
{
	int idx;

	(void)arg;
	idx = srcu_read_lock(&sh->srcu);
	mutex_lock(&sh->a);
	mutex_unlock(&sh->a);
	srcu_read_unlock(&sh->srcu, idx);
}

static void a_then_srcu(void *arg)
{
	int idx;

	(void)arg;
	mutex_lock(&sh->a);
	idx = srcu_read_lock(&sh->srcu);
	srcu_read_unlock(&sh->srcu, idx);
	mutex_unlock(&sh->a);
}

/* synchronize_srcu() from inside its own read side: waits for itself. */
static void sync_srcu_in_own_reader(void *arg)
{
	int idx;

	(void)arg;
	idx = srcu_read_lock(&sh->srcu);
	synchronize_srcu(&sh->srcu);
	srcu_read_unlock(&sh->srcu, idx);
}

static void sync_srcu_outside(void *arg)
{
	int idx;

	(void)arg;
	idx = srcu_read_lock(&sh->srcu);
	srcu_read_unlock(&sh->srcu, idx);
	synchronize_srcu(&sh->srcu);
}

static void test_synchronize_srcu_in_reader(void **state)
{
	struct prog p = { .actors = { sync_srcu_in_own_reader, srcu_then_a },
			  .nr_actors = 2, .holders = -1 };
	struct counts c;

	(void)state;
	c = explore(&p, 100);
	assert_int_equal(c.nr_found, 1);
	assert_string_equal(c.kinds[0], "deadlock");
	assert_non_null(strstr(c.titles[0], "synchronize_srcu(&sh->srcu) inside its own read-side section"));

	/* Waiting outside any read side: the other reader leaves, no finding. */
	p.actors[0] = sync_srcu_outside;
	c = explore(&p, 100);
	assert_int_equal(c.nr_found, 0);
}

static void test_lock_inside_srcu(void **state)
{
	struct prog p = { .actors = { srcu_then_a, srcu_then_a }, .nr_actors = 2,
			  .holders = -1, .rules = a_outside_srcu };
	struct counts c;

	(void)state;
	c = explore(&p, 100);
	assert_int_equal(c.nr_found, 1);
	assert_string_equal(c.kinds[0], "lock-order");

	p.actors[0] = p.actors[1] = a_then_srcu;
	c = explore(&p, 100);
	assert_int_equal(c.nr_found, 0);

	/*
	 * A read side taken under A and A taken inside a read side close no
	 * cycle: srcu_read_lock() waits for nobody (lockdep's rule).
	 */
	p.actors[0] = a_then_srcu;
	p.actors[1] = srcu_then_a;
	p.rules = NULL;
	c = explore(&p, 100);
	assert_int_equal(c.nr_found, 0);
}

static void unlock_only(void *arg)
{
	(void)arg;
	mutex_unlock(&sh->a);
}

static void lock_only(void *arg)
{
	(void)arg;
	mutex_lock(&sh->a);
}

static void rcu_only(void *arg)
{
	(void)arg;
	rcu_read_lock();
}

static void test_bad_unlock_and_held_at_exit(void **state)
{
	struct prog p = { .actors = { unlock_only }, .nr_actors = 1, .holders = -1 };
	struct counts c;

	(void)state;
	c = explore(&p, 100);
	assert_int_equal(c.nr_found, 1);
	assert_string_equal(c.kinds[0], "bad-unlock");
	assert_true(has_title(&c, "WARNING: bad unlock balance detected!"));

	p.actors[0] = lock_only;
	c = explore(&p, 100);
	assert_int_equal(c.nr_found, 1);
	assert_string_equal(c.kinds[0], "lock-held-at-exit");

	p.actors[0] = rcu_only;
	c = explore(&p, 100);
	assert_int_equal(c.nr_found, 1);
	assert_string_equal(c.kinds[0], "lock-held-at-exit");

	p.actors[0] = locker;	/* balanced */
	c = explore(&p, 100);
	assert_int_equal(c.nr_found, 0);
}

/* ---- sleeping in atomic context ---- */

static void mutex_in_rcu(void *arg)
{
	(void)arg;
	rcu_read_lock();
	mutex_lock(&sh->a);
	mutex_unlock(&sh->a);
	rcu_read_unlock();
}

static void mutex_under_spinlock(void *arg)
{
	(void)arg;
	spin_lock(&sh->sl);
	mutex_lock(&sh->a);
	mutex_unlock(&sh->a);
	spin_unlock(&sh->sl);
}

static void blocking_alloc(void *arg)
{
	(void)arg;
	kfree(kzalloc(8, GFP_KERNEL));
}

static void atomic_alloc(void *arg)
{
	(void)arg;
	kfree(kzalloc(8, GFP_ATOMIC));
}

static void sync_in_rcu(void *arg)
{
	(void)arg;
	rcu_read_lock();
	synchronize_rcu();
	rcu_read_unlock();
}

/* xa_store() may allocate: with GFP_KERNEL it may sleep, with GFP_ATOMIC not. */
static void xa_store_kernel_in_rcu(void *arg)
{
	(void)arg;
	rcu_read_lock();
	xa_store(&sh->xa, 1, sh, GFP_KERNEL);
	rcu_read_unlock();
}

static void xa_store_atomic_in_rcu(void *arg)
{
	(void)arg;
	rcu_read_lock();
	xa_store(&sh->xa, 1, sh, GFP_ATOMIC);
	rcu_read_unlock();
}

static void xa_reserve_kernel_under_spin(void *arg)
{
	(void)arg;
	spin_lock(&sh->sl);
	xa_reserve(&sh->xa, 2, GFP_KERNEL);
	spin_unlock(&sh->sl);
}

/* The guard forms and might_sleep() a patch may use. */
static void mutex_in_rcu_guard(void *arg)
{
	(void)arg;
	guard(rcu)();
	mutex_lock(&sh->a);
	mutex_unlock(&sh->a);
}

static void might_sleep_under_spin_guard(void *arg)
{
	(void)arg;
	scoped_guard(spinlock_irqsave, &sh->sl)
		might_sleep();
}

static void might_sleep_after_guard(void *arg)
{
	(void)arg;
	scoped_guard(spinlock, &sh->sl)
		sh->nr_seen++;
	might_sleep();
}

static void test_sleep_in_atomic(void **state)
{
	void (*bad[])(void *) = { mutex_in_rcu, mutex_under_spinlock, sync_in_rcu,
				  mutex_in_rcu_guard, might_sleep_under_spin_guard,
				  xa_store_kernel_in_rcu, xa_reserve_kernel_under_spin };
	struct prog p = { .nr_actors = 1, .holders = -1 };
	struct counts c;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		p.actors[0] = bad[i];
		c = explore(&p, 100);
		assert_int_equal(c.nr_found, 1);
		assert_string_equal(c.kinds[0], "sleep-in-atomic");
		assert_true(has_title(&c, "BUG: sleeping function called from invalid context"));
	}

	/* An irqfd-like actor: IRQs off, so GFP_KERNEL may not be used. */
	p.actors[0] = blocking_alloc;
	p.atomic[0] = true;
	c = explore(&p, 100);
	assert_int_equal(c.nr_found, 1);
	assert_string_equal(c.kinds[0], "sleep-in-atomic");

	p.actors[0] = atomic_alloc;
	c = explore(&p, 100);
	assert_int_equal(c.nr_found, 0);

	p.actors[0] = blocking_alloc;	/* process context may sleep */
	p.atomic[0] = false;
	c = explore(&p, 100);
	assert_int_equal(c.nr_found, 0);

	/* The guard's scope ended: sleeping is allowed again. */
	p.actors[0] = might_sleep_after_guard;
	c = explore(&p, 100);
	assert_int_equal(c.nr_found, 0);

	/* GFP_ATOMIC never sleeps, even inside RCU. */
	p.actors[0] = xa_store_atomic_in_rcu;
	c = explore(&p, 100);
	assert_int_equal(c.nr_found, 0);

	/* A mutex class run as "spin" spins: sleeping under it is a bug... */
	p.actors[0] = lock_ba;
	p.locks[0] = (struct sim_lock_binding){ "&sh->b", &sim_lock_spin_ops };
	p.nr_locks = 1;
	c = explore(&p, 100);
	assert_int_equal(c.nr_found, 1);
	assert_string_equal(c.kinds[0], "sleep-in-atomic");
	/* ... and run as "noop" it is not taken at all. */
	p.locks[0].ops = &sim_lock_noop_ops;
	c = explore(&p, 100);
	assert_int_equal(c.nr_found, 0);
}

/* ---- synchronize_rcu() waits for the readers ---- */

static void rcu_reader(void *arg)
{
	(void)arg;
	rcu_read_lock();
	(void)READ_ONCE(sh->vars[1]);
	rcu_read_unlock();
}

static void rcu_syncer(void *arg)
{
	(void)arg;
	synchronize_rcu();
	WRITE_ONCE(sh->vars[2], 1);
}

static void test_synchronize_rcu_waits(void **state)
{
	struct prog p = { .actors = { rcu_reader, rcu_syncer }, .nr_actors = 2,
			  .holders = -1 };
	struct counts c;

	(void)state;
	c = explore_with(&sim_strategy_dfs, &p, 100);
	/*
	 * The grace period cannot end inside the reader's section: of the
	 * 10 interleavings of 3 + 2 steps, the 5 with the synchronize
	 * before the reader enters or after it leaves remain.
	 */
	assert_int_equal(c.executions, 5);
	assert_int_equal(c.nr_found, 0);
}

/* ---- bounded, random, pct ---- */

static void test_bounded(void **state)
{
	struct prog p = { .actors = { reader, reader }, .nr_actors = 2,
			  .ops = { 2, 3 }, .holders = -1 };
	struct prog abba = { .actors = { ab, ba }, .nr_actors = 2, .holders = -1 };
	struct counts c;

	(void)state;
	/* Bound 0: each actor runs to its end, in either order. */
	params = (struct sim_strategy_params){ .preemption_bound = 0 };
	c = explore_with(&sim_strategy_bounded, &p, 100);
	assert_int_equal(c.executions, 2);

	/* Of the 10 interleavings, only BABAB needs 3 preemptions. */
	params.preemption_bound = 2;
	c = explore_with(&sim_strategy_bounded, &p, 100);
	assert_int_equal(c.executions, 9);

	/*
	 * With a bound no execution can exceed, every interleaving runs
	 * exactly once over all rounds: the same count as dfs.
	 */
	params.preemption_bound = 6;
	c = explore_with(&sim_strategy_bounded, &p, 100);
	assert_int_equal(c.executions, 10);
	assert_true(c.repeated > 0);

	/* ABBA deadlocks only with one preemption: found at bound 1. */
	params.preemption_bound = 3;
	c = explore_with(&sim_strategy_bounded, &abba, 100);
	assert_int_equal(c.nr_found, 2);
	for (int i = 0; i < 2; i++)
		if (strcmp(c.titles[i], "deadlock: every unfinished actor is blocked") == 0)
			assert_int_equal(c.labels[i], 1);
	params = (struct sim_strategy_params){ 0 };
}

static char *schedules(const struct sim_strategy_ops *ops, struct prog *p,
		       uint64_t seed, int runs)
{
	struct sim_config cfg = { .max_steps = 100 };
	struct sim_hooks hooks = { .ctx = p, .setup = setup };
	struct sim_strategy_params sp = { .max_steps = 100, .seed = seed };
	struct sim *s = harness_sim(&cfg, &hooks);
	struct harness_run hr = harness_run_create(ops, &sp);
	enum sim_exec_result r;
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	cur = p;
	for (int i = 0; i < runs; i++) {
		assert_true(harness_run_next(&hr, s, &r));
		for (size_t k = 0; k < sim_schedule_len(s); k++)
			fprintf(out, "%d", sim_schedule_at(s, k));
		fputc('\n', out);
	}
	fclose(out);
	harness_run_destroy(&hr);
	sim_destroy(s);
	return buf;
}

static void test_random_and_pct_are_seeded(void **state)
{
	const struct sim_strategy_ops *ops[] = { &sim_strategy_random, &sim_strategy_pct };
	struct prog p = { .actors = { reader, reader, reader }, .nr_actors = 3,
			  .ops = { 3, 3, 3 }, .holders = -1 };
	struct prog bug = { .actors = { putter, putter }, .nr_actors = 2,
			    .holders = -1 };

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(ops); i++) {
		char *a = schedules(ops[i], &p, 7, 20);
		char *b = schedules(ops[i], &p, 7, 20);
		char *c = schedules(ops[i], &p, 8, 20);
		struct counts k;

		assert_string_equal(a, b);	/* same seed, same executions */
		assert_string_not_equal(a, c);	/* another seed, others */
		free(a);
		free(b);
		free(c);

		params = (struct sim_strategy_params){ .seed = 1 };
		k = explore_with(ops[i], &bug, 100);
		assert_int_equal(k.executions, 200);	/* the budget */
		assert_int_equal(k.nr_found, 1);
		assert_string_equal(k.kinds[0], "refcount-underflow");
		params = (struct sim_strategy_params){ 0 };
	}
}

/* ---- livelock: waiting for a flag nobody sets ---- */

static void spinner(void *arg)
{
	(void)arg;
	while (!READ_ONCE(sh->vars[0]))
		;
}

/* The same, after taking a lock once and with two reads a round. */
static void late_spinner(void *arg)
{
	(void)arg;
	mutex_lock(&sh->a);
	mutex_unlock(&sh->a);
	while (!READ_ONCE(sh->vars[0]))
		(void)READ_ONCE(sh->vars[1]);
}

/* Never ends, and no two of its steps read alike: no cycle to show. */
static void counter(void *arg)
{
	(void)arg;
	for (;;)
		atomic_inc(&sh->first);
}

/* The lines after @report's interleaving heading: steps and separator. */
static int interleaving_lines(const char *report)
{
	const char *p = strstr(report, "\ninterleaving (");

	assert_non_null(p);
	return lines_with(strchr(p + 1, '\n') + 1, "");
}

static void test_livelock(void **state)
{
	struct prog p = { .actors = { spinner }, .nr_actors = 1, .holders = -1 };
	struct counts c;
	char *r;

	(void)state;
	c = explore(&p, 50);
	assert_int_equal(c.nr_found, 1);
	assert_string_equal(c.kinds[0], "livelock");

	/* The report shows the loop once, not its 50 rounds. */
	r = first_report(&p, 50);
	assert_non_null(strstr(r, "\ninterleaving (50 steps, 1 actors):\n"
				  "    #0    t0 "));
	assert_non_null(strstr(r, " READ_ONCE(object #0 (sizeof(*sh)))\n"
				  "    ... the step #0 repeats until step #49, the end of the step budget\n"
				  "====="));
	assert_int_equal(interleaving_lines(r), 3);
	free(r);

	/* What came before the loop, then one round of it. */
	p.actors[0] = late_spinner;
	r = first_report(&p, 50);
	assert_non_null(strstr(r, "\n    #0    t0 "));
	assert_non_null(strstr(r, "\n    #3    t0 "));
	assert_null(strstr(r, "\n    #4    t0 "));
	assert_int_equal(lines_with(r, " mutex_lock(&sh->a)"), 1);
	assert_int_equal(lines_with(r, " READ_ONCE(object #0 (sizeof(*sh))+0x4)"), 1);
	assert_non_null(strstr(r, "\n    ... the 2 steps #2..#3 repeat until step #49, the end of the step budget\n"));
	assert_int_equal(interleaving_lines(r), 6);
	free(r);

	/* --show prints a livelocked execution the same way. */
	{
		struct sim_strategy_params sp = { .max_steps = 50 };
		struct sim_explore_ctl ctl = { .show = 1 };
		struct sim_explore_result res;
		struct sim *s = prog_sim(&p, 50);

		harness_explore(s, &sim_strategy_dfs, &sp, 1000, &ctl, &res);
		assert_non_null(ctl.shown);
		assert_non_null(strstr(ctl.shown, "execution 1: livelock"));
		assert_non_null(strstr(ctl.shown, "\n    ... the 2 steps #2..#3 repeat until step #49, the end of the step budget\n"));
		assert_int_equal(interleaving_lines(ctl.shown), 5);
		free(ctl.shown);
		sim_explore_result_free(&res);
		sim_destroy(s);
	}

	/* Nothing repeats: every step is shown, as before. */
	p.actors[0] = counter;
	r = first_report(&p, 50);
	assert_non_null(strstr(r, "\nlivelock: no end after 50 steps\n"));
	assert_non_null(strstr(r, "\n    #49   t0 "));
	assert_null(strstr(r, " repeat"));
	assert_int_equal(interleaving_lines(r), 51);
	free(r);
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
	struct sim *s = harness_sim(&cfg, &hooks);
	struct harness_run hr = harness_run_create(&sim_strategy_dfs, &sp);
	enum sim_exec_result r;

	cur = p;
	for (int i = 0; i <= which; i++)
		assert_true(harness_run_next(&hr, s, &r));
	for (size_t i = 0; i < sim_log_len(s); i++) {
		sim_format_event(s, sim_log_at(s, i), line, sizeof(line));
		fprintf(out, "%s\n", line);
	}
	fclose(out);
	harness_run_destroy(&hr);
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

/*
 * The lock-graph search a split search uses for cycles its units saw
 * apart: no cycle in a chain, the whole cycle once it closes, in order.
 */
static void test_lock_edges_cycle(void **state)
{
	struct sim_lock_edge e[] = {
		{ "A", "B" }, { "B", "C" }, { "X", "A" }, { "C", "A" },
	};
	const char *cycle[4] = { NULL };

	(void)state;
	assert_int_equal(sim_lock_edges_cycle(e, 3, cycle, 4), 0);
	assert_int_equal(sim_lock_edges_cycle(NULL, 0, NULL, 0), 0);
	assert_int_equal(sim_lock_edges_cycle(e, 4, NULL, 0), 3);
	assert_int_equal(sim_lock_edges_cycle(e, 4, cycle, 2), 3);
	assert_null(cycle[2]);
	assert_int_equal(sim_lock_edges_cycle(e, 4, cycle, 4), 3);
	/* Each taken while holding the one before it, the first after the last. */
	for (int i = 0; i < 3; i++) {
		bool edge = false;

		for (size_t k = 0; k < 4; k++)
			edge |= strcmp(e[k].from, cycle[i]) == 0 &&
				strcmp(e[k].to, cycle[(i + 1) % 3]) == 0;
		assert_true(edge);
	}
}

/* Sets vars[0] under a; a BUG_ON that fires only when it was set first. */
static void set_flag(void *arg)
{
	(void)arg;
	mutex_lock(&sh->a);
	WRITE_ONCE(sh->vars[0], 1);
	mutex_unlock(&sh->a);
}

static void bug_if_set(void *arg)
{
	int v;

	(void)arg;
	mutex_lock(&sh->a);
	v = READ_ONCE(sh->vars[0]);
	mutex_unlock(&sh->a);
	BUG_ON(v == 1);
	WRITE_ONCE(sh->vars[1], 1);
}

/*
 * BUG_ON() is a "bug" finding (kernel BUG at FUNC:LINE!) that ends the
 * execution it fires in, and only that one: the search goes on and
 * completes, and the order where it does not fire is explored too.
 */
static void test_bug_on_is_a_finding(void **state)
{
	struct prog p = { .actors = { set_flag, bug_if_set }, .nr_actors = 2,
			  .holders = -1 };
	struct counts c;

	(void)state;
	c = explore(&p, 100);
	assert_true(c.complete);
	assert_true(c.executions >= 2);
	assert_int_equal(c.nr_found, 1);
	assert_string_equal(c.kinds[0], "bug");
	/* The kernel's form: the file and line. */
	assert_non_null(strstr(c.titles[0], "kernel BUG at test_engine.c:"));
}

/* WARN_ON() fires and the actor carries on: its later writes happen. */
static void warn_if_set(void *arg)
{
	int v;

	(void)arg;
	mutex_lock(&sh->a);
	v = READ_ONCE(sh->vars[0]);
	mutex_unlock(&sh->a);
	if (WARN_ON(v == 1))
		WRITE_ONCE(sh->vars[1], 2);
	mutex_lock(&sh->b);
	mutex_unlock(&sh->b);
}

/* ... and a worse finding later in the same execution wins. */
static void warn_then_underflow(void *arg)
{
	(void)arg;
	WARN_ON(1);
	refcount_dec(&sh->ref);
	refcount_dec(&sh->ref);
}

/*
 * WARN_ON() is a "warning" finding in the kernel's shape: the execution
 * goes on (the actor's later steps are in its interleaving), the search
 * goes on, and an order where it does not fire is clean.
 */
static void test_warn_on_is_a_finding(void **state)
{
	struct prog p = { .actors = { set_flag, warn_if_set }, .nr_actors = 2,
			  .holders = -1 };
	struct counts c;

	(void)state;
	c = explore(&p, 100);
	assert_true(c.complete);
	assert_true(c.executions >= 2);
	assert_int_equal(c.nr_found, 1);
	assert_string_equal(c.kinds[0], "warning");
	assert_non_null(strstr(c.titles[0], "WARNING: CPU: 1 PID: 1 at test_engine.c:"));
	assert_non_null(strstr(c.titles[0], " warn_if_set"));

	p.actors[0] = warn_then_underflow;
	p.nr_actors = 1;
	c = explore(&p, 100);
	assert_int_equal(c.nr_found, 1);
	assert_string_equal(c.kinds[0], "refcount-underflow");
}

/* Code that dereferences a bad pointer once the other actor has run. */
static volatile int *volatile bad_pointer = (volatile int *)8;

static void crash_if_set(void *arg)
{
	int v;

	(void)arg;
	mutex_lock(&sh->a);
	v = READ_ONCE(sh->vars[0]);
	mutex_unlock(&sh->a);
	/* Near NULL but not NULL: the sanitizers' null check would stop the
	 * test program first; the fault is what is tested. */
	if (v == 1)
		*bad_pointer = 1;
	WRITE_ONCE(sh->vars[1], 1);
}

/*
 * A crash in an actor is a finding that ends that execution only: the
 * search goes on and completes, and the other order is explored. A fault
 * on NULL or an ERR_PTR() is a "bad-pointer" (the kernel's oops names the
 * address), any other a "crash".
 */
static void test_crash_is_a_finding(void **state)
{
	struct prog p = { .actors = { set_flag, crash_if_set }, .nr_actors = 2,
			  .holders = -1 };
	struct counts c;

	static const struct {
		uintptr_t addr;
		const char *kind, *title;
	} cases[] = {
		/* NULL + a field's offset, and ERR_PTR(-ENOMEM): bad-pointer. */
		{ 8, "bad-pointer", "NULL pointer dereference at virtual address 0000000000000008" },
#ifndef __SANITIZE_ADDRESS__
		/* (ASan's shadow check of this address faults first, elsewhere.) */
		{ (uintptr_t)-12, "bad-pointer", "paging request at virtual address fffffffffffffff4" },
#endif
		/* Freed memory's poison read as a pointer (aligned, for UBSan): no address. */
		{ 0x6b6b6b6b6b6b6b68ULL, "crash", "general protection fault" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		bad_pointer = (volatile int *)cases[i].addr;
		sim_crash_guard_install();	/* cmocka took SIGSEGV for itself */
		c = explore(&p, 100);
		assert_true(c.complete);
		assert_true(c.executions >= 2);
		assert_int_equal(c.nr_found, 1);
		assert_string_equal(c.kinds[0], cases[i].kind);
		assert_non_null(strstr(c.titles[0], cases[i].title));
	}
	bad_pointer = (volatile int *)8;
}

/* A loop with no visible operation, once the other actor has run. */
static void spin_if_set(void *arg)
{
	int v;

	(void)arg;
	mutex_lock(&sh->a);
	v = READ_ONCE(sh->vars[0]);
	mutex_unlock(&sh->a);
	while (v == 1)
		v = *(volatile int *)&sh->vars[0];
}

/*
 * The watchdog: an actor that runs past the CPU limit without a visible
 * operation ends its execution with a "hang" finding, and the search
 * goes on and completes.
 */
static void test_hang_is_a_finding(void **state)
{
	struct prog p = { .actors = { set_flag, spin_if_set }, .nr_actors = 2,
			  .holders = -1, .hang_ms = 200 };
	struct counts c;

	(void)state;
	sim_crash_guard_install();	/* cmocka's handlers are per test */
	c = explore(&p, 100);
	assert_true(c.complete);
	assert_true(c.executions >= 2);
	assert_int_equal(c.nr_found, 1);
	assert_string_equal(c.kinds[0], "hang");
	assert_non_null(strstr(c.titles[0], "soft lockup - t1 stuck"));
}

static void bug_in_setup(struct shared *unused)
{
	(void)unused;
	BUG_ON(sh->vars[0] == 0);
}

static int first_cand(void *ctx, const struct sim *s, const int *cands, int n)
{
	(void)ctx;
	(void)s;
	(void)cands;
	(void)n;
	return 0;
}

/*
 * A BUG while the model builds the initial state abandons the execution
 * and says why (the model cannot build that VM): no abort, no finding.
 */
static void test_bug_in_setup(void **state)
{
	struct prog p = { .setup = bug_in_setup, .holders = -1 };
	struct sim_config cfg = { .max_steps = 100 };
	struct sim_hooks hooks = { .ctx = &p, .setup = setup };
	struct sim_chooser ch = { NULL, first_cand };
	struct sim *s;

	(void)state;
	cur = &p;
	s = harness_sim(&cfg, &hooks);
	assert_int_equal(sim_execute(s, &ch), SIM_EXEC_ABANDONED);
	assert_non_null(sim_setup_bug(s));
	assert_non_null(strstr(sim_setup_bug(s),
			       "kernel BUG at test_engine.c:"));
	assert_non_null(strstr(sim_setup_bug(s), "(bug_in_setup)"));
	/* The next execution starts afresh, and meets it again. */
	assert_int_equal(sim_execute(s, &ch), SIM_EXEC_ABANDONED);
	assert_non_null(sim_setup_bug(s));
	sim_destroy(s);
}

/* ---- call traces ---- */

/*
 * Not inlined: its own frame, between the shim's and the actor's. The
 * empty asm after each call keeps it from being a tail call, which
 * would leave no frame of the caller (as in the kernel's traces).
 */
static __attribute__((noinline)) void calltrace_put(void)
{
	refcount_dec(&sh->ref);
	__asm__ volatile("" ::: "memory");
}

static void calltrace_actor(void *arg)
{
	(void)arg;
	calltrace_put();
	calltrace_put();
	__asm__ volatile("" ::: "memory");
}

/*
 * Call traces are taken only when asked for: an execution with them off
 * records none; with them on, every step of an actor records its return
 * addresses. A kept finding's report shows them under its steps, from
 * the function that did the operation out to the actor's function.
 */
static void test_calltraces(void **state)
{
	struct prog p = { .actors = { calltrace_actor }, .nr_actors = 1,
			  .holders = -1 };
	struct sim_chooser ch = { NULL, first_cand };
	struct sim *s;
	void *const *pcs;
	const char *put, *actor;
	char *report;
	size_t traced = 0;

	(void)state;
	s = prog_sim(&p, 100);
	sim_execute(s, &ch);
	assert_true(sim_log_len(s) >= 2);
	for (size_t i = 0; i < sim_log_len(s); i++)
		assert_int_equal(sim_log_calltrace(s, i, &pcs), 0);
	assert_int_equal(sim_calltraces(s, true), 0);
	sim_execute(s, &ch);
	for (size_t i = 0; i < sim_log_len(s); i++) {
		size_t n = sim_log_calltrace(s, i, &pcs);

		assert_true(n <= SIM_CALLTRACE_MAX);
		traced += n > 0;
		for (size_t k = 0; k < n; k++)
			assert_non_null(pcs[k]);
	}
	assert_int_equal(traced, sim_log_len(s));
	/* Off again: the next execution records none. */
	assert_int_equal(sim_calltraces(s, false), 0);
	sim_execute(s, &ch);
	for (size_t i = 0; i < sim_log_len(s); i++)
		assert_int_equal(sim_log_calltrace(s, i, &pcs), 0);
	sim_destroy(s);

	report = first_report(&p, 100);
	/* Both steps that matter: the put to zero, and the one below it. */
	actor = report;
	for (int k = 0; k < 2; k++) {
		put = strstr(actor, "\n    Call trace:\n     calltrace_put+0x");
		actor = put ? strstr(put, ")\n     calltrace_actor+0x") : NULL;
		if (!put || !actor || strncmp(strchr(put + 1, '('), "(test_engine.c:", 15))
			fail_msg("step %d: no call trace from calltrace_put out to "
				 "calltrace_actor:\n%s", k, report);
	}
	assert_null(strstr(actor, "Call trace:"));
	/* Neither the shim nor the scheduler shows. */
	assert_null(strstr(report, "__sim_refcount"));
	assert_null(strstr(report, "sim_done"));
	assert_null(strstr(report, "actor_entry"));
	free(report);
}

/* ---- leaks at the end of every execution, without teardown ---- */

static void alloc_robj(struct shared *s)
{
	s->robj = kzalloc(sizeof(*s->robj), GFP_KERNEL);
	refcount_set(&s->robj->ref, 1);
}

/* Takes a reference and never drops it. */
static void ref_taker(void *arg)
{
	(void)arg;
	refcount_inc(&sh->robj->ref);
}

/* Takes one and drops it again. */
static void ref_taker_putter(void *arg)
{
	(void)arg;
	refcount_inc(&sh->robj->ref);
	if (refcount_dec_and_test(&sh->robj->ref))
		kfree(sh->robj);
}

static void test_leak_without_teardown(void **state)
{
	struct prog p = { .setup = alloc_robj, .actors = { ref_taker },
			  .nr_actors = 1, .holders = 1 };
	struct counts c;

	(void)state;
	/* Count 2, one holder: a reference nobody will drop. */
	c = explore(&p, 100);
	assert_int_equal(c.nr_found, 1);
	assert_string_equal(c.kinds[0], "leak");
	assert_non_null(strstr(c.titles[0], "count 2, but 1 holder"));

	p.actors[0] = ref_taker_putter;
	c = explore(&p, 100);
	assert_int_equal(c.nr_found, 0);

	/* The holder is gone, its reference was never put. */
	p.holders = 0;
	c = explore(&p, 100);
	assert_int_equal(c.nr_found, 1);
	assert_string_equal(c.kinds[0], "leak");
}

/* Two holders, count 2; the actor lets one holder go and never puts. */
static void robj_two_holders(struct shared *s)
{
	alloc_robj(s);
	refcount_set(&s->robj->ref, 2);
	s->holding = 2;
}

static void forgets_put(void *arg)
{
	(void)arg;
	(void)READ_ONCE(sh->vars[0]);
	sh->holding--;
	(void)READ_ONCE(sh->vars[1]);
	(void)READ_ONCE(sh->vars[2]);
}

/*
 * The leak's report names the step by which a structure had let go of
 * the object without a put: found by re-running the kept schedule with a
 * watch on it.
 */
static void test_leak_names_the_holder_drop(void **state)
{
	struct prog p = { .setup = robj_two_holders, .actors = { forgets_put },
			  .nr_actors = 1, .live_holders = true };
	struct sim_config cfg = { .max_steps = 100 };
	struct sim_hooks hooks = { .ctx = &p, .setup = setup, .holders = holders };
	struct sim_strategy_params sp = { .max_steps = 100 };
	struct sim_explore_result res;
	struct sim *s;

	(void)state;
	cur = &p;
	s = harness_sim(&cfg, &hooks);
	harness_explore(s, &sim_strategy_dfs, &sp, 100, NULL, &res);
	assert_int_equal(res.nr_found, 1);
	assert_int_equal(res.found[0].finding.kind, SIM_FINDING_LEAK);
	assert_non_null(strstr(res.found[0].report,
			       "  its holders had fallen 2 -> 1:\n  #1    t0"));
	sim_explore_result_free(&res);
	sim_destroy(s);
}

/* ---- the driver: a cycle whose edges two units saw apart ---- */

/* The first to come takes a then b; the other takes nothing. */
static void first_ab(void *arg)
{
	(void)arg;
	if (atomic_cmpxchg(&sh->first, 0, 1) == 0)
		harness_lock_nested(&sh->a, &sh->b);
}

/* The first to come takes b then a. */
static void first_ba(void *arg)
{
	(void)arg;
	if (atomic_cmpxchg(&sh->first, 0, 1) == 0)
		harness_lock_nested(&sh->b, &sh->a);
}

static int job_create(void *ctx, struct sim_instance *out, char *err,
		      size_t errlen)
{
	static const struct sim_config cfg = { .max_steps = 100 };
	struct sim_hooks hooks = { .ctx = ctx, .setup = setup };

	(void)err;
	(void)errlen;
	memset(out, 0, sizeof(*out));
	out->sim = harness_sim(&cfg, &hooks);
	return 0;
}

static void job_destroy(void *ctx, struct sim_instance *inst)
{
	(void)ctx;
	sim_destroy(inst->sim);
}

/*
 * Each unit of the split search (who comes first) sees one edge of the
 * ABBA; the driver runs the units again in one history and reports the
 * cycle with its trace, as one search would have, with no note left.
 */
static void test_cycle_across_units(void **state)
{
	struct prog p = { .actors = { first_ab, first_ba }, .nr_actors = 2,
			  .holders = -1 };
	struct sim_job job = {
		.strategy = &sim_strategy_dpor, .max_executions = 1000,
		.jobs = 1, .factory = { &p, job_create, job_destroy },
	};
	struct sim_job_result out;
	char err[256];
	int cycles = 0;

	(void)state;
	cur = &p;
	job.params.max_steps = 100;
	assert_int_equal(sim_job_run(&job, &out, err, sizeof(err)), 0);
	assert_true(out.units >= 2);
	assert_null(out.note);
	for (int i = 0; i < out.res.nr_found; i++)
		if (out.res.found[i].finding.kind == SIM_FINDING_LOCK_ORDER &&
		    strstr(out.res.found[i].finding.title, "circular"))
			cycles++;
	assert_int_equal(cycles, 1);
	assert_true(out.res.complete);
	sim_job_result_free(&out);
}

/* ---- fault injection: every allocation may fail, as fail-nth makes it ---- */

/*
 * One operation with three allocations that can fail: two kzalloc()s and
 * a store at a new index. A store at index 0 of the empty array (kept in
 * the head) and one over an existing entry need no node and cannot fail.
 * The first kzalloc's failure is handled; the second's trips a WARN_ON;
 * the store's makes the actor put a reference it does not own.
 */
static void allocator(void *arg)
{
	int *a, *b;
	void *old;

	(void)arg;
	sim_actor_doing("allocate");
	a = kzalloc(sizeof(*a), GFP_KERNEL);
	if (!a)
		return;
	b = kzalloc(sizeof(*b), GFP_KERNEL);
	WARN_ON(!b);
	assert_false(xa_is_err(xa_store(&sh->xa, 0, a, GFP_KERNEL)));
	old = xa_store(&sh->xa, 5, a, GFP_KERNEL);
	if (xa_is_err(old)) {
		assert_int_equal(xa_err(old), -ENOMEM);
		/* Nothing was stored: the slot is still empty. */
		assert_null(xa_load(&sh->xa, 5));
		refcount_dec(&sh->ref);
		refcount_dec(&sh->ref);
	}
	assert_false(xa_is_err(xa_store(&sh->xa, 5, a, GFP_KERNEL)));
}

static void fault_run(struct prog *p, int faults, const char *const *funcs,
		      int nr_funcs, struct sim_job_result *out)
{
	struct sim_job job = {
		.strategy = &sim_strategy_dpor, .max_executions = 1000,
		.jobs = 1, .factory = { p, job_create, job_destroy },
		.faults = faults, .fault_funcs = funcs, .nr_fault_funcs = nr_funcs,
	};
	char err[256];

	cur = p;
	job.params.max_steps = 100;
	assert_int_equal(sim_job_run(&job, out, err, sizeof(err)), 0);
	assert_true(out->res.complete);
}

static bool found_kind(const struct sim_job_result *out,
		       enum sim_finding_kind kind)
{
	for (int i = 0; i < out->res.nr_found; i++)
		if (out->res.found[i].finding.kind == kind)
			return true;
	return false;
}

static void test_fault_injection(void **state)
{
	static const char *const elsewhere[] = { "reader" };
	static const char *const here[] = { "allocator" };
	struct prog p = { .actors = { allocator, reader }, .nr_actors = 2,
			  .ops = { 0, 2 }, .holders = -1 };
	struct sim_job_result out;
	uint64_t base;

	(void)state;
	/* No injection: today's search, clean. */
	fault_run(&p, 0, NULL, 0, &out);
	assert_int_equal(out.res.nr_found, 0);
	assert_int_equal(out.plans, 0);
	base = out.res.executions;
	assert_true(base >= 1);
	sim_job_result_free(&out);

	/* One failure: a plan per allocation that can fail, each explored. */
	fault_run(&p, 1, NULL, 0, &out);
	assert_int_equal(out.plans, 3);
	assert_int_equal(out.res.executions, base + out.fault_executions);
	assert_true(out.fault_executions >= 3 * base);
	assert_int_equal(out.res.uninjected, 0);
	assert_int_equal(out.res.nr_found, 2);
	assert_true(found_kind(&out, SIM_FINDING_WARNING));
	assert_true(found_kind(&out, SIM_FINDING_REFCOUNT_UNDERFLOW));
	for (int i = 0; i < out.res.nr_found; i++) {
		const struct sim_found *f = &out.res.found[i];

		/* The failure is the trace's, and the report says which. */
		assert_int_equal(f->nr_faults, 1);
		assert_string_equal(f->faults[0].actor, "t0");
		assert_int_equal(f->faults[0].op, 0);
		assert_int_equal(f->faults[0].nth,
				 f->finding.kind == SIM_FINDING_WARNING ? 2 : 3);
		assert_non_null(strstr(f->report, "fault injected: "));
		assert_non_null(strstr(f->report, "allocation of t0 in allocate"));
	}
	sim_job_result_free(&out);

	/* Two at most: the pairs too, each set of failures once. */
	fault_run(&p, 2, NULL, 0, &out);
	assert_int_equal(out.plans, 4);	/* {2, 3}: 1 returns early, 3 is last */
	sim_job_result_free(&out);

	/* Only the functions named: here all, elsewhere none. */
	fault_run(&p, 1, here, 1, &out);
	assert_int_equal(out.plans, 3);
	assert_int_equal(out.res.nr_found, 2);
	sim_job_result_free(&out);
	fault_run(&p, 1, elsewhere, 1, &out);
	assert_int_equal(out.plans, 0);
	assert_int_equal(out.res.nr_found, 0);
	assert_int_equal(out.res.executions, base);
	sim_job_result_free(&out);
}

/* No capacity artifact: the array grows as far as the stores go. */
static void many_stores(void *arg)
{
	(void)arg;
	for (unsigned long i = 1; i <= 200; i++)
		assert_false(xa_is_err(xa_store(&sh->xa, i * 7, &sh->vars[0],
						GFP_KERNEL)));
	for (unsigned long i = 1; i <= 200; i++)
		assert_ptr_equal(xa_load(&sh->xa, i * 7), &sh->vars[0]);
	assert_null(xa_load(&sh->xa, 8));
}

/* ... and neither does the arena: more objects than its first table. */
static void many_objects(void *arg)
{
	int *last = NULL;

	(void)arg;
	for (int i = 0; i < 20000; i++) {
		int *p = kzalloc(sizeof(*p), GFP_ATOMIC);

		assert_non_null(p);
		*p = i;
		if (last)
			assert_int_equal(*last, i - 1);
		last = p;
	}
}

static void test_xa_grows(void **state)
{
	struct prog p = { .actors = { many_stores }, .nr_actors = 1,
			  .holders = -1 };
	struct counts c;

	(void)state;
	c = explore(&p, 1000);
	assert_int_equal(c.nr_found, 0);
	assert_int_equal(c.executions, 1);
	p.actors[0] = many_objects;
	c = explore(&p, 100000);
	assert_int_equal(c.nr_found, 0);
	assert_int_equal(c.executions, 1);
}

/*
 * The kernel's oops on an unchecked error value, before the shim would
 * touch it: a lock, refcount, xarray or free operation on an ERR_PTR(),
 * an xarray error entry or NULL plus an offset is a bad-pointer; freeing
 * memory the allocator never gave out is an invalid free.
 */
static int bad_use;

static void bad_user(void *arg)
{
	static int not_allocated;
	void *err = ERR_PTR(-ENOMEM);

	(void)arg;
	switch (bad_use) {
	case 0: kfree(err); break;
	case 1: refcount_inc((refcount_t *)xa_mk_internal((unsigned long)-ENOMEM)); break;
	/* -EBUSY: aligned, so only the engine's judgement is tested. */
	case 2: mutex_lock((struct mutex *)ERR_PTR(-EBUSY)); break;
	case 3: xa_store((struct xarray *)((char *)NULL + 16), 1, sh, GFP_KERNEL); break;
	case 4: kfree(&not_allocated); break;
	case 5: kfree(NULL); break;
	}
}

static void test_bad_pointer_operations(void **state)
{
	static const char *const kinds[] = {
		"bad-pointer", "bad-pointer", "bad-pointer", "bad-pointer",
		"crash", NULL,
	};
	struct prog p = { .actors = { bad_user }, .nr_actors = 1,
			  .holders = -1 };

	(void)state;
	for (bad_use = 0; bad_use < 6; bad_use++) {
		struct counts c = explore(&p, 100);

		if (!kinds[bad_use]) {
			assert_int_equal(c.nr_found, 0);	/* kfree(NULL) */
			continue;
		}
		assert_int_equal(c.nr_found, 1);
		assert_string_equal(c.kinds[0], kinds[bad_use]);
		if (bad_use < 3)
			assert_non_null(strstr(c.titles[0],
				"Unable to handle kernel paging request at virtual address ffffffffff"));
		if (bad_use == 3)
			assert_string_equal(c.titles[0],
				"Unable to handle kernel NULL pointer dereference at virtual address 0000000000000010 in t0");
		if (bad_use == 4)
			assert_non_null(strstr(c.titles[0], "BUG: KASAN: invalid-free in bad_user"));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dfs_multinomial),
		cmocka_unit_test(test_mutex_blocks),
		cmocka_unit_test(test_deadlock_abba),
		cmocka_unit_test(test_refcount_underflow),
		cmocka_unit_test(test_refcount_inc_zero),
		cmocka_unit_test(test_static_lock),
		cmocka_unit_test(test_synchronize_srcu_in_reader),
		cmocka_unit_test(test_warn_on_is_a_finding),
		cmocka_unit_test(test_crash_is_a_finding),
		cmocka_unit_test(test_hang_is_a_finding),
		cmocka_unit_test(test_premature_free),
		cmocka_unit_test(test_premature_put_then_clear),
		cmocka_unit_test(test_use_after_free),
		cmocka_unit_test(test_double_free),
		cmocka_unit_test(test_same_name_told_apart),
		cmocka_unit_test(test_lock_in_freed_memory),
		cmocka_unit_test(test_rcu_deferred_free),
		cmocka_unit_test(test_rcu_callback_is_scheduled),
		cmocka_unit_test(test_rcu_sched_regions),
		cmocka_unit_test(test_leak),
		cmocka_unit_test(test_assert_held),
		cmocka_unit_test(test_livelock),
		cmocka_unit_test(test_fault_injection),
		cmocka_unit_test(test_xa_grows),
		cmocka_unit_test(test_leak_names_the_holder_drop),
		cmocka_unit_test(test_bad_pointer_operations),
		cmocka_unit_test(test_lock_AA),
		cmocka_unit_test(test_lock_ABBA_never_concurrent),
		cmocka_unit_test(test_lock_ABBCCA),
		cmocka_unit_test(test_lock_documented_order),
		cmocka_unit_test(test_lock_documented_transitive),
		cmocka_unit_test(test_lock_inside_srcu),
		cmocka_unit_test(test_bad_unlock_and_held_at_exit),
		cmocka_unit_test(test_sleep_in_atomic),
		cmocka_unit_test(test_synchronize_rcu_waits),
		cmocka_unit_test(test_bounded),
		cmocka_unit_test(test_random_and_pct_are_seeded),
		cmocka_unit_test(test_xa_walk_concurrent_erase),
		cmocka_unit_test(test_determinism),
		cmocka_unit_test(test_lock_edges_cycle),
		cmocka_unit_test(test_bug_on_is_a_finding),
		cmocka_unit_test(test_bug_in_setup),
		cmocka_unit_test(test_calltraces),
		cmocka_unit_test(test_cycle_across_units),
		cmocka_unit_test(test_leak_without_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
