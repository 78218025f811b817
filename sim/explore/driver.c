/* SPDX-License-Identifier: MIT */
/* The exploration driver (<explore/driver.h>): workers, units, merging. */
#include <sim/alloc.h>
#include <explore/determinism.h>
#include <explore/driver.h>
#include <explore/share.h>
#include <explore/split.h>

#include <assert.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uv.h>

struct pool;

/*
 * Work sharing: how deep a worker that waits for a task runs others
 * meanwhile, each depth on an instance of its own. One: on two cores,
 * two and three were no faster (W x S 4,3 under v1: 0.76 s with each),
 * and every instance costs its making at the start of each search.
 */
#define SHARE_DEPTH 1

struct worker {
	uv_work_t work;
	struct pool *pool;
	struct sim_instance inst;
	struct sim_instance spare[SHARE_DEPTH];	/* work sharing only */
	unsigned depth;				/* of the task it runs now */
	struct sim_explore_ctl ctl;	/* of the unit it runs now */
	_Atomic uint64_t done;		/* executions of its finished units */
	int rc;
};

/* The lock dependencies one unit observed. */
struct edges {
	struct sim_lock_edge *e;
	size_t n;
};

struct pool {
	uv_loop_t loop;
	uv_timer_t timer;
	uv_signal_t sigint, sigterm;	/* both stop the search, kept results */
	const struct sim_job *job;
	const struct sim_split *split;	/* NULL: one search, not split */
	size_t *units;			/* the indices this run explores */
	size_t nr_units;
	_Atomic size_t next;
	/*
	 * The budget (--max-executions) is the units', in their order, as one
	 * worker running them one after another would spend it: a unit gets
	 * what the units before it left. A worker starting a unit knows only
	 * the units before it that ended, so it runs under an upper bound;
	 * settle() cuts the one unit that overran its share, by running it
	 * again under its exact share. The result does not depend on the
	 * number of workers or on their timing.
	 */
	uint64_t max;
	uv_mutex_t lock;		/* ended[] and the results' runs */
	bool *ended;			/* per entry of units */
	uint64_t *runs;			/* per entry of units, once settled */
	struct sim_explore_result *results;	/* per entry of units */
	struct edges *edges;			/* per entry of units */
	struct worker *workers;
	unsigned nr_workers, running;
	void *st;			/* not split: the strategy's state */
	uint64_t t0;
	/*
	 * Work sharing (dpor, <explore/share.h>): the board, and the units
	 * being run; once none is and none is left, no task can come.
	 */
	struct sim_share *share;
	size_t in_progress;		/* under lock */
};

static bool interrupted;

bool sim_job_interrupted(void)
{
	return interrupted;
}

/* What unit @i's lock-order history saw, kept for the cycle search. */
static void save_edges(struct sim *s, struct edges *out)
{
	size_t n = sim_history_edges(s, NULL, 0);

	out->e = sim_xcalloc(n, sizeof(*out->e));
	out->n = sim_history_edges(s, out->e, n);
	assert(out->n == n);
}

static int run_unit_into(struct worker *w, size_t i, uint64_t budget,
			 bool own_history, struct sim_explore_result *res)
{
	struct pool *p = w->pool;
	const struct sim_job *job = p->job;
	struct sim_strategy_ops ops;
	void *st;
	int rc;

	if (!p->split)
		return sim_explore(w->inst.sim, job->strategy, p->st, budget,
				   res, &w->ctl);
	ops = sim_prefixed_ops(job->strategy);
	{
		struct sim_strategy_params ip = job->params;

		/* Runs again (settle(), cycle_pass()) run alone. */
		ip.share = own_history ? p->share : NULL;
		ip.share_unit = p->units[i];
		ip.budget = budget;
		st = sim_prefixed_create(job->strategy, &ip,
					 &p->split->units[p->units[i]]);
	}
	if (!st)
		return -1;
	/* Each unit is a run of its own, for the lock-order history too. */
	if (own_history)
		sim_history_forget(w->inst.sim);
	rc = sim_explore(w->inst.sim, &ops, st, budget, res, &w->ctl);
	ops.destroy(st);
	if (own_history) {
		free(p->edges[i].e);
		save_edges(w->inst.sim, &p->edges[i]);
	}
	return rc;
}

static int run_unit(struct worker *w, size_t i, uint64_t budget)
{
	return run_unit_into(w, i, budget, true, &w->pool->results[i]);
}

static bool is_cycle(const struct sim_found *f)
{
	return f->finding.kind == SIM_FINDING_LOCK_ORDER &&
	       strstr(f->finding.title, "circular");
}

/* What the units before @i that ended left of the budget: @i's at most. */
static uint64_t unit_bound(struct pool *p, size_t i)
{
	uint64_t spent = 0;

	uv_mutex_lock(&p->lock);
	for (size_t j = 0; j < i; j++)
		if (p->ended[j])
			spent += p->results[j].runs;
	uv_mutex_unlock(&p->lock);
	return spent < p->max ? p->max - spent : 0;
}

/* The worker on this thread (work sharing: a giver that waits helps). */
static _Thread_local struct worker *self;

/*
 * Run task @t of a shared search on @sim: the branch it gives, below its
 * unit's prefix, with a lock history of its own that its giver takes
 * with it.
 */
static void run_task(struct worker *w, struct sim *sim, struct sim_task *t)
{
	struct pool *p = w->pool;
	const struct sim_job *job = p->job;
	struct sim_strategy_ops ops = sim_prefixed_ops(job->strategy);
	struct sim_strategy_params ip = job->params;
	uint64_t since;
	void *st;

	ip.share = p->share;
	ip.share_unit = sim_task_unit(t);
	ip.budget = sim_task_budget(t);
	ip.task = t;
	st = sim_prefixed_create(job->strategy, &ip,
				 &p->split->units[ip.share_unit]);
	if (st) {
		sim_history_forget(sim);
		since = sim_history_executions(sim);
		/* Cut short, it is not finished: its giver throws it away. */
		if (sim_explore(sim, &ops, st, ip.budget, sim_task_result(t),
				&w->ctl))
			w->rc = -1;
		ops.destroy(st);
		sim_task_set_log(t, sim_history_log(sim, since));
	} else {
		w->rc = -1;
	}
	sim_share_finish(p->share, t);
}

static bool can_help(void *ctx)
{
	(void)ctx;
	return self && self->depth < SHARE_DEPTH && self->spare[self->depth].sim;
}

static void help(void *ctx, struct sim_task *t)
{
	struct worker *w = self;

	(void)ctx;
	w->depth++;
	run_task(w, w->spare[w->depth - 1].sim, t);
	w->depth--;
}

/* The next unit to run, or nr_units; once none is left or running: over. */
static size_t claim_unit(struct worker *w, size_t done)
{
	struct pool *p = w->pool;
	size_t i;

	uv_mutex_lock(&p->lock);
	if (done < p->nr_units)
		p->in_progress--;
	i = atomic_load(&w->ctl.stop) ? p->nr_units : atomic_fetch_add(&p->next, 1);
	if (i < p->nr_units)
		p->in_progress++;
	else if (!p->in_progress && p->share)
		sim_share_over(p->share);
	uv_mutex_unlock(&p->lock);
	return i < p->nr_units ? i : p->nr_units;
}

static void work_cb(uv_work_t *uw)
{
	struct worker *w = uw->data;
	struct pool *p = w->pool;
	size_t i = p->nr_units;

	self = w;
	for (;;) {
		uint64_t bound;

		i = claim_unit(w, i);
		if (i >= p->nr_units)
			break;
		bound = p->split ? unit_bound(p, i) : p->max;
		atomic_store(&w->ctl.executions, 0);
		/* Nothing left for it: it ends unrun, not finished. */
		if (bound && run_unit(w, i, bound)) {
			w->rc = -1;
			/* Out of memory: it stops, and claim_unit() counts it out. */
			atomic_store(&w->ctl.stop, true);
			continue;
		}
		uv_mutex_lock(&p->lock);
		p->ended[i] = true;
		uv_mutex_unlock(&p->lock);
		atomic_fetch_add(&w->done, p->results[i].executions);
		atomic_store(&w->ctl.executions, 0);
	}
	/* No unit left: it takes branches of the others' until all are over. */
	if (p->share) {
		struct sim_task *t;

		while ((t = sim_share_take(p->share))) {
			atomic_store(&w->ctl.executions, 0);
			run_task(w, w->inst.sim, t);
			atomic_store(&w->ctl.executions, 0);
		}
	}
}

static void after_work_cb(uv_work_t *uw, int status)
{
	struct worker *w = uw->data;
	struct pool *p = w->pool;

	(void)status;
	if (--p->running)
		return;
	if (p->job->progress_end)
		p->job->progress_end(p->job->progress_ctx);
	uv_close((uv_handle_t *)&p->timer, NULL);
	uv_close((uv_handle_t *)&p->sigint, NULL);
	uv_close((uv_handle_t *)&p->sigterm, NULL);
}

static void tick_cb(uv_timer_t *t)
{
	struct pool *p = t->data;
	struct sim_progress pr = { 0 };
	size_t started = atomic_load(&p->next);

	for (unsigned i = 0; i < p->nr_workers; i++) {
		pr.executions += atomic_load(&p->workers[i].done) +
				 atomic_load(&p->workers[i].ctl.executions);
		pr.findings += atomic_load(&p->workers[i].ctl.findings);
	}
	if (!p->split)
		pr.fraction = atomic_load(&p->workers[0].ctl.progress_ppm) / 1e6;
	if (p->split) {
		pr.nr_units = p->nr_units;
		pr.unit = started < p->nr_units ? started : p->nr_units;
	}
	pr.seconds = (double)(uv_hrtime() - p->t0) / 1e9;
	p->job->progress(p->job->progress_ctx, &pr);
}

static void sigint_cb(uv_signal_t *h, int signum)
{
	struct pool *p = h->data;

	(void)signum;
	for (unsigned i = 0; i < p->nr_workers; i++)
		atomic_store(&p->workers[i].ctl.stop, true);
	interrupted = true;
	/* An execution stuck in invisible code is given up at once. */
	sim_interrupt();
}

/*
 * Each unit keeps its own lock-order history, so a cycle whose edges were
 * seen in different units is no unit's finding. Say so, rather than let
 * the split search see less than one search would.
 */
static char *cross_unit_cycle(const struct pool *p,
			      const struct sim_explore_result *res)
{
	const char **cycle;
	struct sim_lock_edge *all;
	size_t nr = 0, len = 0;
	char *note = NULL;
	int n;

	if (!p->split)
		return NULL;
	/* A unit reported a cycle: its execution stopped before recording it. */
	for (int i = 0; i < res->nr_found; i++)
		if (is_cycle(&res->found[i]))
			return NULL;
	for (size_t u = 0; u < p->nr_units; u++) {
		nr += p->edges[u].n;
		/* A unit that saw a cycle whole has it as its finding. */
		if (sim_lock_edges_cycle(p->edges[u].e, p->edges[u].n, NULL, 0))
			return NULL;
	}
	all = sim_xcalloc(nr, sizeof(*all));
	/* A unit the budget or Ctrl-C left unrun saw no edge (and has none). */
	for (size_t u = 0; u < p->nr_units; u++) {
		if (!p->edges[u].n)
			continue;
		memcpy(all + len, p->edges[u].e, p->edges[u].n * sizeof(*all));
		len += p->edges[u].n;
	}
	cycle = sim_xcalloc(nr + 1, sizeof(*cycle));
	n = sim_lock_edges_cycle(all, nr, cycle, (int)nr + 1);
	assert(n <= (int)nr + 1);
	if (n > 0) {
		size_t size = 256;

		for (int i = 0; i < n; i++)
			size += strlen(cycle[i]) + 4;
		size += strlen(cycle[0]);
		note = sim_xmalloc(size);
		strcpy(note, "the lock dependencies of different units close a cycle (");
		for (int i = 0; i < n; i++) {
			strcat(note, cycle[i]);
			strcat(note, " -> ");
		}
		strcat(note, cycle[0]);
		strcat(note, "), which no unit saw whole, and the units run again "
		       "in one history did not report it");
		assert(strlen(note) < size);
	}
	free(cycle);
	free(all);
	return note;
}

static void merge(struct pool *p, struct sim_explore_result *res)
{
	bool all = true;

	memset(res, 0, sizeof(*res));
	for (size_t i = 0; i < p->nr_units; i++) {
		/* A unit not run (Ctrl-C, or the budget was spent) did not end. */
		all &= p->results[i].finished;
		sim_explore_add(res, &p->results[i]);
	}
	/* The prefix tree is every shard's: its blocked ones count once. */
	if (p->split && p->job->shard == 0)
		res->abandoned += p->split->blocked;
	res->interrupted |= interrupted;
	res->finished = all;
	res->complete = all && p->job->strategy->exhaustive;
}

/*
 * --coverage: the lock pairs the search took (held -> taken), each once:
 * the units' histories, or the one search's.
 */
static void lock_pairs(struct pool *p, struct sim_lock_edge **out, size_t *nr)
{
	struct edges one = { 0 };
	size_t units = p->split ? p->nr_units : 1;

	*out = NULL;
	*nr = 0;
	if (!p->split)
		save_edges(p->workers[0].inst.sim, &one);
	for (size_t u = 0; u < units; u++) {
		const struct edges *e = p->split ? &p->edges[u] : &one;

		for (size_t i = 0; i < e->n; i++) {
			size_t k;

			for (k = 0; k < *nr; k++)
				if (!strcmp((*out)[k].from, e->e[i].from) &&
				    !strcmp((*out)[k].to, e->e[i].to))
					break;
			if (k < *nr)
				continue;
			*out = sim_xreallocarray(*out, *nr + 1, sizeof(**out));
			(*out)[(*nr)++] = e->e[i];
		}
	}
	free(one.e);
}

/*
 * A lock-order cycle whose edges different units saw: run the units again,
 * one after another in their order and each with its share, on one
 * instance whose history goes on from unit to unit, as one search would
 * have; the first execution that closes the cycle reports it with its
 * trace. Deterministic, and only paid when such a cycle exists.
 * Return: 1 when the cycle was reported into @res, 0 when not, -1 on OOM.
 */
static int cycle_pass(struct pool *p, struct sim_explore_result *res)
{
	struct worker *w = &p->workers[0];
	int found = 0;

	sim_history_forget(w->inst.sim);
	for (size_t i = 0; i < p->nr_units && !found; i++) {
		struct sim_explore_result r, keep = { 0 };
		uint64_t offset = res->executions;

		if (!p->runs[i])
			continue;
		if (run_unit_into(w, i, p->runs[i], false, &r)) {
			sim_explore_result_free(&r);
			return -1;
		}
		/* Keep the cycle only: the rest was counted by the first pass. */
		for (int k = 0; k < r.nr_found; k++) {
			if (!is_cycle(&r.found[k]))
				continue;
			keep.found = sim_xreallocarray(keep.found,
						       (size_t)keep.nr_found + 1,
						       sizeof(*keep.found));
			keep.found[keep.nr_found++] = r.found[k];
			memset(&r.found[k], 0, sizeof(r.found[k]));
			found = 1;
		}
		sim_explore_result_free(&r);
		sim_explore_merge_found(res, &keep, offset);
	}
	return found;
}

/*
 * Give each unit exactly its share of the budget: what the units before it
 * left. A unit that ran past its share (its bound was larger while units
 * before it were still running) runs again under the share: the first N
 * executions of a unit are the same whatever its budget, so the result is
 * what one worker would have had. At most one unit overruns (the one where
 * the budget runs out); the ones after it get nothing.
 */
static int settle(struct pool *p)
{
	uint64_t left = p->max;

	for (size_t i = 0; i < p->nr_units; i++) {
		struct sim_explore_result *r = &p->results[i];

		if (p->split && !interrupted && r->runs > left) {
			struct worker *w = &p->workers[0];

			sim_explore_result_free(r);
			memset(r, 0, sizeof(*r));
			free(p->edges[i].e);
			memset(&p->edges[i], 0, sizeof(p->edges[i]));
			if (left && run_unit(w, i, left))
				return -1;
		}
		p->runs[i] = r->runs;
		left -= r->runs < left ? r->runs : left;
	}
	return 0;
}

static int drive(struct pool *p)
{
	const struct sim_job *job = p->job;
	int rc = 0;

	uv_loop_init(&p->loop);
	p->timer.data = p->sigint.data = p->sigterm.data = p;
	uv_timer_init(&p->loop, &p->timer);
	uv_signal_init(&p->loop, &p->sigint);
	uv_signal_start(&p->sigint, sigint_cb, SIGINT);
	uv_signal_init(&p->loop, &p->sigterm);
	uv_signal_start(&p->sigterm, sigint_cb, SIGTERM);
	if (job->progress)
		uv_timer_start(&p->timer, tick_cb, 250, 250);
	p->t0 = uv_hrtime();
	p->running = p->nr_workers;
	for (unsigned i = 0; i < p->nr_workers; i++) {
		struct worker *w = &p->workers[i];

		w->pool = p;
		w->work.data = w;
		w->ctl.shrink = job->shrink;
		w->ctl.svg_title = job->svg_title;
		w->ctl.show = job->show;
		uv_queue_work(&p->loop, &w->work, work_cb, after_work_cb);
	}
	uv_run(&p->loop, UV_RUN_DEFAULT);
	uv_loop_close(&p->loop);
	for (unsigned i = 0; i < p->nr_workers; i++)
		rc |= p->workers[i].rc;
	return rc;
}

/*
 * Decide the shape of the search: split into units whenever the strategy
 * allows it (not for --show, whose N-th execution is one search's), with
 * any number of workers, so that the units and their shares of a budget
 * are the same for every --jobs. dpor's units are frozen where its own
 * search would branch, so splitting costs it no execution.
 */
static int shape(struct pool *p, struct sim_split *split, struct sim *first,
		char *err, size_t errlen)
{
	const struct sim_job *job = p->job;
	unsigned shards = job->shards ? job->shards : 1;
	size_t nr;

	p->nr_workers = 1;
	if (job->show && shards > 1) {
		snprintf(err, errlen, "sim run: --show runs one search: it cannot be sharded");
		return -1;
	}
	/*
	 * Split whatever the number of workers: the units, and the budget's
	 * shares of them, are then the same for --jobs 1 and --jobs N.
	 */
	if (!job->show && sim_splittable(job->strategy)) {
		if (sim_split(first, job->strategy, &job->params, SIM_SPLIT_UNITS,
			      split)) {
			snprintf(err, errlen, "itsim: out of memory splitting the search");
			return -1;
		}
		p->split = split;
		p->nr_workers = job->jobs ? job->jobs : 1;
	} else if (shards > 1) {
		snprintf(err, errlen, "sim run: --shard needs a strategy that can be "
			 "split (dfs, sleepset, dpor, bounded), not %s",
			 job->strategy->name);
		return -1;
	}
	nr = p->split ? split->nr : 1;
	p->units = sim_xcalloc(nr, sizeof(*p->units));
	p->ended = sim_xcalloc(nr, sizeof(*p->ended));
	p->runs = sim_xcalloc(nr, sizeof(*p->runs));
	p->results = sim_xcalloc(nr, sizeof(*p->results));
	p->edges = sim_xcalloc(nr, sizeof(*p->edges));
	/* Shard I of N: units I, I + N, I + 2N, ... (counted from 0). */
	for (size_t u = job->shard; u < nr; u += shards)
		p->units[p->nr_units++] = u;
	/*
	 * More workers than units: dpor's are given branches of the units'
	 * searches as they run (<explore/share.h>); the others' would idle.
	 */
	if (p->split && p->nr_workers > 1 && job->strategy->committed)
		p->share = sim_share_new();
	else if (p->nr_workers > p->nr_units && p->nr_units > 0)
		p->nr_workers = (unsigned)p->nr_units;
	p->workers = sim_xcalloc(p->nr_workers, sizeof(*p->workers));
	return 0;
}

static void teardown(struct pool *p, size_t nr, struct sim_instance *first)
{
	for (unsigned i = 1; p->workers && i < p->nr_workers; i++)
		if (p->workers[i].inst.sim)
			p->job->factory.destroy(p->job->factory.ctx,
						&p->workers[i].inst);
	for (unsigned i = 0; p->workers && i < p->nr_workers; i++)
		for (int k = 0; k < SHARE_DEPTH; k++)
			if (p->workers[i].spare[k].sim)
				p->job->factory.destroy(p->job->factory.ctx,
							&p->workers[i].spare[k]);
	for (size_t i = 0; p->results && i < nr; i++) {
		sim_explore_result_free(&p->results[i]);
		free(p->edges[i].e);
	}
	free(p->results);
	free(p->edges);
	free(p->units);
	free(p->ended);
	free(p->runs);
	free(p->workers);
	sim_share_free(p->share);
	if (p->st)
		p->job->strategy->destroy(p->st);
	if (first->sim)
		p->job->factory.destroy(p->job->factory.ctx, first);
}

/* Every instance runs the search's fault plan. */
static void set_plan(const struct sim_job *job, struct sim *s,
		     const struct sim_fault *faults, int n)
{
	sim_set_faults(s, faults, n, job->faults > n || job->coverage,
		       job->fault_funcs,
		       job->nr_fault_funcs);
	sim_cover_enable(s, job->coverage);
}

/* One search: the job's, under fault plan @plan (@n failures). */
static int run_search(const struct sim_job *job, const struct sim_fault *faults,
		      int n, struct sim_job_result *out, char *err,
		      size_t errlen)
{
	struct pool p = { .job = job };
	struct sim_split split = { 0 };
	struct sim_instance first = { 0 };
	int rc = -1;

	memset(out, 0, sizeof(*out));
	err[0] = '\0';
	if (job->factory.create(job->factory.ctx, &first, err, errlen))
		goto out;
	set_plan(job, first.sim, faults, n);
	/* A replay follows its trace; everything else must be repeatable. */
	if (!job->strategy->replays &&
	    sim_check_determinism(first.sim, err, errlen))
		goto out;
	if (shape(&p, &split, first.sim, err, errlen))
		goto out;
	out->units = p.split ? split.nr : 1;
	out->units_run = p.nr_units;
	/* Without a split, one search with one strategy state. */
	if (!p.split) {
		p.st = job->strategy->create(&job->params);
		if (!p.st) {
			snprintf(err, errlen, "itsim: out of memory");
			goto out;
		}
	}
	p.workers[0].inst = first;
	for (unsigned i = 1; i < p.nr_workers; i++) {
		if (job->factory.create(job->factory.ctx, &p.workers[i].inst, err,
					errlen))
			goto out;
		set_plan(job, p.workers[i].inst.sim, faults, n);
	}
	for (unsigned i = 0; p.share && i < p.nr_workers; i++)
		for (int k = 0; k < SHARE_DEPTH; k++) {
			if (job->factory.create(job->factory.ctx,
						&p.workers[i].spare[k], err, errlen))
				goto out;
			set_plan(job, p.workers[i].spare[k].sim, faults, n);
		}
	if (p.share)
		sim_share_helpers(p.share, can_help, help, NULL);
	p.max = job->max_executions;
	uv_mutex_init(&p.lock);
	rc = drive(&p);
	if (!rc)
		rc = settle(&p);
	uv_mutex_destroy(&p.lock);
	if (rc) {
		rc = -1;
		snprintf(err, errlen, "itsim: out of memory");
		goto out;
	}
	merge(&p, &out->res);
	if (job->coverage)
		lock_pairs(&p, &out->lock_pairs, &out->nr_lock_pairs);
	out->shown = p.workers[0].ctl.shown;
	out->note = cross_unit_cycle(&p, &out->res);
	if (out->note && !interrupted) {
		int found = cycle_pass(&p, &out->res);

		if (found < 0) {
			snprintf(err, errlen, "itsim: out of memory");
			goto out;
		}
		if (found) {
			free(out->note);
			out->note = NULL;
		}
	}
	out->seconds = (double)(uv_hrtime() - p.t0) / 1e9;
	rc = 0;
out:
	teardown(&p, out->units, &first);
	sim_split_free(&split);
	return rc;
}

/* A plan to explore: failures in sim_fault_cmp() order. */
struct plan {
	struct sim_fault f[SIM_FAULTS_MAX];
	int n;
};

struct plans {
	struct plan *v;
	size_t n, cap;
};

/*
 * The plans one failure longer than @base, from the allocations its
 * search counted: each allocation after the plan's last failure in
 * sim_fault_cmp() order, so that every set of failures is one plan, met
 * once. In that order, so the search is the same every run.
 */
static int point_cmp(const void *a, const void *b)
{
	const struct sim_fault_point *x = a, *y = b;
	int c = strcmp(x->actor, y->actor);

	if (c)
		return c;
	return x->op < y->op ? -1 : x->op > y->op;
}

static void extend(struct plans *q, const struct plan *base,
		   const struct sim_fault_point *space, size_t nr_space)
{
	struct sim_fault_point *sorted;

	if (!nr_space)
		return;
	sorted = sim_xcalloc(nr_space, sizeof(*sorted));
	memcpy(sorted, space, nr_space * sizeof(*sorted));
	qsort(sorted, nr_space, sizeof(*sorted), point_cmp);
	for (size_t i = 0; i < nr_space; i++) {
		for (uint32_t nth = 1; nth <= sorted[i].allocs; nth++) {
			struct plan *np;
			struct sim_fault f = { .op = sorted[i].op, .nth = nth };

			snprintf(f.actor, sizeof(f.actor), "%s", sorted[i].actor);
			if (base->n && sim_fault_cmp(&base->f[base->n - 1], &f) >= 0)
				continue;
			if (q->n == q->cap) {
				q->cap = q->cap ? 2 * q->cap : 16;
				q->v = sim_xreallocarray(q->v, q->cap, sizeof(*q->v));
			}
			np = &q->v[q->n++];
			*np = *base;
			np->f[np->n++] = f;
		}
	}
	free(sorted);
}

/*
 * The fault plans after the fault-free search, as fail-nth is driven:
 * each allocation the executions counted fails in a search of its own,
 * up to job->faults failures per execution. Each search has the job's
 * budget: how many plans there are is known only as they are found, and
 * a sampling strategy samples each plan as much as the fault-free one.
 * The results add up as one search's would: executions, findings (the
 * shorter trace kept), completeness.
 */
static int explore_faults(const struct sim_job *job, struct sim_job_result *out,
			  char *err, size_t errlen)
{
	struct plans q = { 0 };
	struct plan none = { .n = 0 };
	int rc = 0;

	extend(&q, &none, out->res.space, out->res.nr_space);
	for (size_t i = 0; i < q.n && !interrupted; i++) {
		struct sim_job sub = *job;
		struct sim_job_result r;
		struct plan base = q.v[i];

		/* --show names the fault-free search's execution. */
		sub.show = 0;
		rc = run_search(&sub, base.f, base.n, &r, err, errlen);
		if (rc)
			break;
		out->plans++;
		out->fault_executions += r.res.executions;
		if (base.n < job->faults)
			extend(&q, &base, r.res.space, r.res.nr_space);
		out->res.finished &= r.res.finished;
		out->res.complete &= r.res.complete;
		sim_explore_add(&out->res, &r.res);
		for (size_t k = 0; k < r.nr_lock_pairs; k++) {
			out->lock_pairs = sim_xreallocarray(out->lock_pairs,
							    out->nr_lock_pairs + 1,
							    sizeof(*out->lock_pairs));
			out->lock_pairs[out->nr_lock_pairs++] = r.lock_pairs[k];
		}
		if (r.note && !out->note) {
			out->note = r.note;
			r.note = NULL;
		}
		out->seconds += r.seconds;
		sim_job_result_free(&r);
	}
	/* Ctrl-C before every plan ran: the search did not end. */
	if (interrupted) {
		out->res.interrupted = true;
		out->res.finished = out->res.complete = false;
	}
	free(q.v);
	return rc;
}

int sim_job_run(const struct sim_job *job, struct sim_job_result *out,
		char *err, size_t errlen)
{
	int rc;

	/*
	 * The plans come from what the whole fault-free search counted: a
	 * shard sees only its units of it, and shards would explore
	 * different plans.
	 */
	if (job->faults > 0 && job->shards > 1) {
		memset(out, 0, sizeof(*out));
		snprintf(err, errlen, "sim run: --shard cannot split a search with "
			 "fault injection (--faults): its fault plans come from the "
			 "whole fault-free search");
		return -1;
	}
	rc = run_search(job, job->plan, job->nr_plan, out, err, errlen);
	if (rc || job->faults <= 0 || job->nr_plan || job->strategy->replays ||
	    out->res.interrupted)
		return rc;
	return explore_faults(job, out, err, errlen);
}

void sim_job_result_free(struct sim_job_result *out)
{
	free(out->lock_pairs);
	out->lock_pairs = NULL;
	out->nr_lock_pairs = 0;
	free(out->shown);
	out->shown = NULL;
	sim_explore_result_free(&out->res);
	free(out->note);
	out->note = NULL;
}
