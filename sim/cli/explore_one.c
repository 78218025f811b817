/* SPDX-License-Identifier: MIT */
/* Exploring one scenario under one variant: engine, program, strategy. */
#include "cli.h"

#include <errno.h>
#include <stdatomic.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <uv.h>

#include "../kvm/model.h"
#include "../scenario/names.h"
#include "../scenario/program.h"

#include <sim/split.h>

const struct scenario_names *cli_names(void)
{
	return scenario_registry_names();
}

static int abandon(void *ctx, const struct sim *s, const int *cands, int n)
{
	(void)ctx;
	(void)s;
	(void)cands;
	(void)n;
	return -1;
}

/*
 * The exploration runs on libuv's thread pool while this thread runs the
 * loop: a timer draws the progress line, a signal handler turns Ctrl-C
 * into a request to stop at the next execution boundary.
 *
 * A split search (<sim/split.h>) is a list of units; each worker owns an
 * engine and a program of its own and takes the next unit until none is
 * left. The results are merged in unit order, so the outcome does not
 * depend on how many workers ran or which ran what.
 */
struct pool;

struct worker {
	uv_work_t work;
	struct pool *pool;
	struct sim *sim;		/* the first worker's: the caller's */
	struct sim_explore_ctl ctl;	/* of the unit it runs now */
	_Atomic uint64_t done;		/* executions of its finished units */
	int rc;
};

#define MAX_EDGES 256

struct edges {
	struct sim_lock_edge e[MAX_EDGES];
	size_t n;
};

struct pool {
	uv_loop_t loop;
	uv_timer_t timer;
	uv_signal_t sigint;
	const struct cli_job *job;
	const struct sim_split *split;	/* NULL: one search, not split */
	size_t *units;			/* the indices this run explores */
	size_t nr_units;
	_Atomic size_t next;
	_Atomic uint64_t budget;	/* executions left */
	struct sim_explore_result *results;	/* per entry of units */
	struct edges *edges;			/* per entry of units */
	struct worker *workers;
	unsigned nr_workers, running;
	void *st;			/* not split: the strategy's state */
	const char *svg_title;
	uint64_t t0;
	bool progress_shown;
};

static bool interrupted;

static int run_unit(struct worker *w, size_t i)
{
	struct pool *p = w->pool;
	const struct cli_job *job = p->job;
	struct sim_explore_result *res = &p->results[i];
	struct sim_strategy_ops ops;
	void *st;
	int rc;

	if (!p->split)
		return sim_explore(w->sim, job->strategy, p->st, UINT64_MAX, res,
				   &w->ctl);
	ops = sim_prefixed_ops(job->strategy);
	st = sim_prefixed_create(job->strategy, &job->params,
				 &p->split->units[p->units[i]]);
	if (!st)
		return -1;
	/* Each unit is a run of its own, for the lock-order history too. */
	sim_history_forget(w->sim);
	rc = sim_explore(w->sim, &ops, st, UINT64_MAX, res, &w->ctl);
	ops.destroy(st);
	p->edges[i].n = sim_history_edges(w->sim, p->edges[i].e, MAX_EDGES);
	if (p->edges[i].n > MAX_EDGES)
		p->edges[i].n = MAX_EDGES;
	return rc;
}

static void work_cb(uv_work_t *uw)
{
	struct worker *w = uw->data;
	struct pool *p = w->pool;

	for (;;) {
		size_t i = atomic_fetch_add(&p->next, 1);

		if (i >= p->nr_units || atomic_load(&w->ctl.stop) ||
		    atomic_load(&p->budget) == 0)
			break;
		atomic_store(&w->ctl.executions, 0);
		if (run_unit(w, i)) {
			w->rc = -1;
			break;
		}
		atomic_fetch_add(&w->done, p->results[i].executions);
		atomic_store(&w->ctl.executions, 0);
	}
}

static void clear_progress(struct pool *p)
{
	if (p->progress_shown)
		fputs("\r\033[K", stderr);
	p->progress_shown = false;
}

static void after_work_cb(uv_work_t *uw, int status)
{
	struct worker *w = uw->data;
	struct pool *p = w->pool;

	(void)status;
	if (--p->running)
		return;
	clear_progress(p);
	uv_close((uv_handle_t *)&p->timer, NULL);
	uv_close((uv_handle_t *)&p->sigint, NULL);
}

/* Wall-clock rates are shown live only; they never reach a report. */
static void tick_cb(uv_timer_t *t)
{
	struct pool *p = t->data;
	uint64_t n = 0, found = 0, ppm = 0;
	size_t units = atomic_load(&p->next);
	double secs = (double)(uv_hrtime() - p->t0) / 1e9;

	for (unsigned i = 0; i < p->nr_workers; i++) {
		n += atomic_load(&p->workers[i].done) +
		     atomic_load(&p->workers[i].ctl.executions);
		found += atomic_load(&p->workers[i].ctl.findings);
	}
	if (!p->split)
		ppm = atomic_load(&p->workers[0].ctl.progress_ppm);
	fprintf(stderr, "\r\033[K%s %s: %llu executions, %.0f/s, %llu finding%s",
		p->job->scn->name, p->job->strategy->name, (unsigned long long)n,
		secs > 0 ? n / secs : 0.0, (unsigned long long)found,
		found == 1 ? "" : "s");
	if (p->split && p->nr_units > 1)
		fprintf(stderr, ", unit %zu of %zu",
			units < p->nr_units ? units : p->nr_units, p->nr_units);
	if (ppm > 0 && p->job->strategy->exhaustive)
		fprintf(stderr, ", ~%.1f%% of ~%.0f (estimate)", ppm / 1e4,
			n / (ppm / 1e6));
	else if (!p->job->strategy->exhaustive && p->job->max_executions)
		fprintf(stderr, ", %.1f%% of the budget",
			100.0 * n / p->job->max_executions);
	p->progress_shown = true;
}

static void sigint_cb(uv_signal_t *h, int signum)
{
	struct pool *p = h->data;

	(void)signum;
	for (unsigned i = 0; i < p->nr_workers; i++)
		atomic_store(&p->workers[i].ctl.stop, true);
	interrupted = true;
}

bool cli_interrupted(void)
{
	return interrupted;
}

/* Move @from's findings into @to, as one search would have kept them. */
static int merge_found(struct sim_explore_result *to, struct sim_explore_result *from,
		       uint64_t offset)
{
	for (int i = 0; i < from->nr_found; i++) {
		struct sim_found *f = &from->found[i], *t = NULL;

		f->execution += offset;
		for (int k = 0; k < to->nr_found; k++)
			if (strcmp(to->found[k].key, f->key) == 0)
				t = &to->found[k];
		if (!t) {
			t = realloc(to->found, (size_t)(to->nr_found + 1) * sizeof(*t));
			if (!t)
				return -1;
			to->found = t;
			to->found[to->nr_found++] = *f;
			memset(f, 0, sizeof(*f));
			continue;
		}
		t->hits += f->hits;
		if (f->label >= 0 && (t->label < 0 || f->label < t->label))
			t->label = f->label;
		/* The shortest schedule; among equals, the first found. */
		if (f->schedule_len < t->schedule_len) {
			uint64_t hits = t->hits;
			int label = t->label;
			struct sim_found old = *t;

			*t = *f;
			t->hits = hits;
			t->label = label;
			memset(f, 0, sizeof(*f));
			*f = old;
		}
	}
	sim_explore_result_free(from);
	return 0;
}

/* Class names as small integers, for the cycle search. */
static int name_id(const char **names, int *n, const char *name)
{
	for (int i = 0; i < *n; i++)
		if (strcmp(names[i], name) == 0)
			return i;
	if (*n >= 128)
		return -1;
	names[*n] = name;
	return (*n)++;
}

/* Depth-first search for a cycle through @v; @path collects it. */
static bool cycle_from(bool (*adj)[128], int n, int v, int *color, int *path,
		       int *len)
{
	color[v] = 1;
	path[(*len)++] = v;
	for (int w = 0; w < n; w++) {
		if (!adj[v][w])
			continue;
		if (color[w] == 1) {
			/* Keep only the cycle: from w on. */
			int k = 0;

			while (path[k] != w)
				k++;
			memmove(path, path + k, (size_t)(*len - k) * sizeof(*path));
			*len -= k;
			return true;
		}
		if (color[w] == 0 && cycle_from(adj, n, w, color, path, len))
			return true;
	}
	color[v] = 2;
	(*len)--;
	return false;
}

static bool has_cycle(const struct edges *sets, size_t nr, const char **names,
		      int *nn, int *path, int *len)
{
	static _Thread_local bool adj[128][128];
	int color[128] = { 0 };

	memset(adj, 0, sizeof(adj));
	for (size_t u = 0; u < nr; u++)
		for (size_t i = 0; i < sets[u].n; i++) {
			int a = name_id(names, nn, sets[u].e[i].from);
			int b = name_id(names, nn, sets[u].e[i].to);

			if (a >= 0 && b >= 0)
				adj[a][b] = true;
		}
	*len = 0;
	for (int v = 0; v < *nn; v++)
		if (color[v] == 0 && cycle_from(adj, *nn, v, color, path, len))
			return true;
	return false;
}

/*
 * Each unit keeps its own lock-order history, so a cycle whose edges were
 * seen in different units is no unit's finding. Say so, rather than let
 * the split search see less than one search would.
 */
static void cross_unit_cycles(struct pool *p, const struct sim_explore_result *res,
			      char *note, size_t len)
{
	const char *names[128];
	int nn = 0, path[128], plen;

	if (!p->split || !has_cycle(p->edges, p->nr_units, names, &nn, path, &plen))
		return;
	/* A unit reported a cycle: its execution stopped before recording it. */
	for (int i = 0; i < res->nr_found; i++)
		if (strstr(res->found[i].finding.title, "circular"))
			return;
	for (size_t u = 0; u < p->nr_units; u++) {
		const char *un[128];
		int un_n = 0, upath[128], ulen;

		if (has_cycle(&p->edges[u], 1, un, &un_n, upath, &ulen))
			return;	/* a unit saw a cycle whole: its finding */
	}
	snprintf(note, len, "the lock dependencies of different units close a "
		 "cycle (");
	for (int i = 0; i < plen; i++) {
		strncat(note, names[path[i]], len - strlen(note) - 1);
		strncat(note, " -> ", len - strlen(note) - 1);
	}
	strncat(note, names[path[0]], len - strlen(note) - 1);
	strncat(note, "), which no unit saw whole: run with --jobs 1 for its "
		"report and trace", len - strlen(note) - 1);
}

static int merge(struct pool *p, struct sim_explore_result *res)
{
	bool all = true;

	memset(res, 0, sizeof(*res));
	for (size_t i = 0; i < p->nr_units; i++) {
		struct sim_explore_result *r = &p->results[i];
		uint64_t offset = res->executions;

		/* A unit not run (Ctrl-C, or the budget was spent) did not end. */
		all &= r->finished;
		res->interrupted |= r->interrupted;
		res->executions += r->executions;
		res->abandoned += r->abandoned;
		res->repeated += r->repeated;
		res->steps += r->steps;
		if (merge_found(res, r, offset))
			return -1;
	}
	/* The prefix tree is every shard's: its blocked ones count once. */
	if (p->split && p->job->shard == 0)
		res->abandoned += p->split->blocked;
	res->interrupted |= interrupted;
	res->finished = all;
	res->complete = all && p->job->strategy->exhaustive;
	return 0;
}

static int drive(struct pool *p, bool progress)
{
	char title[160];
	int rc = 0;

	uv_loop_init(&p->loop);
	p->timer.data = p->sigint.data = p;
	uv_timer_init(&p->loop, &p->timer);
	uv_signal_init(&p->loop, &p->sigint);
	uv_signal_start(&p->sigint, sigint_cb, SIGINT);
	if (progress)
		uv_timer_start(&p->timer, tick_cb, 250, 250);
	if (p->job->svg)
		snprintf(title, sizeof(title), "scenario %s, variant %s",
			 p->job->scn->name, model_variant_name(p->job->variant));
	p->t0 = uv_hrtime();
	p->running = p->nr_workers;
	for (unsigned i = 0; i < p->nr_workers; i++) {
		struct worker *w = &p->workers[i];

		w->pool = p;
		w->work.data = w;
		/* Shrink each finding's trace, except when replaying one. */
		w->ctl.shrink = p->job->strategy != &sim_strategy_replay;
		w->ctl.svg_title = p->job->svg ? title : NULL;
		w->ctl.budget = &p->budget;
		uv_queue_work(&p->loop, &w->work, work_cb, after_work_cb);
	}
	uv_run(&p->loop, UV_RUN_DEFAULT);
	uv_loop_close(&p->loop);
	for (unsigned i = 0; i < p->nr_workers; i++)
		rc |= p->workers[i].rc;
	return rc;
}

/* Engines for the workers after the first, each with its own program. */
static int make_workers(struct pool *p, struct sim *s,
			struct scn_program **progs, char *err, size_t errlen)
{
	p->workers[0].sim = s;
	for (unsigned i = 1; i < p->nr_workers; i++) {
		struct sim_config cfg;

		progs[i] = scn_program_create(p->job->scn, p->job->variant, err, errlen);
		if (!progs[i])
			return -1;
		scn_program_config(progs[i], p->job->params.max_steps, &cfg);
		p->workers[i].sim = sim_create(&cfg, scn_program_hooks(progs[i]));
		if (!p->workers[i].sim)
			return -1;
	}
	return 0;
}

/*
 * Split the search when the strategy allows it, explore this run's units
 * (all, or its shard's) with the workers, merge. Return: 0, -1 out of
 * memory, -2 an error in @err.
 */
static int run(const struct cli_job *job, struct sim *s, void *st,
	       struct cli_outcome *out, char *err, size_t errlen)
{
	struct pool p = { .job = job, .st = st };
	struct sim_split split = { 0 };
	struct scn_program **progs = NULL;
	unsigned shards = job->shards ? job->shards : 1;
	int rc = -1;

	p.nr_workers = 1;
	/*
	 * Split only for more than one worker or shard: one search alone is
	 * what dpor is optimal for (no execution abandoned), and the units'
	 * sleep-set tree above them is not.
	 */
	if (sim_splittable(job->strategy) && (job->jobs > 1 || shards > 1)) {
		if (sim_split(s, job->strategy, &job->params, CLI_SPLIT_UNITS, &split))
			return -1;
		p.split = &split;
		p.nr_workers = job->jobs ? job->jobs : 1;
	} else if (shards > 1) {
		snprintf(err, errlen, "sim run: --shard needs a strategy that can be "
			 "split (dfs, sleepset, dpor, bounded), not %s",
			 job->strategy->name);
		return -2;
	}
	out->units = p.split ? split.nr : 1;
	p.units = calloc(out->units, sizeof(*p.units));
	p.results = calloc(out->units, sizeof(*p.results));
	p.edges = calloc(out->units, sizeof(*p.edges));
	p.workers = calloc(p.nr_workers, sizeof(*p.workers));
	progs = calloc(p.nr_workers, sizeof(*progs));
	if (!p.units || !p.results || !p.edges || !p.workers || !progs)
		goto out;
	/* Shard I of N: units I, I + N, I + 2N, ... (counted from 0). */
	for (size_t u = job->shard; u < out->units; u += shards)
		p.units[p.nr_units++] = u;
	out->units_run = p.nr_units;
	if (p.nr_workers > p.nr_units && p.nr_units > 0)
		p.nr_workers = (unsigned)p.nr_units;
	atomic_store(&p.budget, job->max_executions);
	err[0] = '\0';
	if (make_workers(&p, s, progs, err, errlen)) {
		rc = err[0] ? -2 : -1;
		goto out;
	}
	/* Without a split the explored state was made by the caller. */
	if (drive(&p, job->progress && isatty(STDERR_FILENO)) == 0 &&
	    merge(&p, &out->res) == 0) {
		cross_unit_cycles(&p, &out->res, out->note, sizeof(out->note));
		rc = 0;
	}
	out->seconds = (double)(uv_hrtime() - p.t0) / 1e9;
	/* A shard's search is its part: complete when its units all ended. */
out:
	for (unsigned i = 1; p.workers && i < p.nr_workers; i++) {
		sim_destroy(p.workers[i].sim);
		scn_program_free(progs[i]);
	}
	for (size_t i = 0; p.results && i < out->units; i++)
		sim_explore_result_free(&p.results[i]);
	free(p.results);
	free(p.edges);
	free(p.units);
	free(p.workers);
	free(progs);
	sim_split_free(&split);
	return rc;
}

int cli_explore(const struct cli_job *job, struct cli_outcome *out)
{
	struct scn_program *prog;
	struct sim_config cfg;
	struct sim *s;
	char err[256];
	void *st;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	prog = scn_program_create(job->scn, job->variant, err, sizeof(err));
	if (!prog) {
		fprintf(stderr, "%s\n", err);
		return CLI_EXIT_BAD_INPUT;
	}
	out->nr_locks = scn_program_nr_locks(prog);
	for (int i = 0; i < out->nr_locks; i++) {
		out->lock_keys[i] = scn_program_lock_key(prog, i);
		out->lock_impls[i] = scn_program_lock_impl(prog, i);
	}
	scn_program_config(prog, job->params.max_steps, &cfg);
	s = sim_create(&cfg, scn_program_hooks(prog));
	st = job->strategy->create(&job->params);
	if (!s || !st) {
		fprintf(stderr, "itsim: out of memory\n");
		rc = CLI_EXIT_BAD_INPUT;
		goto out;
	}
	/* Build the initial state once first: a VM the model refuses is bad input. */
	{
		struct sim_chooser stop = { .ctx = NULL, .choose = abandon };

		sim_execute(s, &stop);
		if (scn_program_setup_error(prog)) {
			fprintf(stderr, "%s\n", scn_program_setup_error(prog));
			rc = CLI_EXIT_BAD_INPUT;
			goto out;
		}
	}
	rc = run(job, s, st, out, err, sizeof(err));
	if (rc == -2) {
		fprintf(stderr, "%s\n", err);
		rc = CLI_EXIT_BAD_INPUT;
	} else if (rc) {
		fprintf(stderr, "itsim: out of memory\n");
		rc = CLI_EXIT_BAD_INPUT;
	}
out:
	if (st)
		job->strategy->destroy(st);
	sim_destroy(s);
	scn_program_free(prog);
	return rc;
}

void cli_outcome_free(struct cli_outcome *out)
{
	sim_explore_result_free(&out->res);
}

void cli_print_header(FILE *f, const struct cli_job *job,
		      const struct cli_outcome *out)
{
	fprintf(f, "itsim: scenario %s (sha256 %.12s), variant %s, locks ",
		job->scn->name, job->scn->sha256, model_variant_name(job->variant));
	if (out->nr_locks == 0)
		fprintf(f, "default");
	for (int i = 0; i < out->nr_locks; i++)
		fprintf(f, "%s%s=%s", i ? "," : "", out->lock_keys[i],
			out->lock_impls[i]);
	fprintf(f, ", strategy %s", job->strategy->name);
	if (strcmp(job->strategy->name, "replay") != 0)
		fprintf(f, ", max %llu executions",
			(unsigned long long)job->max_executions);
	fprintf(f, ", max %llu steps\n", (unsigned long long)job->params.max_steps);
}

int cli_write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (!f || fputs(text, f) < 0 || fclose(f) != 0) {
		fprintf(stderr, "%s: cannot write: %s\n", path, strerror(errno));
		if (f)
			fclose(f);
		return -1;
	}
	return 0;
}
