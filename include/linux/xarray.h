/* SPDX-License-Identifier: MIT */
/*
 * The xarray, instrumented, with the kernel's semantics where the model
 * depends on them:
 *
 * - xa_load(), xa_find(), xa_find_after(): lockless (RCU) lookups; each is
 *   one visible operation and never blocks.
 * - xa_store(), xa_erase(), xa_reserve(), xa_release(): take and release
 *   the array's xa_lock internally, all in one visible operation; the caller
 *   waits while another actor holds xa_lock. xa_erase() returns the entry
 *   it removed, or NULL if the slot was already empty. xa_store() returns
 *   the entry it displaced, NULL, or an error entry (see xa_err()).
 * - __xa_store(), __xa_erase(): the caller holds xa_lock (asserted).
 * - xa_for_each(): each step is a fresh xa_find_after() from the cursor, so
 *   entries may be erased, replaced or inserted by others between steps and
 *   an index re-populated behind the cursor is not revisited.
 *
 * Storage is a sorted array of (index, entry) pairs: inline for the first
 * XA_SIM_INLINE entries, so the small arrays of most scenarios cost no
 * allocation, then grown from the execution's scratch memory as far as
 * the kernel's would grow. A store fails only where the kernel's can: it
 * needs a new node (a new index; except index 0 of an empty array, which
 * the kernel keeps in the head) and fault injection fails the allocation
 * (<sim/fault.h>). Then it returns the -ENOMEM error entry and changes
 * nothing.
 */
#ifndef _LINUX_XARRAY_H
#define _LINUX_XARRAY_H

#include <linux/compiler.h>
#include <linux/gfp.h>
#include <linux/spinlock.h>
#include <linux/types.h>

#define XA_SIM_INLINE 32

typedef unsigned int xa_mark_t;
#define XA_PRESENT ((xa_mark_t)8U)
#define XA_MARK_0 ((xa_mark_t)0U)
#define XA_FLAGS_LOCK_IRQ 0x1u
#define XA_FLAGS_LOCK_BH 0x2u

struct xa_sim_slot {
	unsigned long index;
	void *entry;		/* NULL: reserved (xa_reserve) */
};

struct xarray {
	spinlock_t xa_lock;
	gfp_t xa_flags;
	unsigned int nr, cap;
	struct xa_sim_slot *slots;	/* inline_slots until it outgrows them */
	struct xa_sim_slot inline_slots[XA_SIM_INLINE];
};

static inline void *xa_mk_internal(unsigned long v)
{
	return (void *)((v << 2) | 2);
}

static inline bool xa_is_err(const void *entry)
{
	/* Error entries are (errno << 2) | 2 for errno in -4095..-1. */
	return ((unsigned long)entry & 3) == 2 &&
	       (long)entry >= -4095L * 4 + 2 && (long)entry < 0;
}

/* Return: 0 or a negative errno carried by an error entry. */
static inline int xa_err(void *entry)
{
	if (xa_is_err(entry))
		return (int)((long)entry >> 2);
	return 0;
}

void __sim_xa_init(struct xarray *xa, gfp_t flags,
		   struct sim_lock_class *key, const char *name,
		   const struct sim_site *site);
void *__sim_xa_load(struct xarray *xa, unsigned long index,
		    const struct sim_site *site);
void *__sim_xa_store(struct xarray *xa, unsigned long index, void *entry,
		     gfp_t gfp, bool locked, const struct sim_site *site);
void *__sim_xa_erase(struct xarray *xa, unsigned long index, bool locked,
		     const struct sim_site *site);
int __sim_xa_reserve(struct xarray *xa, unsigned long index, gfp_t gfp,
		     const struct sim_site *site);
int __sim_xa_insert(struct xarray *xa, unsigned long index, void *entry,
		    gfp_t gfp, const struct sim_site *site);
void __sim_xa_release(struct xarray *xa, unsigned long index,
		      const struct sim_site *site);
void *__sim_xa_find(struct xarray *xa, unsigned long *index,
		    unsigned long max, bool after, const struct sim_site *site);
bool __sim_xa_empty(struct xarray *xa, const struct sim_site *site);
void __sim_xa_destroy(struct xarray *xa, const struct sim_site *site);

#define xa_init_flags(xa, flags)                                             \
	do {                                                                 \
		static struct sim_lock_class __key;                          \
		__sim_xa_init((xa), (flags), &__key, #xa ".xa_lock",         \
			      SIM_HERE);                                     \
	} while (0)
#define xa_init(xa) xa_init_flags(xa, 0)

#define xa_load(xa, i) __sim_xa_load((xa), (i), SIM_HERE)
#define xa_store(xa, i, e, gfp) __sim_xa_store((xa), (i), (e), (gfp), false, SIM_HERE)
#define __xa_store(xa, i, e, gfp) __sim_xa_store((xa), (i), (e), (gfp), true, SIM_HERE)
#define xa_erase(xa, i) __sim_xa_erase((xa), (i), false, SIM_HERE)
#define __xa_erase(xa, i) __sim_xa_erase((xa), (i), true, SIM_HERE)
#define xa_reserve(xa, i, gfp) __sim_xa_reserve((xa), (i), (gfp), SIM_HERE)
#define xa_reserve_irq(xa, i, gfp) xa_reserve(xa, i, gfp)
#define xa_insert(xa, i, e, gfp) __sim_xa_insert((xa), (i), (e), (gfp), SIM_HERE)
#define xa_insert_irq(xa, i, e, gfp) xa_insert(xa, i, e, gfp)
#define xa_release(xa, i) __sim_xa_release((xa), (i), SIM_HERE)
#define xa_find(xa, ip, max, f) __sim_xa_find((xa), (ip), (max), false, SIM_HERE)
#define xa_find_after(xa, ip, max, f) __sim_xa_find((xa), (ip), (max), true, SIM_HERE)
#define xa_empty(xa) __sim_xa_empty((xa), SIM_HERE)
#define xa_destroy(xa) __sim_xa_destroy((xa), SIM_HERE)

#define xa_lock(xa) spin_lock(&(xa)->xa_lock)
#define xa_unlock(xa) spin_unlock(&(xa)->xa_lock)
#define xa_lock_irqsave(xa, flags) spin_lock_irqsave(&(xa)->xa_lock, flags)
#define xa_unlock_irqrestore(xa, flags) spin_unlock_irqrestore(&(xa)->xa_lock, flags)

#define xa_for_each_start(xa, index, entry, start)                           \
	for (index = (start),                                                \
	    entry = xa_find(xa, &index, ~0UL, XA_PRESENT);                   \
	     entry; entry = xa_find_after(xa, &index, ~0UL, XA_PRESENT))
#define xa_for_each(xa, index, entry) xa_for_each_start(xa, index, entry, 0)

#endif /* _LINUX_XARRAY_H */
