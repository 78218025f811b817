/* SPDX-License-Identifier: MIT */
/*
 * The one path search over lock dependencies: the lock checker asks it
 * whether a new edge closes a cycle within a run, and a split search asks
 * it whether the edges its units saw apart close one together.
 */
#include "sim_internal.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

bool sim_lock_graph_path(const struct sim_lock_graph *g, int from, int to,
			 int *path, int *len, bool *seen)
{
	assert(from >= 0 && from < g->n);
	assert(to >= 0 && to < g->n);
	path[(*len)++] = from;
	if (from == to)
		return true;
	seen[from] = true;
	for (int k = 0; k < g->n; k++)
		if (g->edge(g->ctx, from, k) && !seen[k] &&
		    sim_lock_graph_path(g, k, to, path, len, seen))
			return true;
	(*len)--;
	return false;
}

struct edge_set {
	const char **names;
	int n;
	bool *adj;		/* [n * n], [from * n + to] */
};

static bool set_edge(const void *ctx, int from, int to)
{
	const struct edge_set *es = ctx;

	return es->adj[from * es->n + to];
}

static int name_index(struct edge_set *es, const char *name)
{
	for (int i = 0; i < es->n; i++)
		if (strcmp(es->names[i], name) == 0)
			return i;
	es->names[es->n] = name;
	return es->n++;
}

int sim_lock_edges_cycle(const struct sim_lock_edge *e, size_t nr,
			 const char **cycle, int max)
{
	struct edge_set es = { 0 };
	struct sim_lock_graph g = { .ctx = &es, .edge = set_edge };
	int *path, len = 0, found = 0;
	bool *seen;

	es.names = sim_xcalloc(2 * nr + 1, sizeof(*es.names));
	for (size_t i = 0; i < nr; i++) {
		name_index(&es, e[i].from);
		name_index(&es, e[i].to);
	}
	es.adj = sim_xcalloc((size_t)es.n * (size_t)es.n + 1, sizeof(*es.adj));
	for (size_t i = 0; i < nr; i++)
		es.adj[name_index(&es, e[i].from) * es.n +
		       name_index(&es, e[i].to)] = true;
	g.n = es.n;
	path = sim_xcalloc((size_t)es.n + 1, sizeof(*path));
	seen = sim_xcalloc((size_t)es.n + 1, sizeof(*seen));
	/* A cycle through an edge from -> to is a path back from to. */
	for (size_t i = 0; i < nr && !found; i++) {
		int from = name_index(&es, e[i].from), to = name_index(&es, e[i].to);

		if (from == to)
			continue;
		len = 0;
		memset(seen, 0, (size_t)es.n * sizeof(*seen));
		if (!sim_lock_graph_path(&g, to, from, path, &len, seen))
			continue;
		/* path: to ... from; the cycle reads from -> to -> ... -> from. */
		found = len;
		for (int k = 0; k < len && k < max; k++)
			cycle[k] = es.names[k == 0 ? from : path[k - 1]];
	}
	free(seen);
	free(path);
	free(es.adj);
	free(es.names);
	return found;
}
