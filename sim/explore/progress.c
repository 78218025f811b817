/* SPDX-License-Identifier: MIT */
/* Knuth's progress estimate over the current path (progress.h). */
#include "progress.h"

#include <assert.h>

double sim_progress_estimate(const void *st, size_t depth,
			     struct sim_progress_node (*node)(const void *st,
							      size_t i))
{
	double done = 0, share = 1;

	for (size_t i = 0; i < depth; i++) {
		struct sim_progress_node n = node(st, i);

		assert(n.before >= 0);
		assert(n.before <= n.total);
		if (n.total == 0)
			break;
		done += share * n.before / n.total;
		share /= n.total;
	}
	assert(done >= 0);
	return done;
}
