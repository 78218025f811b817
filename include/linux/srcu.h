/* SPDX-License-Identifier: MIT */
/*
 * Sleepable RCU, instrumented. The read side is a shared lock of the
 * srcu_struct's class ("&kvm->srcu"): entering it never blocks and any
 * number of actors may be inside, but it is held for the lock-order
 * checker, so acquiring a lock that must come before it (locking.rst:
 * kvm->lock, vcpu->mutex, slots_lock) inside it is a lock-order finding.
 *
 * srcu_read_lock(): visible. Return: an index for srcu_read_unlock().
 * srcu_read_unlock(): visible.
 * synchronize_srcu(): visible, sleeps; waits until no actor is inside a
 *   read-side section of this srcu_struct.
 */
#ifndef _LINUX_SRCU_H
#define _LINUX_SRCU_H

#include <linux/compiler.h>
#include <sim/lock.h>

struct srcu_struct {
	struct sim_lock dep_map;
};

#define init_srcu_struct(ssp)                                                \
	({                                                                   \
		static struct sim_lock_class __key;                          \
		sim_lock_init(&(ssp)->dep_map, &__key, #ssp, SIM_LOCK_SRCU,  \
			      SIM_HERE);                                     \
		0;                                                           \
	})
#define cleanup_srcu_struct(ssp) do { (void)(ssp); } while (0)

#define srcu_read_lock(ssp) (sim_lock_acquire(&(ssp)->dep_map, SIM_HERE), 0)
#define srcu_read_unlock(ssp, idx)                                           \
	do {                                                                 \
		(void)(idx);                                                 \
		sim_lock_release(&(ssp)->dep_map, SIM_HERE);                 \
	} while (0)
#define synchronize_srcu(ssp) sim_synchronize(&(ssp)->dep_map, SIM_HERE)

#endif /* _LINUX_SRCU_H */
