/* SPDX-License-Identifier: MIT */
/*
 * atomic_t, instrumented: every access is one visible operation, performed
 * atomically with respect to all other actors.
 */
#ifndef _LINUX_ATOMIC_H
#define _LINUX_ATOMIC_H

#include <linux/compiler.h>
#include <linux/types.h>

#define ATOMIC_INIT(i) { (i) }

int __sim_atomic_read(const atomic_t *v, const struct sim_site *site);
void __sim_atomic_set(atomic_t *v, int i, const struct sim_site *site);
/* Return: the value before the operation. */
int __sim_atomic_cmpxchg(atomic_t *v, int old, int new,
			 const struct sim_site *site);
/* Return: the value after the operation. */
int __sim_atomic_add_return(atomic_t *v, int i, const struct sim_site *site);

#define atomic_read(v) __sim_atomic_read((v), SIM_HERE)
#define atomic_read_acquire(v) __sim_atomic_read((v), SIM_HERE)
#define atomic_set(v, i) __sim_atomic_set((v), (i), SIM_HERE)
#define atomic_set_release(v, i) __sim_atomic_set((v), (i), SIM_HERE)
#define atomic_cmpxchg(v, o, n) __sim_atomic_cmpxchg((v), (o), (n), SIM_HERE)
#define atomic_cmpxchg_acquire(v, o, n) atomic_cmpxchg(v, o, n)
#define atomic_cmpxchg_release(v, o, n) atomic_cmpxchg(v, o, n)
#define atomic_inc(v) ((void)__sim_atomic_add_return((v), 1, SIM_HERE))
#define atomic_dec(v) ((void)__sim_atomic_add_return((v), -1, SIM_HERE))
#define atomic_inc_return(v) __sim_atomic_add_return((v), 1, SIM_HERE)
#define atomic_dec_return(v) __sim_atomic_add_return((v), -1, SIM_HERE)
#define atomic_dec_and_test(v) (__sim_atomic_add_return((v), -1, SIM_HERE) == 0)

#endif /* _LINUX_ATOMIC_H */
