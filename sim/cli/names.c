/* SPDX-License-Identifier: MIT */
/*
 * The names a scenario may use, taken from the registries themselves (the
 * model's variants, the engine's lock implementations, finding kinds and
 * strategies), so the loader never disagrees with what can run.
 */
#include "names.h"

#include <sim/finding.h>
#include <sim/lock.h>
#include <explore/strategy.h>

#include <model/model.h>

const struct scenario_names *scenario_registry_names(void)
{
	static const char *variants[MODEL_MAX_VARIANTS + 1];
	static struct scenario_names names;

	if (!names.variants) {
		int n = model_builtin.variant_count();

		for (int i = 0; i < n && i < MODEL_MAX_VARIANTS; i++)
			variants[i] = model_builtin.variant_name(i);
		names.lock_impls = sim_lock_impl_names();
		names.finding_kinds = sim_finding_kind_names();
		names.strategies = sim_strategy_names();
		names.variants = variants;
	}
	return &names;
}
