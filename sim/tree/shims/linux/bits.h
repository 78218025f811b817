/* SPDX-License-Identifier: MIT */
/* The project's bit helpers plus the uapi spellings. */
#ifndef _ITSIM_TREE_LINUX_BITS_H
#define _ITSIM_TREE_LINUX_BITS_H

#include_next <linux/bits.h>

#define __GENMASK(h, l) GENMASK(h, l)
#define __GENMASK_ULL(h, l) GENMASK_ULL(h, l)

#endif /* _ITSIM_TREE_LINUX_BITS_H */
