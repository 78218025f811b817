/* SPDX-License-Identifier: MIT */
/*
 * RCU read side and deferred free, instrumented.
 *
 * rcu_read_lock()/rcu_read_unlock(): visible operations that open and close
 * the caller's read-side section. kfree_rcu(): a visible operation that
 * frees the object once every actor that was inside a read-side section
 * when it was called has left it (the earliest end of a grace period, the
 * most hostile one for a reader that keeps a pointer too long).
 */
#ifndef _LINUX_RCUPDATE_H
#define _LINUX_RCUPDATE_H

#include <linux/cleanup.h>
#include <linux/compiler.h>
#include <linux/types.h>
#include <sim/lock.h>
#include <sim/mem.h>

#define rcu_read_lock() sim_rcu_read_lock(SIM_HERE)
#define rcu_read_unlock() sim_rcu_read_unlock(SIM_HERE)

/* guard(rcu)(): a read-side section to the end of the scope. */
DEFINE_GUARD_0(rcu, sim_rcu_read_lock(_S), sim_rcu_read_unlock(_S))

/* The pointer load itself is inert; the object it reaches is checked. */
#define rcu_dereference(p) (p)
#define rcu_dereference_protected(p, c) (p)
void sim_publish_check(const char *what, const char *func, int line);
/* Invisible, like the list variants: only while no other thread runs. */
#define rcu_assign_pointer(p, v)                                             \
	(sim_publish_check("rcu_assign_pointer", __func__, __LINE__),       \
	 (p) = (v))

#define kfree_rcu(ptr, rhf) sim_kfree_rcu((ptr), SIM_HERE)

/* Sleeps until every actor has left its RCU read-side section. */
#define synchronize_rcu() sim_synchronize(NULL, SIM_HERE)

#endif /* _LINUX_RCUPDATE_H */
