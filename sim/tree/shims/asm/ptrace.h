/* SPDX-License-Identifier: MIT */
/* The uapi register layouts asm/kvm.h embeds. */
#ifndef _ITSIM_TREE_ASM_PTRACE_H
#define _ITSIM_TREE_ASM_PTRACE_H
#include <linux/types.h>
struct user_pt_regs { __u64 regs[31]; __u64 sp; __u64 pc; __u64 pstate; };
struct user_fpsimd_state { __uint128_t vregs[32]; __u32 fpsr; __u32 fpcr; __u32 __reserved[2]; };
#endif
