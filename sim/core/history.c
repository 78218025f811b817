/* SPDX-License-Identifier: MIT */
/*
 * Re-running executions without disturbing the run: the lock-order
 * history (observed dependencies, kept across executions) is saved as the
 * execution that just ended left it, rewound to how it was before that
 * execution for each re-run, and restored afterwards, so exploration goes
 * on as if nothing had been re-run (sim_shrink() uses it).
 */
#include "sim_internal.h"

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
}

void sim_history_restore(struct sim_history *r)
{
	if (!r)
		return;
	sim_history_rewind(r);
	for (int k = 0; k < r->nr_deps; k++)
		r->s->deps[r->deps[k].from][r->deps[k].to] = r->deps[k].dep;
	r->s->executions = r->execution;
	free(r->deps);
	free(r);
}


void sim_history_forget(struct sim *s)
{
	memset(s->deps, 0, sizeof(s->deps));
	s->nr_classes = 0;
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
