/* SPDX-License-Identifier: MIT */
/*
 * Coverage (sim run --coverage): what the explored executions reached,
 * as named events counted across executions. The shims note what they
 * see (an xarray lookup that found an entry or none, a trylock that
 * failed), the model and the scenario layer what an operation did (an ITS
 * command's result, an MSI's outcome). Off unless asked for: a note then
 * costs one test.
 */
#ifndef SIM_COVER_H
#define SIM_COVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sim;

#define SIM_COVER_WHAT 112

struct sim_cover_item {
	char what[SIM_COVER_WHAT];
	uint64_t count;		/* executions that reached it, at least once each */
};

void sim_cover_enable(struct sim *s, bool on);
/* Whether the running actor's instance counts: a shim that must format
 * what it notes asks first, so a run without --coverage pays nothing. */
bool sim_cover_on(void);
/* From an actor: note @what (printf-style) in this execution. */
void sim_cover(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Forget what was counted. */
void sim_cover_clear(struct sim *s);
/* What was counted since the last clear, in first-seen order. */
size_t sim_cover_items(const struct sim *s, const struct sim_cover_item **items);

#endif /* SIM_COVER_H */
