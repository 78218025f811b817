/* SPDX-License-Identifier: MIT */
/*
 * Shrinking tests: a use-after-free that needs exactly one preemption,
 * reached by a schedule padded with needless ones; the shrinker must get
 * down to one, keep the finding, never grow the schedule, and give the
 * same answer every time. Then through sim_explore() with ctl.shrink, on
 * it and on ABBA (lock-order, whose history spans executions, and
 * deadlock).
 */
#include <linux/compiler.h>
#include <linux/kernel.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <sim/engine.h>
#include <explore/explore.h>
#include <explore/shrink.h>
#include <explore/strategy.h>

#include "harness.h"

struct shared {
	int vars[4];
	int *obj;
	struct mutex a, b;
};

static struct shared *sh;
static int nr_actors;
static bool uaf;	/* which program: use-after-free, or ABBA */

/* Two reads of sh->vars[@v], then @outer and @inner, nested. */
static void reads_then_locks(int v, struct mutex *outer, struct mutex *inner)
{
	(void)READ_ONCE(sh->vars[v]);
	(void)READ_ONCE(sh->vars[v]);
	harness_lock_nested(outer, inner);
}

/* Two reads, then the two locks in the order a, b. */
static void ab(void *arg)
{
	(void)arg;
	reads_then_locks(0, &sh->a, &sh->b);
}

static void ba(void *arg)
{
	(void)arg;
	reads_then_locks(1, &sh->b, &sh->a);
}

/* Two reads, then loads the pointer and uses what it points to. */
static void user(void *arg)
{
	int *p;

	(void)arg;
	(void)READ_ONCE(sh->vars[0]);
	(void)READ_ONCE(sh->vars[0]);
	p = READ_ONCE(sh->obj);
	if (p)
		(void)READ_ONCE(*p);
}

/* Two reads, then unpublishes and frees at once (no grace period). */
static void freer(void *arg)
{
	int *p = sh->obj;

	(void)arg;
	(void)READ_ONCE(sh->vars[1]);
	(void)READ_ONCE(sh->vars[1]);
	WRITE_ONCE(sh->obj, NULL);
	kfree(p);
}

/* Noise: reads nobody else touches. */
static void noise(void *arg)
{
	(void)arg;
	for (int i = 0; i < 3; i++)
		(void)READ_ONCE(sh->vars[2]);
}

static void setup(struct sim *s, void *ctx)
{
	void (*abba[])(void *) = { ab, ba, noise };
	void (*use_free[])(void *) = { user, freer, noise };

	(void)ctx;
	sh = kzalloc(sizeof(*sh), GFP_KERNEL);
	sh->obj = kzalloc(sizeof(*sh->obj), GFP_KERNEL);
	mutex_init(&sh->a);
	mutex_init(&sh->b);
	for (int i = 0; i < nr_actors; i++)
		harness_spawn(s, "t", i, uaf ? use_free[i] : abba[i]);
}

static struct sim *make(bool use_free, int actors)
{
	struct sim_config cfg = { .max_steps = 100 };
	struct sim_hooks hooks = { .setup = setup };

	uaf = use_free;
	nr_actors = actors;
	return harness_sim(&cfg, &hooks);
}

/* Run @sched strictly; Return: its finding's key ("" when none). */
static void run_key(struct sim *s, const int *sched, size_t len, char *key,
		    size_t keylen, int *pre)
{
	struct sim_rerun *r = sim_rerun_begin(s);
	enum sim_exec_result res;

	assert_non_null(r);
	res = sim_rerun(r, sched, len, pre);
	key[0] = '\0';
	if (res == SIM_EXEC_FINDING)
		sim_finding_key(sim_last_finding(s), key, keylen);
	sim_rerun_end(r);
}

/* The fewest preemptions any execution showing @key needs (bounded). */
static int fewest_preemptions(bool use_free, int actors, const char *key)
{
	struct sim_strategy_params sp = { .max_steps = 100, .preemption_bound = 4 };
	struct sim_explore_result res;
	struct sim *s = make(use_free, actors);
	int label = -1;

	harness_explore(s, &sim_strategy_bounded, &sp, 100000, NULL, &res);
	for (int i = 0; i < res.nr_found; i++)
		if (strcmp(res.found[i].key, key) == 0)
			label = res.found[i].label;
	sim_explore_result_free(&res);
	sim_destroy(s);
	return label;
}

/*
 * Round robin: t0 loads the pointer, t1 unpublishes it, the noise ends,
 * t1 frees, t0 uses: eight preemptions where one would do.
 */
static const int padded[] = { 0, 1, 2, 0, 1, 2, 0, 1, 2, 1, 0 };
#define PADDED_LEN (sizeof(padded) / sizeof(padded[0]))

static void test_shrink_padded(void **state)
{
	struct sim *s = make(true, 3);
	char key[192], k2[192];
	int *out = NULL, *out2 = NULL, *out3 = NULL, pre_in, pre_out;
	size_t n, n2, n3;

	(void)state;
	run_key(s, padded, PADDED_LEN, key, sizeof(key), &pre_in);
	assert_true(strncmp(key, "use-after-free@", 15) == 0);
	assert_int_equal(pre_in, 8);
	/* The run ends where the schedule does: it is a full schedule. */
	assert_int_equal(sim_schedule_len(s), PADDED_LEN);

	assert_int_equal(sim_shrink(s, padded, PADDED_LEN, key, &out, &n), 0);
	assert_true(n <= PADDED_LEN);
	run_key(s, out, n, k2, sizeof(k2), &pre_out);
	assert_string_equal(k2, key);
	/* A full schedule again: its strict replay is the whole run. */
	assert_int_equal(sim_schedule_len(s), n);
	assert_int_equal(pre_out, 1);
	assert_int_equal(pre_out, fewest_preemptions(true, 3, key));
	/* t0 loads, t1 unpublishes and frees, t0 uses: 4 + 4 steps. */
	assert_int_equal(n, 8);

	/* Deterministic: the same input, the same output. */
	assert_int_equal(sim_shrink(s, padded, PADDED_LEN, key, &out2, &n2), 0);
	assert_int_equal(n2, n);
	assert_memory_equal(out2, out, n * sizeof(*out));

	/* A fixed point: shrinking it again changes nothing. */
	assert_int_equal(sim_shrink(s, out, n, key, &out3, &n3), 0);
	assert_int_equal(n3, n);
	assert_memory_equal(out3, out, n * sizeof(*out));
	free(out);
	free(out2);
	free(out3);
	sim_destroy(s);
}

static void test_shrink_minimal_stays(void **state)
{
	/* t0 loads, preempted; t1 unpublishes and frees; t0 uses it. */
	static const int minimal[] = { 0, 0, 0, 1, 1, 1, 1, 0 };
	const size_t len = sizeof(minimal) / sizeof(minimal[0]);
	struct sim *s = make(true, 3);
	char key[192];
	int *out = NULL, pre;
	size_t n;

	(void)state;
	run_key(s, minimal, len, key, sizeof(key), &pre);
	assert_true(strncmp(key, "use-after-free@", 15) == 0);
	assert_int_equal(sim_schedule_len(s), len);
	assert_int_equal(pre, 1);
	assert_int_equal(sim_shrink(s, minimal, len, key, &out, &n), 0);
	assert_int_equal(n, len);
	assert_memory_equal(out, minimal, sizeof(minimal));
	free(out);

	/* A schedule that does not show the key comes back as it was. */
	assert_int_equal(sim_shrink(s, minimal, len, "leak@nowhere:1", &out, &n), 0);
	assert_int_equal(n, len);
	assert_memory_equal(out, minimal, sizeof(minimal));
	free(out);
	sim_destroy(s);
}

struct summary {
	uint64_t executions;
	int nr_found;
	char keys[4][192];
	uint64_t hits[4];
	int preemptions[4];
	size_t lens[4];
};

static struct summary explore_dfs(bool use_free, bool shrink)
{
	struct sim_strategy_params sp = { .max_steps = 100 };
	struct sim_explore_ctl ctl = { .shrink = shrink };
	struct sim_explore_result res;
	struct sim *s = make(use_free, 3);
	struct summary sum = { 0 };

	harness_explore(s, &sim_strategy_dfs, &sp, 1000000, &ctl, &res);
	assert_true(res.complete);
	sum.executions = res.executions;
	sum.nr_found = res.nr_found;
	for (int i = 0; i < res.nr_found && i < 4; i++) {
		const struct sim_found *fd = &res.found[i];

		snprintf(sum.keys[i], sizeof(sum.keys[i]), "%s", fd->key);
		sum.hits[i] = fd->hits;
		sum.preemptions[i] = fd->preemptions;
		sum.lens[i] = fd->schedule_len;
		/* The report is of the kept (shrunk) run: its last step is there. */
		{
			char step[32];

			snprintf(step, sizeof(step), "#%-4zu", fd->schedule_len - 1);
			assert_non_null(strstr(fd->report, step));
		}
	}
	sim_explore_result_free(&res);
	sim_destroy(s);
	return sum;
}

static void check_explore(bool use_free, const char *one_preemption)
{
	struct summary plain = explore_dfs(use_free, false);
	struct summary shrunk = explore_dfs(use_free, true);
	bool seen = false;

	/* Re-runs leave the exploration (lock-order history too) alone. */
	assert_int_equal(shrunk.executions, plain.executions);
	assert_int_equal(shrunk.nr_found, plain.nr_found);
	for (int i = 0; i < plain.nr_found && i < 4; i++) {
		assert_string_equal(shrunk.keys[i], plain.keys[i]);
		assert_int_equal(shrunk.hits[i], plain.hits[i]);
		assert_true(plain.preemptions[i] >= 0);
		assert_true(shrunk.preemptions[i] >= 0);
		assert_true(shrunk.preemptions[i] <= plain.preemptions[i]);
		assert_true(shrunk.lens[i] <= plain.lens[i]);
		if (strncmp(plain.keys[i], one_preemption,
			    strlen(one_preemption)) == 0) {
			seen = true;
			assert_int_equal(shrunk.preemptions[i], 1);
		}
	}
	assert_true(seen);
}

static void test_explore_with_shrink(void **state)
{
	(void)state;
	check_explore(true, "use-after-free@");
	/* Also lock-order, first seen in execution 1 and never again. */
	check_explore(false, "deadlock@");
}

/* Random walks hit the bug with many preemptions; shrunk, one is left. */
static void test_random_hits_shrink(void **state)
{
	int hits = 0;

	(void)state;
	for (uint64_t seed = 1; seed <= 10; seed++) {
		struct sim_strategy_params sp = { .max_steps = 100, .seed = seed };
		struct sim_explore_ctl ctl = { .shrink = true };
		struct sim_explore_result res;
		struct sim *s = make(true, 3);

		harness_explore(s, &sim_strategy_random, &sp, 30, &ctl, &res);
		for (int i = 0; i < res.nr_found; i++) {
			const struct sim_found *fd = &res.found[i];
			static const char *const want[] = { "t0", "t0", "t0", "t1",
							   "t1", "t1", "t1", "t0" };

			assert_true(strncmp(fd->key, "use-after-free@", 15) == 0);
			assert_int_equal(fd->preemptions, 1);
			assert_int_equal(fd->schedule_len, 8);
			for (size_t j = 0; j < 8; j++)
				assert_string_equal(fd->schedule[j], want[j]);
			hits++;
		}
		sim_explore_result_free(&res);
		sim_destroy(s);
	}
	assert_true(hits >= 5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shrink_padded),
		cmocka_unit_test(test_shrink_minimal_stays),
		cmocka_unit_test(test_explore_with_shrink),
		cmocka_unit_test(test_random_hits_shrink),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
