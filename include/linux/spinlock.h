/* SPDX-License-Identifier: MIT */
/*
 * Spinlocks and raw spinlocks, instrumented. Lock and unlock are visible
 * operations; a waiter is not scheduled until the lock can be had. The
 * irqsave forms record no interrupt state: interrupts are not modelled
 * beyond the atomic context of an irqfd actor.
 */
#ifndef _LINUX_SPINLOCK_H
#define _LINUX_SPINLOCK_H

#include <linux/cleanup.h>
#include <linux/compiler.h>
#include <sim/lock.h>

typedef struct {
	struct sim_lock dep_map;
} spinlock_t;

typedef struct {
	struct sim_lock dep_map;
} raw_spinlock_t;

#define __sim_spin_init(l, type)                                             \
	do {                                                                 \
		static struct sim_lock_class __key;                          \
		sim_lock_init(&(l)->dep_map, &__key, #l, type, SIM_HERE);    \
	} while (0)

#define spin_lock_init(l) __sim_spin_init(l, SIM_LOCK_SPINLOCK)
/* static DEFINE_SPINLOCK(l): static storage, class "l". */
#define DEFINE_SPINLOCK(l)                                                   \
	__SIM_STATIC_LOCK(spinlock_t, l, SIM_LOCK_SPINLOCK, sim_lock_spin_ops)
#define DEFINE_RAW_SPINLOCK(l)                                               \
	__SIM_STATIC_LOCK(raw_spinlock_t, l, SIM_LOCK_RAW_SPINLOCK,          \
			  sim_lock_spin_ops)
#define raw_spin_lock_init(l) __sim_spin_init(l, SIM_LOCK_RAW_SPINLOCK)

#define spin_lock(l) sim_lock_acquire(&(l)->dep_map, SIM_HERE)
#define spin_unlock(l) sim_lock_release(&(l)->dep_map, SIM_HERE)
#define spin_lock_irqsave(l, flags)                                          \
	do {                                                                 \
		(flags) = 0;                                                 \
		sim_lock_acquire(&(l)->dep_map, SIM_HERE);                   \
	} while (0)
#define spin_unlock_irqrestore(l, flags)                                     \
	do {                                                                 \
		(void)(flags);                                               \
		sim_lock_release(&(l)->dep_map, SIM_HERE);                   \
	} while (0)

#define spin_lock_irq(l) spin_lock(l)
#define spin_unlock_irq(l) spin_unlock(l)
#define spin_trylock(l) ((int)sim_lock_try(&(l)->dep_map, SIM_HERE))

#define raw_spin_lock(l) spin_lock(l)
#define raw_spin_unlock(l) spin_unlock(l)
#define raw_spin_lock_irq(l) spin_lock(l)
#define raw_spin_unlock_irq(l) spin_unlock(l)
#define raw_spin_trylock(l) spin_trylock(l)
#define raw_spin_lock_irqsave(l, flags) spin_lock_irqsave(l, flags)
#define raw_spin_unlock_irqrestore(l, flags) spin_unlock_irqrestore(l, flags)

/* guard(spinlock_irqsave)(&l) and the like; no interrupt state is kept. */
#define __SIM_SPIN_GUARD(_name, _type)                                       \
	DEFINE_GUARD(_name, _type *, sim_lock_acquire(&_T->dep_map, _S),     \
		     sim_lock_release(&_T->dep_map, _S))
__SIM_SPIN_GUARD(spinlock, spinlock_t)
__SIM_SPIN_GUARD(spinlock_irq, spinlock_t)
__SIM_SPIN_GUARD(spinlock_irqsave, spinlock_t)
__SIM_SPIN_GUARD(raw_spinlock, raw_spinlock_t)
__SIM_SPIN_GUARD(raw_spinlock_irq, raw_spinlock_t)
__SIM_SPIN_GUARD(raw_spinlock_irqsave, raw_spinlock_t)

#endif /* _LINUX_SPINLOCK_H */
