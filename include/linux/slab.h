/* SPDX-License-Identifier: MIT */
/*
 * kzalloc()/kfree(), instrumented (STYLE.md point 15): objects come from
 * the execution's arena and are visible operations; an allocation that
 * may block (GFP_KERNEL) may sleep, so the context checker judges it; a
 * freed object is
 * poisoned and kept, so a later visible access to it is a use-after-free
 * with both sites, and a second kfree() is a double free.
 */
#ifndef _LINUX_SLAB_H
#define _LINUX_SLAB_H

#include <linux/gfp.h>
#include <linux/types.h>
#include <sim/mem.h>

static inline unsigned int __sim_alloc_flags(gfp_t gfp)
{
	return (gfpflags_allow_blocking(gfp) ? SIM_ALLOC_MAY_SLEEP : 0) |
	       ((gfp & __GFP_NOFAIL) ? SIM_ALLOC_NOFAIL : 0);
}

#define kzalloc(size, gfp)                                                   \
	sim_kzalloc((size), #size, __sim_alloc_flags(gfp), SIM_HERE)
#define kmalloc(size, gfp) kzalloc(size, gfp)
#define kcalloc(n, size, gfp) kmalloc_array(n, size, gfp)
/* NULL when n * size overflows, as the kernel's. */
#define kmalloc_array(n, size, gfp)                                          \
	(__builtin_mul_overflow_p((size_t)(n), (size_t)(size), (size_t)0) ?  \
		 NULL : kzalloc((size_t)(n) * (size_t)(size), gfp))
#define kfree(ptr) sim_kfree((ptr), SIM_HERE)

#endif /* _LINUX_SLAB_H */
