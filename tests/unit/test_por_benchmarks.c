/* SPDX-License-Identifier: MIT */
/*
 * The standard partial-order-reduction benchmarks (readers, queue_ok,
 * lastzero, sigma, indexer) as tiny programs over the shims, and a count
 * of their Mazurkiewicz traces that does not trust the reduction.
 *
 * The count: run dfs (every interleaving) and give each complete
 * execution a canonical form of its trace, computed here from the event
 * log with an independence relation written from the definition (same
 * location and at least one write; the same lock), not with
 * sim/core/depend.c. The canonical form is the lexicographically least
 * linearization (by actor id) of the execution's dependency order; two
 * interleavings are equivalent exactly when they have the same one. The
 * number of distinct forms is the number of traces, and sleepset must run
 * exactly one complete execution for each of them: more would be
 * redundant (a too coarse independence relation), fewer unsound (a too
 * fine one, which loses bugs). The sets must be equal, not just the sizes.
 *
 * docs/benchmarks.md holds the table; ITSIM_POR_TABLE=M prints it, with
 * larger sizes and timings, and indexer up to M actors (test_table).
 */
#include <linux/atomic.h>
#include <linux/compiler.h>
#include <linux/kernel.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <sim/engine.h>
#include <explore/explore.h>
#include <explore/strategy.h>

#include <malloc.h>
#include <time.h>

#include "harness.h"

#define MAX_N 16
#define TABLE_SIZE 128		/* indexer */
#define MAX_STEPS 512
#define MAX_EVENTS (MAX_STEPS + 1)
#define MAX_LOCS (TABLE_SIZE + 2 * MAX_N + 8)	/* every location there is */

/* ---- the shared state, rebuilt before every execution ---- */

struct bstate {
	int x;				/* readers */
	struct mutex m;			/* queue_ok */
	int counter;			/* queue_ok */
	int a[MAX_N + 1];		/* lastzero */
	atomic_t next;			/* sigma: the shared index */
	int array[MAX_N];		/* sigma */
	atomic_t table[TABLE_SIZE];	/* indexer */
};

struct bench {
	const char *name;
	int n;
	void (*spawn)(struct sim *s, int n);
};

static struct bstate *bs;
static int bn;			/* the size parameter of the running benchmark */

static void spawn_all(struct sim *s, int nr, void (*fn)(void *arg))
{
	for (int i = 0; i < nr; i++)
		harness_spawn(s, "t", i, fn);
}

/*
 * readers(N): actor 0 writes x once, actors 1..N read it once each.
 * Each read is before or after the write: 2^N traces.
 */
static void readers_actor(void *arg)
{
	if ((long)arg == 0)
		WRITE_ONCE(bs->x, 1);
	else
		(void)READ_ONCE(bs->x);
}

static void readers_spawn(struct sim *s, int n)
{
	spawn_all(s, n + 1, readers_actor);
}

/*
 * queue_ok(N), as issue 3 defines it: 2N actors, each one critical
 * section under one mutex (lock, read and write of a shared counter,
 * unlock). The order of the critical sections is the trace: (2N)!.
 */
static void queue_actor(void *arg)
{
	int v;

	(void)arg;
	mutex_lock(&bs->m);
	v = READ_ONCE(bs->counter);
	WRITE_ONCE(bs->counter, v + 1);
	mutex_unlock(&bs->m);
}

static void queue_spawn(struct sim *s, int n)
{
	spawn_all(s, 2 * n, queue_actor);
}

/*
 * lastzero(N) (Abdulla et al., POPL 2014): a[0..N] = 0; actor 0 scans
 * from i = N down until it reads a[i] == 0; actor j = 1..N does
 * a[j] = a[j-1] + 1. Every array access is one READ_ONCE or WRITE_ONCE.
 */
static void lastzero_actor(void *arg)
{
	int j = (int)(long)arg;

	if (j == 0) {
		for (int i = bn; i >= 0; i--)
			if (READ_ONCE(bs->a[i]) == 0)
				break;
	} else {
		int v = READ_ONCE(bs->a[j - 1]);

		WRITE_ONCE(bs->a[j], v + 1);
	}
}

static void lastzero_spawn(struct sim *s, int n)
{
	spawn_all(s, n + 1, lastzero_actor);
}

/*
 * sigma(N): N actors; each takes a slot with an atomic increment of a
 * shared index and writes its slot: tmp = atomic_inc_return(&next) - 1;
 * WRITE_ONCE(array[tmp], 1). The increments are ordered (N! ways), the
 * writes go to distinct slots: N! traces.
 */
static void sigma_actor(void *arg)
{
	int tmp;

	(void)arg;
	tmp = atomic_inc_return(&bs->next) - 1;
	WRITE_ONCE(bs->array[tmp], 1);
}

static void sigma_spawn(struct sim *s, int n)
{
	spawn_all(s, n, sigma_actor);
}

/*
 * indexer(N) (Flanagan and Godefroid, POPL 2005), with the SV-COMP
 * program's hashing: actor tid inserts the 4 messages w = 11 * m + tid,
 * m = 1..4, into a 128-bucket table at h = (w * 7) % 128, probing
 * h + 1, h + 2, ... until a compare-and-swap of an empty (0) bucket to w
 * succeeds. SV-COMP's cas() is a per-bucket mutex around a compare and a
 * store; here it is atomic_cmpxchg() (one visible RMW: all operations on
 * one bucket are ordered, as under the bucket's mutex).
 */
static void indexer_actor(void *arg)
{
	int tid = (int)(long)arg;

	for (int m = 1; m <= 4; m++) {
		int w = 11 * m + tid;
		int h = (w * 7) % TABLE_SIZE;

		while (atomic_cmpxchg(&bs->table[h], 0, w) != 0)
			h = (h + 1) % TABLE_SIZE;
	}
}

static void indexer_spawn(struct sim *s, int n)
{
	spawn_all(s, n, indexer_actor);
}

static void setup(struct sim *s, void *ctx)
{
	const struct bench *b = ctx;

	bs = kzalloc(sizeof(*bs), GFP_KERNEL);
	mutex_init(&bs->m);
	bn = b->n;
	b->spawn(s, b->n);
}

/* ---- traces: canonical forms, counted in a strset (harness.h) ---- */

/*
 * What an event touches, for the independence relation written from the
 * definition: memory accesses on their address (a read, or a write: a
 * plain write, or an RMW whether a cmpxchg succeeds or not), lock and
 * unlock on the lock, as writes of it (every two operations on one lock
 * are dependent). These benchmarks use nothing else.
 */
static void touches(const struct sim_event *ev, const void **addr, bool *write)
{
	switch (ev->op.kind) {
	case SIM_OP_READ:
		*addr = ev->op.addr;
		*write = false;
		return;
	case SIM_OP_WRITE:
	case SIM_OP_RMW:
		*addr = ev->op.addr;
		*write = true;
		return;
	case SIM_OP_LOCK:
	case SIM_OP_UNLOCK:
		*addr = ev->op.lock;
		*write = true;
		return;
	default:
		fail_msg("unexpected operation %s in a benchmark",
			 sim_op_kind_name(ev->op.kind));
	}
}

/*
 * The canonical form of the last execution's trace, as a string of actor
 * ids (one letter each): its lexicographically least linearization.
 *
 * The dependency order: program order, plus for every location the order
 * of its conflicting accesses (each access after the last write before it;
 * each write after the reads since the last write). Lock operations are
 * writes of the lock. That is a generating set of the order, enough for a
 * topological sort.
 */
static void canonical(const struct sim *s, char *out)
{
	static int npred[MAX_EVENTS], first_succ[MAX_EVENTS + 1];
	static int edge_from[4 * MAX_EVENTS * 8], edge_to[4 * MAX_EVENTS * 8];
	static int succ[4 * MAX_EVENTS * 8];
	struct loc {
		const void *addr;
		int last_write;
		int nr_reads;
		int reads[MAX_EVENTS];
	};
	static struct loc locs[MAX_LOCS];
	int nr_locs = 0, nr_edges = 0, n = (int)sim_log_len(s);
	int last_of[SIM_MAX_ACTORS], next_of[SIM_MAX_ACTORS];
	int nr_actors = sim_nr_actors(s);
	/* Events of each actor, in order, as indices into the log. */
	static int by_actor[SIM_MAX_ACTORS][MAX_EVENTS];
	int count[SIM_MAX_ACTORS] = { 0 };

	assert_true(n <= MAX_EVENTS);
	for (int a = 0; a < nr_actors; a++)
		last_of[a] = -1;
#define EDGE(f, t)                                                           \
	do {                                                                 \
		assert_true(nr_edges < (int)(sizeof(edge_from) / sizeof(int))); \
		edge_from[nr_edges] = (f);                                   \
		edge_to[nr_edges++] = (t);                                   \
	} while (0)
	for (int i = 0; i < n; i++) {
		const struct sim_event *ev = sim_log_at(s, (size_t)i);
		const void *addr = NULL;
		bool write = true;
		struct loc *l = NULL;

		npred[i] = 0;
		by_actor[ev->actor][count[ev->actor]++] = i;
		if (last_of[ev->actor] >= 0)
			EDGE(last_of[ev->actor], i);
		last_of[ev->actor] = i;
		touches(ev, &addr, &write);
		for (int k = 0; k < nr_locs; k++)
			if (locs[k].addr == addr)
				l = &locs[k];
		if (!l) {
			assert_true(nr_locs < MAX_LOCS);
			l = &locs[nr_locs++];
			l->addr = addr;
			l->last_write = -1;
			l->nr_reads = 0;
		}
		if (l->last_write >= 0)
			EDGE(l->last_write, i);
		if (write) {
			for (int k = 0; k < l->nr_reads; k++)
				EDGE(l->reads[k], i);
			l->nr_reads = 0;
			l->last_write = i;
		} else {
			l->reads[l->nr_reads++] = i;
		}
	}
#undef EDGE
	/* Successor lists (duplicates are harmless: counted both ways). */
	memset(first_succ, 0, sizeof(int) * (size_t)(n + 1));
	for (int e = 0; e < nr_edges; e++) {
		first_succ[edge_from[e] + 1]++;
		npred[edge_to[e]]++;
	}
	for (int i = 0; i < n; i++)
		first_succ[i + 1] += first_succ[i];
	{
		int fill[MAX_EVENTS + 1];

		memcpy(fill, first_succ, sizeof(int) * (size_t)(n + 1));
		for (int e = 0; e < nr_edges; e++)
			succ[fill[edge_from[e]]++] = edge_to[e];
	}
	/*
	 * Kahn's algorithm, always taking the ready event of the lowest
	 * actor (only an actor's next event can be ready).
	 */
	for (int a = 0; a < nr_actors; a++)
		next_of[a] = 0;
	for (int k = 0; k < n; k++) {
		int pick = -1;

		for (int a = 0; a < nr_actors && pick < 0; a++)
			if (next_of[a] < count[a] &&
			    npred[by_actor[a][next_of[a]]] == 0)
				pick = a;
		assert_true(pick >= 0);
		int ev = by_actor[pick][next_of[pick]++];

		for (int e = first_succ[ev]; e < first_succ[ev + 1]; e++)
			npred[succ[e]]--;
		out[k] = (char)('A' + pick);
	}
	out[n] = '\0';
}

/* ---- running a strategy to the end, execution by execution ---- */

struct tally {
	uint64_t executions;	/* complete */
	uint64_t abandoned;	/* sleepset: blocked */
	struct strset classes;	/* canonical forms of the complete ones */
	uint64_t repeats;	/* complete executions of a class seen before */
	double seconds;
	bool finished;
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/*
 * Run @ops to the end (or @budget executions, complete or not), as
 * sim_explore() does, keeping the canonical form of every complete
 * execution when @classes.
 */
static struct tally run(const struct sim_strategy_ops *ops,
			const struct bench *b, bool classes, uint64_t budget)
{
	struct sim_config cfg = { .max_steps = MAX_STEPS };
	struct sim_hooks hooks = { .ctx = (void *)b, .setup = setup };
	struct sim_strategy_params sp = { .max_steps = MAX_STEPS };
	struct tally t = { 0 };
	static char form[MAX_EVENTS + 1];
	struct harness_run hr;
	enum sim_exec_result r;
	struct sim *s;
	double t0 = now();

	s = harness_sim(&cfg, &hooks);
	hr = harness_run_create(ops, &sp);
	for (uint64_t runs = 0; runs < budget && harness_run_next(&hr, s, &r); runs++) {
		if (r == SIM_EXEC_ABANDONED) {
			t.abandoned++;
			continue;
		}
		if (r != SIM_EXEC_CLEAN)
			fail_msg("%s(%d): %s: %s", b->name, b->n, ops->name,
				 sim_last_finding(s)->title);
		t.executions++;
		if (classes) {
			canonical(s, form);
			if (!strset_add(&t.classes, form))
				t.repeats++;
		}
	}
	t.finished = harness_run_over(&hr);
	t.seconds = now() - t0;
	harness_run_destroy(&hr);
	sim_destroy(s);
	return t;
}

static const struct bench benches[] = {
	{ "readers", 0, readers_spawn },
	{ "queue_ok", 0, queue_spawn },
	{ "lastzero", 0, lastzero_spawn },
	{ "sigma", 0, sigma_spawn },
	{ "indexer", 0, indexer_spawn },
};

static struct bench bench(const char *name, int n)
{
	for (size_t i = 0; i < sizeof(benches) / sizeof(benches[0]); i++)
		if (strcmp(benches[i].name, name) == 0) {
			struct bench b = benches[i];

			b.n = n;
			return b;
		}
	fail_msg("no benchmark %s", name);
	return benches[0];
}

struct result {
	uint64_t traces;	/* distinct among dfs executions; 0: not run */
	uint64_t dfs;		/* dfs executions */
	uint64_t complete;	/* sleepset complete executions */
	uint64_t blocked;	/* sleepset abandoned (sleep-set blocked) */
	uint64_t dpor;		/* dpor complete executions, when it exists */
	uint64_t dpor_blocked;
	double dfs_s, ss_s, dpor_s;
};

/*
 * The optimal strategy of issue 3, once a "dpor" is registered: it must
 * run exactly the traces, and never a blocked execution.
 */
static const struct sim_strategy_ops *dpor_ops(void)
{
	return sim_strategy_lookup("dpor");
}

/*
 * dfs (when @with_dfs) and sleepset on one benchmark; checks that
 * sleepset ran one complete execution per trace: no class twice, and
 * (with dfs) exactly the classes dfs saw.
 */
static struct result measure(const char *name, int n, bool with_dfs)
{
	struct bench b = bench(name, n);
	struct result res = { 0 };
	struct tally d = { 0 }, ss;

	if (with_dfs) {
		d = run(&sim_strategy_dfs, &b, true, UINT64_MAX);
		assert_true(d.finished);
		assert_int_equal(d.abandoned, 0);
		res.traces = d.classes.len;
		res.dfs = d.executions;
		res.dfs_s = d.seconds;
	}
	ss = run(&sim_strategy_sleepset, &b, true, UINT64_MAX);
	assert_true(ss.finished);
	res.complete = ss.executions;
	res.blocked = ss.abandoned;
	res.ss_s = ss.seconds;
	printf("# %s(%d): dfs %llu executions, %llu traces; sleepset %llu "
	       "complete, %llu blocked\n", name, n,
	       (unsigned long long)res.dfs, (unsigned long long)res.traces,
	       (unsigned long long)res.complete, (unsigned long long)res.blocked);
	/* At most one complete execution per trace... */
	if (ss.repeats)
		fail_msg("%s(%d): sleepset ran %llu complete executions of a "
			 "trace it had already covered (redundant: the "
			 "independence relation is too coarse)", name, n,
			 (unsigned long long)ss.repeats);
	if (with_dfs) {
		/* ...and every trace dfs saw: a missing one is unsound. */
		const char *lost = strset_missing(&d.classes, &ss.classes);

		if (lost)
			fail_msg("%s(%d): UNSOUND: sleepset never ran the "
				 "trace %s (%llu of %llu traces covered)",
				 name, n, lost,
				 (unsigned long long)ss.classes.len,
				 (unsigned long long)d.classes.len);
		assert_int_equal(ss.classes.len, d.classes.len);
		assert_int_equal(res.complete, res.traces);
	}
	if (dpor_ops()) {
		struct tally dp = run(dpor_ops(), &b, true, UINT64_MAX);
		const char *lost = strset_missing(&ss.classes, &dp.classes);

		assert_true(dp.finished);
		res.dpor = dp.executions;
		res.dpor_blocked = dp.abandoned;
		res.dpor_s = dp.seconds;
		printf("# %s(%d): dpor %llu complete, %llu abandoned\n", name, n,
		       (unsigned long long)dp.executions,
		       (unsigned long long)dp.abandoned);
		if (dp.repeats)
			fail_msg("%s(%d): dpor ran %llu redundant executions",
				 name, n, (unsigned long long)dp.repeats);
		if (lost)
			fail_msg("%s(%d): UNSOUND: dpor never ran the trace %s",
				 name, n, lost);
		assert_int_equal(dp.executions, res.complete);
		if (dp.abandoned)
			fail_msg("%s(%d): dpor abandoned %llu executions (not optimal)",
				 name, n, (unsigned long long)dp.abandoned);
		strset_free(&dp.classes);
	}
	strset_free(&d.classes);
	strset_free(&ss.classes);
	/* Give the millions of freed forms back now, not in the next timing. */
	malloc_trim(0);
	return res;
}

static uint64_t factorial(int n)
{
	uint64_t f = 1;

	for (int i = 2; i <= n; i++)
		f *= (uint64_t)i;
	return f;
}

/* ---- the counter itself, on programs whose classes are known ---- */

static void test_canonical_form_counts_classes(void **state)
{
	struct bench b = bench("readers", 2);
	struct tally t;

	(void)state;
	/* 3! interleavings of one write and two reads, 2^2 traces. */
	t = run(&sim_strategy_dfs, &b, true, UINT64_MAX);
	assert_int_equal(t.executions, 6);
	assert_int_equal(t.classes.len, 4);
	assert_true(strset_has(&t.classes, "ABC"));	/* write first */
	assert_true(strset_has(&t.classes, "BCA"));	/* write last */
	assert_true(strset_has(&t.classes, "BAC"));
	assert_true(strset_has(&t.classes, "CAB"));
	strset_free(&t.classes);

	/* Each queue_ok actor's critical section is one block: 2! orders. */
	b = bench("queue_ok", 1);
	t = run(&sim_strategy_dfs, &b, true, UINT64_MAX);
	assert_int_equal(t.executions, 2);
	assert_true(strset_has(&t.classes, "AAAABBBB"));
	assert_true(strset_has(&t.classes, "BBBBAAAA"));
	strset_free(&t.classes);

	/* Independent actors: one trace whatever the interleaving. */
	b = bench("indexer", 2);
	t = run(&sim_strategy_dfs, &b, true, UINT64_MAX);
	assert_int_equal(t.executions, 70);	/* 8! / (4! 4!) */
	assert_int_equal(t.classes.len, 1);
	assert_true(strset_has(&t.classes, "AAAABBBB"));
	strset_free(&t.classes);
}

/* The driver above counts what sim_explore() counts. */
static void test_driver_matches_sim_explore(void **state)
{
	struct bench b = bench("lastzero", 3);
	struct sim_config cfg = { .max_steps = MAX_STEPS };
	struct sim_hooks hooks = { .ctx = &b, .setup = setup };
	struct sim_strategy_params sp = { .max_steps = MAX_STEPS };
	struct sim_explore_result res;
	struct tally t;
	struct sim *s;

	(void)state;
	t = run(&sim_strategy_sleepset, &b, false, UINT64_MAX);
	s = harness_sim(&cfg, &hooks);
	harness_explore(s, &sim_strategy_sleepset, &sp, UINT64_MAX, NULL, &res);
	assert_true(res.complete);
	assert_int_equal(res.executions, t.executions);
	assert_int_equal(res.abandoned, t.abandoned);
	assert_int_equal(res.nr_found, 0);
	sim_explore_result_free(&res);
	sim_destroy(s);
}

/* ---- the benchmarks ---- */

static void test_readers(void **state)
{
	(void)state;
	for (int n = 1; n <= 7; n++) {
		struct result r = measure("readers", n, true);

		assert_int_equal(r.complete, 1u << n);
		assert_int_equal(r.traces, 1u << n);
		assert_int_equal(r.dfs, factorial(n + 1));
	}
}

static void test_queue_ok(void **state)
{
	(void)state;
	for (int n = 1; n <= 4; n++) {
		struct result r = measure("queue_ok", n, true);

		assert_int_equal(r.traces, factorial(2 * n));
		assert_int_equal(r.complete, factorial(2 * n));
		assert_int_equal(r.blocked, 0);
	}
}

static void test_sigma(void **state)
{
	(void)state;
	for (int n = 1; n <= 5; n++) {
		struct result r = measure("sigma", n, true);

		assert_int_equal(r.traces, factorial(n));
		assert_int_equal(r.complete, factorial(n));
	}
	assert_int_equal(measure("sigma", 6, false).complete, factorial(6));
}

static void test_lastzero(void **state)
{
	/* Published (Abdulla et al.), for N = 2, 4, 6, 8. */
	static const uint64_t published[] = { [2] = 5, [4] = 28, [6] = 144, [8] = 704 };

	(void)state;
	for (int n = 1; n <= 8; n++) {
		/* dfs runs 44300 interleavings at N = 4, 3.5 million at 5. */
		struct result r = measure("lastzero", n, n <= 4);

		if (published[n])
			assert_int_equal(r.complete, published[n]);
	}
}

static void test_indexer(void **state)
{
	(void)state;
	/*
	 * Fewer than 12 actors never collide: one trace. The published sizes
	 * (11..15) are out of sleepset's reach: see docs/benchmarks.md.
	 */
	for (int n = 1; n <= 3; n++)
		assert_int_equal(measure("indexer", n, n <= 3).complete, 1);
	for (int n = 4; n <= 8; n++)
		assert_int_equal(measure("indexer", n, false).complete, 1);
	/*
	 * dpor alone at the published sizes it can reach in the suite: 1
	 * trace at 11, 8 at 12, 64 at 13 (each a distinct canonical form),
	 * none abandoned.
	 */
	if (dpor_ops()) {
		static const uint64_t want[] = { [11] = 1, [12] = 8, [13] = 64 };

		for (int n = 11; n <= 13; n++) {
			struct bench b = bench("indexer", n);
			struct tally dp = run(dpor_ops(), &b, true, UINT64_MAX);

			assert_true(dp.finished);
			assert_int_equal(dp.executions, want[n]);
			assert_int_equal(dp.classes.len, want[n]);
			assert_int_equal(dp.abandoned, 0);
			strset_free(&dp.classes);
		}
	}
}

/*
 * ITSIM_POR_DPOR_TABLE=1: dpor alone, at sizes beyond sleepset and dfs.
 */
static void dpor_row(const char *name, int n, const char *published)
{
	struct bench b = bench(name, n);
	struct tally dp = run(dpor_ops(), &b, false, UINT64_MAX);

	printf("| %s(%d) | %s | %llu | %llu | %.2f |\n", name, n, published,
	       (unsigned long long)dp.executions,
	       (unsigned long long)dp.abandoned, dp.seconds);
	fflush(stdout);
}

static void test_dpor_table(void **state)
{
	static const char *const indexer[] = {
		[11] = "1", [12] = "8", [13] = "64", [14] = "512", [15] = "4096",
	};
	static const char *const lastzero[] = {
		[2] = "5", [4] = "28", [6] = "144", [8] = "704", [10] = "3328",
	};
	char pub[32];

	(void)state;
	if (!getenv("ITSIM_POR_DPOR_TABLE") || !dpor_ops())
		return;
	printf("| benchmark | closed form / published | dpor executions | "
	       "dpor abandoned | dpor s |\n|--|--:|--:|--:|--:|\n");
	for (int n = 11; n <= 15; n++)
		dpor_row("indexer", n, indexer[n]);
	for (int n = 2; n <= 12; n += 2)
		dpor_row("lastzero", n, n <= 10 ? lastzero[n] : "-");
	for (int n = 6; n <= 9; n++) {
		snprintf(pub, sizeof(pub), "%llu", (unsigned long long)factorial(n));
		dpor_row("sigma", n, pub);
	}
	for (int n = 10; n <= 16; n += 2) {
		snprintf(pub, sizeof(pub), "%llu", 1ull << n);
		dpor_row("readers", n, pub);
	}
}

/*
 * ---- the table of docs/benchmarks.md ----
 *
 * ITSIM_POR_TABLE=M tests/test-por-benchmarks: every benchmark at the
 * sizes below, indexer from 1 to M actors (sleepset needs 5^(M-1)
 * executions for it: M = 11 takes most of a minute).
 */

static void row(const char *name, int n, bool with_dfs, const char *published)
{
	struct result r = measure(name, n, with_dfs);
	char traces[32] = "-", dfs_s[32] = "-", dpor[48] = "-";

	if (with_dfs) {
		snprintf(traces, sizeof(traces), "%llu", (unsigned long long)r.traces);
		snprintf(dfs_s, sizeof(dfs_s), "%.2f", r.dfs_s);
	}
	if (dpor_ops())
		snprintf(dpor, sizeof(dpor), "%llu (%.2f s)",
			 (unsigned long long)r.dpor, r.dpor_s);
	printf("| %s(%d) | %s | %llu | %s | %llu | %llu | %s | %s | %.2f | %s |\n",
	       name, n, published, (unsigned long long)r.dfs, traces,
	       (unsigned long long)r.complete, (unsigned long long)r.blocked,
	       with_dfs ? (r.traces == r.complete ? "1.00" : "MISMATCH") : "-",
	       dfs_s, r.ss_s, dpor);
	fflush(stdout);
}

static void test_table(void **state)
{
	const char *max = getenv("ITSIM_POR_TABLE");
	int big = max ? atoi(max) : 0;
	char pub[32];

	(void)state;
	/* Not a skip: meson's TAP parser counts cmocka's SKIP as a failure. */
	if (!big)
		return;
	printf("| benchmark | closed form / published | dfs executions | "
	       "traces among dfs | sleepset complete | sleepset blocked | "
	       "redundancy | dfs s | sleepset s | dpor |\n");
	for (int n = 1; n <= 5; n++) {
		snprintf(pub, sizeof(pub), "%llu", 1ull << n);
		row("readers", n, true, pub);
	}
	for (int n = 6; n <= 12; n++) {
		snprintf(pub, sizeof(pub), "%llu", 1ull << n);
		row("readers", n, n <= 9, pub);
	}
	for (int n = 1; n <= 5; n++) {
		snprintf(pub, sizeof(pub), "%llu", (unsigned long long)factorial(2 * n));
		row("queue_ok", n, true, pub);
	}
	for (int n = 1; n <= 8; n++) {
		snprintf(pub, sizeof(pub), "%llu", (unsigned long long)factorial(n));
		row("sigma", n, n <= 6, pub);
	}
	for (int n = 1; n <= 12; n++) {
		static const char *const published[] = {
			[2] = "5", [4] = "28", [6] = "144", [8] = "704", [10] = "3328",
		};
		row("lastzero", n, n <= 5,
		    n <= 10 && published[n] ? published[n] : "-");
	}
	for (int n = 1; n <= big && n <= 15; n++) {
		static const char *const published[] = {
			[11] = "1", [12] = "8", [13] = "64", [14] = "512", [15] = "4096",
		};
		row("indexer", n, n <= 3, published[n] ? published[n] : "1");
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_canonical_form_counts_classes),
		cmocka_unit_test(test_driver_matches_sim_explore),
		cmocka_unit_test(test_readers),
		cmocka_unit_test(test_queue_ok),
		cmocka_unit_test(test_sigma),
		cmocka_unit_test(test_lastzero),
		cmocka_unit_test(test_indexer),
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_dpor_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
