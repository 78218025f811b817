/* SPDX-License-Identifier: MIT */
/* The strategies a user may choose, by name. Adding one is one line here. */
#include <explore/strategy.h>

#include <assert.h>
#include <stdio.h>
#include <string.h>

static const struct sim_strategy_ops *const strategies[] = {
	&sim_strategy_dfs,
	&sim_strategy_sleepset,
	&sim_strategy_dpor,
	&sim_strategy_bounded,
	&sim_strategy_random,
	&sim_strategy_pct,
	NULL,
};

const struct sim_strategy_ops *sim_strategy_lookup(const char *name)
{
	for (size_t i = 0; strategies[i]; i++)
		if (strcmp(strategies[i]->name, name) == 0)
			return strategies[i];
	return NULL;
}

const struct sim_strategy_ops *const *sim_strategies(void)
{
	return strategies;
}

void sim_strategy_end_label(const struct sim_strategy_ops *ops,
			    const struct sim_strategy_params *p,
			    bool interrupted, bool finished, bool complete,
			    char *buf, size_t len)
{
	assert(len > 0);
	assert(ops->end_label);
	/* Only an exhaustive search that ran out of work is complete. */
	assert(!complete || finished);
	assert(!complete || ops->exhaustive);
	if (interrupted)
		snprintf(buf, len, "interrupted");
	else
		ops->end_label(p, finished, complete, buf, len);
}

void sim_strategy_end_exhaustive(const struct sim_strategy_params *p,
				 bool finished, bool complete, char *buf,
				 size_t len)
{
	(void)p;
	(void)finished;
	snprintf(buf, len, "%s", complete ? "complete" : "truncated");
}

void sim_strategy_end_sampled(const struct sim_strategy_params *p,
			      bool finished, bool complete, char *buf,
			      size_t len)
{
	(void)p;
	(void)finished;
	assert(!complete);
	snprintf(buf, len, "sampled");
}

void sim_strategy_end_replayed(const struct sim_strategy_params *p,
			       bool finished, bool complete, char *buf,
			       size_t len)
{
	(void)p;
	assert(!complete);
	snprintf(buf, len, "%s", finished ? "replayed" : "truncated");
}
