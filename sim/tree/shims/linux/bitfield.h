/* SPDX-License-Identifier: MIT */
/* FIELD_GET/FIELD_PREP over contiguous masks. No visible operations. */
#ifndef _ITSIM_TREE_LINUX_BITFIELD_H
#define _ITSIM_TREE_LINUX_BITFIELD_H

#include <linux/bits.h>

#define __bf_shf(x) (__builtin_ffsll(x) - 1)
#define FIELD_GET(mask, reg) \
	((__typeof__(mask))(((reg) & (mask)) >> __bf_shf(mask)))
#define FIELD_PREP(mask, val) \
	((((__typeof__(mask))(val)) << __bf_shf(mask)) & (mask))
#define FIELD_MAX(mask) ((__typeof__(mask))((mask) >> __bf_shf(mask)))
#define FIELD_FIT(mask, val) \
	(!((((__typeof__(mask))(val)) << __bf_shf(mask)) & ~(mask)))

#endif /* _ITSIM_TREE_LINUX_BITFIELD_H */
