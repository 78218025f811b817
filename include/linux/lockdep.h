/* SPDX-License-Identifier: MIT */
/*
 * lockdep_assert_held(): checked at once against the calling actor; a
 * failure is an assert-held finding. Works for every lock shim, since each
 * embeds its state as dep_map, as the kernel's do.
 */
#ifndef _LINUX_LOCKDEP_H
#define _LINUX_LOCKDEP_H

#include <sim/lock.h>

#define lockdep_assert_held(l)                                               \
	sim_lock_assert_held(&(l)->dep_map, #l, SIM_HERE)

#endif /* _LINUX_LOCKDEP_H */
