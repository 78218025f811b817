/* SPDX-License-Identifier: MIT */
/*
 * Call traces in reports: the return addresses a step recorded
 * (sim_calltraces()) as the kernel prints them, innermost first, one
 * function a line, "vgic_put_irq+0x34/0x90 (vgic.c:126)", and a function
 * the compiler inlined into its caller as "__vgic_put_irq (vgic.c:110)
 * [inline]". Symbolized with elfutils' libdw from the debug information
 * of the running program and of every object it loaded (variant files,
 * kernel trees), so no address and no absolute path is printed: the same
 * build prints the same bytes run after run.
 */
#ifndef SIM_CALLTRACE_H
#define SIM_CALLTRACE_H

#include <stdio.h>

#include <sim/engine.h>

struct sim_symbolizer;

/*
 * The process's code as it is mapped now (call it after the objects whose
 * code is to be named are loaded), held until sim_symbolizer_close(): one
 * thread at a time. Return: NULL when libdw cannot read it; the traces
 * are then left out of the report.
 */
struct sim_symbolizer *sim_symbolizer_open(void);
void sim_symbolizer_close(struct sim_symbolizer *sy);

/*
 * Write the call trace of log entry @i of the execution that just ended in
 * @s: "    Call trace:" and a line per frame, from the function that did
 * the step's operation (its site's function: the engine's own frames and
 * the shim's are left out) out to the model's entry point (the actor's
 * program and the engine below it are left out). Nothing when the step
 * recorded none.
 */
void sim_calltrace_print(FILE *out, struct sim_symbolizer *sy, struct sim *s,
			 size_t i);

#endif /* SIM_CALLTRACE_H */
