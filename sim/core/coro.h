/* SPDX-License-Identifier: MIT */
/*
 * Coroutines for actors: a stack each and a register switch in assembly.
 * Internal to the engine.
 */
#ifndef SIM_CORE_CORO_H
#define SIM_CORE_CORO_H

#include <stdbool.h>
#include <stddef.h>

struct sim_coro {
	void *sp;		/* saved stack pointer while switched out */
	void *base;		/* lowest usable address (above the guard page) */
	size_t size;		/* usable bytes */
	void *asan_fake;	/* AddressSanitizer fake-stack handle */
};

/* Map a stack with a guard page below it. Return: false on failure. */
bool sim_coro_init(struct sim_coro *c, size_t size);
void sim_coro_fini(struct sim_coro *c);
/* Make @c start at @entry (which must never return) when switched to. */
void sim_coro_prepare(struct sim_coro *c, void (*entry)(void));

/*
 * Switch from the context saved in @from to @to. The sanitizer
 * annotations live here so callers need not know about them.
 */
void sim_coro_jump(struct sim_coro *from, struct sim_coro *to);
/*
 * Called first thing in a fresh coroutine's entry function, with the
 * context that switched to it (the scheduler's, whose stack is the
 * thread's own).
 */
void sim_coro_started(struct sim_coro *caller);

#endif /* SIM_CORE_CORO_H */
