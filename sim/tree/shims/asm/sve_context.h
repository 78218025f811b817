/* SPDX-License-Identifier: MIT */
/* The SVE sizes the uapi macros name (unused). */
#ifndef _ITSIM_TREE_ASM_SVE_CONTEXT_H
#define _ITSIM_TREE_ASM_SVE_CONTEXT_H
#define __SVE_VQ_BYTES 16
#define __SVE_VQ_MIN 1
#define __SVE_VQ_MAX 512
#define __SVE_NUM_ZREGS 32
#define __SVE_NUM_PREGS 16
#define __sve_vl_valid(vl) 1
#endif
