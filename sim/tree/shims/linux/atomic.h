/* SPDX-License-Identifier: MIT */
/*
 * The project's instrumented atomic_t plus cmpxchg64() on a plain u64
 * (GICR_PROPBASER/PENDBASER updates): one visible write of the location,
 * then the exchange, so another actor cannot come between the compare
 * and the store.
 */
#ifndef _ITSIM_TREE_LINUX_ATOMIC_H
#define _ITSIM_TREE_LINUX_ATOMIC_H

#include_next <linux/atomic.h>

#define cmpxchg64(ptr, old, new)					\
	({								\
		__typeof__(*(ptr)) __o = (old);				\
		__sim_write_once((ptr), SIM_HERE);			\
		__atomic_compare_exchange_n((ptr), &__o, (new), false,	\
					    __ATOMIC_SEQ_CST,		\
					    __ATOMIC_SEQ_CST);		\
		__o;							\
	})
#define cmpxchg_relaxed(ptr, old, new) cmpxchg64(ptr, old, new)

#endif /* _ITSIM_TREE_LINUX_ATOMIC_H */
