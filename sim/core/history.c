/* SPDX-License-Identifier: MIT */
/*
 * Re-running executions without disturbing the run: the lock-order
 * history (observed dependencies, kept across executions) is saved as the
 * execution that just ended left it, rewound to how it was before that
 * execution for each re-run, and restored afterwards, so exploration goes
 * on as if nothing had been re-run (sim_shrink() uses it).
 */
#include "sim_internal.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

struct saved_dep {
	int from, to;
	struct sim_dep dep;
};

struct sim_history {
	struct sim *s;
	uint64_t execution;	/* the one that just ended */
	int nr_classes;
	struct saved_dep *deps;	/* the edges it saw first */
	int nr_deps;
};

struct sim_history *sim_history_save(struct sim *s)
{
	struct sim_history *r = calloc(1, sizeof(*r));
	int n = s->nr_classes;

	if (!r)
		return NULL;
	r->s = s;
	r->execution = s->executions;
	r->nr_classes = n;
	for (int i = 0; i < n; i++)
		for (int j = 0; j < n; j++)
			if (s->deps[i][j].seen && s->deps[i][j].execution >= r->execution)
				r->nr_deps++;
	r->deps = calloc(r->nr_deps ? (size_t)r->nr_deps : 1, sizeof(*r->deps));
	if (!r->deps) {
		free(r);
		return NULL;
	}
	r->nr_deps = 0;
	for (int i = 0; i < n; i++)
		for (int j = 0; j < n; j++)
			if (s->deps[i][j].seen && s->deps[i][j].execution >= r->execution)
				r->deps[r->nr_deps++] = (struct saved_dep){ i, j, s->deps[i][j] };
	return r;
}

/* The history as it was before the execution that just ended. */
void sim_history_rewind(struct sim_history *r)
{
	struct sim *s = r->s;

	for (int i = 0; i < s->nr_classes; i++)
		for (int j = 0; j < s->nr_classes; j++)
			if (s->deps[i][j].seen && s->deps[i][j].execution >= r->execution)
				memset(&s->deps[i][j], 0, sizeof(s->deps[i][j]));
	/* Classes only re-runs met: their edges are gone with the above. */
	s->nr_classes = r->nr_classes;
	s->executions = r->execution - 1;
	s->history_gen++;
}

void sim_history_restore(struct sim_history *r)
{
	if (!r)
		return;
	sim_history_rewind(r);
	for (int k = 0; k < r->nr_deps; k++)
		r->s->deps[r->deps[k].from][r->deps[k].to] = r->deps[k].dep;
	r->s->executions = r->execution;
	r->s->history_gen++;
	free(r->deps);
	free(r);
}


void sim_history_forget(struct sim *s)
{
	memset(s->deps, 0, sizeof(s->deps));
	s->nr_classes = 0;
	s->history_gen++;
}

uint64_t sim_history_changes(const struct sim *s)
{
	return s->history_gen;
}

void sim_history_back(struct sim *s, uint64_t executions)
{
	for (int i = 0; i < s->nr_classes; i++)
		for (int j = 0; j < s->nr_classes; j++)
			assert(!s->deps[i][j].seen ||
			       s->deps[i][j].execution <= executions);
	s->executions = executions;
}

size_t sim_history_edges(const struct sim *s, struct sim_lock_edge *out,
			 size_t max)
{
	size_t n = 0;

	for (int i = 0; i < s->nr_classes; i++)
		for (int j = 0; j < s->nr_classes; j++) {
			if (!s->deps[i][j].seen)
				continue;
			if (n < max)
				out[n] = (struct sim_lock_edge){
					s->classes[i]->name, s->classes[j]->name };
			n++;
		}
	return n;
}

struct logged_dep {
	const struct sim_lock_class *from, *to;
	struct sim_dep dep;	/* execution: counted from the run's start */
};

struct sim_lock_log {
	struct logged_dep *deps;
	size_t nr;
	uint64_t executions;	/* the run's */
};

uint64_t sim_history_executions(const struct sim *s)
{
	return s->executions;
}

struct sim_lock_log *sim_history_log(const struct sim *s, uint64_t since)
{
	struct sim_lock_log *l = calloc(1, sizeof(*l));
	size_t n = sim_history_edges(s, NULL, 0);

	if (!l)
		return NULL;
	l->deps = calloc(n ? n : 1, sizeof(*l->deps));
	if (!l->deps) {
		free(l);
		return NULL;
	}
	for (int i = 0; i < s->nr_classes; i++)
		for (int j = 0; j < s->nr_classes; j++) {
			struct logged_dep *d;

			if (!s->deps[i][j].seen)
				continue;
			d = &l->deps[l->nr++];
			d->from = s->classes[i];
			d->to = s->classes[j];
			d->dep = s->deps[i][j];
			d->dep.execution -= since;
		}
	l->executions = s->executions - since;
	return l;
}

void sim_history_log_free(struct sim_lock_log *l)
{
	if (!l)
		return;
	free(l->deps);
	free(l);
}

bool sim_history_log_cycle(const struct sim *s, const struct sim_lock_log *l)
{
	size_t n = sim_history_edges(s, NULL, 0), all = n + l->nr;
	struct sim_lock_edge *e = calloc(all ? all : 1, sizeof(*e));
	bool cycle;

	if (!e)
		return true;	/* out of memory: not proven clean */
	sim_history_edges(s, e, n);
	for (size_t k = 0; k < l->nr; k++)
		e[n + k] = (struct sim_lock_edge){ l->deps[k].from->name,
						   l->deps[k].to->name };
	cycle = sim_lock_edges_cycle(e, all, NULL, 0) > 0;
	free(e);
	return cycle;
}

void sim_history_log_merge(struct sim *s, const struct sim_lock_log *l)
{
	for (size_t k = 0; k < l->nr; k++) {
		int i = sim_lockdep_class(s, l->deps[k].from);
		int j = sim_lockdep_class(s, l->deps[k].to);

		if (s->deps[i][j].seen)
			continue;
		s->deps[i][j] = l->deps[k].dep;
		s->deps[i][j].execution += s->executions;
		s->history_gen++;
	}
	s->executions += l->executions;
}
