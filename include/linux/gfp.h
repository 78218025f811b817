/* SPDX-License-Identifier: MIT */
/* Declared shim: allocation flags. Only "may it sleep" is modelled. */
#ifndef _LINUX_GFP_H
#define _LINUX_GFP_H

#include <linux/types.h>

#define __GFP_DIRECT_RECLAIM 0x1u
#define __GFP_ACCOUNT 0x2u
#define __GFP_NOFAIL 0x4u
#define GFP_ATOMIC 0x0u
#define GFP_NOWAIT 0x0u
#define GFP_KERNEL __GFP_DIRECT_RECLAIM
#define GFP_KERNEL_ACCOUNT (GFP_KERNEL | __GFP_ACCOUNT)

static inline bool gfpflags_allow_blocking(gfp_t gfp)
{
	return gfp & __GFP_DIRECT_RECLAIM;
}

#endif /* _LINUX_GFP_H */
