/* SPDX-License-Identifier: MIT */
/* The strategies a user may choose, by name. Adding one is one line here. */
#include <explore/strategy.h>

#include <string.h>

static const struct sim_strategy_ops *const strategies[] = {
	&sim_strategy_dfs,
	&sim_strategy_sleepset,
	&sim_strategy_dpor,
	&sim_strategy_bounded,
	&sim_strategy_random,
	&sim_strategy_pct,
};

static const char *const strategy_names[] = { "dfs", "sleepset", "dpor", "bounded", "random", "pct", NULL };

const struct sim_strategy_ops *sim_strategy_lookup(const char *name)
{
	for (size_t i = 0; i < sizeof(strategies) / sizeof(strategies[0]); i++)
		if (strcmp(strategies[i]->name, name) == 0)
			return strategies[i];
	return NULL;
}

const char *const *sim_strategy_names(void)
{
	return strategy_names;
}
