/* SPDX-License-Identifier: MIT */
/* The project's lockdep_assert_held() plus nesting subclass names. */
#ifndef _ITSIM_TREE_LINUX_LOCKDEP_H
#define _ITSIM_TREE_LINUX_LOCKDEP_H

#include_next <linux/lockdep.h>

#define SINGLE_DEPTH_NESTING 1
#define lockdep_assert_not_held(l) do { (void)(l); } while (0)
#define lockdep_is_held(l) sim_lock_held_by_current(&(l)->dep_map)

#endif /* _ITSIM_TREE_LINUX_LOCKDEP_H */
