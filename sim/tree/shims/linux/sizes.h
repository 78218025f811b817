/* SPDX-License-Identifier: MIT */
/* The project's size constants plus the ones a kernel tree also uses. */
#ifndef _ITSIM_TREE_LINUX_SIZES_H
#define _ITSIM_TREE_LINUX_SIZES_H

#include_next <linux/sizes.h>

#define SZ_1K	0x00000400
#define SZ_8K	0x00002000
#define SZ_16K	0x00004000
#define SZ_32K	0x00008000
#define SZ_128K	0x00020000
#define SZ_1M	0x00100000
#define SZ_2M	0x00200000

#endif /* _ITSIM_TREE_LINUX_SIZES_H */
