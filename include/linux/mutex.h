/* SPDX-License-Identifier: MIT */
/*
 * Sleeping mutexes, instrumented.
 *
 * mutex_lock(): visible; the caller blocks (is not scheduled) until the
 *   lock's implementation lets it acquire. May sleep.
 * mutex_trylock(): visible; never blocks. Return: 1 if acquired, else 0.
 * mutex_unlock(): visible.
 * Each mutex_init() call site is one lock class named after its argument.
 */
#ifndef _LINUX_MUTEX_H
#define _LINUX_MUTEX_H

#include <linux/cleanup.h>
#include <linux/compiler.h>
#include <sim/lock.h>

struct mutex {
	struct sim_lock dep_map;
};

#define mutex_init(m)                                                        \
	do {                                                                 \
		static struct sim_lock_class __key;                          \
		sim_lock_init(&(m)->dep_map, &__key, #m, SIM_LOCK_MUTEX,     \
			      SIM_HERE);                                     \
	} while (0)

/* static DEFINE_MUTEX(m): a mutex with static storage, class "m". */
#define DEFINE_MUTEX(m)                                                      \
	__SIM_STATIC_LOCK(struct mutex, m, SIM_LOCK_MUTEX, sim_lock_mutex_ops)

#define mutex_lock(m) sim_lock_acquire(&(m)->dep_map, SIM_HERE)
#define mutex_unlock(m) sim_lock_release(&(m)->dep_map, SIM_HERE)
#define mutex_trylock(m) ((int)sim_lock_try(&(m)->dep_map, SIM_HERE))
#define mutex_destroy(m) do { (void)(m); } while (0)

DEFINE_GUARD(mutex, struct mutex *,
	     sim_lock_acquire(&_T->dep_map, _S),
	     sim_lock_release(&_T->dep_map, _S))

#endif /* _LINUX_MUTEX_H */
