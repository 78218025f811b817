/* SPDX-License-Identifier: MIT */
/*
 * The project's <linux/kernel.h> plus the helpers a kernel tree's vgic
 * files also use. No visible operations, except where noted.
 */
#ifndef _ITSIM_TREE_LINUX_KERNEL_H
#define _ITSIM_TREE_LINUX_KERNEL_H

#include_next <linux/kernel.h>
#include <linux/bitops.h>
#include <linux/bitfield.h>
#include <linux/err.h>
#include <linux/printk.h>
#include <linux/sizes.h>

#define BITS_PER_BYTE		8
#define typeof(x)		__typeof__(x)
#define BUILD_BUG_ON(cond)	_Static_assert(!(cond), "BUILD_BUG_ON: " #cond)
#define BUILD_BUG_ON_ZERO(e)	0
#define IS_ALIGNED(x, a)	(((x) & ((__typeof__(x))(a) - 1)) == 0)
#define ALIGN(x, a)		(((x) + ((__typeof__(x))(a) - 1)) & ~((__typeof__(x))(a) - 1))
#define ALIGN_DOWN(x, a)	((x) & ~((__typeof__(x))(a) - 1))
#define PTR_ALIGN(p, a)		((__typeof__(p))ALIGN((unsigned long)(p), (a)))
#define round_up(x, y)		((((x) - 1) | ((__typeof__(x))((y) - 1))) + 1)
#define round_down(x, y)	((x) & ~((__typeof__(x))((y) - 1)))
#define DIV_ROUND_UP(n, d)	(((n) + (d) - 1) / (d))
#define max_t(type, a, b)	max((type)(a), (type)(b))
#define clamp(v, lo, hi)	min(max(v, lo), hi)
#define swap(a, b) \
	do { __typeof__(a) __tmp = (a); (a) = (b); (b) = __tmp; } while (0)
#define U32_MAX			((u32)~0U)
#define U64_MAX			((u64)~0ULL)
#define INT_MAX			((int)(~0U >> 1))
#define UINT_MAX		(~0U)
#define ULONG_MAX		(~0UL)

/* The host is little-endian, like the guests the scenarios describe. */
#define le16_to_cpu(x)	((u16)(x))
#define le32_to_cpu(x)	((u32)(x))
#define le64_to_cpu(x)	((u64)(x))
#define cpu_to_le16(x)	((__le16)(x))
#define cpu_to_le32(x)	((__le32)(x))
#define cpu_to_le64(x)	((__le64)(x))

/* WARN() and WARN_ONCE() are <linux/bug.h>'s. */
#include <linux/bug.h>
#define WARN_RATELIMIT(cond, fmt...) WARN_ON(cond)

/* A VM the kernel would mark bugged: a warning, as WARN_ON is. */
#define KVM_BUG_ON(cond, kvm)	({ (void)(kvm); WARN_ON(cond); })
#define KVM_BUG(cond, kvm, fmt...) KVM_BUG_ON(cond, kvm)

/*
 * Memory barriers: the engine runs one actor at a time and every visible
 * operation is sequentially consistent, so barriers order nothing more.
 */
#define barrier()		__asm__ __volatile__("" ::: "memory")
#define smp_mb()		barrier()
#define smp_rmb()		barrier()
#define smp_wmb()		barrier()
#define smp_mb__before_atomic()	barrier()
#define smp_mb__after_atomic()	barrier()

/* Actors are threads that may sleep unless the engine says otherwise. */
#define preemptible()		1
#define cond_resched()		do { } while (0)

#endif /* _ITSIM_TREE_LINUX_KERNEL_H */
