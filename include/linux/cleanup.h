/* SPDX-License-Identifier: MIT */
/*
 * Scope-based lock guards: guard(mutex)(&kvm->lock) takes the lock and
 * releases it when the enclosing scope ends, as in the kernel. The guard
 * remembers the line it was declared on, so both the acquisition and the
 * release at scope exit are reported there.
 */
#ifndef _LINUX_CLEANUP_H
#define _LINUX_CLEANUP_H

#include <linux/compiler.h>
#include <sim/site.h>

/* The site of the guard being constructed; read once by its constructor. */
extern _Thread_local const struct sim_site *__sim_guard_site;

#define DEFINE_GUARD(_name, _type, _lock, _unlock)                           \
	typedef struct {                                                     \
		_type lock;                                                  \
		const struct sim_site *site;                                 \
	} class_##_name##_t;                                                 \
	static inline void class_##_name##_destructor(class_##_name##_t *g)  \
	{                                                                    \
		_type _T = g->lock;                                          \
		const struct sim_site *_S = g->site;                         \
		_unlock;                                                     \
	}                                                                    \
	static inline class_##_name##_t class_##_name##_constructor(_type _T) \
	{                                                                    \
		const struct sim_site *_S = __sim_guard_site;                \
		_lock;                                                       \
		return (class_##_name##_t){ _T, _S };                        \
	}

/* A guard with no argument: guard(rcu)(). */
#define DEFINE_GUARD_0(_name, _lock, _unlock)                                \
	typedef struct {                                                     \
		const struct sim_site *site;                                 \
	} class_##_name##_t;                                                 \
	static inline void class_##_name##_destructor(class_##_name##_t *g)  \
	{                                                                    \
		const struct sim_site *_S = g->site;                         \
		_unlock;                                                     \
	}                                                                    \
	static inline class_##_name##_t class_##_name##_constructor(void)    \
	{                                                                    \
		const struct sim_site *_S = __sim_guard_site;                \
		_lock;                                                       \
		return (class_##_name##_t){ _S };                            \
	}

#define guard(_name)                                                         \
	class_##_name##_t __UNIQUE_ID(guard)                                 \
		__cleanup(class_##_name##_destructor) =                      \
			(__sim_guard_site = SIM_HERE,                        \
			 class_##_name##_constructor)

#define scoped_guard(_name, ...)                                             \
	for (class_##_name##_t scope __cleanup(class_##_name##_destructor) = \
		     (__sim_guard_site = SIM_HERE,                           \
		      class_##_name##_constructor)(__VA_ARGS__),             \
		     *__done = NULL;                                         \
	     !__done; __done = (void *)1)

#endif /* _LINUX_CLEANUP_H */
