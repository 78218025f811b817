/* SPDX-License-Identifier: MIT */
/*
 * The project's <linux/types.h> plus the types a kernel tree's headers
 * take for granted (uapi __u64 and friends, endian-annotated types,
 * loff_t, cpumask_t). No visible operations.
 */
#ifndef _ITSIM_TREE_LINUX_TYPES_H
#define _ITSIM_TREE_LINUX_TYPES_H

#include_next <linux/types.h>

typedef uint8_t __u8;
typedef uint16_t __u16;
typedef uint32_t __u32;
typedef uint64_t __u64;
typedef int8_t __s8;
typedef int16_t __s16;
typedef int32_t __s32;
typedef int64_t __s64;
typedef __u16 __le16;
typedef __u32 __le32;
typedef __u64 __le64;
typedef __u16 __be16;
typedef __u32 __be32;
typedef __u64 __be64;
typedef long long __kernel_loff_t;
/* glibc has loff_t too (<sys/types.h>, _GNU_SOURCE): the same type. */
typedef long long loff_t;
typedef unsigned long irq_hw_number_t;
typedef u64 gfn_t;
typedef u64 hpa_t;
typedef u64 hfn_t;
typedef u64 kvm_pfn_t;
typedef unsigned long gva_t;
typedef unsigned long uintptr_t_kernel;
typedef long long ktime_t;
typedef unsigned short umode_t;
typedef struct { unsigned long bits[1]; } cpumask_t;
typedef int irqreturn_t;
typedef unsigned long pgprot_t;

#define __aligned_u64 __u64 __attribute__((aligned(8)))

#endif /* _ITSIM_TREE_LINUX_TYPES_H */
