/* SPDX-License-Identifier: MIT */
/* Declared shim: size constants. No visible operations. */
#ifndef _LINUX_SIZES_H
#define _LINUX_SIZES_H

#define SZ_4K	0x00001000
#define SZ_64K	0x00010000

#endif /* _LINUX_SIZES_H */
