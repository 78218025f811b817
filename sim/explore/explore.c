/* SPDX-License-Identifier: MIT */
/* The exploration loop: executions until the strategy or the budget ends. */
#include <explore/explore.h>
#include <explore/share.h>
#include <explore/shrink.h>
#include <explore/svg.h>

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sim/alloc.h>

/* By the kernel's name: v2's own vgic_its_invalidate_all_caches() too. */
void sim_finding_key(const struct sim_finding *f, char *buf, size_t len)
{
	snprintf(buf, len, "%s@%s:%d", sim_finding_kind_name(f->kind),
		 f->site ? sim_site_func(f->site) : "-", f->site ? f->site->line : 0);
}

bool sim_found_combine(uint64_t *hits, int *label, size_t kept_steps,
		       uint64_t cand_hits, int cand_label, size_t cand_steps)
{
	*hits += cand_hits;
	if (cand_label >= 0 && (*label < 0 || cand_label < *label))
		*label = cand_label;
	if (*label < 0)
		*label = -1;
	return cand_steps < kept_steps;
}

static void free_schedule(struct sim_found *fd)
{
	for (size_t i = 0; i < fd->schedule_len; i++)
		free(fd->schedule[i]);
	free(fd->schedule);
	fd->schedule = NULL;
	fd->schedule_len = 0;
}

/* Whether the execution that just ended shows the finding @key. */
static bool shows(struct sim *s, enum sim_exec_result r, const char *key)
{
	char k[192];

	if (r != SIM_EXEC_FINDING)
		return false;
	sim_finding_key(sim_last_finding(s), k, sizeof(k));
	return strcmp(k, key) == 0;
}

/*
 * Re-run @ids (@n steps) taking each step's call trace: the execution a
 * report is rendered from. Exploring never takes them (a stack walk per
 * step); out of memory, the report goes without.
 */
static enum sim_exec_result traced_rerun(struct sim *s, struct sim_rerun *rr,
					 const int *ids, size_t n, int *pre)
{
	enum sim_exec_result r;
	bool on = sim_calltraces(s, true) == 0;

	r = sim_rerun(rr, ids, n, pre);
	if (on)
		sim_calltraces(s, false);
	return r;
}

/* Whether the execution that just ended logged @f's steps where @f says. */
static bool same_steps(struct sim *s, const struct sim_finding *f)
{
	const struct sim_finding *now = sim_last_finding(s);

	if (!now || now->nr_steps != f->nr_steps)
		return false;
	for (int i = 0; i < f->nr_steps; i++)
		if (now->steps[i].log_index != f->steps[i].log_index)
			return false;
	return true;
}

/* Re-run the schedule that just showed @fd's leak, watching its object. */
static int watch_leak(struct sim *s, struct sim_rerun *rr, struct sim_found *fd)
{
	size_t n = sim_schedule_len(s);
	int *ids = malloc((n ? n : 1) * sizeof(*ids)), pre;

	if (!ids)
		return -1;
	for (size_t i = 0; i < n; i++)
		ids[i] = sim_schedule_at(s, i);
	sim_watch_holders(s, (int)fd->finding.obj_ref - 1);
	if (shows(s, traced_rerun(s, rr, ids, n, &pre), fd->key))
		fd->finding = *sim_last_finding(s);
	sim_watch_holders(s, -1);
	free(ids);
	return 0;
}

static int keep(struct sim *s, struct sim_found *fd, const struct sim_finding *f,
		uint64_t execution, const struct sim_explore_ctl *ctl)
{
	size_t n = sim_schedule_len(s), shrunk_len = 0;
	int *ids = malloc((n ? n : 1) * sizeof(*ids)), *shrunk = NULL, pre = -1;
	struct sim_rerun *rr = sim_rerun_begin(s);
	bool counted = false, watched;
	int ret = -1;

	free(fd->report);
	free(fd->svg);
	free_schedule(fd);
	fd->report = NULL;
	fd->svg = NULL;
	fd->finding = *f;
	fd->execution = execution;
	fd->preemptions = -1;
	fd->nr_faults = sim_get_faults(s, fd->faults);
	if (!ids || !rr)
		goto out;
	for (size_t i = 0; i < n; i++)
		ids[i] = sim_schedule_at(s, i);
	if (ctl && ctl->shrink) {
		if (sim_shrink(s, ids, n, fd->key, &shrunk, &shrunk_len) != 0)
			goto out;
		/*
		 * Run the shrunk schedule once more: the report, the picture
		 * and the schedule below are all of its execution.
		 */
		counted = shows(s, traced_rerun(s, rr, shrunk, shrunk_len, &pre),
				fd->key);
		if (!counted)	/* not deterministic after all: the original */
			counted = shows(s, traced_rerun(s, rr, ids, n, &pre), fd->key);
		assert(counted);
		fd->finding = *sim_last_finding(s);
		n = sim_schedule_len(s);
	}
	/*
	 * A leak's report names the step where a structure let go of the
	 * object: found by running the kept schedule once more with a watch
	 * on it (a hook call per step, paid for kept findings only).
	 */
	watched = fd->finding.kind == SIM_FINDING_LEAK && fd->finding.obj_ref;
	if (watched && watch_leak(s, rr, fd))
		goto out;
	fd->report = sim_render_report(s, &fd->finding);
	if (ctl && ctl->svg_title) {
		fd->svg = sim_render_svg(s, &fd->finding, ctl->svg_title);
		if (!fd->svg)
			goto out;
	}
	fd->schedule = calloc(n ? n : 1, sizeof(*fd->schedule));
	if (!fd->report || !fd->schedule)
		goto out;
	for (size_t i = 0; i < n; i++) {
		fd->schedule[i] = strdup(sim_actor_name(s, sim_schedule_at(s, i)));
		if (!fd->schedule[i])
			goto out;
		fd->schedule_len = i + 1;
	}
	/*
	 * Not shrunk: one more run of the same schedule counts preemptions,
	 * and takes the call traces the report was rendered without (a
	 * leak's watched run took them). Should it not show the finding
	 * again, the report stays the one of the search's own execution.
	 */
	if (!counted) {
		counted = shows(s, traced_rerun(s, rr, ids, n, &pre), fd->key);
		/*
		 * The finding stays the search's own: its text may say what
		 * the watchdog measured, which a re-run measures anew.
		 */
		if (counted && !watched && same_steps(s, &fd->finding)) {
			char *traced = sim_render_report(s, &fd->finding);

			if (!traced)
				goto out;
			free(fd->report);
			fd->report = traced;
		}
	}
	fd->preemptions = counted ? pre : -1;
	ret = 0;
out:
	sim_rerun_end(rr);
	free(ids);
	free(shrunk);
	return ret;
}

static int record(struct sim *s, struct sim_explore_result *res,
		  const struct sim_finding *f, int label,
		  const struct sim_explore_ctl *ctl)
{
	struct sim_found *fd = NULL;
	char key[192];

	sim_finding_key(f, key, sizeof(key));
	for (int i = 0; i < res->nr_found; i++)
		if (strcmp(res->found[i].key, key) == 0)
			fd = &res->found[i];
	if (fd) {
		if (sim_found_combine(&fd->hits, &fd->label, fd->schedule_len,
				      1, label, sim_schedule_len(s)))
			return keep(s, fd, f, res->executions, ctl);
		return 0;
	}
	fd = realloc(res->found, (res->nr_found + 1) * sizeof(*fd));
	if (!fd)
		return -1;
	res->found = fd;
	fd = &res->found[res->nr_found++];
	memset(fd, 0, sizeof(*fd));
	snprintf(fd->key, sizeof(fd->key), "%s", key);
	fd->hits = 1;
	fd->label = label;
	return keep(s, fd, f, res->executions, ctl);
}

static void report_progress(struct sim_explore_ctl *ctl,
			    const struct sim_strategy_ops *ops, void *st,
			    const struct sim_explore_result *res)
{
	atomic_store_explicit(&ctl->executions, res->executions, memory_order_relaxed);
	atomic_store_explicit(&ctl->findings, (uint64_t)res->nr_found,
			      memory_order_relaxed);
	/* The estimate walks the odometer: not after every execution. */
	if (ops->progress && (res->executions & 255) == 1)
		atomic_store_explicit(&ctl->progress_ppm,
				      (uint64_t)(ops->progress(st) * 1e6),
				      memory_order_relaxed);
}

/* A copy of @n entries of @size bytes at @from into *@to, or -1 (OOM). */
static int dup_array(void **to, size_t *nr, const void *from, size_t n,
		     size_t size)
{
	if (!n)
		return 0;
	*to = malloc(n * size);
	if (!*to)
		return -1;
	memcpy(*to, from, n * size);
	*nr = n;
	return 0;
}

/*
 * What the search counted: where failures can be injected, at which
 * sites, and what the executions reached (--coverage).
 */
static int take_space(struct sim *s, struct sim_explore_result *res)
{
	const struct sim_fault_point *pts;
	const struct sim_alloc_site *sites;
	const struct sim_cover_item *cover;
	size_t n = sim_fault_space(s, &pts), ns = sim_fault_sites(s, &sites);
	size_t nc = sim_cover_items(s, &cover);

	if (dup_array((void **)&res->space, &res->nr_space, pts, n,
		      sizeof(*pts)) ||
	    dup_array((void **)&res->sites, &res->nr_sites, sites, ns,
		      sizeof(*sites)) ||
	    dup_array((void **)&res->cover, &res->nr_cover, cover, nc,
		      sizeof(*cover)))
		return -1;
	return 0;
}

/*
 * What a search counted where it took a mark (strategy.h, marks()): taken
 * back when it goes back there.
 */
struct mark {
	struct sim_explore_result res;
	uint64_t runs, executions, history;
	size_t space, sites;
};

struct marks {
	struct mark *m;
	size_t nr, cap;
};

/*
 * After next(): the search went back to a mark (what was counted then is
 * counted again from there), and took a new one.
 */
static void marks_next(const struct sim_strategy_ops *ops, void *st,
		       struct sim *s, struct marks *mk,
		       struct sim_explore_result *res, uint64_t *runs)
{
	const struct sim_fault_point *pts;
	const struct sim_alloc_site *sites;
	int back;
	bool taken = ops->marks(st, &back);

	if (back >= 0) {
		const struct mark *m = &mk->m[back];
		uint64_t times = res->back + 1;	/* not taken back */

		assert((size_t)back < mk->nr);
		/* No finding since (marks_check()): the same findings. */
		assert(res->found == m->res.found &&
		       res->nr_found == m->res.nr_found);
		*res = m->res;
		res->back = times;
		*runs = m->runs;
		sim_history_back(s, m->executions);
		mk->nr = (size_t)back;
	}
	if (!taken)
		return;
	if (mk->nr == mk->cap) {
		mk->cap = mk->cap ? 2 * mk->cap : 8;
		mk->m = sim_xreallocarray(mk->m, mk->cap, sizeof(*mk->m));
	}
	mk->m[mk->nr++] = (struct mark){
		.res = *res, .runs = *runs,
		.executions = sim_history_executions(s),
		.history = sim_history_changes(s),
		.space = sim_fault_space(s, &pts),
		.sites = sim_fault_sites(s, &sites),
	};
}

/*
 * What was counted since the first mark can no longer be taken back: a
 * finding (its kept trace, its hits), a lock dependency or class the
 * history met, a point or site of the fault space, coverage (counted per
 * execution). The marks go.
 */
static void marks_check(const struct sim_strategy_ops *ops, void *st,
			struct sim *s, struct marks *mk, bool found)
{
	const struct sim_fault_point *pts;
	const struct sim_alloc_site *sites;
	const struct sim_cover_item *cover;

	if (!mk->nr)
		return;
	if (found || sim_history_changes(s) != mk->m[0].history ||
	    sim_fault_space(s, &pts) != mk->m[0].space ||
	    sim_fault_sites(s, &sites) != mk->m[0].sites ||
	    sim_cover_items(s, &cover)) {
		mk->nr = 0;
		ops->unmark(st);
	}
}

/*
 * The branches other workers explored for this search, taken by it in
 * its order: their counts and findings are the search's, numbered after
 * its executions so far. Return: their runs; *@found set when they
 * had findings.
 */
static uint64_t take_committed(const struct sim_strategy_ops *ops, void *st,
			       struct sim_explore_result *res, bool *found)
{
	struct sim_task *t;
	uint64_t runs = 0;

	if (!ops->committed)
		return 0;
	while ((t = ops->committed(st))) {
		struct sim_explore_result *r = sim_task_result(t);

		/* All its runs, its own tasks' too, are another worker's. */
		runs += r->runs;
		*found |= r->nr_found > 0;
		r->shared = 0;
		res->shared += r->runs;
		sim_explore_add(res, r);
		sim_task_free(t);
	}
	return runs;
}

int sim_explore(struct sim *s, const struct sim_strategy_ops *ops, void *st,
		uint64_t max_executions, struct sim_explore_result *res,
		struct sim_explore_ctl *ctl)
{
	struct sim_chooser ch = { .ctx = st, .choose = ops->choose };
	struct sim_fault plan[SIM_FAULTS_MAX];
	int planned = sim_get_faults(s, plan);
	uint64_t runs = 0;
	bool spent = false, more, found = false;
	struct marks mk = { 0 };

	memset(res, 0, sizeof(*res));
	sim_fault_space_clear(s);
	sim_cover_clear(s);
	if (sim_track_step_effects(s, ops->step_effects))
		return -1;
	for (;;) {
		enum sim_exec_result r;

		if (runs >= max_executions) {
			spent = true;
			break;
		}
		if (ctl && atomic_load_explicit(&ctl->stop, memory_order_relaxed)) {
			res->interrupted = true;
			break;
		}
		more = ops->next(st);
		if (ops->marks)
			marks_next(ops, st, s, &mk, res, &runs);
		runs += take_committed(ops, st, res, &found);
		if (!more) {
			res->finished = true;
			res->complete = ops->exhaustive;
			break;
		}
		r = sim_execute(s, &ch);
		ops->done(st, s, r);
		marks_check(ops, st, s, &mk, found || r == SIM_EXEC_FINDING ||
			    planned || (ctl && ctl->show));
		found = false;
		res->steps += sim_schedule_len(s);
		/* The budget counts every run; the result, complete ones. */
		res->runs = ++runs;
		/* A replay abandons where its schedule cannot be followed. */
		if (r == SIM_EXEC_ABANDONED && ops->replays) {
			res->diverged++;
			continue;
		}
		if (r == SIM_EXEC_ABANDONED) {
			res->abandoned++;
			continue;
		}
		if (ops->redundant && ops->redundant(st)) {
			res->repeated++;
			continue;
		}
		if (sim_faults_injected(s) < planned) {
			res->uninjected++;
			continue;
		}
		res->executions++;
		if (ctl && ctl->show == res->executions && !ctl->shown)
			ctl->shown = sim_render_execution(s, res->executions, r);
		if (r == SIM_EXEC_FINDING &&
		    record(s, res, sim_last_finding(s),
			   ops->label ? ops->label(st) : -1, ctl) != 0) {
			free(mk.m);
			return -1;
		}
		if (ctl)
			report_progress(ctl, ops, st, res);
	}
	/* A budget that ends exactly with the search still covered it all. */
	if (!res->finished && spent) {
		more = ops->next(st);
		if (ops->marks)
			marks_next(ops, st, s, &mk, res, &runs);
		take_committed(ops, st, res, &found);
		if (!more) {
			res->finished = true;
			res->complete = ops->exhaustive;
		}
	}
	free(mk.m);
	return take_space(s, res);
}

void sim_explore_merge_found(struct sim_explore_result *to,
			struct sim_explore_result *from, uint64_t offset)
{
	for (int i = 0; i < from->nr_found; i++) {
		struct sim_found *f = &from->found[i], *t = NULL;
		struct sim_found old;

		f->execution += offset;
		for (int k = 0; k < to->nr_found && !t; k++)
			if (strcmp(to->found[k].key, f->key) == 0)
				t = &to->found[k];
		if (!t) {
			to->found = sim_xreallocarray(to->found,
						      (size_t)to->nr_found + 1,
						      sizeof(*to->found));
			to->found[to->nr_found++] = *f;
			memset(f, 0, sizeof(*f));
			continue;
		}
		if (!sim_found_combine(&t->hits, &t->label, t->schedule_len,
				       f->hits, f->label, f->schedule_len))
			continue;
		/* Swap the traces; the tally stays with the kept entry. */
		old = *t;
		*t = *f;
		t->hits = old.hits;
		t->label = old.label;
		*f = old;
	}
	sim_explore_result_free(from);
}

/*
 * The entry of @arr (@n entries of @size bytes) that @same() matches with
 * @item; when none does, a copy of @item appended, and *@added set.
 */
static void *find_or_add(void **arr, size_t *n, size_t size, const void *item,
			 bool (*same)(const void *a, const void *b), bool *added)
{
	char *p = *arr;

	*added = false;
	for (size_t k = 0; k < *n; k++)
		if (same(p + k * size, item))
			return p + k * size;
	p = sim_xreallocarray(p, *n + 1, size);
	memcpy(p + *n * size, item, size);
	*arr = p;
	*added = true;
	return p + (*n)++ * size;
}

static bool same_point(const void *a, const void *b)
{
	const struct sim_fault_point *x = a, *y = b;

	return x->op == y->op && strcmp(x->actor, y->actor) == 0;
}

static bool same_site(const void *a, const void *b)
{
	return ((const struct sim_alloc_site *)a)->site ==
	       ((const struct sim_alloc_site *)b)->site;
}

static bool same_cover(const void *a, const void *b)
{
	return strcmp(((const struct sim_cover_item *)a)->what,
		      ((const struct sim_cover_item *)b)->what) == 0;
}

/*
 * Allocations counted: the most of either, per actor and operation; their
 * sites, failed where either failed one; what the executions reached,
 * added up.
 */
static void merge_space(struct sim_explore_result *to,
			const struct sim_explore_result *from)
{
	bool added;

	for (size_t i = 0; i < from->nr_space; i++) {
		const struct sim_fault_point *f = &from->space[i];
		struct sim_fault_point *t = find_or_add((void **)&to->space,
							&to->nr_space, sizeof(*t),
							f, same_point, &added);

		if (t->allocs < f->allocs)
			t->allocs = f->allocs;
	}
	for (size_t i = 0; i < from->nr_sites; i++) {
		struct sim_alloc_site *t = find_or_add((void **)&to->sites,
						       &to->nr_sites, sizeof(*t),
						       &from->sites[i], same_site,
						       &added);

		t->failed |= from->sites[i].failed;
	}
	for (size_t i = 0; i < from->nr_cover; i++) {
		struct sim_cover_item *t = find_or_add((void **)&to->cover,
						       &to->nr_cover, sizeof(*t),
						       &from->cover[i], same_cover,
						       &added);

		if (!added)
			t->count += from->cover[i].count;
	}
}

/* Add @from to @to as one search that went on would have counted it. */
void sim_explore_add(struct sim_explore_result *to,
		       struct sim_explore_result *from)
{
	uint64_t offset = to->executions;

	to->interrupted |= from->interrupted;
	to->executions += from->executions;
	to->abandoned += from->abandoned;
	to->repeated += from->repeated;
	to->diverged += from->diverged;
	to->uninjected += from->uninjected;
	to->steps += from->steps;
	to->runs += from->runs;
	to->shared += from->shared;
	to->forwarded += from->forwarded;
	to->back += from->back;
	merge_space(to, from);
	sim_explore_merge_found(to, from, offset);
}

void sim_explore_result_free(struct sim_explore_result *res)
{
	for (int i = 0; i < res->nr_found; i++) {
		free(res->found[i].report);
		free(res->found[i].svg);
		free_schedule(&res->found[i]);
	}
	free(res->found);
	free(res->space);
	free(res->sites);
	free(res->cover);
	memset(res, 0, sizeof(*res));
}
