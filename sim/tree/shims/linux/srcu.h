/* SPDX-License-Identifier: MIT */
/* The project's instrumented SRCU plus guard(srcu). */
#ifndef _ITSIM_TREE_LINUX_SRCU_H
#define _ITSIM_TREE_LINUX_SRCU_H

#include_next <linux/srcu.h>
#include <linux/cleanup.h>

/* A read-side section to the end of the scope, as srcu_read_lock(). */
DEFINE_GUARD(srcu, struct srcu_struct *,
	     sim_lock_acquire(&_T->dep_map, _S),
	     sim_lock_release(&_T->dep_map, _S))

#endif /* _ITSIM_TREE_LINUX_SRCU_H */
