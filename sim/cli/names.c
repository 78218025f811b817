/* SPDX-License-Identifier: MIT */
/*
 * The names a scenario may use, taken from the registries themselves (the
 * model's variants, the engine's lock implementations, finding kinds and
 * strategies), so the loader never disagrees with what can run.
 */
#include "names.h"

#include <assert.h>

#include <sim/finding.h>
#include <sim/lock.h>
#include <explore/strategy.h>

#include <model/model.h>

/* Lock implementations and strategies, each at most. */
#define MAX_OPS 16

const struct scenario_names *scenario_registry_names(void)
{
	static const char *variants[MODEL_MAX_VARIANTS + 1];
	static const char *lock_impls[MAX_OPS + 1], *strategies[MAX_OPS + 1];
	static struct scenario_names names;

	if (!names.variants) {
		const struct sim_lock_ops *const *impl = sim_lock_impls();
		const struct sim_strategy_ops *const *strategy = sim_strategies();
		int n = model_builtin.variant_count();

		for (int i = 0; i < n && i < MODEL_MAX_VARIANTS; i++)
			variants[i] = model_builtin.variant_name(i);
		for (int i = 0; impl[i]; i++) {
			assert(i < MAX_OPS);
			lock_impls[i] = impl[i]->name;
		}
		for (int i = 0; strategy[i]; i++) {
			assert(i < MAX_OPS);
			strategies[i] = strategy[i]->name;
		}
		names.lock_impls = lock_impls;
		names.finding_kinds = sim_finding_kind_names();
		names.strategies = strategies;
		names.variants = variants;
	}
	return &names;
}
