/* SPDX-License-Identifier: MIT */
#ifndef SIM_SCENARIO_NAMES_H
#define SIM_SCENARIO_NAMES_H

#include <scenario/scenario.h>

/* The real registries, for scenario_load_*() (built on first use). */
const struct scenario_names *scenario_registry_names(void);

#endif /* SIM_SCENARIO_NAMES_H */
