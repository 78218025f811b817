/* SPDX-License-Identifier: MIT */
/* KCSAN's parts inside the engine (check_kcsan.c, kcsan_tsan.c, kcsan_sym.c). */
#ifndef SIM_CORE_KCSAN_H
#define SIM_CORE_KCSAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sim/site.h>

struct sim;
struct sim_event;

bool sim_kcsan_init(struct sim *s);
void sim_kcsan_fini(struct sim *s);
/* A new execution: every clock and the shadow start empty. */
void sim_kcsan_reset(struct sim *s);
/* The running actor (or setup) spawned @child. */
void sim_kcsan_spawn(struct sim *s, int child);
/* @id takes its first step. */
void sim_kcsan_start(struct sim *s, int id);
/* A visible operation was performed: its happens-before edges. */
void sim_kcsan_event(struct sim *s, const struct sim_event *ev);
/*
 * An access of @size bytes at @addr by the code at @pc: a data race with
 * an earlier one is the execution's finding (never returns then).
 */
void sim_kcsan_access(uintptr_t addr, size_t size, bool write, bool marked,
		      const void *pc);

/* data_race() (<linux/compiler.h>): +1 entering it, -1 leaving. */
void __sim_data_race(int delta);

#define SIM_KCSAN_SYM_MAX 128
/*
 * The function holding @pc ("vgic_its_cache_translation"), with
 * "+0x1c/0x120" after it when @offset: deterministic from run to run
 * (the object's own symbol table, never an address). "?" when unknown.
 */
void sim_kcsan_symbolize(const void *pc, char *buf, size_t len, bool offset);
/* A site that names the pair of functions (interned: lives for good). */
const struct sim_site *sim_kcsan_pair_site(const char *f1, const char *f2);

#endif /* SIM_CORE_KCSAN_H */
