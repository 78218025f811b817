/* SPDX-License-Identifier: MIT */
/*
 * The project's instrumented spinlocks plus the forms a kernel tree also
 * uses. Lockdep nesting subclasses are not modelled: a _nested
 * acquisition is an ordinary one of the same class.
 */
#ifndef _ITSIM_TREE_LINUX_SPINLOCK_H
#define _ITSIM_TREE_LINUX_SPINLOCK_H

#include_next <linux/spinlock.h>
#include <linux/lockdep.h>

#define raw_spin_lock_nested(l, subclass) ((void)(subclass), raw_spin_lock(l))
#define _raw_spin_unlock(l) raw_spin_unlock(l)
#define spin_lock_irq(l) spin_lock(l)
#define spin_unlock_irq(l) spin_unlock(l)
#define raw_spin_lock_irq(l) raw_spin_lock(l)
#define raw_spin_unlock_irq(l) raw_spin_unlock(l)

#endif /* _ITSIM_TREE_LINUX_SPINLOCK_H */
