/* SPDX-License-Identifier: MIT */
/*
 * What the engine-level tests (test_engine.c, test_shrink.c, test_dpor.c,
 * test_por_benchmarks.c) share: the program harness (actors spawned by a
 * setup hook, an engine made from a config and hooks, a strategy driven
 * execution by execution or through sim_explore()) and a set of strings.
 *
 * Static inline functions in a header rather than a harness.c: each of
 * these tests is one C file built into one executable, so the header needs
 * no change to how they are built or linked, each test compiles only what
 * it uses, and an unused static inline function draws no warning. The
 * functions fail the running cmocka test themselves (assert_*), as the
 * copies they replace did.
 */
#ifndef TESTS_UNIT_HARNESS_H
#define TESTS_UNIT_HARNESS_H

#include <linux/atomic.h>
#include <linux/compiler.h>
#include <linux/kernel.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <sim/engine.h>
#include <explore/explore.h>
#include <explore/strategy.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

/* ---- the program: actors and the engine they run on ---- */

/*
 * Spawn actor @i of a program (from a setup hook), named "<prefix><i>",
 * running @fn((void *)i). Return: its id, which must be @i: the actors of
 * a program are spawned first, in order.
 */
static inline int harness_spawn(struct sim *s, const char *prefix, int i,
				void (*fn)(void *arg))
{
	char name[16];
	int id;

	snprintf(name, sizeof(name), "%s%d", prefix, i);
	id = sim_spawn(s, name, fn, (void *)(long)i);
	assert_int_equal(id, i);
	return id;
}

/* An engine for @cfg and @hooks (the program's setup hook). */
static inline struct sim *harness_sim(const struct sim_config *cfg,
				      const struct sim_hooks *hooks)
{
	struct sim *s = sim_create(cfg, hooks);

	assert_non_null(s);
	return s;
}

/* Take @outer, then @inner; release them in reverse (an actor's body). */
static inline void harness_lock_nested(struct mutex *outer, struct mutex *inner)
{
	mutex_lock(outer);
	mutex_lock(inner);
	mutex_unlock(inner);
	mutex_unlock(outer);
}

/* ---- a strategy, through sim_explore() ---- */

/*
 * A strategy made from @sp explores @s through sim_explore() (at most
 * @budget executions, @ctl may be NULL) into @res; the caller frees @res.
 */
static inline void harness_explore(struct sim *s, const struct sim_strategy_ops *ops,
				   const struct sim_strategy_params *sp,
				   uint64_t budget, struct sim_explore_ctl *ctl,
				   struct sim_explore_result *res)
{
	void *st = ops->create(sp);

	assert_non_null(st);
	assert_int_equal(sim_explore(s, ops, st, budget, res, ctl), 0);
	ops->destroy(st);
}

/* ---- a strategy, driven by hand, execution by execution ---- */

struct harness_run {
	const struct sim_strategy_ops *ops;
	void *st;
	struct sim_chooser ch;	/* the strategy's choose(), or the caller's */
	bool finished;		/* next() said the search is over */
};

/* Drive @ops in the state @st (the caller's to destroy). */
static inline struct harness_run harness_run_of(const struct sim_strategy_ops *ops,
						void *st)
{
	return (struct harness_run){ .ops = ops, .st = st,
				     .ch = { .ctx = st, .choose = ops->choose } };
}

/* Drive a strategy made from @sp; harness_run_destroy() ends it. */
static inline struct harness_run harness_run_create(const struct sim_strategy_ops *ops,
						    const struct sim_strategy_params *sp)
{
	void *st = ops->create(sp);

	assert_non_null(st);
	return harness_run_of(ops, st);
}

static inline void harness_run_destroy(struct harness_run *r)
{
	r->ops->destroy(r->st);
}

/*
 * The next execution of @s, as sim_explore() runs it: next(), the
 * execution, done(). Return: false when the search is over (no execution
 * ran), else true with the execution's result in @res.
 */
static inline bool harness_run_next(struct harness_run *r, struct sim *s,
				    enum sim_exec_result *res)
{
	if (r->finished || !r->ops->next(r->st)) {
		r->finished = true;
		return false;
	}
	*res = sim_execute(s, &r->ch);
	r->ops->done(r->st, s, *res);
	return true;
}

/*
 * After a budget of executions ran out: whether the search was over anyway
 * (next() has nothing left), as sim_explore() reports it complete.
 */
static inline bool harness_run_over(struct harness_run *r)
{
	if (!r->finished && !r->ops->next(r->st))
		r->finished = true;
	return r->finished;
}

/* ---- a set of strings (open addressing, FNV-1a) ---- */

struct strset {
	char **keys;		/* cap slots, NULL where empty */
	size_t cap, len;
};

static inline uint64_t strset_hash(const char *k)
{
	uint64_t h = 1469598103934665603ull;

	for (; *k; k++)
		h = (h ^ (unsigned char)*k) * 1099511628211ull;
	return h;
}

static inline void strset_grow(struct strset *set)
{
	struct strset bigger = { .cap = set->cap ? 2 * set->cap : 1024 };

	bigger.keys = calloc(bigger.cap, sizeof(*bigger.keys));
	assert_non_null(bigger.keys);
	for (size_t i = 0; i < set->cap; i++) {
		size_t j;

		if (!set->keys[i])
			continue;
		for (j = strset_hash(set->keys[i]) & (bigger.cap - 1); bigger.keys[j];
		     j = (j + 1) & (bigger.cap - 1))
			;
		bigger.keys[j] = set->keys[i];
		bigger.len++;
	}
	free(set->keys);
	*set = bigger;
}

/* Add a copy of @k. Return: true when @k was new. */
static inline bool strset_add(struct strset *set, const char *k)
{
	size_t i;

	if (2 * (set->len + 1) > set->cap)
		strset_grow(set);
	for (i = strset_hash(k) & (set->cap - 1); set->keys[i];
	     i = (i + 1) & (set->cap - 1))
		if (strcmp(set->keys[i], k) == 0)
			return false;
	set->keys[i] = strdup(k);
	assert_non_null(set->keys[i]);
	set->len++;
	return true;
}

static inline bool strset_has(const struct strset *set, const char *k)
{
	if (!set->cap)
		return false;
	for (size_t i = strset_hash(k) & (set->cap - 1); set->keys[i];
	     i = (i + 1) & (set->cap - 1))
		if (strcmp(set->keys[i], k) == 0)
			return true;
	return false;
}

/* Return: a string of @a that @b lacks, or NULL when @a is a subset of @b. */
static inline const char *strset_missing(const struct strset *a,
					 const struct strset *b)
{
	for (size_t i = 0; i < a->cap; i++)
		if (a->keys[i] && !strset_has(b, a->keys[i]))
			return a->keys[i];
	return NULL;
}

static inline void strset_free(struct strset *set)
{
	for (size_t i = 0; i < set->cap; i++)
		free(set->keys[i]);
	free(set->keys);
	memset(set, 0, sizeof(*set));
}

#endif /* TESTS_UNIT_HARNESS_H */
