/* SPDX-License-Identifier: MIT */
/*
 * The engine's own memory: schedules, results, reports, workers' state.
 *
 * One policy: these allocators never return NULL. When the host is out of
 * memory they print what was being allocated and abort, because a search
 * that lost a piece of its own state cannot say anything true about the
 * code it explored. The memory of the code under test (the model, a
 * variant, a kernel tree) is not this: it comes from the per-execution
 * arena (sim/core/arena.c), and what the kernel would see there is the
 * model's business.
 */
#ifndef SIM_ALLOC_H
#define SIM_ALLOC_H

#include <stddef.h>

void *sim_xmalloc(size_t size);
/* Zeroed; @n * @size is checked for overflow. */
void *sim_xcalloc(size_t n, size_t size);
/* @n * @size is checked for overflow; @size 0 frees nothing and gives a valid pointer. */
void *sim_xreallocarray(void *p, size_t n, size_t size);
char *sim_xstrdup(const char *s);
/* printf into a new string. */
char *sim_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif /* SIM_ALLOC_H */
