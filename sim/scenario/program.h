/* SPDX-License-Identifier: MIT */
/*
 * A scenario made runnable: the engine hooks that build its initial VM
 * through the model and run each actor's operations, for one variant.
 */
#ifndef SIM_SCENARIO_PROGRAM_H
#define SIM_SCENARIO_PROGRAM_H

#include <sim/engine.h>

#include "scenario.h"

struct scn_program;

/* Return: NULL with a message in @err when the lock settings are unknown. */
struct scn_program *scn_program_create(const struct scenario *scn,
				       int variant, char *err, size_t errlen);
void scn_program_free(struct scn_program *p);

const struct sim_hooks *scn_program_hooks(struct scn_program *p);
/* The engine configuration: lock implementations, leak checking. */
void scn_program_config(struct scn_program *p, uint64_t max_steps,
			struct sim_config *cfg);
/*
 * An error met while building the initial state (the model refused the
 * scenario's VM), or NULL.
 */
const char *scn_program_setup_error(const struct scn_program *p);

/* The effective implementation of each scenario lock key, for traces. */
int scn_program_nr_locks(const struct scn_program *p);
const char *scn_program_lock_key(const struct scn_program *p, int i);
const char *scn_program_lock_impl(const struct scn_program *p, int i);

#endif /* SIM_SCENARIO_PROGRAM_H */
