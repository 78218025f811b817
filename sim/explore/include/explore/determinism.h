/* SPDX-License-Identifier: MIT */
/* Whether the code under test runs the same schedule the same way twice. */
#ifndef SIM_EXPLORE_DETERMINISM_H
#define SIM_EXPLORE_DETERMINISM_H

#include <stddef.h>

#include <sim/engine.h>

/*
 * Run the first schedule of @s twice and compare the two executions step
 * by step. Return: 0, or -1 with a one-line message in @msg naming the
 * first step that differed.
 */
int sim_check_determinism(struct sim *s, char *msg, size_t len);

#endif /* SIM_EXPLORE_DETERMINISM_H */
