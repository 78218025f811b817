/* SPDX-License-Identifier: MIT */
/*
 * A scenario made runnable: the engine hooks that build its initial VM
 * through the model and run each actor's operations, for one variant.
 */
#ifndef SIM_SCENARIO_PROGRAM_H
#define SIM_SCENARIO_PROGRAM_H

#include <sim/engine.h>

#include <scenario/scenario.h>

struct model_ops;
struct scn_program;

/*
 * @scn run on @model's variant @variant. Return: NULL with a message in
 * @err when the lock settings are unknown to the model.
 */
struct scn_program *scn_program_create(const struct scenario *scn,
				       const struct model_ops *model, int variant,
				       char *err, size_t errlen);
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

/*
 * The engine instances of one scenario x model x variant, for the
 * exploration driver: each has a program of its own, checked by building
 * the initial state once (a VM the model refuses is an error in @err).
 */
struct scn_factory {
	const struct scenario *scn;
	const struct model_ops *model;
	int variant;
	uint64_t max_steps;
	uint32_t hang_ms;	/* <sim/engine.h> sim_config.hang_ms */
	bool kcsan;		/* ... and sim_config.kcsan */
};
int scn_factory_create(void *ctx, struct sim_instance *out, char *err,
		       size_t errlen);
void scn_factory_destroy(void *ctx, struct sim_instance *inst);
/* The factory of @f's instances; @f is borrowed. */
static inline struct sim_factory scn_factory(const struct scn_factory *f)
{
	return (struct sim_factory){ .ctx = (void *)f,
				     .create = scn_factory_create,
				     .destroy = scn_factory_destroy };
}

#endif /* SIM_SCENARIO_PROGRAM_H */
