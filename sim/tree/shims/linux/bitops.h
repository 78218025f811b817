/* SPDX-License-Identifier: MIT */
/*
 * Bit operations on private bitmaps (on-stack pending bits in the vgic
 * files): plain, not visible operations.
 */
#ifndef _ITSIM_TREE_LINUX_BITOPS_H
#define _ITSIM_TREE_LINUX_BITOPS_H

#include <linux/bits.h>
#include <linux/types.h>

#define BITS_PER_LONG		64
#define BITS_PER_TYPE(t)	(sizeof(t) * 8)
#define BIT_WORD(nr)		((nr) / BITS_PER_LONG)
#define BIT_MASK(nr)		(1UL << ((nr) % BITS_PER_LONG))
#define BITS_TO_LONGS(n)	(((n) + BITS_PER_LONG - 1) / BITS_PER_LONG)
#define DECLARE_BITMAP(name, bits) unsigned long name[BITS_TO_LONGS(bits)]

static inline bool test_bit(unsigned long nr, const unsigned long *addr)
{
	return (addr[BIT_WORD(nr)] >> (nr % BITS_PER_LONG)) & 1;
}

static inline void set_bit(unsigned long nr, unsigned long *addr)
{
	addr[BIT_WORD(nr)] |= BIT_MASK(nr);
}

static inline void clear_bit(unsigned long nr, unsigned long *addr)
{
	addr[BIT_WORD(nr)] &= ~BIT_MASK(nr);
}

#define __set_bit(nr, addr) set_bit(nr, addr)
#define __clear_bit(nr, addr) clear_bit(nr, addr)

static inline unsigned long sim_find_next_bit(const unsigned long *addr,
					      unsigned long size,
					      unsigned long off)
{
	for (; off < size; off++)
		if (test_bit(off, addr))
			return off;
	return size;
}

#define find_next_bit(addr, size, off) sim_find_next_bit(addr, size, off)
#define find_first_bit(addr, size) sim_find_next_bit(addr, size, 0)
#define for_each_set_bit(bit, addr, size)				\
	for ((bit) = sim_find_next_bit((const unsigned long *)(addr), (size), 0); \
	     (bit) < (size);						\
	     (bit) = sim_find_next_bit((const unsigned long *)(addr), (size), (bit) + 1))

#define hweight8(w) __builtin_popcount((unsigned int)(u8)(w))
#define hweight_long(w) __builtin_popcountl((unsigned long)(w))
#define hweight32(w) __builtin_popcount((unsigned int)(w))
#define hweight64(w) __builtin_popcountll((unsigned long long)(w))
#define fls(x) ((x) ? 32 - __builtin_clz((unsigned int)(x)) : 0)
#define __fls(x) (63 - __builtin_clzl((unsigned long)(x)))
#define __ffs(x) ((unsigned long)__builtin_ctzl((unsigned long)(x)))
#define ffs(x) __builtin_ffs(x)
#define ilog2(n) (63 - __builtin_clzll((unsigned long long)(n)))
#define is_power_of_2(n) ((n) != 0 && (((n) & ((n) - 1)) == 0))

#endif /* _ITSIM_TREE_LINUX_BITOPS_H */
