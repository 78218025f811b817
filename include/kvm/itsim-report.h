/* SPDX-License-Identifier: MIT */
/*
 * What model code tells the simulator for its reports and coverage, and
 * nothing else of the engine: the part of an operation it runs
 * (sim_actor_doing_now(): "its0 command DISCARD 1:0") and the outcomes
 * sim run --coverage counts (sim_cover()).
 */
#ifndef _KVM_ITSIM_REPORT_H
#define _KVM_ITSIM_REPORT_H

#include <sim/cover.h>
#include <sim/engine.h>

#endif /* _KVM_ITSIM_REPORT_H */
