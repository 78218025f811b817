/* SPDX-License-Identifier: MIT */
/*
 * dpor against the search it reduces, on the shipped scenarios and on
 * small generated ones.
 *
 * For each scenario and variant, a reference strategy (dfs, every
 * interleaving; sleepset where dfs cannot end in the test's budget) and
 * dpor are run to the end. Every complete execution is reduced to the
 * canonical form of its Mazurkiewicz trace: the lexicographically least
 * linearization of its dependency order (program order, the spawn of an
 * actor before its first step, and the order of every two dependent steps
 * of different actors, by sim_dep_dependent() on the events as they ran:
 * what an xarray operation saw, whose holders each step changed, as dpor
 * knows them). Then:
 *   - the set of forms dpor ran equals the set the reference ran (fewer:
 *     dpor lost a class, and with it possibly a bug);
 *   - no form twice under dpor, and on the shipped scenarios no
 *     abandoned execution either (redundancy 1.00: one execution per
 *     trace);
 *   - the same finding kinds and sites.
 * And the search that workers share (sim run --jobs N, <explore/share.h>)
 * against one worker's: the same executions, the same findings, each
 * with the same trace.
 *
 * argv[1]: the scenarios directory.
 */
#include <linux/rcupdate.h>
#include <linux/refcount.h>
#include <linux/spinlock.h>
#include <linux/srcu.h>
#include <linux/xarray.h>
#include <sim/depend.h>
#include <sim/engine.h>
#include <explore/driver.h>
#include <explore/explore.h>
#include <explore/split.h>
#include <explore/strategy.h>

#include <model/model.h>

#include "harness.h"
#include "names.h"
#include <scenario/program.h>
#include <scenario/scenario.h>

#define MAX_STEPS 10000

static const char *dir;

/* ---- recording the steps of an execution ---- */

struct recorder {
	const struct sim_strategy_ops *ops;
	void *st;
	struct sim_dep_event ev[MAX_STEPS];
	size_t n;
};

static int record_choose(void *ctx, const struct sim *s, const int *cands, int n)
{
	struct recorder *r = ctx;
	int i = r->ops->choose(r->st, s, cands, n);

	if (i >= 0) {
		assert_true(r->n < MAX_STEPS);
		sim_dep_event_of((struct sim *)s, cands[i], &r->ev[r->n++]);
	}
	return i;
}

/*
 * The canonical form of the recorded execution: its least linearization,
 * one letter per step ('A' + actor id).
 */
static void canonical(const struct sim *s, const struct recorder *r, char *out)
{
	static int npred[MAX_STEPS], order[SIM_MAX_ACTORS][MAX_STEPS];
	int count[SIM_MAX_ACTORS] = { 0 }, next[SIM_MAX_ACTORS] = { 0 };
	int n = (int)r->n, nr = sim_nr_actors(s);

	for (int k = 0; k < n; k++) {
		int a = r->ev[k].actor;

		npred[k] = 0;
		order[a][count[a]++] = k;
	}
	/* Predecessors other than program order, counted; k's own too. */
	for (int k = 0; k < n; k++) {
		int a = r->ev[k].actor;

		for (int j = 0; j < k; j++)
			if (r->ev[j].actor != a &&
			    sim_dep_dependent(&r->ev[j], &r->ev[k]))
				npred[k]++;
		if (order[a][0] == k && sim_actor_spawn_step(s, a) >= 0)
			npred[k]++;
	}
	for (int i = 0; i < n; i++) {
		int pick = -1, k;

		for (int a = 0; a < nr && pick < 0; a++)
			if (next[a] < count[a] && npred[order[a][next[a]]] == 0)
				pick = a;
		assert_true(pick >= 0);
		k = order[pick][next[pick]++];
		out[i] = (char)('A' + pick);
		for (int m = k + 1; m < n; m++) {
			int b = r->ev[m].actor;

			if (b != pick && sim_dep_dependent(&r->ev[k], &r->ev[m]))
				npred[m]--;
			if (order[b][0] == m && sim_actor_spawn_step(s, b) == k)
				npred[m]--;
		}
	}
	out[n] = '\0';
}

/* ---- running a strategy to the end ---- */

struct tally {
	uint64_t executions, abandoned, repeats, foreign;
	bool finished;
	struct strset forms;
	struct strset findings;	/* kind@site */
	char missing[256];	/* a form the other strategy ran and this not */
	size_t units;		/* split: how many */
};

/* Run @hr on @s until it is done or @budget runs, recording into @t. */
static void run_ops(struct sim *s, struct harness_run *hr, uint64_t budget,
		    struct tally *t);

/* A shipped scenario's program on an engine of its own. */
struct opened {
	struct scenario *scn;
	struct scn_program *prog;
	struct sim *s;
};

static struct sim *open_scenario(const char *file, const char *variant,
				 struct opened *o)
{
	char path[4096], err[512];
	struct sim_config cfg;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	if (scenario_load_file(path, scenario_registry_names(), &o->scn, err,
			       sizeof(err)) != 0)
		fail_msg("%s", err);
	o->prog = scn_program_create(o->scn, &model_builtin, model_builtin.variant_lookup(variant), err,
				     sizeof(err));
	assert_non_null(o->prog);
	scn_program_config(o->prog, MAX_STEPS, &cfg);
	o->s = harness_sim(&cfg, scn_program_hooks(o->prog));
	return o->s;
}

static void close_scenario(struct opened *o)
{
	sim_destroy(o->s);
	scn_program_free(o->prog);
	scenario_free(o->scn);
}

/*
 * dpor's mode for the searches below: its wakeup-tree cap (0: its
 * default), and source-set DPOR from the start.
 */
static size_t tree_steps;
static bool source;

/* @ops on @s, one search, until it is done or @budget runs. */
static struct tally explore_whole(struct sim *s, const struct sim_strategy_ops *ops,
				  uint64_t budget)
{
	struct sim_strategy_params sp = { .max_steps = MAX_STEPS,
					  .tree_steps = tree_steps,
					  .source = source };
	struct tally t = { 0 };
	struct harness_run hr = harness_run_create(ops, &sp);

	run_ops(s, &hr, budget, &t);
	harness_run_destroy(&hr);
	return t;
}

static struct tally run(const char *file, const char *variant,
			const struct sim_strategy_ops *ops, uint64_t budget)
{
	struct opened o;
	struct tally t = explore_whole(open_scenario(file, variant, &o), ops, budget);

	close_scenario(&o);
	return t;
}

struct forced {
	const char *form;
	size_t i;
};

static int forced_choose(void *ctx, const struct sim *s, const int *cands, int n)
{
	struct forced *f = ctx;
	int want = f->form[f->i++] - 'A';

	(void)s;
	for (int i = 0; i < n; i++)
		if (cands[i] == want)
			return i;
	return -1;
}

/* Print the steps of the execution @form names, to see what was lost. */
static void show(const char *file, const char *variant, const char *form)
{
	struct forced f = { form, 0 };
	struct sim_chooser ch = { .ctx = &f, .choose = forced_choose };
	struct opened o;
	struct sim *s = open_scenario(file, variant, &o);
	enum sim_exec_result r = sim_execute(s, &ch);
	char line[512];

	print_message("# result %d after %zu of %zu steps\n", (int)r, f.i,
		      strlen(form));
	for (size_t i = 0; i < sim_log_len(s); i++) {
		sim_format_event(s, sim_log_at(s, i), line, sizeof(line));
		print_message("#   %zu %s\n", i, line);
	}
	close_scenario(&o);
}

static void run_ops(struct sim *s, struct harness_run *hr, uint64_t budget,
		    struct tally *t)
{
	static struct recorder rec;
	static char form[MAX_STEPS + 1];
	const struct sim_strategy_ops *ops = hr->ops;
	enum sim_exec_result r;

	rec.ops = ops;
	rec.st = hr->st;
	/* Every strategy's steps, as dpor sees them once they have run. */
	assert_int_equal(sim_track_step_effects(s, true), 0);
	hr->ch = (struct sim_chooser){ .ctx = &rec, .choose = record_choose };
	for (uint64_t runs = 0; runs < budget; runs++) {
		rec.n = 0;
		if (!harness_run_next(hr, s, &r))
			break;
		if (r == SIM_EXEC_ABANDONED) {
			t->abandoned++;
			continue;
		}
		/* A split unit's execution of a class another unit owns. */
		if (ops->redundant && ops->redundant(rec.st)) {
			t->foreign++;
			continue;
		}
		t->executions++;
		for (size_t i = 0; i < rec.n; i++)
			sim_dep_event_ran(s, i, &rec.ev[i]);
		if (r == SIM_EXEC_FINDING && rec.n &&
		    sim_last_finding(s)->kind != SIM_FINDING_DEADLOCK) {
			/* As dpor: a finding in the middle of a step ends it. */
			if (sim_actor_unfinished(s, rec.ev[rec.n - 1].actor))
				rec.ev[rec.n - 1].flags |= SIM_DEP_ENDS;
		}
		canonical(s, &rec, form);
		if (!strset_add(&t->forms, form))
			t->repeats++;
		if (getenv("TEST_DPOR_VERBOSE")) {
			char raw[MAX_STEPS + 1];

			for (size_t i = 0; i < rec.n; i++)
				raw[i] = (char)('A' + rec.ev[i].actor);
			raw[rec.n] = '\0';
			print_message("# %s form %s raw %s\n", ops->name, form, raw);
		}
		if (r == SIM_EXEC_FINDING) {
			char key[192];

			sim_finding_key(sim_last_finding(s), key, sizeof(key));
			strset_add(&t->findings, key);
		}
	}
	t->finished = harness_run_over(hr);
}

/*
 * @ops over the units of a split search (<explore/split.h>), one after the
 * other on one engine, each with a fresh lock-order history: as the
 * workers of sim run --jobs do.
 */
static struct tally explore_split(struct sim *s, const struct sim_strategy_ops *ops,
				  size_t target)
{
	struct sim_strategy_params sp = { .max_steps = MAX_STEPS };
	struct sim_strategy_ops pops = sim_prefixed_ops(ops);
	struct sim_split split;
	struct tally t = { 0 };
	bool all = true;

	assert_int_equal(sim_split(s, ops, &sp, target, &split), 0);
	t.units = split.nr;
	for (size_t u = 0; u < split.nr; u++) {
		struct harness_run hr =
			harness_run_of(&pops, sim_prefixed_create(ops, &sp, &split.units[u]));

		assert_non_null(hr.st);
		sim_history_forget(s);
		run_ops(s, &hr, UINT64_MAX, &t);
		all &= t.finished;
		harness_run_destroy(&hr);
	}
	t.finished = all;
	t.abandoned += split.blocked;
	sim_split_free(&split);
	return t;
}

static struct tally run_split(const char *file, const char *variant,
			      const struct sim_strategy_ops *ops, size_t target)
{
	struct opened o;
	struct tally t = explore_split(open_scenario(file, variant, &o), ops, target);

	close_scenario(&o);
	return t;
}

static void free_tally(struct tally *t)
{
	strset_free(&t->forms);
	strset_free(&t->findings);
}

/* Every string of @a is in @b; else the first that is not, in @missing. */
static bool subset(const struct strset *a, const struct strset *b,
		   char *missing, size_t len)
{
	const char *k = strset_missing(a, b);

	if (k)
		snprintf(missing, len, "%s", k);
	return !k;
}

/*
 * The split search (as sim run --jobs and --shard run it) against the
 * whole one: the same traces, each once, the same findings.
 */
static void split_matches(const char *file, const char *variant,
			  const struct tally *whole, const struct sim_strategy_ops *ops)
{
	struct tally sp = run_split(file, variant, ops, 64);
	char missing[MAX_STEPS + 1];

	print_message("# %s %s: split %s: %zu units, %llu executions, "
		      "%llu abandoned\n", file, variant, ops->name, sp.units,
		      (unsigned long long)sp.executions,
		      (unsigned long long)sp.abandoned);
	assert_true(sp.finished);
	if (!subset(&whole->forms, &sp.forms, missing, sizeof(missing)))
		fail_msg("%s %s: split %s lost the trace %s", file, variant,
			 ops->name, missing);
	if (!subset(&sp.forms, &whole->forms, missing, sizeof(missing)))
		fail_msg("%s %s: split %s ran an unknown trace %s", file, variant,
			 ops->name, missing);
	if (sp.repeats)
		fail_msg("%s %s: split %s ran %llu traces twice", file, variant,
			 ops->name, (unsigned long long)sp.repeats);
	assert_int_equal(sp.executions, whole->executions);
	if (!subset(&whole->findings, &sp.findings, missing, sizeof(missing)) ||
	    !subset(&sp.findings, &whole->findings, missing, sizeof(missing)))
		fail_msg("%s %s: split %s: not the same findings (%s)", file,
			 variant, ops->name, missing);
	free_tally(&sp);
}

/* ---- the shared search ---- */

/*
 * Runs other workers did for the searches below, in all, and steps
 * forwarded into their tasks while they ran (sim/explore/dpor.c).
 */
static uint64_t shared_runs, shared_fwd, shared_back;
/* Tasks do not wait before they go past their giver's branches. */
static bool no_hold;

static void same_result(const char *what, const struct sim_explore_result *a,
			const struct sim_explore_result *b)
{
	if (a->executions != b->executions || a->abandoned != b->abandoned ||
	    a->repeated != b->repeated || a->runs != b->runs ||
	    a->steps != b->steps || a->complete != b->complete ||
	    a->nr_found != b->nr_found)
		fail_msg("%s: shared: %llu executions, %llu abandoned, %llu "
			 "repeated, %llu runs, %llu steps, %d findings; one worker: "
			 "%llu, %llu, %llu, %llu, %llu, %d", what,
			 (unsigned long long)b->executions,
			 (unsigned long long)b->abandoned,
			 (unsigned long long)b->repeated, (unsigned long long)b->runs,
			 (unsigned long long)b->steps, b->nr_found,
			 (unsigned long long)a->executions,
			 (unsigned long long)a->abandoned,
			 (unsigned long long)a->repeated, (unsigned long long)a->runs,
			 (unsigned long long)a->steps, a->nr_found);
	for (int i = 0; i < a->nr_found; i++) {
		const struct sim_found *x = &a->found[i], *y = &b->found[i];

		if (strcmp(x->key, y->key) || x->hits != y->hits ||
		    x->execution != y->execution ||
		    x->schedule_len != y->schedule_len ||
		    strcmp(x->report ? x->report : "", y->report ? y->report : ""))
			fail_msg("%s: shared: finding %s, %llu hits, execution %llu, "
				 "%zu steps; one worker: %s, %llu, %llu, %zu", what,
				 y->key, (unsigned long long)y->hits,
				 (unsigned long long)y->execution, y->schedule_len,
				 x->key, (unsigned long long)x->hits,
				 (unsigned long long)x->execution, x->schedule_len);
	}
}

/*
 * dpor through the driver on one worker and on @jobs, which hand
 * branches to each other as soon as one asks (share_quiet 1): a task's
 * result, taken, is the one its giver would have had, so everything is
 * the same, to the number of each finding's execution.
 */
static void shared_matches(const char *what, struct sim_factory f, unsigned jobs)
{
	struct sim_job job = {
		.strategy = &sim_strategy_dpor,
		.params = { .max_steps = MAX_STEPS, .share_quiet = 1,
			    .share_no_hold = no_hold,
			    .tree_steps = tree_steps, .source = source },
		.max_executions = 10000000,
		.shrink = true,
		.factory = f,
	};
	struct sim_job_result one, many;
	char err[512];

	job.jobs = 1;
	if (sim_job_run(&job, &one, err, sizeof(err)))
		fail_msg("%s: %s", what, err);
	job.jobs = jobs;
	if (sim_job_run(&job, &many, err, sizeof(err)))
		fail_msg("%s: %s", what, err);
	assert_int_equal(one.res.shared, 0);
	same_result(what, &one.res, &many.res);
	shared_runs += many.res.shared;
	shared_fwd += many.res.forwarded;
	shared_back += many.res.back;
	assert_int_equal(one.res.forwarded, 0);
	assert_int_equal(one.res.back, 0);
	sim_job_result_free(&one);
	sim_job_result_free(&many);
}

static void scenario_shared(const char *file, const char *variant)
{
	char path[4096], err[512], what[600];
	struct scn_factory sf = { .model = &model_builtin,
				  .max_steps = MAX_STEPS };
	struct scenario *scn;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	if (scenario_load_file(path, scenario_registry_names(), &scn, err,
			       sizeof(err)) != 0)
		fail_msg("%s", err);
	sf.scn = scn;
	sf.variant = model_builtin.variant_lookup(variant);
	snprintf(what, sizeof(what), "%s %s", file, variant);
	shared_matches(what, scn_factory(&sf), 3);
	scenario_free(scn);
}

/*
 * dpor as source-set DPOR from the start (what it turns into past its
 * memory cap): the same traces, none twice, the same findings; only
 * sleep-set blocked executions may be added. Then dpor with a cap of 40
 * steps, which starts again as source-set DPOR once it passes it: the
 * same traces and findings (the first part's run again). Return: the
 * executions source-set DPOR abandoned.
 */
static uint64_t source_matches(const char *what, struct tally (*search)(void *),
			       void *arg, const struct tally *ref)
{
	struct tally got;
	char missing[MAX_STEPS + 1];
	uint64_t abandoned = 0;

	for (int pass = 0; pass < 2; pass++) {
		const char *how = pass ? "dpor starting again" : "source-set dpor";

		source = pass == 0;
		tree_steps = pass ? 40 : 0;
		got = search(arg);
		source = false;
		tree_steps = 0;
		if (!subset(&ref->forms, &got.forms, missing, sizeof(missing)))
			fail_msg("%s: UNSOUND: %s never ran %s", what, how, missing);
		if (!subset(&got.forms, &ref->forms, missing, sizeof(missing)))
			fail_msg("%s: %s ran an unknown trace %s", what, how, missing);
		if (!pass && (got.repeats || got.executions != got.forms.len))
			fail_msg("%s: %s ran %llu traces twice", what, how,
				 (unsigned long long)got.repeats);
		if (!subset(&ref->findings, &got.findings, missing, sizeof(missing)) ||
		    !subset(&got.findings, &ref->findings, missing, sizeof(missing)))
			fail_msg("%s: %s: not the same findings (%s)", what, how,
				 missing);
		if (!pass)
			abandoned = got.abandoned;
		free_tally(&got);
	}
	return abandoned;
}

struct scenario_arg {
	const char *file, *variant;
};

static struct tally run_dpor(void *arg)
{
	const struct scenario_arg *a = arg;

	return run(a->file, a->variant, &sim_strategy_dpor, UINT64_MAX);
}

/*
 * dpor on @file under @variant against dfs (in @budget executions) or
 * else sleepset. @abandon_ok: abandoned executions are allowed (v0's
 * double puts end executions early, and a race reversed from one cut
 * short may not be followable), a trace twice is not.
 */
static void compare(const char *file, const char *variant, uint64_t budget,
		    bool abandon_ok)
{
	struct tally ref = run(file, variant, &sim_strategy_dfs, budget);
	const char *ref_name = "dfs";
	struct tally dp;
	char missing[MAX_STEPS + 1];

	if (!ref.finished) {
		free_tally(&ref);
		ref = run(file, variant, &sim_strategy_sleepset, UINT64_MAX);
		ref_name = "sleepset";
		assert_true(ref.finished);
	}
	dp = run(file, variant, &sim_strategy_dpor, UINT64_MAX);
	print_message("# %s %s: %s %llu executions, %zu traces; dpor %llu, "
		      "%llu abandoned, %zu findings\n", file, variant, ref_name,
		      (unsigned long long)ref.executions, ref.forms.len,
		      (unsigned long long)dp.executions,
		      (unsigned long long)dp.abandoned, dp.findings.len);
	if (!subset(&dp.forms, &ref.forms, missing, sizeof(missing)))
		fail_msg("%s %s: dpor ran a trace %s never saw: %s", file,
			 variant, ref_name, missing);
	assert_true(dp.finished);
	if (!subset(&ref.forms, &dp.forms, missing, sizeof(missing)) &&
	    (show(file, variant, missing), true))
		fail_msg("%s %s: UNSOUND: dpor never ran the trace %s", file,
			 variant, missing);
	if (!subset(&dp.forms, &ref.forms, missing, sizeof(missing)))
		fail_msg("%s %s: dpor ran a trace %s never saw: %s", file,
			 variant, ref_name, missing);
	if (!subset(&ref.findings, &dp.findings, missing, sizeof(missing)))
		fail_msg("%s %s: dpor lost the finding %s", file, variant, missing);
	if (!subset(&dp.findings, &ref.findings, missing, sizeof(missing)))
		fail_msg("%s %s: dpor found %s, %s did not", file, variant,
			 missing, ref_name);
	assert_int_equal(dp.repeats, 0);
	if (!abandon_ok)
		assert_int_equal(dp.abandoned, 0);
	assert_int_equal(dp.executions, dp.forms.len);
	split_matches(file, variant, &dp, &sim_strategy_dpor);
	scenario_shared(file, variant);
	{
		struct scenario_arg a = { file, variant };
		char what[256];

		snprintf(what, sizeof(what), "%s %s", file, variant);
		print_message("# %s %s: source-set dpor: %llu abandoned\n", file,
			      variant, (unsigned long long)source_matches(what, run_dpor,
									  &a, &dp));
	}
	free_tally(&ref);
	free_tally(&dp);
}


/* ---- generated programs ---- */

/*
 * Small random programs over a shared block: 2 to 4 actors, each a few
 * operations from the menu below, every kind of shim operation the model
 * uses. dpor must run exactly the traces dfs runs, on every one.
 */
enum gop {
	G_READ, G_WRITE, G_RMW, G_MUTEX, G_SPIN, G_SRCU, G_XA_LOAD, G_XA_STORE,
	G_XA_ERASE, G_REF_INC, G_REF_DEC, G_RCU_LOAD, G_TRYLOCK, G_NR
};

#define GEN_ACTORS 4
#define GEN_OPS 4

struct gprog {
	int nr_actors;
	int nr_ops[GEN_ACTORS];
	int op[GEN_ACTORS][GEN_OPS];
	int arg[GEN_ACTORS][GEN_OPS];	/* which of two locations / indices */
	bool lifelong;			/* actors hold a mutex of their own */
};

struct gshared {
	int x[2];
	atomic_t at[2];
	struct mutex m;
	spinlock_t sl;
	struct srcu_struct srcu;
	struct xarray xa;
	refcount_t ref;
	struct mutex own[GEN_ACTORS];
	int tag[GEN_ACTORS];
};

/* Per thread: the driver's workers run instances at once. */
static _Thread_local struct gshared *gs;
static const struct gprog *gp;

static void gactor(void *arg)
{
	int a = (int)(long)arg;

	for (int i = 0; i < gp->nr_ops[a]; i++) {
		int k = gp->arg[a][i];

		switch (gp->op[a][i]) {
		case G_READ: (void)READ_ONCE(gs->x[k]); break;
		case G_WRITE: WRITE_ONCE(gs->x[k], a); break;
		case G_RMW: atomic_inc(&gs->at[k]); break;
		case G_MUTEX:
			mutex_lock(&gs->m);
			WRITE_ONCE(gs->x[k], a);
			mutex_unlock(&gs->m);
			break;
		case G_SPIN:
			spin_lock(&gs->sl);
			(void)READ_ONCE(gs->x[k]);
			spin_unlock(&gs->sl);
			break;
		case G_SRCU: {
			int idx = srcu_read_lock(&gs->srcu);

			(void)READ_ONCE(gs->x[k]);
			srcu_read_unlock(&gs->srcu, idx);
			break;
		}
		case G_XA_LOAD: (void)xa_load(&gs->xa, k); break;
		case G_XA_STORE: xa_store(&gs->xa, k, &gs->tag[a], GFP_KERNEL); break;
		case G_XA_ERASE: xa_erase(&gs->xa, k); break;
		case G_REF_INC: refcount_inc(&gs->ref); break;
		case G_REF_DEC: refcount_dec(&gs->ref); break;
		case G_RCU_LOAD:
			rcu_read_lock();
			(void)xa_load(&gs->xa, k);
			rcu_read_unlock();
			break;
		case G_TRYLOCK:
			if (mutex_trylock(k ? &gs->m : &gs->own[(a + 1) % gp->nr_actors])) {
				WRITE_ONCE(gs->x[k], a);
				mutex_unlock(k ? &gs->m : &gs->own[(a + 1) % gp->nr_actors]);
			}
			break;
		}
	}
}

static void gsetup(struct sim *s, void *ctx)
{
	(void)ctx;
	gs = kzalloc(sizeof(*gs), GFP_KERNEL);
	mutex_init(&gs->m);
	spin_lock_init(&gs->sl);
	init_srcu_struct(&gs->srcu);
	xa_init(&gs->xa);
	xa_store(&gs->xa, 0, &gs->tag[0], GFP_KERNEL);
	refcount_set(&gs->ref, 100);
	for (int a = 0; a < GEN_ACTORS; a++)
		mutex_init(&gs->own[a]);
	for (int a = 0; a < gp->nr_actors; a++) {
		int id = harness_spawn(s, "g", a, gactor);

		if (gp->lifelong)
			sim_actor_holds(s, id, &gs->own[a].dep_map);
	}
}

static struct sim *gsim(void)
{
	static const struct sim_hooks hooks = { .setup = gsetup };
	struct sim_config cfg = { .max_steps = MAX_STEPS };
	return harness_sim(&cfg, &hooks);
}

static uint64_t gen_next(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static int g_create(void *ctx, struct sim_instance *out, char *err, size_t len)
{
	(void)ctx;
	(void)err;
	(void)len;
	out->sim = gsim();
	out->priv = NULL;
	return 0;
}

static void g_destroy(void *ctx, struct sim_instance *inst)
{
	(void)ctx;
	sim_destroy(inst->sim);
}

static struct tally grun(const struct sim_strategy_ops *ops, uint64_t budget)
{
	struct sim *s = gsim();
	struct tally t = explore_whole(s, ops, budget);

	sim_destroy(s);
	return t;
}

static struct tally grun_dpor(void *arg)
{
	(void)arg;
	return grun(&sim_strategy_dpor, UINT64_MAX);
}

static struct tally grun_split(const struct sim_strategy_ops *ops)
{
	struct sim *s = gsim();
	struct tally t = explore_split(s, ops, 16);

	sim_destroy(s);
	return t;
}

static void describe(const struct gprog *g, char *buf, size_t len)
{
	static const char *const names[] = {
		"read", "write", "rmw", "mutex", "spin", "srcu", "xa_load",
		"xa_store", "xa_erase", "ref_inc", "ref_dec", "rcu_load", "trylock",
	};

	snprintf(buf, len, "%s", g->lifelong ? "lifelong;" : "");
	for (int a = 0; a < g->nr_actors; a++) {
		strncat(buf, a ? " |" : "", len - strlen(buf) - 1);
		for (int i = 0; i < g->nr_ops[a]; i++) {
			char one[32];

			snprintf(one, sizeof(one), " %s(%d)", names[g->op[a][i]],
				 g->arg[a][i]);
			strncat(buf, one, len - strlen(buf) - 1);
		}
	}
}

static void test_generated_programs(void **state)
{
	uint64_t seed = getenv("TEST_DPOR_SEED") ?
			strtoull(getenv("TEST_DPOR_SEED"), NULL, 10) : 1;
	int checked = 0, wanted = getenv("TEST_DPOR_PROGRAMS") ?
			atoi(getenv("TEST_DPOR_PROGRAMS")) : 150;
	uint64_t traces = 0, abandoned = 0, source_abandoned = 0;

	(void)state;
	for (int n = 0; checked < wanted && n < 20 * wanted; n++) {
		struct gprog g = { 0 };
		struct tally ref, dp, sp;
		char text[512], missing[MAX_STEPS + 1];

		g.nr_actors = 2 + (int)(gen_next(&seed) % 3);
		g.lifelong = gen_next(&seed) % 4 == 0;
		for (int a = 0; a < g.nr_actors; a++) {
			g.nr_ops[a] = 1 + (int)(gen_next(&seed) % (g.nr_actors == 4 ? 2 : 3));
			for (int i = 0; i < g.nr_ops[a]; i++) {
				g.op[a][i] = (int)(gen_next(&seed) % G_NR);
				g.arg[a][i] = (int)(gen_next(&seed) % 2);
			}
		}
		gp = &g;
		describe(&g, text, sizeof(text));
		if (getenv("TEST_DPOR_ONLY_PROGRAM") &&
		    atoi(getenv("TEST_DPOR_ONLY_PROGRAM")) != n)
			continue;
		ref = grun(&sim_strategy_dfs, 300000);
		if (!ref.finished) {	/* too big for dfs: another program */
			free_tally(&ref);
			continue;
		}
		dp = grun(&sim_strategy_dpor, UINT64_MAX);
		if (!subset(&ref.forms, &dp.forms, missing, sizeof(missing)))
			fail_msg("program %d (%s): UNSOUND: dpor never ran %s", n,
				 text, missing);
		if (!subset(&dp.forms, &ref.forms, missing, sizeof(missing)))
			fail_msg("program %d (%s): dpor ran %s, dfs never", n, text,
				 missing);
		if (dp.repeats || dp.executions != ref.forms.len)
			fail_msg("program %d (%s): dpor %llu repeated "
				 "(%llu executions, %zu traces)", n, text,
				 (unsigned long long)dp.repeats,
				 (unsigned long long)dp.executions, ref.forms.len);
		abandoned += dp.abandoned;
		if (!subset(&ref.findings, &dp.findings, missing, sizeof(missing)) ||
		    !subset(&dp.findings, &ref.findings, missing, sizeof(missing)))
			fail_msg("program %d (%s): not the same findings (%s)", n,
				 text, missing);
		sp = grun_split(&sim_strategy_dpor);
		if (sp.repeats || sp.executions != dp.executions ||
		    !subset(&ref.forms, &sp.forms, missing, sizeof(missing)))
			fail_msg("program %d (%s): split dpor: %llu executions, %llu "
				 "repeated, against %zu traces", n, text,
				 (unsigned long long)sp.executions,
				 (unsigned long long)sp.repeats, ref.forms.len);
		{
			char what[600];

			snprintf(what, sizeof(what), "program %d (%s)", n, text);
			source_abandoned += source_matches(what, grun_dpor, NULL, &ref);
			shared_matches(what, (struct sim_factory){
				.create = g_create, .destroy = g_destroy }, 4);
		}
		traces += ref.forms.len;
		checked++;
		free_tally(&ref);
		free_tally(&dp);
		free_tally(&sp);
	}
	print_message("# %d generated programs, %llu traces in all: dpor ran "
		      "each once (%llu abandoned); as source-set DPOR too (%llu "
		      "abandoned); shared, the same with %llu runs other workers "
		      "did\n", checked, (unsigned long long)traces,
		      (unsigned long long)abandoned,
		      (unsigned long long)source_abandoned,
		      (unsigned long long)shared_runs);
	assert_int_equal(checked, wanted);
	/*
	 * Whether these small searches shared anything depends on how soon
	 * the other workers' threads ran: test_shared_walkers() requires it.
	 */
}

static void test_shipped_scenarios(void **state)
{
	static const char *const files[] = {
		"a-two-vcpus-clear-enable-lpis.json",
		"b-gits-ctlr-vs-clear-enable-lpis.json",
		"c-clear-enable-lpis-vs-discard.json",
		"d-clear-enable-lpis-vs-movi.json",
		"e-msi-slow-path-vs-clear-enable-lpis.json",
		"f-orderly-teardown.json",
		"g-userspace-gicr-ctlr-clear.json",
		"h-clear-enable-lpis-vs-save-tables.json",
		"i-walker-vs-discard-remap-recache.json",
		"j-v2-without-its-lock.json",
		"k-lpi-release-vs-remap-other-its.json",
		"l-deferred-release-vs-remap.json",
	};
	uint64_t before = shared_runs;

	(void)state;
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		for (int v = 0; v < model_builtin.variant_count(); v++)
			compare(files[i], model_builtin.variant_name(v), 200000,
				false);
	print_message("# shared: the same, with %llu runs other workers did\n",
		      (unsigned long long)(shared_runs - before));
}

/*
 * Walkers over cached translations, shared by three workers: thousands
 * of runs handed out, under v0 with double puts ending executions, and
 * with a wakeup tree so small that the search starts again as source-set
 * DPOR while branches are out (they are thrown away) and a task's races
 * may not fit in it (apply_ext()).
 */
static void test_shared_walkers(void **state)
{
	static const struct {
		const char *file, *variant;
		size_t tree_steps;
	} runs[] = {
		{ "bench/ws/w3-s3.json", "v0", 0 },
		{ "bench/ws/w3-s3.json", "v1", 0 },
		{ "bench/ws/w4-s2.json", "v1", 0 },
		{ "bench/ws/w3-s3.json", "v0", 400 },
		{ "bench/ws/w3-s3.json", "v1", 120 },
	};
	uint64_t fwd = shared_fwd, back = shared_back;

	(void)state;
	for (size_t i = 0; i < sizeof(runs) / sizeof(runs[0]); i++) {
		uint64_t was = shared_runs, fwd_was = shared_fwd;
		uint64_t back_was = shared_back;

		/*
		 * Under v1, tasks that do not wait before they go past their
		 * giver's branches: the steps then come later, and tasks go
		 * back to their marks (under v0, findings drop the marks).
		 */
		no_hold = !strcmp(runs[i].variant, "v1");
		tree_steps = runs[i].tree_steps;
		scenario_shared(runs[i].file, runs[i].variant);
		tree_steps = 0;
		print_message("# %s %s, tree cap %zu%s: shared, the same, with "
			      "%llu runs other workers did, %llu steps forwarded "
			      "to them, %llu times a task went back\n",
			      runs[i].file, runs[i].variant, runs[i].tree_steps,
			      no_hold ? ", tasks not waiting" : "",
			      (unsigned long long)(shared_runs - was),
			      (unsigned long long)(shared_fwd - fwd_was),
			      (unsigned long long)(shared_back - back_was));
		no_hold = false;
		/*
		 * Thousands of runs: the other workers ask long before the
		 * end, however busy the machine (a test of sharing that
		 * shared nothing would test nothing).
		 */
		if (shared_runs == was)
			fail_msg("%s %s: nothing was shared", runs[i].file,
				 runs[i].variant);
	}
	/*
	 * Handed out as soon as asked for, branches are still inserted into
	 * while their tasks run: some of it must have been taken in.
	 */
	if (shared_fwd == fwd)
		fail_msg("no step was forwarded to a task that was used");
	/* ... and some of it after a task had gone past, to a mark. */
	if (shared_back == back)
		fail_msg("no task that was used went back to a mark");
}

/*
 * Three vCPU walkers over two cached translations under v0, where every
 * double put ends an execution early: when a planned leaf of the wakeup
 * tree was taken as covering a longer sequence (sim/explore/dpor.c,
 * insert()), dpor ran 3,727 of the 4,275 traces sleepset runs.
 */
static void test_walkers_v0(void **state)
{
	(void)state;
	compare("bench/ws/w3-s2.json", "v0", 1, true);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_generated_programs),
		cmocka_unit_test(test_shipped_scenarios),
		cmocka_unit_test(test_walkers_v0),
		cmocka_unit_test(test_shared_walkers),
	};

	if (argc < 2) {
		fprintf(stderr, "usage: %s SCENARIOS-DIR [FILE VARIANT]\n", argv[0]);
		return 2;
	}
	dir = argv[1];
	if (argc == 5) {	/* debugging: the steps of a schedule */
		show(argv[2], argv[3], argv[4]);
		return 0;
	}
	if (argc == 4) {
		compare(argv[2], argv[3], 200000, true);
		return 0;
	}
	if (argc == 2 && getenv("TEST_DPOR_SHARED_ONLY")) {
		test_shared_walkers(NULL);
		return 0;
	}
	if (argc == 2 && getenv("TEST_DPOR_GENERATED_ONLY")) {
		test_generated_programs(NULL);
		return 0;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
